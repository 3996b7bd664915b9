-- Gloss project schema, version 1. Append-only: never edit once landed;
-- add a new numbered file instead.

CREATE TABLE project (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE coders (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    text          TEXT NOT NULL,
    char_count    INTEGER NOT NULL,
    language      TEXT NOT NULL,
    source_format TEXT NOT NULL,
    source_path   TEXT,
    encoding      TEXT NOT NULL,
    content_hash  TEXT NOT NULL UNIQUE,
    media_path    TEXT,
    imported_at   TEXT NOT NULL,
    position      INTEGER NOT NULL
) STRICT;

CREATE TABLE participants (
    id          INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    UNIQUE (document_id, name)
) STRICT;

CREATE TABLE participant_attributes (
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    key            TEXT NOT NULL,
    value          TEXT NOT NULL,
    PRIMARY KEY (participant_id, key)
) STRICT;

CREATE TABLE segments (
    id             INTEGER PRIMARY KEY,
    document_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal        INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
    time_ms        INTEGER,
    UNIQUE (document_id, ordinal),
    CHECK (start <= end)
) STRICT;

CREATE TABLE codes (
    id              TEXT PRIMARY KEY,
    parent_id       TEXT REFERENCES codes(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    color           TEXT,
    shortcut        TEXT,
    definition      TEXT NOT NULL DEFAULT '',
    when_to_use     TEXT NOT NULL DEFAULT '',
    when_not_to_use TEXT NOT NULL DEFAULT '',
    example         TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX codes_sibling_name ON codes (coalesce(parent_id, ''), name);

CREATE TABLE codings (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    code_id     TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    coder_id    INTEGER NOT NULL REFERENCES coders(id),
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    memo        TEXT,
    created_at  TEXT NOT NULL,
    CHECK (start <= end)
) STRICT;
CREATE INDEX codings_by_document ON codings (document_id, start);
CREATE INDEX codings_by_code ON codings (code_id);

-- Memos attached to a document (code memos use document_id NULL, code_id set).
CREATE TABLE memos (
    id          TEXT PRIMARY KEY,
    document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    code_id     TEXT REFERENCES codes(id) ON DELETE CASCADE,
    coder_id    INTEGER REFERENCES coders(id),
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
