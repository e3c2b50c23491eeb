"""Randomised sync scenarios (issue 13.10): a Hypothesis state machine of two managers' workspaces at
one station (issue 13.2) with edits, backups and restores, bundles exported, lost, imported twice
or out of order at the hub, and HR's reference bundles applied in any order. Whatever happened, after a final round (export, import, reference applied,
export, import) HR holds every shareable record exactly as each workspace does, no private note, no
conflict, and counts each person once; and neither manager ever holds the other's team.

Each generated example is one scenario in the fault ledger ("sync state machine example N"), its
'lost' being the number of shareable records on which station and hub disagree."""

from __future__ import annotations

import itertools
from collections import Counter
import os
import shutil
import sys
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test

sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))
from syncing import AS_OF, HUB_PASSPHRASE, disagreements, enrolled_workspace, hub_mentions, make_hub  # noqa: E402

from desktop.domain.cpd import CpdEntry  # noqa: E402
from desktop.domain.staff import Staff  # noqa: E402
from desktop.hub import reports  # noqa: E402
from desktop.hub.service import Hub, HubError  # noqa: E402
from desktop.security.keyfile import read_key_file, unwrap_key  # noqa: E402
from desktop.store.info import DEMO_PASSPHRASE, KEY_FILE  # noqa: E402
from desktop.store.workspace import Workspace  # noqa: E402
from desktop.sync import station  # noqa: E402

EXAMPLES = int(os.environ.get("EADR_SYNC_EXAMPLES", "150"))
STEPS = 18
PRIVATE = "PRIVATE-NOTE-"


@dataclass
class Manager:
    """One manager's workspace at the station, and the backups taken of it."""

    folder: Path
    key: bytes
    ws: Workspace
    backups: list[Path] = field(default_factory=list)
    restores: int = 0


WHO = st.integers(0, 1)


class SyncMachine(RuleBasedStateMachine):
    """Two managers' workspaces at one station and their hub, copied fresh from a template per example."""

    template: Path
    root: Path
    faults = None
    counter = itertools.count(1)
    finished = 0
    stats: Counter[str] = Counter()

    @initialize()
    def start(self) -> None:
        self.number = next(SyncMachine.counter)
        self.folder = SyncMachine.root / f"example-{self.number}"
        shutil.copytree(SyncMachine.template, self.folder)
        self.hub = Hub.open(self.folder / "hub", HUB_PASSPHRASE)
        self.managers = []
        for name in ("first", "second"):
            folder = self.folder / name
            key = unwrap_key(read_key_file(folder / KEY_FILE), DEMO_PASSPHRASE)
            self.managers.append(Manager(folder, key, Workspace.open(folder, key)))
        self.in_transit: list[Path] = []      # bundles written, not yet lost or finished with
        self.references: list[Path] = []
        self.made = 0

    def _staff(self, who: int, index: int) -> Staff:
        people = sorted(self.managers[who].ws.staff().all(), key=lambda s: s.id)
        return people[index % len(people)]

    # --- the managers' work -----------------------------------------------------------------------
    @rule(who=WHO)
    def add_staff(self, who: int) -> None:
        self.made += 1
        self.managers[who].ws.staff().add(Staff(f"9{self.number:04d}{self.made:03d}", "New",
                                                f"Starter {self.made}", job_title="Paramedic"))

    @rule(who=WHO, index=st.integers(0, 50), title=st.sampled_from(["Paramedic", "Emergency Care Assistant",
                                                                      "Specialist Paramedic", "Team Leader"]))
    def edit_staff(self, who: int, index: int, title: str) -> None:
        person = self._staff(who, index)
        self.managers[who].ws.staff().update(replace(person, job_title=f"{title} {self.made}"))
        self.made += 1

    @rule(who=WHO, index=st.integers(0, 50))
    def conversation(self, who: int, index: int) -> None:
        self.made += 1
        talks = self.managers[who].ws.conversations()
        talk = talks.start(self._staff(who, index).id)
        talks.save(talk.with_changes(summary=f"Talked about rotas {self.made}", private_notes=f"{PRIVATE}{self.made}"))

    @rule(who=WHO, index=st.integers(0, 50), hours=st.sampled_from([1.0, 2.5, 7.5]))
    def cpd(self, who: int, index: int, hours: float) -> None:
        self.made += 1
        log = self.managers[who].ws.cpd()
        entry = log.save(CpdEntry(staff_id=self._staff(who, index).id, title=f"Study {self.made}",
                                  start_date=date(2026, 11, 1), hours=hours), AS_OF)
        if self.made % 3 == 0:
            log.add_evidence(entry.id, f"certificate-{self.made}.txt", f"evidence {self.made}".encode())

    @rule(who=WHO, index=st.integers(0, 50))
    def delete_cpd(self, who: int, index: int) -> None:
        ws = self.managers[who].ws
        ids = [r[0] for r in ws.db.execute("SELECT id FROM cpd_entries ORDER BY id")]
        if ids:
            ws.cpd().delete(ids[index % len(ids)])

    # --- backups and restores ---------------------------------------------------------------------
    @rule(who=WHO)
    def backup(self, who: int) -> None:
        self.managers[who].backups.append(self.managers[who].ws.take_backup("manual"))

    @precondition(lambda self: any(m.backups for m in self.managers))
    @rule(who=WHO, index=st.integers(0, 20))
    def restore(self, who: int, index: int) -> None:
        manager = self.managers[who] if self.managers[who].backups else self.managers[1 - who]
        manager.ws.close_and_restore(manager.backups[index % len(manager.backups)])
        manager.ws = Workspace.open(manager.folder, manager.key)
        manager.restores += 1

    # --- bundles in transit ------------------------------------------------------------------------
    @rule(who=WHO)
    def export(self, who: int) -> None:
        self.in_transit.append(station.export_bundle(self.managers[who].ws, self.folder / "out"))

    @rule(who=WHO)
    def export_and_import(self, who: int) -> None:
        """The usual day: the stick goes straight to HR."""
        result = self.hub.import_file(station.export_bundle(self.managers[who].ws, self.folder / "out"))
        assert result.outcome == "applied", result.line()

    @precondition(lambda self: bool(self.in_transit))
    @rule(index=st.integers(0, 20), keep=st.booleans())
    def import_at_hub(self, index: int, keep: bool) -> None:
        """Any bundle in transit, in any order; kept in transit sometimes, to be imported again."""
        path = self.in_transit[index % len(self.in_transit)]
        result = self.hub.import_file(path)
        assert result.outcome in ("applied", "duplicate", "rejected"), result.line()
        assert result.outcome != "rejected" or any(
            why in result.reason for why in ("replayed", "before STA restored a backup")), result.reason
        if not keep:
            self.in_transit.remove(path)

    @precondition(lambda self: bool(self.in_transit))
    @rule(index=st.integers(0, 20))
    def lose(self, index: int) -> None:
        self.in_transit.pop(index % len(self.in_transit))

    @rule()
    def reference(self) -> None:
        try:
            self.references.append(self.hub.reference_bundle("STA", self.folder / "ref"))
        except HubError:
            pass          # the hub has had no bundle from the station yet

    @precondition(lambda self: bool(self.references))
    @rule(who=WHO, index=st.integers(0, 20))
    def apply_reference(self, who: int, index: int) -> None:
        outcome = station.import_reference(self.managers[who].ws, self.references[index % len(self.references)])
        assert outcome.outcome in ("applied", "duplicate", "rejected"), outcome.line()

    @invariant()
    def no_private_note_at_the_hub(self) -> None:
        if hasattr(self, "hub"):
            assert not hub_mentions(self.hub, PRIVATE)

    @invariant()
    def no_manager_has_the_others_team(self) -> None:
        if hasattr(self, "hub"):
            first, second = ({r[0] for r in m.ws.db.execute("SELECT assignment_number FROM staff")}
                             for m in self.managers)
            assert not first & second

    # --- the final round -----------------------------------------------------------------------------
    def teardown(self) -> None:
        if not hasattr(self, "hub"):
            return
        try:
            for manager in self.managers:
                result = self.hub.import_file(station.export_bundle(manager.ws, self.folder / "out"))
                assert result.outcome == "applied", result.line()
            reference = self.hub.reference_bundle("STA", self.folder / "ref")
            for manager in self.managers:
                outcome = station.import_reference(manager.ws, reference)
                assert outcome.outcome == "applied", outcome.line()
            for manager in self.managers:
                result = self.hub.import_file(station.export_bundle(manager.ws, self.folder / "out"))
                assert result.outcome == "applied", result.line()
            stats = SyncMachine.stats
            stats["restores"] += sum(m.restores for m in self.managers)
            stats["epochs>0 at hub"] += sum(self.hub.store.workspace(m.ws.info.workspace_id).epoch > 0
                                            for m in self.managers)
            stats["set aside"] += len(self.hub.store.quarantined())
            differ = [d for m in self.managers for d in disagreements(m.ws, self.hub)]
            leaked = hub_mentions(self.hub, PRIVATE)
            SyncMachine.faults.tried(f"sync state machine example {self.number}", len(differ) + len(leaked))
            SyncMachine.finished += 1
            assert differ == [] and leaked == [], (differ[:5], leaked)
            assert not self.hub.store.conflicts()
            head_count = sum(m.ws.db.execute("SELECT count(*) FROM staff WHERE status = 'active'").fetchone()[0]
                             for m in self.managers)
            table = reports.compliance(self.hub, AS_OF)
            assert next(r for r in table.rows if r[0] == "STA")[2] == head_count
        finally:
            for manager in self.managers:
                manager.ws.close()
            self.hub.close()
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.mark.slow
def test_hub_and_stations_agree_after_any_sequence_of_syncs(tmp_path, faults):
    template = tmp_path / "template"
    hub = make_hub(template / "hub")
    for name, seed in (("first", 11), ("second", 12)):
        workspace = enrolled_workspace(template, hub, "STA", staff=3, seed=seed)
        folder = workspace.folder
        workspace.close()
        folder.rename(template / name)
    hub.close()
    for leftover in template.glob("*enrolment.json"):
        leftover.unlink()
    SyncMachine.template, SyncMachine.root, SyncMachine.faults = template, tmp_path, faults
    before = SyncMachine.finished
    run_state_machine_as_test(SyncMachine, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, derandomize=True, deadline=None, database=None,
        suppress_health_check=list(HealthCheck)))
    assert SyncMachine.finished - before >= EXAMPLES * 0.9
    # The examples reach what matters: restores that HR saw, and HR's copies set aside by them.
    assert SyncMachine.stats["epochs>0 at hub"] and SyncMachine.stats["set aside"], dict(SyncMachine.stats)
