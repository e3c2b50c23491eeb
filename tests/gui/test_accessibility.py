"""A screen reader can tell the fields apart: every control a person can reach on each page, person tab,
conversation section and dialog has a name, and no two in the same place share one."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from desktop.ui.widgets.search_field import SearchField

from tests.gui.surfaces import conversation_sections, dialogs, interactive, person_tabs, shell_pages, shown, spoken_name


def problems(label: str, root: QWidget) -> list[str]:
    for search in root.findChildren(SearchField):
        if search.isVisibleTo(root) and not search.text():   # the clear button only shows once there is text
            QTest.keyClicks(search, "zz")
    controls = interactive(root)
    assert controls, f"{label}: no controls found"
    names = {id(w): spoken_name(w, root) for w in controls}
    counts = Counter(names.values())
    found = []
    for widget in controls:
        name = names[id(widget)]
        if not name:
            found.append(f"{label}: a {type(widget).__name__} ({widget.objectName() or 'no object name'}) has no "
                         "accessible name")
        elif counts[name] > 1:
            found.append(f"{label}: {counts[name]} controls are all called “{name}”")
    return sorted(set(found))


def test_the_start_screens_name_every_control(window):
    found = problems("unlock", window.unlock)
    from desktop.ui.pages.welcome import WelcomePage
    welcome = WelcomePage()
    with shown(welcome):
        found += problems("welcome", welcome)
    assert not found, "\n".join(found)


def test_every_page_and_person_tab_names_every_control_uniquely(unlocked, qtbot):
    found: list[str] = []
    for label, page in shell_pages(unlocked):
        found += problems(label, page)
    for label, page in person_tabs(unlocked):
        found += problems(label, page)
    assert not found, "\n".join(found)


def test_every_dialog_names_every_control_uniquely(unlocked, tmp_path):
    found: list[str] = []
    for label, make in dialogs(unlocked, tmp_path):
        with shown(make()) as dialog:
            found += problems(label, dialog)
    assert not found, "\n".join(found)


def _items_numbered() -> bool:
    from desktop.ui.conversation.editors import ItemEditor
    return hasattr(ItemEditor, "set_number")


@pytest.mark.xfail(not _items_numbered(), strict=True,
                   reason="repeating items (objectives, actions, development needs) carry their number in their "
                          "names once the conversation branch's ItemEditor.set_number is merged")
def test_every_conversation_section_names_every_control_uniquely(unlocked):
    found: list[str] = []
    for label, section in conversation_sections(unlocked):
        found += problems(label, section)
    assert not found, "\n".join(found)


def test_the_hub_window_names_every_control_uniquely(qtbot, tmp_path):
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))
    from syncing import AS_OF, make_hub

    from desktop.ui.hub.window import HubWindow
    hub = make_hub(tmp_path / "hub")
    try:
        window = HubWindow(hub, as_of=AS_OF)
        qtbot.addWidget(window)
        window.show()
        found: list[str] = []
        tabs = getattr(window, "tabs", None)
        for index in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(index)
            found += problems(f"hub: {tabs.tabText(index) if tabs is not None else 'window'}", window)
        assert not found, "\n".join(found)
    finally:
        hub.close()
