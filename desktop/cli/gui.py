"""`eadr-station gui`: open the application (the default command; see docs/cli.md).

Kept tiny: opening the app loads only this module and options.py, not the other commands.
"""

from __future__ import annotations

import argparse

from desktop.cli.options import command


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.ui.app import run_gui
    return run_gui(args.workspace)


def add_parser(subparsers) -> None:
    command(subparsers, "gui", "open the application (the default)", cmd_gui, json=False)
