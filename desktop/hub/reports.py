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

from desktop.domain.compliance import PersonRecord, TeamFigures, counts, role_of, team_figures
from desktop.domain.conversation import Readiness
from desktop.domain.csv_safe import csv_text
from desktop.domain.dip import Period
from desktop.domain.due import add_months, next_eadr_due
from desktop.domain.talent import MIN_GROUP, merge_small, talent_counts
from desktop.domain.tna import PlanningYear, in_year, need_from_row
from desktop.domain import verdict
from desktop.domain.training import Course
from desktop.hub import store_reports as q
from desktop.store.files import write_atomic

ALL = "ALL"
REPORTS = ("compliance", "tna", "esr", "dip", "dip-quality", "staff-verdict", "leadership", "talent", "talent-pool", "objectives")
MERGED = "Merged (groups under 3)"
NOT_LINKED = "Not linked to a trust priority"
TALENT_MONTHS = 24   # a talent conversation older than this says little about readiness now


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.headers, r)) for r in self.rows]


def lowest_compliance(table: Table, count: int) -> list[dict]:
    """The `count` stations with the lowest appraisal compliance, lowest first: the ones that most need HR's
    attention (stations with no current staff have no figure and are left out)."""
    return sorted((r for r in table.as_dicts() if r["station"] != ALL and r["appraisal_compliance_pct"] is not None),
                  key=lambda r: r["appraisal_compliance_pct"])[:count]


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def compliance(hub, as_of: date) -> Table:
    """Per station and overall: appraisal and training compliance by desktop.domain.compliance (the rule the
    station's own pages use, so both quote the same figure), and wellbeing conversations held."""
    db = hub.store.db
    since, until = add_months(as_of, -12).isoformat(), as_of.isoformat()
    names = q.station_names(db)
    profile = hub.trust_profile()
    courses: dict[str, list[Course]] = defaultdict(list)
    for course_id, workspace_id, code, title, months, applies_to in q.mandatory_courses(db):
        try:
            roles = json.loads(applies_to or "[]")
        except ValueError:
            roles = []
        roles = roles if isinstance(roles, list) else []
        courses[workspace_id].append(Course(code, title, months if isinstance(months, int) and months > 0 else None,
                                            frozenset(role_of(str(r)) for r in roles), course_id))
    last = q.last_signed_eadrs(db, until)
    latest: dict[str, dict[str, str]] = defaultdict(dict)
    for staff_id, course_id, day in q.latest_completions(db, until):
        latest[staff_id][course_id] = day
    elsewhere = _earlier_eadrs(db, until)
    people: dict[tuple[str, str], list[PersonRecord]] = defaultdict(list)
    station_of: dict[str, str] = {}
    for staff_id, station, role, workspace_id, start, leaving, status, number, prior, next_on in \
            q.staff_for_compliance(db):
        start_on, leaving_on = _day(start), _day(leaving)
        if not counts(start_on, as_of, leaving_on, status == "active"):
            continue
        station_of[staff_id] = station
        people[(station, workspace_id)].append(
            PersonRecord(role_of(role), start_on, _day(last.get(staff_id)), latest.get(staff_id, {}),
                         _prior(_day(prior), elsewhere, number, station), _day(next_on)))
    totals: dict[str, TeamFigures] = defaultdict(TeamFigures)
    for (station, workspace_id), group in people.items():
        totals[station].merge(team_figures(group, courses.get(workspace_id, []), as_of,
                                           profile.eadr_interval_months, profile.due_soon_days))
    conversations: Counter[str] = Counter()
    with_wellbeing: dict[str, set[str]] = defaultdict(set)
    for staff_id, _ in q.wellbeing_held(db, since, until):
        if staff_id in station_of:
            conversations[station_of[staff_id]] += 1
            with_wellbeing[station_of[staff_id]].add(staff_id)
    table = Table("compliance", ["station", "station_name", "active_staff", "appraisal_in_date",
                                 "first_eadr_not_yet_due", "appraisal_compliance_pct", "wellbeing_conversations_12m",
                                 "staff_with_wellbeing_conversation_12m", "training_required", "training_in_date",
                                 "training_compliance_pct"])
    overall = TeamFigures()
    for station in sorted(totals):
        overall.merge(totals[station])
        table.rows.append(_compliance_row(station, names.get(station, station), totals[station],
                                          conversations[station], len(with_wellbeing[station])))
    table.rows.append(_compliance_row(ALL, "All stations", overall, sum(conversations.values()),
                                      sum(len(v) for v in with_wellbeing.values())))
    return table


def _earlier_eadrs(db, until: str) -> dict[str, dict[str, date]]:
    """assignment number → station → their latest signed EADR there."""
    found: dict[str, dict[str, date]] = defaultdict(dict)
    for number, station, day in q.eadrs_by_assignment(db, until):
        if (on := _day(day)) is not None:
            found[number][station] = on
    return found


def _prior(details: date | None, elsewhere: dict[str, dict[str, date]], number: str, station: str) -> date | None:
    """The last appraisal before the app, as the station knows it (desktop.store.team.prior_appraisal): from the
    person's details, or an EADR signed at another station (which HR's reference bundle sends it)."""
    dates = [d for st, d in elsewhere.get(number, {}).items() if st != station]
    return max([d for d in (details, *dates) if d is not None], default=None)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _compliance_row(station: str, name: str, f: TeamFigures, conversations: int, with_wellbeing: int) -> list:
    return [station, name, f.staff, f.appraisal_in_date, f.first_not_yet_due, f.appraisal_pct, conversations,
            with_wellbeing, f.training_required, f.training_in_date, f.training_pct]


def tna(hub, as_of: date | None = None, year: int | None = None) -> Table:
    """Development needs of current staff in one planning year (the financial year `year`, or the one
    `as_of` falls in), by station, role, band and TNA category. Which items belong to the year is
    desktop.domain.tna.in_year, the rule the station's own TNA view uses. Rows with role and band ALL
    total a station; rows with station ALL total the trust per category."""
    fy = PlanningYear(year) if year is not None else PlanningYear.containing(as_of or date.today())
    table = Table("tna", ["financial_year", "station", "role", "band", "tna_category", "items", "people", "due_in_year",
                          "carried_over", "not_started", "in_progress", "done", "estimated_hours",
                          "estimated_cost_gbp", "items_with_estimates"])
    counts: dict[tuple[str, str, str, str], Counter[str]] = defaultdict(Counter)
    people: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for station, role, band, staff_id, need, category, status, target, created, hours, cost in \
            q.development_items(hub.store.db):
        try:
            item = need_from_row(staff_id, need, category, status, target, created, hours, cost)
        except ValueError:
            continue   # a malformed date cannot be placed in a year
        why = in_year(item.status, item.target_date, item.raised_on, fy)
        if why is None:
            continue
        category = item.category or "Uncategorised"
        for key in ((station, role, band or "No band", category), (station, ALL, ALL, category),
                    (ALL, ALL, ALL, category)):
            c = counts[key]
            c["items"] += 1
            c["due" if why == "due" else "carried"] += 1
            c[status] += 1
            c["hours"] += item.hours or 0
            c["cost"] += item.cost or 0
            c["estimated"] += item.hours is not None or item.cost is not None
            people[key].add(staff_id)
    order = lambda kv: (kv[0][0] == ALL, kv[0][0], kv[0][1] != ALL, kv[0][1], kv[0][2], kv[0][3])  # noqa: E731
    for (station, role, band, category), c in sorted(counts.items(), key=order):
        table.rows.append([fy.label, station, role, band, category, c["items"], len(people[(station, role, band, category)]),
                           c["due"], c["carried"], c["not_started"], c["in_progress"], c["done"],
                           round(c["hours"], 1), round(c["cost"], 2), c["estimated"]])
    return table


REVIEW_TYPES = {"eadr": "Annual appraisal (EADR)", "interim": "Interim review", "wellbeing": "Wellbeing conversation"}
PAY_WORDS = {"confirmed": "Confirmed", "not_yet": "Not yet"}


def esr(hub, as_of: date, include_leavers: bool = False) -> Table:
    """ESR-ready appraisal fields: for each current staff member (leavers too if asked), their latest signed
    conversation of each kind up to `as_of`, with the review type from its kind, the review period (from the
    previous one of that kind, or the start date), the next appraisal date by the shared due-date rule, the
    appraiser, and the pay-progression confirmation recorded in an EADR at a pay step."""
    profile = hub.trust_profile()
    rows = q.signed_conversations(hub.store.db, as_of.isoformat(), include_leavers)
    latest: dict[tuple[str, str], tuple] = {}
    previous: dict[tuple[str, str], str] = {}
    last_eadr: dict[str, date] = {}
    for row in rows:
        key = (row[0], row[7])
        if key in latest:
            previous[key] = latest[key][8]
        latest[key] = row
        if row[7] == "eadr":
            last_eadr[row[0]] = date.fromisoformat(row[8])
    table = Table("esr", ["assignment_number", "station", "staff_name", "review_type", "period_start_date",
                          "period_end_date", "appraisal_date", "next_appraisal_date", "appraiser", "pay_progression",
                          "pay_progression_reason", "staff_status"])
    kinds = list(REVIEW_TYPES)
    elsewhere = _earlier_eadrs(hub.store.db, as_of.isoformat())
    before = {r[0]: (_prior(_day(r[8]), elsewhere, r[7], r[1]), _day(r[9]))
              for r in q.staff_for_compliance(hub.store.db)}
    for (staff_id, kind), row in sorted(latest.items(), key=lambda kv: (kv[1][2], kv[1][1], kinds.index(kv[0][1])
                                                                        if kv[0][1] in kinds else 9)):
        _sid, number, station, first, last, status, start, _kind, day, appraiser, content = row
        try:
            pay = (json.loads(content or "{}").get("pay_progression") or {}) if kind == "eadr" else {}
        except ValueError:
            pay = {}
        prior, next_on = before.get(staff_id, (None, None))
        due = next_eadr_due(last_eadr.get(staff_id), _day(start), as_of, profile.eadr_interval_months,
                            profile.due_soon_days, prior, next_on)
        table.rows.append([number, station, f"{first} {last}", REVIEW_TYPES.get(kind, kind),
                           previous.get((staff_id, kind)) or (start or "")[:10] or None, day, day,
                           due.on.isoformat() if due.on and status == "active" else None, appraiser,
                           PAY_WORDS.get(pay.get("outcome", ""), ""), str(pay.get("reason", "")),
                           "Leaver" if status == "leaver" else "Current"])
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


def _quarters(as_of: date, quarters: int) -> list[Period]:
    periods = [Period.of(as_of)]
    while len(periods) < quarters:
        p = periods[-1]
        periods.append(Period(p.year - (p.quarter == 1), 4 if p.quarter == 1 else p.quarter - 1))
    return periods[::-1]


def station_verdicts(hub) -> dict[str, verdict.Counts]:
    """Each station's verdict counts (all its workspaces together)."""
    by_station: dict[str, list[tuple[str, str, str, int]]] = defaultdict(list)
    for station, quarter, question, answer, n in q.verdict_counts(hub.store.db):
        by_station[station].append((quarter, question, answer, n))
    return {station: verdict.from_rows(rows) for station, rows in by_station.items()}


def staff_verdict(hub, as_of: date, quarters: int = 8) -> Table:
    """Appraisal quality as staff experienced it, by station and quarter (and the trust as a whole), beside
    HR's dip-sample score of the same station and quarter. A cell shows its shares only over 3 or more
    verdicts (domain/verdict.figure, the same function the station's own card uses)."""
    periods = [str(p) for p in _quarters(as_of, quarters)]
    counts = station_verdicts(hub)
    names = q.station_names(hub.store.db)
    hr: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in hub.store.reviews():
        hr[(r["station"], r["period"])].append(r["score"])
        hr[(ALL, r["period"])].append(r["score"])
    trust: verdict.Counts = {}
    for per_station in counts.values():
        for quarter, questions in per_station.items():
            for question, answers in questions.items():
                for answer, n in answers.items():
                    cell = trust.setdefault(quarter, {}).setdefault(question, {})
                    cell[answer] = cell.get(answer, 0) + n
    table = Table("staff_verdict", ["station", "station_name", "quarter", "views",
                                    *[f"agree_{k.key}_pct" for k in verdict.QUESTIONS], "staff_view_pct",
                                    "hr_reviewed", "hr_score_avg"])
    for station, name, held in [*((s, names.get(s, s), counts[s]) for s in sorted(counts)),
                                (ALL, "Whole trust", trust)]:
        for quarter in periods:
            figure = verdict.figure(held, [quarter])
            scores = hr.get((station, quarter), [])
            if not figure.verdicts and not scores:
                continue
            table.rows.append([station, name, quarter, figure.verdicts,
                               *[figure.agreeing[k.key] for k in verdict.QUESTIONS], figure.overall, len(scores),
                               round(sum(scores) / len(scores), 1) if scores else None])
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


def _latest_talent(hub, as_of: date) -> dict[str, tuple]:
    """Each current staff member's latest signed EADR up to `as_of`, if within TALENT_MONTHS."""
    since = add_months(as_of, -TALENT_MONTHS).isoformat()
    latest = {row[0]: row for row in q.talent(hub.store.db, as_of.isoformat())}
    return {k: row for k, row in latest.items() if row[7][:10] > since}


def talent(hub, as_of: date) -> Table:
    """The talent pipeline in counts: readiness for a next step and interest in leadership development by
    station, role and band, from each current staff member's latest EADR. Anonymised: a group of fewer than
    3 people is merged with others (see desktop.domain.talent.merge_small), never shown on its own."""
    groups: dict[str, dict[tuple[str, str], Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for _sid, station, role, band, *_rest, readiness, leadership, _consent in _latest_talent(hub, as_of).values():
        groups[station][(role, band or "No band")].update(talent_counts(readiness, leadership))
    columns = ["people", "ready_now", "ready_1_2_years", "not_at_this_time", "leadership_yes", "leadership_maybe"]
    table = Table("talent", ["station", "role", "band", *columns])
    stations = {st: sum(g.values(), Counter()) for st, g in groups.items()}
    shown_stations = merge_small({(st,): c for st, c in stations.items()}, (MERGED,))
    for (station,), total in sorted(shown_stations.items(), key=lambda kv: (kv[0][0] == MERGED, kv[0])):
        if station != MERGED:
            rows = merge_small(groups[station], (MERGED, MERGED))
            for (role, band), c in sorted(rows.items(), key=lambda kv: (kv[0][0] == MERGED, kv[0])):
                table.rows.append([station, role, band, *(c[k] for k in columns)])
        table.rows.append([station, ALL, ALL, *(total[k] for k in columns)])
    overall = sum(stations.values(), Counter())
    if overall["people"] >= MIN_GROUP:
        table.rows.append([ALL, ALL, ALL, *(overall[k] for k in columns)])
    return table


def talent_pool(hub, as_of: date) -> Table:
    """HR's named talent pool: only people who agreed, in their latest EADR, to be put forward."""
    table = Table("talent-pool", ["station", "assignment_number", "staff_name", "role", "band", "readiness",
                                  "leadership_interest", "eadr_signed_on"])
    interest = {"yes": "Yes", "maybe": "Maybe later", "no": "No"}
    for _sid, station, role, band, number, first, last, signed, readiness, leadership, consent in sorted(
            _latest_talent(hub, as_of).values(), key=lambda r: (r[1], r[6], r[5])):
        if consent in (1, True, "1", "true"):
            table.rows.append([station, number, f"{first} {last}", role, band, Readiness(readiness).label
                               if readiness in Readiness._value2member_map_ else readiness,
                               interest.get(leadership, "Not discussed"), signed[:10]])
    return table


def objectives(hub, as_of: date) -> Table:
    """The golden thread: new objectives set in EADRs signed in the 12 months to `as_of`, by the trust
    priority each supports, per station and trust-wide; objectives linked to none are counted too."""
    since = add_months(as_of, -12).isoformat()
    priorities = list(hub.trust_profile().strategic_priorities)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for station, staff_id, priority, _outcome in q.objectives(hub.store.db, since, as_of.isoformat()):
        priority = priority.strip() or NOT_LINKED
        for key in (station, ALL):
            counts[key][priority] += 1
            people[(key, priority)].add(staff_id)
    table = Table("objectives", ["station", "trust_priority", "objectives", "people", "share_pct"])
    for station in sorted(counts, key=lambda s: (s == ALL, s)):
        c = counts[station]
        whole = sum(c.values())
        extra = sorted(p for p in c if p not in priorities and p != NOT_LINKED)
        for priority in [*priorities, *extra, NOT_LINKED]:
            table.rows.append([station, priority, c[priority], len(people[(station, priority)]),
                               _pct(c[priority], whole)])
    return table


def build(hub, name: str, as_of: date, seed: int = 2026, per_station: int = 5, year: int | None = None,
          include_leavers: bool = False) -> Table:
    """`year` (a financial year's first calendar year) is for the TNA; without it, the year `as_of` is in.
    `include_leavers` is for the ESR file, which otherwise lists current staff only."""
    if name == "compliance":
        return compliance(hub, as_of)
    if name == "tna":
        return tna(hub, as_of, year)
    if name == "esr":
        return esr(hub, as_of, include_leavers)
    if name == "dip":
        return dip_sample(hub, as_of, seed, per_station)
    if name == "dip-quality":
        return dip_quality(hub, as_of)
    if name == "staff-verdict":
        return staff_verdict(hub, as_of)
    if name == "leadership":
        return leadership(hub, as_of)
    if name == "talent":
        return talent(hub, as_of)
    if name == "talent-pool":
        return talent_pool(hub, as_of)
    if name == "objectives":
        return objectives(hub, as_of)
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
