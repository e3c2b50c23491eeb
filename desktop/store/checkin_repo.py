"""Check-ins, their actions and wellbeing plans as the workspace keeps them (never in a bundle)."""

from __future__ import annotations

import json
from datetime import date

from desktop.domain.checkin import Checkin, CheckinAction, CheckinKind, Evidence, WellbeingPlan
from desktop.domain.dates import from_iso, iso, now_iso, uk
from desktop.store import audit
from desktop.store.changes import new_id, next_seq
from desktop.store.driver import Database

_ACTION = "id, staff_id, checkin_id, action, owner, due_on, done_on"


def _action(row: tuple) -> CheckinAction:
    return CheckinAction(row[3], row[4], from_iso(row[5]), from_iso(row[6]), row[0], row[1], row[2])


class CheckinRepository:
    def __init__(self, db: Database, actor: str):
        self.db = db
        self.actor = actor

    # --- check-ins -----------------------------------------------------------------------
    def add(self, checkin: Checkin) -> Checkin:
        """The check-in and its actions in one transaction; audited without its notes."""
        ident = new_id()
        now = now_iso()
        actions = []
        with self.db.atomic():
            self.db.execute("INSERT INTO checkins (id, staff_id, held_on, kind, notes, plan_reviewed, created_at, "
                            "updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [ident, checkin.staff_id, iso(checkin.held_on), checkin.kind.value, checkin.notes,
                             int(checkin.plan_reviewed), now, now, next_seq(self.db)])
            for position, a in enumerate(checkin.actions):
                action_id = new_id()
                self.db.execute(f"INSERT INTO checkin_actions ({_ACTION}, position, created_at, updated_at, "
                                "change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                [action_id, checkin.staff_id, ident, a.action, a.owner, iso(a.due_on), iso(a.done_on),
                                 position, now, now, next_seq(self.db)])
                actions.append(CheckinAction(a.action, a.owner, a.due_on, a.done_on, action_id, checkin.staff_id,
                                             ident))
            if checkin.plan_reviewed:
                self.db.execute("UPDATE wellbeing_plans SET reviewed_on = ?, updated_at = ?, change_seq = ? "
                                "WHERE staff_id = ?", [iso(checkin.held_on), now, next_seq(self.db), checkin.staff_id])
            n = len(actions)
            audit.record(self.db, self.actor, "create", "staff", checkin.staff_id,
                         f"{checkin.kind.label} logged for {uk(checkin.held_on)} with {n} action{'s' if n != 1 else ''}"
                         + (" (wellbeing plan reviewed)" if checkin.plan_reviewed else ""))
        return Checkin(checkin.staff_id, checkin.held_on, checkin.kind, checkin.notes, tuple(actions),
                       checkin.plan_reviewed, ident)

    def for_staff(self, staff_id: str, since: date | None = None) -> list[Checkin]:
        """Newest first; `since`: held after that day."""
        rows = self.db.execute("SELECT id, staff_id, held_on, kind, notes, plan_reviewed FROM checkins WHERE staff_id = ? "
                               "AND held_on > ? ORDER BY held_on DESC, rowid DESC",
                               [staff_id, iso(since) or ""]).fetchall()
        actions: dict[str, list[CheckinAction]] = {}
        for row in self.db.execute(f"SELECT {_ACTION} FROM checkin_actions WHERE staff_id = ? ORDER BY position",
                                   [staff_id]).fetchall():
            actions.setdefault(row[2], []).append(_action(row))
        return [Checkin(r[1], from_iso(r[2]), CheckinKind(r[3]), r[4], tuple(actions.get(r[0], ())), bool(r[5]), r[0])
                for r in rows]

    def evidence(self, staff_id: str, since: date | None) -> Evidence:
        """Check-ins since the last EADR (all when there was none), oldest first, for the performance section."""
        return Evidence(since, tuple(reversed(self.for_staff(staff_id, since))))

    def open_actions(self) -> list[CheckinAction]:
        """Every open action of current staff, soonest due first (no due date last)."""
        rows = self.db.execute(f"SELECT a.{_ACTION.replace(', ', ', a.')} FROM checkin_actions a JOIN staff s ON "
                               "s.id = a.staff_id WHERE a.done_on IS NULL AND s.status = 'active' "
                               "ORDER BY a.due_on IS NULL, a.due_on, a.rowid").fetchall()
        return [_action(r) for r in rows]

    def mark_done(self, action_id: str, on: date) -> None:
        with self.db.atomic():
            row = self.db.execute("SELECT staff_id, action FROM checkin_actions WHERE id = ?", [action_id]).fetchone()
            if row is None:
                return
            self.db.execute("UPDATE checkin_actions SET done_on = ?, updated_at = ?, change_seq = ? WHERE id = ?",
                            [iso(on), now_iso(), next_seq(self.db), action_id])
            audit.record(self.db, self.actor, "update", "staff", row[0], f"Check-in action done on {uk(on)}")

    # --- the wellbeing plan ----------------------------------------------------------------
    def plan(self, staff_id: str) -> WellbeingPlan | None:
        row = self.db.execute("SELECT areas, private_notes, review_by, updated_on, reviewed_on FROM wellbeing_plans "
                              "WHERE staff_id = ?", [staff_id]).fetchone()
        if row is None:
            return None
        return WellbeingPlan(staff_id, dict(json.loads(row[0])), row[1], from_iso(row[2]), from_iso(row[3]),
                             from_iso(row[4]))

    def save_plan(self, plan: WellbeingPlan, today: date) -> WellbeingPlan:
        """One plan per person; saving again replaces it. Audited without its content."""
        now = now_iso()
        with self.db.atomic():
            existed = self.plan(plan.staff_id) is not None
            self.db.execute(
                "INSERT INTO wellbeing_plans (id, staff_id, areas, private_notes, review_by, updated_on, reviewed_on, "
                "created_at, updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (staff_id) DO "
                "UPDATE SET areas = excluded.areas, private_notes = excluded.private_notes, review_by = "
                "excluded.review_by, updated_on = excluded.updated_on, updated_at = excluded.updated_at, "
                "change_seq = excluded.change_seq",
                [new_id(), plan.staff_id, json.dumps(plan.areas, ensure_ascii=False), plan.private_notes,
                 iso(plan.review_by), iso(today), iso(plan.reviewed_on), now, now, next_seq(self.db)])
            audit.record(self.db, self.actor, "update" if existed else "create", "staff", plan.staff_id,
                         "Wellbeing plan updated" if existed else "Wellbeing plan started")
        return WellbeingPlan(plan.staff_id, plan.areas, plan.private_notes, plan.review_by, today, plan.reviewed_on)
