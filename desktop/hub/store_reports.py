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


def latest_signed_eadrs(db: Database) -> list[tuple]:
    """Each current staff member's latest signed EADR: (assignment, station, first, last, signed on, appraiser)."""
    return db.execute(
        f"SELECT s.assignment_number, s.station, s.first_name, s.last_name, max({SIGNED}), c.manager_signature "
        "FROM conversations c JOIN staff s ON s.id = c.staff_id WHERE c.kind = 'eadr' AND c.status = 'signed_off' "
        f"AND s.superseded = 0 AND {SIGNED} IS NOT NULL GROUP BY s.assignment_number, s.station "
        "ORDER BY s.station, s.assignment_number").fetchall()


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


def development_by_category(db: Database) -> list[tuple[str, str, str, int]]:
    """(station, TNA category, status, items)."""
    return db.execute("SELECT s.station, d.tna_category, d.status, count(*) FROM development_items d "
                      "JOIN staff s ON s.id = d.staff_id WHERE s.superseded = 0 "
                      "GROUP BY s.station, d.tna_category, d.status ORDER BY 1, 2").fetchall()


def feedback_rounds(db: Database) -> list[tuple[str, str, str | None, str | None]]:
    """(staff id, leader's role, closed on, dimension means JSON) of every 360 round of current staff."""
    return db.execute("SELECT f.staff_id, s.role, f.closed_on, f.dimension_means FROM feedback_rounds f "
                      "JOIN staff s ON s.id = f.staff_id WHERE s.superseded = 0 ORDER BY f.staff_id").fetchall()
