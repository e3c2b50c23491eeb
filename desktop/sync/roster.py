"""Roster import from an ESR-style CSV.

Planning and applying are separate so the GUI can preview every row (add,
update, unchanged, refused with its reason) before anything is written. A
refused row never blocks the others; a file that cannot be read changes nothing.
Row numbers are as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.dates import DateFormatError, parse_date, uk
from desktop.domain.labels import LabelledEnum
from desktop.domain.errors import EadrError
from desktop.domain.staff import (
    FIELD_LABELS, Staff, StaffValidationError, normalise_band, role_for_job_title,
)
from desktop.store import audit
from desktop.store.staff_repo import StaffRepository, changed_fields

MAX_FILE_BYTES = 20 * 1024 * 1024

# Normalised header (letters and digits only, lower case) -> our field.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "assignment_number": ("assignmentnumber", "assignmentno", "assignment", "assignmentid",
                          "esrassignmentnumber", "asgnumber", "assignmentnum"),
    "first_name": ("firstname", "forename", "forenames", "givenname", "first"),
    "last_name": ("lastname", "surname", "familyname", "last"),
    "preferred_name": ("preferredname", "knownas", "preferredfirstname"),
    "job_title": ("jobtitle", "position", "positiontitle", "positionname", "job", "jobrole", "role"),
    "band": ("band", "grade", "payband", "afcband", "gradeband", "agendaforchangeband", "paygrade"),
    "email": ("email", "emailaddress", "workemail", "workemailaddress", "emailaddr"),
    "start_date": ("startdate", "hiredate", "datestarted", "assignmentstartdate", "latesthiredate",
                   "datejoined", "dateofjoining"),
    "hcpc_number": ("hcpc", "hcpcnumber", "hcpcregistration", "hcpcregistrationnumber",
                    "registrationnumber", "professionalregistration"),
    # ESR's appraisal columns, when the report includes them: what was known before this app.
    "prior_appraisal": ("appraisaldate", "lastappraisaldate", "lastappraisal", "dateoflastappraisal",
                        "latestappraisaldate", "previousappraisaldate", "appraisalcompleteddate"),
    "next_appraisal": ("nextappraisaldate", "nextappraisal", "nextappraisaldue", "nextappraisalduedate",
                       "appraisalduedate", "dateofnextappraisal"),
}
REQUIRED = ("assignment_number", "first_name", "last_name")


class RosterFileError(EadrError):
    """The file as a whole cannot be used; nothing was written."""


class Outcome(LabelledEnum):
    ADD = "add", "Add"
    UPDATE = "update", "Update"
    UNCHANGED = "unchanged", "Unchanged"
    REFUSED = "refused", "Refused"


@dataclass
class RosterRow:
    row: int
    outcome: Outcome
    assignment_number: str = ""
    name: str = ""
    reason: str = ""
    staff: Staff | None = None


class PlanTally:
    """What an import's preview counts, whatever its rows are (the roster's, ESR's training completions): each
    row has an `outcome` whose value is add, update, unchanged, refused (or one of its own)."""

    rows: list

    def count(self, outcome: LabelledEnum) -> int:
        return sum(1 for r in self.rows if r.outcome is outcome)

    @property
    def refused(self) -> list:
        return [r for r in self.rows if r.outcome.value == "refused"]

    @property
    def changes(self) -> int:
        """Rows that write something: added or updated."""
        return sum(1 for r in self.rows if r.outcome.value in ("add", "update"))


@dataclass
class RosterPlan(PlanTally):
    file: Path
    columns: dict[str, str]          # our field -> the file's header
    rows: list[RosterRow] = field(default_factory=list)
    applied: bool = False


    def summary(self) -> str:
        return (f"{self.count(Outcome.ADD)} added, {self.count(Outcome.UPDATE)} updated, "
                f"{self.count(Outcome.UNCHANGED)} unchanged, {self.count(Outcome.REFUSED)} refused")

    def to_json(self) -> dict:
        return {
            "file": str(self.file),
            "applied": self.applied,
            "added": self.count(Outcome.ADD),
            "updated": self.count(Outcome.UPDATE),
            "unchanged": self.count(Outcome.UNCHANGED),
            "refused": [{"row": r.row, "assignment_number": r.assignment_number, "reason": r.reason}
                        for r in self.refused],
        }


def _normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
         (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"), (b"\xff\xfe", "utf-16", "UTF-16"),
         (b"\xfe\xff", "utf-16", "UTF-16"))
SAVE_AS = "open it in Excel and save it as 'CSV UTF-8 (Comma delimited)', then import that file"


def _decode(path: Path, data: bytes, noun: str = "roster") -> str:
    """UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM, or Excel's cp1252. A file that says it is
    one encoding but is not, or is none of them, is one RosterFileError saying what to do."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise RosterFileError(f"{path.name}: it is marked as {label} text but is not valid {label} "
                                      f"(damaged or cut short); {SAVE_AS}", where=path.name) from None
    if b"\x00" in data:
        raise RosterFileError(f"{path.name} is not a CSV text file (it holds binary data); "
                              f"export the {noun} from ESR or Excel as CSV", where=path.name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise RosterFileError(f"{path.name}: the text encoding is not UTF-8 or Windows-1252; {SAVE_AS}",
                              where=path.name) from None


@dataclass(frozen=True)
class Columns:
    """What a CSV importer looks for: aliases per field, the fields it cannot do without, their labels in
    messages, and what to export (the roster today; training completions use the same matching)."""

    aliases: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    labels: dict[str, str]
    export: str = "export the roster from ESR with its column names"
    noun: str = "roster"


ROSTER_COLUMNS = Columns(HEADER_ALIASES, REQUIRED, FIELD_LABELS)


def _match_columns(path: Path, headers: list[str], spec: Columns = ROSTER_COLUMNS) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = _normalise_header(header)
        for field_name, aliases in spec.aliases.items():
            if key in aliases and field_name not in found:
                found[field_name] = index
    missing = [spec.labels[f] for f in spec.required if f not in found]
    if missing:
        shown = printable(", ".join(h.strip() for h in headers if h.strip())[:200]) or "none"
        raise RosterFileError(f"{path.name}: no column for {' or '.join(missing)} "
                              f"(columns found: {shown}); {spec.export}", where=path.name)
    return found


@dataclass(frozen=True)
class RawRow:
    row: int
    values: dict[str, str]
    problem: str = ""


def read_rows(path: Path, spec: Columns = ROSTER_COLUMNS) -> tuple[dict[str, str], list[RawRow]]:
    """The file's matched columns and its non-blank rows as {field: text}.

    A row with fewer or more cells than the header is flagged: it is what a file
    cut short, or a comma outside quotes, looks like, and importing it would put
    values in the wrong fields.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RosterFileError(f"{path.name} is {size // 1_048_576} MB; a {spec.noun} over "
                                  f"{MAX_FILE_BYTES // 1_048_576} MB is not expected. Check the file", where=path.name)
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterFileError(f"{path}: no such file", where=str(path)) from None
    except IsADirectoryError:
        raise RosterFileError(f"{path} is a folder; choose a CSV file", where=str(path)) from None
    except OSError as exc:
        raise RosterFileError(f"{path}: cannot be read ({exc.strerror})", where=str(path)) from None
    text = _decode(path, data, spec.noun)
    if not text.strip():
        raise RosterFileError(f"{path.name} is empty", where=path.name)
    first_line = text.lstrip().splitlines()[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise RosterFileError(f"{path.name}: not readable as CSV ({printable(str(exc))}); {SAVE_AS}",
                              where=path.name) from None
    header_index = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_index is None:
        raise RosterFileError(f"{path.name} has no header row; {spec.export}", where=path.name)
    headers = records[header_index]
    columns = _match_columns(path, headers, spec)
    width = len(headers)
    while width > 1 and not headers[width - 1].strip():
        width -= 1  # trailing empty header cells, as Excel sometimes writes
    rows: list[RawRow] = []
    for offset, record in enumerate(records[header_index + 1:], start=header_index + 2):
        if not any(cell.strip() for cell in record):
            continue
        cells = len(record)
        problem = ""
        if cells < width:
            problem = (f"has {cells} of the header's {width} columns; the file may have been cut "
                       "short, so export it again")
        elif cells > len(headers):
            problem = (f"has {cells} cells but the header has {len(headers)}; check for a comma that is "
                       "not inside quotes")
        values = {f: (record[i].strip() if i < len(record) else "") for f, i in columns.items()}
        rows.append(RawRow(offset, values, problem))
    return {f: headers[i].strip() for f, i in columns.items()}, rows


def _staff_from(values: dict[str, str], existing: Staff | None) -> Staff:
    """Build the person the row describes; columns absent from the file keep stored values."""
    problems: dict[str, str] = {}
    changes: dict[str, object] = {}
    for name in ("first_name", "last_name", "preferred_name", "job_title", "email", "hcpc_number"):
        if name in values:
            changes[name] = values[name]
    if "band" in values:
        text = values["band"]
        band = normalise_band(text) if text else None
        if text and band is None:
            problems["band"] = f"'{text}' is not an Agenda for Change band (for example 'Band 6')"
        changes["band"] = band
    if values.get("start_date"):
        try:
            changes["start_date"] = parse_date(values["start_date"])
        except DateFormatError as exc:
            problems["start_date"] = str(exc)
    elif "start_date" in values and existing is None:
        changes["start_date"] = None
    for name in ("prior_appraisal", "next_appraisal"):   # a blank cell keeps what the app holds
        if values.get(name):
            try:
                changes[name] = parse_date(values[name])
            except DateFormatError as exc:
                problems[name] = str(exc)
    if problems:
        raise StaffValidationError(problems)
    base = existing or Staff(assignment_number=values["assignment_number"], first_name="", last_name="")
    person = base.with_changes(**changes)
    if "job_title" in values and (existing is None or existing.job_title != person.job_title):
        person = person.with_changes(role=role_for_job_title(person.job_title))
    return person.validated()


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """Text from the file as a message may show it: control characters as U+XXXX, so a refusal stays one line."""
    return _UNPRINTABLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def _describe(problems: dict[str, str]) -> str:
    return "; ".join(f"{FIELD_LABELS.get(k, k)} {v}" for k, v in problems.items())


def _shown(value: object) -> str:
    """A field value as the preview shows it: UK dates, labels, 'blank' for nothing."""
    if value is None or hasattr(value, "isoformat"):
        return uk(value, "blank")  # type: ignore[arg-type]
    return str(getattr(value, "label", value) or "blank")


def _describe_changes(before: Staff, after: Staff) -> str:
    return "; ".join(f"{FIELD_LABELS[name]}: {_shown(getattr(before, name))} → {_shown(getattr(after, name))}"
                     for name in changed_fields(before, after))


def plan_import(path: Path, repo: StaffRepository) -> RosterPlan:
    """Decide each row's outcome against the workspace; writes nothing."""
    columns, rows = read_rows(path)
    plan = RosterPlan(file=Path(path), columns=columns)
    known = repo.by_assignments()
    seen: dict[str, int] = {}
    for raw in rows:
        row_number, values = raw.row, raw.values
        number = values.get("assignment_number", "")
        name = f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
        if raw.problem:
            plan.rows.append(RosterRow(row_number, Outcome.REFUSED, number, name, raw.problem))
            continue
        if not number:
            plan.rows.append(RosterRow(row_number, Outcome.REFUSED, "", name,
                                       "no assignment number; add it from ESR"))
            continue
        if number in seen:
            plan.rows.append(RosterRow(row_number, Outcome.REFUSED, number, name,
                                       f"assignment number {number} is already on row {seen[number]}"))
            continue
        seen[number] = row_number
        existing = known.get(number)
        try:
            person = _staff_from(values, existing)
        except StaffValidationError as exc:
            plan.rows.append(RosterRow(row_number, Outcome.REFUSED, number, name, _describe(exc.problems)))
            continue
        if existing is None:
            plan.rows.append(RosterRow(row_number, Outcome.ADD, number, person.display_name, "", person))
        elif changed_fields(existing, person):
            plan.rows.append(RosterRow(row_number, Outcome.UPDATE, number, person.display_name,
                                       _describe_changes(existing, person), person))
        else:
            plan.rows.append(RosterRow(row_number, Outcome.UNCHANGED, number, person.display_name))
    for row in plan.rows:
        if row.outcome is Outcome.REFUSED:
            row.reason, row.name, row.assignment_number = (printable(row.reason), printable(row.name),
                                                           printable(row.assignment_number))
    return plan


def apply_plan(plan: RosterPlan, repo: StaffRepository) -> RosterPlan:
    """Write every add and update in one transaction: all of them, or none."""
    adds = [r.staff for r in plan.rows if r.outcome is Outcome.ADD and r.staff]
    updates = [r.staff for r in plan.rows if r.outcome is Outcome.UPDATE and r.staff]
    with repo.db.atomic():
        repo.insert_many(adds, summary_prefix=f"Roster import ({plan.file.name}) added")
        repo.update_many(updates, summary_prefix=f"Roster import ({plan.file.name}) changed")
        audit.record(repo.db, repo.actor, "import", "roster", None,
                     f"Roster {plan.file.name}: {plan.summary()}")
    plan.applied = True
    return plan
