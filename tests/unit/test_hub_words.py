"""The hub's 360 report in words: what HR reads beside the chart, the screen reader hears, and the PDF prints."""

from __future__ import annotations

from desktop.hub.reports import ALL, Table
from desktop.hub.report_text import leadership_words

HEADERS = ["role_group", "leaders_with_360", "leaders_contributing", "dimension", "average", "note"]


def test_averages_only_where_ten_contribute_and_a_smaller_group_is_named_without_one():
    table = Table("leadership", HEADERS, [
        [ALL, 14, 12, "Leading with care", 4.2, ""],
        [ALL, 14, 12, "Holding to account", 3.1, ""],
        ["manager", 11, 10, "Leading with care", 4.4, ""],
        ["manager", 11, 10, "Holding to account", 3.0, ""],
        ["paramedic", 3, 2, "Leading with care", None, "not shown: fewer than 10 leaders' results"],
        ["paramedic", 3, 2, "Holding to account", None, "not shown: fewer than 10 leaders' results"]])
    words = leadership_words(table)
    assert words.startswith("14 leaders had 360 feedback.")
    assert ("Trust-wide (12 leaders' results): highest Leading with care 4.2 (about 'often'), lowest Holding to "
            "account 3.1 (about 'sometimes').") in words
    assert "Team leader / manager (10 leaders' results): highest Leading with care 4.4" in words
    assert "Paramedic: 3 had a 360; fewer than 10 leaders' results, so no average is shown." in words
    assert "2." not in words.split("Paramedic")[1]      # nothing of the small group's figures beyond its count


def test_fewer_than_ten_anywhere_gives_counts_only_and_none_says_so():
    few = Table("leadership", HEADERS, [[ALL, 1, 1, "Leading with care", None, "not shown"]])
    assert leadership_words(few) == ("1 leader had 360 feedback. Trust-wide: 1 had a 360; fewer than 10 leaders' "
                                     "results, so no average is shown.")
    none = Table("leadership", HEADERS, [[ALL, 0, 0, "Leading with care", None, "not shown"]])
    assert "nothing to report" in leadership_words(none)
