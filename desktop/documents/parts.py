"""Building blocks shared by the printed forms: escaped paragraphs, tables, writing space, tick boxes."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import StyleSheet1
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from desktop.documents.base import NHS_BLUE, PALE_GREY

RULE = colors.HexColor("#AEB7BD")


def esc(text: str) -> str:
    """Text for a reportlab Paragraph: markup characters escaped, line breaks kept."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def para(text: str, styles: StyleSheet1, style: str = "Cell") -> Paragraph:
    return Paragraph(esc(text), styles[style])


def grid(head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], styles: StyleSheet1,
         empty: str = "None recorded.") -> Table:
    """A table with a blue heading row, banded rows and wrapped cells; one row saying `empty` if none."""
    body = [[para(cell, styles) for cell in row] for row in rows] or [
        [para(empty, styles)] + [para("", styles) for _ in head[1:]]]
    table = Table([[Paragraph(esc(h), styles["CellHead"]) for h in head], *body], colWidths=list(widths),
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), NHS_BLUE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE_GREY]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.25, RULE),
    ]))
    return table


def details(pairs: Sequence[tuple[str, str]], widths: Sequence[float], styles: StyleSheet1) -> Table:
    """Label/value pairs, two pairs to a row."""
    cells = [[Paragraph(f"<b>{esc(label)}</b>", styles["Cell"]), para(value or "—", styles)]
             for label, value in pairs]
    rows = [cells[i] + (cells[i + 1] if i + 1 < len(cells) else ["", ""]) for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=list(widths))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (-1, -1), 0.25, RULE),
                               ("INNERGRID", (0, 0), (-1, -1), 0.25, RULE),
                               ("BACKGROUND", (0, 0), (0, -1), PALE_GREY), ("BACKGROUND", (2, 0), (2, -1), PALE_GREY)]))
    return table


class WritingSpace(Flowable):
    """Ruled lines for handwriting: 8 mm apart, as on NHS paper forms."""

    def __init__(self, lines: int, label: str = "", spacing: float = 8 * mm):
        super().__init__()
        self.lines, self.label, self.spacing = lines, label, spacing

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.lines * self.spacing + (4 * mm if self.label else 0) + 2 * mm

    def draw(self) -> None:
        c = self.canv
        top = self.lines * self.spacing + (4 * mm if self.label else 0)
        if self.label:
            c.setFont("DejaVuSans", 8)
            c.setFillColor(colors.HexColor("#425563"))
            c.drawString(0, top - 3 * mm, self.label)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        for i in range(1, self.lines + 1):
            y = top - (4 * mm if self.label else 0) - i * self.spacing + 1 * mm
            c.line(0, y, self.width, y)


def tick_boxes(options: Sequence[str], styles: StyleSheet1, per_row: int = 3, width: float = 180 * mm) -> Table:
    """"☐ option" cells for paper; words, not colour, say what each box means."""
    cells = [para(f"☐ {option}", styles) for option in options]
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    table = Table(rows, colWidths=[width / per_row] * per_row)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table
