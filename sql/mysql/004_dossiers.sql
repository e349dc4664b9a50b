-- Migration 004 (MySQL/MariaDB): administrative dossiers pushed by partner
-- systems (the one-stop system), their steps, and the per-client rate
-- limit of public look-ups.
CREATE TABLE dossiers (
    code               VARCHAR(64) NOT NULL,
    procedure_code     VARCHAR(64) NOT NULL,
    status             VARCHAR(32) NOT NULL,
    applicant_name     VARCHAR(255) NOT NULL,
    applicant_phone    VARCHAR(20) NULL,
    applicant_tax_code VARCHAR(14) NULL,
    received_at        BIGINT NOT NULL,
    due_at             BIGINT NOT NULL,
    finished_at        BIGINT NULL,
    source_updated_at  BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    created_at         BIGINT NOT NULL,
    PRIMARY KEY (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE dossier_events (
    id           BIGINT PRIMARY KEY AUTO_INCREMENT,
    dossier_code VARCHAR(64) NOT NULL,
    at           BIGINT NOT NULL,
    step         VARCHAR(255) NOT NULL,
    agency       VARCHAR(255) NOT NULL,
    note         TEXT NULL,
    created_at   BIGINT NOT NULL,
    UNIQUE KEY dossier_events_once (dossier_code, at, step),
    KEY dossier_events_timeline (dossier_code, at, id),
    CONSTRAINT dossier_events_dossier_fk FOREIGN KEY (dossier_code)
        REFERENCES dossiers (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Public look-ups per client address in fixed 60-second windows.
CREATE TABLE lookup_hits (
    client       VARCHAR(64) NOT NULL,
    window_start BIGINT NOT NULL,
    hits         INT NOT NULL,
    PRIMARY KEY (client, window_start),
    KEY lookup_hits_window (window_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
