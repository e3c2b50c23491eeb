"""EADR Station benchmarks on realistic data sizes; prints a table of medians.

Run from the project root:

    make bench
    # or
    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench.py [--only GROUP ...]

Groups: startup, unlock, search, import, cpd (one person's ten years of CPD; training status of
7,000 staff x 15 courses), core (key derivation and demo build), print (PDF
forms, against LibreOffice converting an equivalent .docx when `soffice` is installed; `make
bench` installs it first), sync (station bundle export; a whole trust's import at the hub against
plain sqlite3 executemany).
Everything it needs (demo workspaces, a roster CSV, data and log folders) is built
in a temporary folder and removed afterwards. Each row is the median (and minimum)
of several runs timed with time.perf_counter; "verdict" compares the median with
the target from the performance issue. A missed target is reported, not failed:
the exit code is 0 unless a measure could not run at all.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Row, render_table  # noqa: E402

GROUPS = ("startup", "unlock", "search", "import", "cpd", "core", "print", "sync", "stalls")
SMALL, LARGE = 300, 7000
CHEAP_RUNS = 7      # start-up launches (each kind), key derivation
RUNS = 5            # unlock, search sessions, roster import
EXPENSIVE_RUNS = 3  # demo build of 7,000
PRINT_RUNS = 30     # one EADR record or blank form
BATCH_RUNS = 3      # 300 blank forms in one PDF; LibreOffice conversions
SYNC_RUNS = 2       # a whole trust's import (about a minute each with its data)


def machine_context() -> str:
    import PySide6
    from PySide6.QtCore import qVersion
    lines = [
        f"python   {platform.python_version()} ({platform.python_implementation()}) on {platform.platform()}",
        f"PySide6  {PySide6.__version__} (Qt {qVersion()}), QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}",
        f"cpus     {os.cpu_count()}",
    ]
    commit = _git_commit()
    if commit:
        lines.append(f"commit   {commit}")
    return "\n".join(lines)


def _git_commit() -> str:
    root = Path(__file__).resolve().parents[2]
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return head + (" (with uncommitted changes)" if dirty else "")


def _quiet_qt_messages() -> None:
    """Drop the offscreen plugin's harmless 'propagateSizeHints' warning; keep the rest."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)
    qInstallMessageHandler(handler)


class Bench:
    """Builds the shared data lazily and collects rows and notes from each group."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.failures: list[str] = []
        self._demos: dict[int, Path] = {}
        self._app = None

    def demo(self, staff: int) -> Path:
        if staff not in self._demos:
            from bench_data import make_demo
            self._demos[staff] = make_demo(self.scratch / f"demo-{staff}", staff)
        return self._demos[staff]

    def app(self):
        if self._app is None:
            from desktop.ui.app import make_app
            _quiet_qt_messages()
            self._app = make_app()
        return self._app

    # --- groups -------------------------------------------------------------------
    def startup(self) -> None:
        from measure_startup import measure_startup
        self.rows += measure_startup(self.scratch, self.demo(SMALL), CHEAP_RUNS)

    def unlock(self) -> None:
        from measure_gui import (
            HOME_TARGETS, first_unlock, measure_home_after_open, measure_open_workspace, measure_unlock,
        )
        from harness import Target
        app = self.app()
        cold = first_unlock(app, self.demo(SMALL))
        self.notes.append(f"unlock: the first unlock in the process (cold, {SMALL} staff, not in the table) "
                          f"took {cold * 1000:.0f} ms")
        for staff in (SMALL, LARGE):
            size = f"{staff:,} staff"
            self.rows.append(measure_unlock(app, self.demo(staff), size, RUNS, Target(HOME_TARGETS[staff].limit + 0.5)))
            self.rows += measure_open_workspace(self.demo(staff), size, RUNS)
            self.rows.append(measure_home_after_open(app, self.demo(staff), size, RUNS, HOME_TARGETS[staff]))

    def search(self) -> None:
        from measure_gui import measure_search
        rows, notes = measure_search(self.app(), self.demo(LARGE), f"{LARGE:,} staff", RUNS)
        self.rows += rows
        self.notes += notes

    def import_(self) -> None:
        from bench_data import write_roster
        from measure_core import measure_import
        csv_path = write_roster(self.scratch / "roster.csv", LARGE)
        self.rows += measure_import(self.scratch, csv_path, LARGE, RUNS)

    def cpd(self) -> None:
        import shutil

        from measure_cpd import measure_cpd_log, measure_training_status
        self.rows += measure_training_status(self.demo(LARGE), LARGE, RUNS)
        folder = self.scratch / "cpd-ten-years"
        shutil.copytree(self.demo(SMALL), folder)
        self.rows += measure_cpd_log(self.app(), folder, RUNS)

    def core(self) -> None:
        from measure_core import measure_demo_build, measure_kdf
        self.rows.append(measure_demo_build(self.scratch, LARGE, EXPENSIVE_RUNS))
        self.rows.append(measure_kdf(CHEAP_RUNS))

    def print_(self) -> None:
        from measure_print import measure_print
        rows, notes = measure_print(self.scratch, PRINT_RUNS, BATCH_RUNS, BATCH_RUNS,
                                    log=lambda line: print(line, file=sys.stderr, flush=True))
        self.rows += rows
        self.notes += notes

    def sync(self) -> None:
        from measure_sync import measure_export, measure_trust_import
        self.rows += measure_export(self.scratch, SMALL, RUNS)
        rows, notes = measure_trust_import(self.scratch, SYNC_RUNS,
                                           log=lambda line: print(line, file=sys.stderr, flush=True))
        self.rows += rows
        self.notes += notes

    def stalls(self) -> None:
        from measure_stalls import measure_stalls
        rows, notes = measure_stalls(self.app(), self.scratch, {SMALL: self.demo(SMALL), LARGE: self.demo(LARGE)},
                                     log=lambda line: print(line, file=sys.stderr, flush=True))
        self.rows += rows
        self.notes += notes

    def run(self, group: str) -> None:
        action: Callable[[], None] = getattr(self, f"{group}_" if group in ("import", "print") else group)
        print(f"running {group}…", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            action()
        except Exception:
            self.failures.append(f"{group}: could not run\n{traceback.format_exc()}")
        print(f"  {group} took {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=GROUPS, default=list(GROUPS), metavar="GROUP",
                        help=f"run only these groups ({', '.join(GROUPS)})")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(machine_context())
    print(flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="eadr-bench-") as tmp:
        scratch = Path(tmp)
        os.environ["EADR_DATA_DIR"] = str(scratch / "data")
        os.environ["EADR_LOG_DIR"] = str(scratch / "logs")
        os.environ.pop("EADR_PASSPHRASE", None)
        bench = Bench(scratch)
        for group in GROUPS:  # a fixed order: start-up first, before this process holds a Qt app
            if group in args.only:
                bench.run(group)
    print(render_table(bench.rows))
    print()
    for note in bench.notes:
        print(f"* {note}")
    print(f"* medians of runs; 'min' is the fastest run; ratios are median/median and min/min; "
          f"whole bench {time.perf_counter() - started:.0f} s", flush=True)
    for failure in bench.failures:
        print(f"\nFAILED {failure}", file=sys.stderr)
    return 1 if bench.failures else 0


if __name__ == "__main__":
    sys.exit(main())
