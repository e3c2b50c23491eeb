-- Sync epochs (docs/bundle-format.md, "Restores"): a workspace that restored a backup sends bundles
-- in a new epoch. The hub keeps the epoch it is in (number and id; last_sequence and last_change_seq
-- count within it) and each record's epoch, so a record changes only for a later (epoch, change_seq).
ALTER TABLE workspaces ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workspaces ADD COLUMN epoch_id TEXT NOT NULL DEFAULT '';
ALTER TABLE bundles ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE objectives ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE development_items ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cpd_entries ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cpd_evidence ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE training_courses ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE training_records ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tombstones ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
