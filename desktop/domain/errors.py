"""Exceptions shared by every layer, so one `except` catches the same thing everywhere."""

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
