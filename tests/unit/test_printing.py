"""The printed forms, read back as text (pdftotext) for what a reader would check."""

import subprocess
from datetime import date

import pytest

from desktop.documents import printing
from desktop.domain.errors import Cancelled
from desktop.documents.eadr_blank import qr_payload
from desktop.domain.conversation import DevelopmentItem, Objective, SignOff, Talent, Wellbeing, WellbeingAction
from desktop.domain.staff import Staff
from desktop.security.unlock import unlock_workspace
from desktop.store.audit import entries
from tests.unit.test_documents import pdf_text

TODAY = date.today()


@pytest.fixture
def ws(demo_folder):  # noqa: F811
    workspace = unlock_workspace(demo_folder, "demo")
    yield workspace
    workspace.close()


@pytest.fixture
def signed_record(ws):
    """Siân O'Brien's signed EADR with private notes and Unicode everywhere."""
    person = ws.staff().add(Staff("77712345", "Siân", "O'Brien", job_title="Paramedic", band="Band 6"))
    repo = ws.conversations()
    c = repo.start(person.id).with_changes(
        wellbeing=Wellbeing(held_on=TODAY, topics=("Mental health",),
                            actions=(WellbeingAction("Referral to occupational health", True),)),
        private_notes="Her father Łukasz is in hospital in Kraków.",
        values={"Care": "Stayed with Mrs Nguyễn until her son arrived."},
        objectives=(Objective("Mentor a student paramedic", "Two placements", date(2027, 6, 30), "Priority"),),
        development=(DevelopmentItem("ILS instructor", "Clinical skills and practice", "Course"),),
        summary="A good year.", talent=Talent(aspirations="Specialist paramedic"),
        signoff=SignOff("Siân O'Brien", True, "Diolch yn fawr", TODAY, False, "Jo Taylor", TODAY))
    return person, repo.sign(repo.save(c))


def test_completed_record_has_every_part_and_page_furniture(ws, signed_record, tmp_path):
    person, c = signed_record
    text = pdf_text(printing.record(ws, person).save(tmp_path / "r.pdf"))
    for expected in ("EADR — Siân O'Brien", "77712345", "Ipswich Ambulance Station", "EEAST",
                     "1. Check-in and wellbeing", "2. Values", "3. Performance", "4. Talent", "5. Development plan",
                     "Mrs Nguyễn", "Mentor a student paramedic", "30/06/2027", "ILS instructor",
                     "Referral to occupational health", "Quality checklist", "Quality score 100%",
                     "Diolch yn fawr", f"Signed on {TODAY:%d/%m/%Y}"):
        assert expected in text, expected
    pages = [p for p in text.split("\f") if p.strip()]
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
        assert f"Record {c.id}" in page and "EADR form 1.0" in page and f"Printed {TODAY:%d/%m/%Y}" in page


def test_private_notes_only_when_asked_and_only_on_confidential_pages(ws, signed_record, tmp_path):
    person, _ = signed_record
    plain = pdf_text(printing.record(ws, person).save(tmp_path / "plain.pdf"))
    assert "Kraków" not in plain and "CONFIDENTIAL" not in plain
    assert "not printed here" in plain
    private = pdf_text(printing.record(ws, person, include_private=True).save(tmp_path / "private.pdf"))
    pages = [p for p in private.split("\f") if p.strip()]
    with_notes = [p for p in pages if "Kraków" in p]
    assert with_notes and all("CONFIDENTIAL" in p for p in with_notes)
    assert all("CONFIDENTIAL" not in p for p in pages if "Kraków" not in p)


def test_blank_form_is_prefilled_and_tied_to_its_record(ws, signed_record, tmp_path):
    person, signed = signed_record
    document = printing.blank_forms(ws, [person])
    planned = document.forms[0].conversation
    assert planned.id != signed.id and ws.conversations().open_for(person.id) is None   # not on paper yet
    text = pdf_text(document.save(tmp_path / "blank.pdf"))
    printing.note_output(ws, document, "Saved as PDF")   # now it is: the planned record is stored
    assert ws.conversations().open_for(person.id).id == planned.id
    assert "Siân O'Brien" in text and "77712345" in text and "Mentor a student paramedic" in text
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2 and all(f"Record {planned.id}" in p for p in pages)
    assert qr_payload(planned) == f"EADR:{planned.id.upper()}"   # short: large modules, level H
    # printing again reuses the same planned record rather than making another
    assert printing.blank_forms(ws, [person]).forms[0].conversation.id == planned.id


def test_batch_numbers_pages_per_form_reports_progress_and_can_be_cancelled(ws, tmp_path):
    people = printing.due_within(ws, 52)
    assert len(people) >= 3
    document = printing.blank_forms(ws, people[:3])
    calls = []
    data = printing.render_with_progress(document, lambda done, total: calls.append((done, total)) or True)
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)
    (tmp_path / "batch.pdf").write_bytes(data)
    text = pdf_text(tmp_path / "batch.pdf")
    assert text.count("Page 1 of ") == 3
    with pytest.raises(Cancelled):
        printing.render_with_progress(document, lambda done, total: done < 1)


def test_compliance_report_shows_dates_never_wellbeing(ws, signed_record, tmp_path):
    text = pdf_text(printing.compliance(ws).save(tmp_path / "c.pdf"))
    assert "EADR compliance — Ipswich Ambulance Station" in text and "Overdue" in text
    assert "O'Brien, Siân" in text
    for private in ("Kraków", "Mental health", "occupational health", "(demo) Talked", "Stayed with"):
        assert private not in text


def test_print_commands_save_pdfs_and_audit_them(demo_folder, signed_record, tmp_path, monkeypatch):
    import os
    import sys
    person, _ = signed_record
    env = {**os.environ, "EADR_PASSPHRASE": "demo"}
    base = [sys.executable, "-m", "desktop", "print"]
    ok = subprocess.run(base + ["eadr", "--staff", "77712345", "--workspace", str(demo_folder),
                                "--out", str(tmp_path / "e.pdf")], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "e.pdf").read_bytes().startswith(b"%PDF")
    missing = subprocess.run(base + ["eadr", "--staff", "00000000", "--workspace", str(demo_folder),
                                     "--out", str(tmp_path / "x.pdf")], env=env, capture_output=True, text=True)
    assert missing.returncode == 1 and "no staff member with assignment number 00000000" in missing.stderr
    assert not (tmp_path / "x.pdf").exists()
    with unlock_workspace(demo_folder, "demo") as again:
        summaries = [e.summary for e in entries(again.db, limit=5)]
    assert any(s.startswith("Saved as PDF (e.pdf): EADR record for Siân O'Brien") for s in summaries)


def test_the_qr_code_on_a_blank_form_scans_back_to_its_record(ws, signed_record, tmp_path):
    import shutil
    person, _ = signed_record
    document = printing.blank_forms(ws, [person])
    pdf = document.save(tmp_path / "blank.pdf")
    if not shutil.which("zbarimg"):
        pytest.fail("zbarimg (zbar-tools) is missing: `make test` installs it")
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) >= 2
    for page in pages:   # every page carries the code, read by a second decoder (zbar) too
        scanned = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True).stdout.strip()
        assert scanned == f"EADR:{document.forms[0].conversation.id.upper()}"


def test_subject_access_exports_everything_including_private_notes(ws, signed_record, tmp_path):
    import json

    from desktop.documents.subject_access import export
    person, signed = signed_record
    json_path, pdf_path = export(ws, person, tmp_path / "sar")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["staff"]["last_name"] == "O'Brien" and data["staff"]["start_date"] is None
    conversation = data["conversations"][0]
    assert conversation["id"] == signed.id and conversation["private_notes"].endswith("in Kraków.")
    assert conversation["wellbeing"]["held_on"] == TODAY.isoformat()          # ISO in files
    text = pdf_text(pdf_path)
    assert "Records held about Siân O'Brien" in text and "Kraków" in text
    pages = [p for p in text.split("\f") if p.strip()]
    assert all("CONFIDENTIAL" in p for p in pages)
    assert f"{TODAY:%d/%m/%Y}" in text and "T0" not in pages[0]                 # UK dates on paper
    assert entries(ws.db, limit=1)[0].summary.startswith("Subject access export for Siân O'Brien")


# --- sending the PDF to CUPS, and the page order when the app paints pages itself ----------------------

def test_page_ranges_read_as_cups_and_people_write_them():
    from desktop.documents.print_jobs import page_ranges_text
    assert page_ranges_text([(1, 2), (4, 4)]) == "1-2,4"
    assert page_ranges_text([(2, 2)]) == "2"
    with pytest.raises(ValueError, match="3-2"):
        page_ranges_text([(3, 2)])


def test_page_sequence_honours_ranges_copies_and_collation():
    from desktop.documents.print_jobs import page_sequence
    assert page_sequence(3) == [0, 1, 2]
    assert page_sequence(3, [(2, 3)]) == [1, 2]
    assert page_sequence(3, [(2, 3)], copies=2) == [1, 2, 1, 2]
    assert page_sequence(3, [(2, 3)], copies=2, collate=False) == [1, 1, 2, 2]
    assert page_sequence(2, [(5, 6)]) == []


def test_lp_command_carries_printer_copies_range_sides_and_colour():
    from desktop.documents.print_jobs import PrintJob, lp_command
    job = PrintJob("Station_Office", "EADR Siân O'Brien.pdf", copies=2, ranges=((2, 2),), collate=False,
                   duplex="long", colour=False)
    assert lp_command(job, "/usr/bin/lp") == [
        "/usr/bin/lp", "-d", "Station_Office", "-n", "2", "-t", "EADR Siân O'Brien.pdf", "-o", "page-ranges=2",
        "-o", "collate=false", "-o", "sides=two-sided-long-edge", "-o", "print-color-mode=monochrome", "--", "-"]
    assert lp_command(PrintJob("Office")) == ["lp", "-d", "Office", "-n", "1", "--", "-"]
    with pytest.raises(ValueError):
        lp_command(PrintJob(""))


def _fake_lp(tmp_path, script: str):
    lp = tmp_path / "lp"
    lp.write_text("#!/bin/sh\n" + script)
    lp.chmod(0o755)
    return str(lp)


def test_the_pdf_itself_goes_to_lp_on_standard_input(tmp_path):
    from desktop.documents.print_jobs import PrintJob, send_to_cups
    lp = _fake_lp(tmp_path, f'printf "%s\\n" "$@" > {tmp_path}/args; cat > {tmp_path}/stdin; '
                            'echo "request id is Office-12 (1 file(s))"\n')
    assert send_to_cups(PrintJob("Office", copies=3, ranges=((1, 1),)), b"%PDF-1.4 the record", lp) == "Office-12"
    assert (tmp_path / "stdin").read_bytes() == b"%PDF-1.4 the record"
    assert (tmp_path / "args").read_text().split() == ["-d", "Office", "-n", "3", "-o", "page-ranges=1",
                                                            "-o", "collate=true", "--", "-"]


def test_a_queue_that_refuses_the_job_is_named_with_what_to_do(tmp_path):
    from desktop.documents.print_jobs import PrintFailed, PrintJob, send_to_cups
    lp = _fake_lp(tmp_path, 'cat > /dev/null; echo "lp: The printer or class does not exist." >&2; exit 1\n')
    with pytest.raises(PrintFailed) as failed:
        send_to_cups(PrintJob("Upstairs"), b"%PDF", lp)
    message = str(failed.value)
    assert "“Upstairs” did not accept the document: The printer or class does not exist" in message
    assert "choose another printer" in message


def test_a_missing_lp_says_what_to_install(tmp_path):
    from desktop.documents.print_jobs import PrintFailed, PrintJob, send_to_cups
    with pytest.raises(PrintFailed, match="“Office”.*lp command.*not found.*cups-client"):
        send_to_cups(PrintJob("Office"), b"%PDF", str(tmp_path / "no-such-lp"))


def test_the_blank_form_asks_the_talent_questions_as_the_screen_does(ws, signed_record, tmp_path):
    """A paper conversation asks the same three questions, with the same answers to tick, in the same words."""
    import re

    from desktop.domain.conversation import (
        GROWTH_CHOICES, GROWTH_QUESTION, IMPACT_CHOICES, IMPACT_QUESTION, READINESS_CHOICES, READINESS_QUESTION,
        TALENT_INTRO,
    )
    person, _ = signed_record
    text = pdf_text(printing.blank_forms(ws, [person]).save(tmp_path / "blank.pdf"))
    talent = text[text.index("4. Talent"):text.index("5. Development plan")]
    flat = re.sub(r"\s+", " ", talent)
    assert "Readiness for a next step" not in text
    assert "Agreed together" in talent and TALENT_INTRO[:60] in flat
    at = [talent.index(f"{q}:") for q in (IMPACT_QUESTION, GROWTH_QUESTION, READINESS_QUESTION)]
    assert at == sorted(at)                                # in the screen's order
    for question, choices in ((IMPACT_QUESTION, IMPACT_CHOICES), (GROWTH_QUESTION, GROWTH_CHOICES),
                              (READINESS_QUESTION, READINESS_CHOICES)):
        block = talent[talent.index(f"{question}:"):]
        line = block.splitlines()[1]                          # the answers, side by side, each with its box
        assert [c.label for c in choices if c.value] == re.findall(r"☐ (.+?)(?:\s{2,}|$)", line), line
        for choice in choices[1:]:
            assert choice.description.split()[0] in block.splitlines()[2]   # its meaning underneath
    assert "Not talked about yet" not in talent               # on paper that is simply no tick
