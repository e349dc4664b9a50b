-- Migration 007 (MySQL/MariaDB): what the daily report and the oversight view
-- query (dndn_store_reports.c): answers by time, rejections and
-- withdrawals by time, petitions by arrival time.
-- The answer and arrival indexes cover their report queries (every
-- column those read is in the index), so a day 200 days back reads index
-- entries only, never a million rows.
-- closed_at now also records when a petition was rejected or withdrawn;
-- rows from before this migration get it from their history.
CREATE INDEX petitions_answered ON petitions (answered_at, created_at,
    assigned_at, due_at, agency_code, answer_agency);
CREATE INDEX petitions_closed ON petitions (status, closed_at, created_at);
CREATE INDEX petitions_created ON petitions (created_at, status,
    agency_code, category, answered_at);
UPDATE petitions SET closed_at = (SELECT MAX(e.at) FROM petition_events e
    WHERE e.petition_id = petitions.id AND e.to_status = petitions.status)
    WHERE status IN ('rejected', 'withdrawn') AND closed_at IS NULL;
