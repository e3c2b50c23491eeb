"""What Home shows, read off the GUI thread. Qt-free on purpose: it runs on worker threads (at unlock and each
time Home is shown), and importing widget modules there would create Qt objects on the wrong thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from desktop.domain import clock
from desktop.domain.home import HomeSummary
from desktop.domain.staff import Staff
from desktop.domain.team import StaffFacts
from desktop.domain.verdict import Figure, figure

if TYPE_CHECKING:
    from desktop.store.workspace import Workspace


@dataclass(frozen=True)
class HomeReading:
    """Everything Home shows, read on one connection (the team's facts too, when read at unlock)."""

    people: list[Staff]
    facts: dict[str, StaffFacts]
    summary: HomeSummary
    figure: Figure
    given: int
    today: date


def read_home(workspace: Workspace, people: list[Staff], facts: dict[str, StaffFacts], today: date) -> HomeReading:
    verdicts = workspace.verdicts()
    return HomeReading(people, facts, workspace.home_summary(people, facts, today), figure(verdicts.counts()),
                       verdicts.given_count(), today)


def read_ahead(workspace: Workspace) -> HomeReading:
    """On the unlocking thread, on its connection: the team, its facts and Home, for `Shell(ahead=...)`."""
    people = workspace.staff().all()
    today = clock.today()
    return read_home(workspace, people, workspace.team_facts(people, today), today)
