"""Exceptions shared by every layer, so one `except` catches the same thing everywhere."""

from __future__ import annotations


class Cancelled(Exception):
    """The person pressed Cancel during long work (a bundle, a batch of forms); nothing was written."""
