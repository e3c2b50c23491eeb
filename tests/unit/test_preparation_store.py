"""The staff member's preparation without Qt: what a code opens, what the kiosk can and cannot read back,
collecting at unlock, attaching to the EADR, retention and subject access, and never in a bundle."""

from datetime import date, timedelta

import pytest

from desktop.domain.conversation import Conversation, Objective, Section
from desktop.domain.preparation import ObjectiveReflection, Preparation, joined, sentence_at
from desktop.domain.staff import Staff
from desktop.security.feedback360 import format_code
from desktop.security.preparation import PreparationError, Preparations, Value, find_session

TODAY = date.today()
VALUES = (Value("Care", "Compassion for patients"), Value("Teamwork"))
SECRET = "Night shifts have been hard since the baby came"


@pytest.fixture
def person(workspace):
    return workspace.staff().add(Staff("11223344", "Priya", "Shah", job_title="Paramedic",
                                       start_date=date(2019, 4, 1)))


@pytest.fixture
def service(workspace):
    return Preparations(workspace.folder, workspace.preparations())


def _signed_with_objectives(workspace, person) -> Conversation:
    repo = workspace.conversations()
    c = repo.start(person.id)
    return c.with_changes(objectives=(Objective("Mentor a student paramedic"), Objective("Finish the ECG course")))


def test_a_code_opens_only_that_persons_form_and_what_they_type_is_collected_at_unlock(workspace, person, service):
    last = _signed_with_objectives(workspace, person)
    code, expires = service.issue_code(person.id, "Priya Shah", "Paramedic", VALUES, last)
    assert expires == TODAY + timedelta(days=42)
    session = find_session(workspace.folder, format_code(code).lower())
    assert session is not None and session.staff_name == "Priya Shah" and not session.opened_by_manager
    assert session.previous == ()          # previous records are never shown to a code
    assert [o.title for o in session.initial.objectives] == ["Mentor a student paramedic", "Finish the ECG course"]
    typed = Preparation(wellbeing=SECRET, values={"Care": "Sat with a frightened patient"},
                        objectives=(ObjectiveReflection("Mentor a student paramedic", "Two students signed off"),),
                        development="Advanced airway", career="Specialist paramedic in urgent care")
    session.save(typed)
    # Nothing readable on disk: not in the code box, not in the inbox.
    for path in (workspace.folder / "preparation").rglob("*"):
        if path.is_file():
            assert b"Night shifts" not in path.read_bytes() and b"Priya" not in path.read_bytes(), path
    # The same code again brings the draft back.
    again = find_session(workspace.folder, code)
    assert again is not None and again.initial.wellbeing == SECRET
    # Unlocking collects it into the database and deletes the sealed copy.
    assert service.collect() == 1
    stored = workspace.preparations().current(person.id)
    assert stored is not None and stored.preparation == typed and not stored.finished
    assert not list((workspace.folder / "preparation" / "inbox").glob("*.age"))
    # Finishing uses the code up.
    again.finish(typed)
    with pytest.raises(PreparationError, match="already been used"):
        find_session(workspace.folder, code)
    assert service.collect() == 1
    assert workspace.preparations().current(person.id).finished
    assert not list((workspace.folder / "preparation" / "codes").glob("*.json"))   # used code cleared away


def test_codes_that_are_not_preparation_codes_expired_or_replaced(workspace, person, service):
    assert find_session(workspace.folder, "ABCD-EFGH-JK23") is None
    assert find_session(workspace.folder, "not a code") is None
    first, _ = service.issue_code(person.id, "Priya Shah", "Paramedic", VALUES, None)
    with pytest.raises(PreparationError, match="stopped working"):
        find_session(workspace.folder, first, today=TODAY + timedelta(days=43))
    second, _ = service.issue_code(person.id, "Priya Shah", "Paramedic", VALUES, None)
    assert find_session(workspace.folder, first) is None      # a new code replaces the old one
    assert find_session(workspace.folder, second) is not None


def test_the_manager_opened_kiosk_shows_signed_records_and_saves_where_it_cannot_read(workspace, person, service):
    session = service.manager_session(person.id, "Priya Shah", "Paramedic", VALUES, None, [])
    assert session.opened_by_manager
    session.save(Preparation(wellbeing=SECRET))
    session.finish(Preparation(wellbeing=SECRET + "."))
    files = list((workspace.folder / "preparation" / "inbox").glob("*.age"))
    assert len(files) == 1 and b"Night" not in files[0].read_bytes()
    assert service.collect() == 1
    stored = workspace.preparations().current(person.id)
    assert stored.preparation.wellbeing == SECRET + "." and stored.finished
    # A file not sealed to this workspace is left alone and never read.
    other = workspace.folder / "preparation" / "inbox" / "stranger.age"
    other.write_bytes(b"age-encryption.org/v1\nnonsense")
    assert service.collect() == 0 and other.exists()


def test_preparation_goes_with_its_eadr_into_subject_access_and_never_into_a_bundle(workspace, person, service):
    workspace.preparations().keep(person.id, Preparation(wellbeing=SECRET, career="Urgent care"), True, "test")
    c = workspace.conversations().start(person.id)
    attached = workspace.preparations().attach(person.id, c.id)
    assert attached is not None and attached.conversation_id == c.id
    assert workspace.preparations().for_conversation(c.id).preparation.career == "Urgent care"
    # Until the EADR is signed they may add to it: the same preparation, still with its EADR.
    workspace.preparations().keep(person.id, Preparation(wellbeing=SECRET, career="Urgent care, then HEMS"), True,
                                  "test")
    assert len(workspace.preparations().all_for(person.id)) == 1
    assert workspace.preparations().for_conversation(c.id).preparation.career == "Urgent care, then HEMS"
    # Once the EADR is signed off, a new preparation is for the next one.
    workspace.db.execute("UPDATE conversations SET status = 'signed_off' WHERE id = ?", [c.id])
    assert workspace.preparations().current(person.id) is None
    workspace.preparations().keep(person.id, Preparation(career="Next year"), False, "test")
    assert workspace.preparations().current(person.id).conversation_id is None
    assert workspace.preparations().for_conversation(c.id).preparation.career == "Urgent care, then HEMS"
    workspace.db.execute("UPDATE conversations SET status = 'planned' WHERE id = ?", [c.id])
    # Subject access has it, in the JSON and the PDF.
    import json

    from desktop.documents.subject_access import export
    json_path, pdf_path = export(workspace, person, workspace.folder / "sar")
    data = json.loads(json_path.read_text())
    assert data["preparations"][0]["preparation"]["wellbeing"] == SECRET
    assert [p["preparation"]["career"] for p in data["preparations"]] == ["Urgent care, then HEMS", "Next year"]
    from tests.unit.test_documents import pdf_text
    text = pdf_text(pdf_path)
    assert "Your preparation for your next EADR" in text and "Next year" in text and "then HEMS" in text
    # Deleting the conversation deletes its preparation (retention goes with the EADR).
    workspace.conversations().discard(c.id)
    assert [p.preparation.career for p in workspace.preparations().all_for(person.id)] == ["Next year"]


def test_sentences_for_the_bring_across_key():
    text = "I am tired. Nights are hard!  But the team is great.\nI want more training"
    assert text[slice(*sentence_at(text, 3))] == "I am tired."
    assert text[slice(*sentence_at(text, 12))] == "Nights are hard!"
    assert text[slice(*sentence_at(text, 29))] == "But the team is great."      # in the gap: the next one
    assert text[slice(*sentence_at(text, len(text)))] == "I want more training"
    assert joined("", " Nights. ") == "Nights."
    assert joined("We talked.", "Nights.") == "We talked. Nights."


def test_their_words_by_section_and_last_years_objectives_kept():
    p = Preparation(wellbeing="Tired", values={"Care": "Example"}, career="Urgent care",
                    objectives=(ObjectiveReflection("Old", "Done"), ObjectiveReflection("Gone", "")))
    assert p.for_section(Section.WELLBEING) == [("How I am", "Tired")]
    assert p.for_section(Section.SIGNOFF) == []
    moved = p.with_objectives(["Old", "New"])
    assert [(o.title, o.how_it_went) for o in moved.objectives] == [("Old", "Done"), ("New", "")]
    assert Preparation.from_json(moved.to_json()) == moved


def test_preparation_never_travels_in_a_sync_bundle(tmp_path):
    import io
    import tarfile

    import pyrage
    from syncing import enrolled_workspace, make_hub

    from desktop.sync import station
    hub = make_hub(tmp_path / "hub")
    ws = enrolled_workspace(tmp_path, hub, "IPS")
    try:
        someone = ws.staff().all()[0]
        ws.preparations().keep(someone.id, Preparation(wellbeing=SECRET, career="Critical care"), True, "test")
        c = ws.conversations().start(someone.id)
        ws.preparations().attach(someone.id, c.id)
        path = station.export_bundle(ws, tmp_path / "out", )
        with tarfile.open(fileobj=io.BytesIO(pyrage.decrypt(path.read_bytes(), [hub.keys.identity]))) as tar:
            raw = b"".join(tar.extractfile(m).read() for m in tar)
        assert SECRET.encode() not in raw and b"Critical care" not in raw and b"preparation" not in raw
    finally:
        ws.close()
        hub.close()


def test_collecting_after_the_person_was_deleted_leaves_nothing_behind(workspace, person, service):
    code, _ = service.issue_code(person.id, "Priya Shah", "Paramedic", VALUES, None)
    session = find_session(workspace.folder, code)
    session.save(Preparation(wellbeing=SECRET))
    with workspace.db.atomic():   # as retention does: the person and, through the keys, their rows
        workspace.db.execute("DELETE FROM preparation_codes WHERE staff_id = ?", [person.id])
        workspace.db.execute("DELETE FROM staff WHERE id = ?", [person.id])
    assert service.collect() == 0
    assert not [p for p in (workspace.folder / "preparation").rglob("*") if p.is_file()]
    assert find_session(workspace.folder, code) is None
