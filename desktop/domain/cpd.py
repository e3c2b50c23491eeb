"""CPD entries as the HCPC standards describe them: dated activities of five types, with a
reflection (What? So what? Now what?), the benefit to service users and evidence."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from desktop.domain.labels import LabelledEnum
from desktop.domain.staff import fold
from desktop.domain.errors import EadrError

# Evidence is kept inside the encrypted database, so a limit keeps the workspace (and the
# sync bundles that carry it) a sensible size. A scanned certificate or a photo fits easily.
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_HOURS = 1000.0


class ActivityType(LabelledEnum):
    """The HCPC's five kinds of learning activity."""

    WORK_BASED = "work_based", "Work-based learning"
    PROFESSIONAL = "professional", "Professional activity"
    FORMAL_EDUCATION = "formal_education", "Formal education"
    SELF_DIRECTED = "self_directed", "Self-directed learning"
    OTHER = "other", "Other"


# For narrow columns and chart axes, where "learning" and "activity" go without saying.
SHORT_LABELS = {ActivityType.WORK_BASED: "Work-based", ActivityType.PROFESSIONAL: "Professional",
                ActivityType.FORMAL_EDUCATION: "Formal education", ActivityType.SELF_DIRECTED: "Self-directed",
                ActivityType.OTHER: "Other"}


class CpdValidationError(EadrError, ValueError):
    """Field name → what to do about it, for inline errors."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()), where=", ".join(problems))
        self.problems = problems


class EvidenceTooLarge(EadrError, ValueError):
    """An evidence file over `MAX_EVIDENCE_BYTES`."""


@dataclass(frozen=True)
class Evidence:
    """An evidence file's details; its bytes stay in the store until someone opens it."""

    id: str
    file_name: str
    media_type: str
    size: int
    sha256: str

    def size_text(self) -> str:
        return size_text(self.size)


@dataclass(frozen=True)
class CpdEntry:
    staff_id: str
    title: str
    start_date: date
    activity_type: ActivityType = ActivityType.WORK_BASED
    hours: float = 0.0
    end_date: date | None = None
    provider: str = ""
    description: str = ""
    reflection_what: str = ""
    reflection_so_what: str = ""
    reflection_now_what: str = ""
    service_user_benefit: str = ""
    evidence_note: str = ""
    quick_capture: bool = False
    evidence: tuple[Evidence, ...] = ()
    development_links: tuple[str, ...] = ()   # development-plan item ids
    id: str | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def waiting_for_reflection(self) -> bool:
        """Quick captures and any entry with no reflection yet: 'reflection to add'."""
        return not (self.reflection_what.strip() or self.reflection_so_what.strip()
                    or self.reflection_now_what.strip())

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence) or bool(self.evidence_note.strip())

    @property
    def natural_key(self) -> tuple[str, str, str, float]:
        return natural_key(self.start_date.isoformat(), self.title, self.activity_type.value, self.hours)

    @property
    def last_date(self) -> date:
        return self.end_date or self.start_date

    def dates_text(self, fmt) -> str:
        """'03/02/2026' or '03/02/2026 – 05/02/2026', with the caller's date format."""
        if self.end_date and self.end_date != self.start_date:
            return f"{fmt(self.start_date)} – {fmt(self.end_date)}"
        return fmt(self.start_date)

    def with_changes(self, **changes: object) -> CpdEntry:
        return replace(self, **changes)  # type: ignore[arg-type]

    def validated(self, today: date) -> CpdEntry:
        """Trimmed text, or `CpdValidationError` naming each field to fix."""
        entry = self.with_changes(title=" ".join(self.title.split()), provider=self.provider.strip())
        problems: dict[str, str] = {}
        if not entry.title:
            problems["title"] = "Give the activity a title, for example 'Sepsis study day'."
        if entry.end_date and entry.end_date < entry.start_date:
            problems["end_date"] = "The end date is before the start date."
        if entry.start_date > today:
            problems["start_date"] = "CPD records what has been done; the date is in the future."
        if not 0 <= entry.hours <= MAX_HOURS:
            problems["hours"] = f"Hours must be between 0 and {MAX_HOURS:g}."
        if problems:
            raise CpdValidationError(problems)
        return entry


@dataclass(frozen=True)
class CpdFilter:
    """What the CPD log shows: words to find, a type, and a date range (all optional)."""

    text: str = ""
    activity_type: ActivityType | None = None
    since: date | None = None
    until: date | None = None
    waiting_only: bool = False

    def matches(self, entry: CpdEntry) -> bool:
        if self.activity_type and entry.activity_type is not self.activity_type:
            return False
        if self.since and entry.last_date < self.since:
            return False
        if self.until and entry.start_date > self.until:
            return False
        if self.waiting_only and not entry.waiting_for_reflection:
            return False
        if self.text:
            haystack = fold(" ".join((entry.title, entry.provider, entry.description, entry.activity_type.label)))
            return all(word in haystack for word in fold(self.text).split())
        return True


def natural_key(start_date: str, title: str, activity_type: str, hours: float) -> tuple[str, str, str, float]:
    """How the same activity typed in twice (or at another employer) is recognised."""
    return start_date, " ".join(title.casefold().split()), activity_type, round(hours, 2)


def size_text(size: int) -> str:
    """'812 KB', '3.4 MB': how people read file sizes."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def check_evidence_size(file_name: str, size: int) -> None:
    if size > MAX_EVIDENCE_BYTES:
        raise EvidenceTooLarge(
            f"{file_name} is {size_text(size)}; evidence files can be up to {size_text(MAX_EVIDENCE_BYTES)}. "
            "Save it as a PDF or scan it at a lower resolution, then add it again.")


def hours_text(hours: float) -> str:
    """7.5 → '7.5', 8.0 → '8': hours as people write them."""
    return f"{hours:g}"
