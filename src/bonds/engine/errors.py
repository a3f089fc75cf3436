"""The error types of the whole project, under one base class.

A rule that refuses an action raises :class:`Impossible` whose message is the reason the
player sees. Content, save and action errors carry what a person needs to fix them.
"""

from __future__ import annotations

__all__ = ["BondsError", "CompileError", "ContentError", "ContentFault", "IllegalAction",
           "Impossible", "SaveError"]


class BondsError(Exception):
    """Base class of every error the project raises on purpose."""


class Impossible(BondsError):
    """A rule refused: the message is shown to the player as the reason."""


class IllegalAction(BondsError):
    """An action that is not among the state's legal actions."""


class SaveError(BondsError):
    """A save that cannot be read or does not fit this pack; the message is one line."""


class ContentError(BondsError):
    """A pack that failed to load. ``problems`` holds every ``file:line:col: message``;
    ``warnings`` what else was found (content that can never be reached...)."""

    def __init__(self, problems: list[str], warnings: list[str] | None = None) -> None:
        self.problems = problems
        self.warnings = list(warnings or ())
        super().__init__("\n".join(problems))


class ContentFault(BondsError):
    """A pack's expression failed while running: a Python error the load-time checks could
    not see, or a value past the engine's limits. Not a rule's refusal: the pack is at
    fault. ``where`` is the expression's ``file:line:col``; ``what`` what went wrong."""

    def __init__(self, what: str, where: str = "") -> None:
        self.what = what
        self.where = where
        super().__init__(f"{where}: {what}" if where else what)


class CompileError(BondsError):
    """A pack expression that does not compile: a problem at a position within the
    expression's own text (1-based)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
