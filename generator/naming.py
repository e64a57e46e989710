"""Python names from wire names: safe identifiers, safe file names, no collisions."""

from __future__ import annotations

import builtins
import functools
import hashlib
import keyword
import re
import unicodedata

# Attribute names the generated runtime uses on every model.
RESERVED_ATTRIBUTES = frozenset(
    {
        "from_dict",
        "to_dict",
        "from_json",
        "to_json",
        "extra_properties",
        "validate",
        "copy",
        "replace",
        "rt",  # the runtime module, used in every class body
        # Names annotations use: an attribute of the same name would shadow them in the class
        # body, for type checkers and for `typing.get_type_hints` alike.
        "bool",
        "datetime",
        "dict",
        "float",
        "int",
        "list",
        "str",
        "warnings",
    }
)
# Class names that would shadow what generated modules import or define.
RESERVED_CLASSES = frozenset(
    {"Any", "ClassVar", "TYPE_CHECKING", "Enum", "ValidationError", "Unset", "UNSET", "Model"}
    | {name for name in dir(builtins) if name[:1].isupper()}
)
RESERVED_MODULES = frozenset({"_runtime", "__init__", "__main__"})


def package_path(package: str) -> str:
    """The folder of a package below the output folder: `shop.api.talon` is `shop/api/talon`."""
    return package.replace(".", "/")


# A word starts at a capital after a small letter or digit (`catalog|Item`), and at the last
# capital of an acronym when small letters follow it (`HTTP|Server`), unless they are a plural's
# lone `s` (`IDs`, `URLs`: one word each, as a person writes `integration_ids`).
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])(?![A-Z]s(?![a-z]))")
_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")


# Letters that do not decompose into an ASCII letter and an accent.
_TRANSLITERATIONS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L"}
)


def ascii_words(text: str) -> list[str]:
    """Words of `text` after folding accents away: `catalogItemID` gives catalog, Item, ID."""
    folded = text
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATIONS))
        folded = decomposed.encode("ascii", "ignore").decode("ascii")
    words: list[str] = []
    for chunk in _NON_ALNUM.split(folded):
        words.extend(word for word in _WORD_BOUNDARY.split(chunk) if word)
    return words


# Memoised: a description names the same few thousand words over and over (asana: 18,655 names
# of 2,408 different texts, 35 ms of its build).
@functools.lru_cache(maxsize=1 << 16)
def snake_case(text: str) -> str:
    return "_".join(word.lower() for word in ascii_words(text))


@functools.lru_cache(maxsize=1 << 16)
def pascal_case(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in ascii_words(text))


def safe_identifier(name: str, fallback: str, digit_prefix: str, reserved: frozenset[str]) -> str:
    """`name` made a usable identifier: never empty, no leading digit, no keyword or reserved name."""
    name = name or fallback
    if name[0].isdigit():
        name = digit_prefix + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved:
        name += "_"
    return name


def attribute_name(wire_name: str) -> str:
    """A valid, non-keyword, non-reserved snake_case identifier for a property."""
    return safe_identifier(snake_case(wire_name), "field", "field_", RESERVED_ATTRIBUTES)


def class_name(wire_name: str) -> str:
    return safe_identifier(bounded(pascal_case(wire_name)), "Schema", "Schema", RESERVED_CLASSES)


def module_name(class_name_: str) -> str:
    return safe_identifier(bounded(snake_case(class_name_)), "schema", "m_", RESERVED_MODULES)


# The longest class or module name. Inline schemas are named after their operation's path, which
# can run to hundreds of characters (Microsoft Graph's); file systems take 255 bytes a name.
MAX_NAME_LENGTH = 150


def bounded(name: str) -> str:
    """`name`, or when it is longer than MAX_NAME_LENGTH, its start and its end (where the role
    is: `Response200`, `Item`) about a digest of the whole: two long names stay two names, and
    a name comes out the same on every machine."""
    if len(name) <= MAX_NAME_LENGTH:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    end = MAX_NAME_LENGTH // 3
    start = MAX_NAME_LENGTH - end - len(digest) - 2
    return f"{name[:start]}_{digest}_{name[-end:]}"


def enum_member_name(value: object) -> str:
    """UPPER_SNAKE_CASE from an enum value: `partially_returned` gives PARTIALLY_RETURNED."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        text = str(value).replace("-", "minus_").replace(".", "_")
        return f"VALUE_{snake_case(text).upper()}"
    name = snake_case(str(value)).upper()
    if not name:
        return "EMPTY"
    if name[0].isdigit():
        name = f"VALUE_{name}"
    return name


class NameRegistry:
    """Hands out unique names, comparing case-insensitively (file systems may fold case)."""

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        self._taken = {name.casefold() for name in taken}
        # The next number to try after each name: names are never given back, so the numbers
        # tried before stay taken, and the k-th claim of one name costs one step, not k.
        self._next_number: dict[tuple[str, str], int] = {}

    def claim(self, wanted: str, *, separator: str = "") -> str:
        name = wanted
        if wanted.endswith(separator):
            separator = ""
        counter = self._next_number.get((wanted, separator), 2)
        while name.casefold() in self._taken:
            name = f"{wanted}{separator}{counter}"
            counter += 1
        self._next_number[(wanted, separator)] = counter
        self._taken.add(name.casefold())
        return name
