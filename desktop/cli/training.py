"""Mandatory and statutory training from the command line: `training status` (see docs/cli.md)."""

from __future__ import annotations

import argparse

from desktop.cli.options import EXIT_OK, add_staff, command, emit, find_staff, group, open_workspace
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


def add_parser(subparsers) -> None:
    """`training` and its actions."""
    training = group(subparsers, "training", "mandatory and statutory training")
    add_staff(command(training, "status", "each person's status per course (active staff)", cmd_training_status),
              required=False)
