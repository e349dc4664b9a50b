-- Migration 008 (SQLite): the audit trail of staff reads of personal data
-- (Decree 13/2023/ND-CP): who read whose data, when, from where.
CREATE TABLE access_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            BIGINT NOT NULL,
    staff         VARCHAR(100) NOT NULL,
    action        VARCHAR(32) NOT NULL,
    petition_code VARCHAR(32),
    user_id       BIGINT,
    client        VARCHAR(64) NOT NULL DEFAULT ''
);
CREATE INDEX access_log_at ON access_log (at, id);
CREATE INDEX access_log_staff ON access_log (staff, at, id);
