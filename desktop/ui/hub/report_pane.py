"""What every report tab of the hub window shares: its figures in words, a chart named and described by
those words, and the report's table. A pane asks the `Hub` for its report and shows it; the words come
from desktop/hub/report_text.py, the charts from the shared builder in desktop/ui/widgets/charts.py."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from desktop.hub.report_text import cell_text, heading
from desktop.hub.reports import Table
from desktop.hub.service import Hub
from desktop.ui.models.object_table import Column, ObjectTableModel
from desktop.ui.widgets.charts import chart_view
from desktop.ui.widgets.tables import list_table

_RIGHT = ("_pct", "_staff", "_12m", "items", "required", "in_date", "score", "started", "progress", "done", "dropped",
          "sequence", "records", "quarantined", "conflicts")   # columns of figures, right-aligned


def _figures(rows: list[list], i: int) -> bool:
    """Whether column `i` holds figures (numbers, some perhaps blank), which read right-aligned."""
    values = [r[i] for r in rows if r[i] is not None]
    return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def report_columns(headers: list[str], rows: list[list] = ()) -> list[Column[list]]:
    """A column per header: headings and cells as people read them, sorting by the raw value (blanks last);
    figures right-aligned (by name, or because every value in `rows` is a number)."""
    return [Column(heading(h), (lambda r, i=i, h=h: cell_text(r[i], h)),
                   sort_key=(lambda r, i=i: (r[i] is None, r[i] if not isinstance(r[i], str) else r[i].lower())),
                   align_right=h.endswith(_RIGHT) or _figures(list(rows), i))
            for i, h in enumerate(headers)]


def table_view(table: Table | None, name: str, headers: list[str] | None = None,
               rows: list[list] | None = None) -> tuple[QTableView, ObjectTableModel]:
    """A report table (or `headers` and `rows` of one) as a sortable list named `name`."""
    rows = rows if rows is not None else (table.rows if table else [])
    model: ObjectTableModel = ObjectTableModel(report_columns(headers or (table.headers if table else []), rows))
    model.set_rows(rows)
    return list_table(model, name), model


def words_label(text: str, name: str) -> QLabel:
    """A report's figures in words, selectable so HR can copy them."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                  Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


def clear(widget: QWidget) -> QVBoxLayout:
    """Empty a pane's layout before it is filled again."""
    layout = widget.layout()
    while layout.count():
        item = layout.takeAt(0)
        if item.widget():
            item.widget().deleteLater()
        elif item.layout():
            QWidget().setLayout(item.layout())
    return layout


def styled_page(pane: QWidget) -> None:
    """A tab page of a QWidget subclass draws the style sheet's page background only when asked to (a plain
    QWidget does it unasked), so each pane asks, and looks as the tabs did before they were classes."""
    pane.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)


class ReportPane(QWidget):
    """A tab showing one report. `refresh()` asks the hub again; `tables` and `words` keep what it showed (by
    report name) for saving and printing. `name` is the report saved from this tab."""

    name = ""

    def __init__(self, hub: Hub, as_of: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub = hub
        self.as_of = as_of
        self.tables: dict[str, Table] = {}
        self.words: dict[str, str] = {}
        styled_page(self)
        QVBoxLayout(self)

    def refresh(self) -> None:
        raise NotImplementedError

    def report(self, name: str, **options) -> Table:
        table = self.tables[name] = self.hub.report(name, self.as_of, **options)
        return table

    @staticmethod
    def add_chart(layout: QVBoxLayout, chart: QChart, name: str, words: str, stretch: int,
                  minimum_height: int = 240) -> QChartView:
        """A report's chart, named and described by its figures in words, as every tab shows one."""
        view = chart_view(chart, minimum_height)
        view.setAccessibleName(name)
        view.setAccessibleDescription(words)
        layout.addWidget(view, stretch)
        return view
