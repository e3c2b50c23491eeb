"""Command line for the security commands: changing the passphrase, and retention of leavers' records.

Registered from cli.build_parser(); shares cli.py's conventions (exit codes, --json, passphrases
from the environment or a prompt without echo, never an argument).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desktop.cli import EXIT_OK, Refused, _command, _emit, _open, read_passphrase
from desktop.paths import default_workspace_dir

NEW_PASSPHRASE_ENV = "EADR_NEW_PASSPHRASE"


def read_new_passphrase() -> str:
    """From EADR_NEW_PASSPHRASE for scripts, else typed twice at a prompt without echo."""
    value = os.environ.get(NEW_PASSPHRASE_ENV)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise Refused(f"no new passphrase: set {NEW_PASSPHRASE_ENV} or run from a terminal")
    first = getpass.getpass("New passphrase: ")
    if getpass.getpass("Repeat the new passphrase: ") != first:
        raise Refused("the two new passphrases are different; nothing was changed")
    return first


def cmd_passphrase_change(args: argparse.Namespace) -> int:
    from desktop.security.passphrase import PassphraseRefused, change_passphrase, check_new
    folder = args.workspace or default_workspace_dir()
    current = read_passphrase(f"Current passphrase for {folder}: ")
    new = read_new_passphrase()
    try:
        check_new(current, new)   # before unlocking: a weak choice is refused without touching anything
    except PassphraseRefused as exc:
        raise Refused(f"{folder}: the new passphrase was refused: {exc} Nothing was changed.") from None
    with _open(args, current) as workspace:
        change_passphrase(workspace, current, new)
    _emit(args, {"workspace": str(folder), "changed": True},
          lambda: print(f"{folder}: passphrase changed; use the new one from now on"))
    return EXIT_OK


def cmd_retention_list(args: argparse.Namespace) -> int:
    from desktop.domain import clock
    from desktop.domain.dates import iso, uk
    from desktop.store.retention import past_retention_list, retention_years
    with _open(args, write=False) as workspace:
        years = retention_years(workspace.db)
        due = past_retention_list(workspace.db, clock.today(), years)
    rows = [{"assignment_number": d.staff.assignment_number, "first_name": d.staff.first_name,
             "last_name": d.staff.last_name, "leaving_date": iso(d.staff.leaving_date),
             "past_retention_since": iso(d.since)} for d in due]

    def prose() -> None:
        print(f"Leavers' records are kept {years} years after leaving; {len(due)} past that:")
        for d in due:
            print("\t".join([d.staff.assignment_number, f"{d.staff.last_name}, {d.staff.first_name}",
                             f"left {uk(d.staff.leaving_date)}", d.describe()]))
    _emit(args, {"retention_years": years, "past_retention": rows}, prose)
    return EXIT_OK


def cmd_retention_delete(args: argparse.Namespace) -> int:
    from desktop.domain import clock
    from desktop.domain.retention import NotPastRetention
    from desktop.store.retention import RetentionError, delete_person
    with _open(args) as workspace:
        person = workspace.staff().by_assignment(args.staff)
        if person is None:
            raise Refused(f"{workspace.folder}: no staff member with assignment number {args.staff}")
        try:
            deleted = delete_person(workspace.db, workspace.manager_name, person, clock.today())
        except (NotPastRetention, RetentionError) as exc:
            raise Refused(f"{workspace.folder}: not deleted: {exc}") from None
        from desktop.security.feedback360 import Feedback360
        Feedback360(workspace.folder, workspace.leadership()).tidy()   # their 360 files beside the database
    _emit(args, {"deleted": deleted.assignment_number, "records": deleted.total, "by_table": deleted.counts},
          lambda: print(f"Deleted everything held about assignment number {deleted.assignment_number} "
                        f"({deleted.total} records)"))
    return EXIT_OK


def register(sub) -> None:
    """Add `passphrase` and `retention` to the top-level subcommands."""
    passphrase = sub.add_parser("passphrase", help="the workspace passphrase").add_subparsers(
        dest="passphrase_command", metavar="ACTION", required=True)
    _command(passphrase, "change", f"change it: the current one from EADR_PASSPHRASE, the new one from "
             f"{NEW_PASSPHRASE_ENV} (or prompts)", cmd_passphrase_change)

    retention = sub.add_parser("retention", help="leavers' records past their retention period").add_subparsers(
        dest="retention_command", metavar="ACTION", required=True)
    _command(retention, "list", "leavers whose retention period is over", cmd_retention_list)
    p = _command(retention, "delete", "delete everything held about one leaver past retention (audited)",
                 cmd_retention_delete)
    p.add_argument("--staff", required=True, metavar="ASSIGNMENT", help="the assignment number")
