"""A staff member as the station manager knows them, and the rules for a valid record."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

from desktop.domain.dates import uk
from desktop.domain.labels import LabelledEnum
from desktop.domain.errors import EadrError


class StaffStatus(LabelledEnum):
    ACTIVE = "active", "Active"
    LEAVER = "leaver", "Leaver"


class Role(LabelledEnum):
    """Broad ambulance roles, for filtering; the job title keeps the detail."""

    ADVANCED_PARAMEDIC = "advanced_paramedic", "Advanced paramedic"
    SPECIALIST_PARAMEDIC = "specialist_paramedic", "Specialist paramedic"
    PARAMEDIC = "paramedic", "Paramedic"
    EMT = "emt", "Technician / AAP"
    ECA = "eca", "Care assistant / ASW"
    PTS = "pts", "Patient transport"
    CALL_HANDLER = "call_handler", "Control room"
    MANAGER = "manager", "Team leader / manager"
    OTHER = "other", "Other"

# Checked in order: the first keyword found in a job title decides the role.
_ROLE_KEYWORDS: list[tuple[Role, tuple[str, ...]]] = [
    (Role.ADVANCED_PARAMEDIC, ("advanced paramedic", "advanced practitioner", "acp")),
    (Role.SPECIALIST_PARAMEDIC, ("specialist paramedic", "critical care paramedic", "paramedic practitioner")),
    (Role.MANAGER, ("manager", "team leader", "clinical lead", "supervisor")),
    (Role.PARAMEDIC, ("paramedic",)),
    (Role.EMT, ("technician", "emt", "aap", "associate ambulance practitioner")),
    (Role.ECA, ("emergency care assistant", "eca", "ambulance support worker", "asw", "care assistant")),
    (Role.PTS, ("patient transport", "pts", "ambulance care assistant")),
    (Role.CALL_HANDLER, ("call handler", "dispatcher", "control", "emergency operations", "111")),
]

# Agenda for Change bands as ESR writes them.
BANDS: tuple[str, ...] = (
    "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7",
    "Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9",
)

_BAND_PATTERN = re.compile(r"^\s*(?:afc\s*)?(?:band\s*)?(\d)\s*([a-d])?\s*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ASSIGNMENT = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-]{2,19}$")
_HCPC = re.compile(r"^PA\s?\d{4,6}$", re.IGNORECASE)

# Control characters (NUL, escape, C1 codes, DEL) and the bidirectional overrides used to disguise text
# have no place in a name or a one-line field; whitespace (tab, new line) is folded to one space instead.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_NAME = 100
MAX_TEXT = 200


class StaffValidationError(EadrError, ValueError):
    """One or more fields of a staff record are not acceptable, each with a reason."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{field_name}: {why}" for field_name, why in problems.items()),
                         where=", ".join(problems))


def role_for_job_title(job_title: str) -> Role:
    """Guess a role from a free-text job title (ESR position titles vary by trust)."""
    title = f" {job_title.lower()} "
    for role, keywords in _ROLE_KEYWORDS:
        for keyword in keywords:
            if len(keyword) <= 4:
                if re.search(rf"\b{re.escape(keyword)}\b", title):
                    return role
            elif keyword in title:
                return role
    return Role.OTHER


def normalise_band(text: str) -> str | None:
    """'6', 'Band 6', 'AfC Band 8a', 'band 8 A' -> canonical band, or None if unknown."""
    m = _BAND_PATTERN.match(text or "")
    if not m:
        return None
    candidate = f"Band {m.group(1)}{(m.group(2) or '').lower()}"
    return candidate if candidate in BANDS else None


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_LETTERS = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "’": "'", "‘": "'"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search: 'Siân' and 'sian' match.

    Runs for every cell of a 7,000-row table on unlock, so plain ASCII takes a fast path.
    """
    lowered = text.casefold()
    if lowered.isascii():
        return lowered
    return _COMBINING.sub("", unicodedata.normalize("NFKD", lowered.translate(_LETTERS)))


@dataclass(frozen=True)
class Staff:
    """One staff member (one ESR assignment)."""

    assignment_number: str
    first_name: str
    last_name: str
    job_title: str = ""
    band: str | None = None
    role: Role = Role.OTHER
    preferred_name: str = ""
    hcpc_number: str = ""
    email: str = ""
    start_date: date | None = None
    prior_appraisal: date | None = None   # last appraisal before this app (ESR or paper)
    next_appraisal: date | None = None    # next appraisal date as ESR had it, if given
    status: StaffStatus = StaffStatus.ACTIVE
    leaving_date: date | None = None
    id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    change_seq: int = 0
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def display_name(self) -> str:
        """'Preferred Last' as colleagues say it, falling back to the first name."""
        return f"{self.preferred_name or self.first_name} {self.last_name}".strip()

    @property
    def sort_name(self) -> str:
        return fold(f"{self.last_name}, {self.first_name}")

    @property
    def is_active(self) -> bool:
        return self.status is StaffStatus.ACTIVE

    def with_changes(self, **changes: object) -> Staff:
        return replace(self, **changes)  # type: ignore[arg-type]

    def validated(self) -> Staff:
        """Return a tidied copy, or raise StaffValidationError naming every bad field."""
        tidy = replace(
            self,
            assignment_number=self.assignment_number.strip(),
            first_name=" ".join(self.first_name.split()),
            last_name=" ".join(self.last_name.split()),
            preferred_name=" ".join(self.preferred_name.split()),
            job_title=" ".join(self.job_title.split()),
            hcpc_number=self.hcpc_number.strip().upper().replace(" ", ""),
            email=self.email.strip(),
        )
        problems: dict[str, str] = {}
        for name in ("assignment_number", "first_name", "last_name", "preferred_name", "job_title", "hcpc_number",
                     "email"):
            found = _CONTROL.search(getattr(self, name))
            if found:
                problems[name] = (f"holds an invisible control character (U+{ord(found.group()):04X}); "
                                  "retype it or fix it in the file")
        if problems:
            raise StaffValidationError(problems)
        if not tidy.assignment_number:
            problems["assignment_number"] = "is required (from ESR)"
        elif not _ASSIGNMENT.match(tidy.assignment_number):
            problems["assignment_number"] = (
                f"'{tidy.assignment_number}' should be 3–20 letters, digits or hyphens, as in ESR")
        for name in ("first_name", "last_name"):
            value = getattr(tidy, name)
            if not value:
                problems[name] = "is required"
            elif len(value) > MAX_NAME:
                problems[name] = f"is longer than {MAX_NAME} characters"
        if len(tidy.preferred_name) > MAX_NAME:
            problems["preferred_name"] = f"is longer than {MAX_NAME} characters"
        if len(tidy.job_title) > MAX_TEXT:
            problems["job_title"] = f"is longer than {MAX_TEXT} characters"
        if tidy.band is not None and tidy.band not in BANDS:
            problems["band"] = f"'{tidy.band}' is not an Agenda for Change band"
        if tidy.email and not _EMAIL.match(tidy.email):
            problems["email"] = f"'{tidy.email}' is not an email address"
        if tidy.hcpc_number and not _HCPC.match(tidy.hcpc_number):
            problems["hcpc_number"] = f"'{tidy.hcpc_number}' is not an HCPC paramedic number (PA followed by digits)"
        if tidy.status is StaffStatus.LEAVER and tidy.leaving_date is None:
            problems["leaving_date"] = "is required for a leaver"
        if tidy.prior_appraisal and tidy.next_appraisal and tidy.next_appraisal <= tidy.prior_appraisal:
            problems["next_appraisal"] = (f"{uk(tidy.next_appraisal)} is not after the last appraisal "
                                          f"{uk(tidy.prior_appraisal)}")
        if tidy.leaving_date and tidy.start_date and tidy.leaving_date < tidy.start_date:
            problems["leaving_date"] = f"{uk(tidy.leaving_date)} is before the start date {uk(tidy.start_date)}"
        if problems:
            raise StaffValidationError(problems)
        return tidy


# Fields a roster import may set or compare; identity fields are managed by the store.
ROSTER_FIELDS: tuple[str, ...] = (
    "first_name", "last_name", "preferred_name", "job_title", "band", "role",
    "hcpc_number", "email", "start_date", "prior_appraisal", "next_appraisal",
)

FIELD_LABELS: dict[str, str] = {
    "assignment_number": "Assignment number",
    "first_name": "First name",
    "last_name": "Last name",
    "preferred_name": "Preferred name",
    "job_title": "Job title",
    "band": "Band",
    "role": "Role",
    "hcpc_number": "HCPC registration",
    "email": "Email",
    "start_date": "Start date",
    "prior_appraisal": "Last appraisal before this app",
    "next_appraisal": "Next appraisal (ESR)",
    "status": "Status",
    "leaving_date": "Leaving date",
}
