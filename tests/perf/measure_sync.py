"""Sync measures: a station export (300 staff, five years of CPD) and a whole trust's import at the hub
(120 station bundles, about 7,000 staff and 1M CPD entries), the latter against plain sqlite3 executemany
of the same rows into the same tables, in the same run.

The trust's bundles are generated straight from Python lists through the real bundle builder (seal),
signed by real enrolled station keys, so the hub does every check it does in use.
"""

from __future__ import annotations

import random
import sqlite3
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from harness import Row, Target, ratio_row

from desktop.demo.build import build_demo
from desktop.domain.bundle_schema import BY_NAME, LINKS, PARTS
from desktop.hub.service import Hub
from desktop.hub.store import hub_migrations
from desktop.security.keyfile import Argon2Params, read_key_file, unwrap_key
from desktop.store.changes import next_seq
from desktop.store.info import DEMO_PASSPHRASE, KEY_FILE
from desktop.sync import station
from desktop.sync.format import FORMAT, FORMAT_VERSION, SCHEMA_VERSION, Contents, SigningKeys, encode_part, seal

EXPORT_TARGET = Target(1.0)
IMPORT_TARGET = Target(60.0)
RATIO_TARGET = Target(0.4, unit="x", at_least=True)
STATIONS, TRUST_STAFF, TRUST_CPD = 120, 7000, 1_000_000
CHEAP = Argon2Params(1, 8192, 1)
ACTIVITIES = ("work_based", "professional", "formal_education", "self_directed", "other")
TITLES = ("Sepsis recognition study day", "Reflective case review: cardiac arrest", "Mentoring a student paramedic",
          "Safeguarding adults update", "Frailty and falls e-learning", "Maternity emergencies workshop")


def _cpd_rows(rng: random.Random, staff_ids: list[str], per_person: int, first: date, seq: int) -> list[list]:
    rows = []
    now = "2026-11-23T09:00:00+00:00"
    for staff_id in staff_ids:
        for _k in range(per_person):
            day = (first + timedelta(days=rng.randint(0, 1825))).isoformat()
            rows.append([str(uuid.UUID(int=rng.getrandbits(128), version=4)), staff_id, day, day,
                         rng.choice(TITLES), rng.choice(ACTIVITIES), float(rng.choice((1, 2, 3.5, 6, 7.5))),
                         "Trust education team", "Learning about recognising deterioration early.",
                         "What happened on the day.", "Why it mattered for patients.", "What I will do next time.",
                         "Earlier escalation for deteriorating patients.", "", 0, now, now, seq])
            seq += 1
    return rows


# --- station export -------------------------------------------------------------------------------

def measure_export(scratch: Path, staff: int, runs: int) -> list[Row]:
    """A 300-person workspace with five years of EADRs and CPD; export everything not acknowledged."""
    folder = scratch / "export-ws"
    workspace = build_demo(folder, staff=staff, params=CHEAP)
    hub = Hub.create(scratch / "export-hub", "bench hub passphrase", params=CHEAP)
    try:
        enrolment = hub.enrolment_file("BEN", scratch / "ben.json")
        station.enrol(workspace, enrolment, unwrap_key(read_key_file(folder / KEY_FILE), DEMO_PASSPHRASE))
        ids = [r[0] for r in workspace.db.execute("SELECT id FROM staff")]
        with workspace.db.atomic():
            per_person = 24 * 5          # about two activities a month for five years
            seq = next_seq(workspace.db, len(ids) * per_person)
            rows = _cpd_rows(random.Random(3), ids, per_person, date(2021, 11, 23), seq)
            cpd = BY_NAME["cpd_entries"]
            workspace.db.conn.executemany(f"INSERT INTO cpd_entries ({', '.join(cpd.names)}) VALUES "
                                          f"({', '.join('?' * len(cpd.names))})", rows)
        records = sum(station.sync_state.waiting(workspace.db).values())
        samples, size = [], 0
        for i in range(runs):
            start = time.perf_counter()
            path = station.export_bundle(workspace, scratch / f"export-{i}")
            samples.append(time.perf_counter() - start)
            size = path.stat().st_size
    finally:
        workspace.close()
        hub.close()
    return [Row("station bundle export (everything unacknowledged)",
                f"{staff} staff, {len(rows):,} CPD, {records:,} records, {size / 1e6:.0f} MB", samples, EXPORT_TARGET)]


# --- trust import ---------------------------------------------------------------------------------

def _station_parts(index: int, staff: int, cpd: int) -> dict[str, list[list]]:
    """Deterministic records for station `index`: staff, a signed EADR each, and their CPD."""
    rng = random.Random(index)
    now = "2026-11-23T09:00:00+00:00"
    people, conversations = [], []
    for k in range(staff):
        sid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        people.append([sid, f"{10_000_000 + index * 1000 + k}", "Siân", f"Jones-{k}", "", "Paramedic", "paramedic",
                       "Band 6", f"PA{10000 + k}", f"s{index}.{k}@nhs.net", "2015-04-01", "active", None, None, None, now, now, k + 1])
        signed = (date(2026, 11, 23) - timedelta(days=rng.randint(10, 500))).isoformat()
        conversations.append([str(uuid.UUID(int=rng.getrandbits(128), version=4)), sid, "eadr", "signed_off", None,
                              None, signed, "Jo Taylor", '{"summary": "A good year."}', signed, "Siân Jones", 1, "",
                              0, signed, "Jo Taylor", rng.choice((60, 80, 100)), None, now, now, staff + k + 1])
    per_person = cpd // staff
    extra = cpd - per_person * staff
    cpd_rows = _cpd_rows(rng, [p[0] for p in people], per_person, date(2021, 11, 23), 2 * staff + 1)
    cpd_rows += _cpd_rows(rng, [people[0][0]], extra, date(2021, 11, 23), 2 * staff + 1 + len(cpd_rows))
    return {"staff": people, "conversations": conversations, "cpd_entries": cpd_rows}


def _trust_bundles(scratch: Path, hub: Hub, sizes: list[tuple[int, int]]) -> list[Path]:
    paths = []
    for index, (staff, cpd) in enumerate(sizes):
        code = f"S{index:03d}"
        enrolment = station.read_enrolment(hub.enrolment_file(code, scratch / "enrol" / f"{code}.json"))
        keys = SigningKeys.generate()
        parts = _station_parts(index, staff, cpd)
        entries = {f"parts/{p.name}.json": encode_part(p.names, parts.get(p.name, [])) for p in PARTS}
        entries[f"parts/{LINKS.name}.json"] = encode_part(LINKS.names, [])
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": SCHEMA_VERSION,
                    "kind": "station", "bundle_id": str(uuid.uuid4()), "created_at": "2026-11-23T09:00:00+00:00",
                    "sender": {"kind": "workspace", "id": str(uuid.uuid4()), "station": code, "station_name": code,
                               "signing_key": keys.verify_key, "age_recipient": keys.recipient},
                    "recipient": {"hub_id": hub.info.hub_id}, "sequence": 1, "epoch": {"id": "", "number": 0},
                    "change_seq": {"from": 1, "to": 2 * staff + cpd},
                    "enrolment": {"id": enrolment["enrolment_id"], "token": enrolment["token"]},
                    "counts": {p.name: len(parts.get(p.name, [])) for p in (*PARTS, LINKS)}, "audit_summary": {}}
        path = scratch / "trust" / f"{code}.eadr-bundle"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(seal(Contents(manifest, entries), keys.signing, [hub.keys.recipient]))
        paths.append(path)
    return paths


def _sizes(stations: int, staff: int, cpd: int) -> list[tuple[int, int]]:
    rng = random.Random(11)
    weights = [rng.uniform(0.6, 1.4) for _ in range(stations)]
    total = sum(weights)
    sizes = [(max(1, round(staff * w / total)), round(cpd * w / total)) for w in weights]
    return sizes


def _plain_rate(scratch: Path, sizes: list[tuple[int, int]]) -> tuple[float, int]:
    """Seconds for plain (unencrypted) sqlite3 executemany of the same rows into the same tables, one transaction."""
    path = scratch / "plain.db"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    for sql in sorted(hub_migrations().glob("*.sql")):
        conn.executescript(sql.read_text())
    elapsed, rows_written = 0.0, 0
    for index, (staff, cpd) in enumerate(sizes):
        parts = _station_parts(index, staff, cpd)
        batches = []
        for name, rows in parts.items():
            part = BY_NAME[name]
            names = (*part.names, "workspace_id", "station")
            batches.append((f"INSERT INTO {name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                            [r + ["w", f"S{index:03d}"] for r in rows]))
        start = time.perf_counter()
        with conn:
            for sql, rows in batches:
                conn.executemany(sql, rows)
                rows_written += len(rows)
        elapsed += time.perf_counter() - start
    conn.close()
    return elapsed, rows_written


def measure_trust_import(scratch: Path, runs: int, log=print) -> tuple[list[Row], list[str]]:
    sizes = _sizes(STATIONS, TRUST_STAFF, TRUST_CPD)
    import_s, plain_s = [], []
    records = 0
    for run in range(runs):
        hub = Hub.create(scratch / f"trust-hub-{run}", "bench hub passphrase", params=CHEAP)
        try:
            start = time.perf_counter()
            paths = _trust_bundles(scratch / f"trust-{run}", hub, sizes)
            log(f"  trust bundles generated in {time.perf_counter() - start:.1f} s "
                f"({sum(p.stat().st_size for p in paths) / 1e6:.0f} MB)")
            start = time.perf_counter()
            results = hub.import_files(paths)
            import_s.append(time.perf_counter() - start)
            refused = [r.line() for r in results if r.outcome != "applied"]
            if refused:
                raise AssertionError(f"trust import refused bundles: {refused[:3]}")
            records = sum(r.records for r in results)
        finally:
            hub.close()
        seconds, rows = _plain_rate(scratch, sizes)
        if rows != records:
            raise AssertionError(f"plain insert wrote {rows} rows, the hub {records}")
        plain_s.append(seconds)
    size = f"{STATIONS} bundles, {sum(s for s, _ in sizes):,} staff, {TRUST_CPD:,} CPD"
    hub_row = Row("hub import of a whole trust (verify, decrypt, check, apply)", size, import_s, IMPORT_TARGET)
    plain_row = Row("plain sqlite3 executemany of the same rows", size, plain_s)
    rate_hub = Row("hub import rate (rows/s)", size, [records / s for s in import_s], unit="x")
    rate_plain = Row("plain rate (rows/s)", size, [records / s for s in plain_s], unit="x")
    ratio = ratio_row("hub import rate / plain executemany rate", size, rate_hub, rate_plain, RATIO_TARGET)
    notes = [f"trust import: {records:,} rows at {records / hub_row.median:,.0f} rows/s through the hub "
             f"(SQLCipher, every check) against {records / plain_row.median:,.0f} rows/s plain sqlite3 "
             "executemany into the same tables (unencrypted, no checks)"]
    return [hub_row, plain_row, ratio], notes
