"""Enums whose members carry the words people see, declared together with their values."""

from __future__ import annotations

from enum import Enum


class LabelledEnum(str, Enum):
    """Members are declared as `NAME = "value", "Label on screen"`; `member.label` gives the words.

    A str subclass, so values compare and store as plain text.
    """

    label: str

    def __new__(cls, value: str, label: str):  # noqa: D102
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
