"""Central HR from the command line: `hub ...` (the hub store, imports, reports, recovery; see docs/cli.md)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

from desktop.cli.options import (
    EXIT_OK, EXIT_REFUSED, NEW_PASSPHRASE_ENV, Refused, add_hub, command, emit, group, lock_folder, read_new_passphrase, read_passphrase,
)
from desktop.domain import clock


def financial_year(text: str) -> int:
    """--year 2026 means FY 2026/27 (1 April 2026 to 31 March 2027); '2026/27' is accepted too."""
    head = text.strip().split("/")[0]
    if not (head.isdigit() and len(head) == 4 and 2000 <= int(head) <= 2100):
        raise argparse.ArgumentTypeError(f"'{text}' is not a financial year: give its first year, e.g. 2026 "
                                         "for 1 April 2026 to 31 March 2027")
    return int(head)


def open_hub(args: argparse.Namespace, write: bool = True):
    """The hub; a command that writes holds its lock (see Hub.open), one that only reads goes ahead."""
    from desktop.hub.service import Hub, read_hub_info
    from desktop.security.keyfile import WrongPassphrase
    read_hub_info(args.hub)
    try:
        return Hub.open(args.hub, read_passphrase(f"Passphrase for the hub {args.hub}: "), exclusive=write)
    except WrongPassphrase:
        raise Refused("wrong passphrase for this hub", where=str(args.hub), hint="check EADR_PASSPHRASE") from None


def cmd_hub_init(args: argparse.Namespace) -> int:
    from desktop.hub.service import RECOVERY_FILE, Hub
    passphrase = read_passphrase("New passphrase for the hub: ")
    if len(passphrase) < 8:
        raise Refused(f"{args.hub}: the hub passphrase must be at least 8 characters")
    with Hub.create(args.hub, passphrase, trust=args.trust) as hub:
        info = hub.info
    recovery = Path(args.hub).absolute() / RECOVERY_FILE
    emit(args, {"hub": str(args.hub), "hub_id": info.hub_id, "trust": info.trust, "recovery_key": str(recovery)},
         lambda: print(f"Hub created for {info.trust} at {args.hub}.\nThe recovery key is {recovery}: "
                       "move it to safe offline storage; `hub recover --recovery-key` reads it from there."))
    return EXIT_OK


def cmd_hub_enrolment(args: argparse.Namespace) -> int:
    with open_hub(args) as hub:
        path = hub.enrolment_file(args.station, args.out, args.station_name or "")
    emit(args, {"file": str(path), "station": args.station.upper()}, lambda: print(path))
    return EXIT_OK


def cmd_hub_import(args: argparse.Namespace) -> int:
    from desktop.sync.format import MAX_BUNDLE_BYTES
    limit = int(args.max_mb * 1024 * 1024) if args.max_mb else MAX_BUNDLE_BYTES
    with open_hub(args) as hub:
        results = hub.import_files(args.files, limit)

    def prose() -> None:
        for r in results:
            print(r.line(), file=sys.stderr if r.outcome == "rejected" else sys.stdout)
    emit(args, {"files": [r.to_json() for r in results]}, prose)
    return EXIT_REFUSED if any(r.outcome == "rejected" for r in results) else EXIT_OK


def cmd_hub_reference(args: argparse.Namespace) -> int:
    with open_hub(args) as hub:
        path = hub.reference_bundle(args.station, args.out)
    emit(args, {"file": str(path)}, lambda: print(path))
    return EXIT_OK


def cmd_hub_report(args: argparse.Namespace) -> int:
    from desktop.hub import reports
    as_of = date.fromisoformat(args.as_of) if args.as_of else clock.today()
    with open_hub(args, write=False) as hub:
        table = reports.build(hub, args.report, as_of, seed=args.seed, per_station=args.per_station, year=args.year,
                              include_leavers=args.include_leavers)
        path = reports.write_report(table, args.out)
    emit(args, {"file": str(path), "rows": len(table.rows), "report": args.report},
         lambda: print(f"{path} ({len(table.rows)} rows)"))
    return EXIT_OK


def cmd_hub_conflicts(args: argparse.Namespace) -> int:
    with open_hub(args, write=False) as hub:
        found = hub.store.conflicts(include_resolved=args.all)
    emit(args, {"conflicts": found}, lambda: print("\n".join(
        f"{c['id']}\t{c['part']}\t{c['record_key']}\theld at {c['held_station']}\talso from {c['other_station']}"
        + (f"\tresolved: {c['resolution']}" if c["resolved_at"] else "") for c in found) or "no open conflicts"))
    return EXIT_OK


def cmd_hub_resolve(args: argparse.Namespace) -> int:
    with open_hub(args) as hub:
        hub.resolve_conflict(args.conflict, args.keep)   # the evidence-file rule is the Hub's, as in the window
    emit(args, {"conflict": args.conflict, "kept": args.keep},
         lambda: print(f"Conflict {args.conflict} resolved: kept the {args.keep} version"))
    return EXIT_OK


def cmd_hub_configure(args: argparse.Namespace) -> int:
    with open_hub(args) as hub:
        changed = hub.configure(args.trust_profile, args.training_catalogue)
    emit(args, {"changed": changed}, lambda: print("; ".join(changed) or "nothing to change"))
    return EXIT_OK


def cmd_hub_recover(args: argparse.Namespace) -> int:
    from desktop.store.folder import read_info
    new = os.environ.get(NEW_PASSPHRASE_ENV)
    if not new:
        raise Refused(f"{args.workspace}: set EADR_NEW_PASSPHRASE to the workspace's new passphrase")
    if len(new) < 8:
        raise Refused(f"{args.workspace}: the new passphrase must be at least 8 characters")
    read_info(args.workspace)
    lock = lock_folder(args.workspace)
    try:
        with open_hub(args) as hub:
            workspace_id = hub.recover_workspace(args.workspace, read_passphrase(), new, args.recovery_key)
    finally:
        lock.release()
    emit(args, {"workspace": str(args.workspace), "workspace_id": workspace_id, "recovered": True},
         lambda: print(f"{args.workspace}: reopened with HR's recovery key; the new passphrase is set "
                       "(audited in the workspace and the hub)"))
    return EXIT_OK


def cmd_hub_identity_export(args: argparse.Namespace) -> int:
    from desktop.hub.service import IDENTITY_WARNING
    with open_hub(args) as hub:
        new = read_new_passphrase("New passphrase for the identity file: ", minimum=8,
                                  what="the identity file's passphrase")
        path = hub.export_identity(args.out, new)
        recipient = hub.keys.recipient
    print(IDENTITY_WARNING, file=sys.stderr)
    emit(args, {"file": str(path), "recipient": recipient, "warning": IDENTITY_WARNING},
         lambda: print(path))
    return EXIT_OK


def cmd_hub_keys(args: argparse.Namespace) -> int:
    with open_hub(args) as hub:
        keys = hub.signing_keys()
    emit(args, {"workspaces": keys}, lambda: print("\n".join(
        f"{k['station']}\t{k['workspace_id']}\t{k['signing_key']}\tfirst seen {k['first_seen']}\t"
        f"last seen {k['last_seen'] or 'never'}" for k in keys) or "no workspace has sent a bundle yet"))
    return EXIT_OK


def cmd_hub_dip_sample(args: argparse.Namespace) -> int:
    with open_hub(args) as hub:
        rows = hub.dip_sample(args.station, args.period, args.percent, args.minimum)
    emit(args, {"station": args.station.upper(), "period": args.period.upper(), "records": rows},
         lambda: print("\n".join(
             f"{r['id']}\t{r['assignment_number']}\t{r['staff_name']}\tsigned {r['signed_on']}\t"
             f"station {r['quality_score'] if r['quality_score'] is not None else '—'}%\t"
             + (f"HR {r['hr_score']}%" if r["hr_score"] is not None else "not reviewed") for r in rows)
             or f"no EADR signed at {args.station.upper()} in {args.period.upper()}"))
    return EXIT_OK


def cmd_hub_dip_show(args: argparse.Namespace) -> int:
    with open_hub(args) as hub:
        record = hub.dip_record(args.record)

    def prose() -> None:
        print(f"{record['kind'].upper()} {record['id']}: {record['staff_name']} ({record['assignment_number']}), "
              f"{record['station']}, signed by {record['manager_signature']}")
        for i, label in enumerate(record["checklist"], 1):
            print(f"  {i}. {label}")
    emit(args, record, prose)
    return EXIT_OK


def cmd_hub_dip_review(args: argparse.Namespace) -> int:
    met = [c == "y" for c in args.checks.lower()]
    if not met or any(c not in "yn" for c in args.checks.lower()):
        raise Refused(f"--checks {args.checks!r}: one letter per checklist item, y (met) or n (not met), "
                      "in the order `hub dip show` lists them, e.g. yynyy")
    with open_hub(args) as hub:
        review = hub.review_record(args.record, met, args.comment or "", args.period)
    emit(args, {k: v for k, v in review.items()},
         lambda: print(f"Record {args.record} reviewed: HR {review['score']}%, station "
                       f"{review['station_score'] if review['station_score'] is not None else '—'}%; "
                       "it goes to the station with its next reference bundle"))
    return EXIT_OK


def cmd_hub_watch(args: argparse.Namespace) -> int:
    from desktop.hub.watch import Filed, watch
    if args.interval <= 0:
        raise Refused(f"--interval {args.interval}: give a number of seconds above 0")

    def report(event: Filed) -> None:
        if args.json:
            print(json.dumps({"file": str(event.file), "outcome": event.outcome, "reason": event.reason}), flush=True)
        else:
            print(event.line(), file=sys.stderr if event.outcome == "rejected" else sys.stdout, flush=True)

    with open_hub(args) as hub:
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


def cmd_hub_gui(args: argparse.Namespace) -> int:
    from desktop.ui.hub.window import run_hub_gui
    return run_hub_gui(args.hub)


def add_parser(subparsers) -> None:
    """`hub` and its actions."""
    hub = group(subparsers, "hub", "central HR: the hub store, imports, reports")
    p = command(hub, "init", "create a hub store and HR's key pairs", cmd_hub_init, workspace=False)
    add_hub(p)
    p.add_argument("--trust", default=None, help="the trust's name (default: from the trust profile)")
    p = command(hub, "enrolment", "an enrolment file for a station", cmd_hub_enrolment, out="FILE", workspace=False)
    add_hub(p)
    p.add_argument("--station", required=True, metavar="CODE")
    p.add_argument("--station-name", default="", metavar="NAME")
    p = command(hub, "import", "import station bundles", cmd_hub_import, workspace=False)
    add_hub(p)
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--max-mb", type=float, default=None, help="refuse bundles larger than this (default 2048 MB)")
    p = command(hub, "report", "cross-station reports as CSV (or .xlsx if FILE ends .xlsx)", cmd_hub_report,
                 out="FILE.csv", workspace=False)
    add_hub(p)
    p.add_argument("report", choices=("compliance", "tna", "esr", "dip", "dip-quality", "staff-verdict", "leadership",
                                      "talent", "talent-pool", "objectives"),
                   help="dip-quality: the stations' and HR's checklist scores by quarter; staff-verdict: staff "
                        "members' views of their conversations (shares agreeing, 3 or more) by station and quarter, "
                        "beside HR's dip-sample score; leadership: 360 feedback "
                        "taken and anonymised averages; talent: readiness and leadership interest (no group under 3); "
                        "talent-pool: those who agreed to be named; objectives: by trust priority")
    p.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="report date (default today)")
    p.add_argument("--year", type=financial_year, default=None, metavar="YYYY",
                   help="TNA: the financial year starting 1 April YYYY (default: the year --as-of falls in)")
    p.add_argument("--include-leavers", action="store_true", help="ESR: leavers too (default: current staff only)")
    p.add_argument("--seed", type=int, default=2026, help="dip sample: the same seed gives the same sample")
    p.add_argument("--per-station", type=int, default=5, help="dip sample: EADRs per station (default 5)")
    p = command(hub, "reference", "the reference bundle for a station", cmd_hub_reference, out="FOLDER",
                 workspace=False)
    add_hub(p)
    p.add_argument("--station", required=True, metavar="CODE")
    p = command(hub, "conflicts", "records changed at two stations, for HR to resolve", cmd_hub_conflicts,
                 workspace=False)
    add_hub(p)
    p.add_argument("--all", action="store_true", help="include resolved conflicts")
    p = command(hub, "resolve", "resolve a conflict by keeping one version", cmd_hub_resolve, workspace=False)
    add_hub(p)
    p.add_argument("conflict", type=int, metavar="ID")
    p.add_argument("--keep", choices=("held", "other"), required=True,
                   help="held: the version the hub had first; other: the one that arrived later")
    p = command(hub, "configure", "set the trust profile or training catalogue sent to stations",
                 cmd_hub_configure, workspace=False)
    add_hub(p)
    p.add_argument("--trust-profile", type=Path, default=None, metavar="FILE.json")
    p.add_argument("--training-catalogue", type=Path, default=None, metavar="FILE.json")
    p = command(hub, "recover", "reopen a workspace with HR's recovery key; new passphrase from "
                 "EADR_NEW_PASSPHRASE", cmd_hub_recover, workspace_required=True)
    add_hub(p)
    p.add_argument("--recovery-key", type=Path, default=None, metavar="FILE",
                   help="the hub's recovery-key.json, if kept apart from the hub folder")
    identity = group(hub, "identity", "HR's age identity for the standard age tool")
    p = command(identity, "export", "write HR's age identity, passphrase-protected (from EADR_NEW_PASSPHRASE), "
                 "for `age -d -i FILE`", cmd_hub_identity_export, out="FILE", workspace=False)
    add_hub(p)
    p = command(hub, "keys", "each station workspace's pinned Ed25519 signing key", cmd_hub_keys, workspace=False)
    add_hub(p)
    dip = group(hub, "dip", "HR's dip-sample review of signed EADRs")
    p = command(dip, "sample", "the station's sampled EADRs for a quarter (the same every time)",
                 cmd_hub_dip_sample, workspace=False)
    add_hub(p)
    p.add_argument("--station", required=True, metavar="CODE")
    p.add_argument("--period", required=True, metavar="YYYY-Qn", help="a calendar quarter: 2026-Q3 is July to "
                   "September 2026")
    p.add_argument("--percent", type=int, default=10, help="sample size as a percentage (default 10)")
    p.add_argument("--minimum", type=int, default=2, help="at least this many records (default 2)")
    p = command(dip, "show", "a sampled record's shareable parts and its checklist", cmd_hub_dip_show,
                 workspace=False)
    add_hub(p)
    p.add_argument("--record", required=True, metavar="ID")
    p = command(dip, "review", "score a record against the quality checklist, with a comment for the manager",
                 cmd_hub_dip_review, workspace=False)
    add_hub(p)
    p.add_argument("--record", required=True, metavar="ID")
    p.add_argument("--checks", required=True, metavar="YN…", help="y or n for each checklist item, in order")
    p.add_argument("--comment", default="", help="HR's comment for the manager")
    p.add_argument("--period", default=None, metavar="YYYY-Qn", help="the sample's quarter (default: when signed)")
    p = command(hub, "gui", "open the hub window (reports with charts)", cmd_hub_gui, json=False, workspace=False)
    add_hub(p)
    p = command(hub, "watch", "import each new station bundle appearing in FOLDER… and write the reply back",
                cmd_hub_watch, workspace=False)
    add_hub(p)
    p.add_argument("folders", type=Path, nargs="+", metavar="FOLDER")
    p.add_argument("--interval", type=float, default=30.0, metavar="S", help="seconds between looks (default 30)")
    p.add_argument("--once", action="store_true", help="look twice, INTERVAL apart, then stop")
