"""HR's reports as .xlsx: assignment numbers stay text (leading zeros), names keep their accents, dates are
real dates shown dd/mm/yyyy, the header row is frozen, and no cell is ever a formula."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from syncing import AS_OF, HUB_PASSPHRASE, enrolled_workspace, make_hub

from desktop.cli import main
from desktop.hub import reports
from desktop.hub.service import Hub
from desktop.sync import station

NAMES = {"00123456": ("Siân", "Evans"), "00000042": ("Łukasz", "Nowak"), "01234567": ("Nguyễn", "Thị Lan"),
         "00999001": ("Ciarán", "O'Brien")}


@pytest.fixture
def hub_with_demo(tmp_path: Path):
    """A hub that has imported a demo station whose appraised staff have leading-zero numbers and accents."""
    hub = make_hub(tmp_path / "hub")
    ws = enrolled_workspace(tmp_path, hub, "IPS", staff=8)
    try:
        signed = [r[0] for r in ws.db.execute(
            "SELECT DISTINCT staff_id FROM conversations WHERE kind = 'eadr' AND status = 'signed_off'")]
        repo = ws.staff()
        for staff_id, (number, (first, last)) in zip(signed, NAMES.items(), strict=False):
            person = repo.get(staff_id)
            repo.update(person.with_changes(assignment_number=number, first_name=first, last_name=last,
                                            preferred_name=""))
        assert len(signed) >= len(NAMES)
        from test_staff_verdict import ANSWERS, _answer, _signed
        _answer(ws, _signed(ws, 3), ANSWERS).fold(AS_OF)    # three staff views, so staff-verdict has a row
        hub.import_file(station.export_bundle(ws, tmp_path / "out"))
    finally:
        ws.close()
    hub.close()
    return tmp_path / "hub"


def _run_report(monkeypatch, capsys, hub: Path, report: str, out: Path) -> None:
    monkeypatch.setenv("EADR_PASSPHRASE", HUB_PASSPHRASE)
    code = main(["hub", "report", report, "--hub", str(hub), "--out", str(out), "--as-of", AS_OF.isoformat()])
    _out, err = capsys.readouterr()
    assert code == 0, err


@pytest.mark.parametrize("report", reports.REPORTS)
def test_every_hub_report_as_xlsx_reads_back_as_written(hub_with_demo, tmp_path, monkeypatch, capsys, report):
    out = tmp_path / f"{report}.xlsx"
    _run_report(monkeypatch, capsys, hub_with_demo, report, out)
    csv_out = tmp_path / f"{report}.csv"
    _run_report(monkeypatch, capsys, hub_with_demo, report, csv_out)   # CSV stays the default for .csv
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf") and not list(tmp_path.glob(".*partial"))

    book = openpyxl.load_workbook(out)
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    headers = [c.value for c in sheet[1]]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    with Hub.open(hub_with_demo, HUB_PASSPHRASE) as hub:
        assert headers == reports.build(hub, report, AS_OF).headers
    assert rows, f"{report}: no rows"
    for col, title in enumerate(headers):
        width = sheet.column_dimensions[openpyxl.utils.get_column_letter(col + 1)].width
        assert len(title) < width <= 63, f"{report}.{title}: width {width}"   # 60 + 2, plus Excel's padding
    if "assignment_number" in headers:
        numbers = [r[headers.index("assignment_number")] for r in rows]
        assert set(NAMES) <= set(numbers) if report == "esr" else set(NAMES) & set(numbers)
        assert all(isinstance(n, str) for n in numbers)
    if "staff_name" in headers:
        shown = {r[headers.index("staff_name")] for r in rows}
        wanted = {f"{first} {last}" for first, last in NAMES.values()}
        assert wanted <= shown if report == "esr" else shown & wanted
    for title in ("appraisal_date", "next_appraisal_date", "signed_on"):
        if title in headers:
            col = headers.index(title)
            cells = [row[col] for row in sheet.iter_rows(min_row=2)]
            assert all(c.is_date and isinstance(c.value, datetime) for c in cells)
            assert {c.number_format for c in cells} == {"dd/mm/yyyy"}
    for row in sheet.iter_rows(min_row=2):
        for c in row:
            assert c.data_type != "f"


def test_text_that_looks_like_a_formula_or_a_number_stays_text(tmp_path):
    table = reports.Table("esr", ["assignment_number", "staff_name", "appraisal_date", "score"], [
        ["00123456", "=HYPERLINK(\"http://x\",\"click\")", date(2026, 3, 1).isoformat(), 3],
        ["0012", "+44 1473 000000", "2026-02-29-not-a-date", None],
        ["1E5", "-1+2", "", 2.5],
        ["@SUM(A1)", "\tTabbed", date(2025, 12, 31), 0],
    ])
    path = reports.write_report(table, tmp_path / "hostile.xlsx")
    sheet = openpyxl.load_workbook(path).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [v[0] for v in values] == ["00123456", "0012", "1E5", "@SUM(A1)"]
    assert values[0][1] == "=HYPERLINK(\"http://x\",\"click\")" and sheet["B2"].data_type == "s"
    assert values[1][1] == "+44 1473 000000" and values[2][1] == "-1+2"
    assert values[0][2] == datetime(2026, 3, 1) and values[3][2] == datetime(2025, 12, 31)
    assert values[1][2] == "2026-02-29-not-a-date" and values[2][2] is None
    assert [v[3] for v in values] == [3, None, 2.5, 0]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_a_failed_xlsx_write_leaves_the_old_file(tmp_path, monkeypatch):
    from desktop.store.files import WriteFailed
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"the report from yesterday")
    table = reports.Table("tna", ["station"], [["IPS"]])
    monkeypatch.setattr(reports, "xlsx_bytes", lambda t: (_ for _ in ()).throw(OSError(28, "No space left")))
    with pytest.raises(OSError):
        reports.write_report(table, path)
    assert path.read_bytes() == b"the report from yesterday"
    monkeypatch.undo()
    import os
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(WriteFailed, match="disk full"):
        reports.write_report(table, path)
    assert path.read_bytes() == b"the report from yesterday" and list(tmp_path.iterdir()) == [path]
