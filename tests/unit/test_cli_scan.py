"""`eadr-station scan FILE…`: a night's scanned forms kept with their records, from a script."""

from __future__ import annotations

import json

from desktop.cli import main
from desktop.security.unlock import unlock_workspace
from tests.scan_helpers import scan_to_pdf, scanned_pages


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_scan_keeps_each_form_with_its_record_and_refuses_a_bad_file(demo_folder, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("EADR_PASSPHRASE", "demo")
    ws = ["--workspace", str(demo_folder)]
    assert _run(capsys, "print", "blanks", "--weeks", "8", "--out", str(tmp_path / "blanks.pdf"), *ws)[0] == 0
    pages = scanned_pages(tmp_path / "blanks.pdf", first=8)   # the first two forms, photocopied
    scan = scan_to_pdf(pages, tmp_path / "night.pdf")

    code, out, err = _run(capsys, "scan", str(scan), "--dry-run", "--json", *ws)
    assert code == 0, err
    dry = json.loads(out)
    assert [f["kept"] for f in dry["forms"]] == [False, False]
    with unlock_workspace(demo_folder, "demo") as w:
        assert w.db.execute("SELECT count(*) FROM paper_copies").fetchone()[0] == 0

    code, out, err = _run(capsys, "scan", str(scan), "--json", *ws)
    assert code == 0, err
    result = json.loads(out)
    assert [f["pages"] for f in result["forms"]] == ["night.pdf pages 1–4", "night.pdf pages 5–8"]
    assert result["unmatched"] == [] and result["blank"] == []
    with unlock_workspace(demo_folder, "demo") as w:
        for form in result["forms"]:
            conversation = w.conversations().get(form["record"])
            person = w.staff().get(conversation.staff_id)
            assert person.assignment_number == form["assignment_number"]
            [kept] = w.paper().for_conversation(form["record"])
            assert kept.sha256 == form["sha256"] and kept.pages == 4

    code, out, err = _run(capsys, "scan", str(scan), *ws)   # prose; the same scan again is not kept twice
    assert code == 0 and "night.pdf pages 1–4: " in out and "kept with the record, SHA-256" in out
    assert result["forms"][0]["sha256"] in out

    (tmp_path / "torn.pdf").write_bytes(scan.read_bytes()[:5000])
    code, out, err = _run(capsys, "scan", str(scan), str(tmp_path / "torn.pdf"), *ws)
    assert code == 1 and out == ""
    assert "torn.pdf is not a readable PDF" in err and "Nothing was kept" in err
    with unlock_workspace(demo_folder, "demo") as w:
        assert w.db.execute("SELECT count(*) FROM paper_copies").fetchone()[0] == 2
