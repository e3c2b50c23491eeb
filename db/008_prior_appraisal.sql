-- What was known before this app: the person's last appraisal (from ESR or paper) and, if ESR gave one,
-- their next appraisal date. Due dates use the later of this and the last EADR signed in the app.
ALTER TABLE staff ADD COLUMN prior_appraisal TEXT;
ALTER TABLE staff ADD COLUMN next_appraisal TEXT;
