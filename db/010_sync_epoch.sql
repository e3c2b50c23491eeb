-- Sync epochs (docs/bundle-format.md): a restore starts a new epoch, so the outbox lists only the
-- bundles of the epoch the workspace is in now; earlier ones were written before the restore.
ALTER TABLE sync_bundles ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
