"""Sync from the station's side: `enrol` and `bundle {export,import,status}` (see docs/cli.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.options import EXIT_OK, EXIT_REFUSED, command, emit, group, open_workspace, read_passphrase


def cmd_enrol(args: argparse.Namespace) -> int:
    from desktop.security.keyfile import open_key_file
    from desktop.store.info import KEY_FILE
    from desktop.sync.station import enrol
    with open_workspace(args) as workspace:
        key = open_key_file(workspace.folder / KEY_FILE, read_passphrase(), workspace.info.workspace_id)
        found = enrol(workspace, args.enrolment, key)
    emit(args, {"workspace": str(workspace.folder), "trust": found["trust"], "station": found["station"],
                "hub_id": found["hub_id"], "recovery_slot": True},
         lambda: print(f"{workspace.folder}: joined {found['trust']}'s HR hub as station {found['station']}; "
                       "HR can now recover this workspace if its passphrase is lost"))
    return EXIT_OK


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from desktop.sync.station import export_bundle
    with open_workspace(args) as workspace:
        path = export_bundle(workspace, args.out)
    emit(args, {"file": str(path)}, lambda: print(path))
    return EXIT_OK


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from desktop.sync.station import import_reference
    with open_workspace(args) as workspace:
        outcome = import_reference(workspace, args.file)
    emit(args, {"files": [{"file": str(args.file), "outcome": outcome.outcome, "reason": outcome.reason,
                           "detail": outcome.detail or None}]},
         lambda: print(outcome.line(), file=sys.stderr if outcome.outcome == "rejected" else sys.stdout))
    return EXIT_REFUSED if outcome.outcome == "rejected" else EXIT_OK


def cmd_bundle_status(args: argparse.Namespace) -> int:
    from desktop.store import sync_state
    from desktop.sync.station import enrolment
    with open_workspace(args, write=False) as workspace:
        hub = enrolment(workspace)
        waiting = sync_state.waiting(workspace.db)
        outbox = sync_state.outbox(workspace.db)
        ack = sync_state.acknowledged_seq(workspace.db)
    payload = {"enrolled": hub is not None, "station": hub["station"] if hub else None,
               "trust": hub["trust"] if hub else None, "waiting": waiting, "acknowledged_change_seq": ack,
               "outbox": [{"file": b.file, "sequence": b.sequence, "records": b.records, "at": b.at} for b in outbox]}

    def prose() -> None:
        print(f"Joined {hub['trust']}'s hub as {hub['station']}" if hub else "Not joined to an HR hub")
        print("Waiting to send: " + (", ".join(f"{n} {k.replace('_', ' ')}" for k, n in waiting.items() if n)
                                     or "nothing"))
        for b in outbox:
            print(f"Not yet acknowledged: bundle {b.sequence} ({b.records} records) {b.file}")
    emit(args, payload, prose)
    return EXIT_OK


def add_parser(subparsers) -> None:
    """`enrol` and `bundle`."""
    p = command(subparsers, "enrol", "join this workspace to a trust's HR hub", cmd_enrol)
    p.add_argument("--enrolment", type=Path, required=True, metavar="FILE", help="the enrolment file from HR")

    bundle = group(subparsers, "bundle", "sync bundles to and from HR")
    command(bundle, "export", "write the next station bundle; prints its path", cmd_bundle_export, out="FOLDER")
    p = command(bundle, "import", "apply an HR reference bundle", cmd_bundle_import)
    p.add_argument("file", type=Path, metavar="FILE")
    command(bundle, "status", "what is waiting to send and not yet acknowledged", cmd_bundle_status)
