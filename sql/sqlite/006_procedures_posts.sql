-- Migration 006 (SQLite): the administrative procedure catalogue and
-- posts (policies, support programmes, announcements, news).
-- search_text is the folded (accent- and case-free) searchable text; the
-- *_terms tables hold its distinct words so that ?q= is an indexed look-up:
-- each query word by equality, the last one by prefix (LIKE 'xyz%').
-- The terms are written by the module and by `dndnctl demo-data`, never by
-- hand.  posts.ref is a random key the module gives each new post, to
-- find its id again without engine-specific last-insert-id functions;
-- for a POST with an Idempotency-Key it is the SHA-256 of the caller and
-- the key instead, so a repeated request finds the first post.
-- COLLATE NOCASE lets SQLite use the index for the prefix LIKE.
CREATE TABLE procedures (
    code            VARCHAR(32) PRIMARY KEY,
    name            VARCHAR(500) NOT NULL,
    agency_code     VARCHAR(32) REFERENCES agencies (code),
    level           VARCHAR(16) NOT NULL,
    processing_days INTEGER,
    fee             VARCHAR(255) NOT NULL DEFAULT '',
    documents       TEXT NOT NULL,
    online_url      VARCHAR(500),
    search_text     VARCHAR(1000) NOT NULL DEFAULT '',
    active          INTEGER NOT NULL DEFAULT 1,
    updated_at      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX procedures_agency ON procedures (agency_code, code);
CREATE INDEX procedures_level ON procedures (level, code);

CREATE TABLE procedure_terms (
    term           VARCHAR(64) NOT NULL COLLATE NOCASE,
    procedure_code VARCHAR(32) NOT NULL,
    PRIMARY KEY (term, procedure_code)
);
CREATE INDEX procedure_terms_code ON procedure_terms (procedure_code);

CREATE TABLE posts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    category     VARCHAR(16) NOT NULL,
    title        VARCHAR(255) NOT NULL,
    summary      VARCHAR(1000) NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    published    INTEGER NOT NULL DEFAULT 0,
    published_at BIGINT,
    created_by   VARCHAR(100) NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    search_text  VARCHAR(1500) NOT NULL DEFAULT '',
    ref          VARCHAR(64) NOT NULL UNIQUE
);
CREATE INDEX posts_public ON posts (published, published_at, id);
CREATE INDEX posts_category ON posts (published, category, published_at, id);

CREATE TABLE post_terms (
    term    VARCHAR(64) NOT NULL COLLATE NOCASE,
    post_id INTEGER NOT NULL,
    PRIMARY KEY (term, post_id)
);
CREATE INDEX post_terms_post ON post_terms (post_id);
