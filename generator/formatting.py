"""Stage 5: format rendered files: Python modules go through Black.

The code samples in the Markdown docs are laid out by their template instead: they are short, and
Black would cost as much as all the modules together.
"""

from __future__ import annotations

import re
from dataclasses import replace

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from generator.errors import GeneratorError
from generator.rendering import RenderedFile

MODE = black.Mode(target_versions={TargetVersion.PY310})
_PYTHON_FENCE = re.compile(r"(```python\n)(.*?)(```)", re.DOTALL)


def format_file(file: RenderedFile) -> RenderedFile:
    if file.kind == "python":
        return replace(file, content=format_python(file.content, file.path))
    return file


def format_python(source: str, path: str) -> str:
    try:
        return black.format_str(source, mode=MODE)
    except InvalidInput as error:
        # Templates should never produce invalid Python; say where, so that the bug can be reported.
        raise GeneratorError(
            f"internal error: the generated code for {path} is not valid Python ({error})",
            hint="please report this with the input that caused it",
        ) from None
