"""HR's figures: the training matrix travelling to stations, one compliance rule on both sides, the TNA
for a planning year, talent and golden thread reports."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desktop.domain.staff import Role
from desktop.domain.tna import PlanningYear, in_year
from desktop.sync import station
from tests.unit.syncing import AS_OF, enrolled_workspace, make_hub


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


def test_merge_small_never_shows_a_group_under_three():
    from collections import Counter

    from desktop.domain.talent import merge_small
    groups = {"a": Counter(people=5, ready_now=2), "b": Counter(people=2, ready_now=1), "c": Counter(people=4)}
    shown = merge_small(groups, "merged")
    assert shown["merged"]["people"] == 6 and shown["merged"]["ready_now"] == 1 and "b" not in shown
    assert all(c["people"] >= 3 for c in shown.values())
    # A lone small group cannot be worked out by subtraction: the next smallest joins it.
    shown = merge_small({"a": Counter(people=5), "b": Counter(people=1)}, "merged")
    assert shown == {"merged": Counter(people=6)}
    assert merge_small({"a": Counter(people=2)}, "merged") == {}


@pytest.fixture
def stations(tmp_path, hub):
    """Three stations' bundles at the hub: IPS (12 staff), CHE (8) and a tiny COL (2)."""
    big = enrolled_workspace(tmp_path, hub, "IPS", staff=12)
    middle = enrolled_workspace(tmp_path, hub, "CHE", staff=8, seed=5)
    small = enrolled_workspace(tmp_path, hub, "COL", staff=2, seed=7)
    for ws in (big, middle, small):
        hub.import_file(station.export_bundle(ws, tmp_path / "out"))
    yield big, middle, small
    for ws in (big, middle, small):
        ws.close()


def test_talent_counts_are_anonymised_and_only_consenting_people_are_named(hub, stations):
    from desktop.hub import reports
    table = reports.talent(hub, AS_OF)
    rows = table.as_dicts()
    assert rows and all(r["people"] >= 3 for r in rows)
    assert not any(r["station"] == "COL" for r in rows), "a station of two is never shown on its own"
    ips_groups = [r for r in rows if r["station"] == "IPS" and r["role"] != "ALL"]
    ips_total = next(r for r in rows if r["station"] == "IPS" and r["role"] == "ALL")
    for column in ("people", "ready_now", "ready_1_2_years", "leadership_yes"):
        assert sum(r[column] for r in ips_groups) == ips_total[column]
    assert ips_total["ready_now"] + ips_total["ready_1_2_years"] + ips_total["not_at_this_time"] <= ips_total["people"]

    pool = reports.talent_pool(hub, AS_OF).as_dicts()
    consenting = set()
    for ws in stations:
        for (staff_id, content) in ws.db.execute(
                "SELECT staff_id, content FROM conversations WHERE kind = 'eadr' AND status = 'signed_off' "
                "ORDER BY coalesce(manager_signed_on, staff_signed_on)").fetchall():
            consenting.discard(staff_id)
            if json.loads(content)["talent"].get("talent_pool_consent"):
                consenting.add(staff_id)
    numbers = {r[0] for ws in stations for r in ws.db.execute(
        f"SELECT assignment_number FROM staff WHERE status = 'active' AND id IN ({','.join('?' * len(consenting))})",
        list(consenting)).fetchall()}
    assert pool and {r["assignment_number"] for r in pool} <= numbers
    assert all(r["leadership_interest"] == "Yes" for r in pool)   # in the demo, those keen on leadership agreed


def test_objectives_by_trust_priority_per_station_and_trust_wide(hub, stations):
    from desktop.hub import reports
    table = reports.objectives(hub, AS_OF).as_dicts()
    priorities = hub.trust_profile().strategic_priorities
    trust = [r for r in table if r["station"] == "ALL"]
    assert [r["trust_priority"] for r in trust][:len(priorities)] == list(priorities)
    assert trust[-1]["trust_priority"] == reports.NOT_LINKED
    for column in ("objectives",):
        assert sum(r[column] for r in trust) == sum(r[column] for r in table if r["station"] != "ALL") > 0
    assert round(sum(r["share_pct"] or 0 for r in trust)) == 100


def test_one_team_gives_the_same_figures_at_the_station_and_at_the_hub(tmp_path, hub, ips):
    """New starters (first EADR not yet due), a leaver, someone with no EADR and no start date, a future
    starter and a call handler (fewer courses): the station's figures and HR's are the same numbers."""
    from datetime import timedelta

    from desktop.domain.staff import Staff
    from desktop.hub import reports
    from desktop.store.home import home_summary
    from desktop.store.team import team_compliance, team_facts
    staff = ips.staff()
    staff.add(Staff("90000001", "Nia", "Starter", "Paramedic", "Band 5", Role.PARAMEDIC,
                    start_date=AS_OF - timedelta(days=90)))
    staff.add(Staff("90000002", "Siân", "Handler", "Call handler", "Band 3", Role.CALL_HANDLER,
                    start_date=AS_OF - timedelta(days=30)))
    staff.add(Staff("90000003", "Tomasz", "Nodate", "Technician", "Band 4", Role.EMT))
    staff.add(Staff("90000004", "Future", "Person", "Paramedic", "Band 5", Role.PARAMEDIC,
                    start_date=AS_OF + timedelta(days=20)))
    # Appraised before the app: one in date by that appraisal, one whom ESR gave a later next date.
    staff.add(Staff("90000005", "Prior", "Appraised", "Paramedic", "Band 6", Role.PARAMEDIC,
                    start_date=date(2015, 5, 1), prior_appraisal=AS_OF - timedelta(days=200)))
    staff.add(Staff("90000006", "Esr", "Dated", "Technician", "Band 4", Role.EMT, start_date=date(2016, 5, 1),
                    prior_appraisal=date(2025, 1, 10), next_appraisal=AS_OF + timedelta(days=40)))
    staff.add(Staff("90000007", "Long", "Ago", "Technician", "Band 4", Role.EMT, start_date=date(2012, 5, 1),
                    prior_appraisal=date(2024, 1, 10)))
    leaver = next(p for p in staff.all() if p.is_active and not p.assignment_number.startswith("9000000"))
    staff.mark_leaver(leaver.id, AS_OF - timedelta(days=10))
    hub.import_file(station.export_bundle(ips, tmp_path / "out"))

    here = team_compliance(ips, AS_OF)
    row = next(r for r in reports.compliance(hub, AS_OF).as_dicts() if r["station"] == "IPS")
    there = (row["active_staff"], row["appraisal_in_date"], row["first_eadr_not_yet_due"], row["training_required"],
             row["training_in_date"], row["appraisal_compliance_pct"], row["training_compliance_pct"])
    assert there == (here.staff, here.appraisal_in_date, here.first_not_yet_due, here.training_required,
                     here.training_in_date, here.appraisal_pct, here.training_pct)
    assert here.first_not_yet_due >= 2 and here.no_date == 1       # the two starters; Tomasz has no date
    facts = team_facts(ips, [p for p in ips.staff().all() if p.is_active], AS_OF)
    by_number = {p.assignment_number: facts[p.id].due for p in ips.staff().all() if p.is_active}
    assert by_number["90000005"].in_date and by_number["90000006"].in_date and not by_number["90000007"].in_date
    active = [p for p in ips.staff().all() if p.is_active]
    assert here.staff == len(active) - 1                              # the future starter is not counted yet
    glance = home_summary(ips, active, team_facts(ips, active, AS_OF), AS_OF).glance
    assert (glance.active_staff, glance.in_date_now) == (here.staff, here.appraisal_in_date)


def test_esr_lists_current_staff_with_review_types_and_pay_progression(tmp_path, hub, ips):
    from datetime import timedelta

    from desktop.domain.conversation import Kind, PayProgression, PayStep
    from desktop.hub import reports
    from desktop.store.conversation_repo import _content
    repo = ips.conversations()
    signed = ips.db.execute("SELECT id, staff_id FROM conversations WHERE kind = 'eadr' AND status = 'signed_off' "
                            "ORDER BY manager_signed_on DESC LIMIT 1").fetchone()
    # Record a pay-progression outcome on the latest signed EADR as the station stores it.
    record = repo.get(signed[0]).with_changes(pay=PayProgression(PayStep.NOT_YET, "Fire safety to renew"))
    ips.db.execute("UPDATE conversations SET content = ? WHERE id = ?", [_content(record), signed[0]])
    person = ips.staff().get(signed[1])
    leaver = next(p for p in ips.staff().all() if p.is_active and p.id != person.id
                  and repo.last_signed(p.id) is not None)
    ips.staff().mark_leaver(leaver.id, AS_OF - timedelta(days=5))
    interim = repo.add_record(repo.get(signed[0]).with_changes(id=None, kind=Kind.INTERIM, objectives=(),
                                                              development=(), pay=PayProgression()),
                              "An interim review, signed")
    ips.db.execute("UPDATE conversations SET staff_signed_on = ?, manager_signed_on = ? WHERE id = ?",
                   [(AS_OF - timedelta(days=3)).isoformat()] * 2 + [interim.id])
    hub.import_file(station.export_bundle(ips, tmp_path / "out"))

    rows = reports.esr(hub, AS_OF).as_dicts()
    review = next(r for r in rows if r["assignment_number"] == person.assignment_number
                  and r["review_type"] == "Interim review")
    assert review["appraisal_date"] == (AS_OF - timedelta(days=3)).isoformat() and not review["pay_progression"]
    numbers = {r["assignment_number"] for r in rows}
    assert leaver.assignment_number not in numbers and person.assignment_number in numbers
    assert {r["staff_status"] for r in rows} == {"Current"}
    mine = next(r for r in rows if r["assignment_number"] == person.assignment_number
                and r["review_type"] == "Annual appraisal (EADR)")
    assert (mine["pay_progression"], mine["pay_progression_reason"]) == ("Not yet", "Fire safety to renew")
    assert mine["appraiser"] and mine["next_appraisal_date"] > mine["appraisal_date"]
    assert mine["period_start_date"] < mine["period_end_date"] == mine["appraisal_date"]
    kinds = {r["review_type"] for r in rows}
    assert {"Annual appraisal (EADR)"} <= kinds <= set(reports.REVIEW_TYPES.values())
    assert Kind.EADR.value in reports.REVIEW_TYPES
    with_leavers = reports.esr(hub, AS_OF, include_leavers=True).as_dicts()
    gone = [r for r in with_leavers if r["assignment_number"] == leaver.assignment_number]
    assert gone and all(r["staff_status"] == "Leaver" and r["next_appraisal_date"] is None for r in gone)


@pytest.mark.parametrize("text, money, expected", [
    ("7.5", False, 7.5), ("", False, None), ("£1,200", True, 1200.0), (" 350 ", True, 350.0),
])
def test_estimates_are_read_as_people_type_them(text, money, expected):
    from desktop.domain.conversation import parse_amount
    assert parse_amount(text, "a number", money) == expected


@pytest.mark.parametrize("text, words", [("seven", "type a number"), ("-3", "between 0"), ("£x", "£350")])
def test_a_bad_estimate_says_what_to_type(text, words):
    from desktop.domain.conversation import parse_amount
    with pytest.raises(ValueError, match=words):
        parse_amount(text, "an amount in pounds", money=True)


def test_estimates_reach_hr_and_an_older_station_without_them_is_still_read(tmp_path, hub, ips):
    from desktop.domain.bundle_schema import BY_NAME
    from desktop.hub import reports
    from desktop.hub.intake import _check_rows
    item = ips.db.execute("SELECT d.id FROM development_items d JOIN staff s ON s.id = d.staff_id "
                          "WHERE s.status = 'active' AND d.status = 'not_started' AND d.target_date >= '2026-04-01' "
                          "AND d.target_date <= '2027-03-31' LIMIT 1").fetchone()[0]
    ips.db.execute("UPDATE development_items SET estimated_hours = 7.5, estimated_cost = 350 WHERE id = ?", [item])
    hub.import_file(station.export_bundle(ips, tmp_path / "out"))
    assert hub.store.db.execute("SELECT estimated_hours, estimated_cost FROM development_items WHERE id = ?",
                                [item]).fetchone() == (7.5, 350)
    trust = [r for r in reports.tna(hub, AS_OF).as_dicts() if r["station"] == "ALL"]
    assert sum(r["estimated_hours"] for r in trust) == 7.5 and sum(r["estimated_cost_gbp"] for r in trust) == 350
    assert sum(r["items_with_estimates"] for r in trust) == 1

    part = BY_NAME["development_items"]
    older = [n for n in part.names if n not in part.optional]
    row = ["d-old", None, "s-1", 0, "Need", "", "", "", None, "not_started", "2026-01-01", "2026-01-01", 1]
    assert len(row) == len(older)

    class Parents:
        def known(self, *_):
            return True
    quarantine: list = []
    good = _check_rows(part, older, [row], Parents(), quarantine)
    assert not quarantine and good[0][part.names.index("estimated_hours")] is None


def test_the_printed_eadr_shows_pay_progression_and_talent_consent(tmp_path, ips):
    from desktop.documents.eadr_record import EadrRecord, RecordContext
    from desktop.domain.conversation import PayProgression, PayStep
    from tests.unit.test_documents import pdf_text
    repo = ips.conversations()
    cid = ips.db.execute("SELECT id FROM conversations WHERE kind = 'eadr' AND status = 'signed_off' LIMIT 1"
                         ).fetchone()[0]
    record = repo.get(cid)
    record = record.with_changes(pay=PayProgression(PayStep.CONFIRMED),
                                 talent=replace(record.talent, talent_pool_consent=True))
    person = ips.staff().get(record.staff_id)
    path = EadrRecord(record, RecordContext(person, "Ipswich", ips.profile()), printed_on=AS_OF).save(
        tmp_path / "eadr.pdf")
    text = " ".join(pdf_text(path).split())
    assert "Pay progression (Agenda for Change)" in text and "Progression confirmed." in text
    assert "Agreed to be put forward" in text


def test_a_hub_made_before_the_matrix_sends_the_matrix_not_its_old_default(hub):
    hub.store.put_setting("training_catalogue", json.dumps({"version": "ambulance-default-2026.1", "courses": [
        {"code": "RESUS-3", "title": "Resuscitation level 3", "renewal_months": 12, "applies_to": []}]}))
    resus = next(c for c in hub.catalogue() if c["code"] == "RESUS-3")
    assert "call_handler" not in resus["applies_to"] and "paramedic" in resus["applies_to"]
    hub.store.put_setting("training_catalogue", json.dumps({"version": "trust-own-1", "courses": [
        {"code": "RESUS-3", "title": "Resuscitation level 3", "renewal_months": 12, "applies_to": []}]}))
    assert hub.catalogue()[0]["applies_to"] == []      # HR's own catalogue is sent as HR wrote it
