"""Command line for sync and the HR hub (see ../shared/CLI.md): enrol, bundle, hub.

Registered from cli.py; shares its helpers, exit codes and error handling.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from desktop.domain import clock
from desktop.cli import EXIT_OK, EXIT_REFUSED, Refused, _command, _emit, _open, read_passphrase


def user_errors() -> tuple[type[BaseException], ...]:
    from desktop.hub.service import HubError
    from desktop.security.recovery import RecoveryError
    from desktop.sync.format import BundleRejected
    from desktop.sync.station import SyncError
    return (HubError, RecoveryError, BundleRejected, SyncError)


def _financial_year(text: str) -> int:
    """--year 2026 means FY 2026/27 (1 April 2026 to 31 March 2027); '2026/27' is accepted too."""
    head = text.strip().split("/")[0]
    if not (head.isdigit() and len(head) == 4 and 2000 <= int(head) <= 2100):
        raise argparse.ArgumentTypeError(f"'{text}' is not a financial year: give its first year, e.g. 2026 "
                                         "for 1 April 2026 to 31 March 2027")
    return int(head)


def _hub_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--hub", type=Path, required=True, metavar="DIR", help="the HR hub folder")


def _open_hub(args: argparse.Namespace, write: bool = True):
    """The hub; a command that writes holds its lock (see Hub.open), one that only reads goes ahead."""
    from desktop.hub.service import Hub, read_hub_info
    from desktop.security.keyfile import WrongPassphrase
    read_hub_info(args.hub)
    try:
        return Hub.open(args.hub, read_passphrase(f"Passphrase for the hub {args.hub}: "), exclusive=write)
    except WrongPassphrase:
        raise Refused(f"{args.hub}: wrong passphrase for this hub; check EADR_PASSPHRASE") from None


# --- station ------------------------------------------------------------------------------

def cmd_enrol(args: argparse.Namespace) -> int:
    from desktop.security.keyfile import open_key_file
    from desktop.store.info import KEY_FILE
    from desktop.sync.station import enrol
    with _open(args) as workspace:
        key = open_key_file(workspace.folder / KEY_FILE, read_passphrase(), workspace.info.workspace_id)
        found = enrol(workspace, args.enrolment, key)
        if getattr(args, "sync_folder", None):
            from desktop.sync import folders
            chosen = folders.save(workspace, folders.suggested(args.sync_folder, found["station"]))
            if Path(args.sync_folder).is_dir():
                chosen.outbox.mkdir(exist_ok=True)
    _emit(args, {"workspace": str(workspace.folder), "trust": found["trust"], "station": found["station"],
                 "hub_id": found["hub_id"], "recovery_slot": True},
          lambda: print(f"{workspace.folder}: joined {found['trust']}'s HR hub as station {found['station']}; "
                        "HR can now recover this workspace if its passphrase is lost"))
    return EXIT_OK


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from desktop.sync.station import export_bundle
    with _open(args) as workspace:
        path = export_bundle(workspace, args.out)
    _emit(args, {"file": str(path)}, lambda: print(path))
    return EXIT_OK


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from desktop.sync.station import import_reference
    with _open(args) as workspace:
        outcome = import_reference(workspace, args.file)
    _emit(args, {"files": [{"file": str(args.file), "outcome": outcome.outcome, "reason": outcome.reason,
                            "detail": outcome.detail or None}]},
          lambda: print(outcome.line(), file=sys.stderr if outcome.outcome == "rejected" else sys.stdout))
    return EXIT_REFUSED if outcome.outcome == "rejected" else EXIT_OK


def cmd_bundle_status(args: argparse.Namespace) -> int:
    from desktop.store import sync_state
    from desktop.sync.station import enrolment
    with _open(args, write=False) as workspace:
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
    _emit(args, payload, prose)
    return EXIT_OK


# --- hub ----------------------------------------------------------------------------------

def cmd_hub_init(args: argparse.Namespace) -> int:
    from desktop.hub.service import RECOVERY_FILE, Hub
    passphrase = read_passphrase("New passphrase for the hub: ")
    if len(passphrase) < 8:
        raise Refused(f"{args.hub}: the hub passphrase must be at least 8 characters")
    with Hub.create(args.hub, passphrase, trust=args.trust) as hub:
        info = hub.info
    recovery = Path(args.hub).absolute() / RECOVERY_FILE
    _emit(args, {"hub": str(args.hub), "hub_id": info.hub_id, "trust": info.trust, "recovery_key": str(recovery)},
          lambda: print(f"Hub created for {info.trust} at {args.hub}.\nThe recovery key is {recovery}: "
                        "move it to safe offline storage; `hub recover --recovery-key` reads it from there."))
    return EXIT_OK


def cmd_hub_enrolment(args: argparse.Namespace) -> int:
    with _open_hub(args) as hub:
        path = hub.enrolment_file(args.station, args.out, args.station_name or "")
    _emit(args, {"file": str(path), "station": args.station.upper()}, lambda: print(path))
    return EXIT_OK


def cmd_hub_import(args: argparse.Namespace) -> int:
    from desktop.sync.format import MAX_BUNDLE_BYTES
    limit = int(args.max_mb * 1024 * 1024) if args.max_mb else MAX_BUNDLE_BYTES
    with _open_hub(args) as hub:
        results = hub.import_files(args.files, limit)

    def prose() -> None:
        for r in results:
            print(r.line(), file=sys.stderr if r.outcome == "rejected" else sys.stdout)
    _emit(args, {"files": [r.to_json() for r in results]}, prose)
    return EXIT_REFUSED if any(r.outcome == "rejected" for r in results) else EXIT_OK


def cmd_hub_reference(args: argparse.Namespace) -> int:
    with _open_hub(args) as hub:
        path = hub.reference_bundle(args.station, args.out)
    _emit(args, {"file": str(path)}, lambda: print(path))
    return EXIT_OK


def cmd_hub_report(args: argparse.Namespace) -> int:
    from desktop.hub import reports
    as_of = date.fromisoformat(args.as_of) if args.as_of else clock.today()
    with _open_hub(args, write=False) as hub:
        table = reports.build(hub, args.report, as_of, seed=args.seed, per_station=args.per_station, year=args.year,
                              include_leavers=args.include_leavers)
        path = reports.write_report(table, args.out)
    _emit(args, {"file": str(path), "rows": len(table.rows), "report": args.report},
          lambda: print(f"{path} ({len(table.rows)} rows)"))
    return EXIT_OK


def cmd_hub_conflicts(args: argparse.Namespace) -> int:
    with _open_hub(args, write=False) as hub:
        found = hub.store.conflicts(include_resolved=args.all)
    _emit(args, {"conflicts": found}, lambda: print("\n".join(
        f"{c['id']}\t{c['part']}\t{c['record_key']}\theld at {c['held_station']}\talso from {c['other_station']}"
        + (f"\tresolved: {c['resolution']}" if c["resolved_at"] else "") for c in found) or "no open conflicts"))
    return EXIT_OK


def cmd_hub_resolve(args: argparse.Namespace) -> int:
    from desktop.hub.service import HR
    with _open_hub(args) as hub:
        conflict = hub.store.conflict(args.conflict)
        if conflict is None or conflict["resolved_at"]:
            raise Refused(f"{args.hub}: no open conflict {args.conflict}")
        hub.store.resolve_conflict(conflict, args.keep, HR)
    _emit(args, {"conflict": args.conflict, "kept": args.keep},
          lambda: print(f"Conflict {args.conflict} resolved: kept the {args.keep} version"))
    return EXIT_OK


def cmd_hub_configure(args: argparse.Namespace) -> int:
    with _open_hub(args) as hub:
        changed = hub.configure(args.trust_profile, args.training_catalogue)
    _emit(args, {"changed": changed}, lambda: print("; ".join(changed) or "nothing to change"))
    return EXIT_OK


def cmd_hub_recover(args: argparse.Namespace) -> int:
    from desktop.store.instance_lock import InstanceLock, WorkspaceInUse, default_wait
    from desktop.store.info import read_info
    new = os.environ.get("EADR_NEW_PASSPHRASE")
    if not new:
        raise Refused(f"{args.workspace}: set EADR_NEW_PASSPHRASE to the workspace's new passphrase")
    if len(new) < 8:
        raise Refused(f"{args.workspace}: the new passphrase must be at least 8 characters")
    read_info(args.workspace)
    try:
        lock = InstanceLock(args.workspace).acquire(wait=default_wait())
    except WorkspaceInUse as exc:
        raise Refused(f"{args.workspace}: {exc}") from None
    try:
        with _open_hub(args) as hub:
            workspace_id = hub.recover_workspace(args.workspace, read_passphrase(), new, args.recovery_key)
    finally:
        lock.release()
    _emit(args, {"workspace": str(args.workspace), "workspace_id": workspace_id, "recovered": True},
          lambda: print(f"{args.workspace}: reopened with HR's recovery key; the new passphrase is set "
                        "(audited in the workspace and the hub)"))
    return EXIT_OK


def _new_passphrase(prompt: str) -> str:
    """From EADR_NEW_PASSPHRASE for scripts, else typed twice without echo. Never an argument."""
    import getpass
    value = os.environ.get("EADR_NEW_PASSPHRASE")
    if value is None:
        if not sys.stdin or not sys.stdin.isatty():
            raise Refused("no new passphrase: set EADR_NEW_PASSPHRASE or run from a terminal")
        value = getpass.getpass(prompt)
        if getpass.getpass("The same again: ") != value:
            raise Refused("the two passphrases differ; nothing was written")
    if len(value) < 8:
        raise Refused("the identity file's passphrase must be at least 8 characters")
    return value


def cmd_hub_identity_export(args: argparse.Namespace) -> int:
    from desktop.hub.service import IDENTITY_WARNING
    with _open_hub(args) as hub:
        path = hub.export_identity(args.out, _new_passphrase("New passphrase for the identity file: "))
        recipient = hub.keys.recipient
    print(IDENTITY_WARNING, file=sys.stderr)
    _emit(args, {"file": str(path), "recipient": recipient, "warning": IDENTITY_WARNING},
          lambda: print(path))
    return EXIT_OK


def cmd_hub_keys(args: argparse.Namespace) -> int:
    with _open_hub(args) as hub:
        keys = hub.signing_keys()
    _emit(args, {"workspaces": keys}, lambda: print("\n".join(
        f"{k['station']}\t{k['workspace_id']}\t{k['signing_key']}\tfirst seen {k['first_seen']}\t"
        f"last seen {k['last_seen'] or 'never'}" for k in keys) or "no workspace has sent a bundle yet"))
    return EXIT_OK


def cmd_hub_dip_sample(args: argparse.Namespace) -> int:
    with _open_hub(args) as hub:
        rows = hub.dip_sample(args.station, args.period, args.percent, args.minimum)
    _emit(args, {"station": args.station.upper(), "period": args.period.upper(), "records": rows},
          lambda: print("\n".join(
              f"{r['id']}\t{r['assignment_number']}\t{r['staff_name']}\tsigned {r['signed_on']}\t"
              f"station {r['quality_score'] if r['quality_score'] is not None else '—'}%\t"
              + (f"HR {r['hr_score']}%" if r["hr_score"] is not None else "not reviewed") for r in rows)
              or f"no EADR signed at {args.station.upper()} in {args.period.upper()}"))
    return EXIT_OK


def cmd_hub_dip_show(args: argparse.Namespace) -> int:
    with _open_hub(args) as hub:
        record = hub.dip_record(args.record)

    def prose() -> None:
        print(f"{record['kind'].upper()} {record['id']}: {record['staff_name']} ({record['assignment_number']}), "
              f"{record['station']}, signed by {record['manager_signature']}")
        for i, label in enumerate(record["checklist"], 1):
            print(f"  {i}. {label}")
    _emit(args, record, prose)
    return EXIT_OK


def cmd_hub_dip_review(args: argparse.Namespace) -> int:
    met = [c == "y" for c in args.checks.lower()]
    if not met or any(c not in "yn" for c in args.checks.lower()):
        raise Refused(f"--checks {args.checks!r}: one letter per checklist item, y (met) or n (not met), "
                      "in the order `hub dip show` lists them, e.g. yynyy")
    with _open_hub(args) as hub:
        review = hub.review_record(args.record, met, args.comment or "", args.period)
    _emit(args, {k: v for k, v in review.items()},
          lambda: print(f"Record {args.record} reviewed: HR {review['score']}%, station "
                        f"{review['station_score'] if review['station_score'] is not None else '—'}%; "
                        "it goes to the station with its next reference bundle"))
    return EXIT_OK


def cmd_hub_gui(args: argparse.Namespace) -> int:
    from desktop.ui.hub.window import run_hub_gui
    return run_hub_gui(args.hub)


def add_commands(sub) -> None:
    """Register enrol, bundle and hub on the main parser's subcommands."""
    p = _command(sub, "enrol", "join this workspace to a trust's HR hub", cmd_enrol)
    p.add_argument("--enrolment", type=Path, required=True, metavar="FILE", help="the enrolment file from HR")
    p.add_argument("--sync-folder", type=Path, default=None, metavar="DIR",
                   help="a shared folder HR watches: bundles go by themselves to its subfolder for this station")

    bundle = sub.add_parser("bundle", help="sync bundles to and from HR").add_subparsers(
        dest="bundle_command", metavar="ACTION", required=True)
    _command(bundle, "export", "write the next station bundle; prints its path", cmd_bundle_export, out="FOLDER")
    p = _command(bundle, "import", "apply an HR reference bundle", cmd_bundle_import)
    p.add_argument("file", type=Path, metavar="FILE")
    _command(bundle, "status", "what is waiting to send and not yet acknowledged", cmd_bundle_status)

    hub = sub.add_parser("hub", help="central HR: the hub store, imports, reports").add_subparsers(
        dest="hub_command", metavar="ACTION", required=True)
    p = _command(hub, "init", "create a hub store and HR's key pairs", cmd_hub_init, workspace=False)
    _hub_arg(p)
    p.add_argument("--trust", default=None, help="the trust's name (default: from the trust profile)")
    p = _command(hub, "enrolment", "an enrolment file for a station", cmd_hub_enrolment, out="FILE", workspace=False)
    _hub_arg(p)
    p.add_argument("--station", required=True, metavar="CODE")
    p.add_argument("--station-name", default="", metavar="NAME")
    p = _command(hub, "import", "import station bundles", cmd_hub_import, workspace=False)
    _hub_arg(p)
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--max-mb", type=float, default=None, help="refuse bundles larger than this (default 2048 MB)")
    p = _command(hub, "report", "cross-station reports as CSV (or .xlsx if FILE ends .xlsx)", cmd_hub_report,
                 out="FILE.csv", workspace=False)
    _hub_arg(p)
    p.add_argument("report", choices=("compliance", "tna", "esr", "dip", "dip-quality", "staff-verdict", "leadership",
                                      "talent", "talent-pool", "objectives"),
                   help="dip-quality: the stations' and HR's checklist scores by quarter; staff-verdict: staff "
                        "members' views of their conversations (shares agreeing, 3 or more) by station and quarter, "
                        "beside HR's dip-sample score; leadership: 360 feedback "
                        "taken and anonymised averages; talent: readiness and leadership interest (no group under 3); "
                        "talent-pool: those who agreed to be named; objectives: by trust priority")
    p.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="report date (default today)")
    p.add_argument("--year", type=_financial_year, default=None, metavar="YYYY",
                   help="TNA: the financial year starting 1 April YYYY (default: the year --as-of falls in)")
    p.add_argument("--include-leavers", action="store_true", help="ESR: leavers too (default: current staff only)")
    p.add_argument("--seed", type=int, default=2026, help="dip sample: the same seed gives the same sample")
    p.add_argument("--per-station", type=int, default=5, help="dip sample: EADRs per station (default 5)")
    p = _command(hub, "reference", "the reference bundle for a station", cmd_hub_reference, out="FOLDER",
                 workspace=False)
    _hub_arg(p)
    p.add_argument("--station", required=True, metavar="CODE")
    p = _command(hub, "conflicts", "records changed at two stations, for HR to resolve", cmd_hub_conflicts,
                 workspace=False)
    _hub_arg(p)
    p.add_argument("--all", action="store_true", help="include resolved conflicts")
    p = _command(hub, "resolve", "resolve a conflict by keeping one version", cmd_hub_resolve, workspace=False)
    _hub_arg(p)
    p.add_argument("conflict", type=int, metavar="ID")
    p.add_argument("--keep", choices=("held", "other"), required=True,
                   help="held: the version the hub had first; other: the one that arrived later")
    p = _command(hub, "configure", "set the trust profile or training catalogue sent to stations",
                 cmd_hub_configure, workspace=False)
    _hub_arg(p)
    p.add_argument("--trust-profile", type=Path, default=None, metavar="FILE.json")
    p.add_argument("--training-catalogue", type=Path, default=None, metavar="FILE.json")
    p = _command(hub, "recover", "reopen a workspace with HR's recovery key; new passphrase from "
                 "EADR_NEW_PASSPHRASE", cmd_hub_recover, workspace_required=True)
    _hub_arg(p)
    p.add_argument("--recovery-key", type=Path, default=None, metavar="FILE",
                   help="the hub's recovery-key.json, if kept apart from the hub folder")
    identity = hub.add_parser("identity", help="HR's age identity for the standard age tool").add_subparsers(
        dest="identity_command", metavar="ACTION", required=True)
    p = _command(identity, "export", "write HR's age identity, passphrase-protected (from EADR_NEW_PASSPHRASE), "
                 "for `age -d -i FILE`", cmd_hub_identity_export, out="FILE", workspace=False)
    _hub_arg(p)
    p = _command(hub, "keys", "each station workspace's pinned Ed25519 signing key", cmd_hub_keys, workspace=False)
    _hub_arg(p)
    dip = hub.add_parser("dip", help="HR's dip-sample review of signed EADRs").add_subparsers(
        dest="dip_command", metavar="ACTION", required=True)
    p = _command(dip, "sample", "the station's sampled EADRs for a quarter (the same every time)",
                 cmd_hub_dip_sample, workspace=False)
    _hub_arg(p)
    p.add_argument("--station", required=True, metavar="CODE")
    p.add_argument("--period", required=True, metavar="YYYY-Qn", help="a calendar quarter: 2026-Q3 is July to "
                   "September 2026")
    p.add_argument("--percent", type=int, default=10, help="sample size as a percentage (default 10)")
    p.add_argument("--minimum", type=int, default=2, help="at least this many records (default 2)")
    p = _command(dip, "show", "a sampled record's shareable parts and its checklist", cmd_hub_dip_show,
                 workspace=False)
    _hub_arg(p)
    p.add_argument("--record", required=True, metavar="ID")
    p = _command(dip, "review", "score a record against the quality checklist, with a comment for the manager",
                 cmd_hub_dip_review, workspace=False)
    _hub_arg(p)
    p.add_argument("--record", required=True, metavar="ID")
    p.add_argument("--checks", required=True, metavar="YN…", help="y or n for each checklist item, in order")
    p.add_argument("--comment", default="", help="HR's comment for the manager")
    p.add_argument("--period", default=None, metavar="YYYY-Qn", help="the sample's quarter (default: when signed)")
    p = _command(hub, "gui", "open the hub window (reports with charts)", cmd_hub_gui, json=False, workspace=False)
    _hub_arg(p)
