-- Sync with the HR hub: every bundle written or applied (the Sync page's outbox and history),
-- and summaries of earlier signed EADRs that HR sends for staff who moved to this manager.
-- Keys and pins live in settings (sync.*), inside the encrypted database.

CREATE TABLE sync_bundles (
    bundle_id    TEXT PRIMARY KEY,
    direction    TEXT NOT NULL CHECK (direction IN ('out', 'in')),
    sequence     INTEGER NOT NULL,        -- station bundle number, or HR's reference version
    at           TEXT NOT NULL,
    file         TEXT NOT NULL,
    from_seq     INTEGER,                 -- change_seq range carried (outgoing)
    to_seq       INTEGER,
    records      INTEGER NOT NULL DEFAULT 0,
    bytes        INTEGER NOT NULL DEFAULT 0,
    outcome      TEXT NOT NULL,           -- written / applied / duplicate / rejected
    summary      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_bundles_at ON sync_bundles (direction, sequence);

CREATE TABLE previous_eadrs (
    id                 TEXT PRIMARY KEY,   -- the conversation's id at the other station
    assignment_number  TEXT NOT NULL,
    station            TEXT NOT NULL,
    signed_on          TEXT,
    manager            TEXT NOT NULL DEFAULT '',
    quality_score      INTEGER,
    summary            TEXT NOT NULL DEFAULT '',
    received_at        TEXT NOT NULL
);
CREATE INDEX previous_eadrs_staff ON previous_eadrs (assignment_number, signed_on);
