"""The core's side of background work: a reader connection of its own for a worker thread, and bundle
encoding and encryption that let the GUI thread run while they work."""

import threading

import orjson
import pyrage
from pyrage import x25519

from desktop.domain.staff import Staff
from desktop.sync import format as bundle_format


def test_a_reader_on_another_thread_sees_one_snapshot_while_the_workspace_writes(workspace):
    workspace.staff().add(Staff("11111111", "Siân", "Evans"))
    seen: list[int] = []
    read_once, written = threading.Event(), threading.Event()

    def read() -> None:
        with workspace.reading() as reader:
            seen.append(reader.db.execute("SELECT count(*) FROM staff").fetchone()[0])
            read_once.set()
            written.wait(20)
            seen.append(reader.db.execute("SELECT count(*) FROM staff").fetchone()[0])   # same snapshot
    worker = threading.Thread(target=read)
    worker.start()
    assert read_once.wait(20)
    workspace.staff().add(Staff("22222222", "Łukasz", "Nowak"))   # the app goes on writing meanwhile
    written.set()
    worker.join(20)
    assert seen == [1, 1]
    assert workspace.db.execute("SELECT count(*) FROM staff").fetchone()[0] == 2   # its own connection still open
    with workspace.reading() as reader:
        assert reader.db.execute("SELECT count(*) FROM staff").fetchone()[0] == 2


def test_a_part_encoded_in_chunks_is_byte_for_byte_one_json_object():
    rows = [(i, f"name {i}", None, 1.5, "Zoë \"quoted\"") for i in range(bundle_format.ENCODE_CHUNK_ROWS * 2 + 7)]
    columns = ["n", "name", "none", "hours", "text"]
    assert bundle_format.encode_part(columns, rows) == orjson.dumps({"columns": columns, "rows": rows})
    assert bundle_format.encode_part(columns, []) == orjson.dumps({"columns": columns, "rows": []})


def test_bundles_encrypted_and_decrypted_a_chunk_at_a_time_are_plain_age():
    """Fed to pyrage a chunk at a time (so the GUI thread gets its turns): still age that any age tool opens."""
    identity = x25519.Identity.generate()
    data = bytes(range(256)) * (4 * 4096)
    sealed = bundle_format._encrypt(data, [identity.to_public()])
    assert sealed.startswith(b"age-encryption.org/v1\n")
    assert pyrage.decrypt(sealed, [identity]) == data
    assert bundle_format._decrypt(pyrage.encrypt(data, [identity.to_public()]), [identity]) == data
