"""HR's figures: the training matrix travelling to stations, one compliance rule on both sides, the TNA
for a planning year, talent and golden thread reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.domain.staff import Role
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
