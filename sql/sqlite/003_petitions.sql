-- Migration 003 (SQLite): petitions (phản ánh, kiến nghị), their history,
-- idempotency keys of POST /petitions, and the public Q&A term index.
CREATE TABLE petitions (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    code                VARCHAR(32) NOT NULL UNIQUE,
    user_id             INTEGER NOT NULL REFERENCES users (id),
    kind                VARCHAR(16) NOT NULL,
    title               VARCHAR(1000) NOT NULL,
    content             TEXT NOT NULL,
    category            VARCHAR(32) NOT NULL REFERENCES categories (code),
    agency_code         VARCHAR(32) REFERENCES agencies (code),
    proposed_agency     VARCHAR(32) REFERENCES agencies (code),
    enterprise_tax_code VARCHAR(14),
    enterprise_name     VARCHAR(255),
    contact_phone       VARCHAR(16),
    public_consent      INTEGER NOT NULL DEFAULT 0,
    status              VARCHAR(16) NOT NULL,
    created_at          BIGINT NOT NULL,
    assigned_at         BIGINT,
    due_at              BIGINT,
    extended            INTEGER NOT NULL DEFAULT 0,
    extension_reason    VARCHAR(2000),
    answered_at         BIGINT,
    answer_content      TEXT,
    answer_agency       VARCHAR(32),
    answered_by         VARCHAR(100),
    closed_at           BIGINT,
    rating_score        INTEGER,
    rating_comment      VARCHAR(2000),
    rated_at            BIGINT,
    published           INTEGER NOT NULL DEFAULT 0,
    search_text         TEXT NOT NULL DEFAULT '',
    updated_at          BIGINT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX petitions_user ON petitions (user_id, id);
CREATE INDEX petitions_user_status ON petitions (user_id, status, id);
CREATE INDEX petitions_user_created ON petitions (user_id, created_at);
CREATE INDEX petitions_status ON petitions (status, id);
CREATE INDEX petitions_agency ON petitions (agency_code, status, id);
CREATE INDEX petitions_agency_id ON petitions (agency_code, id);
CREATE INDEX petitions_due ON petitions (status, due_at);
CREATE INDEX petitions_published ON petitions (published, public_consent, id);
CREATE INDEX petitions_updated ON petitions (updated_at, id);

CREATE TABLE petition_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    petition_id  INTEGER NOT NULL REFERENCES petitions (id),
    at           BIGINT NOT NULL,
    actor_kind   VARCHAR(8) NOT NULL,
    actor        VARCHAR(100) NOT NULL,
    actor_agency VARCHAR(32),
    from_status  VARCHAR(16),
    to_status    VARCHAR(16),
    action       VARCHAR(16) NOT NULL,
    note         TEXT,
    internal     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX petition_events_petition ON petition_events (petition_id, id);
CREATE INDEX petition_events_at ON petition_events (at, action);

CREATE TABLE idempotency_keys (
    user_id       INTEGER NOT NULL,
    idem_key      VARCHAR(128) NOT NULL,
    petition_code VARCHAR(32) NOT NULL,
    created_at    BIGINT NOT NULL,
    UNIQUE (user_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Folded words of published petitions: GET /qa?q= looks terms up here.
-- NOCASE lets SQLite use the index for LIKE 'abc%' (terms are lower case).
CREATE TABLE qa_terms (
    term        VARCHAR(64) COLLATE NOCASE NOT NULL,
    petition_id INTEGER NOT NULL
);
CREATE INDEX qa_terms_term ON qa_terms (term, petition_id);
CREATE INDEX qa_terms_petition ON qa_terms (petition_id);
