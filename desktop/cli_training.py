"""Command line: `training import FILE` (completions from an ESR/OLM learning export). See
docs/training-import.md for the file and the `--json` output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop import cli as base
from desktop.domain import clock


def _choices(args: argparse.Namespace, codes: set[str]) -> dict[str, str | None]:
    """--map "NAME=CODE" and --ignore "NAME" as the importer's choices; an unknown code is refused."""
    chosen: dict[str, str | None] = {}
    for text in args.map or []:
        name, sep, code = text.rpartition("=")
        code = code.strip().upper()
        if not sep or not name.strip():
            raise base.Refused(f"--map {text!r}: write it as \"COURSE NAME=CODE\", for example "
                               "\"NHS|CSTF|Conflict Resolution - 3 Years|=CONFLICT\"")
        if code not in codes:
            raise base.Refused(f"--map {text!r}: no course with the code {code} in the catalogue (codes: "
                               f"{', '.join(sorted(codes))}); run `eadr-station training status` to see them")
        chosen[name.strip()] = code
    for name in args.ignore or []:
        chosen[name.strip()] = None
    return chosen


def cmd_training_import(args: argparse.Namespace) -> int:
    from desktop.sync.training_import import Outcome, apply_plan, plan_import
    if not args.file.is_file():
        raise base.Refused(f"{args.file}: no such file")
    with base._open(args, write=not args.dry_run) as workspace:
        training = workspace.training()
        choices = _choices(args, {c.code for c in training.courses()})
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
    base._emit(args, plan.to_json() | {"dry_run": args.dry_run}, prose)
    return base.EXIT_REFUSED if plan.refused else base.EXIT_OK


def _training_actions(subparsers) -> argparse._SubParsersAction:
    """The `training` command's own subcommands (made by cli_cpd), or a new `training` command."""
    parser = subparsers.choices.get("training")
    if parser is None:
        return subparsers.add_parser("training", help="mandatory and statutory training").add_subparsers(
            dest="training_command", metavar="ACTION", required=True)
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def add_parser(subparsers) -> None:
    """Add `training import` to the main parser's subcommands."""
    p = base._command(_training_actions(subparsers), "import",
                      "add training completions from an ESR/OLM competency or learning export (CSV)",
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
