"""Made-up CPD logs and training records for the demo: years of activity, a few entries still
waiting for reflection, and training that is mostly in date with some expiring or expired."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from desktop.domain.cpd import ActivityType, CpdEntry
from desktop.domain.due import add_months
from desktop.domain.staff import Role, Staff
from desktop.domain.training import Course
from desktop.store.cpd_repo import CpdRepository
from desktop.store.training_repo import TrainingRepository

ACTIVITIES: list[tuple[ActivityType, str, str, float]] = [
    (ActivityType.WORK_BASED, "Case review: paediatric asthma with the clinical lead", "Clinical lead", 1.5),
    (ActivityType.WORK_BASED, "Mentored a student paramedic on placement", "University of Suffolk", 6),
    (ActivityType.WORK_BASED, "Reflective debrief after a cardiac arrest with ROSC", "Station team", 1),
    (ActivityType.WORK_BASED, "Shadowed the mental health response car", "Mental health team", 8),
    (ActivityType.PROFESSIONAL, "Presented a sepsis update at the station meeting", "Station team", 2),
    (ActivityType.PROFESSIONAL, "Member of the clinical audit working group", "Trust", 3),
    (ActivityType.PROFESSIONAL, "Peer review of patient care records", "Clinical governance", 2),
    (ActivityType.FORMAL_EDUCATION, "Advanced life support (ALS) course", "Resuscitation Council UK", 15),
    (ActivityType.FORMAL_EDUCATION, "Minor injuries module", "University of East Anglia", 30),
    (ActivityType.FORMAL_EDUCATION, "Safeguarding adults level 3 workshop", "Trust education team", 7),
    (ActivityType.SELF_DIRECTED, "Read JRCALC update on pain management", "JRCALC", 1),
    (ActivityType.SELF_DIRECTED, "e-learning: frailty and falls", "e-Learning for Healthcare", 2),
    (ActivityType.SELF_DIRECTED, "Journal article on pre-hospital stroke scales", "Journal of Paramedic Practice", 1),
    (ActivityType.SELF_DIRECTED, "Podcast series on human factors", "Self", 3),
    (ActivityType.OTHER, "Volunteered as first aider at a county show", "St John Ambulance", 8),
]
WHAT = ["Attended a call where the usual pathway did not fit the patient.",
        "Spent the day with a team I rarely work alongside.",
        "Learned an updated approach to assessment and treatment."]
SO_WHAT = ["I realised I had been relying on habit rather than the current guidance.",
           "It showed me how much earlier we could involve other services.",
           "My confidence with this group of patients was lower than I thought."]
NOW_WHAT = ["I now use the updated checklist on every relevant call and have shared it with my crewmate.",
            "I will refer earlier and have saved the direct numbers on the station board.",
            "I have booked the next module and asked for a mentor on shift."]
BENEFIT = "Patients get a more consistent assessment and are referred to the right service sooner."
CLINICAL = {Role.ADVANCED_PARAMEDIC, Role.SPECIALIST_PARAMEDIC, Role.PARAMEDIC, Role.EMT}


def _certificate(title: str, person: Staff, on: date) -> bytes:
    """A small real PDF, so the demo's evidence opens like a scanned certificate would."""
    from reportlab.lib.pagesizes import A5, landscape
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A5))
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawCentredString(297, 300, "Certificate of attendance")
    canvas.setFont("Helvetica", 12)
    canvas.drawCentredString(297, 250, f"{person.first_name} {person.last_name}")
    canvas.drawCentredString(297, 225, title)
    canvas.drawCentredString(297, 200, on.strftime("%d/%m/%Y"))
    canvas.save()
    return buffer.getvalue()


def _entries_for(rng: random.Random, person: Staff, years: int, as_of: date) -> list[CpdEntry]:
    start = max(person.start_date or as_of, add_months(as_of, -12 * years))
    end = person.leaving_date or as_of
    per_year = rng.randint(8, 16) if person.role in CLINICAL else rng.randint(2, 6)
    count = max(0, int(per_year * (end - start).days / 365))
    entries = []
    for _ in range(count):
        kind, title, provider, hours = rng.choice(ACTIVITIES)
        on = start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
        waiting = (end - on).days < 90 and rng.random() < 0.4   # recent ones may still need reflecting on
        entries.append(CpdEntry(
            staff_id=person.id or "", title=title, start_date=on, activity_type=kind, hours=hours,
            end_date=on + timedelta(days=2) if hours >= 15 else None, provider=provider,
            description=f"{title}.", quick_capture=waiting,
            reflection_what="" if waiting else rng.choice(WHAT),
            reflection_so_what="" if waiting else rng.choice(SO_WHAT),
            reflection_now_what="" if waiting else rng.choice(NOW_WHAT),
            service_user_benefit="" if waiting else BENEFIT,
            evidence_note="" if waiting else rng.choice(["Certificate in portfolio", "Reflective log in portfolio",
                                                        "Notes from the session", "Email from the clinical lead"])))
    return sorted(entries, key=lambda e: e.start_date)


def add_cpd(repo: CpdRepository, people: list[Staff], years: int, seed: int, as_of: date,
            certificates_for: int = 10) -> int:
    """CPD logs for everyone; the first few people also get PDF certificates as evidence files."""
    rng = random.Random(seed + 2)
    entries: list[CpdEntry] = []
    with_files: list[tuple[Staff, CpdEntry]] = []
    for index, person in enumerate(people):
        mine = _entries_for(rng, person, years, as_of)
        entries.extend(mine)
        if index < certificates_for:
            with_files.extend((person, e) for e in mine if e.activity_type is ActivityType.FORMAL_EDUCATION)
    ids = dict(zip((id(e) for e in entries), repo.insert_many(entries, f"Demo data: {len(entries)} CPD entries")))
    for person, entry in with_files:
        repo.add_evidence(ids[id(entry)], f"certificate-{entry.start_date.isoformat()}.pdf",
                          _certificate(entry.title, person, entry.start_date))
    return len(entries)


def add_training(repo: TrainingRepository, people: list[Staff], seed: int, as_of: date) -> int:
    """The latest completion of each course (and the one before), spread so most are in date."""
    rng = random.Random(seed + 3)
    courses = repo.courses()
    records: list[tuple[str, Course, date]] = []
    for person in people:
        if not person.is_active or person.id is None:
            continue
        for course in courses:
            if not course.applies(person.role) or rng.random() < 0.01:
                continue   # never done
            cycle = course.renewal_months or 36
            # Most within their cycle; some slipping past it.
            age_days = int(rng.choices([rng.uniform(0, cycle * 30 - 70), rng.uniform(cycle * 30 - 70, cycle * 30),
                                        rng.uniform(cycle * 30, cycle * 30 + 200)], weights=[95, 3, 2])[0])
            done = as_of - timedelta(days=age_days)
            if person.start_date and done < person.start_date:
                done = person.start_date + timedelta(days=rng.randint(5, 40))
                if done > as_of:
                    continue
            records.append((person.id, course, done))
            earlier = add_months(done, -cycle)
            if person.start_date and earlier > person.start_date:
                records.append((person.id, course, earlier))
    repo.insert_many(records, f"Demo data: {len(records)} training records")
    return len(records)
