"""Save PNGs of every screen at 1366x768 (offscreen), to look at them as a user would.

    .venv/bin/python scripts/screenshots.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.demo.build import build_demo  # noqa: E402
from desktop.security.keyfile import Argon2Params  # noqa: E402
from desktop.ui.app import make_app  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402

SIZE = (1366, 768)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    tmp = Path(tempfile.mkdtemp(prefix="eadr-shots-"))
    os.environ["EADR_DATA_DIR"] = str(tmp / "data")
    build_demo(tmp / "demo", staff=40, params=Argon2Params(1, 8192, 1)).close()

    def window_for(folder: Path) -> MainWindow:
        w = MainWindow(folder, folder)
        w.resize(*SIZE)
        w.show()
        app.processEvents()
        return w

    def shot(w: MainWindow, name: str) -> None:
        app.processEvents()
        w.grab().save(str(out / f"{name}.png"))

    welcome = window_for(tmp / "new")
    shot(welcome, "01-welcome")
    welcome.welcome.passphrase.setText("short")
    welcome.welcome.try_create()
    shot(welcome, "02-welcome-errors")
    welcome.close()

    w = window_for(tmp / "demo")
    shot(w, "03-unlock")
    w.unlock.passphrase.setText("wrong")
    w.unlock.try_unlock()
    shot(w, "04-unlock-wrong")
    w.unlock.passphrase.setText("demo")
    w.unlock.try_unlock()
    team = w.shell.team
    team.table.selectRow(3)
    shot(w, "05-team")
    team.search.setText("sian")
    shot(w, "06-team-search")
    team.search.setText("zzzz")
    shot(w, "07-team-no-match")
    team.search.clear()
    team.start_add()
    team.panel.inputs["first_name"].setText("Nguyễn Thị")
    team.panel.save_button.click()
    shot(w, "08-add-errors")
    team.panel.revert_button.click()
    w.shell.nav.setCurrentRow(1)
    shot(w, "09-audit")
    w.close()

    empty_folder = tmp / "empty"
    from desktop.security.unlock import create_workspace
    create_workspace(empty_folder, "correct horse battery", "Bury St Edmunds", "Sam Rivers",
                     params=Argon2Params(1, 8192, 1)).close()
    e = window_for(empty_folder)
    e.unlock.passphrase.setText("correct horse battery")
    e.unlock.try_unlock()
    shot(e, "10-team-empty")
    e.close()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots-local"))
