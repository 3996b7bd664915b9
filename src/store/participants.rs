//! Participants (speakers of a document, i.e. cases) and their attributes.

use crate::core::{DocumentId, Participant, ParticipantId};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

/// All participants, optionally of one document, in document then name order.
pub fn list(conn: &Connection, doc: Option<&DocumentId>) -> super::Result<Vec<Participant>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.document_id, p.name FROM participants p
         JOIN documents d ON d.id = p.document_id
         WHERE ?1 IS NULL OR p.document_id = ?1
         ORDER BY d.position, (SELECT min(ordinal) FROM segments s WHERE s.participant_id = p.id), p.name",
    )?;
    let mut people = stmt
        .query_map([doc.map(|d| d.0.as_str())], |r| {
            Ok(Participant {
                id: ParticipantId(r.get(0)?),
                document: DocumentId(r.get(1)?),
                name: r.get(2)?,
                attributes: BTreeMap::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut attrs = conn.prepare_cached(
        "SELECT key, value FROM participant_attributes WHERE participant_id = ?1 ORDER BY key",
    )?;
    for p in &mut people {
        for row in attrs.query_map([p.id.0], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (k, v) = row?;
            p.attributes.insert(k, v);
        }
    }
    Ok(people)
}

/// The participant `name` of `doc`, if any.
pub fn find(
    conn: &Connection,
    doc: &DocumentId,
    name: &str,
) -> super::Result<Option<ParticipantId>> {
    Ok(conn
        .query_row(
            "SELECT id FROM participants WHERE document_id = ?1 AND name = ?2",
            params![doc.0, name],
            |r| r.get(0),
        )
        .optional()?
        .map(ParticipantId))
}

/// Sets (or with an empty value, removes) an attribute.
pub fn set_attribute(
    conn: &Connection,
    who: ParticipantId,
    key: &str,
    value: &str,
) -> super::Result<()> {
    if value.is_empty() {
        conn.execute(
            "DELETE FROM participant_attributes WHERE participant_id = ?1 AND key = ?2",
            params![who.0, key],
        )?;
    } else {
        conn.execute(
            "INSERT INTO participant_attributes (participant_id, key, value) VALUES (?1, ?2, ?3)
             ON CONFLICT (participant_id, key) DO UPDATE SET value = excluded.value",
            params![who.0, key, value],
        )?;
    }
    Ok(())
}

/// The participant `name` of `doc`, created when there is none.
pub fn ensure(conn: &Connection, doc: &DocumentId, name: &str) -> super::Result<i64> {
    if let Some(p) = find(conn, doc, name)? {
        return Ok(p.0);
    }
    Ok(conn.query_row(
        "INSERT INTO participants (document_id, name) VALUES (?1, ?2) RETURNING id",
        params![doc.0, name],
        |r| r.get(0),
    )?)
}

/// Renames participant `from` of `doc` to `to` (keeping its attributes and
/// turns). Refuses a name another participant of the document has.
pub fn rename(conn: &Connection, doc: &DocumentId, from: &str, to: &str) -> super::Result<bool> {
    if from != to && find(conn, doc, to)?.is_some() {
        return Err(super::StoreError::Conflict(format!(
            "the document already has a speaker named {to:?}"
        )));
    }
    Ok(conn.execute(
        "UPDATE participants SET name = ?3 WHERE document_id = ?1 AND name = ?2",
        params![doc.0, from, to],
    )? > 0)
}

/// The value of attribute `key` of a participant, if set.
pub fn attribute(
    conn: &Connection,
    who: ParticipantId,
    key: &str,
) -> super::Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM participant_attributes WHERE participant_id = ?1 AND key = ?2",
            params![who.0, key],
            |r| r.get(0),
        )
        .optional()?)
}

/// Whether the participant exists.
pub fn exists(conn: &Connection, who: ParticipantId) -> super::Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM participants WHERE id = ?1", [who.0], |_| {
            Ok(())
        })
        .optional()?
        .is_some())
}

/// How many turns each participant of `doc` speaks.
pub fn turn_counts(
    conn: &Connection,
    doc: &DocumentId,
) -> super::Result<std::collections::HashMap<ParticipantId, usize>> {
    let mut stmt = conn.prepare_cached(
        "SELECT participant_id, count(*) FROM segment_rows
         WHERE document_id = ?1 AND participant_id IS NOT NULL GROUP BY participant_id",
    )?;
    let rows = stmt.query_map([&doc.0], |r| {
        Ok((ParticipantId(r.get(0)?), r.get::<_, i64>(1)? as usize))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
