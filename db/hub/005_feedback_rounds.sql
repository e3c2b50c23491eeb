-- 360 feedback rounds as stations report them (docs/feedback-360.md): dates, invitations and responses per
-- group, and once closed the colleague groups' mean per dimension. Nothing per rater exists to receive.
CREATE TABLE feedback_rounds (
    id                     TEXT NOT NULL PRIMARY KEY,
    staff_id               TEXT NOT NULL,
    opened_on              TEXT NOT NULL,
    closes_on              TEXT NOT NULL,
    closed_on              TEXT,
    invited                TEXT NOT NULL,
    responses              TEXT,
    dimension_means        TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    change_seq             INTEGER NOT NULL,
    workspace_id           TEXT NOT NULL,
    station                TEXT NOT NULL,
    epoch                  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feedback_rounds_staff ON feedback_rounds (staff_id);
