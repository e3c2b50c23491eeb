"""Files from HR's spreadsheets and USB sticks: roster CSVs in every encoding (and none), control
characters in names, formulas in the CSVs the product writes, and hostile portable CPD zips.

Every file either imports as it should or ends in one clear line naming the file and what to do
(exit 1, no traceback); nothing is stored from a refused file and no control character reaches a name.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.csv_safe import FORMULA_STARTS, csv_text, safe_cell
from tests.faults.harness import build_demo_workspace, copy_of, lost, run_cli, snapshot

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HEADER = "Assignment Number,First Name,Last Name,Position,Band\r\n"
GOOD = ("90000001,Siân,ap Rhys,Paramedic,Band 6\r\n"
        "90000002,Łukasz,Wójcik,Emergency Medical Technician,5\r\n"
        "90000003,Zoë,Ó Briain,Emergency Care Assistant,3\r\n")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_demo_workspace(tmp_path_factory.mktemp("hostile") / "demo", staff=6)


def _one_line(stderr: str) -> str:
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    return stderr


def _people(tmp_path: Path, ws: Path) -> dict[str, dict]:
    listed = run_cli(tmp_path, "staff", "list", "--workspace", ws, "--json")
    assert listed.returncode == 0, listed.stderr
    return {p["assignment_number"]: p for p in json.loads(listed.stdout)}


# --- roster files in every encoding the importer accepts ---------------------------------------------
ENCODINGS = {
    "UTF-8": lambda t: t.encode("utf-8"),
    "UTF-8 with BOM (Excel's CSV UTF-8)": lambda t: t.encode("utf-8-sig"),
    "UTF-16 LE with BOM (Excel's Unicode text)": lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
    "UTF-16 BE with BOM": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "UTF-32 with BOM": lambda t: t.encode("utf-32"),
    "Windows-1252 (Excel's plain CSV)": lambda t: t.replace("Ł", "L").encode("cp1252"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_roster_in_each_accepted_encoding(template, tmp_path, faults, encoding):
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    roster = tmp_path / "roster.csv"
    roster.write_bytes(ENCODINGS[encoding](HEADER + GOOD))
    result = run_cli(tmp_path, "roster", "import", roster, "--workspace", ws)
    after = snapshot(ws)
    faults.tried(f"roster file in {encoding}", lost(before, after))
    assert result.returncode == 0, result.stderr
    people = _people(tmp_path, ws)
    assert people["90000001"]["first_name"] == "Siân" and people["90000003"]["last_name"] == "Ó Briain"
    assert people["90000002"]["first_name"] in ("Łukasz", "Lukasz")
    assert lost(before, after) == 0


# --- roster files it cannot decode --------------------------------------------------------------------
UNDECODABLE = {
    "UTF-16 without a BOM": (lambda: (HEADER + GOOD).encode("utf-16-le"), "binary data"),
    "UTF-16 BOM but an odd number of bytes": (lambda: b"\xff\xfe" + (HEADER + GOOD).encode("utf-16-le") + b"A",
                                              "not valid UTF-16"),
    "UTF-8 BOM then invalid UTF-8": (lambda: b"\xef\xbb\xbf" + HEADER.encode() + b"90000001,\xc3\x28,X,Y,5\r\n",
                                     "not valid UTF-8"),
    "bytes undefined in Windows-1252": (lambda: HEADER.encode() + b"90000001,A\x81\x8d\x90,B,C,5\r\n",
                                        "CSV UTF-8"),
    "a ZIP (an .xlsx renamed .csv)": (lambda: b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4,
                                      "binary data"),
    "only quotes and commas": (lambda: b'"\r\n,,,\r\n', "export the roster from ESR"),
    "only blank cells": (lambda: b'"","",""\r\n""\r\n', "no header row"),
    "a header without the required columns": (lambda: b"Name;Grade\r\nJo;5\r\n", "no column for"),
    "a cell over the CSV field limit": (lambda: HEADER.encode() + b'"' + b"a" * 200_000 + b'"\r\n',
                                        "not readable as CSV"),
    "a NUL byte in a UTF-8 roster": (lambda: (HEADER + "90000011,Jo\x00hn,Smith,Paramedic,6\r\n").encode(),
                                     "binary data"),
    "a header with control characters": (lambda: b"\x1b[31mName\x07,Grade\r\nJo,5\r\n", "<U+001B>"),
}


@pytest.mark.parametrize("case", list(UNDECODABLE))
def test_roster_that_cannot_be_read_ends_in_one_line(template, tmp_path, faults, case):
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    make, expected = UNDECODABLE[case]
    roster = tmp_path / "from-the-stick.csv"
    roster.write_bytes(make())
    result = run_cli(tmp_path, "roster", "import", roster, "--workspace", ws)
    after = snapshot(ws)
    faults.tried(f"roster file: {case}", lost(before, after))
    assert result.returncode == 1
    message = _one_line(result.stderr)
    assert "from-the-stick.csv" in message and expected in message, message
    assert after == before, "a refused roster changed the workspace"


# --- control characters in names and fields -----------------------------------------------------------
HOSTILE_ROWS = {
    "NUL in a first name": "90000011,Jo\x00hn,Smith,Paramedic,6",
    "escape sequence in a surname": "90000012,Amy,\x1b[2JPond,Paramedic,6",
    "right-to-left override in a surname": "90000013,Eve,Moneypenny\u202egpj.exe,Paramedic,6",
    "bell in a job title": "90000014,Rory,Williams,Para\x07medic,6",
    "DEL in an assignment number": "900\x7f00015,Clara,Oswald,Paramedic,6",
    "C1 control (NEL) in a name": "90000016,Bi\x85ll,Potts,Paramedic,6",
}


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16 LE with BOM (Excel's Unicode text)"])
def test_control_characters_never_reach_a_stored_name(template, tmp_path, faults, encoding):
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    # A raw NUL byte makes a UTF-8 file binary (refused whole, above); in UTF-16 it is a character in a row.
    hostile = {k: v for k, v in HOSTILE_ROWS.items() if encoding != "UTF-8" or "NUL" not in k}
    text = HEADER + "90000010,Tab\tbed,Name  With\r\n  Spaces,Paramedic,6\r\n" \
        + "".join(row + "\r\n" for row in hostile.values())
    text = text.replace("Tab\tbed", '"Tab\tbed"').replace("Name  With\r\n  Spaces", '"Name  With\r\n  Spaces"')
    roster = tmp_path / "roster.csv"
    roster.write_bytes(ENCODINGS[encoding](text))
    result = run_cli(tmp_path, "roster", "import", roster, "--workspace", ws)
    after = snapshot(ws)
    faults.tried(f"roster rows with control characters ({encoding})", lost(before, after))
    assert result.returncode == 1, "refused rows must make the exit code 1"
    refusals = result.stderr.splitlines()
    assert len(refusals) == len(hostile), result.stderr
    assert all("control character" in line and "roster.csv: row" in line for line in refusals), refusals
    assert not CONTROL.search(result.stderr), "a control character was echoed to the terminal"
    people = _people(tmp_path, ws)
    assert people["90000010"]["first_name"] == "Tab bed" and people["90000010"]["last_name"] == "Name With Spaces"
    for number in ("90000011", "90000012", "90000013", "90000014", "90000016"):
        assert number not in people
    for person in people.values():
        assert not any(CONTROL.search(str(v or "")) for v in person.values()), person
    assert lost(before, after) == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=400),
    st.builds(lambda prefix, body: prefix + body,
              st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00",
                               HEADER.encode()]),
              st.binary(max_size=300)),
    st.text(max_size=200).map(lambda t: (HEADER + t).encode("utf-8")),
))
def test_random_bytes_never_make_the_roster_importer_raise_a_traceback(workspace, tmp_path, data):
    from desktop.sync.roster import Outcome, RosterFileError, plan_import
    roster = tmp_path / "random.csv"
    roster.write_bytes(data)
    try:
        plan = plan_import(roster, workspace.staff())
    except RosterFileError as exc:
        assert "random.csv" in str(exc) and "\n" not in str(exc) and not CONTROL.search(str(exc))
        return
    for row in plan.rows:
        if row.outcome is Outcome.REFUSED:
            assert row.reason and "\n" not in row.reason and not CONTROL.search(row.reason)
        else:
            assert row.staff is not None
            person = row.staff
            for value in (person.first_name, person.last_name, person.job_title, person.assignment_number):
                assert not CONTROL.search(value)


def test_random_roster_fuzz_is_a_counted_scenario(faults):
    """The Hypothesis run above is one scenario in the ledger (it writes nothing, so nothing can be lost)."""
    faults.tried("roster importer over random bytes (Hypothesis, 150 files)", 0)


# --- CSVs the product writes --------------------------------------------------------------------------
FORMULAS = ["=HYPERLINK(\"http://evil\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR",
            "=cmd|' /C calc'!A0"]


@given(st.lists(st.lists(st.one_of(st.text(max_size=20), st.integers(), st.none(),
                                   st.sampled_from(FORMULAS)), min_size=1, max_size=4), max_size=6))
@settings(max_examples=200, deadline=None)
def test_no_cell_written_can_start_a_formula(rows):
    text = csv_text(["h"] * 4, rows)
    for row in list(csv.reader(io.StringIO(text, newline="")))[1:]:
        for cell in row:   # only a real (negative) number may start with '-'
            assert not cell.startswith(FORMULA_STARTS) or re.fullmatch(r"-\d+", cell), cell


def test_numbers_stay_numbers_and_text_keeps_its_words():
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5 and safe_cell(None) == ""
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("Jo") == "Jo" and safe_cell("0012345") == "0012345"


def test_hub_report_csv_neutralises_a_formula_typed_at_a_station(tmp_path, faults):
    """A name typed at a station reaches HR's spreadsheet as text, never as a formula."""
    from tests.unit.syncing import HUB_PASSPHRASE, enrolled_workspace, make_hub
    from desktop.sync import station
    hub = make_hub(tmp_path / "hub")
    ws = enrolled_workspace(tmp_path, hub, "IPS", staff=4)
    repo = ws.staff()
    person = repo.all()[0]
    hostile = {"first_name": "=HYPERLINK(\"http://x\",\"Jo\")", "last_name": "+44 Smith", "job_title": "@SUM(1)"}
    repo.update(person.with_changes(**hostile))
    bundle = station.export_bundle(ws, tmp_path / "out")
    ws.close()
    [result] = hub.import_files([bundle])
    assert result.outcome == "applied", result.line()
    hub.close()
    found = {}
    for report in ("esr", "dip", "compliance", "tna"):
        out = tmp_path / f"{report}.csv"
        done = run_cli(tmp_path, "hub", "report", report, "--hub", tmp_path / "hub", "--out", out,
                       "--as-of", "2026-11-23", passphrase=HUB_PASSPHRASE)
        assert done.returncode == 0, done.stderr
        found[report] = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    cells = [c for rows in found.values() for row in rows for c in row]
    faults.tried("hub report CSVs with formulas typed at a station", 0)
    assert not [c for c in cells if c.startswith(FORMULA_STARTS) and not re.fullmatch(r"-?\d+(\.\d+)?", c)], cells
    assert any(c.startswith("'=HYPERLINK") or c.startswith("'+44") for c in cells), \
        "the hostile name should appear (neutralised) in at least one report"


# --- portable CPD files built to hurt ------------------------------------------------------------------
def _entry_json(n: int, evidence: list[dict] | None = None, entry_id: str | None = "keep") -> dict:
    raw = {"id": f"entry-{n}", "start_date": f"2026-0{1 + n % 9}-1{n % 10}", "end_date": None,
           "title": f"Study day {n}", "activity_type": "formal_education", "hours": 3.5, "provider": "",
           "description": "", "reflection": {"what": "w", "so_what": "s", "now_what": "n"},
           "service_user_benefit": "", "evidence_note": "", "evidence": evidence or []}
    if entry_id != "keep":
        if entry_id is None:
            raw.pop("id")
        else:
            raw["id"] = entry_id
    return raw


def _evidence_json(n: int, content: bytes, name: str = "notes.pdf") -> dict:
    import hashlib
    return {"id": f"ev-{n}", "file_name": name, "media_type": "application/pdf", "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(), "path": f"evidence/ev-{n}/{name}"}


def _portable(path: Path, entries: list[dict], files: dict[str, bytes] | None = None,
              compression: int = 8) -> Path:
    import zipfile
    document = {"format": "eadr-station-cpd", "version": 1, "exported_at": "2026-11-23T10:00:00Z",
                "person": {"first_name": "Siân", "last_name": "ap Rhys", "hcpc_number": ""}, "entries": entries}
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        archive.writestr("cpd.json", json.dumps(document))
        for name, content in (files or {}).items():
            archive.writestr(name, content)
    return path


def _patch(path: Path, member: str, **fields: int) -> None:
    """Rewrite fields of one member's local and central headers in place (crc, file_size, compress_type,
    header_offset), as a hostile or damaged file would have them."""
    import struct
    import zipfile
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    name = member.encode()
    central = data.index(b"PK\x01\x02" + data[data.index(b"PK\x01\x02") + 4:data.index(b"PK\x01\x02") + 4][:0])
    while True:   # find this member's central directory record
        central = data.index(b"PK\x01\x02", central)
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46:central + 46 + name_len]) == name:
            break
        central += 4
    local = info.header_offset
    for key, value in fields.items():
        if key == "crc":
            struct.pack_into("<I", data, central + 16, value)
            struct.pack_into("<I", data, local + 14, value)
        elif key == "file_size":
            struct.pack_into("<I", data, central + 24, value)
            struct.pack_into("<I", data, local + 22, value)
        elif key == "compress_type":
            struct.pack_into("<H", data, central + 10, value)
            struct.pack_into("<H", data, local + 8, value)
        elif key == "header_offset":
            struct.pack_into("<I", data, central + 42, value)
    path.write_bytes(bytes(data))


def _hostile(kind: str, folder: Path) -> tuple[Path, str]:
    """A hostile or damaged portable CPD file, and words its refusal must contain."""
    import io as _io
    import zipfile
    path = folder / f"{kind.replace(' ', '-')}.zip"
    pdf = b"%PDF-1.4 evidence " * 50
    if kind == "an evidence file that expands to 11 MB":
        big = b"\0" * (11 * 1024 * 1024)
        _portable(path, [_entry_json(1, [_evidence_json(1, big)])], {"evidence/ev-1/notes.pdf": big})
        return path, "would expand to"
    if kind == "a member that expands beyond the size it declares":
        big = b"\0" * 2_000_000
        _portable(path, [_entry_json(1, [_evidence_json(1, big)])], {"evidence/ev-1/notes.pdf": big})
        _patch(path, "evidence/ev-1/notes.pdf", file_size=1000)
        return path, "cannot be read"
    if kind == "two entries sharing one member's bytes":
        a, b = pdf, pdf + b"x"
        _portable(path, [_entry_json(1, [_evidence_json(1, a)]), _entry_json(2, [_evidence_json(2, b)])],
                  {"evidence/ev-1/notes.pdf": a, "evidence/ev-2/notes.pdf": b})
        with zipfile.ZipFile(path) as archive:
            first = archive.getinfo("evidence/ev-1/notes.pdf").header_offset
        _patch(path, "evidence/ev-2/notes.pdf", header_offset=first)
        return path, "share the same stored bytes"
    if kind == "the same name twice":
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _portable(path, [_entry_json(1, [_evidence_json(1, pdf)])], {"evidence/ev-1/notes.pdf": pdf})
            with zipfile.ZipFile(path, "a") as archive:
                archive.writestr("evidence/ev-1/notes.pdf", pdf)
        return path, "twice"
    if kind == "damaged compressed data":
        content = bytes(range(256)) * 400
        _portable(path, [_entry_json(1, [_evidence_json(1, content)])], {"evidence/ev-1/notes.pdf": content})
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("evidence/ev-1/notes.pdf")
        start = info.header_offset + 30 + len(info.filename)
        for at in range(start + 10, start + 60):
            data[at] ^= 0x5A
        path.write_bytes(bytes(data))
        return path, "cannot be read"
    if kind == "a wrong CRC":
        _portable(path, [_entry_json(1, [_evidence_json(1, pdf)])], {"evidence/ev-1/notes.pdf": pdf})
        _patch(path, "evidence/ev-1/notes.pdf", crc=0x12345678)
        return path, "CRC"
    if kind == "a damaged cpd.json":
        _portable(path, [_entry_json(n) for n in range(1, 30)])
        _patch(path, "cpd.json", crc=0xDEADBEEF)
        return path, "cpd.json cannot be read"
    if kind == "an unknown compression method":
        _portable(path, [_entry_json(1, [_evidence_json(1, pdf)])], {"evidence/ev-1/notes.pdf": pdf})
        _patch(path, "evidence/ev-1/notes.pdf", compress_type=99)
        return path, "compressed in a way"
    if kind == "a zip inside the zip":
        inner = _io.BytesIO()
        with zipfile.ZipFile(inner, "w") as nested:
            nested.writestr("bomb.bin", b"\0" * 1000)
        content = inner.getvalue()
        _portable(path, [_entry_json(1, [_evidence_json(1, content)])], {"evidence/ev-1/notes.pdf": content})
        return path, "zip inside the zip"
    if kind == "a zip named .zip inside":
        inner = _io.BytesIO()
        with zipfile.ZipFile(inner, "w") as nested:
            nested.writestr("a.txt", b"a")
        content = inner.getvalue()
        _portable(path, [_entry_json(1, [_evidence_json(1, content, "more.zip")])],
                  {"evidence/ev-1/more.zip": content})
        return path, "zip inside the zip"
    if kind == "two entries with one ID":
        _portable(path, [_entry_json(1), _entry_json(2, entry_id="entry-1")])
        return path, "same ID"
    if kind == "an ID that is not text":
        _portable(path, [_entry_json(1, entry_id=12345)])   # type: ignore[arg-type]
        return path, "not a short text"
    if kind == "two evidence records with one ID":
        ev = _evidence_json(1, pdf)
        _portable(path, [_entry_json(1, [ev]), _entry_json(2, [{**ev, "path": "evidence/ev-9/notes.pdf"}])],
                  {"evidence/ev-1/notes.pdf": pdf, "evidence/ev-9/notes.pdf": pdf})
        return path, "same ID"
    if kind == "one evidence file used by every entry":
        ev = _evidence_json(1, pdf)
        _portable(path, [_entry_json(n, [{**ev, "id": f"ev-{n}"}]) for n in range(1, 40)],
                  {"evidence/ev-1/notes.pdf": pdf})
        return path, "one file repeated"
    if kind == "a file cpd.json does not list":
        _portable(path, [_entry_json(1)], {"evidence/stowaway/run-me.exe": b"MZ" + b"\0" * 100})
        return path, "does not list"
    if kind == "a cpd.json nested 100 000 deep":
        with zipfile.ZipFile(path, "w", compression=8) as archive:
            archive.writestr("cpd.json", "[" * 100_000 + "]" * 100_000)
        return path, "cpd.json is damaged"
    raise AssertionError(kind)


HOSTILE_ZIPS = ["an evidence file that expands to 11 MB", "a member that expands beyond the size it declares",
                "two entries sharing one member's bytes", "the same name twice", "damaged compressed data",
                "a wrong CRC", "a damaged cpd.json", "an unknown compression method", "a zip inside the zip",
                "a zip named .zip inside", "two entries with one ID", "an ID that is not text",
                "two evidence records with one ID", "one evidence file used by every entry",
                "a file cpd.json does not list", "a cpd.json nested 100 000 deep"]


@pytest.fixture(scope="module")
def paramedic(template, tmp_path_factory) -> str:
    listed = run_cli(tmp_path_factory.mktemp("cli"), "staff", "list", "--workspace", template, "--json")
    return json.loads(listed.stdout)[0]["assignment_number"]


@pytest.mark.parametrize("kind", HOSTILE_ZIPS)
def test_hostile_portable_cpd_file_is_refused_whole(template, paramedic, tmp_path, faults, kind):
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    path, expected = _hostile(kind, tmp_path)
    result = run_cli(tmp_path, "cpd", "import", path, "--staff", paramedic, "--workspace", ws)
    after = snapshot(ws)
    faults.tried(f"portable CPD file with {kind}", lost(before, after))
    assert result.returncode == 1
    message = _one_line(result.stderr)
    assert path.name in message and expected in message and "nothing was imported" in message, message
    assert after == before, "a refused portable CPD file stored something"


def test_entries_without_an_id_are_told_apart(template, paramedic, tmp_path, faults):
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    path = _portable(tmp_path / "no-ids.zip", [_entry_json(n, entry_id=None) for n in (1, 2)]
                     + [_entry_json(3, entry_id="")])
    # The file is made out to someone else: confirmed as a change of name, as the question is not what this tests.
    same = "--same-person-confirmed"
    first = run_cli(tmp_path, "cpd", "import", path, "--staff", paramedic, "--workspace", ws, "--json", same)
    again = run_cli(tmp_path, "cpd", "import", path, "--staff", paramedic, "--workspace", ws, "--json", same)
    after = snapshot(ws)
    faults.tried("portable CPD file whose entries have no IDs (three stay three)", lost(before, after))
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["added"] == 3, first.stdout
    assert json.loads(again.stdout)["added"] == 0 and json.loads(again.stdout)["duplicates"] == 3
    titles = [k for k in after if k[0] == "cpd_entries" and k not in before]
    assert len(titles) == 3 and lost(before, after) == 0


def test_the_total_expanded_size_is_capped_before_reading(workspace, tmp_path, faults, monkeypatch):
    """Sums of the declared sizes are checked first: with the cap lowered, a file within each member's limit
    but over the total is refused without a byte of evidence being expanded."""
    from desktop.domain.staff import Staff
    from desktop.sync import cpd_portable
    person = workspace.staff().add(Staff(assignment_number="70000001", first_name="Jo", last_name="Bloggs"))
    content = b"%PDF" + b"\0" * 3_000_000
    path = _portable(tmp_path / "heavy.zip", [_entry_json(n, [_evidence_json(n, content)]) for n in (1, 2)],
                     {f"evidence/ev-{n}/notes.pdf": content for n in (1, 2)})
    monkeypatch.setattr(cpd_portable, "MAX_EXPANDED_BYTES", 5_000_000)
    read: list[str] = []
    real = cpd_portable._read_member
    monkeypatch.setattr(cpd_portable, "_read_member",
                        lambda p, a, info: read.append(info.filename) or real(p, a, info))
    with pytest.raises(cpd_portable.PortableFileError) as refused:
        cpd_portable.import_portable(workspace.cpd(), person, path)
    faults.tried("portable CPD file over the total expanded size", 0)
    assert "would expand to 6,0" in str(refused.value) and read == ["cpd.json"], (str(refused.value), read)
    assert workspace.cpd().entries(person.id or "") == []


_VALID_ZIP: bytes | None = None


def _valid_zip(folder: Path) -> bytes:
    global _VALID_ZIP
    if _VALID_ZIP is None:
        pdf = b"%PDF-1.4 " + bytes(range(256)) * 8
        _VALID_ZIP = _portable(folder / "valid.zip", [_entry_json(1, [_evidence_json(1, pdf)]), _entry_json(2)],
                               {"evidence/ev-1/notes.pdf": pdf}).read_bytes()
    return _VALID_ZIP


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_damaged_portable_cpd_files_never_raise_a_traceback(workspace, tmp_path, data):
    """Flipped bytes, cut-off ends and spliced garbage in a real portable CPD file: always a PortableFileError
    or an outcome with reasons, never any other exception."""
    from desktop.domain.staff import Staff
    from desktop.sync.cpd_portable import PortableFileError, import_portable
    valid = bytearray(_valid_zip(tmp_path))
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(valid) - 1))
        valid[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(20, len(valid)))
    path = tmp_path / "fuzzed.zip"
    path.write_bytes(bytes(valid[:cut]))
    repo = workspace.staff()
    person = repo.by_assignment("70000009") or repo.add(Staff(assignment_number="70000009", first_name="Jo",
                                                              last_name="Bloggs"))
    try:
        outcome = import_portable(workspace.cpd(), person, path)
    except PortableFileError as exc:
        assert "fuzzed.zip" in str(exc)
        return
    assert all(isinstance(r["reason"], str) and r["reason"] for r in outcome.refused)


def test_damaged_portable_cpd_fuzz_is_a_counted_scenario(faults):
    faults.tried("portable CPD importer over 200 damaged files (Hypothesis)", 0)
