"""The command-line contract in docs/cli.md: names, JSON shapes and exit codes."""

import json
import subprocess
import sys
from pathlib import Path

from desktop.cli import main

ROSTER = ("Assignment Number,First Name,Last Name,Job Title,Band,Email,Start Date\n"
          "90000001,Siân,Evans,Paramedic,Band 6,sian.evans@nhs.net,01/04/2015\n"
          "90000002,Łukasz,Nowak,Emergency Medical Technician,Band 12,,\n")


def run(args, capsys, passphrase=None, monkeypatch=None):
    if passphrase is not None:
        monkeypatch.setenv("EADR_PASSPHRASE", passphrase)
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_staff_list_json(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "demo"
    code, out, _ = run(["demo", "--workspace", folder, "--staff", "25", "--seed", "7"], capsys)
    assert code == 0 and "25 staff" in out and "passphrase: demo" in out
    code, out, err = run(["staff", "list", "--workspace", folder, "--json"], capsys, "demo", monkeypatch)
    assert code == 0, err
    people = json.loads(out)
    assert len(people) == 25
    assert {"assignment_number", "first_name", "last_name", "job_title", "band", "status"} <= set(people[0])


def test_roster_import_dry_run_then_real_with_refusals(demo_folder, tmp_path, capsys, monkeypatch):
    roster = tmp_path / "esr.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    code, out, err = run(["roster", "import", roster, "--workspace", demo_folder, "--dry-run", "--json"],
                         capsys, "demo", monkeypatch)
    result = json.loads(out)
    assert code == 1  # a row was refused
    assert (result["added"], result["updated"], result["unchanged"]) == (1, 0, 0)
    assert result["refused"][0]["row"] == 3 and "Band 12" in result["refused"][0]["reason"]
    assert result["dry_run"] is True and result["applied"] is False
    code, out, _ = run(["staff", "list", "--workspace", demo_folder, "--json"], capsys, "demo", monkeypatch)
    assert len(json.loads(out)) == 40  # the dry run wrote nothing

    code, out, err = run(["roster", "import", roster, "--workspace", demo_folder], capsys, "demo", monkeypatch)
    assert code == 1
    assert "esr.csv: 1 added, 0 updated, 0 unchanged, 1 refused" in out
    assert "esr.csv: row 3: refused: Band 'Band 12' is not an Agenda for Change band" in err
    code, out, _ = run(["staff", "list", "--workspace", demo_folder, "--json"], capsys, "demo", monkeypatch)
    assert len(json.loads(out)) == 41


def test_wrong_passphrase_is_one_clear_line_and_exit_1(demo_folder, capsys, monkeypatch):
    code, out, err = run(["staff", "list", "--workspace", demo_folder], capsys, "nope", monkeypatch)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and str(demo_folder) in err and "wrong passphrase" in err


def test_missing_roster_file_and_not_a_workspace(demo_folder, tmp_path, capsys, monkeypatch):
    code, _, err = run(["roster", "import", tmp_path / "missing.csv", "--workspace", demo_folder],
                       capsys, "demo", monkeypatch)
    assert code == 1 and "missing.csv: no such file" in err
    code, _, err = run(["staff", "list", "--workspace", tmp_path], capsys, "demo", monkeypatch)
    assert code == 1 and "not an EADR Station workspace" in err


def test_no_passphrase_without_a_terminal(demo_folder, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    code, _, err = run(["staff", "list", "--workspace", demo_folder], capsys)
    assert code == 1 and "EADR_PASSPHRASE" in err


def test_usage_errors_exit_2(capsys):
    assert main(["bogus"]) == 2
    assert main(["demo"]) == 2  # --workspace is required
    assert main(["demo", "--workspace", "x", "--staff", "lots"]) == 2


def test_demo_refuses_an_impossible_size_and_a_used_folder(tmp_path, capsys):
    code, _, err = run(["demo", "--workspace", tmp_path / "d", "--staff", "7001"], capsys)
    assert code == 1 and "between 1 and 7000" in err
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine")
    code, _, err = run(["demo", "--workspace", tmp_path / "used"], capsys)
    assert code == 1 and "not empty" in err


def test_version_and_audit(demo_folder, capsys, monkeypatch):
    assert main(["--version"]) == 0
    assert "EADR Station 0.1.0" in capsys.readouterr().out
    code, out, _ = run(["audit", "--workspace", demo_folder, "--json", "--limit", "3"], capsys, "demo", monkeypatch)
    log = json.loads(out)
    assert code == 0 and log[0]["action"] == "unlock" and len(log) == 3


def test_python_m_desktop_is_the_same_program(tmp_path):
    result = subprocess.run([sys.executable, "-m", "desktop", "--version"], capture_output=True, text=True,
                            cwd=Path(__file__).parents[2], timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("EADR Station")


def test_cpd_profile_pdf_and_portable_file_from_the_command_line(demo_folder, tmp_path, capsys, monkeypatch):
    from tests.unit.test_documents import pdf_text
    code, out, _ = run(["staff", "list", "--workspace", demo_folder, "--json"], capsys, "demo", monkeypatch)
    paramedic = next(p for p in json.loads(out) if p["role"] == "paramedic" and p["status"] == "active")
    number = paramedic["assignment_number"]
    code, out, err = run(["print", "cpd-profile", "--staff", number, "--workspace", demo_folder,
                          "--out", tmp_path / "profile.pdf", "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["activities"] > 0
    text = pdf_text(tmp_path / "profile.pdf")
    for heading in ("CPD profile", "Summary of recent work", "List of CPD activities", "standards 3 and 4",
                    "Evidence index", paramedic["last_name"]):
        assert heading in text
    code, out, err = run(["cpd", "export", "--staff", number, "--workspace", demo_folder,
                          "--out", tmp_path / "cpd.zip"], capsys)
    assert code == 0, err
    code, out, err = run(["cpd", "import", tmp_path / "cpd.zip", "--staff", number, "--workspace", demo_folder,
                          "--json"], capsys)
    result = json.loads(out)
    assert code == 0 and result["added"] == 0 and result["duplicates"] > 0
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    code, out, err = run(["cpd", "import", tmp_path / "broken.zip", "--staff", number, "--workspace", demo_folder],
                         capsys)
    assert code == 1 and "broken.zip: not a zip file" in err and "nothing was imported" in err
    code, out, err = run(["training", "status", "--staff", number, "--workspace", demo_folder, "--json"], capsys)
    states = {r["state"] for r in json.loads(out)}
    assert code == 0 and states <= {"in_date", "expiring", "expired", "never"} and states
