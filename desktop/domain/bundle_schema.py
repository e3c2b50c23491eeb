"""Which records travel in a station bundle, and the shape each must have (bundle schema 1).

Shared by the station (what to export) and the hub (what to accept). Columns a
station has but this list lacks never leave the workspace: above all
conversations.private_notes, the wellbeing detail that stays between manager
and staff member. No SQL here; the stores read and write by these names.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT, TEXT_OR_NULL, INT, INT_OR_NULL, REAL, REAL_OR_NULL = "text", "text?", "int", "int?", "real", "real?"
_ALLOWED: dict[str, tuple[type, ...]] = {
    TEXT: (str,), TEXT_OR_NULL: (str, type(None)), INT: (int,), INT_OR_NULL: (int, type(None)),
    REAL: (int, float), REAL_OR_NULL: (int, float, type(None)),
}
STAMPS = (("created_at", TEXT), ("updated_at", TEXT), ("change_seq", INT))


@dataclass(frozen=True)
class Part:
    """One table as it travels: its columns and types, and which parent each row needs."""

    name: str
    columns: tuple[tuple[str, str], ...]
    parents: tuple[tuple[str, str], ...] = ()   # (column, parent part)
    stamped: bool = True
    optional: frozenset[str] = frozenset()     # added later: a bundle from an older station may lack them (null)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)

    def allowed(self) -> list[tuple[type, ...]]:
        return [_ALLOWED[kind] for _, kind in self.columns]


def _part(name: str, columns: tuple[tuple[str, str], ...], parents: tuple[tuple[str, str], ...] = (),
          optional: tuple[str, ...] = ()) -> Part:
    return Part(name, (("id", TEXT), *columns, *STAMPS), parents, optional=frozenset(optional))


PARTS: tuple[Part, ...] = (
    _part("staff", (("assignment_number", TEXT), ("first_name", TEXT), ("last_name", TEXT),
                    ("preferred_name", TEXT), ("job_title", TEXT), ("role", TEXT), ("band", TEXT_OR_NULL),
                    ("hcpc_number", TEXT), ("email", TEXT), ("start_date", TEXT_OR_NULL), ("status", TEXT),
                    ("leaving_date", TEXT_OR_NULL), ("prior_appraisal", TEXT_OR_NULL), ("next_appraisal", TEXT_OR_NULL)),
          optional=("prior_appraisal", "next_appraisal")),
    # content is redacted before export (see redact_content); private_notes is not listed at all.
    _part("conversations", (("staff_id", TEXT), ("kind", TEXT), ("status", TEXT), ("period_start", TEXT_OR_NULL),
                            ("period_end", TEXT_OR_NULL), ("held_on", TEXT_OR_NULL), ("held_by", TEXT),
                            ("content", TEXT), ("staff_signed_on", TEXT_OR_NULL), ("staff_signature", TEXT),
                            ("staff_agreed", INT), ("staff_comments", TEXT), ("signed_on_paper", INT),
                            ("manager_signed_on", TEXT_OR_NULL), ("manager_signature", TEXT),
                            ("quality_score", INT_OR_NULL), ("next_review_on", TEXT_OR_NULL)),
          (("staff_id", "staff"),)),
    _part("objectives", (("conversation_id", TEXT), ("staff_id", TEXT), ("position", INT), ("title", TEXT),
                         ("measure", TEXT), ("target_date", TEXT_OR_NULL), ("priority", TEXT), ("outcome", TEXT),
                         ("evidence", TEXT), ("review", INT), ("carried_from", TEXT_OR_NULL)),
          (("staff_id", "staff"), ("conversation_id", "conversations"))),
    _part("development_items", (("conversation_id", TEXT_OR_NULL), ("staff_id", TEXT), ("position", INT),
                                ("need", TEXT), ("tna_category", TEXT), ("action", TEXT), ("support", TEXT),
                                ("target_date", TEXT_OR_NULL), ("status", TEXT), ("estimated_hours", REAL_OR_NULL),
                                ("estimated_cost", REAL_OR_NULL)),
          (("staff_id", "staff"),), optional=("estimated_hours", "estimated_cost")),
    _part("cpd_entries", (("staff_id", TEXT), ("start_date", TEXT), ("end_date", TEXT_OR_NULL), ("title", TEXT),
                          ("activity_type", TEXT), ("hours", REAL), ("provider", TEXT), ("description", TEXT),
                          ("reflection_what", TEXT), ("reflection_so_what", TEXT), ("reflection_now_what", TEXT),
                          ("service_user_benefit", TEXT), ("evidence_note", TEXT), ("quick_capture", INT)),
          (("staff_id", "staff"),)),
    # The file itself travels as the archive entry evidence/<id>; its hash is checked against sha256.
    _part("cpd_evidence", (("cpd_entry_id", TEXT), ("file_name", TEXT), ("media_type", TEXT), ("size", INT),
                           ("sha256", TEXT)),
          (("cpd_entry_id", "cpd_entries"),)),
    _part("training_courses", (("code", TEXT), ("title", TEXT), ("renewal_months", INT_OR_NULL),
                               ("mandatory", INT), ("applies_to", TEXT))),
    _part("training_records", (("staff_id", TEXT), ("course_id", TEXT), ("completed_on", TEXT),
                               ("expires_on", TEXT_OR_NULL)),
          (("staff_id", "staff"), ("course_id", "training_courses"))),
    # That a 360 round took place: its dates, invitations and responses per group (JSON counts), and once
    # closed the colleague groups' mean per dimension (groups of 3 or more only; see docs/feedback-360.md).
    # Never a rating, comment or anything per rater: the station holds none.
    _part("feedback_rounds", (("staff_id", TEXT), ("opened_on", TEXT), ("closes_on", TEXT),
                              ("closed_on", TEXT_OR_NULL), ("invited", TEXT), ("responses", TEXT_OR_NULL),
                              ("dimension_means", TEXT_OR_NULL), ("results_on", TEXT_OR_NULL),
                              ("withdrawn_on", TEXT_OR_NULL)),
          (("staff_id", "staff"),), optional=("results_on", "withdrawn_on")),
    # Staff verdicts on their conversations (docs/staff-verdict.md): running counts per quarter, question and
    # answer, and optional comments age-encrypted to HR's hub key at the moment they were typed. Nothing per
    # person or per conversation: the station holds none.
    _part("verdict_counts", (("quarter", TEXT), ("question", TEXT), ("answer", TEXT), ("count", INT))),
    _part("verdict_comments", (("quarter", TEXT), ("sealed", TEXT))),
    Part("tombstones", (("id", TEXT), ("entity", TEXT), ("deleted_at", TEXT), ("change_seq", INT)), stamped=False),
)
BY_NAME = {p.name: p for p in PARTS}
# Links have no change stamp of their own: each exported CPD entry carries its whole set.
LINKS = Part("cpd_development_links", (("cpd_entry_id", TEXT), ("development_item_id", TEXT)), stamped=False)
# 360 responses of closed rounds, each sealed by the rater to HR's age key (base64 of age ciphertext); carried in
# every bundle until HR's results come back. The hub opens them in memory and keeps only the merged results; it
# has no table of them. Optional: a bundle from an older station has none.
SEALED = Part("feedback_sealed", (("round_id", TEXT), ("sealed", TEXT)), stamped=False)
# Sent back in HR's reference bundle: the merged results of each round (domain/leadership.results_to_json).
RESULTS = Part("feedback_results", (("round_id", TEXT), ("workspace_id", TEXT), ("staff_id", TEXT),
                                    ("results", TEXT), ("computed_at", TEXT)), stamped=False)

# Values the stations' CHECK constraints allow; the hub checks them again, as a station may be older.
ENUMS: dict[tuple[str, str], frozenset[str]] = {
    ("staff", "status"): frozenset({"active", "leaver"}),
    ("conversations", "kind"): frozenset({"eadr", "interim", "wellbeing"}),
    ("conversations", "status"): frozenset({"planned", "in_progress", "awaiting_signoff", "signed_off"}),
    ("development_items", "status"): frozenset({"not_started", "in_progress", "done", "dropped"}),
    ("cpd_entries", "activity_type"): frozenset({"work_based", "professional", "formal_education",
                                                 "self_directed", "other"}),
}


def redact_content(content: dict) -> dict:
    """A conversation's content as HR may see it: that wellbeing was discussed, when, when next,
    and only the actions the staff member agreed to share. Topics and notes stay behind."""
    wellbeing = content.get("wellbeing") or {}
    shared = [a for a in wellbeing.get("actions", ()) if isinstance(a, dict) and a.get("share_with_hr")]
    return {**{k: v for k, v in content.items() if k != "wellbeing"},
            "wellbeing": {"held_on": wellbeing.get("held_on"), "held_by": wellbeing.get("held_by", ""),
                          "next_review": wellbeing.get("next_review"), "actions": shared}}
