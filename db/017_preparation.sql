-- The staff member's own preparation for their EADR (issue 16). See docs/preparation.md.
-- Private to the person and their manager, like the EADR's private notes: never in a sync bundle,
-- always in subject access, deleted with the person (foreign keys) and with the EADR it belongs to.
CREATE TABLE preparations (
    id              TEXT PRIMARY KEY,
    staff_id        TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    conversation_id TEXT REFERENCES conversations (id) ON DELETE CASCADE,  -- set when its EADR is opened
    content         TEXT NOT NULL,          -- JSON: wellbeing, values, objectives, development, career
    finished        INTEGER NOT NULL DEFAULT 0,
    updated_at      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX preparations_staff ON preparations (staff_id, updated_at);

-- One-time codes printed for a person to prepare on the lock screen: only the file name of the sealed
-- code box (which holds a salted hash of the code, never the code) and its dates.
CREATE TABLE preparation_codes (
    box         TEXT PRIMARY KEY,
    staff_id    TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    issued_on   TEXT NOT NULL,
    expires_on  TEXT NOT NULL
);
