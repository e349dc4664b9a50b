-- Migration 002 (SQLite): business users of the Mini App and their consents.
CREATE TABLE users (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    provider              VARCHAR(16) NOT NULL,
    subject               VARCHAR(128) NOT NULL,
    name                  VARCHAR(255) NOT NULL DEFAULT '',
    phone                 VARCHAR(20),
    enterprise_tax_code   VARCHAR(14),
    enterprise_name       VARCHAR(255),
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    deleted_at            BIGINT,
    UNIQUE (provider, subject)
);

-- Every consent given or withdrawn, with its purpose and time.
CREATE TABLE consents (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       VARCHAR(32) NOT NULL,
    purpose    VARCHAR(500) NOT NULL,
    granted    INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX consents_user ON consents (user_id, kind, created_at);
