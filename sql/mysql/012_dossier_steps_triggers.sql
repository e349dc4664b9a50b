-- Migration 012 (MySQL/MariaDB): the triggers of migration 011.  Any
-- change to a dossier's steps clears its steps_json and counts up its
-- steps_version in the same transaction.  Creating a trigger needs the
-- TRIGGER privilege and, with binary logging on, SUPER or
-- log_bin_trust_function_creators (docs/admin.md); each is dropped first,
-- so that the migration can be run again after such an error.
DROP TRIGGER IF EXISTS dossier_events_ai;
DROP TRIGGER IF EXISTS dossier_events_au;
DROP TRIGGER IF EXISTS dossier_events_ad;

CREATE TRIGGER dossier_events_ai AFTER INSERT ON dossier_events FOR EACH ROW
    UPDATE dossiers SET steps_json = NULL, steps_version = steps_version + 1
    WHERE code = NEW.dossier_code;

CREATE TRIGGER dossier_events_au AFTER UPDATE ON dossier_events FOR EACH ROW
    UPDATE dossiers SET steps_json = NULL, steps_version = steps_version + 1
    WHERE code IN (OLD.dossier_code, NEW.dossier_code);

CREATE TRIGGER dossier_events_ad AFTER DELETE ON dossier_events FOR EACH ROW
    UPDATE dossiers SET steps_json = NULL, steps_version = steps_version + 1
    WHERE code = OLD.dossier_code;
