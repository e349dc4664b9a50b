-- Migration 006 (MySQL/MariaDB): the administrative procedure catalogue
-- and posts (policies, support programmes, announcements, news).
-- search_text is the folded (accent- and case-free) searchable text; the
-- *_terms tables hold its distinct words so that ?q= is an indexed look-up:
-- each query word by equality, the last one by prefix (LIKE 'xyz%').
-- The terms are written by the module and by `dndnctl demo-data`, never by
-- hand.  Terms compare byte for byte (utf8mb4_bin), exactly as the
-- module deduplicates them.  posts.ref is a random key the module gives each new post, to
-- find its id again without engine-specific last-insert-id functions;
-- for a POST with an Idempotency-Key it is the SHA-256 of the caller and
-- the key instead, so a repeated request finds the first post.
CREATE TABLE procedures (
    code            VARCHAR(32) PRIMARY KEY,
    name            VARCHAR(500) NOT NULL,
    agency_code     VARCHAR(32),
    level           VARCHAR(16) NOT NULL,
    processing_days INT NULL,
    fee             VARCHAR(255) NOT NULL DEFAULT '',
    documents       TEXT NOT NULL,
    online_url      VARCHAR(500) NULL,
    search_text     VARCHAR(1000) NOT NULL DEFAULT '',
    active          INT NOT NULL DEFAULT 1,
    updated_at      BIGINT NOT NULL DEFAULT 0,
    KEY procedures_agency (agency_code, code),
    KEY procedures_level (level, code),
    CONSTRAINT procedures_agency_fk FOREIGN KEY (agency_code) REFERENCES agencies (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE procedure_terms (
    term           VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    procedure_code VARCHAR(32) NOT NULL,
    PRIMARY KEY (term, procedure_code),
    KEY procedure_terms_code (procedure_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE posts (
    id           BIGINT PRIMARY KEY AUTO_INCREMENT,
    category     VARCHAR(16) NOT NULL,
    title        VARCHAR(255) NOT NULL,
    summary      VARCHAR(1000) NOT NULL DEFAULT '',
    body         MEDIUMTEXT NOT NULL,
    published    INT NOT NULL DEFAULT 0,
    published_at BIGINT NULL,
    created_by   VARCHAR(100) NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    search_text  VARCHAR(1500) NOT NULL DEFAULT '',
    ref          VARCHAR(64) NOT NULL,
    UNIQUE KEY posts_ref (ref),
    KEY posts_public (published, published_at, id),
    KEY posts_category (published, category, published_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE post_terms (
    term    VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    post_id BIGINT NOT NULL,
    PRIMARY KEY (term, post_id),
    KEY post_terms_post (post_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
