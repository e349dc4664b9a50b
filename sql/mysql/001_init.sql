-- mod_dndn schema, migration 001 (MySQL/MariaDB, InnoDB, utf8mb4):
-- catalogue, staff, partner keys, working-day calendar and code counters.
-- Times are seconds since the epoch (BIGINT); dates are 'YYYY-MM-DD' text.
CREATE TABLE schema_version (
    version    INT PRIMARY KEY,
    name       VARCHAR(255) NOT NULL,
    applied_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE agencies (
    code       VARCHAR(32) PRIMARY KEY,
    name       VARCHAR(255) NOT NULL,
    short_name VARCHAR(100) NOT NULL DEFAULT '',
    kind       VARCHAR(32) NOT NULL DEFAULT 'department',
    address    VARCHAR(255) NOT NULL DEFAULT '',
    phone      VARCHAR(32) NOT NULL DEFAULT '',
    email      VARCHAR(255) NOT NULL DEFAULT '',
    website    VARCHAR(255) NOT NULL DEFAULT '',
    sort_order INT NOT NULL DEFAULT 0,
    active     INT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL DEFAULT 0,
    KEY agencies_order (active, sort_order, code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE categories (
    code        VARCHAR(32) PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    description VARCHAR(1000) NOT NULL DEFAULT '',
    sort_order  INT NOT NULL DEFAULT 0,
    active      INT NOT NULL DEFAULT 1,
    KEY categories_order (active, sort_order, code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE hotlines (
    id          INT PRIMARY KEY AUTO_INCREMENT,
    name        VARCHAR(255) NOT NULL,
    phone       VARCHAR(32) NOT NULL,
    tel         VARCHAR(40) NOT NULL,
    hours       VARCHAR(255) NOT NULL DEFAULT '',
    agency_code VARCHAR(32),
    sort_order  INT NOT NULL DEFAULT 0,
    active      INT NOT NULL DEFAULT 1,
    KEY hotlines_order (active, sort_order, id),
    CONSTRAINT hotlines_agency FOREIGN KEY (agency_code) REFERENCES agencies (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE staff (
    username      VARCHAR(100) PRIMARY KEY,
    password_hash VARCHAR(255),
    full_name     VARCHAR(255) NOT NULL DEFAULT '',
    role          VARCHAR(16) NOT NULL,
    agency_code   VARCHAR(32),
    active        INT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT staff_agency FOREIGN KEY (agency_code) REFERENCES agencies (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE api_keys (
    id           INT PRIMARY KEY AUTO_INCREMENT,
    key_hash     CHAR(64) NOT NULL,
    key_prefix   VARCHAR(16) NOT NULL DEFAULT '',
    name         VARCHAR(255) NOT NULL,
    scopes       VARCHAR(255) NOT NULL,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT NULL,
    last_used_at BIGINT NULL,
    UNIQUE KEY api_keys_hash (key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE calendar (
    day  CHAR(10) PRIMARY KEY,
    type VARCHAR(16) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT ''
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE counters (
    name  VARCHAR(64) PRIMARY KEY,
    value BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
