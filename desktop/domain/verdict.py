"""The staff member's verdict on their conversation: the questions, the scale, and the one figure.

In the spirit of the NHS staff survey's appraisal questions, in our own words. Only counts per
quarter x question x answer are ever kept (docs/staff-verdict.md); one function, `figures`, turns
counts into what a manager or HR sees, so the station's card and the hub's report cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.domain.errors import EadrError

MIN_SHOWN = 3          # aggregates are shown only over at least this many verdicts
BATCH = 3              # answers given at the lock screen are counted in batches of at least this many
COMMENT_MAX = 2000


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    short: str


QUESTIONS: tuple[Question, ...] = (
    Question("job", "The conversation will help me do my job better.", "Helps me do my job better"),
    Question("objectives", "We agreed clear objectives for the year ahead.", "Clear objectives agreed"),
    Question("valued", "I left feeling my work is valued.", "Left feeling valued"),
    Question("wellbeing", "We talked about my health and wellbeing in a way that helped.", "Wellbeing discussed well"),
)
BY_KEY = {q.key: q for q in QUESTIONS}

# (key, label); the last two count as agreeing.
SCALE: tuple[tuple[str, str], ...] = (
    ("strongly_disagree", "Strongly disagree"), ("disagree", "Disagree"), ("neither", "Neither agree nor disagree"),
    ("agree", "Agree"), ("strongly_agree", "Strongly agree"),
)
ANSWERS = tuple(k for k, _ in SCALE)
AGREEING = frozenset({"agree", "strongly_agree"})


class VerdictInvalid(EadrError, ValueError):
    """Answers that cannot be counted (a question left out, an unknown answer)."""


def check(answers: dict[str, str], comment: str = "") -> None:
    """Every question answered once from the scale; the comment not longer than a page."""
    missing = [q.short for q in QUESTIONS if q.key not in answers]
    if missing:
        raise VerdictInvalid(f"{len(missing)} question{'s are' if len(missing) != 1 else ' is'} not answered yet, "
                             f"starting with '{missing[0]}'. Choose an answer for each.")
    unknown = [k for k, v in answers.items() if k not in BY_KEY or v not in ANSWERS]
    if unknown:
        raise VerdictInvalid(f"Unknown question or answer: {', '.join(sorted(unknown))}.")
    if len(comment) > COMMENT_MAX:
        raise VerdictInvalid(f"The comment is {len(comment):,} characters; please keep it under {COMMENT_MAX:,}.")


# Counts: {quarter: {question: {answer: n}}}; quarter as dip.Period writes it ("2026-Q3").
Counts = dict[str, dict[str, dict[str, int]]]


def fold(counts: Counts, quarter: str, answers: dict[str, str]) -> None:
    """Add one verdict's answers into running counts (in place)."""
    for key, answer in answers.items():
        per = counts.setdefault(quarter, {}).setdefault(key, {})
        per[answer] = per.get(answer, 0) + 1


def from_rows(rows: Iterable[tuple[str, str, str, int]]) -> Counts:
    """Counts from (quarter, question, answer, count) rows, as both stores keep them."""
    counts: Counts = {}
    for quarter, question, answer, n in rows:
        per = counts.setdefault(quarter, {}).setdefault(question, {})
        per[answer] = per.get(answer, 0) + int(n)
    return counts


@dataclass(frozen=True)
class Figure:
    """How many verdicts, and per question the share agreeing (None when too few to show)."""
    verdicts: int
    agreeing: dict[str, float | None]

    @property
    def shown(self) -> bool:
        return self.verdicts >= MIN_SHOWN

    @property
    def overall(self) -> float | None:
        """The mean share agreeing across the questions: appraisal quality as staff experienced it."""
        values = [v for v in self.agreeing.values() if v is not None]
        return round(sum(values) / len(values), 1) if values and self.shown else None


def figure(counts: Counts, quarters: Iterable[str] | None = None) -> Figure:
    """The one figure for a station or the trust, over the given quarters (all when None)."""
    chosen = set(counts) if quarters is None else set(quarters) & set(counts)
    verdicts = 0
    totals: dict[str, tuple[int, int]] = {}
    for quarter in chosen:
        per_question = counts[quarter]
        # Every verdict answers every question, so any question's total is the number of verdicts.
        verdicts += max((sum(a.values()) for a in per_question.values()), default=0)
        for key, answers in per_question.items():
            agree, total = totals.get(key, (0, 0))
            totals[key] = (agree + sum(n for a, n in answers.items() if a in AGREEING), total + sum(answers.values()))
    shown = verdicts >= MIN_SHOWN
    return Figure(verdicts, {q.key: (round(100 * totals[q.key][0] / totals[q.key][1], 1)
                                     if shown and totals.get(q.key, (0, 0))[1] else None) for q in QUESTIONS})


def words(f: Figure) -> str:
    """The figure in a sentence, never colour alone."""
    if not f.shown:
        return (f"{f.verdicts} view{'s' if f.verdicts != 1 else ''} counted so far: the shares are shown once at "
                f"least {MIN_SHOWN} people have given theirs, so no one's answers can be picked out.")
    parts = [f"{BY_KEY[k].short.lower()} {v:.0f}%" for k, v in f.agreeing.items() if v is not None]
    return (f"Across {f.verdicts} views, the share who agreed: " + "; ".join(parts)
            + f". Overall {f.overall:.0f}%.")
