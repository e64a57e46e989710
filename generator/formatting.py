"""Stage 5: format rendered files. Python goes through Black; so do the Python samples in Markdown."""

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
    if file.kind == "markdown":
        content = _PYTHON_FENCE.sub(
            lambda match: (
                match.group(1) + format_python(match.group(2), file.path) + match.group(3)
            ),
            file.content,
        )
        return replace(file, content=content)
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
