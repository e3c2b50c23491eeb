-- CPD: evidence files kept inside the encrypted database (with their SHA-256), a note of
-- evidence held elsewhere, links from CPD entries to development-plan items, and the
-- index the "waiting for reflection" lists need.

ALTER TABLE cpd_entries ADD COLUMN evidence_note TEXT NOT NULL DEFAULT '';
ALTER TABLE cpd_entries ADD COLUMN quick_capture INTEGER NOT NULL DEFAULT 0;

CREATE TABLE cpd_evidence (
    id            TEXT PRIMARY KEY,
    cpd_entry_id  TEXT NOT NULL REFERENCES cpd_entries (id),
    file_name     TEXT NOT NULL,
    media_type    TEXT NOT NULL DEFAULT 'application/octet-stream',
    size          INTEGER NOT NULL CHECK (size >= 0),
    sha256        TEXT NOT NULL,
    content       BLOB NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    change_seq    INTEGER NOT NULL
);
CREATE INDEX cpd_evidence_entry ON cpd_evidence (cpd_entry_id);
CREATE INDEX cpd_evidence_change_seq ON cpd_evidence (change_seq);

CREATE TABLE cpd_development_links (
    cpd_entry_id         TEXT NOT NULL REFERENCES cpd_entries (id),
    development_item_id  TEXT NOT NULL REFERENCES development_items (id),
    PRIMARY KEY (cpd_entry_id, development_item_id)
);

CREATE INDEX training_records_course ON training_records (course_id, staff_id, completed_on);

-- Which roles a course applies to (JSON list of role values; empty = everyone).
ALTER TABLE training_courses ADD COLUMN applies_to TEXT NOT NULL DEFAULT '[]';

-- A staff member's HCPC CPD profile draft: one per person and window.
CREATE TABLE cpd_profiles (
    id            TEXT PRIMARY KEY,
    staff_id      TEXT NOT NULL REFERENCES staff (id),
    window_start  TEXT NOT NULL,
    window_end    TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    statement     TEXT NOT NULL DEFAULT '',
    selected      TEXT NOT NULL DEFAULT '[]',   -- JSON list of cpd_entries ids
    gap_notes     TEXT NOT NULL DEFAULT '{}',   -- JSON: gap key -> explanation
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    change_seq    INTEGER NOT NULL,
    UNIQUE (staff_id)
);

-- The team table's "hours this year" and "waiting for reflection" read these, not the whole log.
CREATE INDEX cpd_entries_date_staff ON cpd_entries (start_date, staff_id, hours);
CREATE INDEX cpd_entries_waiting ON cpd_entries (staff_id)
    WHERE reflection_what = '' AND reflection_so_what = '' AND reflection_now_what = '';
