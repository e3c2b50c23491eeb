"""Years of made-up EADR history for the demo: signed records, some overdue, some in progress."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from desktop.domain.conversation import (
    Conversation, DevelopmentItem, ItemStatus, Kind, Objective, Outcome, Readiness, SignOff, Status, Talent,
    Wellbeing, WellbeingAction,
)
from desktop.domain.due import add_months
from desktop.domain.staff import Staff
from desktop.domain.trust import TrustProfile
from desktop.store.conversation_repo import ConversationRepository

OBJECTIVES = [
    ("Mentor a student paramedic through two placements", "Positive placement feedback from the university"),
    ("Complete the ILS instructor course", "Certificate and first course taught"),
    ("Improve handover times at the local emergency department", "Median handover under 15 minutes on audit"),
    ("Lead the station's infection prevention audits", "Monthly audits at 95% or above"),
    ("Complete the safeguarding level 3 update", "ESR shows the module complete"),
    ("Take part in the frequent-caller project", "Two case reviews presented to the team"),
    ("Reduce vehicle restock errors on shift", "No missing-kit reports for three months"),
    ("Support new starters through their first month", "Buddy feedback from two new starters"),
]
DEVELOPMENT = [
    ("Confidence with end-of-life care conversations", "Clinical skills and practice", "Hospice study day"),
    ("Blue-light driving refresher", "Driving and fleet", "Fleet refresher course"),
    ("First-line management skills", "Leadership and management", "Trust's leading teams programme"),
    ("Mental health crisis response", "Mental health and wellbeing", "Shadow the mental health car"),
    ("Using the electronic patient record well", "Digital skills and systems", "e-learning and a super-user"),
    ("Safeguarding adults level 3", "Safeguarding", "Trust e-learning and workshop"),
    ("Degree top-up in paramedic science", "Education and qualifications", "University module, part funded"),
]
REFLECTIONS = {
    "Care": "Stayed with a frightened patient's wife until her daughter arrived, after a long job.",
    "Teamwork": "Covered a colleague's late finish twice in the winter so they could get to childcare.",
    "Quality": "Spotted an out-of-date drug pack at vehicle check and reported it properly.",
    "Respect": "Made sure a Welsh-speaking patient could be assessed in Welsh by a crew member.",
    "Honesty": "Raised a near miss with the clinical team leader the same shift.",
}
ASPIRATIONS = ["Specialist paramedic in urgent care within three years", "Stay on the road and mentor more",
               "Move into clinical team leader role", "Education: become a practice educator",
               "Control room clinical navigator", "Not sure yet; enjoys the current role"]


def _signed_eadr(rng: random.Random, person: Staff, profile: TrustProfile, on: date, manager: str,
                 previous: Conversation | None) -> Conversation:
    reviews = tuple(o.__class__(**{**o.__dict__, "id": None, "review": True, "carried_from": o.id,
                                   "outcome": rng.choice([Outcome.MET, Outcome.MET, Outcome.PARTLY_MET,
                                                          Outcome.NOT_MET]),
                                   "evidence": "Discussed with examples from the year."})
                    for o in (previous.new_objectives if previous else ()))
    new = tuple(Objective(title=t, measure=m, target_date=add_months(on, rng.choice((6, 9, 12))),
                          priority=rng.choice(profile.strategic_priorities))
                for t, m in rng.sample(OBJECTIVES, rng.randint(1, 3)))
    need, category, action = rng.choice(DEVELOPMENT)
    development = (DevelopmentItem(need=need, tna_category=category, action=action, support="Study time on rota",
                                   target_date=add_months(on, 9),
                                   status=rng.choice(list(ItemStatus)[:3])),)
    values = {v.name: REFLECTIONS.get(v.name, "") for v in rng.sample(list(profile.values), rng.randint(2, 5))}
    eadr = Conversation(
        staff_id=person.id or "", kind=Kind.EADR, status=Status.SIGNED_OFF,
        wellbeing=Wellbeing(held_on=on, topics=tuple(rng.sample(profile.wellbeing_topics, 2)),
                            actions=(WellbeingAction("Check in after the winter rota", False),),
                            next_review=add_months(on, 6) if rng.random() < 0.2 else None),
        private_notes="(demo) Talked about sleep after night shifts and family.",
        values=values, objectives=reviews + new, development=development,
        talent=Talent(aspirations=rng.choice(ASPIRATIONS), impact=rng.choice(["moderate", "high"]),
                      growth=rng.choice(["low", "moderate", "high"]),
                      readiness=rng.choice([Readiness.ONE_TWO_YEARS, Readiness.NOT_AT_THIS_TIME, Readiness.READY_NOW]),
                      leadership_interest=rng.choice(["yes", "maybe", "no"])),
        summary="A good year. Agreed objectives and one development need; wellbeing check-in in six months.",
        signoff=SignOff(staff_name=f"{person.first_name} {person.last_name}", staff_agreed=True,
                        staff_comments="Thanks for the time to talk.", staff_signed_on=on,
                        manager_name=manager, manager_signed_on=on),
    )
    # Those keen on leadership agreed to HR's talent pool (no extra draw, so the demo's other figures stay put).
    return eadr.with_changes(talent=replace(eadr.talent, talent_pool_consent=eadr.talent.leadership_interest == "yes"))


def add_history(repo: ConversationRepository, people: list[Staff], profile: TrustProfile, years: int,
                seed: int, as_of: date) -> int:
    """Signed EADRs about once a year while each person was in post; returns how many records."""
    rng = random.Random(seed + 1)
    count = 0
    for person in people:
        if person.start_date is None or person.id is None:
            continue
        end = person.leaving_date or as_of
        # About four in five in date, as trusts report; some due soon, some overdue.
        days_ago = rng.choices([rng.randint(20, 320), rng.randint(335, 365), rng.randint(380, 600)],
                               weights=[72, 10, 18])[0]
        last = end - timedelta(days=days_ago)
        dates = []
        on = last
        while on > person.start_date + timedelta(days=180) and len(dates) < years:
            dates.append(on)
            on = add_months(on, -12) - timedelta(days=rng.randint(-20, 20))
        previous = None
        for day in reversed(dates):
            previous = repo.add_record(_signed_eadr(rng, person, profile, day, repo.actor, previous),
                                       f"Demo data: EADR signed {day.isoformat()}")
            count += 1
        if person.is_active and rng.random() < 0.08:
            conversation = repo.start(person.id, Kind.EADR)
            repo.save(conversation.with_changes(wellbeing=Wellbeing(held_on=as_of - timedelta(days=2)),
                                                current_section="values"))
            count += 1
    return count
