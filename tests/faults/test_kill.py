"""SIGKILL in the middle of writing files: a PDF export, a subject access export and a backup.

Each scenario freezes a real eadr-station process at a chosen point of the write (pause_child.py) or
catches it while SQLite is still copying, kills it with SIGKILL, and then checks what a user would
find: the file is absent, the old complete file, or the new complete file (never a truncated PDF or a
half backup counted as good); the workspace opens with integrity "ok"; no record was lost; and doing
the same thing again works.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from pathlib import Path

import pytest

from tests.faults.harness import (
    added, build_demo_workspace, copy_of, integrity, kill_at, kill_when_file_grows, key_for, lost, pdf_is_complete,
    run_cli, snapshot,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

POINTS = ("half-write", "before-rename", "after-rename")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_demo_workspace(tmp_path_factory.mktemp("kill") / "demo")


def _visible(folder: Path) -> list[str]:
    """What a user sees in the folder (the app's staging files are hidden dot-files)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("existing", [False, True], ids=["new-file", "over-old-file"])
@pytest.mark.parametrize("point", POINTS)
def test_sigkill_during_pdf_export(template, tmp_path, faults, point, existing):
    ws = copy_of(template, tmp_path / "ws")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "forms.pdf"
    if existing:
        assert run_cli(tmp_path, "print", "compliance", "--workspace", ws, "--out", target).returncode == 0
    old = target.read_bytes() if existing else None
    before = snapshot(ws)

    kill_at(tmp_path, point, "forms.pdf", "print", "blanks", "--weeks", 520, "--workspace", ws, "--out", target)

    after = snapshot(ws)
    faults.tried(f"SIGKILL during a PDF export ({point}, {'over an old file' if existing else 'new file'})",
                 lost(before, after))
    assert integrity(ws) == "ok"
    assert lost(before, after) == 0
    # The planned conversations behind the blank forms belong to the save: killed before it committed,
    # they are gone with it.
    assert added(before, after) == []
    if point == "after-rename":
        assert pdf_is_complete(target) and target.read_bytes() != old
    elif existing:
        assert target.read_bytes() == old, "the old PDF was damaged"
    else:
        assert not target.exists(), "a truncated PDF was left under the real name"
    assert _visible(out) == (["forms.pdf"] if existing or point == "after-rename" else [])

    again = run_cli(tmp_path, "print", "blanks", "--weeks", 520, "--workspace", ws, "--out", target)
    assert again.returncode == 0, again.stderr
    assert pdf_is_complete(target)
    assert sorted(p.name for p in out.iterdir()) == ["forms.pdf"], "the retry left a staging file behind"


@pytest.mark.parametrize("point,suffix", [("half-write", ".json"), ("half-write", ".pdf"),
                                          ("before-rename", ".pdf"), ("after-rename", ".pdf")])
def test_sigkill_during_subject_access_export(template, tmp_path, faults, point, suffix):
    ws = copy_of(template, tmp_path / "ws")
    out = tmp_path / "out"
    number = json.loads(run_cli(tmp_path, "staff", "list", "--workspace", ws, "--json").stdout)[0][
        "assignment_number"]
    before = snapshot(ws)

    kill_at(tmp_path, point, suffix, "subject-access", "--staff", number, "--workspace", ws, "--out", out)

    after = snapshot(ws)
    faults.tried(f"SIGKILL during a subject access export ({point} of the {suffix[1:].upper()})", lost(before, after))
    assert integrity(ws) == "ok"
    assert lost(before, after) == 0
    for path in out.glob("subject-access-*"):
        if path.suffix == ".json":
            assert json.loads(path.read_text(encoding="utf-8"))["staff"]["assignment_number"] == number
        else:
            assert pdf_is_complete(path), f"{path.name} is a truncated PDF"
    if point == "half-write":
        assert _visible(out) == [], "a file was renamed into place before both were complete"

    again = run_cli(tmp_path, "subject-access", "--staff", number, "--workspace", ws, "--out", out, "--json")
    assert again.returncode == 0, again.stderr
    written = json.loads(again.stdout)
    assert pdf_is_complete(Path(written["pdf"]))
    assert sorted(p.suffix for p in out.iterdir()) == [".json", ".pdf"], "a staging file was left behind"


@pytest.fixture(scope="module")
def big_template(tmp_path_factory) -> Path:
    """A workspace of about 24 MB (CPD evidence files), so SQLite's copy takes long enough to be caught."""
    from desktop.security.unlock import unlock_workspace
    folder = build_demo_workspace(tmp_path_factory.mktemp("big") / "demo")
    ws = unlock_workspace(folder, "demo")
    staff_id = ws.staff().all()[0].id
    now = "2026-11-23T10:00:00+00:00"
    with ws.db.atomic():
        for i in range(24):
            entry = f"cpd-{i}"
            ws.db.execute("INSERT INTO cpd_entries (id, staff_id, start_date, title, activity_type, created_at, "
                          "updated_at, change_seq) VALUES (?, ?, '2026-01-01', 'Course', 'formal_education', ?, ?, 1)",
                          [entry, staff_id, now, now])
            blob = secrets.token_bytes(1_000_000)
            ws.db.execute("INSERT INTO cpd_evidence (id, cpd_entry_id, file_name, size, sha256, content, created_at, "
                          "updated_at, change_seq) VALUES (?, ?, 'certificate.pdf', ?, '', ?, ?, ?, 1)",
                          [f"ev-{i}", entry, len(blob), blob, now, now])
    ws.take_backup("on-close")
    ws.close()
    return folder


def _backups(tmp_path: Path, ws: Path) -> list[str]:
    listed = run_cli(tmp_path, "backup", "list", "--workspace", ws, "--json")
    assert listed.returncode == 0, listed.stderr
    return [Path(b["file"]).name for b in json.loads(listed.stdout)]


def _check_backups_after_kill(tmp_path: Path, ws: Path, listed_before: list[str], faults, scenario: str,
                              before) -> None:
    from desktop.store.backups import latest_good
    after = snapshot(ws)
    faults.tried(scenario, lost(before, after))
    assert integrity(ws) == "ok"
    assert lost(before, after) == 0
    assert _backups(tmp_path, ws) == listed_before, "a half-made backup is listed as a backup"
    good = latest_good(ws, key_for(ws))
    assert good is not None and good.path.name == listed_before[0]
    made = run_cli(tmp_path, "backup", "create", "--workspace", ws)
    assert made.returncode == 0, made.stderr
    assert _backups(tmp_path, ws)[1:] == listed_before


def test_sigkill_in_the_middle_of_a_backup_copy(big_template, tmp_path, faults):
    ws = copy_of(big_template, tmp_path / "ws")
    listed = _backups(tmp_path, ws)
    before = snapshot(ws)

    size = kill_when_file_grows(tmp_path, ws / "backups" / "*.db.partial", "backup", "create", "--workspace", ws,
                                min_bytes=1)
    partials = list((ws / "backups").glob("*.partial"))
    assert size > 0

    # A half copy offered by hand is refused, and changes nothing.
    if partials:
        refused = run_cli(tmp_path, "backup", "restore", partials[0], "--workspace", ws)
        assert refused.returncode == 1 and "nothing was changed" in refused.stderr, refused.stderr
        assert refused.stderr.count("\n") == 1
        # Left by a crash, it is tidied away by a later backup once it is clearly abandoned.
        old = time.time() - 7200
        os.utime(partials[0], (old, old))
    _check_backups_after_kill(tmp_path, ws, listed, faults, "SIGKILL during a backup (mid-copy)", before)
    assert list((ws / "backups").glob("*.partial")) == []


def test_sigkill_after_a_backup_copy_before_it_is_named(big_template, tmp_path, faults):
    ws = copy_of(big_template, tmp_path / "ws")
    listed = _backups(tmp_path, ws)
    before = snapshot(ws)
    kill_at(tmp_path, "before-rename", ".db", "backup", "create", "--workspace", ws)
    _check_backups_after_kill(tmp_path, ws, listed, faults, "SIGKILL during a backup (before it is named)", before)


NEW_PASSPHRASE = "lantern otter quarry velvet"


@pytest.mark.parametrize("point", POINTS)
def test_sigkill_while_the_passphrase_changes(template, tmp_path, faults, point):
    """The key file is the only way in: a kill at any point must leave exactly one passphrase that opens the
    workspace (the old one, or once the new file is in place the new one), and every other field intact."""
    from desktop.security.keyfile import WrongPassphrase
    from desktop.security.unlock import unlock_workspace
    ws = copy_of(template, tmp_path / "ws")
    data = json.loads((ws / "key.json").read_text())
    data["recovery"] = {"format": "eadr-station-recovery", "wrapped_key": "c2VhbGVk"}
    (ws / "key.json").write_text(json.dumps(data))
    before = snapshot(ws)

    kill_at(tmp_path, point, "key.json", "passphrase", "change", "--workspace", ws,
            EADR_NEW_PASSPHRASE=NEW_PASSPHRASE)

    opens = []
    for passphrase in ("demo", NEW_PASSPHRASE):
        try:
            unlock_workspace(ws, passphrase).close()
            opens.append(passphrase)
        except WrongPassphrase:
            pass
    after = snapshot(ws, opens[0]) if opens else {}
    faults.tried(f"SIGKILL while the passphrase changes ({point})", lost(before, after))
    assert opens == (["demo"] if point != "after-rename" else [NEW_PASSPHRASE]), opens
    assert json.loads((ws / "key.json").read_text())["recovery"] == data["recovery"]
    assert lost(before, after) == 0 and integrity(ws, opens[0]) == "ok"
    again = run_cli(tmp_path, "passphrase", "change", "--workspace", ws, passphrase=opens[0],
                    EADR_NEW_PASSPHRASE="quiet harbour maple thistle")
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in ws.iterdir() if p.name.startswith(".")) == [], "a staging key file was left"
