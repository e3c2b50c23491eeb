"""The hub's reports in words: the sentences HR reads above each chart, a screen reader hears as the chart's
description, and the PDF prints before the table; and how each table cell reads on screen. Qt-free, so
the words are tested without a window (tests/unit/test_hub_report_text.py)."""

from __future__ import annotations

from datetime import date

from desktop.domain.dates import uk
from desktop.domain.due import due_by_month
from desktop.domain.leadership import HUB_MIN_CONTRIBUTORS, describe_mean
from desktop.domain.staff import Role
from desktop.hub.reports import ALL, NOT_LINKED, Table, lowest_compliance


def cell_text(value: object, header: str) -> str:
    """A report cell as shown: a dash for nothing, percentages to one place, thousands separated, UK dates."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}%" if header.endswith("_pct") else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    text = str(value)
    if header == "role":   # stations send the role's code ("emt"); HR reads its name ("Emergency medical technician")
        return next((r.label for r in Role if r.value == text), text)
    if header.endswith(("_date", "_on")) and len(text) == 10:
        return uk(date.fromisoformat(text))
    return text


def heading(header: str) -> str:
    """A column's heading as people read it ("appraisal_compliance_pct" → "Appraisal compliance %")."""
    text = header.replace("_pct", " %").replace("_12m", " (12 months)").replace("_1_2_", " in 1–2 ")
    text = text.replace("_", " ").capitalize()
    for word, written in (("tna", "TNA"), ("esr", "ESR"), ("hr", "HR"), ("eadr", "EADR"), ("eadrs", "EADRs"),
                          ("gbp", "(£)")):
        text = " ".join(written if part.lower() == word else part for part in text.split(" "))
    return text


def role_group_name(group: str) -> str:
    """The role group as people read it ("Team leader / manager"), whatever a station sent."""
    return next((r.label for r in Role if r.value == group), group.replace("_", " ").capitalize())


def group_name(group: str) -> str:
    """A report row's role group, with the whole trust's row named as such."""
    return "Trust-wide" if group == ALL else role_group_name(group)


def compliance_words(table: Table) -> str:
    rows = table.as_dicts()
    overall = next((r for r in rows if r["station"] == ALL), None)
    stations = [r for r in rows if r["station"] != ALL]
    if not overall or not overall["active_staff"]:
        return "No station has sent a bundle yet, so there is nothing to report."
    pct = overall["appraisal_compliance_pct"]
    training = overall["training_compliance_pct"]
    lines = [f"Overall, {overall['appraisal_in_date']:,} of {overall['active_staff']:,} current staff "
             f"({pct:.1f}%) are in date for their EADR (including {overall['first_eadr_not_yet_due']:,} new "
             f"starters whose first is not yet due), across {len(stations)} stations.",
             f"{overall['staff_with_wellbeing_conversation_12m']:,} staff had a wellbeing conversation "
             f"({overall['wellbeing_conversations_12m']:,} conversations in all).",
             "Mandatory training in date: " + (f"{overall['training_in_date']:,} of {overall['training_required']:,} "
                                               f"({training:.1f}%)." if training is not None else
                                               "no training records have been sent yet.")]
    low = lowest_compliance(table, 3)
    if low:
        lines.append("Lowest appraisal compliance: " + "; ".join(
            f"{r['station_name']} ({r['station']}) {r['appraisal_compliance_pct']:.1f}%" for r in low) + ".")
    return " ".join(lines)


def tna_words(table: Table) -> str:
    rows = [r for r in table.as_dicts() if r["station"] == ALL]
    if not rows:
        return "No development-plan items have been received yet."
    total = sum(r["items"] for r in rows)
    top = sorted(rows, key=lambda r: -r["items"])[:3]
    return (f"{total:,} development-plan items across the trust. Most needed: " +
            "; ".join(f"{r['tna_category']} ({r['items']:,}, {r['done']:,} done)" for r in top) + ".")


def esr_words(table: Table, as_of: date) -> str:
    """What the ESR file holds, how many next appraisals are past, and the busiest of the next 12 months."""
    months, overdue = due_by_month([r.get("next_appraisal_date") for r in table.as_dicts()], as_of)
    busiest = max(months, key=lambda m: m[1]) if any(n for _, n in months) else None
    return (f"{len(table.rows):,} staff with a signed EADR: the fields HR keys into ESR (appraisal date, next "
            f"appraisal date, appraiser, review type). {overdue:,} next appraisals are already past; "
            f"{sum(n for _, n in months):,} fall due in the next 12 months"
            + (f", most in {busiest[0]} ({busiest[1]:,})." if busiest else "."))


def talent_words(table: Table, pool: Table) -> str:
    trust = next((r for r in table.as_dicts() if r["station"] == ALL), None)
    if trust is None:
        return "Too few talent conversations have been received to show any figures (groups under 3 are never shown)."
    return (f"{trust['people']:,} current staff with a talent conversation in the last two years: "
            f"{trust['ready_now']:,} ready now for a next step, {trust['ready_1_2_years']:,} ready in 1–2 years; "
            f"{trust['leadership_yes']:,} interested in leadership development and {trust['leadership_maybe']:,} "
            f"maybe later. Groups of fewer than 3 people are merged, never shown. {len(pool.rows):,} "
            f"{'person has' if len(pool.rows) == 1 else 'people have'} agreed to be named in the talent pool.")


def objectives_words(table: Table) -> str:
    trust = [r for r in table.as_dicts() if r["station"] == ALL]
    total = sum(r["objectives"] for r in trust)
    if not total:
        return "No objectives from EADRs signed in the last 12 months have been received yet."
    unlinked = next((r for r in trust if r["trust_priority"] == NOT_LINKED), None)
    top = max(trust, key=lambda r: r["objectives"])
    return (f"{total:,} objectives set in EADRs signed in the last 12 months. Most support "
            f"“{top['trust_priority']}” ({top['share_pct']:.0f}%)"
            + (f"; {unlinked['objectives']:,} ({unlinked['share_pct']:.0f}%) are linked to no trust priority."
               if unlinked and unlinked["objectives"] else "."))


def leadership_words(table: Table) -> str:
    """How many leaders had a 360 and, by role group, only the averages the report shows (10 or more leaders
    contribute); a group with fewer is named with its count and never an average."""
    rows = table.as_dicts()
    trust = next((r for r in rows if r["role_group"] == ALL), None)
    had = trust["leaders_with_360"] if trust else 0
    if not had:
        return "No station has sent a 360 feedback round yet, so there is nothing to report."
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(r["role_group"], []).append(r)
    lines = [f"{had:,} leader{'s' if had != 1 else ''} had 360 feedback."]
    for group, items in groups.items():
        name = group_name(group)
        shown = [r for r in items if r["average"] is not None]
        if shown:
            top = max(shown, key=lambda r: r["average"])
            low = min(shown, key=lambda r: r["average"])
            lines.append(f"{name} ({max(r['leaders_contributing'] for r in shown):,} leaders' results): " + (
                f"highest {top['dimension']} {describe_mean(top['average'])}, lowest {low['dimension']} "
                f"{describe_mean(low['average'])}." if top["average"] != low["average"] else
                f"every dimension {describe_mean(top['average'])}."))
        else:
            lines.append(f"{name}: {items[0]['leaders_with_360']:,} had a 360; fewer than {HUB_MIN_CONTRIBUTORS} "
                         "leaders' results, so no average is shown.")
    return " ".join(lines)


def verdict_words(table: Table) -> str:
    """The staff-views report in a sentence or two: the latest quarter trust-wide, and the stations shown."""
    trust = [r for r in table.as_dicts() if r["station"] == ALL and r["views"]]
    if not trust:
        return ("No staff member's view of their conversation has reached HR yet. Stations send them as counts "
                "only, in batches of at least three.")
    last = trust[-1]
    shown = last["staff_view_pct"]
    text = (f"In {last['quarter']}, {last['views']:,} staff gave their view of their conversation; "
            + (f"on average {shown:.0f}% agreed it helped (doing the job better, clear objectives, feeling valued, "
               "wellbeing discussed)" if shown is not None else "too few to show shares (fewer than 3)"))
    if last["hr_score_avg"] is not None:
        text += f", beside HR's dip-sample score of {last['hr_score_avg']:.0f}% over {last['hr_reviewed']:,} records"
    else:
        text += "; HR has not scored a sampled record from that quarter yet (Dip review)"
    stations = {r["station"] for r in table.as_dicts() if r["station"] != ALL and r["views"]}
    return text + f". {len(stations):,} station{'s have' if len(stations) != 1 else ' has'} sent views; a station's " \
        "shares are shown only where 3 or more views were counted."


def verdict_comments_heading(count: int) -> str:
    return (f"{count:,} comment{'s' if count != 1 else ''} from staff, without names, opened with HR's own key "
            "(stations cannot read them):")


def quality_words(table: Table) -> str:
    rows = [r for r in table.as_dicts() if r["eadrs_signed"] or r["hr_reviewed"]]
    if not rows:
        return "No signed EADRs in the last eight quarters."
    last = rows[-1]
    text = (f"In {last['quarter']} the stations' own checklist score averaged "
            + (f"{last['station_score_avg']:.1f}%" if last["station_score_avg"] is not None else "nothing (no scores)")
            + f" over {last['eadrs_signed']:,} signed EADRs")
    reviewed = [r for r in rows if r["hr_reviewed"]]
    if reviewed:
        hr = sum(r["hr_reviewed"] for r in reviewed)
        text += (f"; HR has reviewed {hr:,} sampled record{'s' if hr != 1 else ''} in {len(reviewed)} quarter"
                 f"{'s' if len(reviewed) != 1 else ''}, most recently {reviewed[-1]['quarter']}: HR "
                 f"{reviewed[-1]['hr_score_avg']:.1f}% against the stations' "
                 + (f"{reviewed[-1]['station_score_of_reviewed_avg']:.1f}%" if
                    reviewed[-1]["station_score_of_reviewed_avg"] is not None else "unscored")
                 + " for the same records.")
    else:
        text += "; HR has not reviewed any sampled record yet (Dip review)."
    return text


def dip_words(sample: Table, quality: Table) -> str:
    """The dip sample's size and average quality score, then the quality by quarter."""
    scores = [r["quality_score"] for r in sample.as_dicts() if r["quality_score"] is not None]
    average = f"; average quality score {sum(scores) / len(scores):.0f}%" if scores else ""
    return (f"{len(sample.rows):,} signed EADRs sampled at random from the last 12 months "
            f"(the same seed always draws the same sample){average}. " + quality_words(quality))


def imports_words(workspaces: int, stations: int, conflicts: int, quarantined: int) -> str:
    return (f"{workspaces:,} workspaces at {stations:,} stations enrolled; {conflicts:,} conflicts for HR to "
            f"resolve; {quarantined:,} records quarantined.")
