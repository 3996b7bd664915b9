-- The recording a document was transcribed from (issue 14): the absolute
-- path of its audio or video file, for transcription mode; NULL when none
-- is linked. The file itself stays where it is, never copied in.

ALTER TABLE documents ADD COLUMN media_path TEXT;
