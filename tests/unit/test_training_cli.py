"""`eadr-station training import`: dry run, --json, course choices remembered, refusals that write nothing."""

import json

from desktop.cli import main

ROSTER = ("Assignment Number,First Name,Last Name,Job Title,Band\n"
          "90000001,Siân,Evans,Paramedic,Band 6\n"
          "90000002,Łukasz,Nowak,Emergency Medical Technician,Band 5\n"
          "90000003,Aoife,O'Brien,Clinical Team Leader,Band 7\n"
          "90000004,Nguyễn,Văn An,Emergency Care Assistant,Band 3\n")
EXPORT = ("Assignment Number,Full Name,Competence Name,Achieved Date,Expiry Date\n"
          "90000001,Siân Evans,NHS|CSTF|Fire Safety - 2 Years|,31/03/2026,31/03/2028\n"
          "90000002,Łukasz Nowak,NHS|CSTF|Information Governance and Data Security - 1 Year|,2026-03-31,\n"
          "90000003,Aoife O'Brien,NHS|CSTF|Conflict Resolution - 3 Years|,31-Mar-2026,\n"
          "90000004,Nguyễn Văn An,Fire Warden Refresher,01/06/2026,\n")
CONFLICT = "NHS|CSTF|Conflict Resolution - 3 Years|"


def run(args, capsys, monkeypatch):
    monkeypatch.setenv("EADR_PASSPHRASE", "demo")
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def status(folder, number, capsys, monkeypatch) -> dict[str, dict]:
    code, out, err = run(["training", "status", "--staff", number, "--workspace", folder, "--json"], capsys,
                         monkeypatch)
    assert code == 0, err
    return {r["course"]: r for r in json.loads(out)}


def setup(demo_folder, tmp_path, capsys, monkeypatch):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    assert run(["roster", "import", roster, "--workspace", demo_folder], capsys, monkeypatch)[0] == 0
    export = tmp_path / "olm.csv"
    export.write_text(EXPORT, encoding="utf-8")
    return export


def test_unmatched_courses_stop_the_import_and_say_how_to_map_them(demo_folder, tmp_path, capsys, monkeypatch):
    export = setup(demo_folder, tmp_path, capsys, monkeypatch)
    code, out, err = run(["training", "import", export, "--workspace", demo_folder], capsys, monkeypatch)
    assert code == 1
    assert "olm.csv: 2 added, 0 updated, 0 unchanged, 0 ignored, 2 refused (nothing was written" in out
    assert f'add --map "{CONFLICT}=CODE" or --ignore "{CONFLICT}"' in err
    assert "olm.csv: row 4: refused: Course 'NHS|CSTF|Conflict Resolution - 3 Years|' is not matched" in err
    assert status(demo_folder, "90000001", capsys, monkeypatch)["FIRE"]["completed_on"] is None


def test_dry_run_json_then_import_with_choices_remembered(demo_folder, tmp_path, capsys, monkeypatch):
    export = setup(demo_folder, tmp_path, capsys, monkeypatch)
    choices = ["--map", f"{CONFLICT}=conflict", "--ignore", "Fire Warden Refresher"]
    code, out, err = run(["training", "import", export, "--workspace", demo_folder, "--dry-run", "--json",
                          *choices], capsys, monkeypatch)
    assert code == 0, err
    result = json.loads(out)
    assert (result["added"], result["updated"], result["unchanged"], result["ignored"]) == (3, 0, 0, 1)
    assert result["dry_run"] is True and result["applied"] is False and result["refused"] == []
    assert result["rows"][0] == {"row": 2, "outcome": "add", "assignment_number": "90000001",
                                 "course_name": "NHS|CSTF|Fire Safety - 2 Years|", "course": "FIRE",
                                 "completed_on": "2026-03-31", "expires_on": "2028-03-31",
                                 "reason": "completed 31/03/2026, expires 31/03/2028"}
    assert {c["name"]: (c["course"], c["matched_by"]) for c in result["courses"]}[CONFLICT] == ("CONFLICT", "chosen")
    assert status(demo_folder, "90000003", capsys, monkeypatch)["CONFLICT"]["completed_on"] is None

    code, out, err = run(["training", "import", export, "--workspace", demo_folder, *choices], capsys, monkeypatch)
    assert code == 0, err
    assert out.startswith("olm.csv: 3 added, 0 updated, 0 unchanged, 1 ignored, 0 refused\n")
    assert "row 4: add: 90000003 Aoife O'Brien: Conflict resolution and personal safety" in out
    assert status(demo_folder, "90000003", capsys, monkeypatch)["CONFLICT"]["completed_on"] == "2026-03-31"

    # The next export needs no choices: they were remembered, and nothing is done twice.
    code, out, err = run(["training", "import", export, "--workspace", demo_folder, "--json"], capsys, monkeypatch)
    result = json.loads(out)
    assert code == 0 and (result["unchanged"], result["ignored"], result["added"]) == (3, 1, 0)
    code, out, _ = run(["audit", "--workspace", demo_folder, "--json", "--limit", "5"], capsys, monkeypatch)
    assert any(e["summary"] == "Training completions olm.csv: 3 added, 0 updated, 0 unchanged, 1 ignored, "
               "0 refused" for e in json.loads(out))


def test_bad_rows_write_nothing_unless_skipped(demo_folder, tmp_path, capsys, monkeypatch):
    export = setup(demo_folder, tmp_path, capsys, monkeypatch)
    export.write_text(EXPORT.splitlines()[0] + "\n"
                      "90000001,Siân Evans,Fire safety,31/03/2026,\n"
                      "12345678,Unknown,Fire safety,31/03/2026,\n"
                      "90000002,Łukasz Nowak,Fire safety,32/03/2026,\n"
                      "90000003,Aoife,@SUM(1+1),31/03/2026,\n", encoding="utf-8")
    code, out, err = run(["training", "import", export, "--workspace", demo_folder], capsys, monkeypatch)
    assert code == 1 and "nothing was written" in out
    assert "olm.csv: row 3: refused: Assignment number: no one with 12345678" in err
    assert "olm.csv: row 4: refused: Completion date '32/03/2026' is not a real date" in err
    assert "olm.csv: row 5: refused: Course or competence name starts with '@'" in err
    assert status(demo_folder, "90000001", capsys, monkeypatch)["FIRE"]["completed_on"] is None
    code, out, err = run(["training", "import", export, "--workspace", demo_folder, "--skip-refused"],
                         capsys, monkeypatch)
    assert code == 1 and out.startswith("olm.csv: 1 added")
    assert status(demo_folder, "90000001", capsys, monkeypatch)["FIRE"]["completed_on"] == "2026-03-31"


def test_unusable_files_and_options_are_one_clear_line(demo_folder, tmp_path, capsys, monkeypatch):
    export = setup(demo_folder, tmp_path, capsys, monkeypatch)
    code, _, err = run(["training", "import", export, "--workspace", demo_folder, "--map", f"{CONFLICT}=NOPE"],
                       capsys, monkeypatch)
    assert code == 1 and "no course with the code NOPE in the catalogue" in err and err.count("\n") == 1
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Assignment Number,Course\n90000001,Fire safety\n", encoding="utf-8")
    code, _, err = run(["training", "import", wrong, "--workspace", demo_folder], capsys, monkeypatch)
    assert code == 1 and "wrong.csv: no column for Completion date" in err
    code, _, err = run(["training", "import", tmp_path / "missing.csv", "--workspace", demo_folder],
                       capsys, monkeypatch)
    assert code == 1 and "missing.csv: no such file" in err
