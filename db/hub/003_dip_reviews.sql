-- HR's dip-sample reviews (docs/bundle-format.md, reference part hr_reviews): HR's own score of a
-- sampled signed EADR against the quality checklist, with a comment for the manager. One review per
-- record; reviewing again replaces it. `checks` is a JSON list of [item label, met] pairs.
CREATE TABLE dip_reviews (
    conversation_id  TEXT PRIMARY KEY,
    station          TEXT NOT NULL,
    workspace_id     TEXT NOT NULL,
    period           TEXT NOT NULL,     -- the sample it was drawn in, e.g. 2026-Q3
    station_score    INTEGER,           -- the manager's own checklist score when HR reviewed it
    score            INTEGER NOT NULL,  -- HR's score, % of checklist items met
    checks           TEXT NOT NULL,
    comment          TEXT NOT NULL DEFAULT '',
    reviewer         TEXT NOT NULL,
    reviewed_at      TEXT NOT NULL
);
CREATE INDEX dip_reviews_station ON dip_reviews (station, period);
