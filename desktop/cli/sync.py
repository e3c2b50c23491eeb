"""Sync from the station's side: `enrol`, `bundle {export,import,status}` and `sync folder {set,show,clear}`
(see docs/cli.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.options import (
    EXIT_OK, EXIT_REFUSED, Refused, command, emit, group, open_workspace, read_passphrase,
)


def cmd_enrol(args: argparse.Namespace) -> int:
    from desktop.security.keyfile import open_key_file
    from desktop.store.folder import KEY_FILE
    from desktop.sync.station import enrol
    with open_workspace(args) as workspace:
        key = open_key_file(workspace.folder / KEY_FILE, read_passphrase(), workspace.info.workspace_id)
        found = enrol(workspace, args.enrolment, key)
        if args.sync_folder:
            from desktop.sync import folders
            chosen = folders.save(workspace, folders.suggested(args.sync_folder, found["station"]))
            if Path(args.sync_folder).is_dir():
                chosen.outbox.mkdir(exist_ok=True)
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
    from desktop.sync.station import enrolment
    with open_workspace(args, write=False) as workspace:
        hub = enrolment(workspace)
        waiting = workspace.bundles_waiting()
        outbox = workspace.bundle_outbox()
        ack = workspace.acknowledged_seq()
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


def cmd_sync_folder_set(args: argparse.Namespace) -> int:
    from desktop.sync import folders
    from desktop.sync.station import enrolment
    with open_workspace(args) as workspace:
        hub = enrolment(workspace)
        if hub is None:
            raise Refused("this workspace has not joined an HR hub", where=str(workspace.folder),
                          hint="run `eadr-station enrol` first, then set the sync folder")
        chosen = folders.save(workspace, args.outbox, args.inbox)
        there = folders.reachable(chosen.outbox)
    emit(args, {"outbox": str(chosen.outbox), "inbox": str(chosen.inbox), "reachable": there},
          lambda: print(f"Sync folder set: bundles for HR go to {chosen.outbox}; HR's replies are taken from "
                        f"{chosen.inbox}." + ("" if there else f" {folders.waiting_text(chosen.outbox)}")))
    return EXIT_OK


def cmd_sync_folder_show(args: argparse.Namespace) -> int:
    from desktop.sync import folders
    with open_workspace(args, write=False) as workspace:
        chosen = folders.get(workspace)
        state = folders.resting_text(workspace.db) if chosen and folders.reachable(chosen.outbox) else None
    if chosen is None:
        emit(args, {"outbox": None, "inbox": None},
              lambda: print("No sync folder set: bundles go to HR only when written by hand"))
        return EXIT_OK
    emit(args, {"outbox": str(chosen.outbox), "inbox": str(chosen.inbox), "reachable": state is not None,
                 "state": state},
          lambda: print(f"Outbox: {chosen.outbox}\nInbox: {chosen.inbox}\n"
                        f"{state or folders.waiting_text(chosen.outbox)}"))
    return EXIT_OK


def cmd_sync_folder_clear(args: argparse.Namespace) -> int:
    from desktop.sync import folders
    with open_workspace(args) as workspace:
        folders.clear(workspace)
    emit(args, {"outbox": None, "inbox": None}, lambda: print("Sync folder no longer used"))
    return EXIT_OK


def add_parser(subparsers) -> None:
    """`enrol`, `bundle` and `sync`."""
    p = command(subparsers, "enrol", "join this workspace to a trust's HR hub", cmd_enrol)
    p.add_argument("--enrolment", type=Path, required=True, metavar="FILE", help="the enrolment file from HR")
    p.add_argument("--sync-folder", type=Path, default=None, metavar="DIR",
                   help="a shared folder HR watches: bundles go by themselves to its subfolder for this station")

    bundle = group(subparsers, "bundle", "sync bundles to and from HR")
    command(bundle, "export", "write the next station bundle; prints its path", cmd_bundle_export, out="FOLDER")
    p = command(bundle, "import", "apply an HR reference bundle", cmd_bundle_import)
    p.add_argument("file", type=Path, metavar="FILE")
    command(bundle, "status", "what is waiting to send and not yet acknowledged", cmd_bundle_status)

    sync = group(subparsers, "sync", "sync with HR by itself through a shared folder")
    folder = group(sync, "folder", "the station's sync folder")
    p = command(folder, "set", "write bundles for HR into OUTBOX by themselves and apply HR's replies from it "
                "(or from --inbox)", cmd_sync_folder_set)
    p.add_argument("outbox", type=Path, metavar="OUTBOX", help="often a shared folder's subfolder for this station")
    p.add_argument("--inbox", type=Path, default=None, metavar="INBOX", help="HR's replies (default: OUTBOX)")
    command(folder, "show", "the sync folder and how it stands", cmd_sync_folder_show)
    command(folder, "clear", "stop using the sync folder", cmd_sync_folder_clear)
