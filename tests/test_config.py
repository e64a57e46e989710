"""`[tool.openapi-dataclasses]` in pyproject.toml: found from the working folder upward, paths
relative to the file, flags over it, several targets, and every mistake an exit 2 naming the key."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import FRAGMENT_SPEC, GENERATED
from support import run_generator
from test_cli import assert_input_error, tree

from openapi_dataclasses import config
from openapi_dataclasses.config import Target, find, resolve
from openapi_dataclasses.errors import GeneratorError
from openapi_dataclasses.writing import RECORD, Record

TABLE = """
    [tool.openapi-dataclasses]
    spec = "specs/new_customer_session_v2.yaml"
    out = "generated"
    package = "talon_one"
"""


def project(folder: Path, table: str = TABLE) -> Path:
    """A project like this repository's: the spec in specs/, the configuration in pyproject.toml."""
    (folder / "specs").mkdir(parents=True, exist_ok=True)
    shutil.copy(FRAGMENT_SPEC, folder / "specs" / FRAGMENT_SPEC.name)
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "sdk"\n' + textwrap.dedent(table), encoding="utf-8"
    )
    (folder / "src" / "deep").mkdir(parents=True, exist_ok=True)
    return folder


def contents(folder: Path) -> dict[str, bytes]:
    """The files under `folder`; the record of them as the files it lists (it also names the
    Black that wrote them, which differs at the ends of Black's range: see `make ends`)."""
    files = {path: data for path, (data, _) in tree(folder).items()}
    for path, data in files.items():
        if path.endswith(RECORD):
            record = Record.parse(data)
            files[path] = repr(record.files if record else None).encode()
    return files


def test_generate_and_check_without_arguments_use_the_table_from_any_subfolder(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)

    generated = run_generator("generate", cwd=root / "src" / "deep")
    fresh = run_generator("check", cwd=root / "src")
    (root / "generated" / "docs" / "CartItem.md").write_text("stale\n", encoding="utf-8")
    stale = run_generator("check", "--no-cache", cwd=root / "src" / "deep")

    assert generated.returncode == 0, generated.stderr
    # The names written into the files are relative to the project, not to the working folder.
    assert contents(root / "generated") == {
        **contents(GENERATED),
        "docs/CartItem.md": b"stale\n",
    }
    assert fresh.returncode == 0, fresh.stderr
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "stale:   ../../generated/docs/CartItem.md" in stale.stdout
    assert "is stale" in stale.stdout


def test_flags_override_the_table_and_paths_on_the_command_line_are_the_working_folders(
    tmp_path: Path,
) -> None:
    root = project(tmp_path, TABLE + 'schemas = ["CartItem"]\n')

    result = run_generator("generate", "--out", "elsewhere", "--package", "shop", cwd=root / "src")

    assert result.returncode == 0, result.stderr
    files = tree(root / "src" / "elsewhere")
    assert "shop/cart_item.py" in files
    assert "shop/new_customer_session_v2.py" not in files  # `schemas` from the table still holds
    assert not (root / "generated").exists()


def test_several_targets_run_all_by_default_and_one_by_name(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        """
        [tool.openapi-dataclasses]
        spec = "specs/new_customer_session_v2.yaml"
        jobs = 1

        [[tool.openapi-dataclasses.targets]]
        name = "carts"
        out = "carts"
        package = "carts"
        schemas = ["CartItem"]

        [[tool.openapi-dataclasses.targets]]
        name = "sessions"
        out = "sessions"
        package = "sessions"
        """,
    )

    one = run_generator("generate", "--target", "carts", cwd=root)
    assert one.returncode == 0, one.stderr
    assert (root / "carts" / "carts" / "cart_item.py").is_file()
    assert not (root / "sessions").exists()

    both = run_generator("check", cwd=root)
    assert both.returncode == 1, both.stderr
    assert "target carts:\ncarts: up to date" in both.stdout
    assert "target sessions:" in both.stdout
    assert "missing: sessions/sessions/__init__.py" in both.stdout


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (TABLE + "speck = 'x.yaml'\n", "unknown key `speck` in [tool.openapi-dataclasses]"),
        (
            TABLE + "strict = 'yes'\n",
            "`strict` in [tool.openapi-dataclasses] must be true or false",
        ),
        (TABLE + "jobs = -1\n", "`jobs` in [tool.openapi-dataclasses] must be a whole number"),
        (
            TABLE + "schemas = 'CartItem'\n",
            "`schemas` in [tool.openapi-dataclasses] must be an array",
        ),
        (TABLE.replace('package = "talon_one"', ""), "no --package given, nor `package`"),
        (TABLE + "name = 'api'\n", "unknown key `name` in [tool.openapi-dataclasses]"),
        (TABLE + "[[tool.openapi-dataclasses.targets]]\nout = 'a'\n", "number 1 has no `name`"),
        (
            TABLE + "[[tool.openapi-dataclasses.targets]]\nname = 'a'\nsapce = 1\n",
            "unknown key `sapce` in [[tool.openapi-dataclasses.targets]] number 1",
        ),
        (TABLE + "spec = 'twice.yaml'\n", "not valid TOML"),
    ],
)
def test_a_mistake_in_the_table_names_the_key_and_the_file(
    tmp_path: Path, table: str, expected: str
) -> None:
    root = project(tmp_path, table)

    with pytest.raises(GeneratorError) as raised:
        resolve(Target(), [], root / "src")

    message = raised.value.describe()
    assert message.startswith(str(root / "pyproject.toml")), message
    assert expected in message


def test_the_command_says_it_in_one_paragraph_with_exit_2(tmp_path: Path) -> None:
    root = project(tmp_path, TABLE + "speck = 'x.yaml'\n")

    result = run_generator("check", cwd=root / "src")

    assert_input_error(result, "../pyproject.toml", "unknown key `speck`", "the keys are: cache,")


def test_nothing_given_and_nothing_configured_says_what_is_missing(tmp_path: Path) -> None:
    result = run_generator("generate", cwd=tmp_path)

    assert_input_error(result, "no SPEC given", "[tool.openapi-dataclasses]")


def test_an_unknown_target_lists_the_known_ones(tmp_path: Path) -> None:
    root = project(tmp_path, TABLE + "[[tool.openapi-dataclasses.targets]]\nname = 'api'\n")

    with pytest.raises(GeneratorError, match="--target web: no target of that name") as raised:
        resolve(Target(), ["web"], root)

    assert "the targets are: api" in raised.value.describe()


def test_pyproject_files_without_the_table_are_passed_over(tmp_path: Path) -> None:
    root = project(tmp_path)
    member = root / "src" / "deep"
    (member / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n", encoding="utf-8")

    configuration = find(member)

    assert configuration is not None
    assert configuration.file == root / "pyproject.toml"
    assert configuration.targets[0].spec == root / "specs" / FRAGMENT_SPEC.name


def test_paths_on_several_targets_with_one_out_flag_are_refused(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        TABLE
        + "[[tool.openapi-dataclasses.targets]]\nname = 'a'\n"
        + "[[tool.openapi-dataclasses.targets]]\nname = 'b'\n",
    )

    with pytest.raises(GeneratorError, match="apply to one target"):
        resolve(Target(out=Path("x")), [], root)


# -- where the output goes: dotted packages, the docs folder, folders two targets share ----------

HOME = """
    [tool.openapi-dataclasses]
    spec = "specs/new_customer_session_v2.yaml"
    out = "src"
    package = "shop.api.talon"
    docs = "docs/api"
"""


def test_a_dotted_package_is_importable_below_out_and_from_anywhere_it_moves(
    tmp_path: Path,
) -> None:
    root = project(tmp_path, HOME)

    result = run_generator("generate", cwd=root)

    assert result.returncode == 0, result.stderr
    package = root / "src" / "shop" / "api" / "talon"
    assert (package / "cart_item.py").is_file()
    assert (root / "docs" / "api" / "CartItem.md").is_file()
    assert not (root / "src" / "docs").exists()
    assert not (root / "src" / "shop" / "__init__.py").exists()  # a namespace package
    shutil.move(root / "src" / "shop", root / "vendored")
    code = (
        "import vendored.api.talon as api\n"
        "item = api.CartItem.from_dict({'name': 'x', 'sku': 's', 'quantity': 1, 'price': 2})\n"
        "print(type(item).__module__, api.NewCustomerSessionV2.__module__)\n"
    )
    imported = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.split() == [
        "vendored.api.talon.cart_item",
        "vendored.api.talon.new_customer_session_v2",
    ]


def test_docs_can_be_turned_off(tmp_path: Path) -> None:
    root = project(tmp_path, HOME.replace('docs = "docs/api"', "docs = false"))

    result = run_generator("generate", cwd=root)

    assert result.returncode == 0, result.stderr
    assert not (root / "docs").exists()
    assert not list(root.rglob("*.md"))


TWO = """
    [tool.openapi-dataclasses]
    spec = "specs/new_customer_session_v2.yaml"
    out = "src"

    [[tool.openapi-dataclasses.targets]]
    name = "talon"
    package = "{first}"
    {first_docs}

    [[tool.openapi-dataclasses.targets]]
    name = "orders"
    package = "{second}"
    {second_docs}
"""


@pytest.mark.parametrize(
    ("first", "first_docs", "second", "second_docs", "shared"),
    [
        ("talon", "", "orders", "", "docs"),  # both docs in src/docs
        ("talon", "docs = 'd1'", "talon", "docs = 'd2'", "package"),
        ("shop", "docs = 'd1'", "shop.orders", "docs = 'd2'", "package"),  # one inside the other
        ("talon", "docs = 'src/orders'", "orders", "docs = 'd2'", "package"),
    ],
)
def test_two_targets_writing_into_one_folder_are_a_configuration_error(
    tmp_path: Path, first: str, first_docs: str, second: str, second_docs: str, shared: str
) -> None:
    table = TWO.format(first=first, first_docs=first_docs, second=second, second_docs=second_docs)
    root = project(tmp_path, table)

    result = run_generator("generate", "--target", "orders", cwd=root)

    assert_input_error(result, "pyproject.toml", "target 'talon'", "target 'orders'")
    assert f"its {shared} to" in result.stderr
    assert not list(root.rglob("*.py"))


def test_a_targets_docs_inside_its_own_package_is_an_error_too(tmp_path: Path) -> None:
    root = project(tmp_path, HOME.replace('docs = "docs/api"', 'docs = "src/shop/api/talon/doc"'))

    result = run_generator("generate", cwd=root)

    assert_input_error(result, "its package to src/shop/api/talon", "its docs to")


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ('["paths/~1x"]', "`ignore` item 'paths/~1x' is neither a place nor a kind"),
        ('["validators"]', "`ignore` item 'validators' is neither"),
        ('["validator:"]', "`ignore` item 'validator:' is neither"),
        ('["#paths"]', "`ignore` item '#paths' is neither"),
        ("'validator'", "`ignore` in [tool.openapi-dataclasses] must be an array"),
    ],
)
def test_an_ignore_item_of_no_known_form_is_an_error_naming_it(
    tmp_path: Path, items: str, expected: str
) -> None:
    root = project(tmp_path, TABLE + f"ignore = {items}\n")

    with pytest.raises(GeneratorError) as raised:
        resolve(Target(), [], root)

    assert expected in raised.value.describe()
    assert "pyproject.toml" in raised.value.describe()


def test_asking_for_validation_without_the_validator_is_an_error_with_the_way_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "VALIDATOR_MODULES", ("openapi_spec_validator_not_here",))
    root = project(tmp_path, TABLE)

    [unset] = resolve(Target(), [], root)
    with pytest.raises(GeneratorError) as raised:
        resolve(Target(validate=True), [], root)

    assert not unset.validate  # not installed, not asked for: not run
    assert "pip install 'openapi-dataclasses[validate]'" in raised.value.describe()
