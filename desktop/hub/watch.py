"""HR's watched folders: each complete new station bundle that appears is imported once, by the same
`Hub.import_files` as a manual import, then filed under imported/, duplicate/ or rejected/ beside a one-line
reason, and the station's reference bundle is written back into the folder it came from.

A file is taken only once it looks finished: not a temporary name a sync client or this app writes while
copying (`.x.partial`, `*.tmp`, `~$x`, `.~lock.x#`) and the same size and time at two looks in a row. Crash-safe
without a journal: the import is one transaction, and a file found again after the watcher was killed between
the import and the move is recognised by its file name in the hub's bundle list and filed as imported.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.hub.service import Hub, HubError, ImportResult
from desktop.store.files import discard, write_atomic
from desktop.sync.format import SUFFIX

FILED = ("imported", "duplicate", "rejected")
PARTIAL_ENDINGS = (".tmp", ".partial", ".part", ".crdownload", ".download", ".temp", "~")
REFERENCE_MARK = "-reference-"
# Outcomes that say nothing about the file itself: it stays where it is and is tried again at the next look.
RETRY_REASONS = ("cannot be read", "disk full")


def is_partial(name: str) -> bool:
    """A name a file has while it is still being written (by this app, Office, LibreOffice or a sync client)."""
    lower = name.lower()
    return lower.startswith((".", "~$", "~")) or lower.endswith(PARTIAL_ENDINGS)


def is_station_bundle(path: Path) -> bool:
    return path.name.endswith(SUFFIX) and REFERENCE_MARK not in path.name and not is_partial(path.name)


@dataclass(frozen=True)
class Filed:
    """What the watcher did with one file (or a folder it could not reach)."""

    file: Path
    outcome: str          # imported / duplicate / rejected / waiting / reference
    reason: str

    def line(self) -> str:
        return f"{self.file}: {self.outcome}: {self.reason}"


def _looks(folder: Path) -> list[Path]:
    """Station bundles in `folder` and in its station subfolders (one level down), oldest name first."""
    found: list[Path] = []
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and is_station_bundle(entry):
            found.append(entry)
        elif entry.is_dir() and entry.name not in FILED and not is_partial(entry.name):
            try:
                found.extend(sorted(p for p in entry.iterdir() if p.is_file() and is_station_bundle(p)))
            except OSError:
                continue   # a subfolder that went away between two calls: seen at the next look
    return found


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{Path(name).stem} ({n}){SUFFIX}" if name.endswith(SUFFIX) else folder / f"{name} ({n})"
    return target


def file_away(path: Path, outcome: str, reason: str) -> Path:
    """Move `path` into outcome/ beside it, a one-line reason file written first (so a kill between the two
    leaves the bundle where it was, to be looked at again)."""
    folder = path.parent / outcome
    folder.mkdir(exist_ok=True)
    target = _free_name(folder, path.name)
    reason_file = target.with_name(target.name + ".txt")
    write_atomic(reason_file, f"{outcome}: {reason}\n".encode())
    try:
        os.replace(path, target)
    except OSError:
        discard(reason_file)
        raise
    return target


class Watcher:
    """Looks at the folders again each time `look()` is called; holds what it saw last time."""

    def __init__(self, hub: Hub, folders: list[Path]):
        self.hub = hub
        self.folders = [Path(f) for f in folders]
        self._seen: dict[Path, tuple[int, int]] = {}

    def look(self) -> list[Filed]:
        """One look at every folder: import what has stayed the same since the last look, note the rest."""
        events: list[Filed] = []
        still_here: set[Path] = set()
        for folder in self.folders:
            try:
                candidates = _looks(folder)
            except OSError as exc:
                events.append(Filed(folder, "waiting", f"the folder cannot be reached ({exc.strerror or exc}); "
                                    "looking again later"))
                continue
            changed_stations: dict[str, Path] = {}
            for path in candidates:
                try:
                    stat = path.stat()
                except OSError:
                    continue
                still_here.add(path)
                now = (stat.st_size, stat.st_mtime_ns)
                before = self._seen.get(path)
                self._seen[path] = now
                if before != now or stat.st_size == 0:
                    continue   # new or still growing: taken once it has stayed the same for one look
                event = self._take(path)
                if event is None:
                    continue
                events.append(event)
                self._seen.pop(path, None)
                if event.outcome == "imported" and event.station:
                    changed_stations[event.station] = path.parent
            for station, where in changed_stations.items():
                events.append(self._reference(station, where))
        self._seen = {p: v for p, v in self._seen.items() if p in still_here}
        return [e.filed if isinstance(e, _Taken) else e for e in events]

    def _take(self, path: Path) -> _Taken | None:
        result: ImportResult = self.hub.import_files([path])[0]
        if result.outcome == "rejected" and (result.reason or "").startswith(RETRY_REASONS):
            return None
        earlier = self.hub.store.bundle_file_station(path.name) if result.outcome == "duplicate" else None
        if earlier is not None:
            outcome, reason = "imported", "imported earlier; filed now (the watcher stopped before moving it)"
            station = earlier
        elif result.outcome == "applied":
            outcome, reason, station = "imported", result.line().split(": ", 1)[1], result.station
        elif result.outcome == "duplicate":
            outcome, reason, station = "duplicate", "already imported; nothing changed", ""
        else:
            outcome, reason, station = "rejected", result.reason or "refused", ""
        try:
            target = file_away(path, outcome, reason)
        except OSError:
            return None   # the folder went away mid-move: the next look finds the file and files it then
        return _Taken(Filed(target, outcome, reason), station)

    def _reference(self, station: str, folder: Path) -> Filed:
        """The station's new reference bundle into its folder, the older ones there removed."""
        try:
            path = self.hub.reference_bundle(station, folder)
        except (HubError, OSError) as exc:
            return Filed(folder, "waiting", f"reference bundle for {station} not written ({exc}); written after "
                         "its next import")
        for old in folder.glob(f"{station}{REFERENCE_MARK}*{SUFFIX}"):
            if old != path:
                discard(old)
        return Filed(path, "reference", f"reference bundle for {station} written")


@dataclass(frozen=True)
class _Taken:
    filed: Filed
    station: str

    @property
    def outcome(self) -> str:
        return self.filed.outcome


def watch(hub: Hub, folders: list[Path], interval: float, once: bool, report: Callable[[Filed], None],
          sleep: Callable[[float], None]) -> int:
    """Look every `interval` seconds until interrupted; `once`: two looks `interval` apart (a file must stay the
    same between them) and stop. Returns how many files were filed."""
    watcher = Watcher(hub, folders)
    filed = 0
    looks = 0
    while True:
        for event in watcher.look():
            report(event)
            filed += event.outcome in FILED
        looks += 1
        if once and looks >= 2:
            return filed
        sleep(interval)
