"""Printed forms and reports as PDF: `print {eadr,blanks,compliance,cpd-profile}` (see docs/cli.md)."""

from __future__ import annotations

import argparse

from desktop.cli.options import EXIT_OK, Refused, add_staff, command, find_staff, group, open_workspace, save_pdf, wrote


def cmd_print_eadr(args: argparse.Namespace) -> int:
    from desktop.documents import printing
    with open_workspace(args) as workspace:
        person = find_staff(workspace, args.staff)
        # One transaction: a blank form plans a conversation, which must not outlive a failed save.
        with workspace.db.atomic():
            if args.blank:
                document = printing.blank_forms(workspace, [person])
            else:
                document = printing.record(workspace, person, include_private=args.private)
            save_pdf(workspace, document, args.out)
    wrote(args, args.out, "")
    return EXIT_OK


def cmd_print_blanks(args: argparse.Namespace) -> int:
    from desktop.documents import printing
    with open_workspace(args) as workspace:
        people = printing.due_within(workspace, args.weeks)
        if not people:
            raise Refused(f"nobody's EADR is due in the next {args.weeks} weeks; nothing printed")
        with workspace.db.atomic():   # the planned conversations and the saved file stand or fall together
            document = printing.blank_forms(workspace, people)
            save_pdf(workspace, document, args.out)
    wrote(args, args.out, f" ({len(people)} forms)", {"forms": len(people)})
    return EXIT_OK


def cmd_print_compliance(args: argparse.Namespace) -> int:
    from desktop.documents import printing
    with open_workspace(args) as workspace:
        document = printing.compliance(workspace)
        save_pdf(workspace, document, args.out)
    wrote(args, args.out, "")
    return EXIT_OK


def cmd_print_cpd_profile(args: argparse.Namespace) -> int:
    from desktop.documents import printing
    with open_workspace(args) as workspace:
        document = printing.cpd_profile(workspace, find_staff(workspace, args.staff))
        save_pdf(workspace, document, args.out)
    wrote(args, args.out, f" ({len(document.selected)} activities)", {"activities": len(document.selected)})
    return EXIT_OK


def add_parser(subparsers) -> None:
    """`print` and its documents."""
    printing = group(subparsers, "print", "printed forms and reports (PDF)", metavar="DOCUMENT")
    p = command(printing, "eadr", "a staff member's EADR record, or a blank pre-filled form", cmd_print_eadr,
                out="FILE.pdf")
    add_staff(p)
    p.add_argument("--blank", action="store_true", help="a blank pre-filled form for a paper conversation")
    p.add_argument("--private", action="store_true",
                   help="include private wellbeing notes, on pages marked Confidential")
    p = command(printing, "blanks", "blank forms for everyone overdue, due within N weeks or with no EADR "
                "recorded, in one PDF", cmd_print_blanks, out="FILE.pdf")
    p.add_argument("--weeks", type=int, default=6, help="how far ahead (default 6 weeks)")
    command(printing, "compliance", "the team's EADR compliance for the notice board", cmd_print_compliance,
            out="FILE.pdf")
    add_staff(command(printing, "cpd-profile", "a staff member's HCPC CPD profile", cmd_print_cpd_profile,
                      out="FILE.pdf"))
