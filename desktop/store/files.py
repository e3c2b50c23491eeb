"""Writing files so that a crash, a full disk or a read-only folder never leaves half a file.

Every file the app writes outside the database (PDFs, subject access exports, the key
file) goes through here: the bytes go to a hidden temporary file beside the target,
are flushed to disk, and only then renamed over the real name, so the target is either
absent, the old complete file, or the new complete file. Failures become one plain
message naming the real file and what to do, never a path ending in ".partial".
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from desktop.domain.errors import EadrError

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_READ_ONLY = {errno.EROFS}
_DENIED = {errno.EACCES, errno.EPERM}


class WriteFailed(EadrError, OSError):
    """A file could not be written; nothing was left under its name. str() is the whole message.

    Still an OSError (errno, strerror) for callers that test the code; `where` is the file."""

    def __init__(self, path: Path, code: int | None, message: str):
        OSError.__init__(self, code, message)
        self.path = Path(path)
        self.message, self.where, self.hint = message, str(path), None

    def __str__(self) -> str:
        return str(self.strerror)


SQLITE_FULL = 13


NEARLY_FULL_BYTES = 1024 * 1024


def is_disk_full(exc: BaseException, folder: Path | None = None) -> bool:
    """The one test for "the disk is full", whoever reports it: the OS (ENOSPC, a quota, a file too big) or
    SQLite ("database or disk is full", SQLITE_FULL). SQLite reports a -shm file it cannot grow as a plain
    "disk I/O error"; given the `folder` it was working in, that counts as full when the disk has almost
    no room left (under 1 MB), so a full disk at unlock is never mistaken for a damaged database."""
    if isinstance(exc, OSError) and exc.errno in _FULL:
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF == SQLITE_FULL:
        return True
    text = str(exc).lower()
    if "database or disk is full" in text or "no space left on device" in text:
        return True
    return folder is not None and "disk i/o error" in text and free_space(folder) < NEARLY_FULL_BYTES


def free_space(folder: Path) -> int:
    """Bytes free to this user on the disk holding `folder` (a very large number if that cannot be told)."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 1 << 62


FREE_SPACE = "Free some space on that disk (empty the Recycle Bin, delete old exports or copies you no longer need)"


def disk_full(where: Path, doing: str = "was not saved") -> WriteFailed:
    """The one "disk full" message: what could not be done, what to free, and that what was there is intact."""
    return WriteFailed(Path(where), errno.ENOSPC, f"{where} {doing}: disk full. {FREE_SPACE}, then try again; "
                                                  "what was saved before is intact and nothing needs restoring.")


def explain(path: Path, code: int | None, detail: str = "") -> str:
    """One line a user can act on, naming the file."""
    if code in _FULL:
        return f"{path} was not saved: disk full. {FREE_SPACE} or choose another place; nothing was written."
    if code in _READ_ONLY:
        return (f"{path} was not saved: the folder {path.parent} is read-only. Choose another folder; "
                "nothing was written.")
    if code in _DENIED:
        return (f"{path} was not saved: you do not have permission to write in {path.parent}. Choose another "
                "folder; nothing was written.")
    return f"{path} was not saved ({detail or os.strerror(code or errno.EIO)}); nothing was written."


def failure(path: Path, exc: OSError) -> WriteFailed:
    if isinstance(exc, WriteFailed):
        return exc
    return WriteFailed(path, exc.errno, explain(path, exc.errno, exc.strerror or str(exc)))


def staging_path(path: Path) -> Path:
    """The hidden temporary name a file is written under before it is renamed into place."""
    return path.with_name(f".{path.name}.partial")


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no directory handles to sync)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _stage(path: Path, data: bytes) -> Path:
    tmp = staging_path(path)
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically; raises WriteFailed and leaves no partial file."""
    return write_all([(Path(path), data)])[0]


def write_all(files: list[tuple[Path, bytes]]) -> list[Path]:
    """Write several files that belong together: every one is staged and synced before any is renamed,
    so a full disk or a read-only folder leaves none of them behind."""
    staged: list[tuple[Path, Path]] = []
    current = files[0][0] if files else Path()
    try:
        for path, data in files:
            current = path
            staged.append((_stage(path, data), path))
        for tmp, path in staged:
            current = path
            os.replace(tmp, path)
        for folder in {path.parent for _tmp, path in staged}:
            fsync_folder(folder)
    except OSError as exc:
        for path, _data in files:
            discard(staging_path(path))
        raise failure(current, exc) from None
    except BaseException:
        for path, _data in files:
            discard(staging_path(path))
        raise
    return [path for path, _data in files]


def discard(path: Path) -> None:
    """Remove a temporary file if it is there; on a read-only disk even that fails, and there is nothing to do."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def folder_writable(folder: Path) -> bool:
    """False on a read-only disk or folder (os.access reports EROFS even for an administrator)."""
    return os.access(folder, os.W_OK)


def is_absent_or_empty(folder: Path) -> bool:
    return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))


@contextmanager
def staged_folder(folder: Path) -> Iterator[Path]:
    """Build a new folder (a workspace, a hub) in a hidden sibling and rename it into place only once the
    block completes, so a crash never leaves a half-made one. `folder` must be absent or empty."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.creating-", dir=folder.parent))
    try:
        yield staging
        if folder.exists():
            folder.rmdir()
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
