"""What every command shares: exit codes, passphrases, opening a workspace, --workspace/--out/--json, output.

The command modules import from here and never from each other (an import-linter contract keeps it so).
The contract these helpers serve is docs/cli.md.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.domain.errors import EadrError
from desktop.paths import default_workspace_dir

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
PROG = "eadr-station"
NEW_PASSPHRASE_ENV = "EADR_NEW_PASSPHRASE"


class Refused(EadrError):
    """Input the user can fix, found by the command line itself; one line on stderr and exit 1."""


def read_passphrase(prompt: str = "Passphrase: ") -> str:
    """From EADR_PASSPHRASE for scripts, else a prompt without echo. Never an argument."""
    value = os.environ.get("EADR_PASSPHRASE")
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise Refused("no passphrase: set EADR_PASSPHRASE or run from a terminal")
    return getpass.getpass(prompt)


def read_new_passphrase(prompt: str = "New passphrase: ", *, minimum: int = 0, what: str = "the new passphrase") -> str:
    """From EADR_NEW_PASSPHRASE for scripts, else typed twice at a prompt without echo. Never an argument."""
    value = os.environ.get(NEW_PASSPHRASE_ENV)
    if value is None:
        if not sys.stdin or not sys.stdin.isatty():
            raise Refused(f"no new passphrase: set {NEW_PASSPHRASE_ENV} or run from a terminal")
        value = getpass.getpass(prompt)
        if getpass.getpass("Repeat the new passphrase: ") != value:
            raise Refused("the two new passphrases are different; nothing was changed")
    if len(value) < minimum:
        raise Refused(f"{what} must be at least {minimum} characters")
    return value


def workspace_folder(args: argparse.Namespace) -> Path:
    """--workspace, or the person's own workspace in the data folder."""
    return getattr(args, "workspace", None) or default_workspace_dir()


def add_workspace(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument("--workspace", type=Path, required=required, metavar="DIR",
                        help="the workspace folder (default: your own workspace in the data folder)")


def add_staff(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("--staff", required=required, metavar="ASSIGNMENT", help="the assignment number")


def add_hub(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--hub", type=Path, required=True, metavar="DIR", help="the HR hub folder")


def command(group: Any, name: str, help: str, func: Callable[[argparse.Namespace], int], *, out: str = "",
            json: bool = True, workspace: bool = True, workspace_required: bool = False) -> argparse.ArgumentParser:
    """One subcommand with the options every command shares: --workspace, --out, --json."""
    p = group.add_parser(name, help=help)
    if workspace:
        add_workspace(p, required=workspace_required)
    if out:
        p.add_argument("--out", type=Path, required=True, metavar=out)
    if json:
        p.add_argument("--json", action="store_true", help="one JSON object on stdout instead of prose")
    p.set_defaults(func=func)
    return p


def group(subparsers: Any, name: str, help: str, metavar: str = "ACTION") -> Any:
    """A command with actions of its own (`backup create`, `hub import`): the actions' subparsers."""
    return subparsers.add_parser(name, help=help).add_subparsers(
        dest=f"{name.replace('-', '_')}_command", metavar=metavar, required=True)


def open_workspace(args: argparse.Namespace, passphrase: str | None = None, write: bool = True):
    """The unlocked workspace. A command that writes holds the workspace's lock until it closes, waiting a
    few seconds for another command or window to finish and then saying who has it; a command that only
    reads goes ahead beside them (SQLite's WAL lets it read safely while another writes)."""
    from desktop.store.folder import read_info
    folder = workspace_folder(args)
    read_info(folder)  # a missing or foreign folder is reported before asking for a passphrase
    if passphrase is None:
        passphrase = read_passphrase(f"Passphrase for {folder}: ")
    lock = None
    if write:
        lock = lock_folder(folder)
    try:
        workspace = _unlock(folder, passphrase)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if lock is not None:
        workspace.release_on_close(lock.release)
    return workspace


def lock_folder(folder: Path):
    """The workspace's instance lock, or a refusal saying who holds it (or that the folder is read-only)."""
    from desktop.store.folder import InstanceLock, WorkspaceInUse, default_wait
    try:
        return InstanceLock(folder).acquire(wait=default_wait())
    except WorkspaceInUse as exc:
        raise Refused(str(exc), where=str(folder)) from None
    except OSError as exc:
        from desktop.store.workspace import UNLOCK_FULL
        from desktop.store.workspace import disk_full, is_disk_full
        if is_disk_full(exc):
            raise disk_full(folder, UNLOCK_FULL) from None
        hint = "copy the workspace folder somewhere you can write to; nothing was changed"
        raise Refused(f"{folder} cannot be written ({exc.strerror}): it may be read-only; {hint}",
                      where=str(folder), hint=hint) from None


def _unlock(folder: Path, passphrase: str):
    from desktop.security.keyfile import WrongPassphrase
    from desktop.security.unlock import latest_good_backup, unlock_workspace
    from desktop.store.workspace import DatabaseDamaged
    try:
        workspace = unlock_workspace(folder, passphrase)
    except WrongPassphrase:
        raise Refused("wrong passphrase", where=str(folder),
                      hint="check EADR_PASSPHRASE or ask HR to use the recovery key") from None
    except DatabaseDamaged as exc:
        good = latest_good_backup(folder, passphrase)
        advice = (f"restore the latest good backup with: {PROG} backup restore {good.path} --workspace {folder}"
                  if good else f"no backup in {folder / 'backups'} passes its check, so ask IT for a copy of the "
                  "workspace folder")
        raise Refused(exc.problem, hint=advice) from None
    warning = workspace.clock_warning()
    if warning:   # said, not refused: the work goes ahead
        print(f"{folder}: warning: {warning}", file=sys.stderr)
    return workspace


def find_staff(workspace, number: str):
    """The staff member with this assignment number, or a refusal naming the workspace."""
    person = workspace.staff().by_assignment(number)
    if person is None:
        raise Refused(f"no staff member with assignment number {number}", where=str(workspace.folder))
    return person


def save_pdf(workspace, document, out: Path) -> None:
    """Write the PDF (atomically), then audit it: only what really reached the disk is logged."""
    from desktop.documents.printing import note_output
    document.save(out)
    note_output(workspace, document, f"Saved as PDF ({out.name})")


def emit(args: argparse.Namespace, payload: dict | list, prose: Callable[[], None]) -> None:
    """--json prints the payload as one JSON value; otherwise the prose for people."""
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False, indent=None))
    else:
        prose()


def wrote(args: argparse.Namespace, path: Path, pages_note: str, extra: dict | None = None) -> None:
    """A command that wrote one file: its path (and a note), or {"file": ...} with --json."""
    emit(args, {"file": str(path), **(extra or {})}, lambda: print(f"{path}{pages_note}"))
