-- The staff member's verdict on their conversation (docs/staff-verdict.md). No table here holds one
-- person's answers: only running counts per quarter x question x answer, comments sealed to HR's age
-- key (this workspace cannot read them), and per conversation only that a verdict was given.

-- Running counts, one row per quarter x question x answer. Travels in bundles as part verdict_counts.
CREATE TABLE verdict_counts (
    id          TEXT PRIMARY KEY,
    quarter     TEXT NOT NULL,          -- the calendar quarter the answers were counted in, e.g. 2026-Q3
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    count       INTEGER NOT NULL CHECK (count >= 0),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    change_seq  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX verdict_counts_cell ON verdict_counts (quarter, question, answer);

-- Optional comments, each age-encrypted to HR's hub key at the moment it was typed. Shuffled into a
-- batch before they reach this table, and not linked to any person or conversation.
CREATE TABLE verdict_comments (
    id          TEXT PRIMARY KEY,
    quarter     TEXT NOT NULL,
    sealed      TEXT NOT NULL,          -- base64 of the age ciphertext
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    change_seq  INTEGER NOT NULL DEFAULT 0
);

-- One row per signed conversation offered a verdict: a salted hash of its current one-time code
-- while unused, and the day a verdict was given (never what it said).
CREATE TABLE verdict_invitations (
    conversation_id TEXT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    lookup          TEXT,
    issued_on       TEXT NOT NULL,
    given_on        TEXT
);
