-- Participants are listed in order of their first turn
-- (`min(ordinal) … WHERE participant_id = ?`), once per participant; without
-- this index each lookup scanned every turn of the project.
CREATE INDEX segments_by_participant ON segments (participant_id, ordinal);
