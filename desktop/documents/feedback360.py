"""360 feedback on paper: invitation slips (code and QR), the paper questionnaire, and the feedback report.

A slip carries the one-time code, which exists nowhere else (the workspace keeps only its hash): this PDF is
the only copy. The report carries only what closing a round kept: merged group means and shuffled comments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from desktop.documents.base import PageMark, PdfDocument
from desktop.documents.eadr_blank import qr_code
from desktop.documents.parts import WritingSpace, esc, grid, para, tick_boxes
from desktop.domain.dates import uk
from desktop.domain.form_codes import feedback_payload
from desktop.domain.leadership import (
    GROUP_NOTICE, NO_STRENGTHS, SEALED_NOTICE, CommentKind, Frequency, RaterGroup, Report, Statement, describe_mean,
)


def qr_payload(code: str) -> str:
    return feedback_payload(code)


@dataclass(frozen=True)
class Slip:
    group: RaterGroup
    code: str   # formatted, as typed


class InvitationSlips(PdfDocument):
    """One slip per rater (a page each, to hand over folded), optionally with the paper questionnaire."""

    def __init__(self, station: str, trust: str, subject: str, role: str, closes_on: date,
                 slips: Sequence[Slip], items: Sequence[Statement], with_paper_form: bool = False):
        super().__init__(station, trust)
        self.subject, self.role, self.closes_on = subject, role, closes_on
        self.slips, self.items, self.with_paper_form = list(slips), list(items), with_paper_form

    @property
    def title(self) -> str:
        return "360 feedback invitation"

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        for n, slip in enumerate(self.slips):
            if n:
                story.append(PageBreak())
            story.append(PageMark(group=n, footer=f"Invitation {n + 1} of {len(self.slips)}"))
            story += self._slip(slip)
            if self.with_paper_form:
                story += paper_questionnaire(self.styles, self.items, slip.code, self.subject)
        return story

    def _slip(self, slip: Slip) -> list[Flowable]:
        s = self.styles
        if slip.group is RaterGroup.SELF:
            ask = f"{esc(self.subject)}, you are invited to rate your own leadership, to set beside what " \
                  "colleagues say."
        else:
            ask = (f"You are invited to give feedback on how <b>{esc(self.subject)}</b> ({esc(self.role)}) leads, "
                   f"as their <b>{esc(slip.group.label.lower().rstrip('s'))}</b>.")
        code_text = Paragraph(f"<b>{esc(slip.code)}</b>", ParagraphStyle("Code", parent=s["Body"], fontSize=20,
                                                                         leading=26))
        card = Table([[[code_text, Spacer(1, 3 * mm), para("Your one-time code. It works once, until "
                                                           f"{uk(self.closes_on)}.", s, "Small")],
                        qr_code(qr_payload(slip.code))]],
                     colWidths=[120 * mm, 40 * mm])
        card.setStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOX", (0, 0), (-1, -1), 0.8, "#005EB8"),
                       ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 8),
                       ("BOTTOMPADDING", (0, 0), (-1, -1), 8)])
        how = ("<b>How to answer.</b> On the station PC, on the EADR Station lock screen, choose <i>Use a code…"
               "</i> and type the code. No passphrase is needed and nothing else can be seen from there. It takes "
               "about ten minutes; your answers are kept as you go (locked with your code) until you send them. "
               "Away from the station? Answer on the paper form and type it in on the same screen later.")
        return [Paragraph("360 feedback: your invitation", s["Title"]), Paragraph(ask, s["Body"]),
                Spacer(1, 4 * mm), card, Spacer(1, 4 * mm), Paragraph(how, s["Body"]), Spacer(1, 2 * mm),
                Paragraph(f"<b>Who sees what.</b> {esc(GROUP_NOTICE[slip.group])} {esc(SEALED_NOTICE)}", s["Body"])]


def paper_questionnaire(styles, items: Sequence[Statement], code: str, subject: str) -> list[Flowable]:
    """The same questions as the screen, to fill in by hand and type in later with the same code."""
    s = styles
    scale = [f.label for f in (Frequency.NEVER, Frequency.RARELY, Frequency.SOMETIMES, Frequency.OFTEN,
                               Frequency.ALWAYS, Frequency.NOT_SEEN)]
    story: list[Flowable] = [PageBreak(), Paragraph(f"Paper form for code {esc(code)}", s["Title"]),
                             Paragraph(f"About {esc(subject)}. Tick one box for each statement: how often do you "
                                       "see this? Keep this form private, and type it in yourself on the station "
                                       "PC (lock screen, <i>Use a code…</i>) with your code; then destroy it.",
                                       s["Body"])]
    for n, item in enumerate(items, 1):
        story.append(KeepTogether([Paragraph(f"<b>{n}. {esc(item.heading)}</b> — {esc(item.text)}", s["Body"]),
                                   tick_boxes(scale, s, per_row=6), Spacer(1, 1.5 * mm)]))
    for kind in CommentKind:
        story.append(CondPageBreak(40 * mm))
        story.append(WritingSpace(4, f"{kind.label} (optional; shown without your name, in a shuffled order)"))
    return story


class FeedbackReportPdf(PdfDocument):
    """The feedback report for the facilitated feedback conversation: confidential to the person and their
    facilitator, so every page says so."""

    def __init__(self, station: str, trust: str, subject: str, opened_on: date, closed_on: date,
                 counts: dict[str, int], report: Report):
        super().__init__(station, trust)
        self.subject, self.opened_on, self.closed_on = subject, opened_on, closed_on
        self.counts, self.report = counts, report

    @property
    def title(self) -> str:
        return "360 feedback report"

    def story(self) -> list[Flowable]:
        return [PageMark(confidential=True),
                Paragraph(f"360 feedback report: {esc(self.subject)}", self.styles["Title"]),
                *report_story(self.styles, self.opened_on, self.closed_on, self.counts, self.report)]


def report_story(s, opened_on: date, closed_on: date, counts: dict[str, int], r: Report) -> list[Flowable]:
    """The report's body (merged results only), for its own PDF and for the person's subject access PDF."""
    story: list[Flowable] = [Paragraph(round_summary(opened_on, closed_on, counts), s["Body"])]
    for note in r.notes:
        story.append(Paragraph(esc(note), s["Small"]))
    story.append(Paragraph("Scale: 1 never, 2 rarely, 3 sometimes, 4 often, 5 always. 'Others' is everyone "
                           "shown except you.", s["Small"]))
    story.append(Paragraph("Self against others", s["Heading"]))
    groups = [g for g in r.group_labels if g != "Self"]
    head = ["Value or dimension", "You", "Others", *groups]
    width = 180 * mm
    widths = [52 * mm, 16 * mm, 40 * mm] + [(width - 108 * mm) / max(1, len(groups))] * len(groups)
    rows = [[line.heading, _num(line.self_mean), describe_mean(line.others_mean),
             *[_num(line.by_group.get(g)) for g in groups]] for line in r.lines]
    story.append(grid(head, rows, widths, s))
    for heading, lines, empty in (
            ("Strengths (rated highest by others)", r.strengths, NO_STRENGTHS),
            ("Areas to develop (rated lowest by others)", r.to_develop, "None stood out."),
            ("Where you rated yourself a point or more above others", r.blind_spots, "None.")):
        story.append(Paragraph(heading, s["Heading"]))
        story.append(Paragraph(esc("; ".join(f"{x.heading} ({describe_mean(x.others_mean)})" for x in lines)
                                   or empty), s["Body"]))
    story.append(Paragraph("Comments (unattributed, in a shuffled order)", s["Heading"]))
    for kind in CommentKind:
        comments = r.comments.get(kind.value, ())
        story.append(Paragraph(f"<b>{kind.label}</b>", s["Body"]))
        story += [Paragraph(f"• {esc(c)}", s["Body"]) for c in comments] or [Paragraph("None given.", s["Small"])]
    return story


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def round_summary(opened_on: date, closed_on: date | None, counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = ", ".join(f"{g.label.lower()} {counts[g.value]}" for g in RaterGroup if counts.get(g.value))
    when = f"closed {uk(closed_on)}" if closed_on else "open"
    return f"Round opened {uk(opened_on)}, {when}. {total} response{'s' if total != 1 else ''}" + \
        (f" ({parts})." if parts else ".")
