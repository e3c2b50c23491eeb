-- The team page asks which conversations are still open; without this it reads every record.
CREATE INDEX conversations_open ON conversations (staff_id, updated_at) WHERE status != 'signed_off';
