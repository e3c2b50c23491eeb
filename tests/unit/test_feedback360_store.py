"""360 rounds end to end without Qt: codes, the sealed tally, closing, and every route searched for one
rater's answers (raw SQL over every table, every file in the workspace folder, audit, subject access)."""

from datetime import date, timedelta

import pytest

from desktop.domain.leadership import CommentKind, Frequency, RaterGroup, Response
from desktop.domain.staff import Staff
from desktop.security.feedback360 import (
    FEEDBACK_DIR, Feedback360, FeedbackError, format_code, open_session, round_path,
)
from desktop.store.audit import entries
from desktop.store.leadership_repo import add_to_development_plan

TODAY = date.today()
VALUES = ("Care", "Teamwork", "Quality", "Respect", "Honesty")
SECRET_COMMENT = "Sometimes forgets to ring back after a difficult job"


@pytest.fixture
def leader(workspace):
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


def test_a_round_from_invitations_to_report(workspace, leader, service):
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

    results = service.close_round(round_id)
    assert not round_path(workspace.folder, round_id).exists()
    assert workspace.leadership().tally_key(round_id) is None
    peers_shown = next(g for g in results.groups if g.label == "Peers")
    assert peers_shown.means["value:Care"] == (3.0, 3)
    report = service.report(round_id, VALUES)
    assert report.comments["more"] == (SECRET_COMMENT,)
    line = next(x for x in report.lines if x.key == "value:Care")
    assert line.self_mean == 5 and line.others_mean == 3
    with pytest.raises(FeedbackError, match="not one of this station"):
        open_session(workspace.folder, peers[1])   # codes die with the round


def test_no_route_shows_one_raters_answers(workspace, leader, service, tmp_path):
    round_id, invitations = _open(service, leader, {RaterGroup.PEER: 3, RaterGroup.OTHER: 1})
    peers = [i.code for i in invitations if i.group is RaterGroup.PEER]
    lone = next(i.code for i in invitations if i.group is RaterGroup.OTHER)
    # A draft, then the answers: neither is readable without the code.
    session = open_session(workspace.folder, lone)
    draft = Response(session.group, {"value:Care": Frequency.NEVER.value}, {CommentKind.LESS.value: SECRET_COMMENT})
    session.save_draft(draft)
    assert session.load_draft() == draft
    assert SECRET_COMMENT not in _everything_readable(workspace)
    session.submit(Response(session.group, {i.key: Frequency.NEVER.value for i in session.items},
                            {CommentKind.LESS.value: SECRET_COMMENT}))
    for code in peers:
        _answer(workspace.folder, code, 4)
    while_open = _everything_readable(workspace)
    assert SECRET_COMMENT not in while_open and '"items"' not in while_open
    service.close_round(round_id)
    after = _everything_readable(workspace)
    # The lone "other" (1 person) is left out of the scores: no mean anywhere carries their "never" (1.0).
    row = workspace.leadership().round(round_id)
    assert [g.label for g in row.results.groups] == ["Peers"]
    assert all(mean == 4.0 for g in row.results.groups for mean, _n in g.means.values())
    assert any("left out" in n for n in row.results.notes)
    # The comment is kept, unattributed: in a pool with no group, rater or time beside it.
    assert after.count(SECRET_COMMENT) == 1
    assert '"groups"' in after and "'other'" not in after.split(SECRET_COMMENT)[0][-200:]
    assert not list((workspace.folder / FEEDBACK_DIR).rglob("*.bin"))     # drafts gone
    # Audit entries say what happened, never what anyone answered.
    summaries = [e.summary for e in entries(workspace.db)]
    assert any("Opened a 360 feedback round" in s for s in summaries)
    assert any("Closed a 360 feedback round: 4 responses" in s for s in summaries)
    assert not any(SECRET_COMMENT in s for s in summaries)
    # Subject access for the leader: their round as kept (merged), nothing per rater.
    from desktop.documents.subject_access import export
    json_path, pdf_path = export(workspace, leader, tmp_path / "sar")
    sar = json_path.read_text(encoding="utf-8")
    assert '"feedback_rounds"' in sar and '"items"' not in sar and "tally" not in sar
    assert '"other": 1' in sar and "1.0" not in sar.split('"feedback_rounds"')[1]


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
