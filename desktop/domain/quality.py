"""The quality checklist shown before sign-off and stored as a score for HR's dip samples.

Guidance, not a gate: a manager can sign off with items unticked.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.conversation import Conversation, Kind, Outcome, Readiness


@dataclass(frozen=True)
class CheckItem:
    label: str
    met: bool
    hint: str


def _themes_discussed(c: Conversation) -> tuple[bool, str]:
    missing = []
    if not (c.wellbeing.held_on or c.wellbeing.topics or c.private_notes.strip()):
        missing.append("wellbeing")
    if not any(text.strip() for text in c.values.values()):
        missing.append("values")
    if not (c.new_objectives or any(o.outcome is not Outcome.NOT_REVIEWED for o in c.review_objectives)):
        missing.append("performance")
    t = c.talent
    if not (t.aspirations.strip() or t.readiness is not Readiness.UNSET or t.impact or t.growth):
        missing.append("talent")
    return (not missing, "Not yet discussed: " + ", ".join(missing) if missing else "All four themes discussed")


def checklist(c: Conversation) -> list[CheckItem]:
    items: list[CheckItem] = []
    if c.kind is Kind.EADR:
        ok, hint = _themes_discussed(c)
        items.append(CheckItem("All four themes discussed", ok, hint))
    if c.kind in (Kind.EADR, Kind.INTERIM):
        smart = [o for o in c.new_objectives if o.title.strip() and o.measure.strip() and o.target_date]
        items.append(CheckItem("At least one objective with a measure and a target date", bool(smart),
                               "Add a measure and a target date to an objective" if not smart else
                               f"{len(smart)} objective{'s' if len(smart) != 1 else ''} ready"))
        items.append(CheckItem("A development-plan item", any(d.need.strip() for d in c.development),
                               "Agree at least one thing to learn or develop"))
    else:
        items.append(CheckItem("Wellbeing conversation recorded", bool(c.wellbeing.held_on),
                               "Enter the date the conversation was held"))
    items.append(CheckItem("The staff member's comments", bool(c.signoff.staff_comments.strip()),
                           "Ask for their comments in their own words"))
    items.append(CheckItem("Both signatures", c.signoff.staff_signed and c.signoff.manager_signed,
                           "The staff member and the manager both sign"))
    return items


def score(c: Conversation) -> int:
    """Percentage of checklist items met, 0–100."""
    items = checklist(c)
    return round(100 * sum(i.met for i in items) / len(items))


def missing_before_ready(c: Conversation) -> list[str]:
    """What to add before marking the record ready for sign-off: the checklist's content items
    (the comments and signatures come at sign-off itself). Signing is never blocked by this."""
    return [i.hint for i in checklist(c)[:-2] if not i.met]
