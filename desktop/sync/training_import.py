"""Training completions from an ESR/OLM competency or learning export (CSV).

As with the roster, planning and applying are separate so the manager sees every row's outcome (add,
update, unchanged, ignored, refused with its reason) before anything is written. The file is read with
the roster importer's reader, so headers are matched as loosely and encodings handled the same way.

Course and competence names in ESR ("NHS|CSTF|Fire Safety - 2 Years|") are matched to the station's
catalogue by name where they plainly agree; any other name needs the manager to choose a course (or to
ignore it) once, and the choice is remembered in the workspace for the next export.

A completion never goes backwards: a row older than the completion already held leaves it unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop.domain.csv_safe import FORMULA_STARTS
from desktop.domain.dates import DateFormatError, parse_date, uk
from desktop.domain.labels import LabelledEnum
from desktop.domain.staff import Staff
from desktop.domain.training import Course
from desktop.store.staff_repo import StaffRepository
from desktop.store.training_repo import TrainingRepository
from desktop.sync.roster import HEADER_ALIASES, Columns, PlanTally, RawRow, printable, read_rows

FIELDS: dict[str, tuple[str, ...]] = {
    "assignment_number": HEADER_ALIASES["assignment_number"],
    "name": ("fullname", "name", "employeename", "personname", "staffname", "learnername"),
    "course": ("competencename", "competence", "competencyname", "competency", "coursename", "course",
               "coursetitle", "learningname", "learning", "learningtitle", "learningitem", "module",
               "modulename", "elearningcourse", "requirement", "requirementname"),
    "completed_on": ("completiondate", "completeddate", "datecompleted", "completedon", "completed",
                     "achieveddate", "dateachieved", "achievementdate", "attainmentdate", "dateattained",
                     "attaineddate", "learningcompletiondate", "coursecompletiondate", "passdate",
                     "competenceachieveddate", "meetsrequirementdate"),
    "expires_on": ("expirydate", "expiry", "expirationdate", "expireson", "expires", "dateexpires",
                   "competenceexpirydate", "renewaldate", "validuntil", "validto"),
}
LABELS = {"assignment_number": "Assignment number", "name": "Name", "course": "Course or competence name",
          "completed_on": "Completion date", "expires_on": "Expiry date"}
COLUMNS = Columns(FIELDS, ("assignment_number", "course", "completed_on"), LABELS,
                  export="export the competency or learning report from ESR/OLM as CSV with its column names",
                  noun="learning export")

IGNORE = None          # a course name the manager chose to ignore
UNMAPPED = "?"         # a course name not yet matched to the catalogue


class Outcome(LabelledEnum):
    ADD = "add", "Add"
    UPDATE = "update", "Update"
    UNCHANGED = "unchanged", "Unchanged"
    IGNORED = "ignored", "Ignored"
    REFUSED = "refused", "Refused"


class MatchedBy(LabelledEnum):
    CHOSEN = "chosen", "chosen now"
    REMEMBERED = "remembered", "chosen before"
    NAME = "name", "same name"
    NONE = "none", "not matched"


def fold(name: str) -> str:
    """A course name with case and punctuation folded, as names are compared and remembered."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


_ESR_PREFIX = re.compile(r"^(?:\d{3}\s+)?(?:nhs\s+)?(?:(?:cstf|mand|stat|mandatory|statutory)\s+)?")
_ESR_RENEWAL = re.compile(r"\s+(?:\d+\s+(?:years?|months?)|one off|no renewal)$")


def plain_title(name: str) -> str:
    """ESR's competence name without its trust prefix and renewal suffix: 'NHS|CSTF|Fire Safety - 2 Years|'
    is 'fire safety'."""
    return _ESR_RENEWAL.sub("", _ESR_PREFIX.sub("", fold(name))).strip()


@dataclass
class CourseName:
    """One distinct course name in the file and what it maps to."""

    name: str                  # as the file spells it (first seen)
    code: str | None           # catalogue code, IGNORE (None), or UNMAPPED
    matched_by: MatchedBy
    rows: int = 0

    @property
    def needs_choice(self) -> bool:
        return self.code == UNMAPPED


@dataclass
class CompletionRow:
    row: int
    outcome: Outcome
    assignment_number: str = ""
    name: str = ""
    course_name: str = ""
    course: Course | None = None
    completed_on: date | None = None
    expires_on: date | None = None
    reason: str = ""
    staff_id: str = ""
    record_id: str = ""        # an expiry corrected on a completion already held
    expiry_given: bool = False

    @property
    def course_text(self) -> str:
        return self.course.title if self.course else ""


@dataclass
class Holdings:
    """What the workspace holds that an import is checked against, read once per file."""

    people: dict[str, Staff]
    courses: list[Course]
    held: dict[tuple[str, str], tuple[str, date, date | None]]
    remembered: dict[str, str | None]
    today: date

    @classmethod
    def of(cls, training: TrainingRepository, staff: StaffRepository, today: date) -> Holdings:
        return cls(staff.by_assignments(), training.courses(), training.held(), training.course_names(), today)


@dataclass
class TrainingPlan(PlanTally):
    file: Path
    columns: dict[str, str]
    raw: list[RawRow]
    holdings: Holdings
    choices: dict[str, str | None] = field(default_factory=dict)   # folded name → code or IGNORE, chosen now
    names: dict[str, CourseName] = field(default_factory=dict)
    rows: list[CompletionRow] = field(default_factory=list)
    applied: bool = False

    @property
    def unmapped(self) -> list[CourseName]:
        return [n for n in self.names.values() if n.needs_choice]

    def summary(self) -> str:
        return (f"{self.count(Outcome.ADD)} added, {self.count(Outcome.UPDATE)} updated, "
                f"{self.count(Outcome.UNCHANGED)} unchanged, {self.count(Outcome.IGNORED)} ignored, "
                f"{self.count(Outcome.REFUSED)} refused")

    def to_json(self) -> dict:
        def row(r: CompletionRow) -> dict:
            return {"row": r.row, "outcome": r.outcome.value, "assignment_number": r.assignment_number,
                    "course_name": r.course_name, "course": r.course.code if r.course else None,
                    "completed_on": r.completed_on.isoformat() if r.completed_on else None,
                    "expires_on": r.expires_on.isoformat() if r.expires_on else None, "reason": r.reason}
        return {
            "file": str(self.file),
            "applied": self.applied,
            "added": self.count(Outcome.ADD),
            "updated": self.count(Outcome.UPDATE),
            "unchanged": self.count(Outcome.UNCHANGED),
            "ignored": self.count(Outcome.IGNORED),
            "refused": [{"row": r.row, "assignment_number": r.assignment_number, "reason": r.reason}
                        for r in self.refused],
            "courses": [{"name": n.name, "course": None if n.code == UNMAPPED else n.code,
                         "matched_by": n.matched_by.value, "rows": n.rows} for n in self.names.values()],
            "rows": [row(r) for r in self.rows],
        }

    def choose(self, name: str, code: str | None) -> None:
        """The manager's choice for a course name in the file (a catalogue code, IGNORE, or UNMAPPED: not yet
        chosen); plans again."""
        self.choices[fold(name)] = code
        decide(self)

    def to_remember(self) -> dict[str, tuple[str, str | None]]:
        """The choices made now, for the workspace to keep: {folded name: (name, code or None)}."""
        return {key: (self.names[key].name if key in self.names else key, code) for key, code in self.choices.items()
                if code != UNMAPPED}


def _resolve(key: str, plan: TrainingPlan) -> tuple[str | None, MatchedBy]:
    codes = {c.code for c in plan.holdings.courses}
    if key in plan.choices:
        return plan.choices[key], MatchedBy.CHOSEN
    if key in plan.holdings.remembered and (plan.holdings.remembered[key] is None
                                            or plan.holdings.remembered[key] in codes):
        return plan.holdings.remembered[key], MatchedBy.REMEMBERED
    plain = plain_title(key)
    for course in plan.holdings.courses:
        if key in (fold(course.title), fold(course.code)) or plain == fold(course.title):
            return course.code, MatchedBy.NAME
    return UNMAPPED, MatchedBy.NONE


def _formula(values: dict[str, str]) -> str:
    for name, text in values.items():
        if text.startswith(FORMULA_STARTS) and not (name in ("completed_on", "expires_on") and text[:1] == "-"):
            return (f"{LABELS[name]} starts with '{printable(text[:1])}', which a spreadsheet runs as a formula "
                    f"('{printable(text[:40])}'); the row is left out: check where the file came from")
    return ""


def decide(plan: TrainingPlan) -> TrainingPlan:
    """Each row's outcome against what the workspace holds; writes nothing."""
    h = plan.holdings
    by_code = {c.code: c for c in h.courses}
    plan.rows = []
    plan.names = {}
    candidates: dict[tuple[str, str], CompletionRow] = {}
    for raw in plan.raw:
        v = raw.values
        number, course_name = v.get("assignment_number", ""), v.get("course", "")
        out = CompletionRow(raw.row, Outcome.REFUSED, printable(number), printable(v.get("name", "")),
                            printable(course_name))
        plan.rows.append(out)
        if course_name and not course_name.startswith(FORMULA_STARTS):
            key = fold(course_name)
            if key:
                entry = plan.names.get(key)
                if entry is None:
                    code, how = _resolve(key, plan)
                    entry = plan.names[key] = CourseName(course_name, code, how)
                entry.rows += 1
        if raw.problem:
            out.reason = raw.problem
            continue
        problem = _formula(v)
        if problem:
            out.reason = problem
            continue
        if not number:
            out.reason = "no assignment number; add it from ESR"
            continue
        person = h.people.get(number)
        if person is None:
            out.reason = (f"Assignment number: no one with {printable(number)} in this workspace; import the "
                          "roster first, or check the number")
            continue
        out.name, out.staff_id = person.display_name, person.id or ""
        if not person.is_active:
            out.reason = f"{person.display_name} has left the station; training is not recorded for leavers"
            continue
        if not course_name or not fold(course_name):
            out.reason = "Course or competence name is blank"
            continue
        entry = plan.names[fold(course_name)]
        if entry.code == UNMAPPED:
            out.reason = (f"Course '{printable(course_name)}' is not matched to a course in the catalogue; "
                          "choose one (or ignore it)")
            continue
        if entry.code is IGNORE:
            out.outcome, out.reason = Outcome.IGNORED, "this course is set to be ignored"
            continue
        course = by_code.get(entry.code)
        if course is None:
            out.reason = f"Course '{printable(course_name)}' maps to {entry.code}, which is not in the catalogue"
            continue
        out.course = course
        text = v.get("completed_on", "")
        if not text:
            out.reason = "Completion date is blank"
            continue
        try:
            done = parse_date(text)
        except DateFormatError as exc:
            out.reason = f"Completion date {printable(str(exc))}"
            continue
        if done > h.today:
            out.reason = f"Completion date {uk(done)} is in the future"
            continue
        expires = None
        if v.get("expires_on"):
            try:
                expires = parse_date(v["expires_on"])
            except DateFormatError as exc:
                out.reason = f"Expiry date {printable(str(exc))}"
                continue
            if expires < done:
                out.reason = f"Expiry date {uk(expires)} is before the completion date {uk(done)}"
                continue
        out.completed_on, out.expires_on, out.expiry_given = done, expires or course.expiry(done), bool(expires)
        slot = (person.id or "", course.id or "")
        earlier = candidates.get(slot)
        if earlier is not None:
            older, newer = sorted((earlier, out), key=lambda r: (r.completed_on, r.row))
            older.outcome = Outcome.UNCHANGED
            older.reason = (f"row {newer.row} of this file has the same completion" if older.completed_on ==
                            newer.completed_on else f"row {newer.row} of this file has a later completion "
                            f"({uk(newer.completed_on)})")
            if newer is earlier:
                continue
        candidates[slot] = out
    for slot, out in candidates.items():
        held = h.held.get(slot)
        if held is None:
            out.outcome = Outcome.ADD
            out.reason = f"completed {uk(out.completed_on)}" + (f", expires {uk(out.expires_on)}"
                                                                 if out.expires_on else "")
            continue
        record_id, held_done, held_expires = held
        if held_done > out.completed_on:   # type: ignore[operator]
            out.outcome = Outcome.UNCHANGED
            out.reason = f"a later completion ({uk(held_done)}) is already held and is kept"
        elif held_done < out.completed_on:   # type: ignore[operator]
            out.outcome = Outcome.UPDATE
            out.reason = f"completed {uk(held_done)} → {uk(out.completed_on)}"
        elif out.expiry_given and out.expires_on != held_expires:
            out.outcome, out.record_id = Outcome.UPDATE, record_id
            out.reason = f"expiry {uk(held_expires, 'none')} → {uk(out.expires_on, 'none')}"
        else:
            out.outcome = Outcome.UNCHANGED
            out.reason = "already held"
    return plan


def read_plan(path: Path, holdings: Holdings, choices: dict[str, str | None] | None = None) -> TrainingPlan:
    """Read `path` (a RosterFileError if it cannot be used at all) and plan it; writes nothing."""
    columns, raw = read_rows(Path(path), COLUMNS)
    return decide(TrainingPlan(Path(path), columns, raw, holdings, {fold(k): v for k, v in (choices or {}).items()}))


def plan_import(path: Path, training: TrainingRepository, staff: StaffRepository, today: date,
                choices: dict[str, str | None] | None = None) -> TrainingPlan:
    return read_plan(path, Holdings.of(training, staff, today), choices)


def apply_plan(plan: TrainingPlan, training: TrainingRepository) -> TrainingPlan:
    """Write every add and update, the course names chosen, and one audit entry, in one transaction."""
    adds = [(r.staff_id, r.course, r.completed_on, r.expires_on) for r in plan.rows
            if r.outcome in (Outcome.ADD, Outcome.UPDATE) and not r.record_id and r.course and r.completed_on]
    corrections = [(r.record_id, r.expires_on) for r in plan.rows if r.outcome is Outcome.UPDATE and r.record_id]
    training.import_completions(adds, corrections,   # type: ignore[arg-type]
                                f"Training completions {plan.file.name}: {plan.summary()}", plan.to_remember())
    plan.applied = True
    return plan
