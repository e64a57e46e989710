"""The markers of arguments a caller did not give: `NOT_GIVEN` (options) and `NO_BODY`."""

from __future__ import annotations

import enum
from typing import Final


class NotGiven(enum.Enum):
    """The type of `NOT_GIVEN`: an option left to the client's setting (unlike `None`)."""

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN: Final = NotGiven.NOT_GIVEN


class NoBody(enum.Enum):
    """The type of `NO_BODY`: the call sends no request body."""

    NO_BODY = "NO_BODY"

    def __repr__(self) -> str:
        return "NO_BODY"

    def __bool__(self) -> bool:
        return False


NO_BODY: Final = NoBody.NO_BODY
