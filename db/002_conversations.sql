-- EADR conversations: review objectives carried forward, ordering, the staff member's
-- agreement, where the manager left off, and tombstones so sync can later export deletions.

ALTER TABLE objectives ADD COLUMN review INTEGER NOT NULL DEFAULT 0;
ALTER TABLE development_items ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN staff_agreed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN current_section TEXT NOT NULL DEFAULT '';

CREATE INDEX conversations_signed ON conversations (staff_id, kind, status, staff_signed_on);
CREATE INDEX development_items_conversation ON development_items (conversation_id, position);

CREATE TABLE tombstones (
    id          TEXT PRIMARY KEY,      -- the deleted record's id
    entity      TEXT NOT NULL,
    deleted_at  TEXT NOT NULL,
    change_seq  INTEGER NOT NULL
);
