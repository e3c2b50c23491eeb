"""Build the demo workspace that `make run` opens."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.domain import clock
from desktop.demo.history import add_history
from desktop.demo.learning import add_cpd, add_training
from desktop.demo.people import make_people
from desktop.security.keyfile import DEFAULT_PARAMS, Argon2Params
from desktop.security.unlock import create_workspace
from desktop.store.info import DEMO_PASSPHRASE
from desktop.store.workspace import Workspace

MAX_STAFF = 7000
DEMO_STATION = "Ipswich Ambulance Station"
DEMO_MANAGER = "Jo Taylor"


def build_demo(folder: Path, staff: int = 40, years: int = 5, seed: int = 2026,
               as_of: date | None = None, params: Argon2Params = DEFAULT_PARAMS) -> Workspace:
    """A demo workspace with `staff` made-up people; the passphrase is 'demo'."""
    if not 1 <= staff <= MAX_STAFF:
        raise ValueError(f"--staff must be between 1 and {MAX_STAFF}")
    if not 1 <= years <= 20:
        raise ValueError("--years must be between 1 and 20")
    workspace = create_workspace(folder, DEMO_PASSPHRASE, DEMO_STATION, DEMO_MANAGER,
                                 station_code="IPS", demo=True, params=params)
    today = as_of or clock.today()
    people = make_people(staff, years, seed, today)
    repo = workspace.staff()
    with workspace.db.atomic():
        stored = repo.insert_many(people, summary_prefix="Demo data added")
        add_history(workspace.conversations(), stored, workspace.profile(), years, seed, today)
        add_cpd(workspace.cpd(), stored, years, seed, today)
        add_training(workspace.training(), stored, seed, today)
    return workspace
