-- Migration 009 (MySQL/MariaDB): a Q&A search checks the words other than
-- the driving one per candidate petition; (petition_id, term) finds such a word
-- in one seek, where (petition_id) alone read every term of the petition
-- (a published answer indexes all the words of its title, question and
-- answer: dozens of terms).  An online index change on InnoDB.
ALTER TABLE qa_terms
    ADD KEY qa_terms_petition_term (petition_id, term),
    DROP KEY qa_terms_petition;
