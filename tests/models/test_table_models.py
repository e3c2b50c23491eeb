"""The Qt table models tested without a widget, a view or even an application (vorta's model tests are the
pattern): rows in, the cells, sort order, search and roles a list shows out."""

from __future__ import annotations

from collections import Counter
from datetime import date

from PySide6.QtCore import QModelIndex, Qt

from desktop.domain.cpd import ActivityType, CpdEntry
from desktop.domain.due import Due, DueState
from desktop.domain.staff import Role, Staff, StaffStatus
from desktop.domain.team import StaffFacts
from desktop.domain.training import Course, CourseStatus, TrainingState, TrainingSummary
from desktop.ui.models.cpd_table import CpdTableModel, TrainingTableModel
from desktop.ui.models.object_table import Column, ObjectTableModel
from desktop.ui.models.staff_table import NOT_YET, StaffTableModel

DISPLAY, TIP, ALIGN = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole
COLOUR, FONT, OBJECT = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.UserRole
DOWN = Qt.SortOrder.DescendingOrder


def column(model: ObjectTableModel, n: int, role=DISPLAY) -> list:
    return [model.data(model.index(row, n), role) for row in range(model.rowCount())]


def header(model: ObjectTableModel) -> list[str]:
    return [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]


# --- the general model every list uses ------------------------------------------------------------------
def _people_model() -> ObjectTableModel[tuple[str, int]]:
    model: ObjectTableModel[tuple[str, int]] = ObjectTableModel([
        Column("Name", lambda r: r[0], tooltip=lambda r: f"{r[0]} has {r[1]}"),
        Column("Hours", lambda r: f"{r[1]:,}", sort_key=lambda r: r[1], align_right=True, header_tip="CPD hours"),
        Column("Hidden note", lambda r: "secret", searchable=False)])
    model.set_rows([("Siân Ellis", 12), ("Ben Adams", 1200), ("Zoë Price", 7)])
    return model


def test_cells_headers_and_roles_come_from_the_columns():
    model = _people_model()
    assert (model.rowCount(), model.columnCount()) == (3, 3)
    assert model.rowCount(model.index(0, 0)) == 0          # a table: no row has children
    assert header(model) == ["Name", "Hours", "Hidden note"]
    assert model.headerData(1, Qt.Orientation.Horizontal, TIP) == "CPD hours"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert column(model, 1) == ["12", "1,200", "7"]
    assert column(model, 0, TIP)[1] == "Ben Adams has 1200"
    assert column(model, 1, ALIGN)[0] == int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert column(model, 0, ALIGN)[0] is None
    assert column(model, 0, Qt.ItemDataRole.AccessibleTextRole) == column(model, 0)   # screen readers hear the text
    assert model.data(model.index(2, 0), OBJECT) == ("Zoë Price", 7)
    assert model.data(QModelIndex()) is None


def test_sorting_uses_the_sort_key_not_the_text_and_survives_new_rows():
    model = _people_model()
    model.sort(1)
    assert column(model, 0) == ["Zoë Price", "Siân Ellis", "Ben Adams"]   # 7 < 12 < 1,200, not "1,200" < "12"
    model.sort(0, DOWN)
    assert column(model, 0) == ["Zoë Price", "Siân Ellis", "Ben Adams"]
    model.sort(0)
    assert column(model, 0) == ["Ben Adams", "Siân Ellis", "Zoë Price"]
    model.set_rows([*model.objects, ("Aled Hughes", 3)])      # the chosen order holds for new rows
    assert column(model, 0)[0] == "Aled Hughes"
    model.sort(9)                                              # a column that is not there changes nothing
    assert column(model, 0)[0] == "Aled Hughes"


def test_search_ignores_case_and_accents_and_skips_unsearchable_columns():
    model = _people_model()
    model.set_filter("sian")
    assert column(model, 0) == ["Siân Ellis"]
    model.set_filter("ZOE pri")                                # every word must match
    assert column(model, 0) == ["Zoë Price"]
    model.set_filter("secret")                                 # a column marked not searchable is not searched
    assert model.rowCount() == 0 and model.total == 3
    model.set_filter("", predicate=lambda r: r[1] > 10)
    assert column(model, 0) == ["Siân Ellis", "Ben Adams"]
    assert model.object_at(1) == ("Ben Adams", 1200) and model.object_at(2) is None
    assert model.row_of(lambda r: r[0] == "Ben Adams") == 1 and model.row_of(lambda r: r[0] == "Zoë Price") == -1


def test_replacing_an_edited_row_keeps_the_others_and_adds_an_unknown_one():
    model = _people_model()
    model.replace_object(("Ben Adams", 1200), ("Ben Adams", 5), lambda a, b: a[0] == b[0])
    assert column(model, 1) == ["12", "5", "7"] and model.total == 3
    model.replace_object(("Nia Rees", 1), ("Nia Rees", 1), lambda a, b: a[0] == b[0])
    assert model.total == 4 and column(model, 0)[-1] == "Nia Rees"


def test_muted_rows_are_italic():
    model = _people_model()
    model.set_muted(lambda r: r[1] < 10)
    fonts = column(model, 0, FONT)
    assert fonts[0] is None and fonts[1] is None and fonts[2].italic()


# --- the team table ----------------------------------------------------------------------------------
def _person(last: str, first: str, **kw) -> Staff:
    return Staff(assignment_number=kw.pop("number", f"1{len(last):07d}"), first_name=first, last_name=last,
                 id=last.lower(), **kw)


def test_the_team_table_says_due_dates_cpd_and_training_in_words_and_sorts_by_urgency():
    people = [_person("Jones", "Ffion", band="Band 6", role=Role.PARAMEDIC, number="11111111"),
              _person("Adams", "Ben", preferred_name="Benji", band="Band 5", number="22222222"),
              _person("Price", "Zoë", status=StaffStatus.LEAVER, leaving_date=date(2026, 3, 31), number="33333333"),
              _person("Nguyễn", "Oliver", band="Band 7", number="44444444")]
    facts = {
        "jones": StaffFacts(Due(date(2026, 10, 1), DueState.OVERDUE), last_eadr=date(2025, 10, 1), cpd_hours=7.5,
                            cpd_waiting=2, training=TrainingSummary(Counter({TrainingState.EXPIRED: 2,
                                                                            TrainingState.IN_DATE: 3}), 5)),
        "adams": StaffFacts(Due(date(2027, 6, 1), DueState.UPCOMING), cpd_hours=12.0,
                            training=TrainingSummary(Counter({TrainingState.IN_DATE: 4}), 4)),
        "price": StaffFacts(Due(date(2026, 1, 1), DueState.OVERDUE)),
    }
    model = StaffTableModel()
    model.set_team(people, facts)
    assert header(model) == ["Name", "Assignment", "Role", "Band", "Next EADR", "CPD h", "Training", "Status"]
    assert column(model, 0) == ["Jones, Ffion", "Adams, Benji", "Price, Zoë", "Nguyễn, Oliver"]
    assert column(model, 0, TIP)[1] == "Ben Adams (known as Benji)"
    assert column(model, 3) == ["6", "5", NOT_YET, "7"]
    assert column(model, 4) == ["Overdue · 01/10/2026", "01/06/2027", NOT_YET, NOT_YET]   # a leaver is never due
    assert column(model, 5) == ["7.5", "12", "0", NOT_YET]
    assert column(model, 5, TIP)[0] == "2 CPD entries waiting for reflection"
    assert column(model, 6) == ["2 expired", "All 4 in date", NOT_YET, NOT_YET]
    assert column(model, 7) == ["Active", "Active", "Leaver (31/03/2026)", "Active"]
    assert column(model, 4, COLOUR)[0].name() == "#b00020" and column(model, 4, COLOUR)[1] is None
    assert column(model, 0, FONT)[2].italic()                   # the leaver, in italics (and "Leaver" in words)
    assert "Last signed EADR 01/10/2025" in column(model, 4, TIP)[0]
    model.sort(4)                                               # soonest due first; no date or a leaver last
    assert column(model, 0)[:2] == ["Jones, Ffion", "Adams, Benji"]
    model.sort(6)                                               # worst training first
    assert column(model, 0)[0] == "Jones, Ffion"
    model.set_filter("paramedic 1111")                          # role and assignment number are searched
    assert column(model, 0) == ["Jones, Ffion"]
    model.set_filter("nguyen")
    assert column(model, 0) == ["Nguyễn, Oliver"] and model.row_of_id("nguyễn") == 0
    assert model.due_state(people[0]) is DueState.OVERDUE and model.due_state(people[3]) is None


def test_a_changed_person_replaces_their_row_only():
    model = StaffTableModel()
    ben = _person("Adams", "Ben")
    model.set_team([ben, _person("Jones", "Ffion")], {})
    model.replace_staff(_person("Adams", "Benjamin"))
    assert column(model, 0) == ["Adams, Benjamin", "Jones, Ffion"]


# --- CPD and training --------------------------------------------------------------------------------
def test_cpd_entries_read_in_words_and_sort_by_date_and_hours():
    entries = [CpdEntry("s", "Sepsis study day", date(2026, 5, 3), ActivityType.FORMAL_EDUCATION, 7.5,
                        provider="Trust academy", reflection_what="Learnt the new screening tool", id="a"),
               CpdEntry("s", "Case review", date(2026, 2, 1), hours=1.0, evidence_note="Notes in my folder", id="b"),
               CpdEntry("s", "Journal article", date(2026, 9, 9), ActivityType.SELF_DIRECTED, 0.5, id="c")]
    model = CpdTableModel()
    model.set_rows(entries)
    assert header(model) == ["Date", "Type", "Activity", "Hours", "Reflection", "Evidence"]
    assert column(model, 0) == ["03/05/2026", "01/02/2026", "09/09/2026"]
    assert column(model, 1) == ["Formal education", "Work-based", "Self-directed"]
    assert column(model, 1, TIP)[1] == "Work-based learning"
    assert column(model, 3) == ["7.5", "1", "0.5"]
    assert column(model, 4) == ["Written", "To add", "To add"]
    assert column(model, 4, COLOUR)[1].name() == "#8a5300"       # the words say it too
    assert column(model, 5) == ["None", "Noted", "None"]
    model.sort(0)
    assert column(model, 2) == ["Case review", "Sepsis study day", "Journal article"]
    model.sort(3, DOWN)
    assert column(model, 2)[0] == "Sepsis study day"
    model.set_filter("academy")                                  # the provider is searched though not shown
    assert column(model, 2) == ["Sepsis study day"] and model.row_of_id("a") == 0


def test_training_status_sorts_worst_first_and_says_never_done():
    manual = Course("MH", "Manual handling", 12)
    ipc = Course("IPC", "Infection prevention", None)
    model = TrainingTableModel()
    model.set_rows([CourseStatus(manual, TrainingState.IN_DATE, date(2026, 1, 5), date(2027, 1, 5)),
                    CourseStatus(ipc, TrainingState.NEVER),
                    CourseStatus(manual, TrainingState.EXPIRED, date(2024, 1, 5), date(2025, 1, 5))])
    assert header(model) == ["Course", "Renewal", "Status", "Last done"]
    assert column(model, 3) == ["05/01/2026", "Never", "05/01/2024"]
    assert column(model, 2)[1] == "Never done" and column(model, 2, COLOUR)[1].name() == "#b00020"
    model.sort(2)
    assert [s.state for s in (model.object_at(n) for n in range(3))] == [
        TrainingState.EXPIRED, TrainingState.NEVER, TrainingState.IN_DATE]


# --- the hub's report tables ----------------------------------------------------------------------------
def test_a_hub_report_table_reads_as_words_sorts_by_value_and_puts_blanks_last():
    from desktop.ui.hub.report_pane import report_columns
    model: ObjectTableModel[list] = ObjectTableModel(report_columns(["station", "active_staff",
                                                                    "appraisal_compliance_pct", "signed_on"]))
    model.set_rows([["ips", 1_204, 65.04, "2026-03-04"], ["COL", 9, None, None], ["nor", 80, 100.0, "2025-12-31"]])
    assert header(model) == ["Station", "Active staff", "Appraisal compliance %", "Signed on"]
    assert column(model, 1) == ["1,204", "9", "80"] and column(model, 2) == ["65.0%", "—", "100.0%"]
    assert column(model, 3) == ["04/03/2026", "—", "31/12/2025"]
    assert column(model, 1, ALIGN)[0] is not None and column(model, 0, ALIGN)[0] is None
    model.sort(1)
    assert column(model, 0) == ["COL", "nor", "ips"]            # 9 < 80 < 1,204
    model.sort(2)
    assert column(model, 0) == ["ips", "nor", "COL"]            # no figure sorts last
    model.sort(0)
    assert column(model, 0) == ["COL", "ips", "nor"]            # letters without regard to case


def test_figures_read_right_aligned_whatever_the_column_is_called():
    from desktop.ui.hub.report_pane import report_columns
    rows = [["IPS", "paramedic", 3, None, "12345678"], ["COL", "eca", 11, 2.5, "87654321"]]
    model: ObjectTableModel[list] = ObjectTableModel(report_columns(["station", "role", "ready_now",
                                                                    "leaders_average", "assignment_number"], rows))
    model.set_rows(rows)
    assert [column(model, n, ALIGN)[0] is not None for n in range(5)] == [False, False, True, True, False]
