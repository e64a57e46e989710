"""Where the generator's own files are: its code, the runtime it ships, and the templates.

Installed from a wheel, the templates are a folder of the package (`openapi_dataclasses/templates`);
in a checkout (and an editable install) they are the repository's top-level `templates/`, beside
the package's folder `generator/`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_FOLDER = Path(__file__).resolve().parent


@cache
def templates_folder() -> Path:
    installed = PACKAGE_FOLDER / "templates"
    return installed if installed.is_dir() else PACKAGE_FOLDER.parent / "templates"


def runtime_folder() -> Path:
    """The package every generated package carries as `_runtime/`."""
    return PACKAGE_FOLDER / "runtime"


def http_folder() -> Path:
    """The HTTP engine a package with operations carries as `_http/`."""
    return PACKAGE_FOLDER / "http"
