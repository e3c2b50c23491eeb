-- Leadership (Healthcare Leadership Model) self-assessment and 360 feedback rounds. See docs/feedback-360.md.
-- No table here ever holds one rater's answers: while a round is open its running tally lives sealed in
-- feedback/<round id>.json beside the database; at close only merged group means and shuffled comments are
-- kept (in `results`), and the round's tally key is wiped.

-- People who lead although their job title does not say so (an opt-in tick on the person).
CREATE TABLE leadership_optin (
    staff_id   TEXT PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
    since      TEXT NOT NULL
);

-- A leader's self-assessment against the nine dimensions, kept with the EADR open at the time.
CREATE TABLE leadership_self (
    id              TEXT PRIMARY KEY,
    staff_id        TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    conversation_id TEXT,
    assessed_on     TEXT NOT NULL,
    content         TEXT NOT NULL,          -- JSON: per dimension level, reflection, chosen for development
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    change_seq      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX leadership_self_staff ON leadership_self (staff_id, updated_at);

CREATE TABLE feedback_rounds (
    id          TEXT PRIMARY KEY,
    staff_id    TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    opened_on   TEXT NOT NULL,
    closes_on   TEXT NOT NULL,
    closed_on   TEXT,
    invited     TEXT NOT NULL,              -- JSON: rater group -> invitations printed
    responses   TEXT,                       -- JSON: rater group -> responses (counts only), set at close
    tally_key   BLOB,                       -- the open round's tally key; NULL once closed
    results     TEXT,                       -- JSON: merged group means and shuffled comments, set at close
    dimension_means TEXT,                   -- JSON for HR, set at close: per dimension, the mean of the groups
                                            -- of 3 or more colleagues (not self, not line manager) and how many
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    change_seq  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feedback_rounds_staff ON feedback_rounds (staff_id, opened_on);
