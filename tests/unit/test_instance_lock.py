import subprocess
import sys

import pytest

from desktop.store.instance_lock import InstanceLock, WorkspaceInUse

HOLD = ("import sys, time; from pathlib import Path; from desktop.store.instance_lock import InstanceLock; "
        "lock = InstanceLock(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(60)")


def test_a_second_copy_is_refused_and_a_killed_one_frees_the_workspace(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WorkspaceInUse, match="already open in another EADR Station window"):
            InstanceLock(tmp_path).acquire()
    finally:
        holder.kill()       # SIGKILL: no chance to clean up
        holder.wait()
    lock = InstanceLock(tmp_path).acquire()
    assert lock.held
    lock.release()
    InstanceLock(tmp_path).acquire().release()
