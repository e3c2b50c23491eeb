"""Timing, statistics and the printed table. No Qt and nothing from the app."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """A limit on a row's median: `value < limit` (or `<=` when `inclusive`; `>=` when `at_least`)."""

    limit: float
    inclusive: bool = False
    unit: str = "s"  # "s" for seconds, "x" for a ratio
    at_least: bool = False  # a floor, such as a speed-up: `value >= limit`

    def met(self, value: float) -> bool:
        if self.at_least:
            return value >= self.limit
        return value <= self.limit if self.inclusive else value < self.limit

    def text(self) -> str:
        sign = ">=" if self.at_least else "<=" if self.inclusive else "<"
        return f"{sign} {format_value(self.limit, self.unit)}"


@dataclass
class Row:
    """One line of the table: one statistic per run, summarised by the median and the minimum.

    A row with no values is a measure that could not be taken (its size says why): it prints
    "-" for the figures and "n/a" for the verdict."""

    measure: str
    size: str
    values: list[float]
    target: Target | None = None
    unit: str = "s"
    min_override: float | None = None
    runs_override: int | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def minimum(self) -> float:
        return min(self.values) if self.min_override is None else self.min_override

    @property
    def runs(self) -> int:
        return len(self.values) if self.runs_override is None else self.runs_override

    @property
    def verdict(self) -> str:
        if not self.values:
            return "n/a"
        if self.target is None:
            return "-"
        return "ok" if self.target.met(self.median) else "MISSED"


def ratio_row(measure: str, size: str, numerator: Row, denominator: Row, target: Target) -> Row:
    """Median over median in the median column, min over min in the min column."""
    return Row(measure, size, [numerator.median / denominator.median], target, unit="x",
               min_override=numerator.minimum / denominator.minimum,
               runs_override=min(numerator.runs, denominator.runs))


def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear-interpolated percentile, `fraction` in 0..1 (0.95 for the 95th)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def time_call(fn: Callable[[], object]) -> float:
    """Seconds taken by one call of `fn`."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def format_value(value: float, unit: str = "s") -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if value >= 1:
        return f"{value:.2f} s"
    ms = value * 1000
    if ms >= 100:
        return f"{ms:.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    return f"{ms:.2f} ms"


HEADERS = ("measure", "size", "median", "min", "runs", "target", "verdict")
_RIGHT = {"median", "min", "runs"}


def _cells(row: Row) -> tuple[str, ...]:
    if not row.values:
        return (row.measure, row.size, "-", "-", "0", row.target.text() if row.target else "-", row.verdict)
    return (row.measure, row.size, format_value(row.median, row.unit), format_value(row.minimum, row.unit),
            str(row.runs), row.target.text() if row.target else "-", row.verdict)


def render_table(rows: Sequence[Row]) -> str:
    """Plain text, columns aligned, separated by ' | '."""
    table = [HEADERS, *(_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADERS))]

    def line(cells: Sequence[str]) -> str:
        return " | ".join(c.rjust(w) if h in _RIGHT else c.ljust(w)
                          for c, w, h in zip(cells, widths, HEADERS)).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(HEADERS), rule, *(line(c) for c in table[1:])])
