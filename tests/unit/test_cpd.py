"""CPD log, evidence files, HCPC profile rules and the portable CPD file."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date, timedelta

import pytest

from desktop.domain.cpd import (
    MAX_EVIDENCE_BYTES, ActivityType, CpdEntry, CpdFilter, CpdValidationError, EvidenceTooLarge,
)
from desktop.domain.hcpc import CpdProfile, check, gaps, word_count
from desktop.domain.staff import Staff
from desktop.sync.cpd_portable import OwnerMismatch, PortableFileError, export_portable, import_portable
from tests.conftest import AS_OF


@pytest.fixture
def people(workspace):
    repo = workspace.staff()
    with workspace.db.atomic():
        return repo.insert_many([Staff(assignment_number="90000001", first_name="Siân", last_name="O'Brien",
                                       job_title="Paramedic", hcpc_number="PA12345"),
                                 Staff(assignment_number="90000002", first_name="Łukasz", last_name="Nguyễn",
                                       job_title="Paramedic")])


def entry(staff_id, on, title="Sepsis study day", kind=ActivityType.FORMAL_EDUCATION, hours=7.0, reflected=True,
          **extra):
    return CpdEntry(staff_id=staff_id, title=title, start_date=on, activity_type=kind, hours=hours,
                    reflection_what="What" if reflected else "", **extra)


def test_entry_rules_name_the_field_to_fix():
    with pytest.raises(CpdValidationError) as caught:
        CpdEntry(staff_id="x", title="  ", start_date=AS_OF + timedelta(days=1), hours=-1,
                 end_date=AS_OF).validated(AS_OF)
    assert set(caught.value.problems) == {"title", "start_date", "hours", "end_date"}
    assert entry("x", AS_OF, title="  Sepsis   day ").validated(AS_OF).title == "Sepsis day"


def test_save_reload_with_links_and_waiting_for_reflection(workspace, people):
    repo = workspace.cpd()
    siân = people[0].id
    quick = repo.save(CpdEntry(staff_id=siân, title="Read JRCALC update", start_date=AS_OF, hours=1,
                               activity_type=ActivityType.SELF_DIRECTED, quick_capture=True), AS_OF)
    full = repo.save(entry(siân, AS_OF - timedelta(days=40), description="ALS refresher " * 200,
                           development_links=("item-1",) * 0), AS_OF)
    assert quick.waiting_for_reflection and not full.waiting_for_reflection
    assert [e.id for e in repo.waiting_for_reflection()] == [quick.id]
    assert [e.id for e in repo.entries(siân)] == [quick.id, full.id]       # newest first
    assert repo.hours_by_type(date(2026, 4, 1), siân) == {ActivityType.SELF_DIRECTED: 1.0,
                                                          ActivityType.FORMAL_EDUCATION: 7.0}
    assert repo.team_hours(date(2026, 4, 1)) == {siân: (8.0, 1)}
    reflected = repo.save(quick.with_changes(reflection_now_what="Use the new pain ladder"), AS_OF)
    assert reflected.id == quick.id and not repo.waiting_for_reflection()


def test_filter_by_words_type_and_dates():
    e = entry("x", date(2026, 5, 1), title="Paediatric asthma case review", provider="Clinical lead",
              kind=ActivityType.WORK_BASED)
    assert CpdFilter(text="ASTHMA review").matches(e)
    assert CpdFilter(text="paediatric", activity_type=ActivityType.WORK_BASED).matches(e)
    assert not CpdFilter(activity_type=ActivityType.OTHER).matches(e)
    assert not CpdFilter(since=date(2026, 6, 1)).matches(e)
    assert not CpdFilter(waiting_only=True).matches(e)


def test_evidence_kept_encrypted_with_sha256_and_a_size_limit(workspace, people):
    repo = workspace.cpd()
    saved = repo.save(entry(people[0].id, AS_OF), AS_OF)
    content = b"%PDF-1.4 certificate for Si\xc3\xa2n"
    evidence = repo.add_evidence(saved.id, "certificate.pdf", content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest() and evidence.media_type == "application/pdf"
    assert repo.evidence_content(evidence.id) == content
    assert repo.get(saved.id).evidence == (evidence,)
    with pytest.raises(EvidenceTooLarge, match=r"big-scan.tiff is 10.0 MB; evidence files can be up to 10.0 MB"):
        repo.add_evidence(saved.id, "big-scan.tiff", b"\0" * (MAX_EVIDENCE_BYTES + 1))
    assert len(repo.get(saved.id).evidence) == 1
    workspace.close()
    assert content not in (workspace.folder / "eadr.db").read_bytes()


def test_delete_leaves_tombstones_for_sync(workspace, people):
    repo = workspace.cpd()
    saved = repo.save(entry(people[0].id, AS_OF), AS_OF)
    evidence = repo.add_evidence(saved.id, "notes.txt", b"notes")
    repo.delete(saved.id)
    assert repo.get(saved.id) is None
    gone = dict(workspace.db.execute("SELECT id, entity FROM tombstones").fetchall())
    assert gone == {saved.id: "cpd_entries", evidence.id: "cpd_evidence"}


def test_word_count_and_gaps():
    assert word_count("I've led O'Brien's team – twice. Self-directed!") == 6
    entries = [entry("x", date(2025, 1, 10)), entry("x", date(2025, 2, 1), end_date=date(2025, 2, 20)),
               entry("x", date(2025, 9, 1))]
    found = gaps(entries, date(2024, 11, 23), date(2026, 11, 23))
    assert [(g.start, g.end) for g in found] == [(date(2025, 2, 20), date(2025, 9, 1)),
                                                  (date(2025, 9, 1), date(2026, 11, 23))]


def test_profile_checks_say_what_is_missing():
    entries = [entry("x", date(2025, 1, 1) + timedelta(days=20 * i), title=f"Activity {i}", id=f"e{i}",
                     kind=ActivityType.WORK_BASED if i % 2 else ActivityType.SELF_DIRECTED,
                     evidence_note="Certificate" if i else "") for i in range(13)]
    profile = CpdProfile("x", date(2024, 12, 1), date(2025, 9, 30), summary="word " * 400,
                         statement="word " * 1600, selected=tuple(e.id for e in entries))
    results = {c.text: c.ok for c in check(profile, entries)}
    assert results["13 activities selected (the HCPC asks for 12 to 50)."]
    assert results["2 activity types among them (at least two are needed)."]
    assert results["1 selected activity has no evidence file or note."] is False
    assert any(not ok and "Personal statement: 1,600" in text and "Over the HCPC's limit" in text
               for text, ok in results.items())
    one_type = profile.with_changes(selected=tuple(e.id for e in entries if e.activity_type is ActivityType.WORK_BASED))
    assert any(not c.ok and "at least two" in c.text for c in check(one_type, entries))


def test_portable_file_round_trip_without_duplicates(workspace, people, tmp_path):
    repo = workspace.cpd()
    siân, łukasz = people
    first = repo.save(entry(siân.id, date(2026, 3, 1), title="Siân's ALS course", reflected=True), AS_OF)
    repo.add_evidence(first.id, "certificate – ALS.pdf", b"%PDF certificate")
    repo.save(entry(siân.id, date(2026, 6, 1), title="Case review", kind=ActivityType.WORK_BASED,
                    reflected=False), AS_OF)
    path = export_portable(repo, siân, tmp_path / "out" / "siân-cpd.zip")
    document = json.loads(zipfile.ZipFile(path).read("cpd.json"))
    assert document["person"]["last_name"] == "O'Brien" and len(document["entries"]) == 2

    # Again into the same log: nothing new.
    again = import_portable(repo, siân, path, AS_OF)
    assert (again.added, again.duplicates, again.refused) == (0, 2, [])

    # Into a new employer's workspace: everything, evidence checked by hash; a second import adds nothing.
    from desktop.security.unlock import create_workspace
    from tests.conftest import FAST, PASSPHRASE
    other = create_workspace(tmp_path / "other", PASSPHRASE, "Norwich", "Sam Lee", params=FAST)
    with other.db.atomic():
        [newcomer] = other.staff().insert_many([siân.with_changes(id=None, assignment_number="77000001")])
    outcome = import_portable(other.cpd(), newcomer, path, AS_OF)
    assert (outcome.added, outcome.duplicates, outcome.evidence_files) == (2, 0, 1)
    copied = other.cpd().entries(newcomer.id)
    assert {e.title for e in copied} == {"Siân's ALS course", "Case review"}
    [evidence] = next(e for e in copied if e.evidence).evidence
    assert other.cpd().evidence_content(evidence.id) == b"%PDF certificate"
    assert import_portable(other.cpd(), newcomer, path, AS_OF).duplicates == 2
    other.close()

    # Someone else's log in the same workspace: refused as a whole (the file names Siân)...
    with pytest.raises(OwnerMismatch):
        import_portable(repo, łukasz, path, AS_OF)
    # ...and even when confirmed, entries already in Siân's log stay hers, with the reason.
    refused = import_portable(repo, łukasz, path, AS_OF, other_person_confirmed=True)
    assert refused.added == 0 and all("another staff member" in r["reason"] for r in refused.refused)


def test_damaged_portable_files_change_nothing(workspace, people, tmp_path):
    repo = workspace.cpd()
    siân = people[0]
    repo.save(entry(siân.id, date(2026, 3, 1)), AS_OF)
    good = export_portable(repo, siân, tmp_path / "good.zip")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[:200])
    with pytest.raises(PortableFileError, match="truncated.zip: not a zip file, or it was cut short"):
        import_portable(repo, siân, truncated, AS_OF)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(tampered, "w") as dst:
        document = json.loads(src.read("cpd.json"))
        document["entries"][0]["id"] = "new-id"
        document["entries"][0]["title"] = "Different"
        document["entries"][0]["evidence"] = [{"id": "ev", "file_name": "../../etc/passwd",
                                               "path": "evidence/../../etc/passwd", "sha256": "0"}]
        document["version"] = 1
        dst.writestr("cpd.json", json.dumps(document))
    outcome = import_portable(repo, siân, tampered, AS_OF)
    assert outcome.added == 0 and "is not in the file" in outcome.refused[0]["reason"]
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(newer, "w") as dst:
        dst.writestr("cpd.json", json.dumps({"format": "eadr-station-cpd", "version": 99, "entries": []}))
    with pytest.raises(PortableFileError, match="newer EADR Station"):
        import_portable(repo, siân, newer, AS_OF)
    assert len(repo.entries(siân.id)) == 1
