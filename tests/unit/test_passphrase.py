"""Changing the passphrase: the old one stops working, the new one works, the data and every other field of
the key file are untouched, the change is audited without the secret, and a refusal changes nothing."""

import json

import pytest

from desktop.cli import main
from desktop.domain.staff import Staff
from desktop.security.keyfile import WrongPassphrase
from desktop.security.passphrase import PassphraseRefused, change_passphrase
from desktop.security.unlock import unlock_workspace
from desktop.store.audit import entries
from desktop.store.files import WriteFailed
from tests.conftest import FAST, PASSPHRASE

NEW = "lantern otter quarry velvet"


@pytest.fixture
def with_people(workspace):
    workspace.staff().add(Staff("11111111", "Siân", "Evans"))
    workspace.staff().add(Staff("22222222", "Łukasz", "Nowak"))
    key_file = workspace.folder / "key.json"
    data = json.loads(key_file.read_text())
    data["recovery"] = {"format": "eadr-station-recovery", "wrapped_key": "c2VhbGVk", "hub": "EEAST HR"}
    data["x-later"] = [1, 2, 3]
    key_file.write_text(json.dumps(data))
    return workspace


def test_old_passphrase_stops_working_new_one_opens_the_same_data(with_people):
    ws = with_people
    folder = ws.folder
    before = [(p.assignment_number, p.first_name, p.last_name) for p in ws.staff().all()]
    other_fields = {k: v for k, v in json.loads((folder / "key.json").read_text()).items()
                    if k in ("recovery", "x-later")}
    change_passphrase(ws, PASSPHRASE, NEW, params=FAST)
    ws.close()

    with pytest.raises(WrongPassphrase):
        unlock_workspace(folder, PASSPHRASE)
    with unlock_workspace(folder, NEW) as again:
        assert [(p.assignment_number, p.first_name, p.last_name) for p in again.staff().all()] == before
        assert again.integrity_ok()
        log = entries(again.db, limit=3)
        assert any(e.action == "passphrase" and e.summary == "Passphrase changed" for e in log)
        everything = json.dumps([e.__dict__ for e in entries(again.db)])
        assert PASSPHRASE not in everything and NEW not in everything
    data = json.loads((folder / "key.json").read_text())
    assert {k: data[k] for k in other_fields} == other_fields, "the recovery slot or another field was dropped"
    assert sorted(p.name for p in folder.iterdir()) == ["eadr.db", "key.json", "workspace.json"]   # no temporary left


@pytest.mark.parametrize("current,new,error", [
    ("not the passphrase", NEW, WrongPassphrase),
    (PASSPHRASE, "short", PassphraseRefused),
    (PASSPHRASE, "aaaaaaaaaaaaaaa", PassphraseRefused),
    (PASSPHRASE, PASSPHRASE, PassphraseRefused),
])
def test_a_refused_change_changes_nothing(with_people, current, new, error):
    ws = with_people
    key_bytes = (ws.folder / "key.json").read_bytes()
    audit_count = len(entries(ws.db))
    with pytest.raises(error):
        change_passphrase(ws, current, new, params=FAST)
    assert (ws.folder / "key.json").read_bytes() == key_bytes
    assert len(entries(ws.db)) == audit_count


def test_a_failed_write_keeps_the_old_key_file_and_no_audit_entry(with_people, monkeypatch):
    import errno

    import desktop.security.keyfile as keyfile
    ws = with_people
    key_bytes = (ws.folder / "key.json").read_bytes()
    audit_count = len(entries(ws.db))

    def full(path, data):
        raise WriteFailed(path, errno.ENOSPC, f"{path} was not saved: disk full.")
    monkeypatch.setattr(keyfile, "write_atomic", full)
    with pytest.raises(WriteFailed, match="disk full"):
        change_passphrase(ws, PASSPHRASE, NEW, params=FAST)
    assert (ws.folder / "key.json").read_bytes() == key_bytes
    assert len(entries(ws.db)) == audit_count, "the audit says the passphrase changed when it did not"


def test_cli_passphrase_change(demo_folder, capsys, monkeypatch):
    monkeypatch.setenv("EADR_PASSPHRASE", "wrong one entirely")
    monkeypatch.setenv("EADR_NEW_PASSPHRASE", NEW)
    assert main(["passphrase", "change", "--workspace", str(demo_folder)]) == 1
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "wrong passphrase" in err and str(demo_folder) in err

    monkeypatch.setenv("EADR_PASSPHRASE", "demo")
    monkeypatch.setenv("EADR_NEW_PASSPHRASE", "tiny")
    assert main(["passphrase", "change", "--workspace", str(demo_folder)]) == 1
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "Too short" in err and "Nothing was changed" in err

    monkeypatch.delenv("EADR_NEW_PASSPHRASE")
    assert main(["passphrase", "change", "--workspace", str(demo_folder)]) == 1
    _, err = capsys.readouterr()
    assert "EADR_NEW_PASSPHRASE" in err

    monkeypatch.setenv("EADR_NEW_PASSPHRASE", NEW)
    assert main(["passphrase", "change", "--workspace", str(demo_folder), "--json"]) == 0
    out, _ = capsys.readouterr()
    assert json.loads(out) == {"workspace": str(demo_folder), "changed": True}
    assert main(["staff", "list", "--workspace", str(demo_folder)]) == 1   # "demo" no longer opens it
    capsys.readouterr()
    monkeypatch.setenv("EADR_PASSPHRASE", NEW)
    assert main(["staff", "list", "--workspace", str(demo_folder), "--json"]) == 0
    assert len(json.loads(capsys.readouterr()[0])) == 40
