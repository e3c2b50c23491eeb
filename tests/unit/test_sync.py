"""Station bundles and hub import: what HR receives, exactly once, and what it refuses."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import orjson
import pyrage
import pytest
from syncing import AS_OF, enrolled_workspace, hub_state, make_hub

from desktop.store import sync_state
from desktop.sync import format as fmt
from desktop.sync import station


@pytest.fixture
def hub(tmp_path: Path):
    h = make_hub(tmp_path / "hub")
    yield h
    h.close()


@pytest.fixture
def ips(tmp_path: Path, hub):
    ws = enrolled_workspace(tmp_path, hub, "IPS")
    yield ws
    ws.close()


def _decrypt(hub, path: Path) -> dict[str, bytes]:
    archive = pyrage.decrypt(path.read_bytes(), [hub.keys.identity])
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}


def test_a_bundle_carries_the_records_and_never_private_notes(tmp_path, hub, ips):
    notes = ips.db.execute("SELECT private_notes FROM conversations WHERE private_notes != '' LIMIT 1").fetchone()[0]
    ips.db.execute("UPDATE conversations SET content = json_set(content, '$.wellbeing.actions', json(?)) "
                   "WHERE rowid = (SELECT min(rowid) FROM conversations)",
                   [json.dumps([{"text": "Occupational health referral", "share_with_hr": True},
                                {"text": "Talk to GP about sleep", "share_with_hr": False}])])
    path = station.export_bundle(ips, tmp_path / "out")
    raw = b"".join(_decrypt(hub, path).values())
    assert notes.encode() not in raw and b"private_notes" not in raw
    assert b"Occupational health referral" in raw and b"Talk to GP about sleep" not in raw
    assert b"Physical health" not in raw and b"Mental health\"" not in raw   # wellbeing topics stay behind

    result = hub.import_file(path)
    assert result.outcome == "applied", result.line()
    held = hub.store.counts()
    for table in ("staff", "conversations", "objectives", "development_items"):
        assert held[table] == ips.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0


def test_the_same_bundle_twice_changes_nothing(tmp_path, hub, ips):
    path = station.export_bundle(ips, tmp_path / "out")
    assert hub.import_file(path).outcome == "applied"
    before = hub_state(hub)
    again = hub.import_file(path)
    assert again.outcome == "duplicate"
    assert hub_state(hub) == before


def test_an_older_bundle_is_a_replay_and_a_gap_is_reported(tmp_path, hub, ips):
    first = station.export_bundle(ips, tmp_path / "out")
    second = station.export_bundle(ips, tmp_path / "out")
    third = station.export_bundle(ips, tmp_path / "out")
    assert hub.import_file(first).outcome == "applied"
    applied = hub.import_file(third)
    assert applied.outcome == "applied" and applied.gap == "2"
    assert "bundle 2 never arrived" in applied.line()
    before = hub_state(hub)
    replay = hub.import_file(second)
    assert replay.outcome == "rejected" and "replayed" in replay.reason
    assert hub_state(hub) == before


def test_a_lost_usb_stick_loses_nothing(tmp_path, hub, ips):
    station.export_bundle(ips, tmp_path / "lost")          # never reaches HR
    ips.db.execute("UPDATE staff SET job_title = 'Paramedic (night rota)', change_seq = "
                   "(SELECT value + 1 FROM counters WHERE name = 'change_seq') WHERE rowid = 1")
    ips.db.execute("UPDATE counters SET value = value + 1 WHERE name = 'change_seq'")
    later = station.export_bundle(ips, tmp_path / "out")
    assert hub.import_file(later).outcome == "applied"
    assert hub.store.counts()["staff"] == ips.staff().count()
    assert hub.store.db.execute("SELECT count(*) FROM staff WHERE job_title = 'Paramedic (night rota)'"
                                ).fetchone()[0] == 1


def test_acknowledged_records_stop_being_exported(tmp_path, hub, ips):
    assert sum(sync_state.waiting(ips.db).values()) > 0
    hub.import_file(station.export_bundle(ips, tmp_path / "out"))
    reference = hub.reference_bundle("IPS", tmp_path / "ref")
    outcome = station.import_reference(ips, reference)
    assert outcome.outcome == "applied", outcome.line()
    waiting = sync_state.waiting(ips.db)
    # Only courses HR's catalogue just changed are new; everything HR had is acknowledged.
    assert set(k for k, v in waiting.items() if v) <= {"training_courses"}
    assert sync_state.outbox(ips.db) == []
    path = station.export_bundle(ips, tmp_path / "out")
    assert json.loads(_decrypt(hub, path)["manifest.json"])["counts"]["staff"] == 0


def test_a_staff_member_who_moved_is_kept_twice_and_flagged(tmp_path, hub, ips):
    other = enrolled_workspace(tmp_path, hub, "COL", staff=3, seed=99)
    try:
        moved = ips.db.execute("SELECT assignment_number FROM staff LIMIT 1").fetchone()[0]
        # Colchester's manager adds the same person (their own record, the same assignment number).
        other.db.execute("UPDATE staff SET assignment_number = ? WHERE rowid = 1", [moved])
        assert hub.import_file(station.export_bundle(ips, tmp_path / "out")).outcome == "applied"
        result = hub.import_file(station.export_bundle(other, tmp_path / "out"))
        assert result.outcome == "applied" and result.conflicts == 1
        conflict = hub.store.conflicts()[0]
        assert conflict["part"] == "staff" and {conflict["held_station"], conflict["other_station"]} == {"IPS", "COL"}
        number = conflict["record_key"]
        versions = hub.store.db.execute("SELECT station FROM staff WHERE assignment_number = ? ORDER BY station",
                                        [number]).fetchall()
        assert versions == [("COL",), ("IPS",)]
        hub.store.resolve_conflict(hub.store.conflict(conflict["id"]), "other", "HR")
        current = hub.store.db.execute("SELECT station FROM staff WHERE assignment_number = ? AND superseded = 0",
                                       [number]).fetchall()
        assert current == [("COL",)]
        assert conflict["id"] not in [c["id"] for c in hub.store.conflicts()]
    finally:
        other.close()


def test_a_record_id_held_for_another_station_is_not_overwritten(tmp_path, hub, ips):
    other = enrolled_workspace(tmp_path, hub, "COL", seed=99)
    try:
        hub.import_file(station.export_bundle(ips, tmp_path / "out"))
        taken = ips.db.execute("SELECT id, need FROM development_items LIMIT 1").fetchone()
        other.db.execute("UPDATE development_items SET id = ?, need = 'Changed at Colchester' "
                         "WHERE rowid = (SELECT min(rowid) FROM development_items)", [taken[0]])
        result = hub.import_file(station.export_bundle(other, tmp_path / "out"))
        assert result.outcome == "applied" and result.conflicts == 1
        held = hub.store.db.execute("SELECT station, need FROM development_items WHERE id = ?", [taken[0]]).fetchone()
        assert held[0] == "IPS" and held[1] != "Changed at Colchester"
        stored = hub.store.db.execute("SELECT other_record FROM conflicts").fetchone()[0]
        assert "Changed at Colchester" in stored
    finally:
        other.close()


def test_one_invalid_record_is_quarantined_and_the_rest_applied(tmp_path, hub, ips):
    prepared = station.prepare_export(ips)
    conversations = prepared.outgoing.parts["conversations"]
    kind_at = [n for n, _ in fmt_part("conversations").columns].index("kind")
    bad = list(conversations[0])
    bad[kind_at] = "interrogation"
    conversations[0] = tuple(bad)
    path = station.seal_export(prepared, tmp_path / "out")
    result = hub.import_file(path)
    assert result.outcome == "applied" and result.quarantined >= 1
    quarantined = hub.store.quarantined()
    assert any("kind 'interrogation' is not an accepted value" in q["reason"] for q in quarantined)
    assert hub.store.counts()["conversations"] == len(conversations) - 1
    assert hub.store.counts()["staff"] == ips.staff().count()


def fmt_part(name: str):
    from desktop.domain.bundle_schema import BY_NAME
    return BY_NAME[name]


def test_evidence_that_does_not_match_its_hash_is_quarantined(tmp_path, hub, ips):
    staff_id = ips.db.execute("SELECT id FROM staff LIMIT 1").fetchone()[0]
    with ips.db.atomic():
        ips.db.execute("INSERT INTO cpd_entries (id, staff_id, start_date, title, activity_type, hours, created_at, "
                       "updated_at, change_seq) VALUES ('e1', ?, '2026-01-05', 'Sepsis study day', 'formal_education', "
                       "6, 'x', 'x', 100000)", [staff_id])
        for rid, content, digest in (("a1", b"certificate", fmt.sha256(b"certificate")),
                                     ("b2", b"tampered", fmt.sha256(b"original"))):
            ips.db.execute("INSERT INTO cpd_evidence (id, cpd_entry_id, file_name, size, sha256, content, created_at, "
                           "updated_at, change_seq) VALUES (?, 'e1', 'cert.pdf', ?, ?, ?, 'x', 'x', 100001)",
                           [rid, len(content), digest, content])
        ips.db.execute("UPDATE counters SET value = 100001 WHERE name = 'change_seq'")
    result = hub.import_file(station.export_bundle(ips, tmp_path / "out"))
    assert result.outcome == "applied" and result.quarantined == 1
    assert [(q["record_id"], q["reason"]) for q in hub.store.quarantined()] == [
        ("b2", "the evidence file does not match its SHA-256")]
    kept = dict(hub.store.db.execute("SELECT id, content FROM cpd_evidence WHERE id IN ('a1', 'b2')").fetchall())
    assert kept == {"a1": b"certificate"}


# --- bad bundles: one clear reason each, and the hub unchanged ---------------------------------

def _reseal(prepared, tmp_path: Path, name: str = "x") -> Path:
    return station.seal_export(prepared, tmp_path / name)


def _craft(prepared, entries: dict[str, bytes]) -> bytes:
    """A bundle assembled by hand, signed with the workspace's real key (to test the archive checks)."""
    manifest = dict(prepared.manifest)
    manifest["entries"] = [{"path": n, "sha256": fmt.sha256(d), "bytes": len(d)} for n, d in entries.items()]
    body = orjson.dumps(manifest)
    archive = fmt._tar([(fmt.MANIFEST, body), (fmt.SIGNATURE, prepared.signer_keys.signing.sign(body)),
                        *entries.items()])
    return pyrage.encrypt(archive, [fmt.load_recipient(prepared.recipient)])


def _bad_bundles(tmp_path: Path, hub, ips) -> dict[str, tuple[Path, str]]:
    good = station.export_bundle(ips, tmp_path / "good")
    data = good.read_bytes()
    bad: dict[str, tuple[Path, str]] = {}

    def put(name: str, content: bytes, reason: str) -> None:
        path = tmp_path / "bad" / f"{name}.eadr-bundle"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        bad[name] = (path, reason)

    put("truncated", data[: len(data) // 2], "damaged or truncated")
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0x01
    put("bit-flipped", bytes(flipped), "damaged or truncated")
    other_hub = make_hub(tmp_path / "other-hub")
    prepared = station.prepare_export(ips)
    prepared.recipient = other_hub.keys.recipient
    put("wrong-recipient", _reseal(prepared, tmp_path).read_bytes(), "encrypted for another recipient")
    other_hub.close()
    prepared = station.prepare_export(ips)
    prepared.manifest["sender"] = {**prepared.manifest["sender"], "id": "00000000-0000-0000-0000-000000000000"}
    prepared.manifest["enrolment"] = {"id": prepared.manifest["enrolment"]["id"], "token": "guessed"}
    put("unknown-sender", _reseal(prepared, tmp_path).read_bytes(), "unknown sender")
    prepared = station.prepare_export(ips)
    prepared.manifest["format_version"] = fmt.FORMAT_VERSION + 1
    put("future-format", _reseal(prepared, tmp_path).read_bytes(),
        f"format version {fmt.FORMAT_VERSION + 1} is not supported")
    prepared = station.prepare_export(ips)
    prepared.manifest["epoch"] = {"id": "x", "number": "two"}
    put("bad-epoch", _reseal(prepared, tmp_path).read_bytes(), "the manifest's epoch is missing or malformed")
    prepared = station.prepare_export(ips)
    put("path-leaves-bundle", _craft(prepared, {"../../etc/cron.d/evil": b"* * * * * root sh"}),
        "has a path that leaves the bundle")
    prepared = station.prepare_export(ips)
    put("absolute-path", _craft(prepared, {"/tmp/evil": b"x"}), "has a path that leaves the bundle")
    prepared = station.prepare_export(ips)
    prepared.manifest["counts"] = {**prepared.manifest["counts"], "staff": 999}
    put("wrong-counts", _reseal(prepared, tmp_path).read_bytes(), "the manifest says 999")
    prepared = station.prepare_export(ips)
    prepared.manifest["sequence"] = 0
    put("replayed", _reseal(prepared, tmp_path).read_bytes(), "replayed")
    put("not-a-bundle", b"PK\x03\x04 this is a zip file", "not an EADR bundle")
    return bad


def test_bad_bundles_each_get_one_clear_reason_and_change_nothing(tmp_path, hub, ips):
    first = station.export_bundle(ips, tmp_path / "first")
    assert hub.import_file(first).outcome == "applied"
    bad = _bad_bundles(tmp_path, hub, ips)
    before = hub_state(hub)
    for name, (path, reason) in bad.items():
        result = hub.import_file(path)
        assert result.outcome == "rejected", name
        assert reason in result.reason, (name, result.reason)
        assert "\n" not in result.line() and str(path) in result.line()
    assert hub_state(hub) == before


def test_an_oversized_bundle_is_refused_before_reading(tmp_path, hub, ips):
    path = station.export_bundle(ips, tmp_path / "out")
    result = hub.import_file(path, max_bytes=1000)
    assert result.outcome == "rejected" and result.reason.startswith("oversized")
    assert hub.store.counts()["staff"] == 0


def test_a_bundle_signed_by_the_wrong_key_is_refused(tmp_path, hub, ips):
    hub.import_file(station.export_bundle(ips, tmp_path / "out"))
    prepared = station.prepare_export(ips)
    prepared.signer_keys = fmt.SigningKeys.generate()          # a thief's key, the real workspace id
    result = hub.import_file(_reseal(prepared, tmp_path))
    assert result.outcome == "rejected" and "signature does not match" in result.reason


def test_export_can_be_cancelled_without_writing_or_numbering(tmp_path, hub, ips):
    prepared = station.prepare_export(ips)
    calls = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 3
    with pytest.raises(station.Cancelled):
        station.seal_export(prepared, tmp_path / "out", progress)
    assert not any((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True
    assert sync_state.last_bundle_seq(ips.db) == 0
    done = []
    path = station.export_bundle(ips, tmp_path / "out", lambda d, t: done.append((d, t)) or True)
    assert done[-1][0] == done[-1][1] and path.name.startswith("IPS-000001-")


def test_reference_bundles_never_go_back(tmp_path, hub, ips):
    hub.import_file(station.export_bundle(ips, tmp_path / "out"))
    first = hub.reference_bundle("IPS", tmp_path / "ref")
    second = hub.reference_bundle("IPS", tmp_path / "ref")
    assert station.import_reference(ips, second).outcome == "applied"
    older = station.import_reference(ips, first)
    assert older.outcome == "rejected" and "reference version 1" in older.reason
    assert station.import_reference(ips, second).outcome == "duplicate"


def test_a_reference_bundle_replaces_the_catalogue_by_code_and_sets_the_profile(tmp_path, hub, ips):
    hub.import_file(station.export_bundle(ips, tmp_path / "out"))
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(json.dumps({"version": "t-1", "courses": [
        {"code": "IG", "title": "Data security awareness", "renewal_months": 12, "applies_to": []},
        {"code": "BLS", "title": "Basic life support", "renewal_months": 12, "applies_to": ["pts"]}]}))
    profile = json.loads(Path("resources/trust/eeast.json").read_text())
    profile["trust"] = "Test Ambulance Service NHS Trust"
    (tmp_path / "profile.json").write_text(json.dumps(profile))
    hub.configure(tmp_path / "profile.json", catalogue)
    outcome = station.import_reference(ips, hub.reference_bundle("IPS", tmp_path / "ref"))
    assert outcome.outcome == "applied", outcome.line()
    rows = {r[0]: r[1:] for r in ips.db.execute("SELECT code, title, mandatory FROM training_courses")}
    assert rows["IG"] == ("Data security awareness", 1) and rows["BLS"] == ("Basic life support", 1)
    # Courses HR no longer lists stay (their records refer to them) but are no longer mandatory.
    assert all(mandatory == 0 for code, (_, mandatory) in rows.items() if code not in ("IG", "BLS"))
    assert ips.profile().trust == "Test Ambulance Service NHS Trust"


def test_staff_who_moved_arrive_with_their_earlier_eadrs(tmp_path, hub, ips):
    other = enrolled_workspace(tmp_path, hub, "COL", staff=3, seed=7)
    try:
        hub.import_file(station.export_bundle(other, tmp_path / "out"))
        hub.import_file(station.export_bundle(ips, tmp_path / "out"))
        mover = other.db.execute("SELECT assignment_number, first_name, last_name FROM staff "
                                 "WHERE id IN (SELECT staff_id FROM conversations WHERE status = 'signed_off') "
                                 "LIMIT 1").fetchone()
        # HR moves the person to Ipswich: their record now arrives with Ipswich's roster.
        hub.store.db.execute("UPDATE staff SET station = 'IPS' WHERE assignment_number = ? AND station = 'COL'",
                             [mover[0]])
        hub.store.db.execute("INSERT INTO staff SELECT id || '-old', assignment_number, first_name, last_name, "
                             "preferred_name, job_title, role, band, hcpc_number, email, start_date, status, "
                             "leaving_date, created_at, updated_at, change_seq, 0, workspace_id, 'COL', epoch FROM staff "
                             "WHERE assignment_number = ?", [mover[0]])
        hub.store.db.execute("UPDATE conversations SET staff_id = staff_id || '-old' WHERE staff_id IN "
                             "(SELECT id FROM staff WHERE assignment_number = ? AND station = 'IPS')", [mover[0]])
        outcome = station.import_reference(ips, hub.reference_bundle("IPS", tmp_path / "ref"))
        assert outcome.outcome == "applied"
        assert ips.staff().by_assignment(mover[0]) is not None
        earlier = sync_state.previous_eadrs(ips.db, mover[0])
        assert earlier and all(e["station"] == "COL" for e in earlier)
    finally:
        other.close()


def test_a_reference_bundle_for_another_workspace_is_refused(tmp_path, hub, ips):
    other = enrolled_workspace(tmp_path, hub, "COL", seed=5)
    try:
        hub.import_file(station.export_bundle(other, tmp_path / "out"))
        outcome = station.import_reference(ips, hub.reference_bundle("COL", tmp_path / "ref"))
        assert outcome.outcome == "rejected" and "another recipient" in outcome.reason
    finally:
        other.close()


def test_reports_count_what_the_stations_sent(tmp_path, hub, ips):
    from desktop.hub import reports
    hub.import_file(station.export_bundle(ips, tmp_path / "out"))
    table = reports.compliance(hub, AS_OF)
    by_station = {r[0]: dict(zip(table.headers, r)) for r in table.rows}
    active = ips.db.execute("SELECT count(*) FROM staff WHERE status = 'active'").fetchone()[0]
    appraised = ips.db.execute(
        "SELECT count(DISTINCT c.staff_id) FROM conversations c JOIN staff s ON s.id = c.staff_id WHERE "
        "s.status = 'active' AND c.kind = 'eadr' AND c.status = 'signed_off' AND manager_signed_on > '2025-11-23' "
        "AND manager_signed_on <= '2026-11-23'").fetchone()[0]
    assert by_station["IPS"]["active_staff"] == active == by_station["ALL"]["active_staff"]
    assert by_station["IPS"]["appraised_12m"] == appraised
    assert by_station["IPS"]["appraisal_compliance_pct"] == round(100 * appraised / active, 1)
    esr = reports.esr(hub, AS_OF)
    assert esr.headers[:1] == ["assignment_number"] and all(r[6] == "Annual appraisal (EADR)" for r in esr.rows)
    a = reports.dip_sample(hub, AS_OF, seed=1, per_station=2)
    assert a.rows == reports.dip_sample(hub, AS_OF, seed=1, per_station=2).rows and len(a.rows) == 2
    tna = reports.tna(hub, AS_OF)
    assert sum(r[2] for r in tna.rows if r[0] == "IPS") == ips.db.execute(
        "SELECT count(*) FROM development_items").fetchone()[0]
