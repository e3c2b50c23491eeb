"""An unlocked workspace: the encrypted database of a workspace folder (see store/info.py).

`Workspace` is the store's one front door for the user interface (anki's `Collection` is the model):
`desktop.ui` imports nothing else from `desktop.store` (an import-linter contract keeps it so). What the
UI needs besides the object itself, the row types it shows, the errors it explains and the few
folder-level helpers used before a workspace is open, is re-exported below, deliberately and by name.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from desktop.store.database import check_deferred, copy_database, copy_database_file, open_database
from desktop.store.files import folder_writable
from desktop.store.driver import Database
from desktop.store.migrations import migrate
from desktop.store.info import (  # noqa: F401 (re-exported for callers that hold a Workspace)
    BACKUP_DIR, DB_FILE, INFO_FILE, KEY_FILE, WorkspaceError, WorkspaceInfo, is_workspace, read_info,
)
from desktop.domain import clock
from desktop.domain.team import StaffFacts
from desktop.domain.trust import TrustProfile
from desktop.store import audit, backups, retention, sync_state
from desktop.store.changes import current_seq
from desktop.store.checkin_repo import CheckinRepository
from desktop.store.conversation_repo import ConversationRepository
from desktop.store.cpd_repo import CpdRepository
from desktop.store.leadership_repo import LeadershipRepository
from desktop.store.paper_repo import PaperRepository
from desktop.store.preparation_repo import PreparationRepository
from desktop.store.profile import load_profile
from desktop.store.records import RecordLookup
from desktop.store.staff_repo import StaffRepository
from desktop.store.training_repo import TrainingRepository
from desktop.store.verdict_repo import VerdictRepository

# --- the UI's vocabulary from the store (re-exported on purpose: the UI imports the store only here) -----
from desktop.store.audit import AuditEntry  # noqa: E402,F401
from desktop.store.backups import Backup, BackupError, list_backups  # noqa: E402,F401
from desktop.store.conversation_repo import HistoryLine  # noqa: E402,F401
from desktop.store.database import UNLOCK_FULL, DatabaseDamaged, verify_pages  # noqa: E402,F401
from desktop.store.files import (  # noqa: E402,F401
    FREE_SPACE, WriteFailed, disk_full, is_disk_full, write_atomic,
)
from desktop.store.info import DEMO_PASSPHRASE  # noqa: E402,F401
from desktop.store.instance_lock import InstanceLock, WorkspaceInUse  # noqa: E402,F401
from desktop.store.leadership_repo import RoundRow  # noqa: E402,F401
from desktop.store.retention import RetentionError  # noqa: E402,F401
from desktop.store.sync_state import RESTORE_RESENDS, BundleRecord  # noqa: E402,F401

LAST_BACKUP_SETTING = "last_backup_seq"


@dataclass(frozen=True)
class PendingBackup:
    """A backup read from the database's own thread and written by any thread (`write`), on a connection of
    its own; `Workspace.finish_backup` then records what it covers, back on the database's thread."""

    folder: Path
    key: bytes
    target: Path
    covers_seq: int

    def write(self) -> Path:
        copy_database_file(self.folder / DB_FILE, self.key, self.target)
        backups.rotate(self.folder)
        return self.target


class Workspace:
    """An unlocked workspace. Owns the one database connection of its thread."""

    def __init__(self, folder: Path, info: WorkspaceInfo, db: Database, key: bytes):
        self.folder = folder
        self.info = info
        self.db = db
        self._key = key
        self.pages_checked = True
        self._on_close: list = []
        self._reader = False

    def release_on_close(self, release) -> None:
        """Call `release` (a lock's) once the workspace is closed, so no other writer starts before it is."""
        self._on_close.append(release)

    @classmethod
    def open(cls, folder: Path, key: bytes, defer_large_check: bool = False, *,
             checked: bool = False) -> Workspace:
        """`defer_large_check`: a very large file's page check is left to the caller (see
        `pages_checked`), which the app runs in the background. `checked`: the file was opened and checked a
        moment ago on another thread (see `security.unlock.unlock_off_thread`), so no page check now."""
        info = read_info(folder)
        db_path = folder / DB_FILE
        if not db_path.is_file():
            raise WorkspaceError(f"{db_path} is missing; restore the workspace from a backup", where=str(db_path))
        if not (folder_writable(folder) and folder_writable(db_path)):
            raise WorkspaceError(f"{folder} is read-only, so EADR Station cannot save your work there. Copy the "
                                 "workspace folder somewhere you can write to, or ask IT to make it writable; "
                                 "nothing was changed.", where=str(folder))
        check = not checked and not (defer_large_check and check_deferred(db_path))
        db = open_database(db_path, key, check=check)
        workspace = cls(folder, info, db, key)
        workspace.pages_checked = check
        migrate(db, backup=workspace.backup)
        return workspace

    @property
    def database_key(self) -> bytes:
        """The open database's key, for wrapping into HR's recovery slot at enrolment. Never stored."""
        return self._key

    @property
    def is_open(self) -> bool:
        """False once closed (locking closes it, possibly under an open dialog)."""
        return bool(self._key)

    @property
    def manager_name(self) -> str:
        return self.setting("manager_name") or "Line manager"

    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])

    def clock_warning(self) -> str | None:
        """A line to show when the PC's clock reads earlier than this workspace has already seen (a shared PC
        whose date went back); None when it looks right. Nothing is refused over it."""
        return clock.clock_warning(audit.last_seen(self.db))

    def note_failed_unlocks(self, count: int) -> None:
        """Failed attempts can only be audited once someone gets in."""
        with self.db.atomic():
            audit.record(self.db, self.manager_name, "unlock", "workspace", self.info.workspace_id,
                         f"Unlocked after {count} failed attempt{'s' if count != 1 else ''}")

    def staff(self) -> StaffRepository:
        return StaffRepository(self.db, actor=self.manager_name)

    def conversations(self) -> ConversationRepository:
        return ConversationRepository(self.db, actor=self.manager_name)

    def cpd(self) -> CpdRepository:
        return CpdRepository(self.db, actor=self.manager_name)

    def training(self) -> TrainingRepository:
        return TrainingRepository(self.db, actor=self.manager_name)

    def leadership(self) -> LeadershipRepository:
        return LeadershipRepository(self.db, actor=self.manager_name)

    def paper(self) -> PaperRepository:
        """Scanned paper forms kept with their records."""
        return PaperRepository(self.db, actor=self.manager_name)

    def preparations(self) -> PreparationRepository:
        """The staff members' own preparation for their EADRs (private, like the EADR's notes)."""
        return PreparationRepository(self.db, actor=self.manager_name)

    def records(self) -> RecordLookup:
        """Conversations found by the record ID on their paper forms."""
        return RecordLookup(self.db, self.staff())

    def checkins(self) -> CheckinRepository:
        return CheckinRepository(self.db, actor=self.manager_name)

    def verdicts(self) -> VerdictRepository:
        return VerdictRepository(self.db, actor=self.manager_name)

    @property
    def hr_recipient(self) -> str | None:
        """HR's age public key once enrolled: staff verdict comments are sealed to it."""
        return sync_state.hub_recipient(self.db)

    def profile(self) -> TrustProfile:
        return load_profile(self.db)

    # --- what the pages ask (each a store query over this workspace; see the module docstring) --------
    def team_facts(self, people: list, today) -> dict[str, StaffFacts]:
        """Due dates, open conversations and training per person, for Home and the team table."""
        from desktop.store.team import team_facts
        return team_facts(self, people, today)

    def home_summary(self, people: list, facts: dict[str, StaffFacts], today):
        from desktop.store.home import home_summary
        return home_summary(self, people, facts, today)

    def team_learning(self, today, people: list | None = None):
        from desktop.store.learning import team_learning
        return team_learning(self, today, people)

    def audit_entries(self, limit: int | None = None) -> list[AuditEntry]:
        return audit.entries(self.db, limit=limit)

    def record_audit(self, action: str, entity: str, entity_id: str | None, summary: str) -> None:
        """One audited event by this workspace's manager (printing, for instance), in its own transaction."""
        with self.db.atomic():
            audit.record(self.db, self.manager_name, action, entity, entity_id, summary)

    def add_to_development_plan(self, staff_id: str, dimension_keys: list[str], source: str):
        """360 dimensions into the person's open conversation's development plan: (conversation, items added)."""
        from desktop.store.leadership_repo import add_to_development_plan
        return add_to_development_plan(self.conversations(), staff_id, dimension_keys, source)

    def bundles_waiting(self) -> dict[str, int]:
        """Changed records not yet in a bundle, by part."""
        return sync_state.waiting(self.db)

    def resending_after_restore(self) -> bool:
        return sync_state.resending_after_restore(self.db)

    def acknowledged_seq(self) -> int:
        """The newest change HR has acknowledged holding."""
        return sync_state.acknowledged_seq(self.db)

    def bundle_outbox(self) -> list[BundleRecord]:
        return sync_state.outbox(self.db)

    def bundle_history(self) -> list[BundleRecord]:
        return sync_state.history(self.db)

    def retention_years(self) -> int:
        return retention.retention_years(self.db)

    def set_retention_years(self, years: int) -> None:
        retention.set_retention_years(self.db, self.manager_name, years)

    def past_retention(self, today, years: int | None = None) -> list:
        return retention.past_retention_list(self.db, today, years)

    def delete_leaver(self, staff, today):
        """Delete a leaver past the retention period (raises NotPastRetention otherwise); audited."""
        return retention.delete_person(self.db, self.manager_name, staff, today)

    def backups(self) -> list[Backup]:
        return list_backups(self.folder)

    def backup(self, label: str) -> Path:
        """An encrypted copy of the database in backups/, named by time and purpose."""
        target = backups.new_backup_path(self.folder, label)
        copy_database(self.db, self._key, target)
        return target

    def take_backup(self, kind: str = "manual") -> Path:
        """A named backup, then the rotation; remembers the change sequence it covers."""
        path = self.backup(kind)
        self.set_setting(LAST_BACKUP_SETTING, str(current_seq(self.db)))
        backups.rotate(self.folder)
        return path

    def backup_if_changed(self, kind: str) -> Path | None:
        """Back up only if anything was written since the last backup (timer and closing use this)."""
        if current_seq(self.db) == int(self.setting(LAST_BACKUP_SETTING) or -1):
            return None
        return self.take_backup(kind)

    def prepare_backup(self, kind: str, only_if_changed: bool = False) -> PendingBackup | None:
        """What a background backup needs (None if `only_if_changed` and nothing was written since the last)."""
        seq = current_seq(self.db)
        if only_if_changed and seq == int(self.setting(LAST_BACKUP_SETTING) or -1):
            return None
        return PendingBackup(self.folder, self._key, backups.new_backup_path(self.folder, kind), seq)

    def finish_backup(self, pending: PendingBackup) -> None:
        self.set_setting(LAST_BACKUP_SETTING, str(pending.covers_seq))

    def close_and_restore(self, backup: Path) -> Path | None:
        """Check `backup`, close, and put it in place; returns the copy kept of what it replaced.
        Nothing changes if the backup does not verify."""
        key = self._key
        backups.verify(backup, key)
        folder = self.folder
        self.close()
        return Workspace.restore_closed(folder, key, backup)

    @staticmethod
    def restore_closed(folder: Path, key: bytes, backup: Path) -> Path | None:
        """Put `backup` in place of a closed workspace's database and audit it (any thread: it opens its own
        connections); returns the copy kept of what it replaced. Raises BackupError, changing nothing, if the
        backup does not verify."""
        kept = backups.restore(folder, backup, key)
        restored = Workspace.open(folder, key)
        try:
            with restored.db.atomic():
                audit.record(restored.db, restored.manager_name, "restore", "workspace", restored.info.workspace_id,
                             f"Restored from backup {backup.name}"
                             + (f"; the replaced data is kept as {kept.name}" if kept else ""))
        finally:
            restored.close()
        return kept

    def uses_key(self, key: bytes) -> bool:
        """Whether `key` is this workspace's database key (without handing the key out)."""
        return hmac.compare_digest(key, self._key)

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    @contextmanager
    def reading(self) -> Iterator[Workspace]:
        """The same workspace on a connection of its own, inside one read transaction (a consistent snapshot
        while the app goes on writing), for work on another thread: opened, used and closed on that thread."""
        db = open_database(self.folder / DB_FILE, self._key, check=False)
        reader = Workspace(self.folder, self.info, db, self._key)
        reader._reader = True
        try:
            db.execute("BEGIN")
            yield reader
        finally:
            try:
                db.execute("ROLLBACK")   # it only read
            finally:
                reader.close()

    def close(self) -> None:
        """Checkpoint the WAL into the main file and drop the connection and key."""
        try:
            if not self._reader:   # a reader leaves the checkpoint to the workspace's own connection
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.db.close()
            self._key = b""
            while self._on_close:
                self._on_close.pop()()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
