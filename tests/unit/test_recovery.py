"""HR's recovery slot: added at enrolment, kept beside the passphrase slot, and usable only by HR."""

from __future__ import annotations

import json

import pytest
from syncing import FAST, HUB_PASSPHRASE, enrolled_workspace, make_hub

from desktop.security.keyfile import WrongPassphrase, read_key_file, unwrap_key
from desktop.security.recovery import RecoveryError, reset_passphrase
from desktop.security.unlock import unlock_workspace
from desktop.store.audit import entries
from desktop.store.info import DEMO_PASSPHRASE, KEY_FILE


@pytest.fixture
def hub(tmp_path):
    h = make_hub(tmp_path / "hub")
    yield h
    h.close()


def test_enrolment_adds_a_recovery_slot_beside_the_passphrase(tmp_path, hub):
    enrolled_workspace(tmp_path, hub, "IPS").close()
    data = read_key_file(tmp_path / "ws-IPS-2026" / KEY_FILE)
    assert data["recovery"]["recipient"] == hub.store.setting("recovery_recipient")
    assert len(unwrap_key(data, DEMO_PASSPHRASE)) == 32        # the passphrase slot still opens it


def test_hr_reopens_a_forgotten_workspace_with_a_new_passphrase(tmp_path, hub):
    folder = tmp_path / "ws-IPS-2026"
    enrolled_workspace(tmp_path, hub, "IPS").close()
    data = read_key_file(folder / KEY_FILE)
    data["added_by_a_later_version"] = {"keep": True}      # unknown fields must survive
    (folder / KEY_FILE).write_text(json.dumps(data))

    hub.recover_workspace(folder, HUB_PASSPHRASE, "a brand new passphrase", params=FAST)

    with pytest.raises(WrongPassphrase):
        unlock_workspace(folder, DEMO_PASSPHRASE)
    workspace = unlock_workspace(folder, "a brand new passphrase")
    try:
        assert any(e.action == "recover" and e.actor == "HR (recovery key)" for e in entries(workspace.db))
    finally:
        workspace.close()
    after = read_key_file(folder / KEY_FILE)
    assert after["added_by_a_later_version"] == {"keep": True} and after["recovery"] == data["recovery"]
    assert any(a[2] == "recover" for a in hub.store.audit_entries())


def test_another_hubs_recovery_key_cannot_open_it(tmp_path, hub):
    folder = tmp_path / "ws-IPS-2026"
    enrolled_workspace(tmp_path, hub, "IPS").close()
    other = make_hub(tmp_path / "other")
    try:
        with pytest.raises(RecoveryError, match="another hub"):
            other.recover_workspace(folder, HUB_PASSPHRASE, "a brand new passphrase", params=FAST)
    finally:
        other.close()
    assert len(unwrap_key(read_key_file(folder / KEY_FILE), DEMO_PASSPHRASE)) == 32


def test_the_recovery_key_file_needs_the_hub_passphrase(tmp_path, hub):
    enrolled_workspace(tmp_path, hub, "IPS").close()
    with pytest.raises(WrongPassphrase):
        hub.recover_workspace(tmp_path / "ws-IPS-2026", "not the hub passphrase", "a brand new passphrase",
                              params=FAST)


def test_a_workspace_never_enrolled_has_no_recovery(tmp_path, hub, workspace):
    workspace.close()
    with pytest.raises(RecoveryError, match="no recovery slot"):
        hub.recover_workspace(workspace.folder, HUB_PASSPHRASE, "a brand new passphrase", params=FAST)


def test_reset_keeps_the_recovery_slot(tmp_path, hub):
    folder = tmp_path / "ws-IPS-2026"
    enrolled_workspace(tmp_path, hub, "IPS").close()
    key = unwrap_key(read_key_file(folder / KEY_FILE), DEMO_PASSPHRASE)
    before = read_key_file(folder / KEY_FILE)["recovery"]
    reset_passphrase(folder / KEY_FILE, key, before and read_key_file(folder / KEY_FILE)["workspace_id"], "x" * 10,
                     FAST)
    assert read_key_file(folder / KEY_FILE)["recovery"] == before
