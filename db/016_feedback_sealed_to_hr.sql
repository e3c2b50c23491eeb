-- 360 responses sealed to HR's age key (docs/feedback-360.md). A station no longer holds any key that opens a
-- rater's answers: each response is sealed to HR's hub recipient as the rater sends it, kept sealed beside the
-- database while the round is open, moved here (shuffled) at close, and carried in every sync bundle until HR's
-- hub returns the merged results. `about_key` (formerly `tally_key`) now opens only the name and job title of
-- the person the round is about, which the round file keeps sealed from anyone at the PC without a code.
ALTER TABLE feedback_rounds RENAME COLUMN tally_key TO about_key;
ALTER TABLE feedback_rounds ADD COLUMN results_on TEXT;     -- when HR's merged results came back
ALTER TABLE feedback_rounds ADD COLUMN withdrawn_on TEXT;   -- withdrawn (the person left): nothing was sent

-- Responses of a closed round waiting for HR: age ciphertext (base64) that only HR's identity opens. Deleted
-- when HR's results arrive. No rater, code or time is recorded with them.
CREATE TABLE feedback_sealed (
    round_id   TEXT NOT NULL REFERENCES feedback_rounds (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,        -- shuffled at close: says nothing about who answered when
    sealed     TEXT NOT NULL,
    PRIMARY KEY (round_id, position)
);
