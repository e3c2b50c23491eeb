"""The hub's reports in words (desktop/hub/report_text.py), without a window: what HR reads above each chart,
a screen reader hears as the chart's description, and the PDF prints. The 360's words are in test_hub_words.py."""

from __future__ import annotations

from datetime import date

from desktop.domain.due import due_by_month
from desktop.hub.report_text import (
    cell_text, compliance_words, dip_words, esr_words, group_name, heading, imports_words, objectives_words,
    quality_words, role_group_name, talent_words, tna_words,
)
from desktop.hub.reports import ALL, NOT_LINKED, Table, lowest_compliance

AS_OF = date(2026, 11, 23)
COMPLIANCE = ["station", "station_name", "active_staff", "appraisal_in_date", "first_eadr_not_yet_due",
              "appraisal_compliance_pct", "wellbeing_conversations_12m", "staff_with_wellbeing_conversation_12m",
              "training_required", "training_in_date", "training_compliance_pct"]


def _compliance(*stations: list) -> Table:
    rows = list(stations)
    total = [sum(r[i] for r in rows) for i in (2, 3, 4)]
    training = [sum(r[i] for r in rows) for i in (8, 9)]
    overall = [ALL, "All stations", *total, round(100 * total[1] / total[0], 1) if total[0] else None,
               sum(r[6] for r in rows), sum(r[7] for r in rows), *training,
               round(100 * training[1] / training[0], 1) if training[0] else None]
    return Table("compliance", COMPLIANCE, [overall, *rows])


def test_cells_read_as_people_write_them():
    assert cell_text(None, "appraisal_compliance_pct") == "—"
    assert cell_text(65.125, "appraisal_compliance_pct") == "65.1%"
    assert cell_text(1234.56, "estimated_hours") == "1,234.6"
    assert cell_text(12345, "active_staff") == "12,345"
    assert cell_text("2026-03-04", "next_appraisal_date") == "04/03/2026"     # UK dates on screen
    assert cell_text("2026-03-04", "signed_on") == "04/03/2026"
    assert cell_text("2026-03-04T10:00", "signed_on") == "2026-03-04T10:00"  # only a plain date is re-written
    assert cell_text("IPS", "station") == "IPS"


def test_headings_read_as_words():
    assert heading("appraisal_compliance_pct") == "Appraisal compliance %"
    assert heading("wellbeing_conversations_12m") == "Wellbeing conversations (12 months)"
    assert heading("tna_category") == "TNA category"
    assert heading("hr_score_avg") == "HR score avg"
    assert heading("esr_field") == "ESR field"
    assert heading("ready_1_2_years") == "Ready in 1–2 years"
    assert heading("first_eadr_not_yet_due") == "First EADR not yet due" and heading("eadrs_signed") == "EADRs signed"
    assert heading("eadr_signed_on") == "EADR signed on" and heading("estimated_cost_gbp") == "Estimated cost (£)"


def test_compliance_names_the_overall_figures_and_the_three_lowest_stations():
    table = _compliance(["IPS", "Ipswich", 20, 9, 1, 45.0, 11, 10, 300, 200, 66.7],
                        ["COL", "Colchester", 10, 9, 0, 90.0, 9, 9, 150, 150, 100.0],
                        ["NOR", "Norwich", 10, 8, 0, 80.0, 4, 4, 150, 120, 80.0],
                        ["HAR", "Harwich", 10, 10, 0, 100.0, 2, 2, 100, 100, 100.0],
                        ["EMP", "Empty", 0, 0, 0, None, 0, 0, 0, 0, None])
    words = compliance_words(table)
    assert words.startswith("Overall, 36 of 50 current staff (72.0%) are in date for their EADR (including 1 new "
                            "starters whose first is not yet due), across 5 stations.")
    assert "25 staff had a wellbeing conversation (26 conversations in all)." in words
    assert "Mandatory training in date: 570 of 700 (81.4%)." in words
    assert words.endswith("Lowest appraisal compliance: Ipswich (IPS) 45.0%; Norwich (NOR) 80.0%; "
                          "Colchester (COL) 90.0%.")
    assert [r["station"] for r in lowest_compliance(table, 15)] == ["IPS", "NOR", "COL", "HAR"]   # no figure, no bar


def test_compliance_before_any_bundle_and_before_any_training_record():
    assert compliance_words(Table("compliance", COMPLIANCE)) == ("No station has sent a bundle yet, so there is "
                                                                 "nothing to report.")
    words = compliance_words(_compliance(["IPS", "Ipswich", 2, 1, 0, 50.0, 0, 0, 0, 0, None]))
    assert "Mandatory training in date: no training records have been sent yet." in words


def test_tna_names_the_total_and_the_three_most_needed():
    headers = ["station", "tna_category", "items", "done"]
    table = Table("tna", headers, [[ALL, "Clinical skills", 40, 10], [ALL, "Leadership", 12, 0],
                                   [ALL, "Wellbeing", 1_200, 1_000], [ALL, "Digital", 3, 3],
                                   ["IPS", "Wellbeing", 900, 800]])
    assert tna_words(table) == ("1,255 development-plan items across the trust. Most needed: Wellbeing (1,200, "
                                "1,000 done); Clinical skills (40, 10 done); Leadership (12, 0 done).")
    assert tna_words(Table("tna", headers)) == "No development-plan items have been received yet."


def test_esr_counts_past_and_coming_appraisals_and_names_the_busiest_month():
    dates = ["2026-10-01", "2026-12-05", "2027-01-10", "2027-01-31", "2027-11-30", "2028-02-01", None, ""]
    months, overdue = due_by_month(dates, AS_OF)
    assert overdue == 1
    assert months[0] == ("Nov 2026", 0) and months[1] == ("Dec 2026", 1) and months[2] == ("Jan 2027", 2)
    assert len(months) == 12 and months[-1] == ("Oct 2027", 0)     # Nov 2027 and later are beyond the year
    table = Table("esr", ["assignment_number", "next_appraisal_date"], [[str(n), d] for n, d in enumerate(dates)])
    assert esr_words(table, AS_OF) == (
        "8 staff with a signed EADR: the fields HR keys into ESR (appraisal date, next appraisal date, appraiser, "
        "review type). 1 next appraisals are already past; 3 fall due in the next 12 months, most in Jan 2027 (2).")
    assert esr_words(Table("esr", ["next_appraisal_date"]), AS_OF).endswith("0 fall due in the next 12 months.")


def test_talent_gives_trust_figures_and_the_pool_in_the_right_number():
    headers = ["station", "people", "ready_now", "ready_1_2_years", "not_at_this_time", "leadership_yes",
               "leadership_maybe"]
    table = Table("talent", headers, [[ALL, 25, 4, 9, 12, 6, 5]])
    one = Table("talent-pool", ["staff_name"], [["Ffion Jones"]])
    words = talent_words(table, one)
    assert words.startswith("25 current staff with a talent conversation in the last two years: 4 ready now for a "
                            "next step, 9 ready in 1–2 years; 6 interested in leadership development and 5 maybe "
                            "later.")
    assert words.endswith("1 person has agreed to be named in the talent pool.")
    assert talent_words(table, Table("talent-pool", ["staff_name"], [["A"], ["B"]])).endswith(
        "2 people have agreed to be named in the talent pool.")
    assert talent_words(Table("talent", headers), one).startswith("Too few talent conversations")


def test_objectives_name_the_top_priority_and_the_unlinked_share():
    headers = ["station", "trust_priority", "objectives", "people", "share_pct"]
    table = Table("objectives", headers, [[ALL, "Patient safety", 30, 20, 60.0], [ALL, "Our people", 15, 12, 30.0],
                                          [ALL, NOT_LINKED, 5, 5, 10.0], ["IPS", "Our people", 15, 12, 100.0]])
    assert objectives_words(table) == ("50 objectives set in EADRs signed in the last 12 months. Most support "
                                       "“Patient safety” (60%); 5 (10%) are linked to no trust priority.")
    linked = Table("objectives", headers, [[ALL, "Patient safety", 3, 3, 100.0], [ALL, NOT_LINKED, 0, 0, 0.0]])
    assert objectives_words(linked).endswith("“Patient safety” (100%).")
    assert objectives_words(Table("objectives", headers)).startswith("No objectives")


QUALITY = ["quarter", "eadrs_signed", "station_score_avg", "hr_reviewed", "hr_score_avg",
           "station_score_of_reviewed_avg"]


def test_quality_compares_hr_with_the_stations_for_the_same_records():
    table = Table("dip_quality", QUALITY, [["2026-Q2", 0, None, 0, None, None], ["2026-Q3", 10, 88.0, 2, 70.0, 90.0],
                                           ["2026-Q4", 6, 91.5, 1, 80.0, None]])
    assert quality_words(table) == (
        "In 2026-Q4 the stations' own checklist score averaged 91.5% over 6 signed EADRs; HR has reviewed 3 sampled "
        "records in 2 quarters, most recently 2026-Q4: HR 80.0% against the stations' unscored for the same "
        "records.")
    unreviewed = Table("dip_quality", QUALITY, [["2026-Q4", 1, None, 0, None, None]])
    assert quality_words(unreviewed) == ("In 2026-Q4 the stations' own checklist score averaged nothing (no scores) "
                                         "over 1 signed EADRs; HR has not reviewed any sampled record yet (Dip review).")
    assert quality_words(Table("dip_quality", QUALITY)) == "No signed EADRs in the last eight quarters."


def test_the_dip_sample_says_its_size_and_average_score():
    sample = Table("dip", ["station", "conversation_id", "quality_score"], [["IPS", "a", 80], ["IPS", "b", None],
                                                                            ["COL", "c", 95]])
    quality = Table("dip_quality", QUALITY)
    assert dip_words(sample, quality) == ("3 signed EADRs sampled at random from the last 12 months (the same seed "
                                          "always draws the same sample); average quality score 88%. No signed "
                                          "EADRs in the last eight quarters.")
    assert "average" not in dip_words(Table("dip", ["quality_score"], [[None]]), quality)


def test_role_groups_and_the_imports_summary_read_as_words():
    assert role_group_name("manager") == "Team leader / manager"
    assert role_group_name("night_shift_lead") == "Night shift lead"   # a group this version does not know
    assert group_name(ALL) == "Trust-wide"
    assert imports_words(1_204, 31, 2, 0) == ("1,204 workspaces at 31 stations enrolled; 2 conflicts for HR to "
                                              "resolve; 0 records quarantined.")


def test_staff_views_name_the_latest_quarter_beside_hrs_score():
    from desktop.hub.report_text import verdict_comments_heading, verdict_words
    headers = ["station", "quarter", "views", "staff_view_pct", "hr_score_avg", "hr_reviewed"]
    table = Table("staff_verdict", headers, [[ALL, "2026-Q3", 3, 75.0, None, 0], [ALL, "2026-Q4", 6, 62.5, 80.0, 4],
                                             ["IPS", "2026-Q4", 6, 62.5, 80.0, 4], ["COL", "2026-Q4", 0, None, None, 0]])
    assert verdict_words(table) == (
        "In 2026-Q4, 6 staff gave their view of their conversation; on average 62% agreed it helped (doing the job "
        "better, clear objectives, feeling valued, wellbeing discussed), beside HR's dip-sample score of 80% over 4 "
        "records. 1 station has sent views; a station's shares are shown only where 3 or more views were counted.")
    assert verdict_words(Table("staff_verdict", headers)).startswith("No staff member's view")
    assert verdict_comments_heading(1).startswith("1 comment from staff")


def test_a_role_reads_as_its_name_not_the_code_a_station_sent():
    assert cell_text("emt", "role") == "Technician / AAP"
    assert cell_text("paramedic", "role") == "Paramedic"
    assert cell_text(ALL, "role") == ALL   # the whole-trust row keeps its own word
