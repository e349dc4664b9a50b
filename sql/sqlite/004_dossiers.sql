-- Migration 004 (SQLite): administrative dossiers pushed by partner
-- systems (the one-stop system), their steps, and the per-client rate
-- limit of public look-ups.
CREATE TABLE dossiers (
    code               VARCHAR(64) PRIMARY KEY NOT NULL,
    procedure_code     VARCHAR(64) NOT NULL,
    status             VARCHAR(32) NOT NULL,
    applicant_name     VARCHAR(255) NOT NULL,
    applicant_phone    VARCHAR(20),
    applicant_tax_code VARCHAR(14),
    received_at        BIGINT NOT NULL,
    due_at             BIGINT NOT NULL,
    finished_at        BIGINT,
    source_updated_at  BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    created_at         BIGINT NOT NULL
);

CREATE TABLE dossier_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_code VARCHAR(64) NOT NULL REFERENCES dossiers (code),
    at           BIGINT NOT NULL,
    step         VARCHAR(255) NOT NULL,
    agency       VARCHAR(255) NOT NULL,
    note         TEXT,
    created_at   BIGINT NOT NULL,
    UNIQUE (dossier_code, at, step)
);
CREATE INDEX dossier_events_timeline ON dossier_events (dossier_code, at, id);

-- Public look-ups per client address in fixed 60-second windows.
CREATE TABLE lookup_hits (
    client       VARCHAR(64) NOT NULL,
    window_start BIGINT NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (client, window_start)
);
CREATE INDEX lookup_hits_window ON lookup_hits (window_start);
