-- Editable text (issue 12). A document's text moves into blocks, so an edit
-- rewrites one block, not the whole text; codings and turns are anchored to
-- a block and an offset inside it, so an edit moves only the rows anchored
-- in the blocks it touches. The views `codings` and `segments` give every
-- reader the absolute char offsets as before (orphaned codings, whose text
-- was deleted, are left out of `codings`: they cover nothing).
-- `documents.content_hash` stays the hash of the text as imported (the
-- document's identity for import dedupe and merge); `revision` counts the
-- edits, each kept in the append-only `text_edits` log.

-- The blocks' places (narrow rows: moving the later blocks' starts after an
-- edit writes a few bytes each) and, apart, their text.
CREATE TABLE text_blocks (
    id          INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    chars       INTEGER NOT NULL
) STRICT;
CREATE TABLE block_texts (
    block_id INTEGER PRIMARY KEY REFERENCES text_blocks(id) ON DELETE CASCADE,
    text     TEXT NOT NULL
) STRICT;
CREATE INDEX text_blocks_by_start ON text_blocks (document_id, start, ordinal);
CREATE INDEX text_blocks_by_ordinal ON text_blocks (document_id, ordinal);

INSERT INTO text_blocks (document_id, ordinal, start, chars)
    SELECT id, 0, 0, char_count FROM documents;
INSERT INTO block_texts (block_id, text)
    SELECT b.id, d.text FROM text_blocks b JOIN documents d ON d.id = b.document_id;

ALTER TABLE documents ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

CREATE TABLE text_edits (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    revision    INTEGER NOT NULL,
    coder_id    INTEGER REFERENCES coders(id),
    at          TEXT NOT NULL,
    change      TEXT NOT NULL,
    PRIMARY KEY (document_id, revision)
) STRICT;

CREATE TABLE coding_rows (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    code_id     TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    coder_id    INTEGER NOT NULL REFERENCES coders(id),
    start_block INTEGER NOT NULL,
    start_off   INTEGER NOT NULL,
    end_block   INTEGER NOT NULL,
    end_off     INTEGER NOT NULL,
    memo        TEXT,
    created_at  TEXT NOT NULL,
    orphan_text TEXT
) STRICT;

INSERT INTO coding_rows (id, document_id, code_id, coder_id, start_block, start_off,
                         end_block, end_off, memo, created_at)
    SELECT c.id, c.document_id, c.code_id, c.coder_id, b.id, c.start, b.id, c.end,
           c.memo, c.created_at
    FROM codings c JOIN text_blocks b ON b.document_id = c.document_id;

CREATE TABLE segment_rows (
    id             INTEGER PRIMARY KEY,
    document_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal        INTEGER NOT NULL,
    start_block    INTEGER NOT NULL,
    start_off      INTEGER NOT NULL,
    end_block      INTEGER NOT NULL,
    end_off        INTEGER NOT NULL,
    participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
    time_ms        INTEGER,
    end_ms         INTEGER,
    verified       INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO segment_rows (id, document_id, ordinal, start_block, start_off, end_block,
                          end_off, participant_id, time_ms)
    SELECT s.id, s.document_id, s.ordinal, b.id, s.start, b.id, s.end,
           s.participant_id, s.time_ms
    FROM segments s JOIN text_blocks b ON b.document_id = s.document_id;

DROP INDEX codings_identical;
DROP INDEX codings_by_document;
DROP INDEX codings_by_code;
DROP TABLE codings;
DROP INDEX segments_by_participant;
DROP TABLE segments;
ALTER TABLE documents DROP COLUMN text;

CREATE INDEX coding_rows_by_document ON coding_rows (document_id);
CREATE INDEX coding_rows_by_code ON coding_rows (code_id);
CREATE INDEX coding_rows_by_start_block ON coding_rows (start_block);
CREATE INDEX coding_rows_by_end_block ON coding_rows (end_block);
CREATE UNIQUE INDEX coding_rows_identical
    ON coding_rows (document_id, code_id, coder_id, start_block, start_off, end_block, end_off)
    WHERE orphan_text IS NULL;
CREATE INDEX segment_rows_by_document ON segment_rows (document_id, ordinal);
CREATE INDEX segment_rows_by_participant ON segment_rows (participant_id, ordinal);
CREATE INDEX segment_rows_by_start_block ON segment_rows (start_block);
CREATE INDEX segment_rows_by_end_block ON segment_rows (end_block);

CREATE VIEW codings AS
    SELECT r.id, r.document_id, r.code_id, r.coder_id,
           bs.start + r.start_off AS start, be.start + r.end_off AS end,
           r.memo, r.created_at, r.rowid AS seq
    FROM coding_rows r
    JOIN text_blocks bs ON bs.id = r.start_block
    JOIN text_blocks be ON be.id = r.end_block
    WHERE r.orphan_text IS NULL;

CREATE VIEW segments AS
    SELECT s.id, s.document_id, s.ordinal,
           bs.start + s.start_off AS start, be.start + s.end_off AS end,
           s.participant_id, s.time_ms, s.end_ms, s.verified
    FROM segment_rows s
    JOIN text_blocks bs ON bs.id = s.start_block
    JOIN text_blocks be ON be.id = s.end_block;
