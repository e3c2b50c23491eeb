"""Command line for scanned paper forms: `scan FILE…` reads a scanner's PDFs or images, finds each form's
record by its code, and keeps each form's pages with its record (encrypted, with its SHA-256). See docs/cli.md."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.options import EXIT_OK, Refused, command, emit, open_workspace


def cmd_scan(args: argparse.Namespace) -> int:
    from desktop.documents import scans
    try:
        pages = scans.read_scans(args.files)   # every file read before anything is kept
    except scans.ScanError as exc:
        raise Refused(f"{exc.message} {exc.hint or ''} Nothing was kept.") from None
    with open_workspace(args, write=not args.dry_run) as workspace:
        found, parts = scans.match(workspace, pages)
        forms = []
        for item in found:
            kept = None if args.dry_run else scans.keep(workspace, item.conversation.id or "", item.form.pages)
            forms.append({"record": item.conversation.id, "assignment_number": item.staff.assignment_number,
                          "name": item.staff.display_name, "kind": item.conversation.kind.label,
                          "status": item.conversation.status.label, "pages": item.form.source_text,
                          "page_count": len(item.form.pages), "sha256": kept.sha256 if kept else None,
                          "kept": kept is not None})
    payload = {"forms": forms,
               "unmatched": [{"file": str(p.source), "page": p.number, "reason": p.problem} for p in parts.unmatched],
               "slips": [{"file": str(p.source), "page": p.number, "kind": p.code.kind.value if p.code else None}
                         for p in parts.slips],
               "blank": [{"file": str(p.source), "page": p.number} for p in parts.blank]}

    def prose() -> None:
        for f in forms:
            done = f"kept with the record, SHA-256 {f['sha256']}" if f["kept"] else "would be kept (dry run)"
            print(f"{f['pages']}: {f['name']} ({f['assignment_number']}), {f['kind']} ({f['status'].lower()}), "
                  f"record {f['record']}: {done}")
        for p in parts.unmatched:
            print(f"{p.label}: not matched ({p.problem}); match it by hand in the app (File → Open scanned "
                  "forms…)")
        for p in parts.slips:
            print(f"{p.label}: a code slip (360 feedback or a staff member's view), not a record; left out")
        if parts.blank:
            print(f"{len(parts.blank)} blank page{'s' if len(parts.blank) != 1 else ''} left out")
    emit(args, payload, prose)
    return EXIT_OK


def add_parser(subparsers) -> None:
    p = command(subparsers, "scan", "scanned paper forms (PDF, PNG, JPEG, TIFF): find each form's record "
                "by its code and keep the pages with it, encrypted", cmd_scan)
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="show which record each form belongs to; keep nothing")
