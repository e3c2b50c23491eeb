import json

import pytest

from desktop.security.keyfile import (
    DEFAULT_PARAMS, KeyFileError, WrongPassphrase, new_database_key, read_key_file, unwrap_key, wrap_key,
    write_key_file,
)


def test_wrapped_key_opens_only_with_its_passphrase():
    key = new_database_key()
    slot = wrap_key(key, "mountain kettle orange", "ws-1")
    assert unwrap_key(slot, "mountain kettle orange") == key
    with pytest.raises(WrongPassphrase):
        unwrap_key(slot, "mountain kettle orangE")


def test_key_file_records_argon2id_parameters_and_salt_with_real_defaults():
    slot = wrap_key(new_database_key(), "pass phrase here", "ws-1")
    kdf = slot["kdf"]
    assert kdf["name"] == "argon2id"
    assert (kdf["time_cost"], kdf["memory_kib"], kdf["parallelism"]) == (
        DEFAULT_PARAMS.time_cost, DEFAULT_PARAMS.memory_kib, DEFAULT_PARAMS.parallelism)
    assert DEFAULT_PARAMS.memory_kib >= 65536
    assert len(kdf["salt"]) >= 20
    # Two wraps of the same key never look alike: fresh salt and nonce each time.
    other = wrap_key(new_database_key(), "pass phrase here", "ws-1")
    assert other["kdf"]["salt"] != kdf["salt"] and other["wrapped_key"] != slot["wrapped_key"]


def test_a_key_file_moved_to_another_workspace_does_not_open():
    key = new_database_key()
    slot = wrap_key(key, "pass phrase here", "ws-1")
    slot["workspace_id"] = "ws-2"
    with pytest.raises(WrongPassphrase):
        unwrap_key(slot, "pass phrase here")


@pytest.mark.parametrize("damage", [
    lambda s: s.pop("wrapped_key"),
    lambda s: s["kdf"].update(salt="not base64!"),
    lambda s: s.update(version=99),
    lambda s: s["cipher"].update(name="rot13"),
])
def test_damaged_key_slots_are_reported_as_damaged(damage):
    slot = wrap_key(new_database_key(), "pass phrase here", "ws-1")
    damage(slot)
    with pytest.raises(KeyFileError):
        unwrap_key(slot, "pass phrase here")


def test_key_file_round_trips_and_truncation_is_a_clear_error(tmp_path):
    path = tmp_path / "key.json"
    slot = wrap_key(new_database_key(), "pass phrase here", "ws-1")
    write_key_file(path, slot)
    assert read_key_file(path) == slot
    path.write_text(json.dumps(slot)[:40])
    with pytest.raises(KeyFileError, match="cannot be read"):
        read_key_file(path)
    with pytest.raises(KeyFileError, match="missing"):
        read_key_file(tmp_path / "absent.json")
