"""HR's dip-sample review: a reproducible sample per station and quarter, HR's checklist score and comment,
carried back in the reference bundle to the manager (Home and the signed record), and the dip reports."""

from __future__ import annotations

import json
from datetime import date

import pytest
from syncing import AS_OF, HUB_PASSPHRASE, enrolled_workspace, make_hub

from desktop.cli import main
from desktop.domain import dip
from desktop.domain.home import ReminderKind
from desktop.hub import reports
from desktop.hub.service import HubError
from desktop.store import sync_state
from desktop.store.home import home_summary
from desktop.store.team import team_facts
from desktop.sync import station
from desktop.ui.conversation.page import hr_review_text


def test_the_sample_is_seeded_by_station_and_period_and_sized_ten_percent_at_least_two():
    ids = [f"id{n:03d}" for n in range(45)]
    q3 = dip.Period.parse("2026-q3")
    assert (q3.start, q3.end, str(q3)) == (date(2026, 7, 1), date(2026, 9, 30), "2026-Q3")
    first = dip.draw(ids, "IPS", q3)
    assert len(first) == 5 and first == dip.draw(list(reversed(ids)), "ips", q3)
    assert first != dip.draw(ids, "IPS", dip.Period(2026, 2)) or first != dip.draw(ids, "CHE", q3)
    assert [dip.sample_size(n) for n in (0, 1, 3, 20, 21)] == [0, 1, 2, 2, 3]
    with pytest.raises(ValueError, match="2026-Q3"):
        dip.Period.parse("Q3 2026")


def _team_with_hub(tmp_path):
    hub = make_hub(tmp_path / "hub")
    ips = enrolled_workspace(tmp_path, hub, "IPS", staff=12)
    assert hub.import_file(station.export_bundle(ips, tmp_path / "out")).outcome == "applied"
    return hub, ips


def test_hr_scores_a_sampled_record_and_the_manager_sees_it(tmp_path):
    hub, ips = _team_with_hub(tmp_path)
    try:
        signed = hub.store.signed_eadrs_at("IPS", "2000-01-01", AS_OF.isoformat())
        period = str(dip.Period.of(date.fromisoformat(max(r["signed_on"] for r in signed))))
        sample = hub.dip_sample("IPS", period)
        assert sample and sample == hub.dip_sample("ips", period)          # the same sample every time
        chosen = sample[0]
        record = hub.dip_record(chosen["id"])
        assert "private_notes" not in record and record["checklist"] == dip.checklist_labels()
        assert all(o.keys() >= {"title", "measure"} for o in record["objectives"])

        with pytest.raises(HubError, match="5 items"):
            hub.review_record(chosen["id"], [True, True], "too few")
        review = hub.review_record(chosen["id"], [True, False, True, True, True],
                                   "Objectives need a measure <b>and</b> a date.")
        assert review["score"] == 80 and review["station_score"] == chosen["quality_score"]
        again = hub.dip_sample("IPS", period)
        assert again[0]["hr_score"] == 80 and again[0]["hr_comment"].startswith("Objectives")

        dip_table = reports.dip_sample(hub, AS_OF, per_station=50)
        row = next(r for r in dip_table.as_dicts() if r["conversation_id"] == chosen["id"])
        assert (row["quality_score"], row["hr_score"]) == (chosen["quality_score"], 80)
        quality = reports.dip_quality(hub, AS_OF).as_dicts()
        assert len(quality) == 8 and quality[-1]["quarter"] == str(dip.Period.of(AS_OF))
        reviewed = next(r for r in quality if r["quarter"] == period)
        assert reviewed["hr_reviewed"] == 1 and reviewed["hr_score_avg"] == 80.0 and reviewed["eadrs_signed"] >= 1

        outcome = station.import_reference(ips, hub.reference_bundle("IPS", tmp_path / "ref"))
        assert outcome.outcome == "applied" and "HR reviewed 1 record" in outcome.detail
        held = sync_state.hr_review(ips.db, chosen["id"])
        assert held["score"] == 80 and held["comment"].startswith("Objectives")
        banner = hr_review_text(held)
        assert "HR's checklist score 80%" in banner and "&lt;b&gt;and&lt;/b&gt;" in banner
        assert "Not met in HR's view: At least one objective with a measure and a target date" in banner

        people = ips.staff().all()
        today = date.today()
        summary = home_summary(ips, people, team_facts(ips, people, today), today)
        lines = [r for r in summary.reminders if r.kind is ReminderKind.HR_REVIEW]
        assert len(lines) == 1 and "HR 80%" in lines[0].text and lines[0].staff_id == chosen["staff_id"]
    finally:
        ips.close()
        hub.close()


def test_the_dip_commands(tmp_path, capsys, monkeypatch):
    hub, ips = _team_with_hub(tmp_path)
    signed = hub.store.signed_eadrs_at("IPS", "2000-01-01", AS_OF.isoformat())
    period = str(dip.Period.of(date.fromisoformat(max(r["signed_on"] for r in signed))))
    ips.close()
    hub.close()
    monkeypatch.setenv("EADR_PASSPHRASE", HUB_PASSPHRASE)
    folder = str(tmp_path / "hub")
    assert main(["hub", "dip", "sample", "--hub", folder, "--station", "IPS", "--period", period, "--json"]) == 0
    records = json.loads(capsys.readouterr().out)["records"]
    record = records[0]["id"]
    assert main(["hub", "dip", "review", "--hub", folder, "--record", record, "--checks", "yyxyy"]) != 0
    assert "y (met) or n (not met)" in capsys.readouterr().err
    assert main(["hub", "dip", "review", "--hub", folder, "--record", record, "--checks", "yynyy",
                 "--comment", "Good conversation; the plan lacks a date."]) == 0
    assert "HR 80%" in capsys.readouterr().out
    assert main(["hub", "dip", "sample", "--hub", folder, "--station", "IPS", "--period", period]) == 0
    assert "HR 80%" in capsys.readouterr().out
    assert main(["hub", "dip", "sample", "--hub", folder, "--station", "IPS", "--period", "2026"]) != 0
    assert "2026-Q3" in capsys.readouterr().err
    out = tmp_path / "quality.csv"
    assert main(["hub", "report", "dip-quality", "--hub", folder, "--out", str(out), "--as-of", "2026-11-23"]) == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("quarter,eadrs_signed,station_score_avg")
