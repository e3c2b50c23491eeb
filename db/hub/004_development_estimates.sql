-- Estimated hours and cost of development-plan items (bundle columns added later; older stations send none).
ALTER TABLE development_items ADD COLUMN estimated_hours REAL;
ALTER TABLE development_items ADD COLUMN estimated_cost REAL;
