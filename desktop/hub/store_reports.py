"""The hub's report queries (SQL stays in desktop/hub/store*.py). Plain rows; reports.py does the sums."""

from __future__ import annotations

from desktop.store.driver import Database

SIGNED = "coalesce(c.manager_signed_on, c.staff_signed_on)"


def station_names(db: Database) -> dict[str, str]:
    """HR's own name for each station (from its enrolment) before the name a workspace gave itself."""
    names = dict(db.execute("SELECT station, max(station_name) FROM workspaces GROUP BY station").fetchall())
    names.update(db.execute("SELECT station, max(station_name) FROM enrolments GROUP BY station").fetchall())
    return names


def active_staff(db: Database) -> list[tuple[str, str, str, str]]:
    """(id, station, role, workspace_id) of current staff, each person once."""
    return db.execute("SELECT id, station, role, workspace_id FROM staff WHERE status = 'active' AND superseded = 0"
                      ).fetchall()


def signed_eadrs(db: Database, since: str, until: str) -> list[tuple]:
    """(conversation id, staff id, station, assignment number, signed on, appraiser, quality score, name)."""
    return db.execute(
        f"SELECT c.id, c.staff_id, s.station, s.assignment_number, {SIGNED}, c.manager_signature, c.quality_score, "
        "s.first_name || ' ' || s.last_name FROM conversations c JOIN staff s ON s.id = c.staff_id "
        f"WHERE c.kind = 'eadr' AND c.status = 'signed_off' AND s.superseded = 0 AND {SIGNED} > ? AND {SIGNED} <= ? "
        "ORDER BY c.id", [since, until]).fetchall()


def wellbeing_held(db: Database, since: str, until: str) -> list[tuple[str, str]]:
    """(staff id, date) of every conversation in which wellbeing was discussed, in the period."""
    held = "coalesce(json_extract(c.content, '$.wellbeing.held_on'), c.held_on)"
    return db.execute(f"SELECT c.staff_id, {held} FROM conversations c WHERE {held} > ? AND {held} <= ?",
                      [since, until]).fetchall()


def courses(db: Database) -> list[tuple[str, str, str, int, str]]:
    """(id, workspace_id, code, mandatory, applies_to JSON)."""
    return db.execute("SELECT id, workspace_id, code, mandatory, applies_to FROM training_courses").fetchall()


def latest_training(db: Database) -> list[tuple[str, str, str]]:
    """(staff id, course id, latest expiry or '9999-12-31' for courses done once)."""
    return db.execute("SELECT staff_id, course_id, max(coalesce(expires_on, '9999-12-31')) FROM training_records "
                      "GROUP BY staff_id, course_id").fetchall()


def development_items(db: Database) -> list[tuple]:
    """(station, role, band, staff id, need, TNA category, status, target date, created at, estimated hours,
    estimated cost) of current staff."""
    return db.execute("SELECT s.station, s.role, coalesce(s.band, ''), d.staff_id, d.need, d.tna_category, d.status, "
                      "d.target_date, d.created_at, d.estimated_hours, d.estimated_cost FROM development_items d JOIN staff s ON s.id = d.staff_id "
                      "WHERE s.superseded = 0 AND s.status = 'active'").fetchall()


def talent(db: Database, until: str) -> list[tuple]:
    """Each current staff member's signed EADRs up to `until`, oldest first: (staff id, station, role, band,
    assignment number, first, last, signed on, readiness, leadership interest, talent-pool consent)."""
    return db.execute(
        f"SELECT s.id, s.station, s.role, coalesce(s.band, ''), s.assignment_number, s.first_name, s.last_name, "
        f"{SIGNED}, coalesce(json_extract(c.content, '$.talent.readiness'), ''), "
        "coalesce(json_extract(c.content, '$.talent.leadership_interest'), ''), "
        "coalesce(json_extract(c.content, '$.talent.talent_pool_consent'), 0) "
        "FROM conversations c JOIN staff s ON s.id = c.staff_id WHERE c.kind = 'eadr' AND c.status = 'signed_off' "
        f"AND s.status = 'active' AND s.superseded = 0 AND {SIGNED} IS NOT NULL AND {SIGNED} <= ? "
        f"ORDER BY {SIGNED}, c.id", [until]).fetchall()


def objectives(db: Database, since: str, until: str) -> list[tuple[str, str, str, str]]:
    """(station, staff id, trust priority, outcome) of the new objectives set in EADRs signed in the period,
    for current staff."""
    return db.execute(
        "SELECT s.station, o.staff_id, o.priority, o.outcome FROM objectives o "
        "JOIN conversations c ON c.id = o.conversation_id JOIN staff s ON s.id = o.staff_id "
        f"WHERE c.kind = 'eadr' AND c.status = 'signed_off' AND {SIGNED} > ? AND {SIGNED} <= ? AND o.review = 0 "
        "AND s.status = 'active' AND s.superseded = 0", [since, until]).fetchall()


def staff_for_compliance(db: Database) -> list[tuple]:
    """(id, station, role, workspace_id, start_date, leaving_date, status, assignment number, last appraisal
    before the app, ESR's next appraisal date) of every current record of a person."""
    return db.execute("SELECT id, station, role, workspace_id, start_date, leaving_date, status, assignment_number, "
                      "prior_appraisal, next_appraisal FROM staff WHERE superseded = 0").fetchall()


def eadrs_by_assignment(db: Database, until: str) -> list[tuple[str, str, str]]:
    """(assignment number, station, day) of every signed EADR up to `until`: a person's EADRs at another
    station reach their new station in HR's reference bundle and count there as an appraisal before the app."""
    return db.execute(f"SELECT s.assignment_number, s.station, max(substr({SIGNED}, 1, 10)) FROM conversations c "
                      f"JOIN staff s ON s.id = c.staff_id WHERE c.kind = 'eadr' AND c.status = 'signed_off' "
                      f"AND {SIGNED} IS NOT NULL AND substr({SIGNED}, 1, 10) <= ? "
                      "GROUP BY s.assignment_number, s.station", [until]).fetchall()


def last_signed_eadrs(db: Database, until: str) -> dict[str, str]:
    """staff id → the day of their latest signed EADR on or before `until`."""
    return dict(db.execute(f"SELECT c.staff_id, max(substr({SIGNED}, 1, 10)) FROM conversations c "
                           f"WHERE c.kind = 'eadr' AND c.status = 'signed_off' AND {SIGNED} IS NOT NULL "
                           f"AND substr({SIGNED}, 1, 10) <= ? GROUP BY c.staff_id", [until]).fetchall())


def mandatory_courses(db: Database) -> list[tuple]:
    """(id, workspace_id, code, title, renewal_months, applies_to JSON) of each workspace's mandatory courses."""
    return db.execute("SELECT id, workspace_id, code, title, renewal_months, applies_to FROM training_courses "
                      "WHERE mandatory = 1 ORDER BY rowid").fetchall()


def latest_completions(db: Database, until: str) -> list[tuple[str, str, str]]:
    """(staff id, course id, latest completion on or before `until`)."""
    return db.execute("SELECT staff_id, course_id, max(completed_on) FROM training_records WHERE completed_on <= ? "
                      "GROUP BY staff_id, course_id", [until]).fetchall()


def signed_conversations(db: Database, until: str, include_leavers: bool) -> list[tuple]:
    """Signed conversations up to `until`, oldest first: (staff id, assignment number, station, first, last,
    status, start date, kind, day, appraiser, content JSON)."""
    day = f"substr(coalesce({SIGNED}, c.held_on), 1, 10)"
    leavers = "" if include_leavers else "AND s.status = 'active' "
    return db.execute(
        f"SELECT s.id, s.assignment_number, s.station, s.first_name, s.last_name, s.status, s.start_date, c.kind, "
        f"{day}, c.manager_signature, c.content FROM conversations c JOIN staff s ON s.id = c.staff_id "
        f"WHERE c.status = 'signed_off' AND s.superseded = 0 {leavers}AND {day} IS NOT NULL AND {day} <= ? "
        f"ORDER BY {day}, c.id", [until]).fetchall()


def development_by_category(db: Database) -> list[tuple[str, str, str, int]]:
    """(station, TNA category, status, items)."""
    return db.execute("SELECT s.station, d.tna_category, d.status, count(*) FROM development_items d "
                      "JOIN staff s ON s.id = d.staff_id WHERE s.superseded = 0 "
                      "GROUP BY s.station, d.tna_category, d.status ORDER BY 1, 2").fetchall()


def feedback_rounds(db: Database) -> list[tuple[str, str, str | None, str | None]]:
    """(staff id, leader's role, closed on, dimension means JSON) of every 360 round of current staff, not
    withdrawn; the means are the station's, or HR's own from the sealed responses until the station's arrive."""
    return db.execute("SELECT f.staff_id, s.role, f.closed_on, coalesce(f.dimension_means, r.dimension_means) "
                      "FROM feedback_rounds f JOIN staff s ON s.id = f.staff_id "
                      "LEFT JOIN feedback_results r ON r.round_id = f.id "
                      "WHERE s.superseded = 0 AND f.withdrawn_on IS NULL ORDER BY f.staff_id").fetchall()


def verdict_counts(db: Database) -> list[tuple[str, str, str, str, int]]:
    """(station, quarter, question, answer, count) of staff verdicts, every workspace's cells."""
    return db.execute("SELECT station, quarter, question, answer, count FROM verdict_counts").fetchall()


def verdict_comments(db: Database) -> list[tuple[str, str, str]]:
    """(station, quarter, sealed comment) — each age-encrypted to HR's hub key."""
    return db.execute("SELECT station, quarter, sealed FROM verdict_comments ORDER BY station, quarter, id").fetchall()
