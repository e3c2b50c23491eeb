"""Command line for CPD and training: `print cpd-profile`, `cpd {list,export,import}`, `training status`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.domain import clock
from desktop import cli as base


def cmd_print_cpd_profile(args: argparse.Namespace) -> int:
    from desktop.documents import printing
    with base._open(args) as workspace:
        document = printing.cpd_profile(workspace, base._find_staff(workspace, args.staff))
        base._save_pdf(workspace, document, args.out)
    base._wrote(args, args.out, f" ({len(document.selected)} activities)", {"activities": len(document.selected)})
    return base.EXIT_OK


def cmd_cpd_list(args: argparse.Namespace) -> int:
    from desktop.domain.cpd import hours_text
    from desktop.domain.dates import iso, uk
    with base._open(args, write=False) as workspace:
        person = base._find_staff(workspace, args.staff)
        entries = workspace.cpd().entries(person.id or "")
    rows = [{"id": e.id, "start_date": iso(e.start_date), "end_date": iso(e.end_date), "title": e.title,
             "activity_type": e.activity_type.value, "hours": e.hours, "provider": e.provider,
             "waiting_for_reflection": e.waiting_for_reflection, "evidence_files": len(e.evidence)}
            for e in entries]

    def prose() -> None:
        for e in entries:
            flag = "reflection to add" if e.waiting_for_reflection else ""
            print("\t".join([e.dates_text(uk), e.activity_type.label, hours_text(e.hours), e.title, flag]))
    base._emit(args, rows, prose)
    return base.EXIT_OK


def cmd_cpd_export(args: argparse.Namespace) -> int:
    from desktop.sync.cpd_portable import export_portable
    with base._open(args) as workspace:
        person = base._find_staff(workspace, args.staff)
        path = export_portable(workspace.cpd(), person, args.out)
    base._wrote(args, path, "")
    return base.EXIT_OK


def cmd_cpd_import(args: argparse.Namespace) -> int:
    from desktop.sync.cpd_portable import OwnerMismatch, PortableFileError, import_portable
    if not args.file.is_file():
        raise base.Refused(f"{args.file}: no such file")
    with base._open(args) as workspace:
        person = base._find_staff(workspace, args.staff)
        try:
            outcome = import_portable(workspace.cpd(), person, args.file,
                                      other_person_confirmed=args.different_name_confirmed)
        except OwnerMismatch as exc:
            raise base.Refused(f"{exc} (if it is the same person under another name or number, add "
                               "--same-person-confirmed)") from None
        except PortableFileError as exc:
            raise base.Refused(f"{exc}; nothing was imported") from None

    def prose() -> None:
        print(f"{args.file.name}: {outcome.added} added, {outcome.duplicates} already held, "
              f"{len(outcome.refused)} refused, {outcome.evidence_files} evidence files")
        for row in outcome.refused:
            print(f"{args.file.name}: entry {row['entry']}: refused: {row['reason']}", file=sys.stderr)
    base._emit(args, outcome.as_dict(), prose)
    return base.EXIT_REFUSED if outcome.refused else base.EXIT_OK


def cmd_training_status(args: argparse.Namespace) -> int:
    from desktop.domain.dates import iso
    today = clock.today()
    with base._open(args, write=False) as workspace:
        people = [p for p in workspace.staff().all() if p.is_active]
        if args.staff:
            people = [base._find_staff(workspace, args.staff)]
        repo = workspace.training()
        rows = [{"assignment_number": p.assignment_number, "name": p.display_name, "course": s.course.code,
                 "title": s.course.title, "state": s.state.value, "completed_on": iso(s.completed_on),
                 "expires_on": iso(s.expires_on)}
                for p in people for s in repo.status_for(p.id or "", p.role, today)]

    def prose() -> None:
        for r in rows:
            print("\t".join([r["assignment_number"], r["name"], r["course"], r["state"], r["expires_on"] or ""]))
    base._emit(args, rows, prose)
    return base.EXIT_OK


def _staff_option(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--staff", required=required, metavar="ASSIGNMENT", help="the assignment number")


def register(sub, printing) -> None:
    """Add the CPD and training commands to the main parser's subcommands."""
    _staff_option(base._command(printing, "cpd-profile", "a staff member's HCPC CPD profile",
                                cmd_print_cpd_profile, out="FILE.pdf"))
    cpd = sub.add_parser("cpd", help="CPD logs").add_subparsers(dest="cpd_command", metavar="ACTION", required=True)
    _staff_option(base._command(cpd, "list", "a staff member's CPD log, newest first", cmd_cpd_list))
    _staff_option(base._command(cpd, "export", "the portable CPD file (JSON and evidence in one zip)",
                                cmd_cpd_export, out="FILE.zip"))
    p = base._command(cpd, "import", "add a portable CPD file to a staff member's log (duplicates are skipped)",
                      cmd_cpd_import)
    p.add_argument("file", type=Path, metavar="FILE.zip")
    p.add_argument("--same-person-confirmed", dest="different_name_confirmed", action="store_true",
                   help="import although the file's name or HCPC number differs from the staff member's "
                        "(a change of name); otherwise such a file is refused")
    _staff_option(p)
    training = sub.add_parser("training", help="mandatory and statutory training").add_subparsers(
        dest="training_command", metavar="ACTION", required=True)
    _staff_option(base._command(training, "status", "each person's status per course (active staff)",
                                cmd_training_status), required=False)
