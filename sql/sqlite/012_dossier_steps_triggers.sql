-- Migration 012 (SQLite): the triggers of migration 011.  Any change to
-- a dossier's steps clears its steps_json and counts up its steps_version
-- in the same transaction.
DROP TRIGGER IF EXISTS dossier_events_ai;
DROP TRIGGER IF EXISTS dossier_events_au;
DROP TRIGGER IF EXISTS dossier_events_ad;

CREATE TRIGGER dossier_events_ai AFTER INSERT ON dossier_events BEGIN
    UPDATE dossiers SET steps_json = NULL, steps_version = steps_version + 1
    WHERE code = NEW.dossier_code;
END;

CREATE TRIGGER dossier_events_au AFTER UPDATE ON dossier_events BEGIN
    UPDATE dossiers SET steps_json = NULL, steps_version = steps_version + 1
    WHERE code IN (OLD.dossier_code, NEW.dossier_code);
END;

CREATE TRIGGER dossier_events_ad AFTER DELETE ON dossier_events BEGIN
    UPDATE dossiers SET steps_json = NULL, steps_version = steps_version + 1
    WHERE code = OLD.dossier_code;
END;
