"""The user guide's topics: loaded from `resources/help/*.md` and searched by full text.

Qt-free so the help's content can be checked by unit tests and reused by the CLI; the viewer in
`desktop/ui/help/` only shows what this module finds. A topic file is named `NN-topic-id.md`: the number
orders the contents, the rest is the stable id that F1 and links use (`team`, `team#importing-the-roster`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from desktop.paths import resource_path

_FILE = re.compile(r"^(\d+)-([a-z0-9-]+)\.md$")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")
_SNIPPET = 90   # characters either side of the first match


def help_folder() -> Path:
    """Where the guide lives, from source or from the PyInstaller build."""
    return resource_path("help")


def fold(text: str) -> str:
    """Lower case without accents, so "sian" finds "Siân" and "reflexion" is not needed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug(heading: str) -> str:
    """A heading's anchor, as GitHub makes it: "Importing the roster" -> "importing-the-roster"."""
    text = fold(heading).replace("’", "").replace("'", "")
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"\s+", "-", text.strip())


def plain_text(markdown: str) -> str:
    """What a reader sees, without Markdown's marks: for searching and snippets."""
    text = _IMAGE.sub(lambda m: m.group(1), markdown)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"^\|?[\s:|-]+\|[\s:|-]*$", "", text, flags=re.MULTILINE)   # table rules
    text = text.replace("|", " ").replace("**", "").replace("`", "").replace("> ", "")
    text = re.sub(r"(?<!\w)[*_]([^*_\n]+)[*_](?!\w)", r"\1", text)
    return re.sub(r"[ \t]+", " ", text)


@dataclass(frozen=True)
class Section:
    title: str
    level: int

    @property
    def anchor(self) -> str:
        return slug(self.title)


@dataclass(frozen=True)
class Link:
    """A link in a topic: to another topic (and section) of the guide, or to the outside world."""
    text: str
    href: str
    topic: str = ""     # the target topic's id, for links inside the guide
    anchor: str = ""

    @property
    def external(self) -> bool:
        return "://" in self.href or self.href.startswith("mailto:")


@dataclass(frozen=True)
class Topic:
    id: str
    order: int
    path: Path
    markdown: str = field(repr=False)

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        found = []
        for line in self.markdown.splitlines():
            match = _HEADING.match(line)
            if match:
                found.append(Section(match.group(2).strip(), len(match.group(1))))
        return tuple(found)

    @property
    def title(self) -> str:
        first = next((s for s in self.sections if s.level == 1), None)
        return first.title if first else self.id.replace("-", " ").capitalize()

    def has_anchor(self, anchor: str) -> bool:
        return not anchor or any(s.anchor == anchor for s in self.sections)

    @cached_property
    def text(self) -> str:
        return plain_text(self.markdown)

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def images(self) -> tuple[str, ...]:
        """Image paths as written, relative to the help folder."""
        return tuple(m.group(2) for m in _IMAGE.finditer(self.markdown))

    @property
    def image_alts(self) -> tuple[str, ...]:
        return tuple(m.group(1) for m in _IMAGE.finditer(self.markdown))

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(parse_link(m.group(1), m.group(2), self.id) for m in _LINK.finditer(self.markdown))


def parse_link(text: str, href: str, current: str) -> Link:
    """`team.md#adding-people`, `#adding-people` (this topic) or `03-team.md` all name topic `team`."""
    if "://" in href or href.startswith("mailto:"):
        return Link(text, href)
    name, _, anchor = href.partition("#")
    if not name:
        return Link(text, href, current, anchor)
    stem = Path(name).name.removesuffix(".md")
    numbered = re.match(r"^\d+-(.+)$", stem)
    return Link(text, href, numbered.group(1) if numbered else stem, anchor)


@dataclass(frozen=True)
class Hit:
    topic: Topic
    score: int
    matches: int
    snippet: str


class HelpIndex:
    """Every topic of the guide in contents order, and full-text search over them."""

    def __init__(self, topics: list[Topic]):
        self.topics = sorted(topics, key=lambda t: t.order)
        self._by_id = {t.id: t for t in self.topics}

    @classmethod
    def load(cls, folder: Path | None = None) -> HelpIndex:
        folder = folder or help_folder()
        topics = []
        for path in sorted(folder.glob("*.md")):
            match = _FILE.match(path.name)
            if match is None:
                raise ValueError(f"{path}: a help topic's file name must be NN-topic-id.md (for example 03-team.md)")
            topics.append(Topic(match.group(2), int(match.group(1)), path, path.read_text(encoding="utf-8")))
        if not topics:
            raise FileNotFoundError(f"No help topics in {folder}")
        return cls(topics)

    def get(self, topic_id: str) -> Topic | None:
        return self._by_id.get(topic_id)

    def __contains__(self, topic_id: str) -> bool:
        return topic_id in self._by_id

    def resolve(self, target: str) -> tuple[Topic, str] | None:
        """"team#adding-people" -> (the Team topic, "adding-people"); None if there is no such topic or section."""
        topic_id, _, anchor = target.partition("#")
        topic = self.get(topic_id)
        if topic is None or not topic.has_anchor(anchor):
            return None
        return topic, anchor

    def search(self, query: str) -> list[Hit]:
        """Topics containing every word of `query` (accents and case ignored), best first: words in the title
        count most, then in headings, then how often they occur."""
        terms = query_terms(query)
        if not terms:
            return [Hit(t, 0, 0, "") for t in self.topics]
        hits = []
        for topic in self.topics:
            if not all(term in topic.folded for term in terms):
                continue
            title = fold(topic.title)
            headings = " ".join(fold(s.title) for s in topic.sections)
            matches = sum(topic.folded.count(term) for term in terms)
            score = sum(10 * (term in title) + 3 * (term in headings) for term in terms) + matches
            hits.append(Hit(topic, score, matches, snippet(topic.text, terms[0])))
        return sorted(hits, key=lambda h: (-h.score, h.topic.order))


def query_terms(query: str) -> list[str]:
    return [w for w in re.split(r"\s+", fold(query).strip()) if w]


def snippet(text: str, term: str) -> str:
    """A line of context around the first occurrence of `term` (already folded)."""
    flat = re.sub(r"\s+", " ", text)
    at = fold(flat).find(term)
    if at < 0:
        return ""
    start, end = max(0, at - _SNIPPET), min(len(flat), at + len(term) + _SNIPPET)
    return ("…" if start else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")
