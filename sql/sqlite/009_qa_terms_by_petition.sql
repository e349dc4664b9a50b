-- Migration 009 (SQLite): a Q&A search checks the words other than the
-- driving one per candidate petition; (petition_id, term) finds such a word in one
-- seek, where (petition_id) alone read every term of the petition (a
-- published answer indexes all the words of its title, question and
-- answer: dozens of terms).
CREATE INDEX qa_terms_petition_term ON qa_terms (petition_id, term);
DROP INDEX qa_terms_petition;
