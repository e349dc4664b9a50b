-- Migration 011 (SQLite): the public dossier look-up reads one row.
-- dossiers.steps_json holds the dossier's steps as the look-up shows them
-- (a JSON array, in timeline order), written by the module after each
-- step it adds; NULL means "not written yet", and the look-up then reads
-- dossier_events as before.  The triggers keep that true whoever changes
-- dossier_events: any change to a dossier's steps clears its steps_json
-- and counts up steps_version in the same transaction; the module writes
-- steps_json only if steps_version is still the one it read before
-- reading the steps (dndnctl fill-steps writes the rows left NULL).  The
-- triggers are migration 012.
ALTER TABLE dossiers ADD COLUMN steps_json TEXT;
ALTER TABLE dossiers ADD COLUMN steps_version BIGINT NOT NULL DEFAULT 0;
