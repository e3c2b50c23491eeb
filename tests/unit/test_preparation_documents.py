"""The preparation on paper, read back with pdftotext: the form (details, last year's objectives, record ID,
QR, the one-time code) and the EADR record printing both voices."""

from datetime import date

from desktop.documents import printing
from desktop.domain.conversation import Objective
from desktop.domain.preparation import ObjectiveReflection, Preparation
from desktop.domain.staff import Staff
from desktop.security.feedback360 import normalise_code
from desktop.security.preparation import find_session
from tests.unit.test_documents import pdf_text

SHOTS = "/tmp/h22"


def _person_with_signed_eadr(workspace):
    person = workspace.staff().add(Staff("11223344", "Siân", "O'Neill", job_title="Paramedic", band="Band 6",
                                         start_date=date(2019, 4, 1)))
    repo = workspace.conversations()
    c = repo.start(person.id)
    c = repo.save(c.with_changes(objectives=(Objective("Mentor a student paramedic through two placements"),
                                             Objective("Finish the ECG interpretation course"))))
    return person, c


def test_the_printed_preparation_form_carries_details_objectives_record_id_and_a_working_code(workspace, monkeypatch,
                                                                                                tmp_path):
    person, c = _person_with_signed_eadr(workspace)
    monkeypatch.setattr(type(workspace.conversations()), "last_signed", lambda self, staff_id, kind=None: c)
    document = printing.preparation_form(workspace, person, with_code=True)
    path = document.save(tmp_path / "prep.pdf")
    text = pdf_text(path)
    record_id = workspace.preparations().current(person.id).id
    for expected in ("Preparing for your EADR — Siân O'Neill", "11223344", "Band 6", "Paramedic",
                     "Mentor a student paramedic", "Finish the ECG interpretation",
                     "1. How you are", "2. Our values", "4. What you want to develop", "5. Your career hopes",
                     f"Record {record_id}", "Use a code…", "it is not sent", "Page 1 of"):
        assert expected in text, expected
    for value in workspace.profile().values:
        assert value.name in text
    # The code printed on it opens this person's preparation.
    code = next(word for word in text.split() if word.count("-") == 2 and len(normalise_code(word)) == 12)
    session = find_session(workspace.folder, code)
    assert session is not None and session.staff_name == person.display_name
    # Without a code: no code box.
    text = pdf_text(printing.preparation_form(workspace, person, with_code=False).save(tmp_path / "plain.pdf"))
    assert "Use a code…" not in text and f"Record {record_id}" in text
    import subprocess
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), f"{SHOTS}/prep-form"], check=False)


def test_the_printed_record_shows_both_voices(workspace, tmp_path):
    person, c = _person_with_signed_eadr(workspace)
    workspace.preparations().keep(person.id, Preparation(
        wellbeing="Nights are hard since the baby came.", values={"Care": "Sat with a frightened patient."},
        objectives=(ObjectiveReflection("Mentor a student paramedic through two placements", "Two students done."),),
        career="Critical care one day."), True, "test")
    workspace.preparations().attach(person.id, c.id)
    text = pdf_text(printing.record(workspace, person, workspace.conversations().get(c.id)).save(tmp_path / "r.pdf"))
    assert "In Siân's own words" in text and "From their preparation" in text
    for expected in ("Nights are hard since the baby came.", "Sat with a frightened patient.", "Two students done.",
                     "Critical care one day."):
        assert expected in text, expected


def test_every_slip_and_form_names_the_lock_screens_one_code_button(workspace, tmp_path):
    """The lock screen has one *Use a code…*; a 360 invitation that still said *Give feedback* sent raters looking
    for a button that is no longer there."""
    from desktop.documents.feedback360 import InvitationSlips, Slip
    from desktop.documents.verdict_slip import VerdictSlip
    from desktop.domain.leadership import RaterGroup, statements
    slips = InvitationSlips("Ipswich", "EEAST", "Jo Taylor", "Station manager", date(2026, 12, 31),
                            [Slip(RaterGroup.PEER, "ABCD-EFGH-JKLM")], statements(workspace.profile().values),
                            with_paper_form=True).to_bytes()
    view = VerdictSlip("Ipswich", "EEAST", "Siân O'Brien", "your EADR on 23/11/2026", "ABCD-EFGH-JKLM").to_bytes()
    for n, pdf in enumerate((slips, view)):
        path = tmp_path / f"slip-{n}.pdf"
        path.write_bytes(pdf)
        text = " ".join(pdf_text(path).split())
        assert "Use a code…" in text and "Give feedback" not in text
