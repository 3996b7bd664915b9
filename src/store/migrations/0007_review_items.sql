-- Codings waiting for a look after a re-import or a merge across revisions
-- (issue 12): the text a coding covered changed, or the coding could not
-- be mapped and was orphaned. Each row says why, with the text before and
-- after; it goes with its coding, and when the user deals with it.

CREATE TABLE review_items (
    coding_id   TEXT PRIMARY KEY REFERENCES coding_rows(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    before_text TEXT NOT NULL,
    after_text  TEXT,
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX review_items_by_document ON review_items (document_id);
