-- What each revision of the edit log was (issue 12): `kind` is the edit's
-- kind (text, split_turn, join_turns, speaker, time, reimport, undo, merge)
-- and `turns_set` how many turn rows it set explicitly (a split, a join, a
-- speaker or time change, their undo): merge carries a copy's turn edits
-- only when it knows which revisions changed the turns. Revisions logged
-- before this migration have no kind and set no turns as far as merge knows.

ALTER TABLE text_edits ADD COLUMN kind TEXT;
ALTER TABLE text_edits ADD COLUMN turns_set INTEGER NOT NULL DEFAULT 0;
