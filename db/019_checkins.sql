-- Regular check-ins between EADRs (one-to-ones, supervision, wellbeing check-ins), their actions, and each
-- person's health and wellbeing plan (desktop/domain/checkin.py). None of these tables travels in a bundle:
-- they stay between the manager and the staff member, and are in subject access.
CREATE TABLE checkins (
    id            TEXT PRIMARY KEY,
    staff_id      TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    held_on       TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('one_to_one', 'supervision', 'wellbeing')),
    notes         TEXT NOT NULL DEFAULT '',
    plan_reviewed INTEGER NOT NULL DEFAULT 0,     -- the wellbeing plan was looked at together
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    change_seq    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX checkins_staff ON checkins (staff_id, held_on);

CREATE TABLE checkin_actions (
    id          TEXT PRIMARY KEY,
    checkin_id  TEXT NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
    staff_id    TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    action      TEXT NOT NULL,
    owner       TEXT NOT NULL,
    due_on      TEXT,
    done_on     TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    change_seq  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX checkin_actions_open ON checkin_actions (done_on, due_on);

-- One plan per person: the areas as JSON, private notes held like an EADR's private notes.
CREATE TABLE wellbeing_plans (
    id            TEXT PRIMARY KEY,
    staff_id      TEXT NOT NULL UNIQUE REFERENCES staff (id) ON DELETE CASCADE,
    areas         TEXT NOT NULL DEFAULT '{}',
    private_notes TEXT NOT NULL DEFAULT '',
    review_by     TEXT,
    updated_on    TEXT,
    reviewed_on   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    change_seq    INTEGER NOT NULL DEFAULT 0
);
