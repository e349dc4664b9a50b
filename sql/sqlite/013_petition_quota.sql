-- Migration 013 (SQLite): each user's petition quota is counted on the
-- user's row.  quota_day is the start (Unix time) of the Vietnam-local day
-- the count is for, quota_used the petitions the user submitted that day.
-- A submission adds one in its own transaction and is refused when it
-- would pass DndnPetitionQuota (until 013: a COUNT(*) of the day's
-- petitions; see the MySQL file).
ALTER TABLE users ADD COLUMN quota_day BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN quota_used INT NOT NULL DEFAULT 0;
