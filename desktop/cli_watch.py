"""Command line for sync that happens by itself: the station's sync folder (`sync folder set/show/clear`)
and HR's watcher (`hub watch FOLDER…`). Registered from cli.py by `add_parser`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from desktop.cli import EXIT_OK, Refused, _command, _emit, _open


def cmd_sync_folder_set(args: argparse.Namespace) -> int:
    from desktop.sync import folders
    from desktop.sync.station import enrolment
    with _open(args) as workspace:
        hub = enrolment(workspace)
        if hub is None:
            raise Refused(f"{workspace.folder}: this workspace has not joined an HR hub; run `eadr-station enrol` "
                          "first, then set the sync folder")
        chosen = folders.save(workspace, args.outbox, args.inbox)
        there = folders.reachable(chosen.outbox)
    _emit(args, {"outbox": str(chosen.outbox), "inbox": str(chosen.inbox), "reachable": there},
          lambda: print(f"Sync folder set: bundles for HR go to {chosen.outbox}; HR's replies are taken from "
                        f"{chosen.inbox}." + ("" if there else f" {folders.waiting_text(chosen.outbox)}")))
    return EXIT_OK


def cmd_sync_folder_show(args: argparse.Namespace) -> int:
    from desktop.sync import folders
    with _open(args, write=False) as workspace:
        chosen = folders.get(workspace)
        state = folders.resting_text(workspace.db) if chosen and folders.reachable(chosen.outbox) else None
    if chosen is None:
        _emit(args, {"outbox": None, "inbox": None},
              lambda: print("No sync folder set: bundles go to HR only when written by hand"))
        return EXIT_OK
    _emit(args, {"outbox": str(chosen.outbox), "inbox": str(chosen.inbox), "reachable": state is not None,
                 "state": state},
          lambda: print(f"Outbox: {chosen.outbox}\nInbox: {chosen.inbox}\n"
                        f"{state or folders.waiting_text(chosen.outbox)}"))
    return EXIT_OK


def cmd_sync_folder_clear(args: argparse.Namespace) -> int:
    from desktop.sync import folders
    with _open(args) as workspace:
        folders.clear(workspace)
    _emit(args, {"outbox": None, "inbox": None}, lambda: print("Sync folder no longer used"))
    return EXIT_OK


def cmd_hub_watch(args: argparse.Namespace) -> int:
    from desktop.cli_sync import _open_hub
    from desktop.hub.watch import Filed, watch
    if args.interval <= 0:
        raise Refused(f"--interval {args.interval}: give a number of seconds above 0")

    def report(event: Filed) -> None:
        if args.json:
            print(json.dumps({"file": str(event.file), "outcome": event.outcome, "reason": event.reason}), flush=True)
        else:
            print(event.line(), file=sys.stderr if event.outcome == "rejected" else sys.stdout, flush=True)

    with _open_hub(args) as hub:
        try:
            if not args.json:
                print(f"Watching {', '.join(str(f) for f in args.folders)} every {args.interval:g} s"
                      + ("" if args.once else "; Ctrl+C stops"), flush=True)
            filed = watch(hub, args.folders, args.interval, args.once, report, time.sleep)
        except KeyboardInterrupt:   # an import under way rolled back whole; its file is taken next time
            print("Stopped watching; every file taken so far is imported and filed", file=sys.stderr)
            return EXIT_OK
    if not args.json:
        print(f"{filed} file(s) filed")
    return EXIT_OK


def add_parser(sub) -> None:
    """`sync folder …` beside the other commands, `watch` under `hub`."""
    group = sub.add_parser("sync", help="sync with HR by itself through a shared folder").add_subparsers(
        dest="sync_command", metavar="ACTION", required=True)
    folder = group.add_parser("folder", help="the station's sync folder").add_subparsers(
        dest="folder_command", metavar="ACTION", required=True)
    p = _command(folder, "set", "write bundles for HR into OUTBOX by themselves and apply HR's replies from it "
                 "(or from --inbox)", cmd_sync_folder_set)
    p.add_argument("outbox", type=Path, metavar="OUTBOX", help="often a shared folder's subfolder for this station")
    p.add_argument("--inbox", type=Path, default=None, metavar="INBOX", help="HR's replies (default: OUTBOX)")
    _command(folder, "show", "the sync folder and how it stands", cmd_sync_folder_show)
    _command(folder, "clear", "stop using the sync folder", cmd_sync_folder_clear)

    hub_parser = sub.choices["hub"]
    hub = next(a for a in hub_parser._actions if isinstance(a, argparse._SubParsersAction))
    p = _command(hub, "watch", "import each new station bundle appearing in FOLDER… and write the reply back",
                 cmd_hub_watch, workspace=False)
    p.add_argument("--hub", type=Path, required=True, metavar="DIR", help="the HR hub folder")
    p.add_argument("folders", type=Path, nargs="+", metavar="FOLDER")
    p.add_argument("--interval", type=float, default=30.0, metavar="S", help="seconds between looks (default 30)")
    p.add_argument("--once", action="store_true", help="look twice, INTERVAL apart, then stop")
