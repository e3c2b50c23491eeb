"""HR's dip review: draw a station's sample for a quarter, open each sampled record (what the bundle
carried: never private notes), tick the quality checklist as HR sees it, and leave a comment for the
manager. The review goes back with the station's next reference bundle."""

from __future__ import annotations

import html
import json
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QSpinBox,
    QSplitter, QTextBrowser, QVBoxLayout, QWidget,
)

from desktop.domain import dip
from desktop.domain.conversation import Outcome
from desktop.domain.dates import uk
from desktop.domain.staff import Role
from desktop.hub.service import Hub, HubError
from desktop.ui.models.object_table import Column, ObjectTableModel
from desktop.ui.widgets.tables import list_table


def _uk(text: str | None) -> str:
    return uk(date.fromisoformat(text[:10])) if text else "—"


def _pct(value: int | None) -> str:
    return f"{value}%" if value is not None else "—"


def _outcome(value: str) -> str:
    try:
        return Outcome(value).label
    except ValueError:
        return value


def _role(value: str | None) -> str:
    try:
        return Role(value or "").label
    except ValueError:
        return value or ""


def record_html(record: dict) -> str:
    """The sampled record's shareable parts, in reading order."""
    e = html.escape
    content = json.loads(record.get("content") or "{}")
    parts = [f"<h3>{e(record['staff_name'] or 'Unknown')} ({e(record['assignment_number'] or '—')}), "
             f"{e(_role(record['role']))}, {e(str(record['band'] or 'no band recorded'))}</h3>",
             f"<p>Station {e(record['station'])}. Signed by the staff member {_uk(record['staff_signed_on'])} and "
             f"by {e(record['manager_signature'] or 'the manager')} {_uk(record['manager_signed_on'])}. The "
             f"station's own checklist score: {_pct(record['quality_score'])}.</p>"]
    if content.get("summary"):
        parts.append(f"<h4>Summary</h4><p>{e(content['summary'])}</p>")
    values = {k: v for k, v in (content.get("values") or {}).items() if str(v).strip()}
    if values:
        parts.append("<h4>Values</h4>" + "".join(f"<p><b>{e(k)}</b>: {e(str(v))}</p>" for k, v in values.items()))
    for title, rows in (("Objectives reviewed", [o for o in record["objectives"] if o["review"]]),
                        ("New objectives", [o for o in record["objectives"] if not o["review"]])):
        if rows:
            parts.append(f"<h4>{title}</h4><ul>" + "".join(
                f"<li>{e(o['title'])} — measure: {e(o['measure'] or 'none')}; target: {_uk(o['target_date'])}"
                + (f"; outcome: {e(_outcome(o['outcome']))}" if o["review"] else "") + "</li>" for o in rows) + "</ul>")
    if record["development"]:
        parts.append("<h4>Development plan</h4><ul>" + "".join(
            f"<li>{e(d['need'])} ({e(d['tna_category'] or 'uncategorised')}): {e(d['action'] or '')}; by "
            f"{_uk(d['target_date'])}</li>" for d in record["development"]) + "</ul>")
    talent = content.get("talent") or {}
    if talent.get("aspirations"):
        parts.append(f"<h4>Talent and aspirations</h4><p>{e(talent['aspirations'])}</p>")
    wellbeing = content.get("wellbeing") or {}
    shared = [a.get("text", "") for a in wellbeing.get("actions", []) if a.get("share_with_hr")]
    if wellbeing.get("held_on") or shared:
        parts.append(f"<h4>Wellbeing</h4><p>Conversation held {_uk(wellbeing.get('held_on'))}. The notes stay at "
                     "the station." + (" Actions shared with HR: " + e("; ".join(shared)) if shared else "") + "</p>")
    parts.append(f"<h4>The staff member's comments</h4><p>{e(record['staff_comments'] or 'None recorded.')}</p>")
    return "".join(parts)


class DipReviewPage(QWidget):
    """Emits `reviewed(message)` when HR saves a review."""

    reviewed = Signal(str)

    def __init__(self, hub: Hub, as_of: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub = hub
        self.record: dict | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.station = QComboBox()
        self.station.setAccessibleName("Station")
        self.period = QLineEdit(str(dip.Period.of(as_of)))
        self.period.setAccessibleName("Period (year and quarter, e.g. 2026-Q3)")
        self.percent = QSpinBox()
        self.percent.setRange(1, 100)
        self.percent.setValue(dip.DEFAULT_PERCENT)
        self.percent.setSuffix("%")
        self.percent.setAccessibleName("Sample size, per cent of records")
        self.minimum = QSpinBox()
        self.minimum.setRange(1, 50)
        self.minimum.setValue(dip.DEFAULT_MINIMUM)
        self.minimum.setAccessibleName("At least this many records")
        for text, widget in (("S&tation", self.station), ("&Quarter", self.period), ("Sample si&ze", self.percent),
                             ("at &least", self.minimum)):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        self.draw_button = QPushButton("D&raw the station's sample")
        self.draw_button.clicked.connect(lambda _=False: self.draw())
        bar.addWidget(self.draw_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Sample summary")
        layout.addWidget(self.summary)

        split = QSplitter()
        columns = [Column("Staff member", lambda r: r["staff_name"]), Column("Signed", lambda r: _uk(r["signed_on"]),
                                                                             sort_key=lambda r: r["signed_on"]),
                   Column("Appraiser", lambda r: r["appraiser"] or "—"),
                   Column("Station's score", lambda r: _pct(r["quality_score"]), align_right=True),
                   Column("HR's score", lambda r: _pct(r["hr_score"]) if r["hr_score"] is not None else "not reviewed",
                          align_right=True)]
        self.model: ObjectTableModel = ObjectTableModel(columns)
        self.sample_view = list_table(self.model, "Sampled records", stretch=0)
        self.sample_view.selectionModel().currentRowChanged.connect(lambda current, _prev: self.open(current.row()))
        split.addWidget(self.sample_view)

        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        self.record_view = QTextBrowser()
        self.record_view.setAccessibleName("The sampled record (what the station shared)")
        side.addWidget(self.record_view, 3)
        heading = QLabel("<b>HR's checklist</b>: tick each item the record meets")
        side.addWidget(heading)
        self.checks_box = QVBoxLayout()
        side.addLayout(self.checks_box)
        self.checks: list[QCheckBox] = []
        comment_label = QLabel("&Comment for the manager")
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName("Comment for the manager")
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(80)
        comment_label.setBuddy(self.comment)
        side.addWidget(comment_label)
        side.addWidget(self.comment)
        row = QHBoxLayout()
        self.score_label = QLabel()
        self.score_label.setAccessibleName("HR's score")
        self.save_button = QPushButton("&Save HR's review")
        self.save_button.clicked.connect(lambda _=False: self.save())
        row.addWidget(self.score_label, 1)
        row.addWidget(self.save_button)
        side.addLayout(row)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)
        self.refresh_stations()
        self._set_record(None)

    def refresh_stations(self) -> None:
        current = self.station.currentData()
        self.station.clear()
        for code, name in self.hub.stations():
            self.station.addItem(f"{code} — {name}" if name and name != code else code, code)
        if current:
            self.station.setCurrentIndex(max(0, self.station.findData(current)))

    def draw(self) -> list[dict]:
        code = self.station.currentData()
        if not code:
            self.summary.setText("No station is enrolled yet: write an enrolment file on Imports and conflicts.")
            return []
        try:
            rows = self.hub.dip_sample(code, self.period.text(), self.percent.value(), self.minimum.value())
        except HubError as exc:
            QMessageBox.warning(self, "Sample not drawn", str(exc))
            return []
        period = dip.Period.parse(self.period.text())
        self.period.setText(str(period))
        reviewed = sum(r["hr_score"] is not None for r in rows)
        self.summary.setText(
            f"{len(rows)} record{'s' if len(rows) != 1 else ''} sampled from the EADRs {code} signed in "
            f"{period.words()} ({self.percent.value()}%, at least {self.minimum.value()}); the same station and "
            f"quarter always draw the same records. {reviewed} reviewed so far." if rows else
            f"No EADR signed at {code} in {period.words()} has reached HR yet.")
        self.model.set_rows(rows)
        self._set_record(None)
        if rows:
            self.sample_view.setCurrentIndex(self.model.index(0, 0))
        return rows

    def open(self, row: int) -> None:
        chosen = self.model.object_at(row)
        self._set_record(self.hub.dip_record(chosen["id"]) if chosen else None)

    def _set_record(self, record: dict | None) -> None:
        self.record = record
        while self.checks:
            box = self.checks.pop()
            self.checks_box.removeWidget(box)
            box.deleteLater()
        self.comment.clear()
        if record is None:
            self.record_view.setHtml("<p>Draw a sample and choose a record to read it.</p>")
            self.save_button.setEnabled(False)
            self.score_label.setText("")
            return
        self.record_view.setHtml(record_html(record))
        review = record["review"]
        met = dict(json.loads(review["checks"])) if review else {}
        for label in record["checklist"]:
            box = QCheckBox(label)
            box.setChecked(bool(met.get(label, False)))
            box.toggled.connect(lambda _checked: self._show_score())
            self.checks.append(box)
            self.checks_box.addWidget(box)
        if review:
            self.comment.setPlainText(review["comment"])
        self.save_button.setEnabled(True)
        self._show_score()
        self.setTabOrder(self.record_view, self.checks[0])
        for a, b in zip(self.checks, self.checks[1:]):
            self.setTabOrder(a, b)
        self.setTabOrder(self.checks[-1], self.comment)
        self.setTabOrder(self.comment, self.save_button)

    def _show_score(self) -> None:
        if self.record is None:
            return
        score = dip.score([b.isChecked() for b in self.checks])
        saved = self.record["review"]
        self.score_label.setText(f"HR's score {score}% · the station's own {_pct(self.record['quality_score'])}"
                                 + (f" · saved review {saved['score']}%" if saved else " · not yet saved"))

    def save(self) -> dict | None:
        if self.record is None:
            return None
        try:
            review = self.hub.review_record(self.record["id"], [b.isChecked() for b in self.checks],
                                            self.comment.toPlainText(), self.period.text())
        except HubError as exc:
            QMessageBox.warning(self, "Review not saved", str(exc))
            return None
        row = self.sample_view.currentIndex().row()
        self.draw()
        self.sample_view.setCurrentIndex(self.model.index(row, 0))
        message = (f"Review saved: HR {review['score']}% for {self.record['staff_name'] if self.record else 'the record'}"
                   f"; it goes to {review['station']} with its next reference bundle")
        self.reviewed.emit(message)
        return review
