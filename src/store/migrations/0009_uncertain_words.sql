-- Words a speech recogniser was unsure of (issue 14): for each turn of a
-- draft, the words whose probability (Whisper's word `probability`,
-- whisperX's `score`, or a whole segment's `avg_logprob`) was low, with
-- where they were in the turn's speech when imported. The viewer dims them
-- in unverified turns, looking for the word at that place in the turn's
-- current speech: a word corrected since is no longer found, so it is no
-- longer dimmed. Nothing here follows edits, and nothing else depends on it.

CREATE TABLE uncertain_words (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    segment_id INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    word TEXT NOT NULL,
    probability REAL NOT NULL
);

CREATE INDEX uncertain_words_by_document ON uncertain_words (document_id);
