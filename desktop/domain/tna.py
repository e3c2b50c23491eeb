"""Training needs analysis (TNA) for a planning year: which development-plan items belong to it.

The NHS plans training by financial year, 1 April to 31 March. The station's team TNA view and HR's
hub report both decide membership with `in_year`, so a manager and HR count the same needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import from_iso
from desktop.domain.due import add_months

OPEN = ("not_started", "in_progress")


@dataclass(frozen=True)
class PlanningYear:
    """FY `year`/`year+1`: 1 April `year` to 31 March `year + 1`."""

    year: int

    @classmethod
    def containing(cls, day: date) -> PlanningYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def start(self) -> date:
        return date(self.year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year + 1, 3, 31)

    @property
    def label(self) -> str:
        """'2026/27', as NHS finance writes it."""
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    def text(self) -> str:
        return f"{self.label} (1 April {self.year} to 31 March {self.year + 1})"


@dataclass(frozen=True)
class Need:
    """One development-plan item as the TNA sees it."""

    staff_id: str
    need: str
    category: str
    status: str                # ItemStatus value
    target_date: date | None
    raised_on: date | None     # when the item was written (its record's created_at)
    hours: float | None = None  # estimated, where recorded
    cost: float | None = None   # pounds, where recorded


def in_year(status: str, target: date | None, raised: date | None, year: PlanningYear) -> str | None:
    """Whether a development need belongs to the planning year, and why: "due", "carried" or None.

    The rule (the same at the station and at the hub):
    - Dropped items never count; nor does an item written after the year ends (not yet identified).
    - An item whose target date falls in the year counts as "due", whatever its progress (done ones show
      what the year delivered).
    - An item still open (not started or in progress) whose target date fell in the year before counts as
      "carried" over: release for it is still to be planned. Open items due earlier than that are stale
      (a 2020 item still "not started") and do not count: the manager should close or re-plan them.
    - An open item with no target date counts as "due" if it was written in the year or the year before.
    - Finished items due outside the year, and needs targeted at a later year, do not count.
    """
    if status == "dropped" or (raised is not None and raised > year.end):
        return None
    if target is not None:
        if year.start <= target <= year.end:
            return "due"
        if status in OPEN and add_months(year.start, -12) <= target < year.start:
            return "carried"
        return None
    if status in OPEN and (raised is None or raised >= add_months(year.start, -12)):
        return "due"
    return None


def needs_in_year(needs: list[Need], year: PlanningYear) -> list[tuple[Need, str]]:
    """The needs that belong to `year`, each with "due" or "carried", ordered by category then date."""
    chosen = [(n, why) for n in needs if (why := in_year(n.status, n.target_date, n.raised_on, year))]
    return sorted(chosen, key=lambda p: (p[0].category.casefold() or "~", p[0].target_date or date.max, p[0].need))


def need_from_row(staff_id: str, need: str, category: str, status: str, target: str | None,
                  created_at: str | None, hours: float | None = None, cost: float | None = None) -> Need:
    """A Need from stored text (ISO dates, created_at a timestamp)."""
    return Need(staff_id, need, category or "", status, from_iso(target), from_iso((created_at or "")[:10] or None),
                _number(hours), _number(cost))


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0 else None


@dataclass(frozen=True)
class CategoryLine:
    """One TNA category's needs in a planning year: how many, for how many people, and where they stand."""

    category: str
    needs: int
    people: int
    not_started: int
    in_progress: int
    done: int
    carried: int
    hours: float = 0.0          # estimated hours of the needs that have them
    cost: float = 0.0           # estimated cost (pounds) of the needs that have it
    costed: int = 0             # how many needs have an estimate of hours or cost


def by_category(chosen: list[tuple[Need, str]]) -> list[CategoryLine]:
    """Totals per category of `needs_in_year`'s result, the largest first."""
    groups: dict[str, list[tuple[Need, str]]] = {}
    for need, why in chosen:
        groups.setdefault(need.category or "Uncategorised", []).append((need, why))
    lines = [CategoryLine(category, len(items), len({n.staff_id for n, _ in items}),
                          sum(n.status == "not_started" for n, _ in items), sum(n.status == "in_progress" for n, _ in items),
                          sum(n.status == "done" for n, _ in items), sum(why == "carried" for _, why in items),
                          sum(n.hours or 0 for n, _ in items), sum(n.cost or 0 for n, _ in items),
                          sum(n.hours is not None or n.cost is not None for n, _ in items))
             for category, items in groups.items()]
    return sorted(lines, key=lambda c: (-c.needs, c.category.casefold()))


def summary_text(year: PlanningYear, chosen: list[tuple[Need, str]]) -> str:
    """The team's TNA in words, for a manager planning release."""
    if not chosen:
        return f"No development needs are planned for {year.label}."
    lines = by_category(chosen)
    people = len({n.staff_id for n, _ in chosen})
    carried = sum(why == "carried" for _, why in chosen)
    open_ = sum(n.status in OPEN for n, _ in chosen)
    text = (f"{len(chosen)} development need{'s' if len(chosen) != 1 else ''} for {year.label} across "
            f"{people} {'person' if people == 1 else 'people'}, {open_} still to do")
    if carried:
        text += f" ({carried} carried over from {PlanningYear(year.year - 1).label})"
    top = "; ".join(f"{c.category} {c.needs}" for c in lines[:3])
    text = f"{text}. Most needed: {top}."
    costed = sum(c.costed for c in lines)
    if costed:
        text += (f" Estimates recorded for {costed}: {sum(c.hours for c in lines):g} hours, "
                 f"£{sum(c.cost for c in lines):,.0f}.")
    return text
