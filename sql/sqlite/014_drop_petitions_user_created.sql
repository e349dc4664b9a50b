-- Migration 014 (SQLite): petitions_user_created served only the quota's
-- COUNT(*) of a user's petitions of the day, replaced by migration 013's
-- count on the user's row (see the MySQL file).
DROP INDEX petitions_user_created;
