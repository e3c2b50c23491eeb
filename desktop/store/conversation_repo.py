"""Conversations (EADRs, interim reviews, wellbeing check-ins), their objectives and development items."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from desktop.domain.conversation import (
    Conversation, DevelopmentItem, ItemStatus, Kind, Objective, Outcome, PayProgression, PayStep, Readiness,
    RecordLocked, SignOff, Status, Talent, Wellbeing, WellbeingAction,
)
from desktop.domain.dates import from_iso, iso, now_iso, uk
from desktop.domain.quality import score
from desktop.domain.tna import Need, need_from_row
from desktop.store import audit, sync_state
from desktop.store.changes import new_id, next_seq, tombstone
from desktop.store.driver import Database

_COLUMNS = ("id", "staff_id", "kind", "status", "content", "private_notes", "staff_signature", "staff_agreed",
            "staff_comments", "staff_signed_on", "signed_on_paper", "manager_signature", "manager_signed_on",
            "quality_score", "current_section", "created_at", "updated_at", "change_seq")
_OBJECTIVE_COLUMNS = ("id", "position", "title", "measure", "target_date", "priority", "outcome", "evidence",
                      "review", "carried_from")
_ITEM_COLUMNS = ("id", "position", "need", "tna_category", "action", "support", "target_date", "status",
                 "estimated_hours", "estimated_cost")


def _content(c: Conversation) -> str:
    """Everything kept as JSON. Private wellbeing notes are a column of their own, never in here."""
    wellbeing = {"held_on": iso(c.wellbeing.held_on), "held_by": c.wellbeing.held_by,
                 "topics": list(c.wellbeing.topics), "next_review": iso(c.wellbeing.next_review),
                 "actions": [asdict(a) for a in c.wellbeing.actions]}
    talent = asdict(c.talent) | {"readiness": c.talent.readiness.value}
    content = {"wellbeing": wellbeing, "values": c.values, "talent": talent, "summary": c.summary}
    if c.pay != PayProgression():   # only when recorded, so earlier records keep their exact content
        content["pay_progression"] = {"outcome": c.pay.outcome.value, "reason": c.pay.reason}
    return json.dumps(content, ensure_ascii=False, sort_keys=True)


def _pay(data: dict) -> PayProgression:
    outcome = data.get("outcome", "")
    return PayProgression(PayStep(outcome) if outcome in PayStep._value2member_map_ else PayStep.NOT_DUE,
                          str(data.get("reason", "")))


def _from_row(row: tuple, objectives: tuple[Objective, ...], items: tuple[DevelopmentItem, ...]) -> Conversation:
    r = dict(zip(_COLUMNS, row))
    content = json.loads(r["content"] or "{}")
    w = content.get("wellbeing", {})
    t = content.get("talent", {})
    return Conversation(
        id=r["id"], staff_id=r["staff_id"], kind=Kind(r["kind"]), status=Status(r["status"]),
        wellbeing=Wellbeing(held_on=from_iso(w.get("held_on")), held_by=w.get("held_by", ""),
                            topics=tuple(w.get("topics", ())), next_review=from_iso(w.get("next_review")),
                            actions=tuple(WellbeingAction(a["text"], bool(a.get("share_with_hr")))
                                          for a in w.get("actions", ()))),
        private_notes=r["private_notes"],
        values=dict(content.get("values", {})),
        talent=Talent(**{k: v for k, v in t.items() if k in Talent.__dataclass_fields__ and k != "readiness"},
                      readiness=Readiness(t.get("readiness", ""))),
        objectives=objectives, development=items, summary=content.get("summary", ""),
        pay=_pay(content.get("pay_progression") or {}),
        signoff=SignOff(staff_name=r["staff_signature"], staff_agreed=bool(r["staff_agreed"]),
                        staff_comments=r["staff_comments"], staff_signed_on=from_iso(r["staff_signed_on"]),
                        on_paper=bool(r["signed_on_paper"]), manager_name=r["manager_signature"],
                        manager_signed_on=from_iso(r["manager_signed_on"])),
        quality_score=r["quality_score"], current_section=r["current_section"],
        created_at=r["created_at"], updated_at=r["updated_at"], change_seq=r["change_seq"],
    )


def _objective_row(o: Objective, position: int) -> tuple:
    return (o.id, position, o.title, o.measure, iso(o.target_date), o.priority, o.outcome.value, o.evidence,
            int(o.review), o.carried_from)


def _item_row(d: DevelopmentItem, position: int) -> tuple:
    return (d.id, position, d.need, d.tna_category, d.action, d.support, iso(d.target_date), d.status.value,
            d.estimated_hours, d.estimated_cost)


def _item(r: tuple) -> DevelopmentItem:
    return DevelopmentItem(id=r[0], need=r[2], tna_category=r[3], action=r[4], support=r[5],
                           target_date=from_iso(r[6]), status=ItemStatus(r[7]), estimated_hours=r[8],
                           estimated_cost=r[9])


@dataclass(frozen=True)
class HistoryLine:
    id: str
    kind: Kind
    status: Status
    on: date | None
    quality_score: int | None

    def text(self) -> str:
        when = f"signed {uk(self.on)}" if self.status is Status.SIGNED_OFF else self.status.label.lower()
        quality = f" · quality {self.quality_score}%" if self.status is Status.SIGNED_OFF else ""
        return f"{self.kind.label} · {when}{quality}"


class ConversationRepository:
    def __init__(self, db: Database, actor: str):
        self.db = db
        self.actor = actor

    # --- reading --------------------------------------------------------------
    def _objectives(self, conversation_id: str) -> tuple[Objective, ...]:
        rows = self.db.execute(f"SELECT {', '.join(_OBJECTIVE_COLUMNS)} FROM objectives "
                               "WHERE conversation_id = ? ORDER BY review DESC, position", [conversation_id])
        return tuple(Objective(id=r[0], title=r[2], measure=r[3], target_date=from_iso(r[4]), priority=r[5],
                               outcome=Outcome(r[6]), evidence=r[7], review=bool(r[8]), carried_from=r[9])
                     for r in rows.fetchall())

    def _items(self, conversation_id: str) -> tuple[DevelopmentItem, ...]:
        rows = self.db.execute(f"SELECT {', '.join(_ITEM_COLUMNS)} FROM development_items "
                               "WHERE conversation_id = ? ORDER BY position", [conversation_id])
        return tuple(_item(r) for r in rows.fetchall())

    def development_items_for(self, staff_id: str) -> list[DevelopmentItem]:
        """Every development-plan item of the person's conversations, newest first (CPD links to these)."""
        rows = self.db.execute(f"SELECT {', '.join('d.' + c for c in _ITEM_COLUMNS)} FROM development_items d "
                               "WHERE d.staff_id = ? ORDER BY d.created_at DESC, d.position", [staff_id]).fetchall()
        return [_item(r) for r in rows]

    def team_needs(self) -> list[Need]:
        """Every development-plan item of current staff, for the team TNA (desktop.domain.tna decides the year)."""
        rows = self.db.execute("SELECT d.staff_id, d.need, d.tna_category, d.status, d.target_date, d.created_at, "
                               "d.estimated_hours, d.estimated_cost FROM development_items d "
                               "JOIN staff s ON s.id = d.staff_id WHERE s.status = 'active'").fetchall()
        return [need_from_row(*r) for r in rows]

    def get(self, conversation_id: str) -> Conversation | None:
        row = self.db.execute(f"SELECT {', '.join(_COLUMNS)} FROM conversations WHERE id = ?",
                              [conversation_id]).fetchone()
        if row is None:
            return None
        return _from_row(row, self._objectives(conversation_id), self._items(conversation_id))

    def open_for(self, staff_id: str) -> Conversation | None:
        """The staff member's unfinished conversation, if any (the most recently touched)."""
        row = self.db.execute("SELECT id FROM conversations WHERE staff_id = ? AND status != 'signed_off' "
                              "ORDER BY updated_at DESC, rowid DESC LIMIT 1", [staff_id]).fetchone()
        return self.get(row[0]) if row else None

    def history(self, staff_id: str) -> list[HistoryLine]:
        """One line per conversation, newest first, without loading each record whole."""
        rows = self.db.execute(
            "SELECT id, kind, status, staff_signed_on, held_on, quality_score, updated_at FROM conversations "
            "WHERE staff_id = ? ORDER BY coalesce(staff_signed_on, held_on, substr(updated_at, 1, 10)) DESC, "
            "rowid DESC", [staff_id]).fetchall()
        return [HistoryLine(id_, Kind(kind), Status(status), from_iso(signed) or from_iso(held),
                            score_) for id_, kind, status, signed, held, score_, _ in rows]

    def folder(self) -> Path:
        """The workspace folder holding the database, for messages that name where a save failed."""
        return Path(self.db.execute("PRAGMA database_list").fetchone()[2]).parent

    def hr_review(self, conversation_id: str) -> dict | None:
        """HR's dip-sample review of a record, if HR has reviewed it (sent back in a reference bundle)."""
        return sync_state.hr_review(self.db, conversation_id)

    def last_signed(self, staff_id: str, kind: Kind = Kind.EADR) -> Conversation | None:
        row = self.db.execute("SELECT id FROM conversations WHERE staff_id = ? AND kind = ? AND status = "
                              "'signed_off' ORDER BY staff_signed_on DESC, rowid DESC LIMIT 1",
                              [staff_id, kind.value]).fetchone()
        return self.get(row[0]) if row else None

    def last_signed_eadr_dates(self) -> dict[str, date]:
        """staff id -> date of their latest signed-off EADR, for due dates across the team."""
        rows = self.db.execute("SELECT staff_id, max(staff_signed_on) FROM conversations WHERE kind = 'eadr' "
                               "AND status = 'signed_off' GROUP BY staff_id")
        return {staff: date.fromisoformat(day) for staff, day in rows.fetchall() if day}

    def earlier_eadr_dates(self) -> dict[str, date]:
        """assignment number -> the latest EADR signed at another station, as HR's reference bundle sent it
        for staff who moved here: an appraisal before this app, like the one in their details."""
        rows = self.db.execute("SELECT assignment_number, max(signed_on) FROM previous_eadrs "
                               "WHERE signed_on IS NOT NULL GROUP BY assignment_number")
        return {number: date.fromisoformat(day[:10]) for number, day in rows.fetchall() if day}

    def signed_eadr_history(self) -> dict[str, list[date]]:
        """staff id -> every signed-off EADR date, oldest first (compliance over time)."""
        history: dict[str, list[date]] = {}
        for staff, day in self.db.execute("SELECT staff_id, staff_signed_on FROM conversations WHERE kind = 'eadr' "
                                          "AND status = 'signed_off' AND staff_signed_on IS NOT NULL "
                                          "ORDER BY staff_signed_on").fetchall():
            history.setdefault(staff, []).append(date.fromisoformat(day))
        return history

    def wellbeing_reviews(self) -> dict[str, date]:
        """staff id -> the next wellbeing review agreed at their most recent conversation held."""
        latest: dict[str, tuple[str, str | None]] = {}
        for staff, held, review in self.db.execute(
                "SELECT staff_id, held_on, next_review_on FROM conversations INDEXED BY conversations_held "
                "WHERE held_on IS NOT NULL").fetchall():
            if staff not in latest or held > latest[staff][0]:
                latest[staff] = (held, review)
        return {staff: date.fromisoformat(review) for staff, (_, review) in latest.items() if review}

    def wellbeing_held_by_month(self, since: date) -> dict[str, int]:
        """'2026-11' -> conversations held that month with a wellbeing check-in (every kind has one)."""
        return dict(self.db.execute(
            "SELECT substr(held_on, 1, 7) AS month, count(*) FROM conversations INDEXED BY conversations_held "
            "WHERE held_on >= ? GROUP BY month", [since.isoformat()]).fetchall())

    def open_statuses(self) -> dict[str, tuple[Kind, Status]]:
        """staff id -> (kind, status) of their unfinished conversation."""
        rows = self.db.execute("SELECT staff_id, kind, status FROM conversations WHERE status != 'signed_off' "
                               "ORDER BY updated_at")
        return {staff: (Kind(kind), Status(status)) for staff, kind, status in rows.fetchall()}

    # --- writing ------------------------------------------------------------------
    def plan(self, staff_id: str, kind: Kind = Kind.EADR) -> Conversation:
        """A new planned conversation, not yet stored; an EADR carries last EADR's objectives forward for review.
        Its ID is fixed already, so a blank form can carry it on paper before anything is written (`keep`)."""
        carried: tuple[Objective, ...] = ()
        if kind in (Kind.EADR, Kind.INTERIM):
            previous = self.last_signed(staff_id, Kind.EADR)
            if previous is not None:
                carried = tuple(Objective(title=o.title, measure=o.measure, target_date=o.target_date,
                                          priority=o.priority, review=True, carried_from=o.id)
                                for o in previous.new_objectives)
        return Conversation(id=new_id(), staff_id=staff_id, kind=kind, objectives=carried,
                            signoff=SignOff(manager_name=self.actor))

    def keep(self, conversation: Conversation) -> Conversation:
        """Store a conversation from `plan`, audited as started."""
        carried = len(conversation.objectives)
        with self.db.atomic():
            stored = self._write(conversation, created=True)
            audit.record(self.db, self.actor, "create", "conversation", stored.id,
                         f"Started {conversation.kind.noun}"
                         f"{f' with {carried} objectives to review' if carried else ''}")
        return stored

    def start(self, staff_id: str, kind: Kind = Kind.EADR) -> Conversation:
        """A new planned conversation, stored."""
        return self.keep(self.plan(staff_id, kind))

    def blank_form_printed(self, conversation_id: str) -> str | None:
        """When a blank form carrying this conversation's ID was last printed or saved (an audit timestamp), or
        None: such a form puts the ID on paper, so discarding the record is asked about differently."""
        row = self.db.execute("SELECT max(at) FROM audit_log WHERE action = 'print' AND entity = 'conversation' "
                              "AND entity_id = ?", [conversation_id]).fetchone()
        return row[0] if row and row[0] else None

    def discard(self, conversation_id: str) -> None:
        """Delete a planned conversation (nothing recorded in it yet) with its carried-forward objectives, in one
        transaction, leaving tombstones for sync and an audit entry. Anything started or signed is refused."""
        with self.db.atomic():
            row = self.db.execute("SELECT staff_id, kind, status FROM conversations WHERE id = ?",
                                  [conversation_id]).fetchone()
            if row is None:
                raise ValueError("this conversation is no longer in the workspace")
            staff_id, kind, status = row
            if status != Status.PLANNED.value:
                raise RecordLocked(f"Only a planned conversation with nothing recorded can be discarded; this one "
                                   f"is {Status(status).label.lower()}.")
            for table in ("development_items", "objectives"):
                for (child,) in self.db.execute(f"SELECT id FROM {table} WHERE conversation_id = ?",
                                                [conversation_id]).fetchall():
                    tombstone(self.db, child, table)
                self.db.execute(f"DELETE FROM {table} WHERE conversation_id = ?", [conversation_id])
            self.db.execute("DELETE FROM conversations WHERE id = ?", [conversation_id])
            tombstone(self.db, conversation_id, "conversations")
            printed = self.blank_form_printed(conversation_id)
            audit.record(self.db, self.actor, "discard", "conversation", conversation_id,
                         f"Discarded a planned {Kind(kind).noun} with nothing recorded"
                         + (f" (its blank form had been printed {printed[:10]})" if printed else ""),
                         staff_id=staff_id)

    def add_record(self, conversation: Conversation, summary: str) -> Conversation:
        """Store a complete record as it stands (history typed up from paper, the demo's past years)."""
        with self.db.atomic():
            stored = self._write(conversation.with_changes(id=None, created_at=None))
            audit.record(self.db, self.actor, "create", "conversation", stored.id, summary)
        return stored

    def save(self, conversation: Conversation) -> Conversation:
        """Autosave: store the whole conversation in one transaction. Refused once signed off."""
        with self.db.atomic():
            current = self.db.execute("SELECT status FROM conversations WHERE id = ?",
                                      [conversation.id]).fetchone()
            if current is None:
                raise ValueError("this conversation is no longer in the workspace")
            if current[0] == Status.SIGNED_OFF.value:
                raise RecordLocked("This record is signed off and read-only. Reopen it to make changes.")
            return self._write(conversation.after_edit() if conversation.status is Status.PLANNED
                               else conversation)

    def set_status(self, conversation: Conversation, status: Status) -> Conversation:
        with self.db.atomic():
            stored = self.save(conversation.with_changes(status=status))
            audit.record(self.db, self.actor, "status", "conversation", stored.id, f"Marked {status.label.lower()}")
        return stored

    def sign(self, conversation: Conversation) -> Conversation:
        """Store signatures; the record becomes signed off (read-only) once both have signed."""
        with self.db.atomic():
            signed = self.save(conversation).signed()
            if signed.status is Status.SIGNED_OFF:
                signed = self._write(signed)
                how = "on paper" if signed.signoff.on_paper else "in person"
                audit.record(self.db, self.actor, "sign-off", "conversation", signed.id,
                             f"Signed off ({how}, staff {uk(signed.signoff.staff_signed_on)}, manager "
                             f"{uk(signed.signoff.manager_signed_on)}); quality {signed.quality_score}%")
        return signed

    def reopen(self, conversation_id: str, reason: str) -> Conversation:
        """Make a signed-off record editable again; the reason goes to the audit log."""
        reason = " ".join(reason.split())
        if len(reason) < 5:
            raise ValueError("Give a reason for reopening (at least a few words); it is kept in the audit log.")
        current = self.get(conversation_id)
        if current is None:
            raise ValueError("this conversation is no longer in the workspace")
        reopened = current.with_changes(status=Status.IN_PROGRESS, signoff=SignOff(
            staff_comments=current.signoff.staff_comments, manager_name=self.actor))
        with self.db.atomic():
            stored = self._write(reopened)
            audit.record(self.db, self.actor, "reopen", "conversation", stored.id, f"Reopened: {reason}")
        return stored

    def _write(self, c: Conversation, created: bool = False) -> Conversation:
        now = now_iso()
        c = c.with_changes(id=c.id or new_id(), updated_at=now, created_at=c.created_at or now,
                           change_seq=next_seq(self.db), quality_score=score(c))
        s = c.signoff
        values = (c.id, c.staff_id, c.kind.value, c.status.value, _content(c), c.private_notes, s.staff_name,
                  int(s.staff_agreed), s.staff_comments, iso(s.staff_signed_on), int(s.on_paper), s.manager_name,
                  iso(s.manager_signed_on), c.quality_score, c.current_section, c.created_at, c.updated_at,
                  c.change_seq)
        self.db.execute(
            f"INSERT INTO conversations ({', '.join(_COLUMNS)}, held_on, held_by, next_review_on) "
            f"VALUES ({', '.join('?' * len(_COLUMNS))}, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            + ", ".join(f"{col} = excluded.{col}" for col in (*_COLUMNS[2:], "held_on", "held_by", "next_review_on")
                        if col != "created_at"),
            [*values, iso(c.held_on), c.wellbeing.held_by, iso(c.wellbeing.next_review)])
        objectives = self._write_children("objectives", _OBJECTIVE_COLUMNS, c, c.objectives, _objective_row)
        items = self._write_children("development_items", _ITEM_COLUMNS, c, c.development, _item_row)
        return c.with_changes(objectives=objectives, development=items)

    def _write_children(self, table, columns, c, children, to_row):
        """Insert, update or delete child rows so the table matches `children`; deletions leave tombstones."""
        existing = {r[0]: tuple(r) for r in self.db.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE conversation_id = ?", [c.id]).fetchall()}
        now = c.updated_at
        kept = []
        for position, child in enumerate(children):
            if child.id is None or child.id not in existing:
                child = type(child)(**{**child.__dict__, "id": child.id or new_id()})
                row = to_row(child, position)
                self.db.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}, conversation_id, staff_id, created_at, updated_at,"
                    f" change_seq) VALUES ({', '.join('?' * len(columns))}, ?, ?, ?, ?, ?)",
                    [*row, c.id, c.staff_id, now, now, next_seq(self.db)])
            else:
                row = to_row(child, position)
                if row != existing[child.id]:
                    self.db.execute(
                        f"UPDATE {table} SET {', '.join(f'{col} = ?' for col in columns[1:])}, updated_at = ?, "
                        "change_seq = ? WHERE id = ?", [*row[1:], now, next_seq(self.db), child.id])
            kept.append(child)
        for gone in set(existing) - {k.id for k in kept}:
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", [gone])
            tombstone(self.db, gone, table)
        return tuple(kept)
