-- Migration 014 (MySQL/MariaDB): petitions_user_created (user_id,
-- created_at) served only the quota's COUNT(*) of a user's petitions of
-- the day, which migration 013 replaced by the count on the user's row.
-- One index less to write for every petition.  Nodes of the previous
-- release still count that way until they are reloaded, through
-- petitions_user (user_id, id) then, reading each of the user's
-- petitions: correct, slower for a user with many.
DROP INDEX petitions_user_created ON petitions;
