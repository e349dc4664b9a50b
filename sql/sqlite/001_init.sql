-- mod_dndn schema, migration 001 (SQLite): catalogue, staff, partner keys,
-- working-day calendar and code counters.
-- Times are seconds since the epoch (BIGINT); dates are 'YYYY-MM-DD' text.
CREATE TABLE schema_version (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR(255) NOT NULL,
    applied_at BIGINT NOT NULL
);

CREATE TABLE agencies (
    code       VARCHAR(32) PRIMARY KEY,
    name       VARCHAR(255) NOT NULL,
    short_name VARCHAR(100) NOT NULL DEFAULT '',
    kind       VARCHAR(32) NOT NULL DEFAULT 'department',
    address    VARCHAR(255) NOT NULL DEFAULT '',
    phone      VARCHAR(32) NOT NULL DEFAULT '',
    email      VARCHAR(255) NOT NULL DEFAULT '',
    website    VARCHAR(255) NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
    active     INTEGER NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX agencies_order ON agencies (active, sort_order, code);

CREATE TABLE categories (
    code        VARCHAR(32) PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    description VARCHAR(1000) NOT NULL DEFAULT '',
    sort_order  INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX categories_order ON categories (active, sort_order, code);

CREATE TABLE hotlines (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        VARCHAR(255) NOT NULL,
    phone       VARCHAR(32) NOT NULL,
    tel         VARCHAR(40) NOT NULL,
    hours       VARCHAR(255) NOT NULL DEFAULT '',
    agency_code VARCHAR(32) REFERENCES agencies (code),
    sort_order  INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX hotlines_order ON hotlines (active, sort_order, id);

CREATE TABLE staff (
    username      VARCHAR(100) PRIMARY KEY,
    password_hash VARCHAR(255),
    full_name     VARCHAR(255) NOT NULL DEFAULT '',
    role          VARCHAR(16) NOT NULL,
    agency_code   VARCHAR(32) REFERENCES agencies (code),
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    key_hash     CHAR(64) NOT NULL UNIQUE,
    key_prefix   VARCHAR(16) NOT NULL DEFAULT '',
    name         VARCHAR(255) NOT NULL,
    scopes       VARCHAR(255) NOT NULL,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT
);

CREATE TABLE calendar (
    day  CHAR(10) PRIMARY KEY,
    type VARCHAR(16) NOT NULL,
    name VARCHAR(200) NOT NULL DEFAULT ''
);

CREATE TABLE counters (
    name  VARCHAR(64) PRIMARY KEY,
    value BIGINT NOT NULL
);
