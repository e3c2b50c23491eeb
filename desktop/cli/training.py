"""Mandatory and statutory training from the command line: `training status`, and `training import FILE`
(completions from an ESR/OLM learning export; the file and the `--json` output are in
docs/training-import.md). See docs/cli.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.options import (
    EXIT_OK, EXIT_REFUSED, Refused, add_staff, command, emit, find_staff, group, open_workspace,
)
from desktop.domain import clock


def cmd_training_status(args: argparse.Namespace) -> int:
    from desktop.domain.dates import iso
    today = clock.today()
    with open_workspace(args, write=False) as workspace:
        people = [p for p in workspace.staff().all() if p.is_active]
        if args.staff:
            people = [find_staff(workspace, args.staff)]
        repo = workspace.training()
        rows = [{"assignment_number": p.assignment_number, "name": p.display_name, "course": s.course.code,
                 "title": s.course.title, "state": s.state.value, "completed_on": iso(s.completed_on),
                 "expires_on": iso(s.expires_on)}
                for p in people for s in repo.status_for(p.id or "", p.role, today)]

    def prose() -> None:
        for r in rows:
            print("\t".join([r["assignment_number"], r["name"], r["course"], r["state"], r["expires_on"] or ""]))
    emit(args, rows, prose)
    return EXIT_OK


def course_choices(args: argparse.Namespace, codes: set[str]) -> dict[str, str | None]:
    """--map "NAME=CODE" and --ignore "NAME" as the importer's choices; an unknown code is refused."""
    chosen: dict[str, str | None] = {}
    for text in args.map or []:
        name, sep, code = text.rpartition("=")
        code = code.strip().upper()
        if not sep or not name.strip():
            raise Refused(f"--map {text!r}: write it as \"COURSE NAME=CODE\", for example "
                               "\"NHS|CSTF|Conflict Resolution - 3 Years|=CONFLICT\"")
        if code not in codes:
            raise Refused(f"--map {text!r}: no course with the code {code} in the catalogue (codes: "
                               f"{', '.join(sorted(codes))}); run `eadr-station training status` to see them")
        chosen[name.strip()] = code
    for name in args.ignore or []:
        chosen[name.strip()] = None
    return chosen


def cmd_training_import(args: argparse.Namespace) -> int:
    from desktop.sync.training_import import Outcome, apply_plan, plan_import
    if not args.file.is_file():
        raise Refused("no such file", where=str(args.file))
    with open_workspace(args, write=not args.dry_run) as workspace:
        training = workspace.training()
        choices = course_choices(args, {c.code for c in training.courses()})
        plan = plan_import(args.file, training, workspace.staff(), clock.today(), choices)
        held_back = bool(plan.refused) and not args.skip_refused
        if not args.dry_run and not held_back and (plan.changes or plan.choices):
            apply_plan(plan, training)

    def prose() -> None:
        if args.dry_run:
            note = " (dry run: nothing was written)"
        elif held_back:
            note = " (nothing was written: fix the refused rows, or add --skip-refused to import the rest)"
        else:
            note = ""
        print(f"{args.file.name}: {plan.summary()}{note}")
        for row in plan.rows:
            if row.outcome in (Outcome.ADD, Outcome.UPDATE):
                print(f"{args.file.name}: row {row.row}: {row.outcome.value}: {row.assignment_number} "
                      f"{row.name}: {row.course_text}: {row.reason}")
        for name in plan.unmapped:
            print(f"{args.file.name}: course {name.name!r} ({name.rows} rows) is not matched to the catalogue: "
                  f"add --map \"{name.name}=CODE\" or --ignore \"{name.name}\"", file=sys.stderr)
        for row in plan.refused:
            print(f"{args.file.name}: row {row.row}: refused: {row.reason}", file=sys.stderr)
    emit(args, plan.to_json() | {"dry_run": args.dry_run}, prose)
    return EXIT_REFUSED if plan.refused else EXIT_OK


def add_parser(subparsers) -> None:
    """`training` and its actions."""
    training = group(subparsers, "training", "mandatory and statutory training")
    add_staff(command(training, "status", "each person's status per course (active staff)", cmd_training_status),
              required=False)
    p = command(training, "import", "add training completions from an ESR/OLM competency or learning export (CSV)",
                cmd_training_import)
    p.add_argument("file", type=Path, metavar="FILE.csv")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument("--map", action="append", metavar="NAME=CODE",
                   help="match a course name in the file to a catalogue course code (remembered for next time); "
                        "repeat for more names")
    p.add_argument("--ignore", action="append", metavar="NAME",
                   help="leave out a course name the catalogue does not track (remembered for next time)")
    p.add_argument("--skip-refused", action="store_true",
                   help="import the good rows even if some are refused (by default a refused row stops the "
                        "import and nothing is written)")
