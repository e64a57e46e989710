"""Stage 1, loading: YAML 1.2 and JSON files, `$ref`s between files, and errors with locations."""

from __future__ import annotations

import importlib
import json
import math
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from openapi_dataclasses import ir, loading
from openapi_dataclasses.building import build_api
from openapi_dataclasses.checking import check_spec
from openapi_dataclasses.errors import GeneratorError
from openapi_dataclasses.loading import load_spec
from openapi_dataclasses.yaml12 import Yaml12Loader, load_yaml, load_yaml_tree

MINIMAL = """\
openapi: 3.1.0
info: {title: T, version: '1'}
paths: {}
"""


# -- YAML 1.2 plain scalars ---------------------------------------------------------------------


def test_yaml_11_booleans_are_plain_strings() -> None:
    data = load_yaml("a: no\nb: yes\nc: on\nd: off\ne: Yes\nf: N\ng: y\n")

    assert data == {"a": "no", "b": "yes", "c": "on", "d": "off", "e": "Yes", "f": "N", "g": "y"}


def test_equals_sign_is_a_plain_string() -> None:
    assert load_yaml("operator: =\n") == {"operator": "="}


def test_unquoted_dates_and_timestamps_stay_strings() -> None:
    data = load_yaml("date: 2021-09-12\nat: 2021-09-12T10:12:42Z\nspaced: 2021-09-12 10:12:42\n")

    assert data == {
        "date": "2021-09-12",
        "at": "2021-09-12T10:12:42Z",
        "spaced": "2021-09-12 10:12:42",
    }


def test_leading_zero_integer_is_decimal_not_octal() -> None:
    assert load_yaml("mode: 0777\n") == {"mode": 777}


def test_0o_prefix_is_octal_and_0x_is_hexadecimal() -> None:
    assert load_yaml("octal: 0o17\nhex: 0x1F\n") == {"octal": 15, "hex": 31}


def test_underscored_digits_and_sexagesimal_are_strings() -> None:
    assert load_yaml("a: 1_000\nb: 1:30\n") == {"a": "1_000", "b": "1:30"}


def test_core_schema_booleans_nulls_and_signed_integers() -> None:
    data = load_yaml("t: true\nT: TRUE\nf: False\nn: null\ntilde: ~\nempty:\nneg: -12\npos: +12\n")

    assert data == {
        "t": True,
        "T": True,
        "f": False,
        "n": None,
        "tilde": None,
        "empty": None,
        "neg": -12,
        "pos": 12,
    }


def test_core_schema_floats() -> None:
    data = load_yaml("a: 1e3\nb: .5\nc: -2.5E-1\nd: .inf\ne: -.Inf\nf: .nan\n")

    assert data["a"] == 1000.0 and isinstance(data["a"], float)
    assert data["b"] == 0.5
    assert data["c"] == -0.25
    assert data["d"] == math.inf
    assert data["e"] == -math.inf
    assert math.isnan(data["f"])


def test_merge_key_still_merges_mappings() -> None:
    data = load_yaml("base: &b {k: 1}\nmerged:\n  <<: *b\n  z: 2\n")

    assert data["merged"] == {"k": 1, "z": 2}


def test_double_less_than_as_a_value_is_a_plain_string() -> None:
    # In YAML 1.2 `<<` is only special as a mapping key (and only by convention); an enum of
    # operators must load as strings.
    assert load_yaml("operators: [<<, '>>', <=]\n") == {"operators": ["<<", ">>", "<="]}


# -- files, errors and locations --------------------------------------------------------------


def test_loads_yaml_file_with_yaml_12_semantics(write_spec: Callable[..., Path]) -> None:
    spec = load_spec(write_spec(MINIMAL + "x-flags: [no, on, 0777]\n"))

    assert spec.root == "spec.yaml"
    assert spec.data["x-flags"] == ["no", "on", 777]
    assert spec.data["info"]["version"] == "1"


def test_duplicate_key_is_an_error_with_the_line_of_the_repeat(
    write_spec: Callable[..., Path],
) -> None:
    path = write_spec(
        MINIMAL
        + "components:\n"  # line 4
        + "  schemas:\n"
        + "    Pet: {type: object}\n"
        + "    Pet: {type: string}\n"  # line 7
    )

    with pytest.raises(GeneratorError) as caught:
        load_spec(path)

    assert "duplicate key 'Pet'" in caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.file == "spec.yaml"
    assert caught.value.location.line == 7


def test_invalid_yaml_has_line_and_column(write_spec: Callable[..., Path]) -> None:
    path = write_spec("openapi: 3.1.0\ninfo:\n  title: [a, b\n  version: '1'\npaths: {}\n")

    with pytest.raises(GeneratorError) as caught:
        load_spec(path)

    location = caught.value.location
    assert caught.value.message.startswith("invalid YAML")
    assert location is not None
    # The parser notices the unclosed flow sequence at the `:` of the next key.
    assert (location.file, location.line, location.column) == ("spec.yaml", 4, 10)
    assert caught.value.describe().startswith("spec.yaml:4:10: invalid YAML")


def test_bad_indentation_reports_the_offending_line(write_spec: Callable[..., Path]) -> None:
    path = write_spec("openapi: 3.1.0\ninfo:\n  title: T\n version: '1'\n")

    with pytest.raises(GeneratorError) as caught:
        load_spec(path)

    assert caught.value.location is not None
    assert caught.value.location.line == 4


def test_loads_json_file(write_spec: Callable[..., Path]) -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Pet": {"type": "object"}}},
    }
    path = write_spec(json.dumps(document, indent=2), "spec.json")

    assert load_spec(path).data == document


def test_json_file_with_yaml_looking_values_keeps_them(write_spec: Callable[..., Path]) -> None:
    path = write_spec('{"a": "no", "b": 0.5, "c": "2021-09-12"}', "spec.json")

    assert load_spec(path).data == {"a": "no", "b": 0.5, "c": "2021-09-12"}


def test_invalid_json_has_line_and_column(write_spec: Callable[..., Path]) -> None:
    path = write_spec('{\n  "openapi": "3.1.0",\n  "info": }\n', "spec.json")

    with pytest.raises(GeneratorError) as caught:
        load_spec(path)

    location = caught.value.location
    assert caught.value.message.startswith("invalid JSON")
    assert location is not None
    assert (location.file, location.line, location.column) == ("spec.json", 3, 11)


def test_duplicate_key_in_json_is_an_error_with_its_line(write_spec: Callable[..., Path]) -> None:
    path = write_spec('{\n  "openapi": "3.1.0",\n  "openapi": "3.0.0"\n}\n', "spec.json")

    with pytest.raises(GeneratorError) as caught:
        load_spec(path)

    assert "duplicate key 'openapi'" in caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.line == 3


def test_ref_across_files_resolves_against_the_referencing_file(
    write_spec: Callable[..., Path],
) -> None:
    root = write_spec(
        MINIMAL
        + "components:\n"
        + "  schemas:\n"
        + "    Owner:\n"
        + "      type: object\n"
        + "      properties:\n"
        + "        pet: {$ref: 'schemas/pet.yaml#/Pet'}\n"
    )
    # `common/tag.yaml` is relative to schemas/pet.yaml, not to the root file.
    write_spec(
        "Pet:\n  type: object\n  properties:\n    tag: {$ref: 'common/tag.yaml#/Tag'}\n",
        "schemas/pet.yaml",
    )
    write_spec("Tag: {type: string, maxLength: 9}\n", "schemas/common/tag.yaml")

    spec = load_spec(root)
    tag = spec.resolve("common/tag.yaml#/Tag", "schemas/pet.yaml")

    assert sorted(spec.documents) == ["schemas/common/tag.yaml", "schemas/pet.yaml", "spec.yaml"]
    assert (tag.document, tag.pointer) == ("schemas/common/tag.yaml", "/Tag")
    assert tag.node == {"type": "string", "maxLength": 9}


def test_an_entry_file_reached_by_a_symlink_of_another_name_is_read_where_it_is(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    """Its `$ref`s are relative to the file itself, not to the link (`api.yaml -> ../vendor/...`)."""
    target = write_spec(
        MINIMAL + "components:\n  schemas:\n    Owner: {$ref: 'schemas/pet.yaml#/Pet'}\n",
        "vendor/openapi.yaml",
    )
    write_spec("Pet: {type: string}\n", "vendor/schemas/pet.yaml")
    project = tmp_path / "project"  # where the link is, the file it leads to outside it
    link = project / "api.yaml"
    project.mkdir()
    try:
        link.symlink_to(Path("..") / target)
    except OSError as error:  # Windows without the right to make symlinks
        pytest.skip(f"cannot make a symlink here: {error}")

    spec = load_spec(link, project)

    assert sorted(spec.documents) == ["openapi.yaml", "schemas/pet.yaml"]
    assert spec.resolve("#/components/schemas/Owner", spec.root).node == {"type": "string"}


def test_a_dangling_symlink_is_named_as_the_user_gave_it(tmp_path: Path) -> None:
    link = tmp_path / "api.yaml"
    try:
        link.symlink_to(tmp_path / "nowhere" / "spec.yaml")
    except OSError as error:  # Windows without the right to make symlinks
        pytest.skip(f"cannot make a symlink here: {error}")

    with pytest.raises(GeneratorError, match="file not found") as raised:
        load_spec(link, tmp_path)

    assert raised.value.location is not None
    assert raised.value.location.file == "api.yaml"


def test_ref_with_parent_directory_segments(write_spec: Callable[..., Path]) -> None:
    root = write_spec(
        MINIMAL + "components:\n  schemas:\n    A: {$ref: 'schemas/a.yaml#/A'}\n", "api/spec.yaml"
    )
    write_spec("A:\n  $ref: '../../shared/b.yaml#/B'\n", "api/schemas/a.yaml")
    write_spec("B: {type: integer}\n", "shared/b.yaml")

    spec = load_spec(root)

    assert sorted(spec.documents) == ["api/schemas/a.yaml", "api/spec.yaml", "shared/b.yaml"]
    assert spec.resolve("#/components/schemas/A", "api/spec.yaml").node == {"type": "integer"}


def test_ref_to_a_file_that_does_not_exist_names_it(write_spec: Callable[..., Path]) -> None:
    path = write_spec(
        MINIMAL + "components:\n  schemas:\n    A: {$ref: 'schemas/missing.yaml#/A'}\n"
    )

    with pytest.raises(GeneratorError) as caught:
        check_spec(load_spec(path))

    assert "schemas/missing.yaml" in caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.file == "spec.yaml"
    assert caught.value.location.line == 6


@pytest.mark.parametrize(
    "ref",
    ["https://example.com/schemas.yaml#/Pet", "//example.com/schemas.yaml#/Pet"],
)
def test_remote_ref_is_an_error(write_spec: Callable[..., Path], ref: str) -> None:
    path = write_spec(MINIMAL + f"components:\n  schemas:\n    A: {{$ref: '{ref}'}}\n")

    with pytest.raises(GeneratorError) as caught:
        check_spec(load_spec(path))

    assert "remote $ref" in caught.value.message
    assert ref in caught.value.message


def test_ref_pointing_at_nothing_is_an_error(write_spec: Callable[..., Path]) -> None:
    spec = load_spec(write_spec(MINIMAL + "components:\n  schemas:\n    A: {type: string}\n"))

    with pytest.raises(GeneratorError, match="points at nothing"):
        spec.resolve("#/components/schemas/B", "spec.yaml")


def test_ref_cycle_is_an_error(write_spec: Callable[..., Path]) -> None:
    spec = load_spec(
        write_spec(
            MINIMAL
            + "components:\n  schemas:\n"
            + "    A: {$ref: '#/components/schemas/B'}\n"
            + "    B: {$ref: '#/components/schemas/A'}\n"
        )
    )

    with pytest.raises(GeneratorError, match="cycle"):
        spec.resolve("#/components/schemas/A", "spec.yaml")


def test_missing_root_file_is_an_error(write_spec: Callable[..., Path]) -> None:
    write_spec(MINIMAL)  # only to work in tmp_path

    with pytest.raises(GeneratorError) as caught:
        load_spec(Path("absent.yaml"))

    assert caught.value.message == "file not found"
    assert caught.value.location is not None
    assert caught.value.location.file == "absent.yaml"


def test_directory_instead_of_file_is_an_error(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    write_spec(MINIMAL)
    (tmp_path / "folder.yaml").mkdir()

    with pytest.raises(GeneratorError, match="directory"):
        load_spec(Path("folder.yaml"))


def test_non_utf8_file_is_an_error(write_spec: Callable[..., Path], tmp_path: Path) -> None:
    write_spec(MINIMAL)
    (tmp_path / "latin1.yaml").write_bytes("info: {title: Caf\xe9}\n".encode("latin-1"))

    with pytest.raises(GeneratorError, match="not UTF-8"):
        load_spec(Path("latin1.yaml"))


# -- discriminator mappings: references like any $ref, or the names of component schemas --------

PET_UNION = """\
oneOf: [{$ref: 'cat.yaml'}, {$ref: '../spec.yaml#/components/schemas/Dog'}]
discriminator:
  propertyName: kind
  mapping: {cat: cat.yaml, dog: '../spec.yaml#/components/schemas/Dog', lynx: 'wild/lynx.yaml#/Lynx'}
"""


def test_a_file_only_a_discriminator_mapping_names_is_loaded(
    write_spec: Callable[..., Path],
) -> None:
    """`wild/lynx.yaml` is named by the mapping alone, by no `$ref`: it is read all the same."""
    root = write_spec(
        MINIMAL
        + "components:\n  schemas:\n"
        + "    Pet: {$ref: 'models/pet.yaml'}\n"
        + "    Dog: {type: object, properties: {kind: {type: string}}}\n"
    )
    write_spec(PET_UNION, "models/pet.yaml")
    write_spec("type: object\nproperties: {kind: {type: string}}\n", "models/cat.yaml")
    write_spec(
        "Lynx: {type: object, properties: {kind: {type: string}}}\n", "models/wild/lynx.yaml"
    )

    spec = load_spec(root)
    api = build_api(check_spec(spec).spec, "pkg").api

    assert sorted(spec.documents) == [
        "models/cat.yaml",
        "models/pet.yaml",
        "models/wild/lynx.yaml",
        "spec.yaml",
    ]
    [pet] = [alias.target for alias in api.aliases if alias.name == "Pet"]
    assert isinstance(pet, ir.UnionOf)
    # the options' own names too, where they have one (a file that is one schema has none)
    assert dict(pet.mapping) == {"cat": "PetOption1", "dog": "Dog", "lynx": "Lynx", "Dog": "Dog"}


def test_the_scan_finds_mapping_values_where_they_stand_but_not_a_property_so_named() -> None:
    data = load_yaml(
        "components:\n"
        "  schemas:\n"
        "    Pet:\n"
        "      properties:\n"
        "        discriminator: {type: object, discriminator: {mapping: {x: X}}}\n"
        "      discriminator: {mapping: {a/b: A, c: c.yaml}, defaultMapping: D}\n"
    )

    found = loading.scan(data).mappings

    assert found == (
        ("A", "/components/schemas/Pet/discriminator/mapping/a~1b"),
        ("c.yaml", "/components/schemas/Pet/discriminator/mapping/c"),
        ("D", "/components/schemas/Pet/discriminator/defaultMapping"),
        ("X", "/components/schemas/Pet/properties/discriminator/discriminator/mapping/x"),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Cat", ("#/components/schemas/Cat", "models/pets.yaml")),  # its own file's first
        ("Dog", ("#/components/schemas/Dog", "spec.yaml")),  # then the entry's
        ("Cat.yaml", ("Cat.yaml", "models/pets.yaml")),  # the name of a file: a reference
        ("./Cat", ("./Cat", "models/pets.yaml")),
        ("#/components/schemas/Cat", ("#/components/schemas/Cat", "models/pets.yaml")),
    ],
)
def test_a_plain_mapping_name_is_a_component_of_the_discriminator_s_file_then_the_entry_s(
    write_spec: Callable[..., Path], value: str, expected: tuple[str, str]
) -> None:
    root = write_spec(
        MINIMAL
        + "components:\n  schemas:\n"
        + "    Pet: {$ref: 'models/pets.yaml#/components/schemas/Pet'}\n"
        + "    Cat: {type: string}\n"
        + "    Dog: {type: object}\n"
    )
    write_spec(
        "components:\n  schemas:\n    Pet: {type: object}\n    Cat: {type: object}\n",
        "models/pets.yaml",
    )

    assert load_spec(root).discriminator_ref(value, "models/pets.yaml") == expected


def test_a_plain_mapping_name_in_another_file_selects_that_file_s_schema(
    write_spec: Callable[..., Path], generate_package: Callable[[str, str], ModuleType]
) -> None:
    """`cat: Cat` in `models/pets.yaml` is that file's `Cat`, not a file called `Cat`."""
    write_spec(
        "components:\n"
        "  schemas:\n"
        "    Pet:\n"
        "      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]\n"
        "      discriminator: {propertyName: kind, mapping: {cat: Cat, dog: Dog}}\n"
        "    Cat:\n"
        "      type: object\n"
        "      properties: {kind: {type: string}, purrs: {type: boolean}}\n"
        "    Dog:\n"
        "      type: object\n"
        "      properties: {kind: {type: string}, barks: {type: boolean}}\n",
        "models/pets.yaml",
    )
    package = generate_package(
        MINIMAL
        + "components:\n  schemas:\n"
        + "    Pet: {$ref: 'models/pets.yaml#/components/schemas/Pet'}\n",
        "named",
    )

    adapter = importlib.import_module(f"{package.__name__}.pet").adapter
    assert type(adapter.from_data({"kind": "cat", "purrs": True})).__name__ == "Cat"
    assert type(adapter.from_data({"kind": "dog", "barks": True})).__name__ == "Dog"


def test_a_plain_mapping_name_no_components_have_is_an_error_naming_both_places(
    write_spec: Callable[..., Path],
) -> None:
    root = write_spec(
        MINIMAL
        + "components:\n  schemas:\n    Pet: {$ref: 'models/pet.yaml'}\n"
        + "    Dog: {type: object, properties: {kind: {type: string}}}\n"
    )
    write_spec(
        "oneOf: [{$ref: '../spec.yaml#/components/schemas/Dog'}]\n"
        "discriminator: {propertyName: kind, mapping: {dog: Dog, cat: Cat}}\n",
        "models/pet.yaml",
    )

    with pytest.raises(GeneratorError) as caught:
        check_spec(load_spec(root))

    assert caught.value.describe() == (
        "models/pet.yaml:2:62 at #/discriminator/mapping/cat: discriminator mapping 'Cat' names "
        "no schema: there is no components.schemas.Cat in models/pet.yaml nor spec.yaml (a "
        "mapping value is a schema's name or a $ref such as '#/components/schemas/Cat' or "
        "'cat.yaml')"
    )


# -- The quick value builder builds what PyYAML's constructor builds -----------------------------

DOCUMENTS = [
    MINIMAL,
    "a: &x {b: 1, c: [1, 2.5, null, true]}\nd: *x\n",
    "base: &base {b: 1}\nderived: {<<: *base, c: 2}\nlist: [{<<: [*base], d: 3}]\n",
    "a: &x [1, *x]\n",  # a list that contains itself
    "g: !!str 5\nh: 0o17\ni: 0x1F\nj: .inf\nk: -.Inf\nl: ~\nm: ''\n",
    "? [1, 2]\n: complex key\n",
    "set: !!set {a, b}\nomap: !!omap [{a: 1}, {b: 2}]\nbinary: !!binary aGk=\n",
    "1: int key\n'1x': str key\nnull: null key\n",
    "? !!set {a: null}\n: an unhashable key\n",
    "- - - deep\n- [a, {b: [c]}]\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_value_builder_agrees_with_pyyaml(text: str) -> None:
    import yaml

    from openapi_dataclasses.yaml12 import Yaml12Loader

    try:
        expected = yaml.load(text, Loader=Yaml12Loader)
    except yaml.YAMLError as error:
        with pytest.raises(type(error)):
            load_yaml(text)
        return

    assert repr(load_yaml(text)) == repr(expected)


def test_the_value_builder_agrees_with_pyyaml_on_the_whole_corpus() -> None:
    import yaml
    from conftest import shared_path

    from openapi_dataclasses.yaml12 import Yaml12Loader

    text = shared_path("corpus/talon-one-25.17.openapi.yaml").read_text(encoding="utf-8")

    assert load_yaml(text) == yaml.load(text, Loader=Yaml12Loader)


# -- the size check: only where aliases can make a document larger than its text -----------------


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a: [1, {b: c}]\nd: 2\n", True),
        ("a: &x [1]\nb: *x\n", False),  # the list is reached twice
        ("a: &x {b: 1}\nc: {<<: *x, d: 2}\n", False),  # a merge key: PyYAML follows the alias
        ("a: &x text\nb: *x\n", True),  # a string reached twice adds one node, as its text would
        ("", True),
    ],
)
def test_a_document_without_shared_values_is_read_as_a_tree(text: str, tree: bool) -> None:
    assert load_yaml_tree(text)[1] is tree


def test_only_documents_with_aliases_have_their_size_walked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked: list[str] = []
    monkeypatch.setattr(loading, "check_size", lambda data, name: walked.append(name))
    for name, text in [
        ("tree.yaml", MINIMAL + "x-a: &a [1]\n"),
        ("tree.json", json.dumps({"openapi": "3.1.0", "info": {}, "paths": {}})),
        ("aliased.yaml", MINIMAL + "x-a: &a [1]\nx-b: *a\n"),
    ]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        load_spec(tmp_path / name, tmp_path)
    assert walked == ["aliased.yaml"]


@settings(max_examples=300)
@given(
    st.one_of(
        st.text(st.sampled_from("0123456789.+-eExobtrufalsnNTF~<_ ")),
        st.sampled_from(["", "~", "null", "true", "0o17", "0x1F", ".inf", "-.Inf", ".NaN", "<<"]),
    ),
    st.booleans(),
)
def test_the_quicker_resolve_answers_as_pyyaml_s_own(value: str, plain: bool) -> None:
    loader = Yaml12Loader("")
    try:
        for kind, text in [(yaml.ScalarNode, value), (yaml.SequenceNode, None)]:
            implicit = (plain, not plain)
            expected = yaml.resolver.BaseResolver.resolve(loader, kind, text, implicit)
            assert loader.resolve(kind, text, implicit) == expected
        assert loader.resolve(yaml.MappingNode, None, (False, False)) == "tag:yaml.org,2002:map"
    finally:
        loader.dispose()
