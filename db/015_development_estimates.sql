-- Estimated study hours and cost of a development-plan item, where the manager records them
-- (optional), so the team TNA and HR's TNA can total what a year's training needs will take.
ALTER TABLE development_items ADD COLUMN estimated_hours REAL CHECK (estimated_hours IS NULL OR estimated_hours >= 0);
ALTER TABLE development_items ADD COLUMN estimated_cost REAL CHECK (estimated_cost IS NULL OR estimated_cost >= 0);
