-- The document list and the next position read small columns that sit after
-- the (large) text column; without an index SQLite walks every document's
-- text overflow pages to reach them, which made each import slower the more
-- documents the project held. A covering index answers both from the index.
CREATE INDEX documents_listing
    ON documents (position, id, name, char_count, language, source_format);
