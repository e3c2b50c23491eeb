"""The user guide's content: every topic loads, its links and pictures resolve, and search finds topics."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.documents.help_index import HelpIndex, fold, help_folder, parse_link, plain_text, slug

# What issue 12 asks the guide to cover, by topic id.
REQUIRED = ("getting-started", "home", "team", "compassionate-conversations", "conversation", "sign-off-and-printing",
            "cpd-log", "hcpc-profile", "training", "sync", "backups", "locking-and-passphrases",
            "records-and-audit", "keyboard-shortcuts", "leadership-and-360",   # from issue 15
            "preparation")   # from issue 16
MAX_IMAGES_BYTES = 1_600_000


@pytest.fixture(scope="module")
def guide() -> HelpIndex:
    return HelpIndex.load()


def test_every_topic_the_guide_promises_is_there_with_a_title(guide: HelpIndex) -> None:
    assert [t.id for t in guide.topics] == list(REQUIRED)
    for topic in guide.topics:
        assert topic.title and topic.sections[0].level == 1, topic.path
        assert len(topic.text.split()) > 80, f"{topic.path.name} is too thin to help anyone"


def test_every_picture_a_topic_shows_exists_has_words_and_the_pictures_stay_small(guide: HelpIndex) -> None:
    folder = help_folder()
    shown = set()
    for topic in guide.topics:
        for path, alt in zip(topic.images, topic.image_alts):
            assert (folder / path).is_file(), f"{topic.path.name} shows {path}, which is missing"
            assert len(alt) > 10, f"{topic.path.name}: {path} needs words for people who cannot see it"
            shown.add((folder / path).resolve())
    assert len(shown) >= 12
    images = list((folder / "images").glob("*.png"))
    unused = {p.name for p in images} - {p.name for p in shown}
    assert not unused, f"pictures no topic shows: {unused}"
    assert sum(p.stat().st_size for p in images) < MAX_IMAGES_BYTES


def test_every_link_between_topics_lands_on_a_topic_file_and_heading(guide: HelpIndex) -> None:
    folder = help_folder()
    for topic in guide.topics:
        for link in topic.links:
            assert not link.external, f"{topic.path.name}: the guide is offline; {link.href} would not open"
            target = guide.get(link.topic)
            assert target is not None, f"{topic.path.name}: {link.href} names no topic"
            name = link.href.partition("#")[0]
            if name:   # the file name as written, so the guide also reads on GitHub
                assert (folder / name).is_file(), f"{topic.path.name}: {link.href} should be {target.path.name}"
            assert target.has_anchor(link.anchor), f"{topic.path.name}: {link.href} has no such heading"


def test_the_conversation_topic_has_a_heading_for_each_section_so_f1_can_open_it_there(guide: HelpIndex) -> None:
    from desktop.domain.conversation import Section
    topic = guide.get("conversation")
    assert topic is not None
    for section in Section:
        assert topic.has_anchor(slug(section.label)), section.label


def test_the_compassionate_topic_explains_the_behaviours_needs_and_themes(guide: HelpIndex) -> None:
    text = guide.get("compassionate-conversations").folded   # type: ignore[union-attr]
    for word in ("michael west", "attending", "understanding", "empathising", "helping", "autonomy", "belonging",
                 "competence", "wellbeing", "values", "performance", "talent"):
        assert word in text, word


def test_search_finds_every_topic_with_all_the_words_titles_first_and_ignores_accents(guide: HelpIndex) -> None:
    hits = guide.search("passphrase")
    ids = [h.topic.id for h in hits]
    assert ids[0] == "locking-and-passphrases"
    assert "getting-started" in ids and "home" not in ids
    assert all("passphrase" in h.topic.folded for h in hits)
    assert "passphrase" in fold(hits[0].snippet)
    assert [h.topic.id for h in guide.search("QUICK capture")][0] == "cpd-log"
    assert [h.topic.id for h in guide.search("Empathîsing")][0] == "compassionate-conversations"
    assert guide.search("roster zebra") == []
    assert len(guide.search("  ")) == len(guide.topics)


def test_resolve_names_a_topic_and_section_or_nothing(guide: HelpIndex) -> None:
    topic, anchor = guide.resolve("team#importing-the-roster")   # type: ignore[misc]
    assert topic.id == "team" and anchor == "importing-the-roster"
    assert guide.resolve("team#no-such-heading") is None
    assert guide.resolve("nowhere") is None


def test_links_slugs_and_plain_text() -> None:
    assert parse_link("x", "03-team.md#adding-people", "home").topic == "team"
    assert parse_link("x", "#adding-people", "team").topic == "team"
    assert parse_link("x", "https://www.hcpc-uk.org", "team").external
    assert slug("What is a compassionate EADR conversation?") == "what-is-a-compassionate-eadr-conversation"
    assert slug("A person's details") == "a-persons-details"
    text = plain_text("# Title\n\nPress **Save** and [see more](02-home.md).\n\n![A picture](images/x.png)\n\n"
                      "| Keys | Do |\n|---|---|\n| Ctrl+K | capture |\n")
    assert "**" not in text and "](" not in text and "---" not in text
    assert "Press Save and see more." in text and "Ctrl+K" in text and "A picture" in text


def test_a_badly_named_topic_file_is_refused_with_its_name(tmp_path: Path) -> None:
    (tmp_path / "team.md").write_text("# Team\n", encoding="utf-8")
    with pytest.raises(ValueError, match="team.md"):
        HelpIndex.load(tmp_path)
