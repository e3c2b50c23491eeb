"""Staff verdicts: counts only at the station, batches of three, comments only HR can read, and the
station's figure equal to the hub's after a bundle."""

from __future__ import annotations

import pytest
from syncing import AS_OF, enrolled_workspace, make_hub

from desktop.domain import verdict
from desktop.domain.conversation import Kind
from desktop.domain.dip import Period
from desktop.hub import reports
from desktop.security.verdict import About, VerdictBox, VerdictError, box_path, open_verdict_with_code
from desktop.sync import station

SECRET = "My manager never listens to me about nights"
ANSWERS = [
    {"job": "agree", "objectives": "strongly_agree", "valued": "disagree", "wellbeing": "neither"},
    {"job": "agree", "objectives": "agree", "valued": "agree", "wellbeing": "agree"},
    {"job": "strongly_disagree", "objectives": "disagree", "valued": "strongly_disagree", "wellbeing": "disagree"},
]


def _signed(ws, n: int) -> list:
    """n signed EADRs in the workspace (the demo's own)."""
    repo = ws.conversations()
    found = [c for p in ws.staff().all() if (c := repo.last_signed(p.id, Kind.EADR)) is not None]
    assert len(found) >= n
    return found[:n]


def _answer(ws, conversations, answers, comment: str = "") -> VerdictBox:
    box = VerdictBox(ws.folder, ws.verdicts(), ws.hr_recipient)
    for conversation, given in zip(conversations, answers):
        code = box.issue_code(conversation.id, conversation.staff_id, About("Sam", "EADR", "01/11/2026", "Jo"))
        session = open_verdict_with_code(ws.folder, code.lower())   # as typed, any case
        session.submit(given, comment, today=AS_OF)
    return box


def _all_text(db) -> str:
    return repr([db.execute(f"SELECT * FROM [{t}]").fetchall() for (t,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()])


def test_answers_wait_sealed_until_three_then_only_counts_are_kept(tmp_path):
    hub = make_hub(tmp_path / "hub")
    ws = enrolled_workspace(tmp_path, hub, "IPS", staff=8)
    try:
        conversations = _signed(ws, 3)
        box = _answer(ws, conversations[:2], ANSWERS[:2], SECRET)
        assert box.fold(AS_OF) == 0            # two waiting: not counted yet, so no one's answers show
        assert ws.verdicts().counts() == {}
        assert ws.verdicts().given_count() == 2
        assert box.waiting() == 2
        assert SECRET not in box_path(ws.folder).read_text()
        _answer(ws, conversations[2:], ANSWERS[2:], SECRET)
        assert box.fold(AS_OF) == 3
        quarter = str(Period.of(AS_OF))
        counts = ws.verdicts().counts()
        assert counts[quarter]["job"] == {"agree": 2, "strongly_disagree": 1}
        # Raw SQL finds no answer per conversation: the invitations say only that one was given.
        columns = [r[1] for r in ws.db.execute("PRAGMA table_info(verdict_invitations)").fetchall()]
        assert columns == ["conversation_id", "lookup", "issued_on", "given_on"]
        rows = ws.db.execute("SELECT * FROM verdict_invitations").fetchall()
        assert len(rows) == 3 and all(r[1] is None and r[3] == AS_OF.isoformat() for r in rows)
        assert ws.db.execute("SELECT count(*) FROM verdict_counts WHERE count = 1").fetchone()[0] > 0
        text = _all_text(ws.db)
        assert SECRET not in text and "strongly_disagree" in text
        assert not any(c.id in repr(ws.db.execute("SELECT * FROM verdict_counts").fetchall()) for c in conversations)
        figure = verdict.figure(counts)
        assert figure.shown and figure.agreeing["job"] == pytest.approx(66.7)
    finally:
        ws.close()
    hub.close()


def test_a_crash_before_the_box_is_emptied_never_counts_a_batch_twice(tmp_path, monkeypatch):
    from desktop.security import verdict as service
    hub = make_hub(tmp_path / "hub")
    ws = enrolled_workspace(tmp_path, hub, "IPS", staff=8)
    try:
        box = _answer(ws, _signed(ws, 3), ANSWERS)
        real_write = service._write

        def full_disk(path, data):
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(service, "_write", full_disk)
        with pytest.raises(OSError):
            box.fold(AS_OF)
        monkeypatch.setattr(service, "_write", real_write)
        assert box.fold(AS_OF) == 0                     # the same batch again: not added twice
        assert sum(ws.verdicts().counts()[str(Period.of(AS_OF))]["job"].values()) == 3
        assert box.waiting() == 0
    finally:
        ws.close()
    hub.close()


def test_a_code_works_once_and_a_newer_code_replaces_it(tmp_path):
    hub = make_hub(tmp_path / "hub")
    ws = enrolled_workspace(tmp_path, hub, "IPS", staff=8)
    try:
        conversation = _signed(ws, 1)[0]
        box = VerdictBox(ws.folder, ws.verdicts(), ws.hr_recipient)
        about = About("Sam", "EADR", "01/11/2026", "Jo")
        first = box.issue_code(conversation.id, conversation.staff_id, about)
        second = box.issue_code(conversation.id, conversation.staff_id, about)
        with pytest.raises(VerdictError, match="not one of this station's"):
            open_verdict_with_code(ws.folder, first)
        with pytest.raises(VerdictError, match="12 letters"):
            open_verdict_with_code(ws.folder, "ABC")
        session = open_verdict_with_code(ws.folder, second)
        with pytest.raises(VerdictError, match="not answered"):
            session.submit({"job": "agree"})
        session.submit(ANSWERS[0])
        original = box_path(ws.folder).read_bytes()
        box_path(ws.folder).write_text("{not json")            # a damaged file is said plainly, not a crash
        with pytest.raises(VerdictError, match="cannot be read"):
            open_verdict_with_code(ws.folder, second)
        box_path(ws.folder).write_bytes(original)
        with pytest.raises(VerdictError, match="already been used"):
            open_verdict_with_code(ws.folder, second)
        box.fold(AS_OF)
        with pytest.raises(VerdictError, match="already given"):
            box.issue_code(conversation.id, conversation.staff_id, about)
    finally:
        ws.close()
    hub.close()


def test_bundle_carries_counts_the_hub_reports_the_same_figure_and_only_hr_reads_comments(tmp_path):
    hub = make_hub(tmp_path / "hub")
    ws = enrolled_workspace(tmp_path, hub, "IPS", staff=8)
    try:
        _answer(ws, _signed(ws, 3), ANSWERS, SECRET).fold(AS_OF)
        station_figure = verdict.figure(ws.verdicts().counts(), [str(Period.of(AS_OF))])
        path = station.export_bundle(ws, tmp_path / "out")
    finally:
        ws.close()
    assert hub.import_file(path).outcome == "applied"
    assert SECRET not in _all_text(hub.store.db)
    table = reports.staff_verdict(hub, AS_OF)
    row = next(r for r in table.as_dicts() if r["station"] == "IPS" and r["quarter"] == str(Period.of(AS_OF)))
    assert row["views"] == 3
    assert row["staff_view_pct"] == station_figure.overall
    assert [row[f"agree_{q.key}_pct"] for q in verdict.QUESTIONS] == list(station_figure.agreeing.values())
    hub_figure = verdict.figure(reports.station_verdicts(hub)["IPS"], [str(Period.of(AS_OF))])
    assert hub_figure == station_figure
    assert [c[2] for c in hub.verdict_comments("IPS")] == [SECRET] * 3
    # A repeated import changes nothing.
    assert hub.import_file(path).outcome == "duplicate"
    assert reports.staff_verdict(hub, AS_OF).rows == table.rows
    hub.close()


def test_under_three_verdicts_nothing_is_shown():
    counts: verdict.Counts = {}
    verdict.fold(counts, "2026-Q4", ANSWERS[0])
    verdict.fold(counts, "2026-Q4", ANSWERS[1])
    figure = verdict.figure(counts)
    assert figure.verdicts == 2 and not figure.shown and figure.overall is None
    assert all(v is None for v in figure.agreeing.values())
    assert "at least 3" in verdict.words(figure)


def test_answers_the_workspace_key_cannot_open_are_kept_aside_not_overwritten(tmp_path):
    """After a restore from an older backup the database holds an older key: the waiting answers it cannot open
    stay on disk beside the new file rather than being written over."""
    hub = make_hub(tmp_path / "hub")
    ws = enrolled_workspace(tmp_path, hub, "IPS", staff=8)
    try:
        conversations = _signed(ws, 2)
        _answer(ws, conversations[:1], ANSWERS[:1])
        waiting = box_path(ws.folder).read_bytes()
        ws.verdicts().set_box_key(b"\x01" * 32)   # as an older backup's key would be
        VerdictBox(ws.folder, ws.verdicts(), ws.hr_recipient).issue_code(
            conversations[1].id, conversations[1].staff_id, About("Sam", "EADR", "01/11/2026", "Jo"))
        aside = [p for p in box_path(ws.folder).parent.iterdir() if ".unopened-" in p.name]
        assert len(aside) == 1 and aside[0].read_bytes() == waiting
        assert box_path(ws.folder).read_bytes() != waiting
    finally:
        ws.close()
