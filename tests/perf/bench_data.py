"""Data the benchmarks need, built in a temporary folder: workspaces and an ESR-style roster CSV."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from desktop.demo.build import build_demo
from desktop.domain.staff import fold
from desktop.security.unlock import create_workspace
from desktop.store.workspace import Workspace

BENCH_PASSPHRASE = "correct horse battery staple"
ROSTER_HEADER = ("Assignment Number", "First Name", "Last Name", "Position", "Band", "Email", "Start Date")

FIRST_NAMES = ("Siân", "Łukasz", "Małgorzata", "Thảo", "Đức", "Siobhán", "Seán", "Róisín", "Zoë",
               "Chloé", "José", "Amélie", "Jürgen", "Ayşe", "Björn", "Nguyễn", "Priya", "Olusegun",
               "Aled", "Ffion", "Gethin", "Mohammed", "Fatima", "Emily", "Oliver", "Grace", "Jack")
LAST_NAMES = ("O'Brien", "Nguyễn", "Wiśniewski", "Kowalczyk", "Ó Súilleabháin", "MacDonald",
              "Jones", "Davies", "Llywelyn", "Trần", "Lê", "Phạm", "Smith-Jones", "D'Arcy",
              "Okonkwo", "Patel", "Hughes", "Brontë", "Müller", "Żuraw", "Evans", "Taylor")
POSITIONS = (("Paramedic", ("Band 5", "Band 6")),
             ("Specialist Paramedic (Urgent Care)", ("Band 7",)),
             ("Emergency Medical Technician", ("Band 4", "Band 5")),
             ("Emergency Care Assistant", ("Band 3",)),
             ("Patient Transport Service Crew", ("Band 2", "Band 3")),
             ("Emergency Call Handler", ("Band 3", "Band 4")),
             ("Clinical Team Leader", ("Band 7",)),
             ("Operations Manager", ("Band 8a",)))


def make_demo(folder: Path, staff: int) -> Path:
    """A closed demo workspace (passphrase 'demo') with the default Argon2 cost."""
    build_demo(folder, staff=staff).close()
    return folder


def make_empty_workspace(folder: Path) -> Workspace:
    """A fresh, unlocked workspace with no staff."""
    return create_workspace(folder, BENCH_PASSPHRASE, "Bench Station", "Bench Manager")


def write_roster(path: Path, rows: int, seed: int = 7) -> Path:
    """An ESR-style CSV: unique assignment numbers, accented names, UK dates, 'Band 5' bands."""
    rng = random.Random(seed)
    first_day = date(1995, 1, 1)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(ROSTER_HEADER)
        for i in range(rows):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            position, bands = rng.choice(POSITIONS)
            start = first_day + timedelta(days=rng.randint(0, 11_000))
            email_name = "".join(ch for ch in fold(f"{first}.{last}") if ch.isalnum() or ch in ".-")
            out.writerow((f"{40_000_000 + i * 7}", first, last, position, rng.choice(bands),
                          f"{email_name}.{i}@nhs.net", start.strftime("%d/%m/%Y")))
    return path
