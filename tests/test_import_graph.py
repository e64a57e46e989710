"""Generated packages import from any module first, and `typing.get_type_hints` works on every class.

Models refer to each other in every way real descriptions do: a base class whose discriminator
names its subclasses, inline enums that other models' merged `allOf` parts use, aliases that refer
back to their users, attributes named like the builtins that annotations use. Each check runs in a
fresh interpreter, since the order in which modules are first imported is what breaks cycles.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import mypy.api
import pytest

from openapi_dataclasses.pipeline import Options, generate
from openapi_dataclasses.writing import write_output

GOLDEN_CYCLES = Path(__file__).resolve().parent / "golden" / "import_cycles" / "spec.yaml"

# Imports one module first, then the package, then asks every public class for its type hints
# and its dataclass fields, and round-trips each model's own example.
CHECK = """
import dataclasses, importlib, inspect, sys, typing
first = importlib.import_module(sys.argv[1])
package = importlib.import_module(sys.argv[2])
for name in package.__all__:
    value = getattr(package, name)
    if inspect.isclass(value) and issubclass(value, package._runtime.Model):
        hints = typing.get_type_hints(value)
        assert {field.name for field in dataclasses.fields(value)} <= set(hints), name
print("ok")
"""


def generate_into(spec: Path, out: Path, package: str) -> list[str]:
    """Generate `spec` into `out`; the names of the package's modules."""
    output = generate(Options(spec=spec, package=package, jobs=1, cache=False))
    write_output(out, output.files, package)
    return sorted(
        f"{package}.{path.stem}" for path in (out / package).glob("*.py") if path.stem != "__init__"
    )


def import_first(out: Path, module: str, package: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHECK, module, package],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_module_of_a_cyclic_package_imports_first(tmp_path: Path) -> None:
    modules = generate_into(GOLDEN_CYCLES, tmp_path, "cycles")
    assert "cycles.pet" in modules
    assert "cycles.dog" in modules
    for module in modules:
        result = import_first(tmp_path, module, "cycles")
        assert result.returncode == 0, f"importing {module} first:\n{result.stderr}"


def test_an_inline_enum_that_another_module_needs_gets_a_module_of_its_own(tmp_path: Path) -> None:
    generate_into(GOLDEN_CYCLES, tmp_path, "cycles")
    package = tmp_path / "cycles"
    # Pet declares it; Mixed merges Pet's properties and cannot import Pet's module before its class.
    assert (package / "pet_size_enum.py").is_file()
    assert "class PetSizeEnum" not in (package / "pet.py").read_text()
    # Dog extends Pet, so it inherits the field and imports nothing for it.
    assert "PetSizeEnum" not in (package / "dog.py").read_text()


def test_annotations_spell_aliases_out(tmp_path: Path) -> None:
    generate_into(GOLDEN_CYCLES, tmp_path, "cycles")
    tag = (tmp_path / "cycles" / "tag.py").read_text()
    assert "more: list[Tag] | rt.Unset" in tag
    assert "from cycles.tags import" not in tag


def test_attributes_named_like_builtins_do_not_shadow_annotations(tmp_path: Path) -> None:
    generate_into(GOLDEN_CYCLES, tmp_path, "cycles")
    builtins = (tmp_path / "cycles" / "builtins.py").read_text()
    for name in ("int", "str", "datetime", "list", "dict", "bool", "float"):
        assert f"\n    {name}_: " in builtins
    result = import_first(tmp_path, "cycles.builtins", "cycles")
    assert result.returncode == 0, result.stderr


def write_files(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_operations_are_found_through_refs_in_every_place_openapi_allows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Path items, parameters, bodies, responses, headers, callbacks, webhooks, pathItems by $ref."""
    write_files(
        tmp_path,
        {
            "api.yaml": """
                openapi: 3.1.0
                info: {title: Split, version: "1"}
                paths:
                  /pets: {$ref: paths/pets.yaml}
                webhooks:
                  petBorn: {$ref: '#/components/pathItems/Born'}
                components:
                  pathItems:
                    Born:
                      post:
                        operationId: petBorn
                        requestBody:
                          content:
                            application/json:
                              schema:
                                type: object
                                properties: {name: {type: string}}
            """,
            "paths/pets.yaml": """
                parameters:
                  - $ref: ../parameters.yaml#/Colour
                get:
                  operationId: listPets
                  responses:
                    "200": {$ref: ../responses.yaml#/PetList}
                  callbacks:
                    onAdopted:
                      '{$request.query.hook}':
                        post:
                          operationId: adopted
                          requestBody:
                            $ref: ../bodies.yaml#/Adoption
                          responses:
                            "204": {description: ok}
            """,
            "parameters.yaml": """
                Colour:
                  name: colour
                  in: query
                  schema: {type: string, enum: [red, blue]}
            """,
            "responses.yaml": """
                PetList:
                  description: the pets
                  headers:
                    X-Page:
                      schema: {type: string, enum: [first, last]}
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          pets: {type: array, items: {type: string}}
            """,
            "bodies.yaml": """
                Adoption:
                  content:
                    application/json:
                      schema:
                        type: object
                        properties: {by: {type: string}}
            """,
        },
    )
    monkeypatch.chdir(tmp_path)
    modules = generate_into(Path("api.yaml"), tmp_path / "out", "split")
    assert {
        "split.list_pets_colour_enum",
        "split.list_pets_response200",
        "split.list_pets_response200_x_page_enum",
        "split.adopted_request",
        "split.pet_born_request",
    } <= set(modules)
    result = import_first(tmp_path / "out", "split.list_pets_response200", "split")
    assert result.returncode == 0, result.stderr


def test_a_subclass_only_narrows_what_it_inherits(tmp_path: Path) -> None:
    generate_into(GOLDEN_CYCLES, tmp_path, "cycles")
    package = tmp_path / "cycles"
    assert "class StreamOff(rt.Model):" in (package / "stream_off.py").read_text()
    assert "class ShortName(StreamBase):" in (package / "short_name.py").read_text()


def test_the_cyclic_package_passes_mypy_strict(tmp_path: Path) -> None:
    generate_into(GOLDEN_CYCLES, tmp_path, "cycles")
    report, errors, status = mypy.api.run(
        ["--strict", "--cache-dir", str(tmp_path / ".mypy_cache"), str(tmp_path / "cycles")]
    )
    assert status == 0, report + errors


LAZY = """
import sys, typing
import cycles
assert [name for name in sys.modules if name.startswith("cycles.")] == [
    "cycles._runtime.files", "cycles._runtime"  # the runtime's codecs, files' among them
]
assert "Dog" in dir(cycles) and "Dog" in cycles.__all__
from cycles import *  # every name, `Importlib` (module `importlib`) among them
from cycles import Dog
assert "cycles.dog" in sys.modules and "cycles.tag" in sys.modules  # what Dog refers to
typing.get_type_hints(Dog)
try:
    cycles.Nope
except AttributeError as error:
    assert "Nope" in str(error)
else:
    raise AssertionError("no AttributeError")
print("ok")
"""


def test_the_package_imports_a_module_when_one_of_its_names_is_first_used(tmp_path: Path) -> None:
    generate_into(GOLDEN_CYCLES, tmp_path, "cycles")
    result = subprocess.run(
        [sys.executable, "-c", LAZY],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
