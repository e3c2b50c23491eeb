-- Retention of leavers' records: the review list asks for leavers by leaving date.
-- (The retention period itself is a row in settings, 'retention_years', absent until someone changes it.)
CREATE INDEX staff_leavers ON staff (leaving_date) WHERE status = 'leaver';
