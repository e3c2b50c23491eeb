-- Scanned paper forms kept with their records: each form's pages as one PDF, inside the encrypted
-- database (never as a file beside it), with its SHA-256. The signed paper copy of a conversation
-- "signed on paper". Local to the station: sync bundles do not carry them.
CREATE TABLE paper_copies (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT NOT NULL REFERENCES conversations (id),
    staff_id         TEXT NOT NULL REFERENCES staff (id),
    file_name        TEXT NOT NULL,              -- the scanned file it came from
    source_pages     TEXT NOT NULL DEFAULT '',   -- which pages of that file, e.g. "1–4"
    pages            INTEGER NOT NULL CHECK (pages > 0),
    size             INTEGER NOT NULL CHECK (size >= 0),
    sha256           TEXT NOT NULL,
    content          BLOB NOT NULL,              -- application/pdf
    matched_by_hand  INTEGER NOT NULL DEFAULT 0,
    fingerprint      TEXT NOT NULL DEFAULT '',   -- which pages of which scanned file: kept once, however often opened
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    change_seq       INTEGER NOT NULL
);
CREATE INDEX paper_copies_conversation ON paper_copies (conversation_id, created_at);
CREATE INDEX paper_copies_staff ON paper_copies (staff_id);
