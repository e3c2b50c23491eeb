-- Estimated hours and cost of development-plan items (bundle columns added later; older stations send none).
ALTER TABLE development_items ADD COLUMN estimated_hours REAL;
ALTER TABLE development_items ADD COLUMN estimated_cost REAL;
-- The last appraisal before the app and ESR's next appraisal date (station migration 008), so HR's
-- compliance and due dates follow the same rule as the station's.
ALTER TABLE staff ADD COLUMN prior_appraisal TEXT;
ALTER TABLE staff ADD COLUMN next_appraisal TEXT;
