-- Migration 013 (MySQL/MariaDB): each user's petition quota is counted on
-- the user's row.  quota_day is the start (Unix time) of the Vietnam-local
-- day the count is for, quota_used the petitions the user submitted that
-- day.  A submission adds one in its own transaction (the row's lock
-- queues one user's concurrent submissions, so the count is exact) and is
-- refused when it would pass DndnPetitionQuota.  Until 013 the count was a
-- COUNT(*) of the day's petitions under the year counter's lock: it read
-- every petition of the user's day, one clustered-index look-up each while
-- petitions were being written, and held every other submission waiting.
-- One statement, instant on InnoDB.
ALTER TABLE users
    ADD COLUMN quota_day BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN quota_used INT NOT NULL DEFAULT 0;
