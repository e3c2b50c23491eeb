"""One error vocabulary: every exception class the Qt-free core defines is an EadrError (message, where,
hint) or the one Cancelled, and the command line prints any of them as one line with exit 1."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

import desktop
from desktop.cli import main
from desktop.domain.errors import Cancelled, EadrError, describe


def _core_modules():
    for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
        if not info.name.startswith(("desktop.ui", "desktop.__main__")):
            yield importlib.import_module(info.name)


def test_every_core_exception_class_is_rooted_in_eadr_error():
    defined = {cls for module in _core_modules() for cls in vars(module).values()
               if isinstance(cls, type) and issubclass(cls, BaseException) and cls.__module__ == module.__name__}
    assert len(defined) >= 28, sorted(c.__qualname__ for c in defined)
    strays = sorted(f"{c.__module__}.{c.__qualname__}" for c in defined
                    if not issubclass(c, EadrError) and c is not Cancelled)
    assert not strays, f"not rooted in EadrError: {strays}"
    assert not issubclass(Cancelled, EadrError), "Cancel is not an error to report"


def test_the_old_catches_still_work():
    """Code that caught ValueError or OSError still catches the classes that were those."""
    from desktop.domain.staff import StaffValidationError
    from desktop.store.files import WriteFailed
    assert issubclass(StaffValidationError, ValueError)
    failed = WriteFailed("/tmp/x.pdf", 28, "/tmp/x.pdf was not saved: disk full.")
    assert isinstance(failed, OSError) and failed.errno == 28 and failed.where == "/tmp/x.pdf"


@pytest.mark.parametrize("error, line", [
    (EadrError("wrong passphrase", where="/ws", hint="check EADR_PASSPHRASE"), "/ws: wrong passphrase; check EADR_PASSPHRASE"),
    (EadrError("Nothing was sent.", hint="check the printer"), "Nothing was sent. Check the printer"),
    # said once: a message that already names its file and next step is left as it is
    (EadrError("/ws/key.json is missing; restore the folder", where="/ws/key.json", hint="restore the folder"),
     "/ws/key.json is missing; restore the folder"),
])
def test_describe_says_where_what_and_what_next_once(error, line):
    assert describe(error) == line


def test_the_command_line_prints_an_eadr_error_as_one_line(tmp_path, capsys):
    from desktop.security.unlock import create_workspace
    from tests.conftest import FAST, PASSPHRASE
    create_workspace(tmp_path / "ws", PASSPHRASE, "Ipswich", "Jo Taylor", params=FAST).close()
    code = main(["backup", "restore", str(tmp_path / "nope.db"), "--workspace", str(tmp_path / "ws")])
    err = capsys.readouterr().err
    assert code == 1 and err == f"eadr-station: {tmp_path / 'nope.db'}: no such backup file\n"


def test_opening_the_app_loads_no_other_command_module():
    """The fast start: `eadr-station` alone builds a parser with the gui command only."""
    script = ("import sys\nfrom desktop.cli import main as _\n"
              "sys.modules['desktop.cli.main'].build_parser(['gui'])\n"
              "print(sorted(m for m in sys.modules if m.startswith('desktop.cli.')))\n"
              "print(sorted(m for m in ('PySide6', 'reportlab', 'sqlcipher3', 'desktop.store') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    loaded, heavy = out.splitlines()
    assert loaded == "['desktop.cli.gui', 'desktop.cli.main', 'desktop.cli.options']" and heavy == "[]", out
