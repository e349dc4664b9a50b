-- Migration 008 (MySQL/MariaDB): the audit trail of staff reads of
-- personal data (Decree 13/2023/ND-CP): who read whose data, when, from
-- where.
CREATE TABLE access_log (
    id            BIGINT PRIMARY KEY AUTO_INCREMENT,
    at            BIGINT NOT NULL,
    staff         VARCHAR(100) NOT NULL,
    action        VARCHAR(32) NOT NULL,
    petition_code VARCHAR(32) NULL,
    user_id       BIGINT NULL,
    client        VARCHAR(64) NOT NULL DEFAULT '',
    KEY access_log_at (at, id),
    KEY access_log_staff (staff, at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
