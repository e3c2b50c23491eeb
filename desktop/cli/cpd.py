"""CPD logs from the command line: `cpd {list,export,import}` (see docs/cli.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.options import (
    EXIT_OK, EXIT_REFUSED, Refused, add_staff, command, emit, find_staff, group, open_workspace, wrote,
)


def cmd_cpd_list(args: argparse.Namespace) -> int:
    from desktop.domain.cpd import hours_text
    from desktop.domain.dates import iso, uk
    with open_workspace(args, write=False) as workspace:
        person = find_staff(workspace, args.staff)
        entries = workspace.cpd().entries(person.id or "")
    rows = [{"id": e.id, "start_date": iso(e.start_date), "end_date": iso(e.end_date), "title": e.title,
             "activity_type": e.activity_type.value, "hours": e.hours, "provider": e.provider,
             "waiting_for_reflection": e.waiting_for_reflection, "evidence_files": len(e.evidence)}
            for e in entries]

    def prose() -> None:
        for e in entries:
            flag = "reflection to add" if e.waiting_for_reflection else ""
            print("\t".join([e.dates_text(uk), e.activity_type.label, hours_text(e.hours), e.title, flag]))
    emit(args, rows, prose)
    return EXIT_OK


def cmd_cpd_export(args: argparse.Namespace) -> int:
    from desktop.sync.cpd_portable import export_portable
    with open_workspace(args) as workspace:
        person = find_staff(workspace, args.staff)
        path = export_portable(workspace.cpd(), person, args.out)
    wrote(args, path, "")
    return EXIT_OK


def cmd_cpd_import(args: argparse.Namespace) -> int:
    from desktop.sync.cpd_portable import OwnerMismatch, PortableFileError, import_portable
    if not args.file.is_file():
        raise Refused("no such file", where=str(args.file))
    with open_workspace(args) as workspace:
        person = find_staff(workspace, args.staff)
        try:
            outcome = import_portable(workspace.cpd(), person, args.file,
                                      other_person_confirmed=args.different_name_confirmed)
        except OwnerMismatch as exc:
            raise Refused(f"{exc} (if it is the same person under another name or number, add "
                          "--same-person-confirmed)", where=exc.where) from None
        except PortableFileError as exc:
            raise Refused(str(exc), where=exc.where, hint="nothing was imported") from None

    def prose() -> None:
        print(f"{args.file.name}: {outcome.added} added, {outcome.duplicates} already held, "
              f"{len(outcome.refused)} refused, {outcome.evidence_files} evidence files")
        for row in outcome.refused:
            print(f"{args.file.name}: entry {row['entry']}: refused: {row['reason']}", file=sys.stderr)
    emit(args, outcome.as_dict(), prose)
    return EXIT_REFUSED if outcome.refused else EXIT_OK


def add_parser(subparsers) -> None:
    """`cpd` and its actions."""
    cpd = group(subparsers, "cpd", "CPD logs")
    add_staff(command(cpd, "list", "a staff member's CPD log, newest first", cmd_cpd_list))
    add_staff(command(cpd, "export", "the portable CPD file (JSON and evidence in one zip)", cmd_cpd_export,
                      out="FILE.zip"))
    p = command(cpd, "import", "add a portable CPD file to a staff member's log (duplicates are skipped)",
                cmd_cpd_import)
    p.add_argument("file", type=Path, metavar="FILE.zip")
    p.add_argument("--same-person-confirmed", dest="different_name_confirmed", action="store_true",
                   help="import although the file's name or HCPC number differs from the staff member's "
                        "(a change of name); otherwise such a file is refused")
    add_staff(p)
