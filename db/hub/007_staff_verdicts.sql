-- Stations' verdict counts and HR-sealed comments (docs/staff-verdict.md): appraisal quality as staff
-- experienced it, by station and quarter. Nothing per person or per conversation exists to receive.
CREATE TABLE verdict_counts (
    id          TEXT NOT NULL PRIMARY KEY,
    quarter     TEXT NOT NULL,
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    count       INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    change_seq  INTEGER NOT NULL,
    workspace_id TEXT NOT NULL,
    station     TEXT NOT NULL,
    epoch       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX verdict_counts_station ON verdict_counts (station, quarter);
CREATE TABLE verdict_comments (
    id          TEXT NOT NULL PRIMARY KEY,
    quarter     TEXT NOT NULL,
    sealed      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    change_seq  INTEGER NOT NULL,
    workspace_id TEXT NOT NULL,
    station     TEXT NOT NULL,
    epoch       INTEGER NOT NULL DEFAULT 0
);
