-- Codings are listed in document order (`ORDER BY documents.position`),
-- which looks each document up by id; reading `position` from the table row
-- means walking that document's text overflow pages once per coding. This
-- index answers "position of document id" without touching the text.
CREATE INDEX documents_position_by_id ON documents (id, position);
