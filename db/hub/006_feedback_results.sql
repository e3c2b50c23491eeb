-- 360 results HR computed from a station's sealed responses (docs/feedback-360.md). Never an individual
-- response: the hub opens them in memory, merges them with the station's own rule, and keeps only this.
-- `results` (merged group means and shuffled comments) is returned in the station's reference bundle and
-- set to NULL once the station reports it has them; `dimension_means` stays for the trust-wide report.
CREATE TABLE feedback_results (
    round_id        TEXT NOT NULL PRIMARY KEY,
    workspace_id    TEXT NOT NULL,
    station         TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    responses       INTEGER NOT NULL,
    unreadable      INTEGER NOT NULL DEFAULT 0,  -- sealed to a key other than HR's (a tampered round file)
    results         TEXT,
    dimension_means TEXT,
    computed_at     TEXT NOT NULL
);
ALTER TABLE feedback_rounds ADD COLUMN results_on TEXT;
ALTER TABLE feedback_rounds ADD COLUMN withdrawn_on TEXT;
