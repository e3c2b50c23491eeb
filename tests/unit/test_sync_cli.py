"""The sync and hub commands as HR IT scripts use them: names, outputs and exit codes from docs/cli.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from syncing import FAST

from desktop.cli import main


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    """Hub and enrolment at test cost; the real Argon2 cost is keyfile's own tests' business."""
    import desktop.hub.service as service
    monkeypatch.setattr(service, "DEFAULT_PARAMS", FAST)
    original = service.Hub.create.__func__

    def create(cls, folder, passphrase, trust=None, params=FAST):
        return original(cls, folder, passphrase, trust, FAST)
    monkeypatch.setattr(service.Hub, "create", classmethod(create))


def run(capsys, monkeypatch, passphrase: str, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("EADR_PASSPHRASE", passphrase)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_whole_round_trip_from_the_command_line(tmp_path, capsys, monkeypatch, demo_folder):
    hub, ws = str(tmp_path / "hub"), str(demo_folder)
    assert run(capsys, monkeypatch, "hub secret 1", "hub", "init", "--hub", hub)[0] == 0
    code, out, _ = run(capsys, monkeypatch, "hub secret 1", "hub", "enrolment", "--hub", hub, "--station", "ips",
                       "--out", str(tmp_path / "ips.json"))
    assert code == 0 and out.strip() == str(tmp_path / "ips.json")
    assert run(capsys, monkeypatch, "demo", "enrol", "--workspace", ws, "--enrolment", str(tmp_path / "ips.json"))[0] == 0
    code, out, _ = run(capsys, monkeypatch, "demo", "bundle", "export", "--workspace", ws, "--out", str(tmp_path / "o"))
    bundle = out.strip()
    assert code == 0 and Path(bundle).is_file() and bundle.endswith(".eadr-bundle")

    (tmp_path / "bad.eadr-bundle").write_bytes(Path(bundle).read_bytes()[:-20])
    code, out, err = run(capsys, monkeypatch, "hub secret 1", "hub", "import", "--hub", hub, bundle,
                         str(tmp_path / "bad.eadr-bundle"))
    assert code == 1
    assert out.strip() == f"{bundle}: applied (" + out.split("applied (", 1)[1].strip()
    assert err.strip() == f"{tmp_path / 'bad.eadr-bundle'}: rejected: damaged or truncated: decryption failed"
    assert "Traceback" not in err

    code, out, _ = run(capsys, monkeypatch, "hub secret 1", "hub", "import", "--hub", hub, bundle, "--json")
    assert code == 0
    assert json.loads(out)["files"] == [{"file": bundle, "outcome": "duplicate", "reason": None, "station": None,
                                         "records": 0, "quarantined": 0, "conflicts": 0, "gap": None}]

    for report, header in (("compliance", "station,station_name,active_staff"), ("tna", "financial_year,station,role,band,tna_category"),
                           ("esr", "assignment_number,station"), ("dip", "station,conversation_id"),
                           ("talent", "station,role,band,people,ready_now"),
                           ("talent-pool", "station,assignment_number,staff_name"),
                           ("objectives", "station,trust_priority,objectives")):
        out_csv = tmp_path / f"{report}.csv"
        assert run(capsys, monkeypatch, "hub secret 1", "hub", "report", report, "--hub", hub, "--out",
                   str(out_csv), "--as-of", "2026-11-23")[0] == 0
        assert out_csv.read_text(encoding="utf-8-sig").startswith(header)
    # The TNA is for a planning year: --as-of picks the financial year it falls in; different years differ.
    files = {}
    for label, flags in (("y2026", ("--year", "2026")), ("asof", ("--as-of", "2026-11-28")),
                         ("y2022", ("--year", "2022"))):
        files[label] = tmp_path / f"tna-{label}.csv"
        assert run(capsys, monkeypatch, "hub secret 1", "hub", "report", "tna", "--hub", hub, "--out",
                   str(files[label]), *flags)[0] == 0
    assert files["y2026"].read_bytes() == files["asof"].read_bytes()
    esr = tmp_path / "esr-all.csv"
    assert run(capsys, monkeypatch, "hub secret 1", "hub", "report", "esr", "--hub", hub, "--out", str(esr),
               "--as-of", "2026-11-23", "--include-leavers")[0] == 0
    assert esr.read_text(encoding="utf-8-sig").splitlines()[0].endswith("pay_progression_reason,staff_status")
    assert files["y2026"].read_bytes() != files["y2022"].read_bytes()
    assert "\n2026/27,ALL,ALL,ALL," in files["y2026"].read_text(encoding="utf-8-sig")
    code, _, err = run(capsys, monkeypatch, "hub secret 1", "hub", "report", "tna", "--hub", hub, "--out",
                       str(tmp_path / "x.csv"), "--year", "26")
    assert code != 0 and "not a financial year" in err

    code, out, _ = run(capsys, monkeypatch, "hub secret 1", "hub", "reference", "--hub", hub, "--station", "IPS",
                       "--out", str(tmp_path / "ref"))
    reference = out.strip()
    code, out, _ = run(capsys, monkeypatch, "demo", "bundle", "import", reference, "--workspace", ws)
    assert code == 0 and out.startswith(f"{Path(reference).name}: applied")
    code, out, err = run(capsys, monkeypatch, "demo", "bundle", "import", reference, "--workspace", ws, "--json")
    assert code == 0 and json.loads(out)["files"][0]["outcome"] == "duplicate"

    monkeypatch.setenv("EADR_NEW_PASSPHRASE", "manager's new passphrase")
    code, out, err = run(capsys, monkeypatch, "hub secret 1", "hub", "recover", "--hub", hub, "--workspace", ws)
    assert code == 0, err
    assert run(capsys, monkeypatch, "manager's new passphrase", "staff", "list", "--workspace", ws)[0] == 0
    code, _, err = run(capsys, monkeypatch, "demo", "staff", "list", "--workspace", ws)
    assert code == 1 and "wrong passphrase" in err


def test_wrong_hub_passphrase_and_missing_hub_are_one_line(tmp_path, capsys, monkeypatch):
    hub = str(tmp_path / "hub")
    run(capsys, monkeypatch, "hub secret 1", "hub", "init", "--hub", hub)
    code, _, err = run(capsys, monkeypatch, "nope nope", "hub", "import", "--hub", hub, "x.eadr-bundle")
    assert code == 1 and err.count("\n") == 1 and "wrong passphrase" in err
    code, _, err = run(capsys, monkeypatch, "hub secret 1", "hub", "import", "--hub", str(tmp_path / "none"), "x")
    assert code == 1 and "does not exist" in err
    code, _, err = run(capsys, monkeypatch, "hub secret 1", "hub", "report", "sideways", "--hub", hub, "--out", "x")
    assert code == 2


def test_enrolling_with_a_file_that_is_not_an_enrolment_is_refused(tmp_path, capsys, monkeypatch, demo_folder):
    (tmp_path / "e.json").write_text('{"hello": 1}')
    code, _, err = run(capsys, monkeypatch, "demo", "enrol", "--workspace", str(demo_folder), "--enrolment",
                       str(tmp_path / "e.json"))
    assert code == 1 and err.strip().endswith("not an EADR Station enrolment file")
    code, _, err = run(capsys, monkeypatch, "demo", "bundle", "export", "--workspace", str(demo_folder), "--out",
                       str(tmp_path / "o"))
    assert code == 1 and "has not joined an HR hub" in err


def test_after_backup_restore_on_the_command_line_later_edits_reach_the_hub(tmp_path, capsys, monkeypatch,
                                                                             demo_folder):
    """Issue 13.1 as HR IT would script it: export, import, back up, export and import again, restore the
    older backup, edit, export: the hub applies it (not a replay) and says the station restored a backup."""
    from dataclasses import replace

    from desktop.security.keyfile import read_key_file, unwrap_key
    from desktop.store.info import KEY_FILE
    from desktop.store.workspace import Workspace

    hub, ws = str(tmp_path / "hub"), str(demo_folder)
    assert run(capsys, monkeypatch, "hub secret 1", "hub", "init", "--hub", hub)[0] == 0
    run(capsys, monkeypatch, "hub secret 1", "hub", "enrolment", "--hub", hub, "--station", "ips", "--out",
        str(tmp_path / "ips.json"))
    assert run(capsys, monkeypatch, "demo", "enrol", "--workspace", ws, "--enrolment", str(tmp_path / "ips.json"))[0] == 0

    def export_and_import() -> str:
        code, out, _ = run(capsys, monkeypatch, "demo", "bundle", "export", "--workspace", ws, "--out",
                           str(tmp_path / "o"))
        assert code == 0
        code, out, err = run(capsys, monkeypatch, "hub secret 1", "hub", "import", "--hub", hub, out.strip())
        assert code == 0, err
        return out.strip()

    def edit(title: str) -> str:
        workspace = Workspace.open(demo_folder, unwrap_key(read_key_file(demo_folder / KEY_FILE), "demo"))
        try:
            person = sorted(workspace.staff().all(), key=lambda s: s.assignment_number)[0]
            for n in range(5):
                workspace.staff().update(replace(person, job_title=f"{title} {n}"))
            return person.id
        finally:
            workspace.close()

    export_and_import()
    code, out, _ = run(capsys, monkeypatch, "demo", "backup", "create", "--workspace", ws)
    backup = out.strip()
    assert code == 0 and Path(backup).is_file()
    edit("Before the restore")
    export_and_import()
    code, out, _ = run(capsys, monkeypatch, "demo", "backup", "restore", "--workspace", ws, backup)
    assert code == 0 and "After a restore, the next bundle sends everything to HR again" in out
    person = edit("After the restore")
    line = export_and_import()
    assert ": applied (" in line and "the station restored a backup (epoch 1)" in line
    from desktop.hub.service import Hub
    with Hub.open(Path(hub), "hub secret 1") as opened:
        title = opened.store.db.execute("SELECT job_title FROM staff WHERE id = ?", [person]).fetchone()[0]
    assert title == "After the restore 4"


def test_resolving_a_conflict_goes_through_the_hub_and_names_what_is_wrong(tmp_path, capsys, monkeypatch):
    hub = str(tmp_path / "hub")
    assert run(capsys, monkeypatch, "hub secret 1", "hub", "init", "--hub", hub)[0] == 0
    code, _, err = run(capsys, monkeypatch, "hub secret 1", "hub", "resolve", "7", "--hub", hub, "--keep", "other")
    assert code == 1 and "There is no open conflict 7" in err and len(err.strip().splitlines()) == 1
