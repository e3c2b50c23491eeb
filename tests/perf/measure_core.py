"""Measures without a window: key derivation, demo build and roster import."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from desktop.security.keyfile import DEFAULT_PARAMS, derive_kek
from desktop.sync.roster import Outcome, RosterPlan, apply_plan, plan_import
from bench_data import make_demo, make_empty_workspace
from harness import Row, Target

IMPORT_TARGET = Target(2.0)


def measure_kdf(runs: int) -> Row:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        derive_kek("demo", b"0" * 16, DEFAULT_PARAMS)
        samples.append(time.perf_counter() - start)
    p = DEFAULT_PARAMS
    return Row(f"Argon2id key derivation (t={p.time_cost}, {p.memory_kib // 1024} MiB, p={p.parallelism})",
               "-", samples)


def measure_demo_build(scratch: Path, staff: int, runs: int) -> Row:
    samples = []
    for i in range(runs):
        folder = scratch / f"demo-build-{i}"
        start = time.perf_counter()
        make_demo(folder, staff)
        samples.append(time.perf_counter() - start)
        shutil.rmtree(folder)
    return Row("demo build", f"{staff:,} staff", samples)


def _check(plan: RosterPlan, outcome: Outcome, rows: int) -> None:
    if plan.count(outcome) != rows:
        raise AssertionError(f"expected {rows} rows to {outcome.value}, got: {plan.summary()}")


def measure_import(scratch: Path, csv_path: Path, rows: int, runs: int) -> list[Row]:
    """A fresh workspace per run (so each run adds every row), then the same file again (unchanged)."""
    plan_s, apply_s, total_s, again_s = [], [], [], []
    for i in range(runs):
        folder = scratch / f"import-{i}"
        workspace = make_empty_workspace(folder)
        try:
            start = time.perf_counter()
            plan = plan_import(csv_path, workspace.staff())
            planned = time.perf_counter()
            apply_plan(plan, workspace.staff())
            done = time.perf_counter()
            _check(plan, Outcome.ADD, rows)
            plan_s.append(planned - start)
            apply_s.append(done - planned)
            total_s.append(done - start)

            start = time.perf_counter()
            again = plan_import(csv_path, workspace.staff())
            apply_plan(again, workspace.staff())
            again_s.append(time.perf_counter() - start)
            _check(again, Outcome.UNCHANGED, rows)
        finally:
            workspace.close()
            shutil.rmtree(folder)
    size = f"{rows:,} rows"
    return [
        Row("roster import: plan", size, plan_s),
        Row("roster import: apply", size, apply_s),
        Row("roster import: total (all new)", size, total_s, IMPORT_TARGET),
        Row("roster re-import (all unchanged)", size, again_s, IMPORT_TARGET),
    ]
