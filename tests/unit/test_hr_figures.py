"""HR's figures: the training matrix travelling to stations, one compliance rule on both sides, the TNA
for a planning year, talent and golden thread reports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop.domain.staff import Role
from desktop.domain.tna import PlanningYear, in_year
from desktop.sync import station
from tests.unit.syncing import enrolled_workspace, make_hub


@pytest.fixture
def hub(tmp_path: Path):
    h = make_hub(tmp_path / "hub")
    yield h
    h.close()


@pytest.fixture
def ips(tmp_path: Path, hub):
    ws = enrolled_workspace(tmp_path, hub, "IPS", staff=12)
    yield ws
    ws.close()


def test_hr_reference_bundle_carries_the_role_matrix(tmp_path, hub, ips):
    """HR's own matrix (here: resuscitation level 3 for paramedics only) reaches the station, and the
    station then asks a call handler for level 1 only."""
    hub.import_file(station.export_bundle(ips, tmp_path / "out"))
    matrix = json.loads(Path("resources/training/ambulance.json").read_text(encoding="utf-8"))
    for course in matrix["courses"]:
        if course["code"] == "RESUS-3":
            course["applies_to"] = ["paramedic"]
            course["renewal_months"] = 24
    (tmp_path / "matrix.json").write_text(json.dumps(matrix), encoding="utf-8")
    hub.configure(catalogue=tmp_path / "matrix.json")
    assert station.import_reference(ips, hub.reference_bundle("IPS", tmp_path / "ref")).outcome == "applied"
    courses = ips.training().courses()
    resus3 = next(c for c in courses if c.code == "RESUS-3")
    assert resus3.applies_to == frozenset({Role.PARAMEDIC}) and resus3.renewal_months == 24
    assert not resus3.applies(Role.CALL_HANDLER) and not resus3.applies(Role.EMT)
    assert next(c for c in courses if c.code == "RESUS-1").applies(Role.CALL_HANDLER)
    assert ips.training().courses() == courses   # HR's catalogue stays; the default does not come back


@pytest.mark.parametrize("status, target, raised, expected", [
    ("not_started", date(2026, 9, 1), date(2026, 5, 1), "due"),         # due in the year
    ("done", date(2027, 3, 31), date(2026, 5, 1), "due"),               # delivered in the year: still its need
    ("in_progress", date(2026, 1, 15), date(2025, 6, 1), "carried"),    # due last year, still open
    ("not_started", date(2020, 6, 1), date(2020, 1, 10), None),         # 2020 and never started: stale
    ("done", date(2025, 6, 1), date(2025, 1, 1), None),                 # finished long before
    ("dropped", date(2026, 9, 1), date(2026, 5, 1), None),
    ("not_started", date(2027, 4, 1), date(2026, 5, 1), None),          # next year's need
    ("not_started", None, date(2025, 7, 1), "due"),                     # no target, raised recently
    ("not_started", None, date(2022, 7, 1), None),                      # no target, long ago
    ("not_started", date(2026, 9, 1), date(2027, 5, 1), None),          # written after the year ended
])
def test_which_needs_belong_to_a_planning_year(status, target, raised, expected):
    assert in_year(status, target, raised, PlanningYear(2026)) == expected


def test_planning_years_follow_the_nhs_financial_year():
    assert PlanningYear.containing(date(2026, 11, 28)) == PlanningYear(2026) == PlanningYear.containing(date(2027, 3, 31))
    assert PlanningYear.containing(date(2026, 3, 31)) == PlanningYear(2025)
    assert PlanningYear(2026).label == "2026/27" and PlanningYear(2099).label == "2099/00"
    assert (PlanningYear(2026).start, PlanningYear(2026).end) == (date(2026, 4, 1), date(2027, 3, 31))
