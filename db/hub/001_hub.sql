-- EADR Station hub (central HR): its own encrypted database, separate from any workspace.
-- Record tables mirror what station bundles carry (desktop/domain/bundle_schema.py), each row
-- tagged with the workspace and station it came from. No foreign keys: the importer checks
-- parents itself and quarantines an orphan instead of failing the whole bundle.

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE enrolments (
    id            TEXT PRIMARY KEY,
    station       TEXT NOT NULL,
    station_name  TEXT NOT NULL DEFAULT '',
    token_sha256  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    used_by       TEXT,               -- the workspace that enrolled with it (once only)
    used_at       TEXT
);

-- Enrolled workspaces and their pinned keys; the last bundle sequence guards against replays.
CREATE TABLE workspaces (
    id               TEXT PRIMARY KEY,
    station          TEXT NOT NULL,
    station_name     TEXT NOT NULL DEFAULT '',
    signing_key      TEXT NOT NULL,
    age_recipient    TEXT NOT NULL,
    enrolment_id     TEXT NOT NULL REFERENCES enrolments (id),
    enrolled_at      TEXT NOT NULL,
    last_sequence    INTEGER NOT NULL DEFAULT 0,
    last_change_seq  INTEGER NOT NULL DEFAULT 0,
    last_bundle_at   TEXT
);
CREATE INDEX workspaces_station ON workspaces (station);

CREATE TABLE bundles (
    bundle_id     TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL,
    station       TEXT NOT NULL,
    sequence      INTEGER NOT NULL,
    received_at   TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    from_seq      INTEGER NOT NULL,
    to_seq        INTEGER NOT NULL,
    records       INTEGER NOT NULL,
    quarantined   INTEGER NOT NULL,
    conflicts     INTEGER NOT NULL,
    gap           TEXT NOT NULL DEFAULT ''    -- bundle numbers never received, e.g. "4-5"
);

CREATE TABLE reference_versions (
    station  TEXT PRIMARY KEY,
    version  INTEGER NOT NULL
);

-- A record that failed its checks, kept with the reason for HR; the rest of its bundle applied.
CREATE TABLE quarantine (
    id            INTEGER PRIMARY KEY,
    bundle_id     TEXT NOT NULL,
    workspace_id  TEXT NOT NULL,
    station       TEXT NOT NULL,
    part          TEXT NOT NULL,
    record_id     TEXT,
    reason        TEXT NOT NULL,
    record        TEXT NOT NULL,      -- the row as received, JSON
    at            TEXT NOT NULL
);

-- The same record changed in two places: both versions kept, never silently overwritten.
CREATE TABLE conflicts (
    id               INTEGER PRIMARY KEY,
    part             TEXT NOT NULL,
    record_key       TEXT NOT NULL,   -- assignment number for staff, else the record id
    held_id          TEXT NOT NULL,   -- the version the hub already had
    held_station     TEXT NOT NULL,
    other_id         TEXT NOT NULL,   -- the version that arrived
    other_station    TEXT NOT NULL,
    other_workspace  TEXT NOT NULL,
    other_record     TEXT,            -- JSON, when the other version could not be stored in its table
    bundle_id        TEXT NOT NULL,
    detected_at      TEXT NOT NULL,
    resolved_at      TEXT,
    resolution       TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX conflicts_pair ON conflicts (part, held_id, other_id, other_workspace);

CREATE TABLE audit_summaries (
    bundle_id  TEXT NOT NULL,
    action     TEXT NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (bundle_id, action)
);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    summary  TEXT NOT NULL
);

CREATE TABLE cpd_development_links (
    cpd_entry_id         TEXT NOT NULL,
    development_item_id  TEXT NOT NULL,
    workspace_id         TEXT NOT NULL,
    PRIMARY KEY (cpd_entry_id, development_item_id)
);

CREATE TABLE staff (
    id                     TEXT NOT NULL PRIMARY KEY,
    assignment_number      TEXT NOT NULL,
    first_name             TEXT NOT NULL,
    last_name              TEXT NOT NULL,
    preferred_name         TEXT NOT NULL,
    job_title              TEXT NOT NULL,
    role                   TEXT NOT NULL,
    band                   TEXT,
    hcpc_number            TEXT NOT NULL,
    email                  TEXT NOT NULL,
    start_date             TEXT,
    status                 TEXT NOT NULL,
    leaving_date           TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    change_seq             INTEGER NOT NULL,
    superseded             INTEGER NOT NULL DEFAULT 0,
    workspace_id           TEXT NOT NULL,
    station                TEXT NOT NULL
);
CREATE TABLE conversations (
    id                     TEXT NOT NULL PRIMARY KEY,
    staff_id               TEXT NOT NULL,
    kind                   TEXT NOT NULL,
    status                 TEXT NOT NULL,
    period_start           TEXT,
    period_end             TEXT,
    held_on                TEXT,
    held_by                TEXT NOT NULL,
    content                TEXT NOT NULL,
    staff_signed_on        TEXT,
    staff_signature        TEXT NOT NULL,
    staff_agreed           INTEGER NOT NULL,
    staff_comments         TEXT NOT NULL,
    signed_on_paper        INTEGER NOT NULL,
    manager_signed_on      TEXT,
    manager_signature      TEXT NOT NULL,
    quality_score          INTEGER,
    next_review_on         TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    change_seq             INTEGER NOT NULL,
    workspace_id           TEXT NOT NULL,
    station                TEXT NOT NULL
);
CREATE TABLE objectives (
    id                     TEXT NOT NULL PRIMARY KEY,
    conversation_id        TEXT NOT NULL,
    staff_id               TEXT NOT NULL,
    position               INTEGER NOT NULL,
    title                  TEXT NOT NULL,
    measure                TEXT NOT NULL,
    target_date            TEXT,
    priority               TEXT NOT NULL,
    outcome                TEXT NOT NULL,
    evidence               TEXT NOT NULL,
    review                 INTEGER NOT NULL,
    carried_from           TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    change_seq             INTEGER NOT NULL,
    workspace_id           TEXT NOT NULL,
    station                TEXT NOT NULL
);
CREATE TABLE development_items (
    id                     TEXT NOT NULL PRIMARY KEY,
    conversation_id        TEXT,
    staff_id               TEXT NOT NULL,
    position               INTEGER NOT NULL,
    need                   TEXT NOT NULL,
    tna_category           TEXT NOT NULL,
    action                 TEXT NOT NULL,
    support                TEXT NOT NULL,
    target_date            TEXT,
    status                 TEXT NOT NULL,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    change_seq             INTEGER NOT NULL,
    workspace_id           TEXT NOT NULL,
    station                TEXT NOT NULL
);
CREATE TABLE cpd_entries (
    id                     TEXT NOT NULL PRIMARY KEY,
    staff_id               TEXT NOT NULL,
    start_date             TEXT NOT NULL,
    end_date               TEXT,
    title                  TEXT NOT NULL,
    activity_type          TEXT NOT NULL,
    hours                  REAL NOT NULL,
    provider               TEXT NOT NULL,
    description            TEXT NOT NULL,
    reflection_what        TEXT NOT NULL,
    reflection_so_what     TEXT NOT NULL,
    reflection_now_what    TEXT NOT NULL,
    service_user_benefit   TEXT NOT NULL,
    evidence_note          TEXT NOT NULL,
    quick_capture          INTEGER NOT NULL,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    change_seq             INTEGER NOT NULL,
    workspace_id           TEXT NOT NULL,
    station                TEXT NOT NULL
);
CREATE TABLE cpd_evidence (
    id                     TEXT NOT NULL PRIMARY KEY,
    cpd_entry_id           TEXT NOT NULL,
    file_name              TEXT NOT NULL,
    media_type             TEXT NOT NULL,
    size                   INTEGER NOT NULL,
    sha256                 TEXT NOT NULL,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    change_seq             INTEGER NOT NULL,
    content                BLOB NOT NULL,
    workspace_id           TEXT NOT NULL,
    station                TEXT NOT NULL
);
CREATE TABLE training_courses (
    id                     TEXT NOT NULL PRIMARY KEY,
    code                   TEXT NOT NULL,
    title                  TEXT NOT NULL,
    renewal_months         INTEGER,
    mandatory              INTEGER NOT NULL,
    applies_to             TEXT NOT NULL,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    change_seq             INTEGER NOT NULL,
    workspace_id           TEXT NOT NULL,
    station                TEXT NOT NULL
);
CREATE TABLE training_records (
    id                     TEXT NOT NULL PRIMARY KEY,
    staff_id               TEXT NOT NULL,
    course_id              TEXT NOT NULL,
    completed_on           TEXT NOT NULL,
    expires_on             TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    change_seq             INTEGER NOT NULL,
    workspace_id           TEXT NOT NULL,
    station                TEXT NOT NULL
);
CREATE TABLE tombstones (
    id                     TEXT NOT NULL PRIMARY KEY,
    entity                 TEXT NOT NULL,
    deleted_at             TEXT NOT NULL,
    change_seq             INTEGER NOT NULL,
    workspace_id           TEXT NOT NULL,
    station                TEXT NOT NULL
);

CREATE INDEX staff_assignment ON staff (assignment_number);
CREATE INDEX staff_station ON staff (station, status);
CREATE INDEX conversations_staff ON conversations (staff_id, kind, status);
CREATE INDEX development_items_staff ON development_items (staff_id);
CREATE INDEX cpd_entries_staff_date ON cpd_entries (staff_id, start_date);
CREATE INDEX training_records_staff ON training_records (staff_id, course_id);
