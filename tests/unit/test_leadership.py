"""The Healthcare Leadership Model in our words, and the 360 rules that keep raters anonymous."""

import random

import pytest

from desktop.domain.leadership import (
    DIMENSIONS, MIN_GROUP, OTHERS_LABEL, CommentKind, Frequency, Level, RaterGroup, Response, build_report,
    close_tally, describe_mean, empty_tally, fold, is_leader_title, statements,
)

VALUES = ("Care", "Teamwork", "Quality", "Respect", "Honesty")


def test_nine_dimensions_each_with_four_levels_in_our_own_words():
    assert [d.name for d in DIMENSIONS] == [
        "Inspiring shared purpose", "Leading with care", "Evaluating information", "Connecting our service",
        "Sharing the vision", "Engaging the team", "Holding to account", "Developing capability",
        "Influencing for results"]
    assert [lv.label for lv in Level] == ["Essential", "Proficient", "Strong", "Exemplary"]
    texts = [t for d in DIMENSIONS for t in d.levels] + [d.statement for d in DIMENSIONS]
    assert len(set(texts)) == 45 and all(len(t) > 30 for t in texts)


def test_who_leads_by_job_title():
    for title in ("Clinical Team Leader", "Station Officer", "Operations Manager", "Clinical lead"):
        assert is_leader_title(title), title
    for title in ("Paramedic", "Emergency Medical Technician", "Call handler"):
        assert not is_leader_title(title), title


def test_statements_cover_values_then_dimensions():
    items = statements(VALUES)
    assert [i.heading for i in items[:5]] == list(VALUES)
    assert len(items) == 14 and items[5].key == "dim:inspiring_shared_purpose"


def _response(group, score, **comments):
    return Response(group, {s.key: score for s in statements(VALUES)}, comments)


def test_fold_keeps_sums_and_counts_and_skips_not_seen():
    tally = empty_tally()
    fold(tally, _response(RaterGroup.PEER, 4))
    fold(tally, Response(RaterGroup.PEER, {"value:Care": Frequency.NOT_SEEN.value, "dim:leading_with_care": 2}))
    peer = tally["groups"]["peer"]
    assert peer["responses"] == 2
    assert peer["items"]["value:Care"] == [4, 1]
    assert peer["items"]["dim:leading_with_care"] == [6, 2]
    with pytest.raises(ValueError):
        fold(tally, Response(RaterGroup.PEER, {"value:Care": 9}))


def test_small_groups_merge_into_others_and_a_still_small_merge_is_left_out():
    tally = empty_tally()
    fold(tally, _response(RaterGroup.SELF, 5))
    fold(tally, _response(RaterGroup.LINE_MANAGER, 3))
    for score in (4, 4, 5):
        fold(tally, _response(RaterGroup.DIRECT_REPORT, score))
    fold(tally, _response(RaterGroup.PEER, 2))          # one peer: merged
    fold(tally, _response(RaterGroup.OTHER, 3))         # one other
    results = close_tally(tally, random.Random(1))
    labels = [g.label for g in results.groups]
    assert labels == ["Self", "Line manager (their own view)", "Direct reports"]
    assert results.counts == {"self": 1, "line_manager": 1, "peer": 1, "direct_report": 3, "other": 1}
    assert any("left out" in n for n in results.notes) and any("peers" in n for n in results.notes)
    fold(tally, _response(RaterGroup.OTHER, 3))
    results = close_tally(tally, random.Random(1))
    merged = next(g for g in results.groups if g.label == OTHERS_LABEL)
    assert merged.responses == MIN_GROUP
    assert merged.means["value:Care"] == (round((2 + 3 + 3) / 3, 2), 3)


def test_comments_go_in_at_random_places_and_are_shuffled_at_close():
    orders = set()
    for seed in range(8):
        tally = empty_tally()
        for i in range(5):
            fold(tally, _response(RaterGroup.PEER, 4, keep=f"comment {i}"), random.Random(seed))
        orders.add(tuple(tally["comments"]["keep"]))
    assert len(orders) > 1
    results = close_tally(tally, random.Random(3))
    assert sorted(results.comments["keep"]) == [f"comment {i}" for i in range(5)]


def test_report_self_against_others_with_strengths_and_areas():
    tally = empty_tally()
    fold(tally, _response(RaterGroup.SELF, 5))
    for _ in range(3):
        fold(tally, Response(RaterGroup.PEER, {**{s.key: 4 for s in statements(VALUES)},
                                               "dim:holding_to_account": 2},
                             {CommentKind.MORE.value: "Follow things up"}))
    report = build_report(close_tally(tally), statements(VALUES))
    line = next(x for x in report.lines if x.key == "dim:holding_to_account")
    assert line.self_mean == 5 and line.others_mean == 2 and line.gap == 3
    assert line in report.to_develop and line in report.blind_spots
    assert all(s.others_mean == 4 for s in report.strengths)
    assert report.comments["more"] == ("Follow things up",) * 3
    assert describe_mean(3.6) == "3.6 (about 'often')" and describe_mean(None) == "no ratings"
