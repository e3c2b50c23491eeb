"""The security commands: changing the passphrase, and retention of leavers' records (see docs/cli.md).

Passphrases come from the environment or a prompt without echo, never an argument (options.py).
"""

from __future__ import annotations

import argparse

from desktop.cli.options import (
    EXIT_OK, NEW_PASSPHRASE_ENV, Refused, add_staff, command, emit, group, open_workspace, read_new_passphrase,
    read_passphrase, workspace_folder,
)


def cmd_passphrase_change(args: argparse.Namespace) -> int:
    from desktop.security.passphrase import PassphraseRefused, change_passphrase, check_new
    folder = workspace_folder(args)
    current = read_passphrase(f"Current passphrase for {folder}: ")
    new = read_new_passphrase()
    try:
        check_new(current, new)   # before unlocking: a weak choice is refused without touching anything
    except PassphraseRefused as exc:
        raise Refused(f"the new passphrase was refused: {exc} Nothing was changed.", where=str(folder)) from None
    with open_workspace(args, current) as workspace:
        change_passphrase(workspace, current, new)
    emit(args, {"workspace": str(folder), "changed": True},
         lambda: print(f"{folder}: passphrase changed; use the new one from now on"))
    return EXIT_OK


def cmd_retention_list(args: argparse.Namespace) -> int:
    from desktop.domain import clock
    from desktop.domain.dates import iso, uk
    with open_workspace(args, write=False) as workspace:
        years = workspace.retention_years()
        due = workspace.past_retention(clock.today(), years)
    rows = [{"assignment_number": d.staff.assignment_number, "first_name": d.staff.first_name,
             "last_name": d.staff.last_name, "leaving_date": iso(d.staff.leaving_date),
             "past_retention_since": iso(d.since)} for d in due]

    def prose() -> None:
        print(f"Leavers' records are kept {years} years after leaving; {len(due)} past that:")
        for d in due:
            print("\t".join([d.staff.assignment_number, f"{d.staff.last_name}, {d.staff.first_name}",
                             f"left {uk(d.staff.leaving_date)}", d.describe()]))
    emit(args, {"retention_years": years, "past_retention": rows}, prose)
    return EXIT_OK


def cmd_retention_delete(args: argparse.Namespace) -> int:
    from desktop.domain import clock
    from desktop.domain.retention import NotPastRetention
    from desktop.store.workspace import RetentionError
    with open_workspace(args) as workspace:
        person = workspace.staff().by_assignment(args.staff)
        if person is None:
            raise Refused(f"no staff member with assignment number {args.staff}", where=str(workspace.folder))
        try:
            deleted = workspace.delete_leaver(person, clock.today())
        except (NotPastRetention, RetentionError) as exc:
            raise Refused(f"not deleted: {exc}", where=str(workspace.folder)) from None
        from desktop.security.feedback360 import Feedback360
        Feedback360(workspace.folder, workspace.leadership()).tidy()   # their 360 files beside the database
    emit(args, {"deleted": deleted.assignment_number, "records": deleted.total, "by_table": deleted.counts},
         lambda: print(f"Deleted everything held about assignment number {deleted.assignment_number} "
                       f"({deleted.total} records)"))
    return EXIT_OK


def add_parser(subparsers) -> None:
    """`passphrase` and `retention`."""
    passphrase = group(subparsers, "passphrase", "the workspace passphrase")
    command(passphrase, "change", f"change it: the current one from EADR_PASSPHRASE, the new one from "
            f"{NEW_PASSPHRASE_ENV} (or prompts)", cmd_passphrase_change)

    retention = group(subparsers, "retention", "leavers' records past their retention period")
    command(retention, "list", "leavers whose retention period is over", cmd_retention_list)
    add_staff(command(retention, "delete", "delete everything held about one leaver past retention (audited)",
                      cmd_retention_delete))
