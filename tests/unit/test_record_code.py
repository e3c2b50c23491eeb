"""A record ID read back from paper: the form's QR text, its printed ID, typed by hand; and what it finds."""

from datetime import date

import pytest

from desktop.documents.eadr_blank import qr_payload
from desktop.domain.conversation import Kind
from desktop.domain.record_code import Found, read_code
from desktop.security.unlock import unlock_workspace
from desktop.store.retention import delete_person

ID = "1a2b3c4d-5e6f-4a1b-8c2d-0123456789ab"


@pytest.mark.parametrize("text", [
    f"EADR-STATION:{ID}:EADR form 1.0",          # the QR code today
    f"eadr-station:{ID.upper()}:EADR FORM 1.0",  # a scanner with Caps Lock on
    f"EADR:{ID}",                                # the short QR payload
    f"  Record {ID}\r\n",                         # the page footer, pasted
    ID, ID.upper(), ID.replace("-", ""),
    f"Siân EADR-STATION:{ID}:EADR form 1.0",     # scanned into a box that still held a search
])
def test_the_whole_id_is_read_from_every_form_of_it(text):
    code = read_code(text)
    assert code is not None and code.explicit
    assert code.id == ID


@pytest.mark.parametrize("text, explicit", [("Record 1a2b3c4d…", True), ("Record 1a2b3c4d...", True),
                                            ("EADR:1a2b3c4d", True), ("1a2b3c4d", False), ("12345678", False)])
def test_the_printed_short_id_is_read(text, explicit):
    code = read_code(text)
    assert code is not None and code.id == text.split()[-1].split(":")[-1].rstrip(".…").lower()
    assert code.explicit is explicit


@pytest.mark.parametrize("text", ["", "Siân", "O'Brien", "paramedic", "1a2b3c", "EADR-STATION:", "Record",
                                  "Nguyễn 1a2b3c4d"])
def test_names_and_short_searches_are_not_codes(text):
    assert read_code(text) is None


@pytest.fixture
def demo(demo_folder):
    ws = unlock_workspace(demo_folder, "demo")
    yield ws
    ws.close()


def lookup(ws, text):
    return ws.records().find(read_code(text))


def test_a_form_finds_its_own_persons_record(demo):
    people = [p for p in demo.staff().all() if p.is_active]
    repo = demo.conversations()
    for person in people[:5]:
        conversation = repo.open_for(person.id) or repo.start(person.id, Kind.EADR)
        found = lookup(demo, qr_payload(conversation))
        assert found.found is Found.OPEN and found.conversation_id == conversation.id
        assert found.staff.id == person.id
        assert lookup(demo, f"Record {conversation.id[:8]}…").conversation_id == conversation.id
        assert found.message() == f"Record {conversation.id[:8]} is {person.display_name}'s EADR."


def test_unknown_ids_and_leavers_are_told_clearly(demo):
    unknown = lookup(demo, f"EADR:{ID}")
    assert unknown.found is Found.UNKNOWN and "No record with the ID 1a2b3c4d-5e6f" in unknown.message()
    person = next(p for p in demo.staff().all() if p.is_active)
    conversation = demo.conversations().start(person.id, Kind.EADR)
    demo.staff().mark_leaver(person.id, date(2026, 11, 1))
    leaver = lookup(demo, conversation.id)
    assert leaver.found is Found.LEAVER and not leaver.opens
    assert f"but {person.display_name} left the station on 01/11/2026" in leaver.message()


def test_a_discarded_planned_record_and_an_erased_person_are_told_apart(demo):
    person = next(p for p in demo.staff().all() if p.is_active and demo.conversations().open_for(p.id) is None)
    repo = demo.conversations()
    planned = repo.keep(repo.plan(person.id))
    repo.discard(planned.id)
    discarded = lookup(demo, f"EADR-STATION:{planned.id}:EADR form 1.0")
    assert discarded.found is Found.DISCARDED and "was discarded" in discarded.message()

    leaver = next(p for p in demo.staff().all() if not p.is_active and repo.history(p.id))
    old = repo.history(leaver.id)[0]
    assert lookup(demo, old.id).found is Found.LEAVER
    delete_person(demo.db, "Jo", leaver, date(2040, 1, 1), years=1)
    erased = lookup(demo, old.id)
    assert erased.found is Found.ERASED
    assert f"(assignment number {leaver.assignment_number}) whose records were deleted" in erased.message()
