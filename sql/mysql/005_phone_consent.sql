-- Migration 005 (MySQL/MariaDB): the consent behind the stored phone number.
-- The consents table keeps the whole history; these columns say which
-- consent the current number rests on (both NULL when there is no phone).
ALTER TABLE users
    ADD COLUMN phone_consent_purpose VARCHAR(500) NULL,
    ADD COLUMN phone_consent_at BIGINT NULL;
