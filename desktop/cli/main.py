"""The command line's front door: the table of commands, loaded lazily, and the one place errors become
exit codes. The contract (commands, flags, exit codes) is docs/cli.md.

Each command group is a module with `add_parser(subparsers)`; COMMANDS names the module that owns each
top-level command, so `eadr-station backup list` imports only desktop.cli.backup, and opening the app
(`eadr-station` alone) imports only desktop.cli.gui. A new group is one line in COMMANDS.

Exit codes: 0 success; 1 the user's input was refused, with one line on stderr naming the file, the
reason and what to do (every `EadrError`); 2 usage error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from desktop import APP_NAME, __version__
from desktop.cli.options import EXIT_INTERRUPTED, EXIT_OK, EXIT_REFUSED, PROG, workspace_folder
from desktop.domain.errors import EadrError, describe

#: Top-level command → the module whose add_parser() registers it, in the order --help lists them.
COMMANDS: dict[str, str] = {
    "gui": "desktop.cli.gui",
    "demo": "desktop.cli.station",
    "roster": "desktop.cli.station",
    "staff": "desktop.cli.station",
    "print": "desktop.cli.printing",
    "cpd": "desktop.cli.cpd",
    "training": "desktop.cli.training",
    "backup": "desktop.cli.backup",
    "subject-access": "desktop.cli.station",
    "audit": "desktop.cli.station",
    "self-test": "desktop.cli.selftest",
    "passphrase": "desktop.cli.security",
    "retention": "desktop.cli.security",
    "enrol": "desktop.cli.sync",
    "bundle": "desktop.cli.sync",
    "sync": "desktop.cli.sync",
    "hub": "desktop.cli.hub",
    "scan": "desktop.cli.scan",
}


def build_parser(commands: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the modules owning `commands` (all of them by default) registered, each once."""
    parser = argparse.ArgumentParser(prog=PROG, description=f"{APP_NAME}: EADRs, CPD and training "
                                     "records for ambulance station managers.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = COMMANDS if commands is None else commands
    for module_path in dict.fromkeys(COMMANDS[name] for name in wanted):
        importlib.import_module(module_path).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("--workspace"):
        argv.insert(0, "gui")
    # Only the named command's module, unless top-level help or an unknown name needs the whole list.
    parser = build_parser([argv[0]] if argv[0] in COMMANDS else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return args.func(args)
    except BrokenPipeError:  # `eadr-station staff list | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except EadrError as exc:
        return refused(args, exc)
    except OSError as exc:
        return refused(args, exc)
    except Exception as exc:
        from desktop.store.folder import is_disk_full
        if is_disk_full(exc) or _busy(exc):
            return refused(args, exc)
        raise
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def refused(args: argparse.Namespace, exc: BaseException) -> int:
    """One line on stderr naming the file, what went wrong and what to do; exit 1."""
    print(f"{PROG}: {explain(args, exc)}", file=sys.stderr)
    return EXIT_REFUSED


def explain(args: argparse.Namespace, exc: BaseException) -> str:
    """Our own errors say it themselves; the disk, the OS and SQLite's lock timeout are put in words here."""
    from desktop.store.folder import disk_full, is_disk_full
    message = describe(exc)
    if is_disk_full(exc) and "disk full" not in message:
        # Transactions roll back and files are written under temporary names, so what was there is intact.
        where = getattr(exc, "filename", None) or getattr(args, "hub", None) or workspace_folder(args)
        return str(disk_full(Path(where), "was not created" if args.command == "demo" else "was not changed"))
    if _busy(exc):
        where = getattr(args, "hub", None) or workspace_folder(args)
        return (f"{where} is busy: another window or command was writing to it for longer than this command "
                "could wait. Try again in a moment; nothing was changed.")
    if isinstance(exc, OSError) and not isinstance(exc, EadrError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    return message


def _busy(exc: BaseException) -> bool:
    """SQLite's own lock timed out (a reading command's one audit write, behind a long writer)."""
    from desktop.store.folder import OperationalError
    return isinstance(exc, OperationalError) and ("database is locked" in str(exc) or "busy" in str(exc))
