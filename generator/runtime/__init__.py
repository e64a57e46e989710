"""Conversion and validation shared by the generated models of this package.

Generated modules use it as `rt.X`. Its parts, one module each:

- `errors`: `ValidationError`, and the paths and words of what it says;
- `formats`: the string formats checked on input, each with its test and a sample;
- `checks`: each JSON Schema keyword that checks a value, defined once (`MinLength`, ...);
- `keywords`: what a type cannot say (`not`, `if`, `unevaluatedProperties`, ...), kept as data
  (`Keywords`) and checked on the JSON value by an evaluator compiled on first use (`Checked`);
- `codecs`: a codec per kind of value, which decodes a JSON value (validating it) and encodes
  it back (`Str`, `Int`, `DateTime`, `Enum`, `List`, `Nested`, `Union`, ...), with what they
  need: the reading of RFC 3339 date-times, open enums (`OpenEnum`), the models by name;
- `models`: `Model`, and what a generated module declares its classes with (`model`, `field`);
- `compiled`: the conversion code written for each model class on its first conversion.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .codecs import (
    Adapter,
    Bool,
    Bounded,
    Codec,
    Const,
    Date,
    DateTime,
    Enum,
    Float,
    Int,
    Json,
    List,
    Map,
    Nested,
    Nullable,
    OpenEnum,
    Str,
    Union,
    check_size,
    is_known,
    model_named,
    read_date_time,
    set_strict_enums,
    set_strict_one_of,
)
from .errors import ValidationError, child_path, describe, parse_json
from .models import (
    UNSET,
    Model,
    Prop,
    Unset,
    extras,
    field,
    import_later,
    model,
    register_cattrs_hooks,
    spec_defaults,
    tagged_subtype,
)

if TYPE_CHECKING:
    from .files import Binary, File, FileContent
    from .keywords import Checked, Keywords

# Loaded when a generated module first names one: most packages use neither file bodies nor
# keywords a type cannot say, and their two modules took 0.7 ms of every import.
_LATER = {
    "Binary": "files",
    "File": "files",
    "FileContent": "files",
    "Checked": "keywords",
    "Keywords": "keywords",
}


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    found = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = found
    return found


__all__ = [
    "UNSET",
    "Adapter",
    "Binary",
    "Bool",
    "Bounded",
    "Checked",
    "Codec",
    "Const",
    "Date",
    "DateTime",
    "Enum",
    "File",
    "FileContent",
    "Float",
    "Int",
    "Json",
    "Keywords",
    "List",
    "Map",
    "Model",
    "Nested",
    "Nullable",
    "OpenEnum",
    "Prop",
    "Str",
    "Union",
    "Unset",
    "ValidationError",
    "check_size",
    "child_path",
    "describe",
    "extras",
    "field",
    "import_later",
    "is_known",
    "model",
    "model_named",
    "parse_json",
    "read_date_time",
    "register_cattrs_hooks",
    "set_strict_enums",
    "set_strict_one_of",
    "spec_defaults",
    "tagged_subtype",
]
