"""`eadr-station self-test`: smoke-test an installed, wheel-installed or frozen build (see docs/cli.md)."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from desktop.cli.options import EXIT_OK, Refused, command


def cmd_self_test(args: argparse.Namespace) -> int:
    """End to end in a temporary folder: a workspace, its PDFs, a bundle through a hub, the main window."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.demo.build import build_demo
    from desktop.documents import printing
    from desktop.documents.team_list import TeamList
    from desktop.security.unlock import unlock_workspace
    from desktop.store.folder import DB_FILE, DEMO_PASSPHRASE

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
        paramedic = next(p for p in people if p.hcpc_number)
        if not printing.cpd_profile(workspace, paramedic).save(Path(tmp) / "cpd.pdf").read_bytes().startswith(b"%PDF"):
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


def add_parser(subparsers) -> None:
    command(subparsers, "self-test", "check this installation works, in a temporary folder", cmd_self_test,
            json=False, workspace=False)
