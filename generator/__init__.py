"""openapi-dataclasses: OpenAPI 3.0, 3.1 and 3.2 descriptions to Python dataclasses, enums and Markdown docs.

The pipeline, one module per stage: `loading` -> `validation` -> `building` (the `ir` model) ->
`rendering` -> `formatting` -> `writing`; `pipeline` strings them together and `cli` is the command.
"""

__version__ = "0.1.0"
