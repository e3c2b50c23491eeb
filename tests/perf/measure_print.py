"""Printed forms: our reportlab renderers against LibreOffice converting an equivalent .docx.

What is timed is rendering only (`to_bytes()`): the documents are gathered from the
workspace first, because gathering writes an audit entry and may plan conversations.
LibreOffice (`soffice --headless --convert-to pdf`) is the yardstick because trusts
print their EADR forms from Word today; `make bench` installs Debian's
`libreoffice-writer-nogui` if it is missing, and without it the LibreOffice rows say
"LibreOffice not available" instead of failing the bench.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from desktop.demo.build import build_demo
from desktop.documents import printing
from desktop.documents.base import PdfDocument
from desktop.documents.eadr_record import FORM_VERSION, EadrRecord, RecordContext
from desktop.domain.conversation import (
    GROWTH_CHOICES, GROWTH_QUESTION, IMPACT_CHOICES, IMPACT_QUESTION, READINESS_CHOICES, READINESS_QUESTION,
    Conversation, DevelopmentItem, ItemStatus, Objective, Outcome, Section, Wellbeing, WellbeingAction, talent_label,
)
from desktop.domain.dates import uk
from desktop.domain.quality import checklist
from desktop.domain.staff import Staff
from desktop.security.keyfile import Argon2Params
from desktop.store.workspace import Workspace
from harness import Row, Target, ratio_row

RECORD_TARGET = Target(0.025)                       # "a 4-page EADR under 25 ms"
SPEEDUP_TARGET = Target(7.0, unit="x", at_least=True)  # "at least 7x faster than LibreOffice's batch rate"
FULL_PAGES = 4
BATCH = 300
LO_BATCH = 30
LO_TIMEOUT_S = 240
CHEAP_KDF = Argon2Params(1, 8192, 1)   # the passphrase is not what is measured here


# --- page counts ------------------------------------------------------------------------
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")   # a page object, not the /Pages tree


def page_count(pdf: Path | bytes) -> int:
    """pdfinfo's count when poppler is installed (it reads any PDF), else page objects counted."""
    if isinstance(pdf, Path) and shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
        for line in out.splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    return len(_PAGE.findall(data))


def _pages(n: int) -> str:
    return f"{n} page{'s' if n != 1 else ''}"


# --- a fuller, made-up EADR ------------------------------------------------------------
REVIEWED = (
    ("Use NEWS2 on every handover at Ipswich Hospital ED", Outcome.MET,
     "An audit of 40 patient report forms found NEWS2 recorded on 39. The ED nurse in charge fed back that our "
     "handovers were clearer and quicker, and the crews on the other watch have started to do the same."),
    ("Mentor a newly qualified paramedic through their first six months", Outcome.MET,
     "Met Aled fortnightly, including two observed shifts. His preceptorship portfolio was signed off in March, "
     "a month early, and he has asked to stay on the station."),
    ("Bring the time from arrival at hospital to clear below 30 minutes", Outcome.PARTLY_MET,
     "Median 34 minutes, down from 41 last year. Corridor care in January put the target out of reach for weeks "
     "at a time, which was outside our control; we agreed to keep it for next year."),
    ("Complete the safeguarding adults level 3 workshop", Outcome.NOT_MET,
     "Booked twice and cancelled twice for rota cover. Rebooked for the autumn with protected time, and carried "
     "into the development plan so it is not lost again."),
    ("Lead the station's monthly infection prevention audit", Outcome.MET,
     "Ran ten of the twelve audits, all at 96% or above; a colleague covered the two months on leave. The "
     "station scored highest in the sector at the spring inspection."),
    ("Reduce vehicle restock errors at the end of a shift", Outcome.NO_LONGER_RELEVANT,
     "The make-ready team took over restocking in May, so this is no longer part of the role; the checklist "
     "written for it was handed over to them and is still in use."),
    ("Attend four multi-agency frequent caller meetings", Outcome.MET,
     "Went to five. Two care plans written with the GP surgery and the mental health team have cut calls from "
     "those patients by more than half."),
    ("Complete the driving standards refresher", Outcome.PARTLY_MET,
     "E-learning finished in October; the on-road assessment is booked for next month because the driving "
     "school had no dates over the winter."),
)
NEW = (
    ("Complete the ILS instructor course and teach one course", "Certificate, and one course taught to the team"),
    ("Bring the arrival-to-clear median to 30 minutes", "Monthly handover report from the hospital cell"),
    ("Run two learning-from-incidents sessions for the station", "Sessions held, with attendance and feedback"),
    ("Use the pathway finder before every conveyance decision", "Audit of 30 records in the second quarter"),
    ("Buddy a call handler for two shifts to learn the dispatch view", "Two shifts done and a note for the team"),
    ("Complete the mental health first aider course", "Certificate, and named as a station contact"),
    ("Take part in the falls response pilot with the community team", "Twelve shifts on the falls car"),
    ("Present one case review at the sector clinical forum", "Case presented and the slides shared"),
)
DEVELOPMENT = (
    ("Safeguarding adults level 3", "Safeguarding", "Trust workshop and e-learning", "Protected study time"),
    ("Advanced airway management refresher", "Clinical skills and practice", "Simulation day at the academy",
     "Backfill for one shift"),
    ("First-line leadership", "Leadership and management", "Leading Compassionately programme",
     "Mentor: station officer"),
    ("Blue-light driving reassessment", "Driving and fleet", "On-road assessment", "Booked by fleet"),
    ("Mental health first aid", "Mental health and wellbeing", "Two-day accredited course", "Course fee funded"),
    ("Coaching conversations", "Coaching and mentoring", "Workshop and three practice sessions",
     "Practice with the CTL"),
    ("Using the electronic patient record well", "Digital skills and systems", "Super-user session",
     "Digital team"),
    ("Inclusive practice with patients who have a learning disability", "Equality, diversity and inclusion",
     "E-learning and a visit to the day centre", "Half a shift released"),
)
VALUES = {
    "Care": "Stayed with a frightened patient's wife until her daughter arrived after a long job at the end of a "
            "night shift, and rang the ward the next day to ask how he was doing. Takes time to explain to "
            "families what will happen next, even when the next job is already waiting.",
    "Teamwork": "Covered a colleague's late finish twice in the winter so they could get to childcare, and "
                "organised the station's restock rota when the make-ready team was short. Crews from other "
                "stations ask to be paired with them on overtime shifts.",
    "Quality": "Picked up a pattern of missing NEWS2 scores on handover and turned it into a station audit that "
               "other crews now use. Reads the clinical bulletins and brings one change to each team brief.",
    "Respect": "Made sure a Welsh-speaking patient could be assessed in Welsh by a crew member, and challenged a "
               "dismissive remark about a frequent caller kindly but clearly. Listens to students and new "
               "starters as much as to senior colleagues.",
    "Honesty": "Reported a near miss with a drug calculation on the same shift and shared the learning at the "
               "team brief without blaming anyone. Says so early when a target is slipping, rather than at the "
               "end of the year.",
}
SUMMARY = (
    "A strong year on a hard rota. We went through last year's objectives one by one: most were met, handover "
    "times improved even though January was out of anyone's control, and the safeguarding workshop is rebooked "
    "with protected time so it does not slip a third time.\n\n"
    "We agreed new objectives that link to the trust's priorities, each with a measure and a date, and a "
    "development plan that is realistic on a four-on, four-off rota. Teaching is where the energy is, so the "
    "instructor course comes first and the leadership programme follows once it is done.\n\n"
    "We talked about the night shifts and the shoulder injury; the occupational health referral and the flexible "
    "working request are agreed actions, and we will have a wellbeing check-in in six months. We will meet "
    "monthly for twenty minutes to keep the plan moving, and sooner if anything changes.")
COMMENTS = (
    "Thank you for making the time and for listening about the night shifts. I am keen on the ILS instructor "
    "course and would like the leadership programme next year if the rota allows. I would like it noted that "
    "the handover target depends on the hospital as much as on us, and I am glad we agreed to keep measuring it "
    "together rather than on my own.")


def fuller(c: Conversation, priorities: Sequence[str], items: int) -> Conversation:
    """The demo conversation with fuller answers and `items` distinct rows shared among the three tables."""
    held = c.held_on or date.today()
    n_rev, n_new, n_dev = ((items + 2 - i) // 3 for i in range(3))   # round-robin: reviewed, new, development
    reviewed = tuple(Objective(t, outcome=o, evidence=e, review=True, priority=priorities[i % len(priorities)])
                     for i, (t, o, e) in enumerate(REVIEWED[:n_rev]))
    new = tuple(Objective(t, m, held + timedelta(days=120 + 30 * i), priorities[i % len(priorities)])
                for i, (t, m) in enumerate(NEW[:n_new]))
    development = tuple(DevelopmentItem(n, k, a, s, held + timedelta(days=90 + 45 * i),
                                        (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS)[i % 2])
                        for i, (n, k, a, s) in enumerate(DEVELOPMENT[:n_dev]))
    wellbeing = Wellbeing(
        held_on=c.wellbeing.held_on or held, held_by=c.wellbeing.held_by,
        topics=("Mental health", "Financial wellbeing", "Flexible working", "Safety at work"),
        actions=(WellbeingAction("Check in after the winter rota", False),
                 WellbeingAction("Referral to occupational health for the shoulder injury", True),
                 WellbeingAction("Look at a flexible working request for school pick-ups on Thursdays", True)),
        next_review=c.wellbeing.next_review or held + timedelta(days=180))
    talent = replace(c.talent, aspirations=(
        "Become a practice educator within two years, then look at the specialist paramedic (urgent care) "
        "programme; enjoys teaching and wants to stay on the road part of the week."),
        leadership_notes="Interested in the Leading Compassionately programme once the instructor course is done.",
        mobility="Happy to work across Ipswich and Felixstowe; not able to relocate while the children are at school.")
    return c.with_changes(
        wellbeing=wellbeing, values=dict(VALUES), talent=talent,
        objectives=reviewed + new, development=development,
        summary=SUMMARY, signoff=replace(c.signoff, staff_comments=COMMENTS),
    )


def four_page_record(c: Conversation, context: RecordContext) -> tuple[EadrRecord, int]:
    """The fullest variant of `c` that is still FULL_PAGES pages (or the first beyond, if none is exactly)."""
    priorities = context.profile.strategic_priorities
    best: tuple[EadrRecord, int] | None = None
    for items in range(3, len(REVIEWED) + len(NEW) + len(DEVELOPMENT) + 1):
        doc = EadrRecord(fuller(c, priorities, items), context)
        pages = page_count(doc.to_bytes())
        if pages == FULL_PAGES:
            best = (doc, pages)
        elif pages > FULL_PAGES:
            return best or (doc, pages)
    if best is None:
        raise RuntimeError(f"the fuller EADR record never reached {FULL_PAGES} pages ({pages})")
    return best


# --- the equivalent .docx -------------------------------------------------------------------
W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
TWIPS_PER_MM = 1440 / 25.4
BLUE, PALE, RULE = "005EB8", "E8EDEE", "AEB7BD"


def _tw(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def _runs(text: str, bold: bool = False, color: str = "") -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:color w:val="{color}"/>' if color else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    lines = text.split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r>{rpr}{body}</w:r>"


def _p(text: str, style: str = "", bold: bool = False, color: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{_runs(text, bold, color)}</w:p>"


def _cell(width: int, content: str, fill: str = "") -> str:
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}</w:tcPr>{content}</w:tc>'


def _table(rows: list[str], widths: Sequence[float], inner: bool) -> str:
    tw = [_tw(w) for w in widths]
    border = f'w:val="single" w:sz="2" w:space="0" w:color="{RULE}"'
    borders = "".join(f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH")) + (
        f"<w:insideV {border}/>" if inner else '<w:insideV w:val="nil"/>')
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(tw)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="60" w:type="dxa"/>'
            '<w:left w:w="120" w:type="dxa"/><w:bottom w:w="60" w:type="dxa"/><w:right w:w="120" w:type="dxa"/>'
            '</w:tblCellMar></w:tblPr><w:tblGrid>' + "".join(f'<w:gridCol w:w="{w}"/>' for w in tw)
            + "</w:tblGrid>" + "".join(rows) + "</w:tbl>" + _p("", "Gap"))


def grid_xml(head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
             empty: str = "None recorded.") -> str:
    """Like the PDF's grid(): a blue heading row that repeats, banded rows."""
    tw = [_tw(w) for w in widths]
    rows = list(rows) or [[empty] + [""] * (len(head) - 1)]
    out = ["<w:tr><w:trPr><w:tblHeader/></w:trPr>"
           + "".join(_cell(w, _p(h, "Cell", bold=True, color="FFFFFF"), BLUE) for h, w in zip(head, tw)) + "</w:tr>"]
    for i, row in enumerate(rows):
        fill = PALE if i % 2 else ""
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                   + "".join(_cell(w, _p(str(c), "Cell"), fill) for c, w in zip(row, tw)) + "</w:tr>")
    return _table(out, widths, inner=False)


def details_xml(pairs: Sequence[tuple[str, str]]) -> str:
    """Like the PDF's details(): label/value pairs, two pairs to a row, labels shaded."""
    widths = (32, 58, 32, 58)
    tw = [_tw(w) for w in widths]
    rows = []
    for i in range(0, len(pairs), 2):
        cells = []
        for j, (label, value) in enumerate(pairs[i:i + 2]):
            cells.append(_cell(tw[2 * j], _p(label, "Cell", bold=True), PALE))
            cells.append(_cell(tw[2 * j + 1], _p(value or "—", "Cell")))
        while len(cells) < 4:
            cells.append(_cell(tw[len(cells)], _p("", "Cell")))
        rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
    return _table(rows, widths, inner=True)


def record_body_xml(c: Conversation, ctx: RecordContext) -> str:
    """The same content, in the same order, as EadrRecord.story() (without private notes)."""
    person = ctx.staff
    interest = {"": "Not discussed", "yes": "Yes", "maybe": "Maybe later", "no": "No"}
    so, w, t = c.signoff, c.wellbeing, c.talent
    body = [_p(f"{c.kind.label} — {person.first_name} {person.last_name}", "Title"),
            details_xml([("Staff member", f"{person.first_name} {person.last_name}"),
                         ("Assignment number", person.assignment_number), ("Job title", person.job_title),
                         ("Band", person.band or ""), ("Manager", so.manager_name), ("Station", ctx.station),
                         ("Period", f"{uk(ctx.period_start, 'start of employment')} to {uk(c.held_on, 'not yet held')}"),
                         ("Status", c.status.label)])]
    sections = {
        Section.WELLBEING: lambda: [
            details_xml([("Held on", uk(w.held_on, "")), ("Held by", w.held_by or so.manager_name),
                         ("Topics discussed", ", ".join(w.topics) or "None recorded"),
                         ("Next review", uk(w.next_review, ""))]),
            grid_xml(("Agreed action", "Shared with HR"),
                     [(a.text, "Yes, with agreement" if a.share_with_hr else "No") for a in w.actions],
                     (140, 40), "No actions agreed."),
            _p("Private wellbeing notes are kept in the workspace and are not printed here.", "Small")],
        Section.VALUES: lambda: [grid_xml(("Value", "Example or reflection"),
                                          [(v.name, c.values.get(v.name, "")) for v in ctx.profile.values],
                                          (35, 145))],
        Section.PERFORMANCE: lambda: [
            _p("Last year's objectives", bold=True),
            grid_xml(("Objective", "Outcome", "Evidence"),
                     [(o.title, o.outcome.label, o.evidence) for o in c.review_objectives], (75, 30, 75),
                     "No objectives carried forward."),
            _p("New objectives", bold=True),
            grid_xml(("Objective", "Measure", "Target date", "Trust priority"),
                     [(o.title, o.measure, uk(o.target_date, ""), o.priority) for o in c.new_objectives],
                     (60, 50, 22, 48), "No new objectives.")],
        Section.TALENT: lambda: [details_xml([
            ("Aspirations", t.aspirations), (READINESS_QUESTION, talent_label(READINESS_CHOICES, t.readiness.value)),
            (IMPACT_QUESTION, talent_label(IMPACT_CHOICES, t.impact)),
            (GROWTH_QUESTION, talent_label(GROWTH_CHOICES, t.growth)),
            ("Leadership development", interest.get(t.leadership_interest, "")
             + (f": {t.leadership_notes}" if t.leadership_notes else "")), ("Mobility", t.mobility)])],
        Section.DEVELOPMENT: lambda: [grid_xml(
            ("Need", "TNA category", "Action", "Support", "Target", "Status"),
            [(d.need, d.tna_category, d.action, d.support, uk(d.target_date, ""), d.status.label)
             for d in c.development], (38, 32, 36, 28, 23, 23), "No development needs.")],
    }
    number = 0
    for section in c.sections:
        if section is Section.SIGNOFF:
            continue
        number += 1
        body.append(_p(f"{number}. {section.label}", "Heading1"))
        body.extend(sections[section]())
    body += [_p(f"{number + 1}. Summary and comments", "Heading1"), _p(c.summary or "No summary recorded."),
             _p("The staff member's comments", bold=True), _p(so.staff_comments or "None recorded."),
             _p("Quality checklist", "Heading1"),
             grid_xml(("Item", "Done?", "Note"), [(i.label, "Yes" if i.met else "Not yet", "" if i.met else i.hint)
                                                  for i in checklist(c)], (85, 20, 75)),
             _p(f"Quality score {c.quality_score or 0}%. Guidance for a good conversation, not a gate.", "Small"),
             _p("Signatures", "Heading1")]
    staff_sig = (f"Signed {'on paper ' if so.on_paper else ''}on {uk(so.staff_signed_on)}"
                 + ("" if so.on_paper else f" as “{so.staff_name}”, agreeing this is a fair record")
                 if so.staff_signed else "Signature: ______________________   Date: ____________")
    manager_sig = (f"Signed on {uk(so.manager_signed_on)} as “{so.manager_name}”" if so.manager_signed
                   else "Signature: ______________________   Date: ____________")
    body.append(grid_xml(("", "Name", "Signature"),
                         [("Staff member", f"{person.first_name} {person.last_name}", staff_sig),
                          ("Manager", so.manager_name, manager_sig)], (32, 50, 98)))
    return "".join(body)


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W_NS}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="DejaVu Sans" w:hAnsi="DejaVu Sans" w:cs="DejaVu Sans" w:eastAsia="DejaVu Sans"/><w:sz w:val="19"/><w:szCs w:val="19"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="250" w:lineRule="atLeast"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="{_tw(4)}" w:line="400" w:lineRule="atLeast"/></w:pPr><w:rPr><w:b/><w:color w:val="{BLUE}"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="{_tw(4)}" w:after="{_tw(2)}" w:line="300" w:lineRule="atLeast"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="{BLUE}"/><w:sz w:val="23"/><w:szCs w:val="23"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Cell"><w:name w:val="Table Contents"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="210" w:lineRule="atLeast"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Small"><w:name w:val="Small"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="200" w:lineRule="atLeast"/></w:pPr><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Gap"><w:name w:val="Gap"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="{_tw(2)}" w:lineRule="exact"/></w:pPr><w:rPr><w:sz w:val="4"/></w:rPr></w:style>
</w:styles>"""


def _header_xml(title: str, right: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {W_NS}><w:p><w:pPr>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{BLUE}"/><w:tabs><w:tab w:val="right" w:pos="{_tw(180)}"/>'
            f'</w:tabs></w:pPr>{_runs(title, True, "FFFFFF")}<w:r><w:tab/></w:r>'
            f'<w:r><w:rPr><w:color w:val="FFFFFF"/><w:sz w:val="18"/></w:rPr><w:t>{escape(right)}</w:t></w:r>'
            "</w:p></w:hdr>")


def _footer_xml(left: str) -> str:
    small = '<w:rPr><w:color w:val="425563"/><w:sz w:val="15"/></w:rPr>'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {W_NS}><w:p><w:pPr>'
            f'<w:tabs><w:tab w:val="right" w:pos="{_tw(180)}"/></w:tabs></w:pPr>'
            f'<w:r>{small}<w:t xml:space="preserve">{escape(left)}</w:t></w:r><w:r>{small}<w:tab/></w:r>'
            f'<w:r>{small}<w:t xml:space="preserve">Page </w:t></w:r>'
            f'<w:fldSimple w:instr=" PAGE "><w:r>{small}<w:t>1</w:t></w:r></w:fldSimple>'
            f'<w:r>{small}<w:t xml:space="preserve"> of </w:t></w:r>'
            f'<w:fldSimple w:instr=" NUMPAGES "><w:r>{small}<w:t>1</w:t></w:r></w:fldSimple>'
            "</w:p></w:ftr>")


def write_docx(path: Path, doc: EadrRecord) -> Path:
    """A minimal but valid WordprocessingML file with the record's content, header and footer, on A4."""
    c, ctx = doc.c, doc.ctx
    sect = (f'<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
            f'<w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/>'
            f'<w:pgMar w:top="{_tw(22)}" w:right="{_tw(15)}" w:bottom="{_tw(16)}" w:left="{_tw(15)}" '
            f'w:header="{_tw(4)}" w:footer="{_tw(6)}" w:gutter="0"/></w:sectPr>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>'
                f"{record_body_xml(c, ctx)}{sect}</w:body></w:document>")
    footer = " · ".join((f"Record {c.id}", FORM_VERSION, f"Printed {uk(doc.printed_on)}"))
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{ct}.document.main+xml"/>'
            f'<Override PartName="/word/styles.xml" ContentType="{ct}.styles+xml"/>'
            f'<Override PartName="/word/header1.xml" ContentType="{ct}.header+xml"/>'
            f'<Override PartName="/word/footer1.xml" ContentType="{ct}.footer+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Target="docProps/core.xml" Type="http://schemas.openxmlformats.org/'
            'package/2006/relationships/metadata/core-properties"/></Relationships>'),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(doc.title)}</dc:title><dc:creator>{escape(ctx.station)}</dc:creator>"
            "</cp:coreProperties>"),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdStyles" Type="{rel}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rIdHeader" Type="{rel}/header" Target="header1.xml"/>'
            f'<Relationship Id="rIdFooter" Type="{rel}/footer" Target="footer1.xml"/></Relationships>'),
        "word/document.xml": document,
        "word/styles.xml": STYLES,
        "word/header1.xml": _header_xml(doc.title, f"{doc.trust} · {ctx.station}"),
        "word/footer1.xml": _footer_xml(footer),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():   # [Content_Types].xml first, as Word writes it
            zf.writestr(name, text)
    return path


# --- LibreOffice ----------------------------------------------------------------------------
def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class ConversionFailed(RuntimeError):
    pass


@dataclass
class LibreOffice:
    binary: str
    profile: Path

    def version(self) -> str:
        try:
            out = subprocess.run([self.binary, "--version"], capture_output=True, text=True, timeout=60).stdout
        except (OSError, subprocess.SubprocessError):
            return "?"
        return " ".join(out.split()[:2]) or "?"

    def convert(self, files: Sequence[Path], outdir: Path) -> float:
        """Wall seconds for one `soffice --convert-to pdf` of `files`; checks every PDF was written."""
        outdir.mkdir(parents=True, exist_ok=True)
        argv = [self.binary, f"-env:UserInstallation={self.profile.as_uri()}", "--headless", "--norestore",
                "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=LO_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)   # soffice and the soffice.bin it started
            proc.communicate()
            raise ConversionFailed(f"soffice took longer than {LO_TIMEOUT_S} s") from None
        elapsed = time.perf_counter() - start
        missing = [f.name for f in files if not (outdir / f"{f.stem}.pdf").exists()]
        if proc.returncode != 0 or missing:
            raise ConversionFailed(f"soffice exit {proc.returncode}, no PDF for {missing[:3]}: "
                                   f"{(err or out).strip()[-400:]}")
        return elapsed


# --- the group ------------------------------------------------------------------------------
def _render_runs(doc: PdfDocument, runs: int, warmup: int = 2) -> tuple[list[float], bytes]:
    data = b""
    for _ in range(warmup):
        data = doc.to_bytes()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        data = doc.to_bytes()
        samples.append(time.perf_counter() - start)
    return samples, data


def _typical_person(ws: Workspace) -> tuple[Staff, Conversation]:
    """The first active person (by name) with a signed EADR: a full, ordinary record."""
    repo = ws.conversations()
    for person in sorted((p for p in ws.staff().all() if p.is_active), key=lambda p: p.sort_name):
        last = repo.last_signed(person.id or "")
        if last is not None and last.new_objectives and last.development:
            return person, last
    raise RuntimeError("the demo workspace has nobody with a signed EADR")


def measure_print(scratch: Path, record_runs: int, batch_runs: int, lo_runs: int,
                  log: Callable[[str], None] = print) -> tuple[list[Row], list[str]]:
    """Rows for one record, one blank form and a batch of blank forms, then LibreOffice's; and notes."""
    rows: list[Row] = []
    notes: list[str] = []
    folder = scratch / "print"
    folder.mkdir()
    # 300 active people for the batch: the demo marks some as leavers, so build a few more.
    ws = build_demo(folder / "demo", staff=BATCH + 30, params=CHEAP_KDF)
    try:
        person, last = _typical_person(ws)
        record = printing.record(ws, person, last)   # audited here, outside the timing
        samples, data = _render_runs(record, record_runs)
        demo_pages = page_count(data)
        rows.append(Row("EADR record (demo, last signed)", _pages(demo_pages), samples))

        full, full_pages = four_page_record(last, record.ctx)
        full_samples, full_data = _render_runs(full, record_runs)
        full_pages = page_count(full_data)
        full_row = Row(f"EADR record, {full_pages} pages", _pages(full_pages), full_samples, RECORD_TARGET)
        rows.append(full_row)
        c = full.c
        notes.append(f"print: the demo's records are {_pages(demo_pages)}; the {full_pages}-page record is the "
                     f"same person's with everything written in full: {len(c.review_objectives)} objectives "
                     f"reviewed, {len(c.new_objectives)} new, {len(c.development)} development items, "
                     f"{len(c.wellbeing.actions)} wellbeing actions, a reflection on each value and a "
                     "three-paragraph summary")

        single = printing.blank_forms(ws, [person])
        samples, data = _render_runs(single, record_runs)
        rows.append(Row("blank EADR form, one person", _pages(page_count(data)), samples))

        active = [p for p in ws.staff().all() if p.is_active][:BATCH]
        batch = printing.blank_forms(ws, active)   # plans a conversation for each; outside the timing
        log(f"  rendering {len(active)} blank forms × {batch_runs}…")
        totals, data = _render_runs(batch, batch_runs, warmup=0)
        size = f"{len(active)} forms, {_pages(page_count(data))}"
        rows.append(Row("blank forms batch, one PDF: total", size, totals))
        rows.append(Row("blank forms batch: per form", size, [t / len(active) for t in totals]))
    finally:
        ws.close()

    lo_rows, lo_notes = measure_libreoffice(folder, full, full_pages, full_row, lo_runs, log)
    return rows + lo_rows, notes + lo_notes


def measure_libreoffice(folder: Path, full: EadrRecord, our_pages: int, ours: Row, runs: int,
                        log: Callable[[str], None]) -> tuple[list[Row], list[str]]:
    one_label = "LibreOffice: one .docx to PDF (incl. start-up)"
    batch_label = f"LibreOffice: {LO_BATCH} .docx in one soffice, per doc"
    speed_label = "speed-up vs LibreOffice batch"

    def unavailable(reason: str) -> list[Row]:
        return [Row(one_label, reason, []), Row(batch_label, reason, []),
                Row(speed_label, reason, [], SPEEDUP_TARGET, unit="x")]

    binary = soffice()
    if binary is None:
        return unavailable("LibreOffice not available"), [
            "print: LibreOffice not available: neither soffice nor libreoffice is on PATH "
            "(`make bench` installs Debian's libreoffice-writer-nogui when it can)"]
    lo = LibreOffice(binary, folder / "lo-profile")
    (folder / "docx").mkdir()
    docx = write_docx(folder / "docx" / "eadr-record.docx", full)
    try:
        log("  LibreOffice: first start (creates its profile)…")
        first = lo.convert([docx], folder / "lo-first")
        lo_pages = page_count(folder / "lo-first" / "eadr-record.pdf")
        size = f"{_pages(lo_pages)} (ours {our_pages})"
        singles = [lo.convert([docx], folder / f"lo-one-{i}") for i in range(runs)]
        copies = []
        for i in range(LO_BATCH):
            copy = folder / "docx" / f"eadr-record-{i:02d}.docx"
            shutil.copyfile(docx, copy)
            copies.append(copy)
        log(f"  LibreOffice: {LO_BATCH} documents in one soffice × {runs}…")
        per_doc = [lo.convert(copies, folder / f"lo-batch-{i}") / LO_BATCH for i in range(runs)]
    except (ConversionFailed, OSError) as exc:
        return unavailable("LibreOffice failed"), [f"print: LibreOffice could not convert the .docx: {exc}"]
    one = Row(one_label, size, singles)
    batch = Row(batch_label, size, per_doc)
    notes = [f"print: {lo.version()} ({binary}); its first start, creating a fresh profile, took "
             f"{first:.1f} s (not in the table); the timed runs reuse that profile, as a trust PC would",
             f"print: the .docx is written by the bench with the same content as the {our_pages}-page EADR record; "
             f"LibreOffice lays it out as {_pages(lo_pages)}; ours is rendered in-process (no start-up), "
             "LibreOffice's times include starting soffice, which the batch spreads over "
             f"{LO_BATCH} documents"]
    marginal = (batch.median * LO_BATCH - one.median) / (LO_BATCH - 1)
    notes.append(f"print: each further document in a LibreOffice batch costs about {marginal * 1000:.0f} ms "
                 f"(the batch's time less one conversion alone, over {LO_BATCH - 1}), so no batch size would take "
                 f"the speed-up above about {marginal / ours.median:.1f}x")
    if lo_pages != our_pages:
        notes.append(f"print: page counts differ (LibreOffice {lo_pages}, ours {our_pages}); "
                     "compare per page with care")
    return [one, batch, ratio_row(speed_label, f"{LO_BATCH}-doc batch / {our_pages}-page record", batch, ours,
                                  SPEEDUP_TARGET)], notes
