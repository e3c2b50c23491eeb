"""A clock the tests set: replaces desktop.domain.clock's source, so every timestamp, "today", backup name
and the clock check read it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from desktop.domain import clock

UK_WINTER = timezone(timedelta(0), "GMT")


class FakeClock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, start: datetime):
        self.at = start if start.tzinfo else start.replace(tzinfo=UK_WINTER)
        monkeypatch.setattr(clock, "_source", lambda: self.at)

    def set(self, when: datetime) -> None:
        self.at = when if when.tzinfo else when.replace(tzinfo=UK_WINTER)

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)
