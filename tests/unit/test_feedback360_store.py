"""360 rounds end to end without Qt: codes, responses sealed to HR's key, closing, HR's merge and return, and
every route searched for one rater's answers (raw SQL over every table with the passphrase, every file in the
workspace folder before and after each response, the bundles, the hub's database, audit, subject access)."""

import base64
import json
import subprocess
from datetime import date, timedelta

import pyrage
import pytest
from tests.conftest import PASSPHRASE
from syncing import enrol, make_hub, round_trip

from desktop.domain.leadership import CommentKind, Frequency, RaterGroup, Response, response_from_bytes
from desktop.domain.staff import Staff
from desktop.security.feedback360 import (
    EXPIRE_AFTER_DAYS, FEEDBACK_DIR, Feedback360, FeedbackError, format_code, open_session, round_path,
)
from desktop.store.audit import entries
from desktop.store.leadership_repo import add_to_development_plan
from desktop.sync.format import decrypt, read_archive

TODAY = date.today()
VALUES = ("Care", "Teamwork", "Quality", "Respect", "Honesty")
SECRET_COMMENT = "Sometimes forgets to ring back after a difficult job"


@pytest.fixture
def hub(tmp_path):
    hub = make_hub(tmp_path / "hub")
    yield hub
    hub.close()


@pytest.fixture
def enrolled(workspace, hub):
    enrol(workspace, hub, "IPS", PASSPHRASE)
    return workspace


@pytest.fixture
def leader(enrolled):
    workspace = enrolled
    return workspace.staff().add(Staff("87654321", "Siân", "Evans", job_title="Clinical Team Leader",
                                       start_date=date(2015, 4, 1)))


@pytest.fixture
def service(workspace):
    return Feedback360(workspace.folder, workspace.leadership())


def _open(service, leader, invited):
    return service.open_round(leader.id, "Siân Evans", "Clinical Team Leader", VALUES, TODAY + timedelta(days=14),
                              invited)


def _answer(folder, code, score, **comments):
    session = open_session(folder, format_code(code).lower())
    session.submit(Response(session.group, {i.key: score for i in session.items}, comments))
    return session


def _everything_readable(workspace) -> str:
    """What someone with the passphrase and a SQLite prompt could see: every row of every table, and every
    file in the workspace folder as bytes."""
    db = workspace.db
    text = []
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        for row in db.execute(f"SELECT * FROM [{table}]").fetchall():
            text.append(repr(row))
    for path in workspace.folder.rglob("*"):
        if path.is_file() and path.suffix != ".db" and "eadr.db" not in path.name:
            text.append(path.read_bytes().decode("latin-1"))
    return "\n".join(text)


def _files(workspace) -> dict[str, bytes]:
    return {str(p.relative_to(workspace.folder)): p.read_bytes()
            for p in (workspace.folder / FEEDBACK_DIR).rglob("*") if p.is_file()}


def _sealed_in(text: str) -> list[bytes]:
    """Every base64 age ciphertext in a round file or row, decoded."""
    out = []
    for word in text.replace('"', " ").replace(",", " ").replace("[", " ").replace("]", " ").split():
        try:
            raw = base64.b64decode(word, validate=True)
        except ValueError:
            continue
        if raw.startswith(b"age-encryption.org/v1"):
            out.append(raw)
    return out


def test_a_round_from_invitations_to_hrs_results(workspace, leader, service, hub, tmp_path):
    round_id, invitations = _open(service, leader, {RaterGroup.SELF: 1, RaterGroup.LINE_MANAGER: 1,
                                                    RaterGroup.PEER: 3, RaterGroup.DIRECT_REPORT: 1})
    assert len(invitations) == 6 and len({i.code for i in invitations}) == 6
    codes = {i.code: i.group for i in invitations}
    box = round_path(workspace.folder, round_id).read_text()
    assert all(code not in box for code in codes) and "Siân" not in box   # hashes and sealed data only
    peers = [c for c, g in codes.items() if g is RaterGroup.PEER]
    for code, score in zip(peers, (1, 3, 5)):
        _answer(workspace.folder, code, score, more=SECRET_COMMENT if score == 1 else "")
    own = next(c for c, g in codes.items() if g is RaterGroup.SELF)
    session = _answer(workspace.folder, own, 5)
    assert session.subject_name == "Siân Evans" and session.group is RaterGroup.SELF
    progress = service.progress(round_id)
    assert progress.responded == {"self": 1, "line_manager": 0, "peer": 3, "direct_report": 0}
    assert progress.invited["peer"] == 3
    with pytest.raises(FeedbackError, match="already been used"):
        open_session(workspace.folder, peers[0])
    with pytest.raises(FeedbackError, match="not one of this station"):
        open_session(workspace.folder, "ABCD-EFGH-JKMN")
    with pytest.raises(FeedbackError, match="12 letters"):
        open_session(workspace.folder, "abc")
    with pytest.raises(FeedbackError, match="closed"):
        service.report(round_id, VALUES)

    service.close_round(round_id)
    assert not round_path(workspace.folder, round_id).exists()
    assert workspace.leadership().about_key(round_id) is None
    row = workspace.leadership().round(round_id)
    assert row.awaiting_results and row.responses["peer"] == 3 and row.results is None
    assert workspace.leadership().sealed_count(round_id) == 4
    with pytest.raises(FeedbackError, match="Waiting for HR to return the results"):
        service.report(round_id, VALUES)
    with pytest.raises(FeedbackError, match="not one of this station"):
        open_session(workspace.folder, peers[1])   # codes die with the round

    # The next bundle carries them to HR, which merges them and sends back only the results.
    _bundle, _reference, hub_line, station_line = round_trip(workspace, hub, tmp_path / "sync")
    assert "360 feedback merged for 1 round" in hub_line
    assert "360 feedback results for 1 round returned by HR" in station_line
    row = workspace.leadership().round(round_id)
    assert not row.awaiting_results and row.results_on is not None
    assert workspace.leadership().sealed_count(round_id) == 0
    peers_shown = next(g for g in row.results.groups if g.label == "Peers")
    assert peers_shown.means["value:Care"] == (3.0, 3)
    report = service.report(round_id, VALUES)
    assert report.comments["more"] == (SECRET_COMMENT,)
    line = next(x for x in report.lines if x.key == "value:Care")
    assert line.self_mean == 5 and line.others_mean == 3
    assert json.loads(workspace.db.execute("SELECT dimension_means FROM feedback_rounds WHERE id = ?",
                                           [round_id]).fetchone()[0])["raters"] == 3
    # The station's next bundle says the results arrived: HR then keeps only the dimension means.
    round_trip(workspace, hub, tmp_path / "sync2")
    held = hub.store.db.execute("SELECT results, dimension_means, responses FROM feedback_results").fetchall()
    assert held[0][0] is None and json.loads(held[0][1])["raters"] == 3 and held[0][2] == 4


def test_no_route_shows_one_raters_answers(workspace, leader, service, hub, tmp_path):
    round_id, invitations = _open(service, leader, {RaterGroup.PEER: 3, RaterGroup.OTHER: 1})
    peers = [i.code for i in invitations if i.group is RaterGroup.PEER]
    lone = next(i.code for i in invitations if i.group is RaterGroup.OTHER)
    # A draft, then the answers: neither is readable without the code.
    session = open_session(workspace.folder, lone)
    draft = Response(session.group, {"value:Care": Frequency.NEVER.value}, {CommentKind.LESS.value: SECRET_COMMENT})
    session.save_draft(draft)
    assert session.load_draft() == draft
    assert SECRET_COMMENT not in _everything_readable(workspace)
    before = _files(workspace)
    session.submit(Response(session.group, {i.key: Frequency.NEVER.value for i in session.items},
                            {CommentKind.LESS.value: SECRET_COMMENT}))
    after = _files(workspace)
    # Diffing the folder before and after this one response: the new content is age ciphertext to HR's key.
    # Nothing the station holds (database with the passphrase, any file) opens it: only HR's identity does.
    new = [s for s in _sealed_in(after[f"{FEEDBACK_DIR}/{round_id}.json"].decode())
           if s not in _sealed_in(before[f"{FEEDBACK_DIR}/{round_id}.json"].decode())]
    assert len(new) == 1
    assert response_from_bytes(pyrage.decrypt(new[0], [hub.keys.identity])).comments["less"] == SECRET_COMMENT
    for path, data in after.items():
        assert SECRET_COMMENT.encode() not in data and b'"ratings"' not in data, path
    assert not any(p.endswith(".bin") for p in after)    # the draft went when they sent
    for code in peers:
        snapshot = _everything_readable(workspace)
        _answer(workspace.folder, code, 4)
        assert SECRET_COMMENT not in snapshot and '"ratings"' not in snapshot
    while_open = _everything_readable(workspace)
    assert SECRET_COMMENT not in while_open and '"ratings"' not in while_open and '"items"' not in while_open
    service.close_round(round_id)
    closed = _everything_readable(workspace)
    assert SECRET_COMMENT not in closed and '"ratings"' not in closed
    assert not list((workspace.folder / FEEDBACK_DIR).rglob("*.bin"))     # drafts gone
    assert not (workspace.folder / FEEDBACK_DIR / f"{round_id}.json").exists()

    # The bundle, decrypted with HR's key as HR IT could: its new part holds only sealed responses.
    bundle, reference, _h, _s = round_trip(workspace, hub, tmp_path / "sync")
    _m, _sig, parts = read_archive(decrypt(bundle.read_bytes(), [hub.keys.identity]))
    assert SECRET_COMMENT.encode() not in b"".join(parts.values())
    sealed_part = json.loads(parts["parts/feedback_sealed.json"])
    assert sealed_part["columns"] == ["round_id", "sealed"] and len(sealed_part["rows"]) == 4
    # The reference bundle back holds the merged results only: the lone "other" is left out of the scores.
    _m, _sig, back = read_archive(decrypt(reference.read_bytes(), [station_identity(workspace)]))
    results = json.loads(json.loads(back["parts/feedback_results.json"])["rows"][0][3])
    assert [g["label"] for g in results["groups"]] == ["Peers"]
    assert all(m[0] == 4.0 for g in results["groups"] for m in g["means"].values())
    # The hub's database: no table keeps a response; the merged comment until the station has it, then not.
    assert not _hub_has(hub, '"ratings"')
    round_trip(workspace, hub, tmp_path / "sync2")
    assert not _hub_has(hub, SECRET_COMMENT) and not _hub_has(hub, '"ratings"')

    after = _everything_readable(workspace)
    row = workspace.leadership().round(round_id)
    assert [g.label for g in row.results.groups] == ["Peers"]
    assert all(mean == 4.0 for g in row.results.groups for mean, _n in g.means.values())
    assert any("left out" in n for n in row.results.notes)
    # The comment is kept, unattributed: in a pool with no group, rater or time beside it.
    assert after.count(SECRET_COMMENT) == 1
    # Audit entries say what happened, never what anyone answered.
    summaries = [e.summary for e in entries(workspace.db)]
    assert any("Opened a 360 feedback round" in s for s in summaries)
    assert any("Closed a 360 feedback round: 4 responses, sealed for HR" in s for s in summaries)
    assert any("360 feedback results returned by HR" in s for s in summaries)
    assert not any(SECRET_COMMENT in s for s in summaries)
    hub_audit = repr(hub.store.audit_entries())
    assert SECRET_COMMENT not in hub_audit and "Never" not in hub_audit
    # Subject access for the leader: their round as kept (merged), nothing per rater.
    from desktop.documents.subject_access import export
    json_path, pdf_path = export(workspace, leader, tmp_path / "sar")
    sar = json_path.read_text(encoding="utf-8")
    assert '"feedback_rounds"' in sar and '"items"' not in sar and "tally" not in sar and '"sealed"' not in sar
    assert '"other": 1' in sar and "1.0" not in sar.split('"feedback_rounds"')[1]
    pdf = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert "Leadership self-assessment and 360 feedback" in pdf and "360 feedback round closed" in pdf
    assert "Peers" in pdf and SECRET_COMMENT in pdf.replace("\n", " ").replace("  ", " ") or \
        " ".join(SECRET_COMMENT.split()[:3]) in pdf   # the merged, unattributed comment, as in the report
    assert "Never" not in pdf.split("Leadership self-assessment and 360 feedback")[1].split("Comments")[0]
    assert "left out" in pdf


def station_identity(workspace):
    from desktop.sync.station import _keys
    return _keys(workspace).identity


def _hub_has(hub, text: str) -> bool:
    from syncing import hub_mentions
    return bool(hub_mentions(hub, text))


def test_a_workspace_without_hr_hub_cannot_open_a_round(workspace):
    person = workspace.staff().add(Staff("87654329", "Ann", "Lee", job_title="Clinical Team Leader"))
    service = Feedback360(workspace.folder, workspace.leadership())
    assert "has not joined your trust's HR hub" in service.can_open()
    with pytest.raises(FeedbackError, match="Ask HR for an enrolment file"):
        _open(service, person, {RaterGroup.PEER: 3})
    assert workspace.db.execute("SELECT count(*) FROM feedback_rounds").fetchone()[0] == 0
    assert not (workspace.folder / FEEDBACK_DIR).exists()


def test_files_go_when_a_round_is_withdrawn_expires_or_its_person_leaves_or_is_deleted(workspace, leader,
                                                                                        service):
    round_id, invitations = _open(service, leader, {RaterGroup.PEER: 3})
    session = open_session(workspace.folder, invitations[0].code)
    session.save_draft(Response(session.group, {"value:Care": 4}, {}))
    _answer(workspace.folder, invitations[1].code, 4)
    current = {leader.id}
    assert service.tidy(lambda sid: sid in current) == []          # nothing to tidy while open
    assert len(_files(workspace)) == 2
    # The person leaves: their round is withdrawn, its response and draft destroyed unread, nothing for HR.
    current.clear()
    assert service.tidy(lambda sid: sid in current) == ["withdrew a 360 round of someone who has left"]
    row = workspace.leadership().round(round_id)
    assert row.withdrawn_on is not None and row.responses == {"peer": 1} and not row.awaiting_results
    assert _files(workspace) == {} and workspace.leadership().sealed_for_hr() == []
    assert any("Withdrew a 360 feedback round" in e.summary for e in entries(workspace.db))
    # A round long past its close date is closed for the manager (its answers go to HR).
    other = workspace.staff().add(Staff("87654322", "Ravi", "Shah", job_title="Station Officer"))
    second, codes = service.open_round(other.id, "Ravi Shah", "Station Officer", VALUES,
                                       TODAY - timedelta(days=EXPIRE_AFTER_DAYS + 1), {RaterGroup.PEER: 3},
                                       today=TODAY - timedelta(days=EXPIRE_AFTER_DAYS + 20))
    _answer(workspace.folder, codes[0].code, 3)
    assert service.tidy(lambda sid: True) == ["closed a 360 round long past its close date"]
    assert workspace.leadership().round(second).awaiting_results and _files(workspace) == {}
    assert len(workspace.leadership().sealed_for_hr()) == 1
    # A person deleted after retention takes their round with them; a file left behind is wiped at the next tidy.
    third, codes = _open(service, leader, {RaterGroup.PEER: 3})
    stray = open_session(workspace.folder, codes[0].code)
    stray.save_draft(Response(stray.group, {"value:Care": 2}, {}))
    workspace.db.execute("DELETE FROM feedback_rounds WHERE id = ?", [third])   # as retention's cascade does
    assert len(_files(workspace)) == 2
    assert service.tidy(lambda sid: True) == ["removed the file of a round no longer open"]
    assert _files(workspace) == {}


def test_opening_refuses_what_would_not_work(workspace, leader, service):
    with pytest.raises(FeedbackError, match="after today"):
        service.open_round(leader.id, "S", "T", VALUES, TODAY, {RaterGroup.PEER: 3})
    with pytest.raises(FeedbackError, match="at least one colleague"):
        _open(service, leader, {RaterGroup.SELF: 1})
    _open(service, leader, {RaterGroup.PEER: 3})
    with pytest.raises(FeedbackError, match="already has a 360 round open"):
        _open(service, leader, {RaterGroup.PEER: 3})
    assert workspace.db.execute("SELECT count(*) FROM feedback_rounds").fetchone()[0] == 1


def test_unanswered_statements_are_named_and_nothing_is_sent(workspace, leader, service):
    round_id, invitations = _open(service, leader, {RaterGroup.PEER: 3})
    session = open_session(workspace.folder, invitations[0].code)
    with pytest.raises(FeedbackError, match="14 statements are not answered"):
        session.submit(Response(session.group, {}, {}))
    assert service.progress(round_id).total == 0
    more = service.add_invitations(round_id, RaterGroup.DIRECT_REPORT, 2)
    _answer(workspace.folder, more[0].code, 3)
    assert service.progress(round_id).responded["direct_report"] == 1


def test_chosen_dimensions_become_leadership_development_items(workspace, leader):
    conversations = workspace.conversations()
    conversation, added = add_to_development_plan(conversations, leader.id, ["holding_to_account"],
                                                  "self-assessment")
    assert added == 1
    item = conversation.development[0]
    assert item.tna_category == "Leadership and management" and "holding to account" in item.need
    _, again = add_to_development_plan(conversations, leader.id, ["holding_to_account"], "self-assessment")
    assert again == 0


def test_a_leaver_marked_and_later_deleted_leaves_no_360_trace(workspace, leader, service):
    """Through the store's own rules: marked a leaver (their open round is withdrawn at the next tidy), then
    deleted after retention (the round row and any sealed responses go with them)."""
    from desktop.store.retention import delete_person
    closed, codes = _open(service, leader, {RaterGroup.PEER: 3})
    _answer(workspace.folder, codes[0].code, 4)
    service.close_round(closed)
    assert workspace.leadership().sealed_count(closed) == 1
    still_open, codes = _open(service, leader, {RaterGroup.PEER: 3})
    _answer(workspace.folder, codes[0].code, 4)
    gone = workspace.staff().mark_leaver(leader.id, date(2015, 5, 1))
    assert service.tidy() == ["withdrew a 360 round of someone who has left"]
    assert _files(workspace) == {} and workspace.leadership().round(still_open).withdrawn_on is not None
    delete_person(workspace.db, "Jo Taylor", gone, TODAY, years=6)
    assert workspace.db.execute("SELECT count(*) FROM feedback_rounds").fetchone()[0] == 0
    assert workspace.db.execute("SELECT count(*) FROM feedback_sealed").fetchone()[0] == 0


def test_a_round_opened_by_the_earlier_version_still_closes_at_the_station(workspace, leader, service):
    """Before 016 a round kept a running tally sealed with a key in the database; such a round closes as it did."""
    from desktop.domain.leadership import empty_tally, fold
    from desktop.security.feedback360 import LEGACY_FORMAT, _seal
    round_id, _codes = _open(service, leader, {RaterGroup.PEER: 3})
    path = round_path(workspace.folder, round_id)
    box = json.loads(path.read_text())
    tally = empty_tally()
    for score in (2, 3, 4):
        fold(tally, Response(RaterGroup.PEER, {"value:Care": score}, {}))
    key = workspace.leadership().about_key(round_id)
    box.update(format=LEGACY_FORMAT, tally=_seal(key, json.dumps(tally).encode(), round_id.encode()))
    path.write_text(json.dumps(box))
    with pytest.raises(FeedbackError, match="earlier version"):
        service.add_invitations(round_id, RaterGroup.PEER, 1)
    service.close_round(round_id)
    row = workspace.leadership().round(round_id)
    assert row.results is not None and row.results.groups[0].means["value:Care"] == (3.0, 3)
    assert not path.exists() and workspace.leadership().sealed_for_hr() == []


def test_a_round_file_whose_recipient_was_swapped_is_caught_by_hr(workspace, leader, service, hub, tmp_path):
    """Someone who can write the round file points it at their own key: HR cannot open those answers, says so,
    and leaves them out; a file naming no key at all refuses answers with a message for the rater."""
    from pyrage import x25519
    round_id, codes = _open(service, leader, {RaterGroup.PEER: 4})
    _answer(workspace.folder, codes[0].code, 4)
    path = round_path(workspace.folder, round_id)
    box = json.loads(path.read_text())
    box["hr_recipient"] = str(x25519.Identity.generate().to_public())
    path.write_text(json.dumps(box))
    for invitation in codes[1:3]:
        _answer(workspace.folder, invitation.code, 2)
    box = json.loads(path.read_text())
    box["hr_recipient"] = ""
    path.write_text(json.dumps(box))
    session = open_session(workspace.folder, codes[3].code)
    with pytest.raises(FeedbackError, match="does not name HR's key"):
        session.submit(Response(session.group, {i.key: 3 for i in session.items}, {}))
    assert service.progress(round_id).total == 3
    service.close_round(round_id)
    _b, _r, hub_line, _s = round_trip(workspace, hub, tmp_path / "sync")
    assert "2 360 responses not sealed to HR's key were not counted" in hub_line
    results = workspace.leadership().round(round_id).results
    assert any("HR could not open 2 responses" in n for n in results.notes)
    assert results.counts["peer"] == 1 and not results.groups     # one readable peer: too few to show
