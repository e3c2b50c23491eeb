"""Randomised sync scenarios (issue 13.10): a Hypothesis state machine of station edits, backups and
restores, bundles exported, lost, imported twice or out of order at the hub, and HR's reference bundles
applied in any order. Whatever happened, after a final round (export, import, reference applied,
export, import) HR holds every shareable record exactly as the station does, and no private note.

Each generated example is one scenario in the fault ledger ("sync state machine example N"), its
'lost' being the number of shareable records on which station and hub disagree."""

from __future__ import annotations

import itertools
from collections import Counter
import os
import shutil
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test

sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))
from syncing import AS_OF, HUB_PASSPHRASE, disagreements, enrolled_workspace, hub_mentions, make_hub  # noqa: E402

from desktop.domain.cpd import CpdEntry  # noqa: E402
from desktop.domain.staff import Staff  # noqa: E402
from desktop.hub.service import Hub, HubError  # noqa: E402
from desktop.security.keyfile import read_key_file, unwrap_key  # noqa: E402
from desktop.store.info import DEMO_PASSPHRASE, KEY_FILE  # noqa: E402
from desktop.store.workspace import Workspace  # noqa: E402
from desktop.sync import station  # noqa: E402

EXAMPLES = int(os.environ.get("EADR_SYNC_EXAMPLES", "150"))
STEPS = 20
PRIVATE = "PRIVATE-NOTE-"


class SyncMachine(RuleBasedStateMachine):
    """One station workspace and its hub, copied fresh from a template for each example."""

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
        self.ws_folder = self.folder / "station"
        self.key = unwrap_key(read_key_file(self.ws_folder / KEY_FILE), DEMO_PASSPHRASE)
        self.ws = Workspace.open(self.ws_folder, self.key)
        self.in_transit: list[Path] = []      # bundles written, not yet lost or finished with
        self.references: list[Path] = []
        self.backups: list[Path] = []
        self.made = 0
        self.restores = 0

    def _staff(self, index: int) -> Staff:
        people = sorted(self.ws.staff().all(), key=lambda s: s.id)
        return people[index % len(people)]

    # --- the manager's work -----------------------------------------------------------------------
    @rule()
    def add_staff(self) -> None:
        self.made += 1
        self.ws.staff().add(Staff(f"9{self.number:04d}{self.made:03d}", "New", f"Starter {self.made}",
                                  job_title="Paramedic"))

    @rule(index=st.integers(0, 50), title=st.sampled_from(["Paramedic", "Emergency Care Assistant",
                                                             "Specialist Paramedic", "Team Leader"]))
    def edit_staff(self, index: int, title: str) -> None:
        person = self._staff(index)
        self.ws.staff().update(replace(person, job_title=f"{title} {self.made}"))
        self.made += 1

    @rule(index=st.integers(0, 50))
    def conversation(self, index: int) -> None:
        self.made += 1
        talk = self.ws.conversations().start(self._staff(index).id)
        self.ws.conversations().save(talk.with_changes(summary=f"Talked about rotas {self.made}",
                                                       private_notes=f"{PRIVATE}{self.made}"))

    @rule(index=st.integers(0, 50), hours=st.sampled_from([1.0, 2.5, 7.5]))
    def cpd(self, index: int, hours: float) -> None:
        self.made += 1
        entry = self.ws.cpd().save(CpdEntry(staff_id=self._staff(index).id, title=f"Study {self.made}",
                                            start_date=date(2026, 11, 1), hours=hours), AS_OF)
        if self.made % 3 == 0:
            self.ws.cpd().add_evidence(entry.id, f"certificate-{self.made}.txt", f"evidence {self.made}".encode())

    @rule(index=st.integers(0, 50))
    def delete_cpd(self, index: int) -> None:
        ids = [r[0] for r in self.ws.db.execute("SELECT id FROM cpd_entries ORDER BY id")]
        if ids:
            self.ws.cpd().delete(ids[index % len(ids)])

    # --- backups and restores ---------------------------------------------------------------------
    @rule()
    def backup(self) -> None:
        self.backups.append(self.ws.take_backup("manual"))

    @precondition(lambda self: bool(self.backups))
    @rule(index=st.integers(0, 20))
    def restore(self, index: int) -> None:
        self.ws.close_and_restore(self.backups[index % len(self.backups)])
        self.ws = Workspace.open(self.ws_folder, self.key)
        self.restores += 1

    # --- bundles in transit ------------------------------------------------------------------------
    @rule()
    def export(self) -> None:
        self.in_transit.append(station.export_bundle(self.ws, self.folder / "out"))

    @rule()
    def export_and_import(self) -> None:
        """The usual day: the stick goes straight to HR."""
        result = self.hub.import_file(station.export_bundle(self.ws, self.folder / "out"))
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
    @rule(index=st.integers(0, 20))
    def apply_reference(self, index: int) -> None:
        outcome = station.import_reference(self.ws, self.references[index % len(self.references)])
        assert outcome.outcome in ("applied", "duplicate", "rejected"), outcome.line()

    @invariant()
    def no_private_note_at_the_hub(self) -> None:
        if hasattr(self, "hub"):
            assert not hub_mentions(self.hub, PRIVATE)

    # --- the final round -----------------------------------------------------------------------------
    def teardown(self) -> None:
        if not hasattr(self, "hub"):
            return
        try:
            for _ in range(2):
                result = self.hub.import_file(station.export_bundle(self.ws, self.folder / "out"))
                assert result.outcome == "applied", result.line()
                outcome = station.import_reference(self.ws, self.hub.reference_bundle("STA", self.folder / "ref"))
                assert outcome.outcome == "applied", outcome.line()
            result = self.hub.import_file(station.export_bundle(self.ws, self.folder / "out"))
            assert result.outcome == "applied", result.line()
            SyncMachine.stats["restores"] += self.restores
            SyncMachine.stats["bundles"] += len(list((self.folder / "out").glob("*")))
            SyncMachine.stats["epochs>0 at hub"] += self.hub.store.workspace(self.ws.info.workspace_id).epoch > 0
            SyncMachine.stats["set aside"] += len(self.hub.store.quarantined())
            differ = disagreements(self.ws, self.hub)
            leaked = hub_mentions(self.hub, PRIVATE)
            SyncMachine.faults.tried(f"sync state machine example {self.number}", len(differ) + len(leaked))
            SyncMachine.finished += 1
            assert differ == [] and leaked == [], (differ[:5], leaked)
            assert not self.hub.store.conflicts()
        finally:
            self.ws.close()
            self.hub.close()
            shutil.rmtree(self.folder, ignore_errors=True)


def test_hub_and_station_agree_after_any_sequence_of_syncs(tmp_path, faults):
    template = tmp_path / "template"
    hub = make_hub(template / "hub")
    workspace = enrolled_workspace(template, hub, "STA", staff=3, seed=11)
    folder = workspace.folder
    workspace.close()
    hub.close()
    folder.rename(template / "station")
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
