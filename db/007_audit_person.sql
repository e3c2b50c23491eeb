-- The audit log names the person each entry is about: their staff id (the name is looked up when shown)
-- and their assignment number, which is all that is shown once retention has deleted their records.
-- No foreign key on purpose: the entries outlive the person's records.
ALTER TABLE audit_log ADD COLUMN staff_id TEXT;
ALTER TABLE audit_log ADD COLUMN assignment_number TEXT;

UPDATE audit_log SET staff_id = entity_id WHERE entity = 'staff';
UPDATE audit_log SET staff_id = (SELECT c.staff_id FROM conversations c WHERE c.id = audit_log.entity_id)
    WHERE entity IN ('conversation', 'document') AND staff_id IS NULL;
UPDATE audit_log SET staff_id = (SELECT e.staff_id FROM cpd_entries e WHERE e.id = audit_log.entity_id)
    WHERE entity = 'cpd_entry' AND staff_id IS NULL;
UPDATE audit_log SET staff_id = (SELECT e.staff_id FROM cpd_evidence v JOIN cpd_entries e ON e.id = v.cpd_entry_id
                                 WHERE v.id = audit_log.entity_id)
    WHERE entity = 'cpd_evidence' AND staff_id IS NULL;
UPDATE audit_log SET staff_id = (SELECT t.staff_id FROM training_records t WHERE t.id = audit_log.entity_id)
    WHERE entity = 'training_record' AND staff_id IS NULL;
UPDATE audit_log SET assignment_number = (SELECT s.assignment_number FROM staff s WHERE s.id = audit_log.staff_id)
    WHERE staff_id IS NOT NULL;

CREATE INDEX audit_log_staff ON audit_log (staff_id);
