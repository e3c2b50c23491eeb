"""Shared fixtures. Every test runs with its data and log folders under tmp_path,
never the real user folders."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

from desktop.security.keyfile import Argon2Params

# The same examples on every run, so CI is reproducible: a property that fails, fails every time.
settings.register_profile("reproducible", derandomize=True, deadline=None)
settings.load_profile("reproducible")

# Cheap Argon2 for tests that are not about key derivation; keyfile tests use the real defaults.
FAST = Argon2Params(time_cost=1, memory_kib=8192, parallelism=1)
AS_OF = date(2026, 11, 23)
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EADR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EADR_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("EADR_PASSPHRASE", raising=False)


@pytest.fixture
def workspace(tmp_path: Path):
    """An empty, unlocked workspace."""
    from desktop.security.unlock import create_workspace
    ws = create_workspace(tmp_path / "ws", PASSPHRASE, "Ipswich Ambulance Station", "Jo Taylor", params=FAST)
    yield ws
    if ws.db.conn is not None:
        try:
            ws.close()
        except Exception:
            pass


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    """A closed 40-person demo workspace (passphrase 'demo')."""
    from desktop.demo.build import build_demo
    folder = tmp_path / "demo"
    build_demo(folder, staff=40, as_of=AS_OF, params=FAST).close()
    return folder


# --- the fault ledger: every fault scenario tried, and every record it lost -----------------------------
# Fault tests (tests/faults/ and the autosave kill in tests/e2e/) call `faults.tried(name, lost)` once the
# fault has really happened and the workspace has been checked, before asserting, so a failing scenario
# is still counted. The summary goes to the terminal and to pytest's cache (faults/summary).
_FAULTS: dict[str, int] = {}


class FaultLedger:
    def tried(self, scenario: str, lost: int = 0) -> None:
        _FAULTS[scenario] = _FAULTS.get(scenario, 0) + lost


@pytest.fixture
def faults() -> FaultLedger:
    return FaultLedger()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not _FAULTS:
        return
    lost = sum(_FAULTS.values())
    terminalreporter.section("fault suite")
    for scenario, count in sorted(_FAULTS.items()):
        terminalreporter.write_line(f"{'LOST ' + str(count) if count else 'ok':>8}  {scenario}")
    terminalreporter.write_line(f"Faults: {len(_FAULTS)} tried, {lost} records lost", bold=True, red=bool(lost))
    if getattr(config, "cache", None) is not None:
        config.cache.set("faults/summary", {"tried": len(_FAULTS), "lost": lost, "scenarios": _FAULTS})
