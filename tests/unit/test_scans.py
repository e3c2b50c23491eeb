"""Paper back into the app: form codes that survive a photocopier, and scans split into their records."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
import zxingcpp
from PIL import Image

from desktop.documents import printing, scans
from desktop.documents.feedback360 import InvitationSlips, Slip
from desktop.domain.form_codes import CodeKind, FormCode, feedback_payload, read_code, record_payload, view_payload
from desktop.domain.leadership import RaterGroup, statements
from desktop.security.unlock import unlock_workspace
from desktop.store.audit import entries
from desktop.store.info import DB_FILE
from tests.scan_helpers import scan_to_pdf, scanned_pages


@pytest.fixture
def ws(demo_folder):
    workspace = unlock_workspace(demo_folder, "demo")
    yield workspace
    workspace.close()


@pytest.fixture
def three_forms(ws):
    """A batch of three people's blank forms, as printed."""
    document = printing.blank_forms(ws, printing.due_within(ws, 52)[:3])
    data = document.to_bytes()
    printing.note_output(ws, document, "Printed")   # the planned records are stored once printed
    return document, data


def _codes(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image)]


# --- codes that survive a photocopier ----------------------------------------------------------------
def test_the_code_is_short_and_old_forms_still_read():
    record = "6db43531-f892-40de-ab07-348f5556fd28"
    assert record_payload(record) == "EADR:6DB43531-F892-40DE-AB07-348F5556FD28"
    assert read_code(record_payload(record)) == FormCode(CodeKind.RECORD, record)
    assert read_code(f"  eadr:{record}\r\n") == FormCode(CodeKind.RECORD, record)   # as a scanner types it
    assert read_code(f"EADR-STATION:{record}:EADR form 1.0") == FormCode(CodeKind.RECORD, record)   # old forms
    assert read_code(feedback_payload("ABCD-EFGH-JKLM")) == FormCode(CodeKind.FEEDBACK_360, "ABCDEFGHJKLM")
    assert read_code("EADR-STATION-360:ABCDEFGH") == FormCode(CodeKind.FEEDBACK_360, "ABCDEFGH")
    assert read_code(view_payload("abcd-efgh")) == FormCode(CodeKind.VIEW, "ABCDEFGH")
    assert read_code("EADR-STATION-VERDICT:ABCDEFGH") == FormCode(CodeKind.VIEW, "ABCDEFGH")
    for other in ("", "EADR:not-a-record", "https://example.org", "EADR-STATION:1234", record[:8], record):
        assert read_code(other) is None, other


def test_every_page_of_a_blank_form_and_a_batch_reads_after_a_photocopy(ws, three_forms):
    document, data = three_forms
    images = scanned_pages(data)   # 150 dpi, Gaussian σ 1.5 px, noise, rotated 3°
    ids = [f.conversation.id for f in document.forms]
    read = [read_code(t) for image in images for t in _codes(image)]
    assert len(read) == len(images) >= 6   # one code on every page
    assert {c.value for c in read} == set(ids)
    single = printing.blank_forms(ws, [document.forms[0].staff]).to_bytes()
    for image in scanned_pages(single, angle=-3.0):
        assert [read_code(t).value for t in _codes(image)] == [ids[0]]


def test_a_360_invitation_slip_reads_after_a_photocopy(ws):
    slips = [Slip(RaterGroup.PEER, "ABCD-EFGH-JKLM"), Slip(RaterGroup.SELF, "WXYZ-2345-6789")]
    pdf = InvitationSlips("Ipswich", "EEAST", "Jo Taylor", "Station manager", date(2026, 12, 31), slips,
                          statements(ws.profile().values), with_paper_form=True).to_bytes()
    found = [read_code(t) for image in scanned_pages(pdf) for t in _codes(image)]
    assert found == [FormCode(CodeKind.FEEDBACK_360, "ABCDEFGHJKLM"), FormCode(CodeKind.FEEDBACK_360, "WXYZ23456789")]


def test_a_slip_to_give_ones_view_later_reads_after_a_photocopy_and_is_not_a_record(tmp_path):
    from desktop.documents.verdict_slip import VerdictSlip
    pdf = VerdictSlip("Ipswich", "EEAST", "Siân O'Brien", "your EADR on 23/11/2026", "ABCD-EFGH-JKLM").to_bytes()
    [image] = scanned_pages(pdf, first=1)
    assert [read_code(t) for t in _codes(image)] == [FormCode(CodeKind.VIEW, "ABCDEFGHJKLM")]
    parts = scans.split(scans.read_scans([scan_to_pdf([image], tmp_path / "slip.pdf")]))
    assert not parts.forms and not parts.unmatched and [p.number for p in parts.slips] == [1]


def test_a_preparation_form_reads_after_a_photocopy_and_is_not_a_record(ws, tmp_path):
    person = printing.due_within(ws, 52)[0]
    document = printing.preparation_form(ws, person)
    [image] = scanned_pages(document.to_bytes(), first=1)
    [code] = [read_code(t) for t in _codes(image)]
    assert code == FormCode(CodeKind.PREPARATION, document.form.record_id.upper())
    assert read_code(f"EADR-STATION-PREP:{document.form.record_id}:EADR preparation form 1.0").kind \
        is CodeKind.PREPARATION   # forms printed before
    parts = scans.split(scans.read_scans([scan_to_pdf([image], tmp_path / "prep.pdf")]))
    assert not parts.forms and not parts.unmatched and len(parts.slips) == 1


def test_the_old_code_did_not_survive_the_same_photocopy():
    """The yardstick: the previous code (level M, 26 mm, long text) at σ 2 px; the new one still reads."""
    from reportlab.graphics.barcode import qrencoder
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from desktop.documents.eadr_blank import QrCode
    record = "6db43531-f892-40de-ab07-348f5556fd28"

    class Old(QrCode):
        def __init__(self, payload):
            super().__init__(payload, 26 * mm)
            code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
            code.addData(payload)
            code.make()
            self.modules = code.modules

    out = io.BytesIO()
    canvas = Canvas(out)
    Old(f"EADR-STATION:{record}:EADR form 1.0").drawOn(canvas, 40, 600)
    QrCode(record_payload(record)).drawOn(canvas, 300, 600)
    canvas.save()
    read = [read_code(t) for t in _codes(scanned_pages(out.getvalue(), blur=2.2)[0])]
    assert read == [FormCode(CodeKind.RECORD, record)]   # only the new one


# --- splitting a scan into forms -----------------------------------------------------------------------
def test_a_multi_form_scan_splits_by_record_with_an_unreadable_and_a_blank_page(ws, three_forms, tmp_path):
    document, data = three_forms
    images = scanned_pages(data)
    smudged = images[1].copy()
    smudged.paste(255, (smudged.width - 500, smudged.height - 500, smudged.width, smudged.height))   # code torn off
    blank = Image.new("L", images[0].size, 250)
    pages_in = [images[0], smudged, *images[2:4], blank, *images[4:]]
    pdf = scan_to_pdf(pages_in, tmp_path / "night shift.pdf")
    found, parts = scans.match(ws, scans.read_scans([pdf]))
    ids = [f.conversation.id for f in document.forms]
    assert [f.conversation.id for f in found] == ids
    assert [f.staff.id for f in found] == [f.staff.id for f in document.forms]
    assert [p.number for p in found[0].form.pages] == [1, 3, 4]
    assert found[1].form.source_text == "night shift.pdf pages 6–9"
    assert [p.label for p in parts.unmatched] == ["night shift.pdf, page 2"]
    assert parts.unmatched[0].problem == "no readable form code"
    assert Image.open(io.BytesIO(parts.unmatched[0].thumbnail)).width == scans.THUMBNAIL_WIDTH
    assert [p.number for p in parts.blank] == [5]


def test_images_and_a_rotated_blurred_page_are_read(ws, three_forms, tmp_path):
    document, data = three_forms
    image = scanned_pages(data, blur=1.5, angle=-3.0)[0].rotate(180, expand=True)   # fed in upside down
    png, jpeg = tmp_path / "page.png", tmp_path / "page.jpg"
    image.save(png)
    image.convert("RGB").save(jpeg, quality=70)
    tiff = tmp_path / "pages.tiff"
    first, *rest = scanned_pages(data)[4:8]
    first.save(tiff, save_all=True, append_images=rest)
    pages = scans.read_scans([png, jpeg, tiff])
    assert [p.code.value if p.code else None for p in pages] == [document.forms[0].conversation.id] * 2 + \
        [document.forms[1].conversation.id] * 4


def test_a_code_for_a_record_not_here_is_matched_by_hand(ws, tmp_path):
    other = record_payload("00000000-0000-4000-8000-000000000000")
    from reportlab.pdfgen.canvas import Canvas

    from desktop.documents.eadr_blank import QrCode
    canvas = Canvas(str(tmp_path / "x.pdf"))
    QrCode(other).drawOn(canvas, 300, 40)
    canvas.save()
    found, parts = scans.match(ws, scans.read_scans([tmp_path / "x.pdf"]))
    assert not found and "not in this workspace" in parts.unmatched[0].problem


@pytest.mark.parametrize("name, content, words", [
    ("cut short.pdf", None, "not a readable PDF"),
    ("notes.png", b"these are not the pixels you are looking for", "not a readable image"),
    ("empty.jpg", b"", "is empty"),
    ("scan.docx", b"PK\x03\x04", "not a scanned form"),
])
def test_bad_files_are_named_and_change_nothing(ws, three_forms, tmp_path, name, content, words):
    _, data = three_forms
    good = scan_to_pdf(scanned_pages(data)[:1], tmp_path / "good.pdf")
    bad = tmp_path / name
    bad.write_bytes(content if content is not None else good.read_bytes()[:4000])
    before = len(entries(ws.db, limit=1000))
    with pytest.raises(scans.ScanError) as caught:
        scans.read_scans([good, bad])
    assert name in caught.value.message and words in caught.value.message and caught.value.hint
    assert len(entries(ws.db, limit=1000)) == before
    assert ws.db.execute("SELECT count(*) FROM paper_copies").fetchone()[0] == 0


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    big = tmp_path / "whole year.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 5000)
    monkeypatch.setattr(scans, "MAX_SCAN_BYTES", 4096)
    with pytest.raises(scans.ScanError, match="whole year.pdf is .* MB; a scan can be up to"):
        scans.read_scans([big])


def test_a_picture_too_large_to_be_a_page_is_refused(tmp_path, monkeypatch):
    poster = tmp_path / "poster.png"
    Image.new("L", (1200, 1000), 255).save(poster)
    monkeypatch.setattr(scans, "MAX_PIXELS", 1_000_000)
    with pytest.raises(scans.ScanError, match=r"poster.png: page 1 is 1200 × 1000 pixels, too large"):
        scans.read_scans([poster])


# --- kept with the record, encrypted -------------------------------------------------------------------
def test_a_form_is_kept_encrypted_with_its_sha256(ws, three_forms, tmp_path, demo_folder):
    document, data = three_forms
    pdf = scan_to_pdf(scanned_pages(data), tmp_path / "scan.pdf")
    found, _ = scans.match(ws, scans.read_scans([pdf]))
    kept = scans.keep(ws, found[0].conversation.id, found[0].form.pages)
    content = ws.paper().content(kept.id)
    assert kept.sha256 == hashlib.sha256(content).hexdigest() and kept.pages == 4
    assert kept.source_pages == "pages 1–4" and kept.file_name == "scan.pdf"
    assert ws.paper().for_conversation(found[0].conversation.id) == [kept]
    assert scans.render_pages(content)[0].width > 500
    ws.db.execute("PRAGMA wal_checkpoint(FULL)")
    raw = b"".join(p.read_bytes() for p in demo_folder.iterdir() if p.name.startswith(DB_FILE))
    assert content[200:264] not in raw and b"%PDF" not in raw   # no plaintext copy of the scan
    assert not any(p.suffix.lower() in (".pdf", ".png") for p in demo_folder.rglob("*"))
    summary = entries(ws.db, limit=1)[0].summary
    assert summary.startswith("Kept a scanned paper form (4 pages from scan.pdf, SHA-256 " + kept.sha256[:12])


def test_the_kept_scan_is_in_a_subject_access_export(ws, three_forms, tmp_path):
    import json

    from desktop.documents.subject_access import export
    document, data = three_forms
    pdf = scan_to_pdf(scanned_pages(data, first=4), tmp_path / "scan.pdf")
    found, _ = scans.match(ws, scans.read_scans([pdf]))
    kept = scans.keep(ws, found[0].conversation.id, found[0].form.pages)
    json_path, _ = export(ws, found[0].staff, tmp_path / "sar")
    [meta] = json.loads(json_path.read_text(encoding="utf-8"))["paper_copies"]
    assert meta["sha256"] == kept.sha256 and meta["pages"] == 4
    assert hashlib.sha256((tmp_path / "sar" / meta["file"]).read_bytes()).hexdigest() == kept.sha256
