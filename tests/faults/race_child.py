"""Run one eadr-station command that stops inside its critical section until the parent says go, so two
commands can be made to meet there (or prove they cannot). Usage: race_child.py GO_FILE -- CLI ARGS...

The child prints LOCKED-OUT the first time it finds the workspace's or hub's lock held by another
process, and INSIDE when it reaches the work under the lock (for `hub import`: after the bundle was
opened and checked against those already imported, before it is applied); there it waits until GO_FILE
exists. Nothing here changes what the app does."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

GO = Path(sys.argv[1])
ARGS = sys.argv[3:] if sys.argv[2:3] == ["--"] else sys.argv[2:]

from desktop.hub import service  # noqa: E402
from desktop.store import instance_lock  # noqa: E402

_try, _decode = instance_lock.InstanceLock._try, service.decode_parts
_told = False


def _watching_try(self, fh) -> bool:
    global _told
    got = _try(self, fh)
    if not got and not _told:
        _told = True
        print("LOCKED-OUT", flush=True)
    return got


def _waiting_decode(opened):
    print("INSIDE", flush=True)
    while not GO.exists():
        time.sleep(0.05)
    return _decode(opened)


instance_lock.InstanceLock._try = _watching_try
service.decode_parts = _waiting_decode

from desktop.cli import main  # noqa: E402

code = main(ARGS)
sys.stdout.flush()
os._exit(code)
