from datetime import date

import pytest

from desktop.domain.conversation import (
    SECTIONS, Conversation, DevelopmentItem, Kind, Objective, Outcome, Readiness, Section, SignOff, Status, Talent,
    Wellbeing,
)
from desktop.domain.due import DueState, add_months, next_eadr_due
from desktop.domain.quality import checklist, score
from desktop.domain.trust import TrustProfile
from desktop.store.profile import default_profile

TODAY = date(2026, 11, 23)


def test_default_profile_is_eeast_with_its_values_and_prompts_by_behaviour():
    profile = default_profile()
    assert [v.name for v in profile.values] == ["Care", "Teamwork", "Quality", "Respect", "Honesty"]
    assert profile.eadr_interval_months == 12 and len(profile.tna_categories) >= 8
    for section in Section:
        behaviours = [label for label, _ in profile.prompts_for(section.value)]
        assert behaviours == ["Attending", "Understanding", "Empathising", "Helping"]


def test_a_broken_profile_is_named():
    with pytest.raises(ValueError, match="values"):
        TrustProfile.from_dict({"trust": "X", "strategic_priorities": ["a"], "tna_categories": ["b"],
                                "wellbeing_topics": []})


def test_calm_order_of_sections_and_lighter_conversations():
    assert SECTIONS[Kind.EADR] == (Section.WELLBEING, Section.VALUES, Section.PERFORMANCE, Section.TALENT,
                                   Section.DEVELOPMENT, Section.SIGNOFF)
    assert SECTIONS[Kind.INTERIM][0] is Section.WELLBEING and SECTIONS[Kind.INTERIM][-1] is Section.SIGNOFF
    assert SECTIONS[Kind.WELLBEING] == (Section.WELLBEING, Section.SIGNOFF)


@pytest.mark.parametrize("last, start, state, due", [
    (date(2025, 11, 1), None, DueState.OVERDUE, date(2026, 11, 1)),
    (date(2025, 12, 10), None, DueState.DUE_SOON, date(2026, 12, 10)),
    (date(2026, 6, 1), None, DueState.UPCOMING, date(2027, 6, 1)),
    (None, date(2026, 3, 1), DueState.UPCOMING, date(2027, 3, 1)),
    (None, None, DueState.UNKNOWN, None),
])
def test_next_eadr_due(last, start, state, due):
    result = next_eadr_due(last, start, TODAY)
    assert (result.state, result.on) == (state, due)
    assert result.first == (last is None)


def test_due_text_says_the_state_in_words():
    assert next_eadr_due(date(2025, 1, 5), None, TODAY).text() == "Overdue · 05/01/2026"
    assert next_eadr_due(date(2025, 12, 1), None, TODAY).text() == "Due soon · 01/12/2026"
    assert next_eadr_due(date(2026, 5, 1), None, TODAY).text() == "01/05/2027"


def test_interval_is_configurable_and_month_ends_are_kept():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert next_eadr_due(date(2026, 1, 1), None, TODAY, interval_months=6).on == date(2026, 7, 1)


def _complete() -> Conversation:
    return Conversation(
        staff_id="s", wellbeing=Wellbeing(held_on=TODAY), values={"Care": "Stayed with a patient"},
        objectives=(Objective("Mentor a student", "Two placements", date(2027, 6, 1)),),
        development=(DevelopmentItem("ILS instructor"),),
        talent=Talent(readiness=Readiness.ONE_TWO_YEARS),
        signoff=SignOff("Siân Evans", True, "Fair record", TODAY, False, "Jo Taylor", TODAY))


def test_quality_checklist_scores_and_names_what_is_missing():
    assert score(_complete()) == 100
    empty = Conversation(staff_id="s")
    items = checklist(empty)
    assert score(empty) == 0 and len(items) == 5
    assert items[0].hint == "Not yet discussed: wellbeing, values, performance, talent"
    vague = _complete().with_changes(objectives=(Objective("Be better"),))
    assert score(vague) == 80
    assert not checklist(vague)[1].met


def test_reviewing_last_years_objectives_counts_as_discussing_performance():
    c = _complete().with_changes(objectives=(Objective("Old", review=True, outcome=Outcome.MET),))
    assert checklist(c)[0].met


def test_signed_off_only_when_both_have_signed():
    c = _complete()
    assert c.signed().status is Status.SIGNED_OFF
    unsigned_manager = c.with_changes(signoff=SignOff("Siân Evans", True, "", TODAY, False, "Jo", None))
    assert unsigned_manager.signed().status is Status.PLANNED
    on_paper = c.with_changes(signoff=SignOff("", False, "", TODAY, True, "Jo", TODAY))
    assert on_paper.signed().status is Status.SIGNED_OFF
