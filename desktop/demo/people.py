"""Deterministic made-up staff across real ambulance roles and Agenda for Change bands."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.staff import Role, Staff, StaffStatus, fold
from desktop.paths import resource_path


@dataclass(frozen=True)
class RoleMix:
    role: Role
    share: float
    titles: tuple[str, ...]
    bands: tuple[str, ...]
    registered: bool = False


# Proportions resemble a frontline station; control room and PTS staff are fewer.
ROLE_MIX: tuple[RoleMix, ...] = (
    RoleMix(Role.PARAMEDIC, 0.34, ("Paramedic",), ("Band 5", "Band 6", "Band 6", "Band 6"), True),
    RoleMix(Role.SPECIALIST_PARAMEDIC, 0.06, ("Specialist Paramedic (Urgent Care)",
                                              "Critical Care Paramedic"), ("Band 7",), True),
    RoleMix(Role.ADVANCED_PARAMEDIC, 0.02, ("Advanced Paramedic Practitioner",), ("Band 7", "Band 8a"), True),
    RoleMix(Role.EMT, 0.22, ("Emergency Medical Technician", "Associate Ambulance Practitioner"),
            ("Band 4", "Band 5")),
    RoleMix(Role.ECA, 0.16, ("Emergency Care Assistant", "Ambulance Support Worker"), ("Band 3",)),
    RoleMix(Role.PTS, 0.08, ("Patient Transport Service Crew", "Ambulance Care Assistant (PTS)"),
            ("Band 2", "Band 3")),
    RoleMix(Role.CALL_HANDLER, 0.05, ("Emergency Call Handler", "Emergency Medical Dispatcher"),
            ("Band 3", "Band 4")),
    RoleMix(Role.MANAGER, 0.07, ("Clinical Team Leader", "Station Officer", "Operations Manager"),
            ("Band 7", "Band 7", "Band 8a"), True),
)


def _names() -> tuple[list[str], list[str]]:
    data = json.loads(resource_path("demo", "names.json").read_text(encoding="utf-8"))
    return data["first_names"], data["last_names"]


def _email_part(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum() or ch == "-") or "staff"


def make_people(count: int, years: int, seed: int, as_of: date) -> list[Staff]:
    """`count` people, the same for the same arguments. Some left during the last `years`."""
    rng = random.Random(seed)
    first_names, last_names = _names()
    weights = [m.share for m in ROLE_MIX]
    people: list[Staff] = []
    used_assignments: set[str] = set()
    used_emails: set[str] = set()
    for _ in range(count):
        mix = rng.choices(ROLE_MIX, weights)[0]
        first, last = rng.choice(first_names), rng.choice(last_names)
        number = f"{rng.randint(10_000_000, 39_999_999)}"
        while number in used_assignments:
            number = f"{rng.randint(10_000_000, 39_999_999)}"
        used_assignments.add(number)
        email = f"{_email_part(first)}.{_email_part(last)}@nhs.net"
        suffix = 2
        while email in used_emails:
            email = f"{_email_part(first)}.{_email_part(last)}{suffix}@nhs.net"
            suffix += 1
        used_emails.add(email)
        service_days = int(rng.triangular(30, 365 * 22, 365 * 4))
        start = as_of - timedelta(days=service_days)
        status, leaving = StaffStatus.ACTIVE, None
        if rng.random() < 0.08:
            leaving = as_of - timedelta(days=rng.randint(7, max(8, 365 * years)))
            if leaving > start:
                status = StaffStatus.LEAVER
            else:
                leaving = None
        preferred = ""
        if rng.random() < 0.06:
            preferred = {"William": "Will", "Thomas": "Tom", "Katarzyna": "Kasia", "Samuel": "Sam",
                         "Joshua": "Josh", "Daniel": "Dan", "Rebecca": "Becky", "Krzysztof": "Krzysiek",
                         "Margaret": "Maggie"}.get(first, "")
        people.append(Staff(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            assignment_number=number,
            first_name=first,
            last_name=last,
            preferred_name=preferred,
            job_title=rng.choice(mix.titles),
            role=mix.role,
            band=rng.choice(mix.bands),
            hcpc_number=f"PA{rng.randint(10000, 99999)}" if mix.registered else "",
            email=email,
            start_date=start,
            status=status,
            leaving_date=leaving,
        ))
    return people
