-- HR's dip-sample reviews of this workspace's signed records, from the reference bundle's
-- hr_reviews part (docs/bundle-format.md): HR's checklist score beside the manager's own, and
-- HR's comment. Kept as received; a later review of the same record replaces it.
CREATE TABLE hr_reviews (
    conversation_id  TEXT PRIMARY KEY,
    staff_id         TEXT NOT NULL,
    period           TEXT NOT NULL,
    score            INTEGER NOT NULL,
    station_score    INTEGER,
    checks           TEXT NOT NULL,     -- JSON list of [checklist item, met]
    comment          TEXT NOT NULL DEFAULT '',
    reviewer         TEXT NOT NULL,
    reviewed_at      TEXT NOT NULL,
    received_at      TEXT NOT NULL
);
