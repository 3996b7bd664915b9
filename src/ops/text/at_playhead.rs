//! Turn edits of transcription mode, timed by the playhead: a new turn
//! started where the recording is (`Enter`, `Alt-1`…`Alt-9`), ending the
//! one before it there. One revision each, undone like any turn edit.

use super::{invalid, split_at, text_edit, DocText};
use crate::core::change::TextChange;
use crate::core::history::{EditKind, TextEdit, TurnPlace};
use crate::core::text::char_len;
use crate::core::turn_label;
use crate::core::{CharRange, TurnRecord};
use crate::store::{edits, Store};

/// Starts a new turn at `time_ms` (the playhead; `None` without audio):
/// the turn holding `at` ends there (its end time becomes `time_ms`) and
/// the speech after `at` becomes a new turn of `speaker` (`None`: the same
/// speaker), stamped `time_ms` in its label. In a document with no turns yet (transcribing from nothing), the
/// first turn is made after whatever text there is.
pub fn plan_new_turn(
    store: &Store,
    dt: &DocText,
    at: usize,
    speaker: Option<&str>,
    time_ms: Option<u64>,
) -> crate::ops::Result<TextEdit> {
    if let Some(s) = speaker {
        if s.trim().is_empty() || s.contains(['\n', ':']) {
            return Err(invalid(format!("{s:?} cannot be a speaker's name")));
        }
    }
    if dt.turns.is_empty() {
        return first_turn(store, dt, speaker, time_ms);
    }
    split_at(
        store,
        dt,
        at,
        speaker,
        time_ms,
        EditKind::NewTurn,
        ": move the cursor into a turn",
    )
}

/// The first turn of a document that has none: after the text there is
/// (a title), separated by a blank line. Typed while listening, so it is
/// verified.
fn first_turn(
    store: &Store,
    dt: &DocText,
    speaker: Option<&str>,
    time_ms: Option<u64>,
) -> crate::ops::Result<TextEdit> {
    let len = dt.len();
    let gap = if dt.text.is_empty() || dt.text.ends_with("\n\n") {
        ""
    } else if dt.text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let label = turn_label::new_label("", None, speaker, time_ms);
    let inserted = format!("{gap}{label}");
    let change = TextChange::from_hunk(len, len, "", &inserted);
    let start = len + char_len(&inserted);
    let turn = TurnRecord {
        id: edits::next_turn_id(store.conn())?,
        ordinal: 0,
        range: CharRange::new(start, start),
        speaker: speaker.map(str::to_string),
        time_ms,
        end_ms: None,
        verified: true,
    };
    let turns = vec![TurnPlace {
        id: turn.id,
        before: None,
        after: Some(turn),
    }];
    text_edit(store, dt, EditKind::NewTurn, change, turns)
}
