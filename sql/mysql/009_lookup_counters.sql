-- Migration 009 (MySQL/MariaDB): look-ups are counted in the Apache node's shared
-- memory (mod_dndn_tally.c), no longer in the database: counting a public
-- read must not cost a durable write.
DROP TABLE lookup_hits;
