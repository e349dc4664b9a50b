-- Migration 003 (MySQL/MariaDB): petitions (phản ánh, kiến nghị), their
-- history, idempotency keys of POST /petitions, and the public Q&A term
-- index.
CREATE TABLE petitions (
    id                  BIGINT PRIMARY KEY AUTO_INCREMENT,
    code                VARCHAR(32) NOT NULL,
    user_id             BIGINT NOT NULL,
    kind                VARCHAR(16) NOT NULL,
    title               VARCHAR(1000) NOT NULL,
    content             TEXT NOT NULL,
    category            VARCHAR(32) NOT NULL,
    agency_code         VARCHAR(32) NULL,
    proposed_agency     VARCHAR(32) NULL,
    enterprise_tax_code VARCHAR(14) NULL,
    enterprise_name     VARCHAR(255) NULL,
    contact_phone       VARCHAR(16) NULL,
    public_consent      INT NOT NULL DEFAULT 0,
    status              VARCHAR(16) NOT NULL,
    created_at          BIGINT NOT NULL,
    assigned_at         BIGINT NULL,
    due_at              BIGINT NULL,
    extended            INT NOT NULL DEFAULT 0,
    extension_reason    VARCHAR(2000) NULL,
    answered_at         BIGINT NULL,
    answer_content      TEXT NULL,
    answer_agency       VARCHAR(32) NULL,
    answered_by         VARCHAR(100) NULL,
    closed_at           BIGINT NULL,
    rating_score        INT NULL,
    rating_comment      VARCHAR(2000) NULL,
    rated_at            BIGINT NULL,
    published           INT NOT NULL DEFAULT 0,
    search_text         TEXT NOT NULL,
    updated_at          BIGINT NOT NULL,
    version             INT NOT NULL DEFAULT 1,
    UNIQUE KEY petitions_code (code),
    KEY petitions_user (user_id, id),
    KEY petitions_user_status (user_id, status, id),
    KEY petitions_user_created (user_id, created_at),
    KEY petitions_status (status, id),
    KEY petitions_agency (agency_code, status, id),
    KEY petitions_agency_id (agency_code, id),
    KEY petitions_due (status, due_at),
    KEY petitions_published (published, public_consent, id),
    KEY petitions_updated (updated_at, id),
    CONSTRAINT petitions_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT petitions_category_fk FOREIGN KEY (category) REFERENCES categories (code),
    CONSTRAINT petitions_agency_fk FOREIGN KEY (agency_code) REFERENCES agencies (code),
    CONSTRAINT petitions_proposed_fk FOREIGN KEY (proposed_agency) REFERENCES agencies (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE petition_events (
    id           BIGINT PRIMARY KEY AUTO_INCREMENT,
    petition_id  BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    actor_kind   VARCHAR(8) NOT NULL,
    actor        VARCHAR(100) NOT NULL,
    actor_agency VARCHAR(32) NULL,
    from_status  VARCHAR(16) NULL,
    to_status    VARCHAR(16) NULL,
    action       VARCHAR(16) NOT NULL,
    note         TEXT NULL,
    internal     INT NOT NULL DEFAULT 0,
    KEY petition_events_petition (petition_id, id),
    KEY petition_events_at (at, action),
    CONSTRAINT petition_events_fk FOREIGN KEY (petition_id) REFERENCES petitions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE idempotency_keys (
    user_id       BIGINT NOT NULL,
    idem_key      VARCHAR(128) NOT NULL,
    petition_code VARCHAR(32) NOT NULL,
    created_at    BIGINT NOT NULL,
    UNIQUE KEY idempotency_keys_user (user_id, idem_key),
    KEY idempotency_keys_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Folded words of published petitions: GET /qa?q= looks terms up here.
CREATE TABLE qa_terms (
    term        VARCHAR(64) NOT NULL,
    petition_id BIGINT NOT NULL,
    KEY qa_terms_term (term, petition_id),
    KEY qa_terms_petition (petition_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
