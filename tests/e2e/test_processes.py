"""The real program as a process: the GUI comes up, and the packaged self-test logic passes."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EADR_DATA_DIR": str(tmp_path / "data"),
            "EADR_LOG_DIR": str(tmp_path / "logs"), **extra}


def test_gui_process_shows_the_unlock_screen_without_loading_the_workspace_stack(demo_folder, tmp_path):
    script = (
        "import sys, runpy\n"
        "sys.argv = ['eadr-station', 'gui', '--workspace', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('desktop', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('reportlab', 'sqlite_utils', 'sqlcipher3', 'argon2') if m in sys.modules]\n"
        "print('heavy-before-unlock:', ','.join(heavy) or 'none')\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(demo_folder)], capture_output=True, text=True,
                            cwd=ROOT, env=_env(tmp_path, EADR_EXIT_WHEN_SHOWN="1"), timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "shown " in result.stdout
    # The unlock screen must not wait for SQLCipher, reportlab or the crypto stack (start-up budget).
    assert "heavy-before-unlock: none" in result.stdout


def test_self_test_command(tmp_path):
    result = subprocess.run([sys.executable, "-m", "desktop", "self-test"], capture_output=True, text=True,
                            cwd=ROOT, env=_env(tmp_path), timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    for step in ("workspace created and migrated: ok", "database encrypted: ok",
                 "PDFs rendered (team list, EADR record, blank form, CPD profile): ok",
                 "sync bundle sealed (age, Ed25519) and applied by a hub: ok",
                 "main window shown offscreen: ok", "self-test passed"):
        assert step in result.stdout


def test_cli_refusal_is_one_line_never_a_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "desktop", "roster", "import", str(tmp_path / "x.csv"),
                             "--workspace", str(tmp_path / "nowhere")], capture_output=True, text=True,
                            cwd=ROOT, env=_env(tmp_path, EADR_PASSPHRASE="x"), timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert "nowhere does not exist" in result.stderr
