"""The station's records from the command line: `demo`, `roster import`, `staff list`, `subject-access`,
`audit` (see docs/cli.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.options import (
    EXIT_OK, EXIT_REFUSED, Refused, add_staff, command, emit, find_staff, group, open_workspace,
)


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.demo.build import build_demo
    try:
        workspace = build_demo(args.workspace, staff=args.staff, years=args.years, seed=args.seed)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    with workspace:
        count = workspace.staff().count()
    emit(args, {"workspace": str(args.workspace), "staff": count, "passphrase": "demo"},
         lambda: print(f"Demo workspace with {count} staff created at {args.workspace} "
                       "(passphrase: demo)"))
    return EXIT_OK


def cmd_roster_import(args: argparse.Namespace) -> int:
    from desktop.sync.roster import apply_plan, plan_import
    with open_workspace(args) as workspace:
        repo = workspace.staff()
        plan = plan_import(args.file, repo)
        if not args.dry_run:
            apply_plan(plan, repo)

    def prose() -> None:
        note = " (dry run: nothing was written)" if args.dry_run else ""
        print(f"{args.file.name}: {plan.summary()}{note}")
        for row in plan.refused:
            print(f"{args.file.name}: row {row.row}: refused: {row.reason}", file=sys.stderr)
    emit(args, plan.to_json() | {"dry_run": args.dry_run}, prose)
    return EXIT_REFUSED if plan.refused else EXIT_OK


def cmd_staff_list(args: argparse.Namespace) -> int:
    from desktop.domain.dates import iso
    with open_workspace(args, write=False) as workspace:
        people = workspace.staff().all()
    rows = [{
        "assignment_number": p.assignment_number, "first_name": p.first_name, "last_name": p.last_name,
        "preferred_name": p.preferred_name, "job_title": p.job_title, "role": p.role.value,
        "band": p.band, "hcpc_number": p.hcpc_number, "email": p.email,
        "start_date": iso(p.start_date), "status": p.status.value, "leaving_date": iso(p.leaving_date),
    } for p in people]

    def prose() -> None:
        for p in people:
            print("\t".join([p.assignment_number, f"{p.last_name}, {p.first_name}", p.job_title,
                             p.band or "", p.status.value]))
    emit(args, rows, prose)
    return EXIT_OK


def cmd_subject_access(args: argparse.Namespace) -> int:
    from desktop.documents.subject_access import export
    with open_workspace(args) as workspace:
        json_path, pdf_path = export(workspace, find_staff(workspace, args.staff), args.out)
    emit(args, {"json": str(json_path), "pdf": str(pdf_path)}, lambda: print(f"{json_path}\n{pdf_path}"))
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    with open_workspace(args, write=False) as workspace:
        log = workspace.audit_entries(limit=args.limit)
    emit(args, [e.__dict__ for e in log],
         lambda: [print(f"{e.at}\t{e.actor}\t{e.action}\t{e.entity}\t{e.summary}") for e in log])
    return EXIT_OK


def add_parser(subparsers) -> None:
    """`demo`, `roster`, `staff`, `subject-access` and `audit`."""
    p = command(subparsers, "demo", "create a demo workspace of made-up staff", cmd_demo, workspace_required=True)
    p.add_argument("--staff", type=int, default=40, help="how many staff (1 to 7,000; default 40)")
    p.add_argument("--years", type=int, default=5, help="years of history (default 5)")
    p.add_argument("--seed", type=int, default=2026, help="the same seed gives the same people")

    roster = group(subparsers, "roster", "staff roster files")
    p = command(roster, "import", "import or update staff from an ESR-style CSV", cmd_roster_import)
    p.add_argument("file", type=Path, metavar="FILE.csv")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")

    staff = group(subparsers, "staff", "staff records")
    command(staff, "list", "list the workspace's staff", cmd_staff_list)

    p = command(subparsers, "subject-access", "everything held about one person, as PDF and JSON",
                cmd_subject_access, out="FOLDER")
    add_staff(p)

    p = command(subparsers, "audit", "show the audit log, newest first", cmd_audit)
    p.add_argument("--limit", type=int, default=None, help="at most this many entries")
