-- Migration 002 (MySQL/MariaDB): business users of the Mini App and their
-- consents.
CREATE TABLE users (
    id                    BIGINT PRIMARY KEY AUTO_INCREMENT,
    provider              VARCHAR(16) NOT NULL,
    subject               VARCHAR(128) NOT NULL,
    name                  VARCHAR(255) NOT NULL DEFAULT '',
    phone                 VARCHAR(20),
    enterprise_tax_code   VARCHAR(14),
    enterprise_name       VARCHAR(255),
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    deleted_at            BIGINT NULL,
    UNIQUE KEY users_identity (provider, subject)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every consent given or withdrawn, with its purpose and time.
CREATE TABLE consents (
    id         BIGINT PRIMARY KEY AUTO_INCREMENT,
    user_id    BIGINT NOT NULL,
    kind       VARCHAR(32) NOT NULL,
    purpose    VARCHAR(500) NOT NULL,
    granted    INT NOT NULL,
    created_at BIGINT NOT NULL,
    KEY consents_user (user_id, kind, created_at),
    CONSTRAINT consents_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
