-- A coding identical to another (same document, code, coder and range) is
-- never stored twice (issue 10). Earlier builds could store one twice
-- (`codings import` run twice, an in-vivo coding repeated): keep the first
-- of each group, with the distinct memos of the whole group joined, then
-- make the rule a constraint.
CREATE TEMP TABLE identical_groups AS
    SELECT document_id, code_id, coder_id, start, end,
           (SELECT c2.id FROM codings c2
             WHERE c2.document_id = g.document_id AND c2.code_id = g.code_id
               AND c2.coder_id = g.coder_id AND c2.start = g.start AND c2.end = g.end
             ORDER BY c2.created_at, c2.id LIMIT 1) AS keep
    FROM codings g
    GROUP BY document_id, code_id, coder_id, start, end
    HAVING count(*) > 1;

UPDATE codings SET memo = (
    SELECT group_concat(m, char(10) || char(10)) FROM (
        SELECT DISTINCT c2.memo AS m FROM codings c2
         WHERE c2.document_id = codings.document_id AND c2.code_id = codings.code_id
           AND c2.coder_id = codings.coder_id AND c2.start = codings.start
           AND c2.end = codings.end AND c2.memo IS NOT NULL AND trim(c2.memo) <> ''
         ORDER BY c2.created_at, c2.id))
WHERE id IN (SELECT keep FROM identical_groups);

DELETE FROM codings
WHERE id NOT IN (SELECT keep FROM identical_groups)
  AND EXISTS (SELECT 1 FROM identical_groups g
               WHERE g.document_id = codings.document_id AND g.code_id = codings.code_id
                 AND g.coder_id = codings.coder_id AND g.start = codings.start
                 AND g.end = codings.end);

DROP TABLE identical_groups;

CREATE UNIQUE INDEX codings_identical ON codings (document_id, code_id, coder_id, start, end);
