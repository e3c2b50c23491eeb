"""Building blocks shared by the printed forms: escaped paragraphs, tables, writing space, tick boxes."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from desktop.documents.base import NHS_BLUE, PALE_GREY

RULE = colors.HexColor("#AEB7BD")
# A list table's look: a blue heading row, banded rows, a thin rule under each row.
BANDED = [
    ("BACKGROUND", (0, 0), (-1, 0), NHS_BLUE),
    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE_GREY]),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
]


def esc(text: str) -> str:
    """Text for a reportlab Paragraph: markup characters escaped, line breaks kept."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


class PlainText(Flowable):
    """Plain wrapped text: what a table cell or a note needs, several times cheaper than a Paragraph
    (no markup to parse). Wraps at spaces by measured width, breaks over-long words, splits across pages."""

    def __init__(self, text: str, style: ParagraphStyle, lines: list[str] | None = None):
        super().__init__()
        self.text, self.style = text, style
        self._lines = lines
        self._for_width = -1.0

    def _wrap_lines(self, width: float) -> list[str]:
        font, size = self.style.fontName, self.style.fontSize
        space = stringWidth(" ", font, size)
        lines: list[str] = []
        for paragraph in self.text.split("\n"):
            line, used = "", 0.0
            for word in paragraph.split(" "):
                w = stringWidth(word, font, size)
                while w > width and len(word) > 1:       # a word longer than the cell: break it
                    cut = max(1, int(len(word) * width / w))
                    if line:
                        lines.append(line)
                        line, used = "", 0.0
                    lines.append(word[:cut])
                    word = word[cut:]
                    w = stringWidth(word, font, size)
                if line and used + space + w > width:
                    lines.append(line)
                    line, used = word, w
                else:
                    line, used = (f"{line} {word}" if line else word), (used + space + w if line else w)
            lines.append(line)
        return lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._lines is None or self._for_width != available_width:
            self._lines = self._wrap_lines(available_width)
            self._for_width = available_width
        self.width = available_width
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        fits = int(available_height // self.style.leading)
        if fits < 1 or fits >= len(self._lines or []):
            return []
        lines = self._lines or []
        return [PlainText("", self.style, lines[:fits]), PlainText("", self.style, lines[fits:])]

    def draw(self) -> None:
        text = self.canv.beginText(0, self.height - self.style.fontSize)
        text.setFont(self.style.fontName, self.style.fontSize, self.style.leading)
        text.setFillColor(self.style.textColor)
        text.textLines(self._lines or [], trim=0)
        self.canv.drawText(text)


def para(text: str, styles: StyleSheet1, style: str = "Cell") -> PlainText:
    return PlainText(text, styles[style])


_PADDING = 12  # reportlab's default left + right cell padding, in points


def cell(text: str, width: float, styles: StyleSheet1, style: str = "Cell") -> str | PlainText:
    """A bare string when it fits on one line (the table draws it directly), else wrapped PlainText."""
    st = styles[style]
    if "\n" not in text and stringWidth(text, st.fontName, st.fontSize) <= width - _PADDING:
        return text
    return PlainText(text, st)


def _cell_fonts(styles: StyleSheet1, head: str = "CellHead", body: str = "Cell") -> list[tuple]:
    """Table-style commands so plain-text cells look like the Paragraph ones."""
    h, b = styles[head], styles[body]
    return [("FONT", (0, 0), (-1, -1), b.fontName, b.fontSize, b.leading),
            ("FONT", (0, 0), (-1, 0), h.fontName, h.fontSize, h.leading),
            ("TEXTCOLOR", (0, 0), (-1, 0), h.textColor)]


def grid(head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], styles: StyleSheet1,
         empty: str = "None recorded.") -> Table:
    """A table with a blue heading row, banded rows and wrapped cells; one row saying `empty` if none."""
    rows = [list(r) for r in rows] or [[empty] + [""] * (len(head) - 1)]
    body = [[cell(text, w, styles) for text, w in zip(row, widths)] for row in rows]
    table = Table([[cell(h, w, styles, "CellHead") for h, w in zip(head, widths)], *body], colWidths=list(widths),
                  repeatRows=1)
    table.setStyle(TableStyle([
        *_cell_fonts(styles),
        *BANDED,
        ("BOX", (0, 0), (-1, -1), 0.25, RULE),
    ]))
    return table


def details(pairs: Sequence[tuple[str, str]], widths: Sequence[float], styles: StyleSheet1) -> Table:
    """Label/value pairs, two pairs to a row; labels bold on grey."""
    label_w, value_w = widths[0], widths[1]
    cells = [[cell(label, label_w, styles, "CellLabel"), cell(value or "—", value_w, styles)]
             for label, value in pairs]
    rows = [cells[i] + (cells[i + 1] if i + 1 < len(cells) else ["", ""]) for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=list(widths))
    label = styles["CellLabel"]
    table.setStyle(TableStyle([*_cell_fonts(styles)[:1],
                               ("FONT", (0, 0), (0, -1), label.fontName, label.fontSize, label.leading),
                               ("FONT", (2, 0), (2, -1), label.fontName, label.fontSize, label.leading),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (-1, -1), 0.25, RULE),
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
