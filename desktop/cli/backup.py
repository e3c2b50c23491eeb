"""Encrypted backups of a workspace: `backup {create,list,restore}` (see docs/cli.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.options import (
    EXIT_OK, Refused, command, emit, group, lock_folder, open_workspace, read_passphrase, workspace_folder,
)


def cmd_backup_create(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        path = workspace.take_backup("manual")
    emit(args, {"file": str(path)}, lambda: print(path))
    return EXIT_OK


def cmd_backup_list(args: argparse.Namespace) -> int:
    from desktop.store.folder import read_info
    from desktop.store.workspace import list_backups
    folder = workspace_folder(args)
    read_info(folder)
    found = list_backups(folder)
    emit(args, [{"file": str(b.path), "taken_at": b.taken_at.isoformat(), "kind": b.kind, "bytes": b.size}
                for b in found],
         lambda: print("\n".join(f"{b.path}\t{b.describe()}" for b in found) or "no backups yet"))
    return EXIT_OK


def cmd_backup_restore(args: argparse.Namespace) -> int:
    from desktop.security.keyfile import WrongPassphrase
    from desktop.security.unlock import restore_and_unlock
    from desktop.store.folder import read_info
    from desktop.store.workspace import RESTORE_RESENDS, BackupError
    if not args.backup.is_file():
        raise Refused("no such backup file", where=str(args.backup))
    folder = workspace_folder(args)
    read_info(folder)
    lock = lock_folder(folder)
    try:
        # Not through open_workspace: the database being replaced may be too damaged to open.
        workspace, kept = restore_and_unlock(folder, read_passphrase(f"Passphrase for {folder}: "), args.backup)
        workspace.close()
    except WrongPassphrase:
        raise Refused("wrong passphrase", where=str(folder), hint="nothing was changed") from None
    except BackupError as exc:
        raise Refused(str(exc), where=str(args.backup), hint="nothing was changed") from None
    finally:
        lock.release()
    emit(args, {"restored": str(args.backup), "previous_kept_as": str(kept) if kept else None},
         lambda: print(f"Restored {args.backup.name}" + (f"; the previous data is kept as {kept}" if kept else "")
                       + f".\n{RESTORE_RESENDS}"))
    return EXIT_OK


def add_parser(subparsers) -> None:
    """`backup` and its actions."""
    backup = group(subparsers, "backup", "encrypted backups of a workspace")
    command(backup, "create", "take a backup now", cmd_backup_create)
    command(backup, "list", "the workspace's backups, newest first", cmd_backup_list)
    p = command(backup, "restore", "replace the workspace with a verified backup", cmd_backup_restore)
    p.add_argument("backup", type=Path, metavar="BACKUP")
