"""The station's own team TNA: a planning year's development needs by category, and who needs what."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop.domain.tna import PlanningYear, by_category, needs_in_year


def test_a_manager_opens_the_team_tna_and_changes_the_year(unlocked, qtbot):
    shell = unlocked.shell
    shell.show_page(shell.overview)
    overview = shell.overview
    qtbot.mouseClick(overview.tna_button, Qt.MouseButton.LeftButton)
    dialog = overview.tna_dialog
    assert dialog is not None and dialog.isVisible()
    this = PlanningYear.containing(date.today())
    expected = needs_in_year(shell.workspace.conversations().team_needs(), this)
    assert expected, "the demo team has development needs this year"
    assert dialog.summary.text().startswith(f"{len(expected)} development needs for {this.label}")
    assert dialog.who.rowCount() == len(expected)
    assert dialog.categories.rowCount() == len(by_category(expected))
    names = {dialog.who.index(r, 1).data() for r in range(dialog.who.rowCount())}
    assert "Unknown" not in names and len(names) > 1
    assert dialog.year.accessibleName() == "Planning year"
    assert dialog.category_table.accessibleName() == "Training needs by category"
    dialog.grab().save("/tmp/h13/team_tna.png")

    dialog.year.setFocus()
    qtbot.keyClick(dialog.year, Qt.Key.Key_Down)        # next year
    later = PlanningYear(this.year + 1)
    assert later.label in dialog.summary.text()
    assert dialog.who.rowCount() == len(needs_in_year(shell.workspace.conversations().team_needs(), later))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_estimated_hours_and_cost_are_typed_in_the_development_plan(unlocked, qtbot):
    from desktop.domain.conversation import Kind, Section
    from tests.gui.conftest import type_text
    from tests.gui.test_conversation import click, fresh_person
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.EADR)
    row = next(i for i, s in enumerate(page.sections) if s.section is Section.DEVELOPMENT)
    page.steps.setCurrentRow(row)
    dev = page.sections[row]
    click(dev.items.add_button)
    editor = dev.items.editors[-1]
    type_text(editor.need, "ILS instructor course")
    type_text(editor.hours, "seven")
    type_text(editor.cost, "£1,200")
    page.steps.setCurrentRow(row + 1)                 # leaving the section saves
    assert "is not a number of hours" in editor.hours_error.text()
    stored = shell.workspace.conversations().open_for(person.id)
    item = next(d for d in stored.development if d.need == "ILS instructor course")
    assert (item.estimated_hours, item.estimated_cost) == (None, 1200.0)
    page.steps.setCurrentRow(row)
    editor.hours.clear()
    type_text(editor.hours, "7.5")
    page.steps.setCurrentRow(row + 1)
    assert not editor.hours_error.text()
    stored = shell.workspace.conversations().open_for(person.id)
    item = next(d for d in stored.development if d.need == "ILS instructor course")
    assert (item.estimated_hours, item.estimated_cost) == (7.5, 1200.0)
