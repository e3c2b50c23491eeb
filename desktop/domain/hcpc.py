"""The HCPC CPD audit profile: the rules a registrant's profile is checked against.

At each two-yearly renewal the HCPC audits 2.5% of a profession. The profile holds a summary
of practice (up to 500 words), a personal statement against standards 3 and 4 (up to 1,500
words), 12 to 50 activities of at least two types, evidence for them, and an explanation of any
gap of three months or more. These checks guide; nothing stops a draft being saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from desktop.domain.cpd import CpdEntry
from desktop.domain.dates import uk
from desktop.domain.due import add_months

SUMMARY_WORDS = 500
STATEMENT_WORDS = 1500
MIN_ACTIVITIES = 12
MAX_ACTIVITIES = 50
GAP_MONTHS = 3
_WORD = re.compile(r"[\w'’-]+")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def default_window(today: date) -> tuple[date, date]:
    """The two years up to today."""
    return add_months(today, -24), today


@dataclass(frozen=True)
class Gap:
    start: date
    end: date

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def text(self) -> str:
        return f"{uk(self.start)} to {uk(self.end)}"


@dataclass(frozen=True)
class CpdProfile:
    staff_id: str
    window_start: date
    window_end: date
    summary: str = ""
    statement: str = ""
    selected: tuple[str, ...] = ()                          # CPD entry ids, in the order chosen
    gap_notes: dict[str, str] = field(default_factory=dict)  # Gap.key → explanation
    updated_at: str = ""

    def with_changes(self, **changes: object) -> CpdProfile:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str


def in_window(entries: list[CpdEntry], start: date, end: date) -> list[CpdEntry]:
    return [e for e in entries if e.last_date >= start and e.start_date <= end]


def gaps(entries: list[CpdEntry], start: date, end: date, months: int = GAP_MONTHS) -> list[Gap]:
    """Stretches of `months` or more in the window with no activity (a continuous record is standard 1)."""
    spans = sorted((max(e.start_date, start), min(e.last_date, end)) for e in in_window(entries, start, end))
    found: list[Gap] = []
    cursor = start
    for first, last in spans:
        if first > cursor and add_months(cursor, months) <= first:
            found.append(Gap(cursor, first))
        cursor = max(cursor, last)
    if add_months(cursor, months) <= end:
        found.append(Gap(cursor, end))
    return found


def check(profile: CpdProfile, entries: list[CpdEntry]) -> list[Check]:
    """Each rule with a plain sentence; `ok` False means something to look at before sending."""
    by_id = {e.id: e for e in entries}
    chosen = [by_id[i] for i in profile.selected if i in by_id]
    results: list[Check] = []
    n = len(chosen)
    results.append(Check(MIN_ACTIVITIES <= n <= MAX_ACTIVITIES,
                         f"{n} activities selected (the HCPC asks for {MIN_ACTIVITIES} to {MAX_ACTIVITIES})."))
    types = {e.activity_type for e in chosen}
    results.append(Check(len(types) >= 2, f"{len(types)} activity type{'s' if len(types) != 1 else ''} "
                                          "among them (at least two are needed)."))
    outside = [e for e in chosen if e not in in_window(chosen, profile.window_start, profile.window_end)]
    if outside:
        results.append(Check(False, f"{len(outside)} selected activit{'ies are' if len(outside) != 1 else 'y is'}"
                                    " outside the two-year window."))
    no_reflection = [e for e in chosen if e.waiting_for_reflection]
    results.append(Check(not no_reflection, "Every selected activity has a reflection." if not no_reflection else
                         f"{len(no_reflection)} selected activit{'ies have' if len(no_reflection) != 1 else 'y has'}"
                         " no reflection yet."))
    no_evidence = [e for e in chosen if not e.has_evidence]
    results.append(Check(not no_evidence, "Every selected activity has evidence noted." if not no_evidence else
                         f"{len(no_evidence)} selected activit{'ies have' if len(no_evidence) != 1 else 'y has'}"
                         " no evidence file or note."))
    for label, text, limit in (("Summary of practice", profile.summary, SUMMARY_WORDS),
                               ("Personal statement", profile.statement, STATEMENT_WORDS)):
        words = word_count(text)
        results.append(Check(0 < words <= limit, f"{label}: {words:,} of about {limit:,} words."
                             + (" Still to write." if not words else "")
                             + (" Over the HCPC's limit; shorten it." if words > limit else "")))
    unexplained = [g for g in gaps(entries, profile.window_start, profile.window_end)
                   if not profile.gap_notes.get(g.key, "").strip()]
    results.append(Check(not unexplained, "No unexplained gaps of three months or more." if not unexplained else
                         f"{len(unexplained)} gap{'s' if len(unexplained) != 1 else ''} of three months or more"
                         " to explain."))
    return results


def suggested_profile(staff_id: str, entries: list[CpdEntry], today: date) -> CpdProfile:
    """A first draft: the last two years, with the most recent reflected activities selected."""
    start, end = default_window(today)
    reflected = sorted((e for e in in_window(entries, start, end) if not e.waiting_for_reflection),
                       key=lambda e: e.start_date, reverse=True)[:MAX_ACTIVITIES]
    return CpdProfile(staff_id, start, end, selected=tuple(e.id or "" for e in reversed(reflected)))
