"""Cross-station reports for HR: compliance, TNA, ESR-ready appraisal fields, and a dip sample.

Each report is a plain table (headers and rows) so the CSV and .xlsx writers, the CLI and the hub
window's charts all show the same figures. Dates in CSV files are ISO; in .xlsx they are real dates
shown as dd/mm/yyyy, and assignment numbers stay text so their leading zeros survive.
"""

from __future__ import annotations

import io
import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from desktop.domain.csv_safe import csv_text
from desktop.domain.dip import Period
from desktop.domain.due import add_months
from desktop.hub import store_reports as q
from desktop.store.files import write_atomic

ALL = "ALL"
REPORTS = ("compliance", "tna", "esr", "dip", "dip-quality", "leadership")


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.headers, r)) for r in self.rows]


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def compliance(hub, as_of: date) -> Table:
    """Per station and overall: appraisal compliance (a signed EADR in the last 12 months / active
    staff), wellbeing conversations held, and mandatory training in date."""
    db = hub.store.db
    since, until = add_months(as_of, -12).isoformat(), as_of.isoformat()
    names = q.station_names(db)
    staff = q.active_staff(db)
    station_of = {s[0]: s[1] for s in staff}
    appraised = {row[1] for row in q.signed_eadrs(db, since, until)}
    conversations: Counter[str] = Counter()
    with_wellbeing: dict[str, set[str]] = defaultdict(set)
    for staff_id, _ in q.wellbeing_held(db, since, until):
        if staff_id in station_of:
            conversations[station_of[staff_id]] += 1
            with_wellbeing[station_of[staff_id]].add(staff_id)
    by_workspace: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for course_id, workspace_id, _code, mandatory, applies_to in q.courses(db):
        if mandatory:
            try:
                roles = json.loads(applies_to or "[]")
            except ValueError:
                roles = []
            by_workspace[workspace_id].append((course_id, roles if isinstance(roles, list) else []))
    expiry = {(s, c): e for s, c, e in q.latest_training(db)}
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for staff_id, station, role, workspace_id in staff:
        t = totals[station]
        t["active"] += 1
        t["appraised"] += staff_id in appraised
        for course_id, roles in by_workspace.get(workspace_id, ()):
            if not roles or role in roles:
                t["required"] += 1
                t["in_date"] += expiry.get((staff_id, course_id), "") >= until
    for station in conversations:
        totals[station]["conversations"] += conversations[station]
        totals[station]["with_wellbeing"] += len(with_wellbeing[station])
    table = Table("compliance", ["station", "station_name", "active_staff", "appraised_12m",
                                 "appraisal_compliance_pct", "wellbeing_conversations_12m",
                                 "staff_with_wellbeing_conversation_12m", "training_required", "training_in_date",
                                 "training_compliance_pct"])
    overall: Counter[str] = Counter()
    for station in sorted(totals):
        t = totals[station]
        overall.update(t)
        table.rows.append(_compliance_row(station, names.get(station, station), t))
    table.rows.append(_compliance_row(ALL, "All stations", overall))
    return table


def _compliance_row(station: str, name: str, t: Counter[str]) -> list:
    return [station, name, t["active"], t["appraised"], _pct(t["appraised"], t["active"]), t["conversations"],
            t["with_wellbeing"], t["required"], t["in_date"], _pct(t["in_date"], t["required"])]


def tna(hub, as_of: date) -> Table:
    """Development-plan items by TNA category and station, with where they stand."""
    table = Table("tna", ["station", "tna_category", "items", "not_started", "in_progress", "done", "dropped"])
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for station, category, status, items in q.development_by_category(hub.store.db):
        for key in ((station, category or "Uncategorised"), (ALL, category or "Uncategorised")):
            counts[key][status] += items
    for (station, category), c in sorted(counts.items(), key=lambda kv: (kv[0][0] == ALL, kv[0])):
        table.rows.append([station, category, sum(c.values()), c["not_started"], c["in_progress"], c["done"],
                           c["dropped"]])
    return table


def esr(hub, as_of: date) -> Table:
    """ESR-ready appraisal fields for each person's latest signed EADR."""
    months = hub.trust_profile().eadr_interval_months
    table = Table("esr", ["assignment_number", "station", "staff_name", "appraisal_date", "next_appraisal_date",
                          "appraiser", "review_type"])
    for number, station, first, last, signed, appraiser in q.latest_signed_eadrs(hub.store.db):
        on = date.fromisoformat(signed[:10])
        table.rows.append([number, station, f"{first} {last}", on.isoformat(), add_months(on, months).isoformat(),
                           appraiser, "Annual appraisal (EADR)"])
    return table


def dip_sample(hub, as_of: date, seed: int = 2026, per_station: int = 5) -> Table:
    """A reproducible random sample of each station's EADRs signed in the last 12 months, with the
    station's own checklist score and HR's beside it where HR has reviewed the record: the same hub
    data, seed and date always give the same sample."""
    since = add_months(as_of, -12).isoformat()
    by_station: dict[str, list[tuple]] = defaultdict(list)
    for row in q.signed_eadrs(hub.store.db, since, as_of.isoformat()):
        by_station[row[2]].append(row)
    reviews = {r["conversation_id"]: r for r in hub.store.reviews()}
    table = Table("dip", ["station", "conversation_id", "assignment_number", "staff_name", "signed_on", "appraiser",
                          "quality_score", "hr_score", "hr_comment"])
    for station in sorted(by_station):
        pool = sorted(by_station[station])
        chosen = random.Random(f"{seed}:{station}").sample(pool, min(per_station, len(pool)))
        for cid, _staff, st, number, signed, appraiser, score, name in sorted(chosen, key=lambda r: r[4]):
            review = reviews.get(cid, {})
            table.rows.append([st, cid, number, name, signed[:10], appraiser, score, review.get("score"),
                               review.get("comment")])
    return table


def dip_quality(hub, as_of: date, quarters: int = 8) -> Table:
    """Trust-wide appraisal quality by quarter: the stations' own checklist score of every EADR signed in
    the quarter, and HR's score of the records it reviewed, side by side."""
    last = Period.of(as_of)
    periods = [last]
    while len(periods) < quarters:
        p = periods[-1]
        periods.append(Period(p.year - (p.quarter == 1), 4 if p.quarter == 1 else p.quarter - 1))
    periods.reverse()
    station: dict[str, list[int]] = defaultdict(list)
    for signed, score in hub.store.quality_scores():
        if score is not None:
            station[str(Period.of(date.fromisoformat(signed)))].append(score)
    hr: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
    for r in hub.store.reviews():
        hr[r["period"]].append((r["score"], r["station_score"]))
    table = Table("dip_quality", ["quarter", "eadrs_signed", "station_score_avg", "hr_reviewed", "hr_score_avg",
                                  "station_score_of_reviewed_avg"])
    for p in periods:
        key = str(p)
        own, reviewed = station.get(key, []), hr.get(key, [])
        theirs = [s for _, s in reviewed if s is not None]
        table.rows.append([key, len(own), round(sum(own) / len(own), 1) if own else None, len(reviewed),
                           round(sum(h for h, _ in reviewed) / len(reviewed), 1) if reviewed else None,
                           round(sum(theirs) / len(theirs), 1) if theirs else None])
    return table


def leadership(hub, as_of: date) -> Table:
    """360 feedback trust-wide: how many leaders have had a round, and by the leaders' role group each
    dimension's average as colleagues rated it, only where at least HUB_MIN_CONTRIBUTORS leaders' closed rounds
    contribute (each itself the mean of 3 or more colleagues). Smaller groups show the count and why not."""
    from desktop.domain.leadership import DIMENSIONS, HUB_MIN_CONTRIBUTORS
    table = Table("leadership", ["role_group", "leaders_with_360", "leaders_contributing", "dimension", "average",
                                 "note"])
    had: dict[str, set[str]] = defaultdict(set)
    had[ALL] = set()   # the trust-wide rows, even before any round
    latest: dict[str, tuple[str, str, dict]] = {}   # staff id -> (role, closed on, means) of their latest round
    for staff_id, role, closed_on, means in q.feedback_rounds(hub.store.db):
        for key in (ALL, role):
            had[key].add(staff_id)
        try:
            summary = json.loads(means) if means else {}
        except ValueError:
            summary = {}
        if closed_on and summary.get("means") and (staff_id not in latest or closed_on > latest[staff_id][1]):
            latest[staff_id] = (role, closed_on, summary["means"])
    for group in sorted(had, key=lambda g: (g != ALL, g)):
        contributing = [m for role, _c, m in latest.values() if group in (ALL, role)]
        for d in DIMENSIONS:
            values = [float(m[d.key]) for m in contributing if isinstance(m.get(d.key), (int, float))]
            if len(values) >= HUB_MIN_CONTRIBUTORS:
                table.rows.append([group, len(had[group]), len(values), d.name, round(sum(values) / len(values), 2),
                                   ""])
            else:
                table.rows.append([group, len(had[group]), len(values), d.name, None,
                                   f"not shown: fewer than {HUB_MIN_CONTRIBUTORS} leaders' results"])
    return table


def build(hub, name: str, as_of: date, seed: int = 2026, per_station: int = 5) -> Table:
    if name == "compliance":
        return compliance(hub, as_of)
    if name == "tna":
        return tna(hub, as_of)
    if name == "esr":
        return esr(hub, as_of)
    if name == "dip":
        return dip_sample(hub, as_of, seed, per_station)
    if name == "dip-quality":
        return dip_quality(hub, as_of)
    if name == "leadership":
        return leadership(hub, as_of)
    raise ValueError(f"unknown report {name}")


def write_csv(table: Table, path: Path) -> Path:
    """UTF-8 with a BOM so Excel shows accented names; cells that a spreadsheet would run as formulas are
    neutralised (domain/csv_safe.py); written atomically, a full disk names the file and leaves none."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, csv_text(table.headers, table.rows).encode("utf-8-sig"))


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_COLUMN = re.compile(r"(^|_)(date|on)$")   # appraisal_date, next_appraisal_date, signed_on
_WIDEST = 60


def _as_date(header: str, value: object) -> date | None:
    """A cell that is a date: a date, or an ISO day in a date column (the tables keep ISO text for CSV)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_COLUMN.search(header) and _ISO_DAY.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def xlsx_bytes(table: Table) -> bytes:
    """The table as an Excel workbook: a bold, frozen header row with a filter, numbers as numbers, dates as
    real dates shown dd/mm/yyyy, and every other cell as text written with write_string, so an assignment
    number keeps its leading zeros and nothing a station typed is ever run as a formula."""
    import xlsxwriter   # only reports need it

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties({"title": f"EADR Station {table.name} report", "author": "EADR Station hub"})
    sheet = book.add_worksheet(table.name[:31] or "report")
    header = book.add_format({"bold": True, "bottom": 1, "text_wrap": False})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    text = book.add_format({"num_format": "@"})
    widths = [len(h) for h in table.headers]
    for col, title in enumerate(table.headers):
        sheet.write_string(0, col, title, header)
    for r, row in enumerate(table.rows, start=1):
        for col, value in enumerate(row):
            title = table.headers[col] if col < len(table.headers) else ""
            when = _as_date(title, value)
            if value is None or value == "":
                continue
            if when is not None:
                sheet.write_datetime(r, col, datetime.combine(when, time()), day)
                shown = 10
            elif isinstance(value, bool):
                sheet.write_string(r, col, "yes" if value else "no", text)
                shown = 3
            elif isinstance(value, int | float):
                sheet.write_number(r, col, value)
                shown = len(f"{value}")
            else:
                sheet.write_string(r, col, str(value), text)
                shown = len(str(value))
            if col < len(widths):
                widths[col] = max(widths[col], shown)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width, _WIDEST) + 2)
    sheet.freeze_panes(1, 0)
    if table.headers:
        sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.headers) - 1)
    book.close()
    return buffer.getvalue()


def write_xlsx(table: Table, path: Path) -> Path:
    """The table as .xlsx, written atomically (a crash or a full disk leaves no half file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, xlsx_bytes(table))


def write_report(table: Table, path: Path) -> Path:
    """CSV unless the file name ends .xlsx."""
    return write_xlsx(table, path) if Path(path).suffix.lower() == ".xlsx" else write_csv(table, path)
