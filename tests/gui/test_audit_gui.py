"""The Audit log page: each entry names whom it is about, and typing a name filters to that person."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_the_audit_log_names_each_person_and_filters_by_name(unlocked, qtbot):
    shell = unlocked.shell
    nav = shell.nav
    nav.setFocus()
    while nav.currentItem().text() != "Audit log":
        qtbot.keyClick(nav, Qt.Key.Key_Down)
    page = shell.audit
    assert shell.pages.currentWidget() is page
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    about = headers.index("About")
    person = next(p for p in shell.workspace.staff().all() if shell.workspace.cpd().entries(p.id))
    named = [r for r in range(page.model.rowCount()) if page.model.index(r, about).data() == person.display_name]
    assert named, "no entry names the person"
    assert page.search.accessibleName()
    qtbot.mouseClick(page.search, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.search, person.display_name)
    rows = page.model.rowCount()
    assert 0 < rows < page.model.total
    assert rows >= len(named)
    shown = [page.model.index(r, about).data() for r in range(rows)]
    assert shown.count(person.display_name) == len(named)
    assert f"Showing {rows} of" in page.count.text()
