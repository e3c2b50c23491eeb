"""Exceptions shared by every layer, so one `except` catches the same thing everywhere.

`EadrError` is the root of every error a person can act on (bad input, a file that cannot be used,
a refused request); `Cancelled` is the one way long work says the person stopped it. The command line
catches `EadrError` once (desktop/cli/main.py) and prints `describe(exc)`; anything else is a bug.
"""

from __future__ import annotations


class EadrError(Exception):
    """Root of every error a person can act on: what went wrong, what it concerns, what to do next."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint


class Cancelled(Exception):
    """The person pressed Cancel during long work (a bundle, a batch of forms); nothing was written."""


def describe(exc: BaseException) -> str:
    """One line for a person: where, what went wrong and what to do next, each said once.

    Most messages already name their file and the next step; `where` and `hint` are added only
    when the message does not say them already, so no advice is printed twice."""
    if not isinstance(exc, EadrError):
        return str(exc) or type(exc).__name__
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if exc.where and exc.where not in text:
        text = f"{exc.where}: {text}"
    if exc.hint and exc.hint.lower() not in text.lower():
        text = f"{text} {exc.hint[0].upper()}{exc.hint[1:]}" if text.endswith(".") else f"{text}; {exc.hint}"
    return text
