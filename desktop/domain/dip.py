"""HR's dip-sample review: which signed EADRs HR samples for a station and quarter, and HR's own
score of each against the same quality checklist the manager saw before sign-off.

The sample is seeded by station and period, so drawing it again (next week, on another PC) gives
the same records: HR can say "these are Ipswich's Q3 records" and mean one list.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.conversation import Conversation, Kind
from desktop.domain.quality import checklist

DEFAULT_PERCENT = 10
DEFAULT_MINIMUM = 2
_PERIOD = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True)
class Period:
    """A calendar quarter, written 2026-Q3 (July to September 2026)."""
    year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> Period:
        found = _PERIOD.match(text.strip().upper())
        if not found:
            raise ValueError(f"{text!r} is not a period: write the year and quarter, e.g. 2026-Q3 "
                             "(Q1 = January to March)")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter."""
        following = date(self.year + 1, 1, 1) if self.quarter == 4 else date(self.year, 3 * self.quarter + 1, 1)
        return following - timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    def words(self) -> str:
        months = ("January to March", "April to June", "July to September", "October to December")
        return f"{months[self.quarter - 1]} {self.year}"


def sample_size(population: int, percent: int = DEFAULT_PERCENT, minimum: int = DEFAULT_MINIMUM) -> int:
    """percent of the records, rounded up, but at least `minimum` (and never more than there are)."""
    if population <= 0:
        return 0
    return min(population, max(minimum, math.ceil(population * percent / 100)))


def draw(ids: list[str], station: str, period: Period, percent: int = DEFAULT_PERCENT,
         minimum: int = DEFAULT_MINIMUM) -> list[str]:
    """The sampled record ids: the same station, period and records always give the same sample."""
    pool = sorted(set(ids))
    rng = random.Random(f"eadr-dip:{station.upper()}:{period}")
    return sorted(rng.sample(pool, sample_size(len(pool), percent, minimum)))


def checklist_labels(kind: Kind = Kind.EADR) -> list[str]:
    """The quality checklist's items for a kind of conversation, as the manager saw them."""
    return [item.label for item in checklist(Conversation(staff_id="", kind=kind))]


def score(met: list[bool]) -> int:
    """HR's score, as the station's: the percentage of checklist items met."""
    if not met:
        raise ValueError("a review scores at least one checklist item")
    return round(100 * sum(met) / len(met))
