"""Command line: the GUI by default, plus the commands HR scripts rely on (see CLI.md).

Exit codes: 0 success; 1 the user's input was refused, with one line on stderr
naming the file and reason; 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop import APP_NAME, __version__
from desktop.paths import default_workspace_dir

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
PROG = "eadr-station"


class Refused(Exception):
    """Input the user can fix; becomes one line on stderr and exit 1."""


def _user_errors() -> tuple[type[BaseException], ...]:
    from desktop.domain.staff import StaffValidationError
    from desktop.security.keyfile import KeyFileError, WrongPassphrase
    from desktop.store.database import DatabaseDamaged
    from desktop.store.info import WorkspaceError
    from desktop.sync.roster import RosterFileError
    from desktop.documents.printing import NothingToPrint
    from desktop.store.backups import BackupError
    from desktop.cli_sync import user_errors
    from desktop.domain.cpd import EvidenceTooLarge
    return (Refused, NothingToPrint, BackupError, WrongPassphrase, KeyFileError, WorkspaceError, DatabaseDamaged,
            RosterFileError, StaffValidationError, EvidenceTooLarge, OSError, *user_errors())


def read_passphrase(prompt: str = "Passphrase: ") -> str:
    """From EADR_PASSPHRASE for scripts, else a prompt without echo. Never an argument."""
    value = os.environ.get("EADR_PASSPHRASE")
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise Refused("no passphrase: set EADR_PASSPHRASE or run from a terminal")
    return getpass.getpass(prompt)


def _workspace_arg(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument("--workspace", type=Path, required=required, metavar="DIR",
                        help="the workspace folder (default: your own workspace in the data folder)")


def _open(args: argparse.Namespace, passphrase: str | None = None, write: bool = True):
    """The unlocked workspace. A command that writes holds the workspace's lock until it closes, waiting a
    few seconds for another command or window to finish and then saying who has it; a command that only
    reads goes ahead beside them (SQLite's WAL lets it read safely while another writes)."""
    from desktop.store.info import read_info
    from desktop.store.instance_lock import InstanceLock, WorkspaceInUse, default_wait
    folder = args.workspace or default_workspace_dir()
    read_info(folder)  # a missing or foreign folder is reported before asking for a passphrase
    if passphrase is None:
        passphrase = read_passphrase(f"Passphrase for {folder}: ")
    lock = None
    if write:
        try:
            lock = InstanceLock(folder).acquire(wait=default_wait())
        except WorkspaceInUse as exc:
            raise Refused(f"{folder}: {exc}") from None
        except OSError as exc:
            from desktop.store.database import UNLOCK_FULL
            from desktop.store.files import disk_full, is_disk_full
            if is_disk_full(exc):
                raise disk_full(folder, UNLOCK_FULL) from None
            raise Refused(f"{folder} cannot be written ({exc.strerror}): it may be read-only; copy the workspace "
                          "folder somewhere you can write to; nothing was changed") from None
    try:
        workspace = _unlock(folder, passphrase)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if lock is not None:
        workspace.release_on_close(lock.release)
    return workspace


def _unlock(folder: Path, passphrase: str):
    from desktop.security.keyfile import WrongPassphrase
    from desktop.security.unlock import latest_good_backup, unlock_workspace
    from desktop.store.database import DatabaseDamaged
    try:
        workspace = unlock_workspace(folder, passphrase)
    except WrongPassphrase:
        raise Refused(f"{folder}: wrong passphrase; check EADR_PASSPHRASE or ask HR to use "
                      "the recovery key") from None
    except DatabaseDamaged as exc:
        good = latest_good_backup(folder, passphrase)
        advice = (f"; restore the latest good backup with: {PROG} backup restore {good.path} --workspace {folder}"
                  if good else f"; no backup in {folder / 'backups'} passes its check, so ask IT for a copy of the "
                  "workspace folder")
        raise Refused(f"{exc.problem}{advice}") from None
    warning = workspace.clock_warning()
    if warning:   # said, not refused: the work goes ahead
        print(f"{folder}: warning: {warning}", file=sys.stderr)
    return workspace


def _emit(args: argparse.Namespace, payload: dict | list, prose: Callable[[], None]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False, indent=None))
    else:
        prose()


# --- commands ---------------------------------------------------------------

def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.ui.app import run_gui
    return run_gui(args.workspace)


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.demo.build import build_demo
    try:
        workspace = build_demo(args.workspace, staff=args.staff, years=args.years, seed=args.seed)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    with workspace:
        count = workspace.staff().count()
    _emit(args, {"workspace": str(args.workspace), "staff": count, "passphrase": "demo"},
          lambda: print(f"Demo workspace with {count} staff created at {args.workspace} "
                        "(passphrase: demo)"))
    return EXIT_OK


def cmd_roster_import(args: argparse.Namespace) -> int:
    from desktop.sync.roster import apply_plan, plan_import
    with _open(args) as workspace:
        repo = workspace.staff()
        plan = plan_import(args.file, repo)
        if not args.dry_run:
            apply_plan(plan, repo)

    def prose() -> None:
        note = " (dry run: nothing was written)" if args.dry_run else ""
        print(f"{args.file.name}: {plan.summary()}{note}")
        for row in plan.refused:
            print(f"{args.file.name}: row {row.row}: refused: {row.reason}", file=sys.stderr)
    _emit(args, plan.to_json() | {"dry_run": args.dry_run}, prose)
    return EXIT_REFUSED if plan.refused else EXIT_OK


def cmd_staff_list(args: argparse.Namespace) -> int:
    from desktop.domain.dates import iso
    with _open(args, write=False) as workspace:
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
    _emit(args, rows, prose)
    return EXIT_OK


def _find_staff(workspace, number: str):
    person = workspace.staff().by_assignment(number)
    if person is None:
        raise Refused(f"{workspace.folder}: no staff member with assignment number {number}")
    return person


def _save_pdf(workspace, document, out: Path) -> None:
    """Write the PDF (atomically), then audit it: only what really reached the disk is logged."""
    from desktop.documents.printing import note_output
    document.save(out)
    note_output(workspace, document, f"Saved as PDF ({out.name})")


def _wrote(args: argparse.Namespace, path: Path, pages_note: str, extra: dict | None = None) -> None:
    _emit(args, {"file": str(path), **(extra or {})}, lambda: print(f"{path}{pages_note}"))


def cmd_print_eadr(args: argparse.Namespace) -> int:
    from desktop.documents import printing
    with _open(args) as workspace:
        person = _find_staff(workspace, args.staff)
        # One transaction: a blank form plans a conversation, which must not outlive a failed save.
        with workspace.db.atomic():
            try:
                if args.blank:
                    document = printing.blank_forms(workspace, [person])
                else:
                    document = printing.record(workspace, person, include_private=args.private)
            except printing.NothingToPrint as exc:
                raise Refused(str(exc)) from None
            _save_pdf(workspace, document, args.out)
    _wrote(args, args.out, "")
    return EXIT_OK


def cmd_print_blanks(args: argparse.Namespace) -> int:
    from desktop.documents import printing
    with _open(args) as workspace:
        people = printing.due_within(workspace, args.weeks)
        if not people:
            raise Refused(f"nobody's EADR is due in the next {args.weeks} weeks; nothing printed")
        with workspace.db.atomic():   # the planned conversations and the saved file stand or fall together
            document = printing.blank_forms(workspace, people)
            _save_pdf(workspace, document, args.out)
    _wrote(args, args.out, f" ({len(people)} forms)", {"forms": len(people)})
    return EXIT_OK


def cmd_print_compliance(args: argparse.Namespace) -> int:
    from desktop.documents import printing
    with _open(args) as workspace:
        document = printing.compliance(workspace)
        _save_pdf(workspace, document, args.out)
    _wrote(args, args.out, "")
    return EXIT_OK


def cmd_subject_access(args: argparse.Namespace) -> int:
    from desktop.documents.subject_access import export
    with _open(args) as workspace:
        json_path, pdf_path = export(workspace, _find_staff(workspace, args.staff), args.out)
    _emit(args, {"json": str(json_path), "pdf": str(pdf_path)}, lambda: print(f"{json_path}\n{pdf_path}"))
    return EXIT_OK


def cmd_backup_create(args: argparse.Namespace) -> int:
    with _open(args) as workspace:
        path = workspace.take_backup("manual")
    _emit(args, {"file": str(path)}, lambda: print(path))
    return EXIT_OK


def cmd_backup_list(args: argparse.Namespace) -> int:
    from desktop.store.backups import list_backups
    from desktop.store.info import read_info
    folder = args.workspace or default_workspace_dir()
    read_info(folder)
    found = list_backups(folder)
    _emit(args, [{"file": str(b.path), "taken_at": b.taken_at.isoformat(), "kind": b.kind, "bytes": b.size}
                 for b in found],
          lambda: print("\n".join(f"{b.path}\t{b.describe()}" for b in found) or "no backups yet"))
    return EXIT_OK


def cmd_backup_restore(args: argparse.Namespace) -> int:
    from desktop.store.backups import BackupError
    from desktop.store.instance_lock import InstanceLock, WorkspaceInUse, default_wait
    if not args.backup.is_file():
        raise Refused(f"{args.backup}: no such backup file")
    from desktop.security.keyfile import WrongPassphrase
    from desktop.security.unlock import restore_and_unlock
    from desktop.store.info import read_info
    from desktop.store.sync_state import RESTORE_RESENDS
    folder = args.workspace or default_workspace_dir()
    read_info(folder)
    try:
        lock = InstanceLock(folder).acquire(wait=default_wait())
    except WorkspaceInUse as exc:
        raise Refused(f"{folder}: {exc}") from None
    try:
        # Not through _open: the database being replaced may be too damaged to open.
        workspace, kept = restore_and_unlock(folder, read_passphrase(f"Passphrase for {folder}: "), args.backup)
        workspace.close()
    except WrongPassphrase:
        raise Refused(f"{folder}: wrong passphrase; nothing was changed") from None
    except BackupError as exc:
        raise Refused(f"{args.backup}: {exc}; nothing was changed") from None
    finally:
        lock.release()
    _emit(args, {"restored": str(args.backup), "previous_kept_as": str(kept) if kept else None},
          lambda: print(f"Restored {args.backup.name}" + (f"; the previous data is kept as {kept}" if kept else "")
                        + f".\n{RESTORE_RESENDS}"))
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from desktop.store.audit import entries
    with _open(args, write=False) as workspace:
        log = entries(workspace.db, limit=args.limit)
    _emit(args, [e.__dict__ for e in log],
          lambda: [print(f"{e.at}\t{e.actor}\t{e.action}\t{e.entity}\t{e.summary}") for e in log])
    return EXIT_OK


def cmd_self_test(args: argparse.Namespace) -> int:
    """Smoke-test an installed or frozen build end to end in a temporary folder."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.demo.build import build_demo
    from desktop.documents import printing
    from desktop.documents.team_list import TeamList
    from desktop.security.unlock import unlock_workspace
    from desktop.store.info import DB_FILE, DEMO_PASSPHRASE

    with tempfile.TemporaryDirectory(prefix="eadr-self-test-") as tmp:
        folder = Path(tmp) / "workspace"
        build_demo(folder, staff=12).close()
        print("workspace created and migrated: ok")
        if (folder / DB_FILE).read_bytes()[:16] == b"SQLite format 3\x00":
            raise Refused("self-test: the workspace database is not encrypted")
        print("database encrypted: ok")
        workspace = unlock_workspace(folder, DEMO_PASSPHRASE)
        people = workspace.staff().all()
        with_history = next(p for p in people if workspace.conversations().last_signed(p.id or ""))
        documents = {"team list": TeamList(people, workspace.info.station_name),
                     "EADR record": printing.record(workspace, with_history),
                     "blank form with QR code": printing.blank_forms(workspace, [with_history])}
        for name, document in documents.items():
            pdf = document.save(Path(tmp) / f"{name}.pdf")
            if not pdf.read_bytes().startswith(b"%PDF") or pdf.stat().st_size < 2000:
                raise Refused(f"self-test: the {name} PDF did not render")
        from desktop.documents.printing import cpd_profile
        paramedic = next(p for p in people if p.hcpc_number)
        if not cpd_profile(workspace, paramedic).save(Path(tmp) / "cpd.pdf").read_bytes().startswith(b"%PDF"):
            raise Refused("self-test: the CPD profile PDF did not render")
        print("PDFs rendered (team list, EADR record, blank form, CPD profile): ok")
        from desktop.hub.service import Hub
        from desktop.security.keyfile import Argon2Params
        from desktop.sync import station
        hub = Hub.create(Path(tmp) / "hub", "self-test hub passphrase", params=Argon2Params(1, 8192, 1))
        try:
            station.enrol(workspace, hub.enrolment_file("SELF", Path(tmp) / "enrol.json"), workspace.database_key)
            bundle = station.export_bundle(workspace, Path(tmp) / "outbox")
            outcome = hub.import_file(bundle).outcome
        finally:
            hub.close()
        if outcome != "applied":
            raise Refused(f"self-test: the hub did not apply the station bundle ({outcome})")
        print("sync bundle sealed (age, Ed25519) and applied by a hub: ok")
        from desktop.ui.app import smoke_test_window
        shown = smoke_test_window(workspace)
        if shown != len(people):
            raise Refused(f"self-test: the team page showed {shown} of {len(people)} staff")
        print("main window shown offscreen: ok")
    print("self-test passed")
    return EXIT_OK


# --- parser -----------------------------------------------------------------

def _command(group, name: str, help: str, func: Callable[[argparse.Namespace], int], *, out: str = "",
             json: bool = True, workspace: bool = True, workspace_required: bool = False) -> argparse.ArgumentParser:
    """One subcommand with the options every command shares: --workspace, --out, --json."""
    p = group.add_parser(name, help=help)
    if workspace:
        _workspace_arg(p, required=workspace_required)
    if out:
        p.add_argument("--out", type=Path, required=True, metavar=out)
    if json:
        p.add_argument("--json", action="store_true")
    p.set_defaults(func=func)
    return p


def build_parser(gui_only: bool = False) -> argparse.ArgumentParser:
    """Every command; `gui_only` gives just the default one, so opening the app skips building
    (and importing) the rest: about 15 ms of start-up."""
    parser = argparse.ArgumentParser(prog=PROG, description=f"{APP_NAME}: EADRs, CPD and training "
                                     "records for ambulance station managers.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    _command(sub, "gui", "open the application (the default)", cmd_gui, json=False)
    if gui_only:
        return parser

    p = _command(sub, "demo", "create a demo workspace of made-up staff", cmd_demo, workspace_required=True)
    p.add_argument("--staff", type=int, default=40, help="how many staff (1 to 7,000; default 40)")
    p.add_argument("--years", type=int, default=5, help="years of history (default 5)")
    p.add_argument("--seed", type=int, default=2026, help="the same seed gives the same people")

    roster = sub.add_parser("roster", help="staff roster files").add_subparsers(
        dest="roster_command", metavar="ACTION", required=True)
    p = _command(roster, "import", "import or update staff from an ESR-style CSV", cmd_roster_import)
    p.add_argument("file", type=Path, metavar="FILE.csv")
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")

    staff = sub.add_parser("staff", help="staff records").add_subparsers(
        dest="staff_command", metavar="ACTION", required=True)
    _command(staff, "list", "list the workspace's staff", cmd_staff_list)

    printing = sub.add_parser("print", help="printed forms and reports (PDF)").add_subparsers(
        dest="print_command", metavar="DOCUMENT", required=True)
    p = _command(printing, "eadr", "a staff member's EADR record, or a blank pre-filled form", cmd_print_eadr,
                 out="FILE.pdf")
    p.add_argument("--staff", required=True, metavar="ASSIGNMENT", help="the assignment number")
    p.add_argument("--blank", action="store_true", help="a blank pre-filled form for a paper conversation")
    p.add_argument("--private", action="store_true",
                   help="include private wellbeing notes, on pages marked Confidential")
    p = _command(printing, "blanks", "blank forms for everyone overdue, due within N weeks or with no EADR recorded, in one PDF",
                 cmd_print_blanks, out="FILE.pdf")
    p.add_argument("--weeks", type=int, default=6, help="how far ahead (default 6 weeks)")
    _command(printing, "compliance", "the team's EADR compliance for the notice board", cmd_print_compliance,
             out="FILE.pdf")
    from desktop import cli_cpd
    cli_cpd.register(sub, printing)
    from desktop import cli_training
    cli_training.add_parser(sub)

    backup = sub.add_parser("backup", help="encrypted backups of a workspace").add_subparsers(
        dest="backup_command", metavar="ACTION", required=True)
    _command(backup, "create", "take a backup now", cmd_backup_create)
    _command(backup, "list", "the workspace's backups, newest first", cmd_backup_list)
    p = _command(backup, "restore", "replace the workspace with a verified backup", cmd_backup_restore)
    p.add_argument("backup", type=Path, metavar="BACKUP")

    p = _command(sub, "subject-access", "everything held about one person, as PDF and JSON", cmd_subject_access,
                 out="FOLDER")
    p.add_argument("--staff", required=True, metavar="ASSIGNMENT", help="the assignment number")

    p = _command(sub, "audit", "show the audit log, newest first", cmd_audit)
    p.add_argument("--limit", type=int, default=None, help="at most this many entries")

    _command(sub, "self-test", "check this installation works, in a temporary folder", cmd_self_test,
             json=False, workspace=False)

    from desktop.cli_security import register
    register(sub)
    from desktop.cli_sync import add_commands
    add_commands(sub)
    from desktop.cli_watch import add_parser
    add_parser(sub)
    from desktop import cli_scan
    cli_scan.add_parser(sub)
    return parser


def _full(exc: BaseException) -> bool:
    from desktop.store.files import is_disk_full
    return is_disk_full(exc)


def _busy(exc: BaseException) -> bool:
    """SQLite's own lock timed out (a reading command's one audit write, behind a long writer)."""
    from desktop.store.driver import OperationalError
    return isinstance(exc, OperationalError) and ("database is locked" in str(exc) or "busy" in str(exc))


def _full_message(args: argparse.Namespace, exc: BaseException):
    """A full disk met anywhere (SQLite mid-transaction, a file being written): name where, say what to free.
    Transactions roll back and files are written under temporary names, so what was there is intact."""
    from desktop.store.files import disk_full
    where = getattr(exc, "filename", None) or getattr(args, "hub", None) or getattr(args, "workspace", None) \
        or default_workspace_dir()
    return disk_full(Path(where), "was not created" if getattr(args, "func", None) is cmd_demo else "was not changed")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("--workspace"):
        argv.insert(0, "gui")
    parser = build_parser(gui_only=argv[0] == "gui" and "-h" not in argv and "--help" not in argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return args.func(args)
    except BrokenPipeError:  # `eadr-station staff list | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except _user_errors() as exc:
        message = str(exc) or exc.__class__.__name__
        if isinstance(exc, OSError) and exc.filename:
            message = f"{exc.filename}: {exc.strerror or exc}"
        if isinstance(exc, OSError) and _full(exc) and "disk full" not in message:
            message = str(_full_message(args, exc))
        print(f"{PROG}: {message}", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as exc:
        if _full(exc):
            print(f"{PROG}: {_full_message(args, exc)}", file=sys.stderr)
            return EXIT_REFUSED
        if _busy(exc):
            where = getattr(args, "hub", None) or getattr(args, "workspace", None) or default_workspace_dir()
            print(f"{PROG}: {where} is busy: another window or command was writing to it for longer than this "
                  "command could wait. Try again in a moment; nothing was changed.", file=sys.stderr)
            return EXIT_REFUSED
        raise
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
