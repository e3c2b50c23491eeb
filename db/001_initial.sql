-- EADR Station: first schema.
-- Every record carries a UUID, created/updated timestamps (ISO 8601 with offset)
-- and change_seq, the workspace-wide sequence number of its last write, so a
-- sync bundle can hold "everything changed since N".

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('change_seq', 0);

CREATE TABLE staff (
    id                TEXT PRIMARY KEY,
    assignment_number TEXT NOT NULL UNIQUE,
    first_name        TEXT NOT NULL,
    last_name         TEXT NOT NULL,
    preferred_name    TEXT NOT NULL DEFAULT '',
    job_title         TEXT NOT NULL DEFAULT '',
    role              TEXT NOT NULL DEFAULT 'other',
    band              TEXT,
    hcpc_number       TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    start_date        TEXT,
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'leaver')),
    leaving_date      TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    change_seq        INTEGER NOT NULL
);
CREATE INDEX staff_change_seq ON staff (change_seq);

-- A conversation: a full EADR, an interim review or a wellbeing check-in.
CREATE TABLE conversations (
    id                 TEXT PRIMARY KEY,
    staff_id           TEXT NOT NULL REFERENCES staff (id),
    kind               TEXT NOT NULL CHECK (kind IN ('eadr', 'interim', 'wellbeing')),
    status             TEXT NOT NULL DEFAULT 'planned'
                       CHECK (status IN ('planned', 'in_progress', 'awaiting_signoff', 'signed_off')),
    period_start       TEXT,
    period_end         TEXT,
    held_on            TEXT,
    held_by            TEXT NOT NULL DEFAULT '',
    content            TEXT NOT NULL DEFAULT '{}',   -- JSON, by section
    private_notes      TEXT NOT NULL DEFAULT '',     -- wellbeing detail: never exported
    staff_signed_on    TEXT,
    staff_signature    TEXT NOT NULL DEFAULT '',
    staff_comments     TEXT NOT NULL DEFAULT '',
    signed_on_paper    INTEGER NOT NULL DEFAULT 0,
    manager_signed_on  TEXT,
    manager_signature  TEXT NOT NULL DEFAULT '',
    quality_score      INTEGER,
    next_review_on     TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    change_seq         INTEGER NOT NULL
);
CREATE INDEX conversations_staff ON conversations (staff_id, status);
CREATE INDEX conversations_change_seq ON conversations (change_seq);

CREATE TABLE objectives (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT NOT NULL REFERENCES conversations (id),
    staff_id         TEXT NOT NULL REFERENCES staff (id),
    position         INTEGER NOT NULL DEFAULT 0,
    title            TEXT NOT NULL,
    measure          TEXT NOT NULL DEFAULT '',
    target_date      TEXT,
    priority         TEXT NOT NULL DEFAULT '',     -- trust strategic priority
    outcome          TEXT NOT NULL DEFAULT '',
    evidence         TEXT NOT NULL DEFAULT '',
    carried_from     TEXT REFERENCES objectives (id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    change_seq       INTEGER NOT NULL
);
CREATE INDEX objectives_conversation ON objectives (conversation_id, position);
CREATE INDEX objectives_change_seq ON objectives (change_seq);

CREATE TABLE development_items (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT REFERENCES conversations (id),
    staff_id         TEXT NOT NULL REFERENCES staff (id),
    need             TEXT NOT NULL,
    tna_category     TEXT NOT NULL DEFAULT '',
    action           TEXT NOT NULL DEFAULT '',
    support          TEXT NOT NULL DEFAULT '',
    target_date      TEXT,
    status           TEXT NOT NULL DEFAULT 'not_started'
                     CHECK (status IN ('not_started', 'in_progress', 'done', 'dropped')),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    change_seq       INTEGER NOT NULL
);
CREATE INDEX development_items_staff ON development_items (staff_id);
CREATE INDEX development_items_change_seq ON development_items (change_seq);

CREATE TABLE cpd_entries (
    id                    TEXT PRIMARY KEY,
    staff_id              TEXT NOT NULL REFERENCES staff (id),
    start_date            TEXT NOT NULL,
    end_date              TEXT,
    title                 TEXT NOT NULL,
    activity_type         TEXT NOT NULL CHECK (activity_type IN
                          ('work_based', 'professional', 'formal_education', 'self_directed', 'other')),
    hours                 REAL NOT NULL DEFAULT 0 CHECK (hours >= 0),
    provider              TEXT NOT NULL DEFAULT '',
    description           TEXT NOT NULL DEFAULT '',
    reflection_what       TEXT NOT NULL DEFAULT '',
    reflection_so_what    TEXT NOT NULL DEFAULT '',
    reflection_now_what   TEXT NOT NULL DEFAULT '',
    service_user_benefit  TEXT NOT NULL DEFAULT '',
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    change_seq            INTEGER NOT NULL
);
CREATE INDEX cpd_entries_staff_date ON cpd_entries (staff_id, start_date);
CREATE INDEX cpd_entries_change_seq ON cpd_entries (change_seq);

CREATE TABLE training_courses (
    id               TEXT PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    renewal_months   INTEGER CHECK (renewal_months IS NULL OR renewal_months > 0),
    mandatory        INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    change_seq       INTEGER NOT NULL
);

CREATE TABLE training_records (
    id               TEXT PRIMARY KEY,
    staff_id         TEXT NOT NULL REFERENCES staff (id),
    course_id        TEXT NOT NULL REFERENCES training_courses (id),
    completed_on     TEXT NOT NULL,
    expires_on       TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    change_seq       INTEGER NOT NULL
);
CREATE INDEX training_records_staff_course ON training_records (staff_id, course_id, completed_on);
CREATE INDEX training_records_change_seq ON training_records (change_seq);

CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT,
    summary     TEXT NOT NULL DEFAULT '',
    change_seq  INTEGER NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
