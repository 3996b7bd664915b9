//! Turn edits of transcription mode, timed by the playhead: a new turn
//! started where the recording is (`Enter`, `Alt-1`…`Alt-9`), ending the
//! one before it there. One revision each, undone like any turn edit.

use super::{invalid, moved, separator, text_edit, DocText};
use crate::core::change::TextChange;
use crate::core::history::{EditKind, TextEdit, TurnPlace};
use crate::core::text::{char_len, char_slice};
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
    let Some(i) = dt
        .turns
        .iter()
        .position(|t| t.range.start <= at && at <= t.range.end)
    else {
        return Err(invalid(format!(
            "offset {at} is not inside a turn's speech: move the cursor into a turn"
        )));
    };
    dt.check_edit(at, at)?;
    let turn = &dt.turns[i];
    // The spaces around the cut go: neither turn ends or starts with them.
    let chars: Vec<char> = char_slice(&dt.text, turn.range).chars().collect();
    let local = at - turn.range.start;
    let blank = |c: &char| *c == ' ' || *c == '\t';
    let wb = chars[..local].iter().rev().take_while(|c| blank(c)).count();
    let wa = chars[local..].iter().take_while(|c| blank(c)).count();
    let (a, b) = (at - wb, at + wa);
    let label = char_slice(&dt.text, dt.label_of(i)).to_string();
    let new_label = turn_label::new_label(
        &label,
        turn.speaker.as_deref(),
        speaker.or(turn.speaker.as_deref()),
        time_ms,
    );
    let inserted = format!("{}{}", separator(dt, i), new_label);
    let t = char_len(&inserted);
    let removed = char_slice(&dt.text, CharRange::new(a, b));
    let change = TextChange::from_hunk(dt.len(), a, removed, &inserted);
    let id = edits::next_turn_id(store.conn())?;
    let mut first = turn.clone();
    first.range = CharRange::new(turn.range.start, a);
    // A turn ends where the next begins, unless the playhead went back
    // before the turn's own start (then its end is unknown).
    first.end_ms = time_ms.filter(|&e| turn.time_ms.is_none_or(|s| s <= e));
    let second = TurnRecord {
        id,
        ordinal: turn.ordinal + 1,
        range: CharRange::new(a + t, turn.range.end - (b - a) + t),
        speaker: speaker.map(str::to_string).or_else(|| turn.speaker.clone()),
        time_ms,
        end_ms: turn.end_ms.filter(|&e| time_ms.is_none_or(|t| e >= t)),
        verified: turn.verified,
    };
    let turns = vec![
        TurnPlace {
            id: turn.id,
            before: Some(moved(turn, &change)),
            after: Some(first),
        },
        TurnPlace {
            id,
            before: None,
            after: Some(second),
        },
    ];
    text_edit(store, dt, EditKind::NewTurn, change, turns)
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
