"""The staff member's own preparation for their EADR, and the rules that set it beside the record.

Their words are theirs: the manager reads them beside each section and may bring a sentence across, but
never edits them. Like the EADR's private notes they stay in the workspace (never in a sync bundle) and are
part of subject access.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace

from desktop.domain.conversation import Section


@dataclass(frozen=True)
class ObjectiveReflection:
    """How one of last year's objectives went, in their words."""

    title: str
    how_it_went: str = ""


@dataclass(frozen=True)
class Preparation:
    wellbeing: str = ""                                   # how they are, in their own words
    values: dict[str, str] = field(default_factory=dict)  # trust value -> their example
    objectives: tuple[ObjectiveReflection, ...] = ()      # last year's objectives, pre-filled
    development: str = ""                                 # what they want to develop
    career: str = ""                                      # career hopes

    @property
    def is_empty(self) -> bool:
        return not any(text.strip() for text in self.texts())

    def texts(self) -> list[str]:
        return [self.wellbeing, *self.values.values(), *(o.how_it_went for o in self.objectives),
                self.development, self.career]

    def with_objectives(self, titles: list[str]) -> Preparation:
        """Last year's objectives listed for reflection, keeping anything already written against them."""
        said = {o.title: o.how_it_went for o in self.objectives}
        kept = [ObjectiveReflection(t, said.pop(t, "")) for t in titles]
        kept += [ObjectiveReflection(t, text) for t, text in said.items() if text.strip()]
        return replace(self, objectives=tuple(kept))

    def for_section(self, section: Section) -> list[tuple[str, str]]:
        """(heading, their words) for the conversation section they belong beside; blanks left out."""
        if section is Section.WELLBEING:
            parts = [("How I am", self.wellbeing)]
        elif section is Section.VALUES:
            parts = [(name, text) for name, text in self.values.items()]
        elif section is Section.PERFORMANCE:
            parts = [(f"“{o.title}”", o.how_it_went) for o in self.objectives]
        elif section is Section.DEVELOPMENT:
            parts = [("What I want to develop", self.development)]
        elif section is Section.TALENT:
            parts = [("My career hopes", self.career)]
        else:
            parts = []
        return [(heading, text.strip()) for heading, text in parts if text.strip()]

    def to_json(self) -> str:
        return json.dumps({"wellbeing": self.wellbeing, "values": self.values,
                           "objectives": [{"title": o.title, "how_it_went": o.how_it_went} for o in self.objectives],
                           "development": self.development, "career": self.career}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Preparation:
        data = json.loads(text)
        return cls(str(data.get("wellbeing", "")), {str(k): str(v) for k, v in data.get("values", {}).items()},
                   tuple(ObjectiveReflection(str(o["title"]), str(o.get("how_it_went", "")))
                         for o in data.get("objectives", [])),
                   str(data.get("development", "")), str(data.get("career", "")))


# Where their words sit in the record: the sections a preparation speaks to.
PREPARED_SECTIONS = (Section.WELLBEING, Section.VALUES, Section.PERFORMANCE, Section.TALENT, Section.DEVELOPMENT)

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+|\n+")


def sentence_at(text: str, position: int) -> tuple[int, int]:
    """The sentence (or line) around `position` as (start, end), without the spaces around it: what one
    press of the bring-across key takes. A position in the gap between sentences takes the next one."""
    position = max(0, min(position, len(text)))
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() <= position:
            start = match.end()
        elif match.start() < position:   # in the gap itself: the next sentence
            start = match.end()
        else:
            break
    end = len(text)
    for match in _SENTENCE_END.finditer(text, start):
        if match.start() > start:
            end = match.start()
            break
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def joined(existing: str, brought: str) -> str:
    """A sentence added to what the manager has written: after it, with one space or a new line."""
    brought = brought.strip()
    if not existing.strip():
        return brought
    return existing.rstrip() + ("\n" if existing.rstrip().endswith("\n") else " ") + brought
