"""Run one eadr-station command and freeze it at a chosen point of writing a file, so the parent can
SIGKILL it exactly there. Usage: pause_child.py POINT NAME_SUFFIX -- CLI ARGS...

POINT is where to stop, for the first file whose real name ends with NAME_SUFFIX:
  half-write     half the bytes written (and synced) to its temporary file: a torn write
  before-rename  the temporary file complete and synced, not yet renamed
  after-rename   renamed into place, before anything after it (the audit entry) is committed
The child prints PAUSED and sleeps; the parent kills it. Nothing here changes what the app does
until that point."""

from __future__ import annotations

import builtins
import os
import sys
import time
from pathlib import Path

POINT, SUFFIX = sys.argv[1], sys.argv[2]
ARGS = sys.argv[4:] if sys.argv[3:4] == ["--"] else sys.argv[3:]
_open, _replace = builtins.open, os.replace


def _pause() -> None:
    print("PAUSED", flush=True)
    time.sleep(600)
    os._exit(3)


def _real_name(path: object) -> str:
    """The name a temporary file will be renamed to ('.x.pdf.partial' and 'x.db.partial' both give x.*)."""
    name = Path(os.fspath(path)).name
    return name.removesuffix(".partial").removeprefix(".") if name.endswith(".partial") else name


class _Torn:
    def __init__(self, fh):
        self._fh = fh

    def write(self, data: bytes) -> int:
        self._fh.write(data[: len(data) // 2])
        self._fh.flush()
        os.fsync(self._fh.fileno())
        _pause()
        return 0

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._fh.close()

    def __getattr__(self, name: str):
        return getattr(self._fh, name)


def _fake_open(file, mode="r", *args, **kwargs):
    fh = _open(file, mode, *args, **kwargs)
    # Any file opened for writing whose real name matches: the staging file of an atomic write, or the
    # target itself if the app ever wrote in place (then the kill leaves the torn file for the test to find).
    if (POINT == "half-write" and "w" in mode and isinstance(file, (str, os.PathLike))
            and _real_name(file).endswith(SUFFIX)):
        return _Torn(fh)
    return fh


def _fake_replace(src, dst, *args, **kwargs):
    hit = Path(os.fspath(dst)).name.endswith(SUFFIX)
    if hit and POINT == "before-rename":
        _pause()
    _replace(src, dst, *args, **kwargs)
    if hit and POINT == "after-rename":
        _pause()


builtins.open = _fake_open
os.replace = _fake_replace

from desktop.cli import main  # noqa: E402

code = main(ARGS)
print(f"FINISHED {code}", flush=True)
sys.exit(code)
