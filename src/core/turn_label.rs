//! A turn's label in the text (`[00:03:41] P1 : `): the stretch from the
//! start of its line to the start of its speech. Turn edits (split, speaker,
//! time) rewrite it so the text and the turn table always agree.

use super::range::CharRange;
use super::text::{char_len, char_slice};

/// The label of a turn whose speech starts at `start`: from the start of its
/// line (never before `floor`, the end of the previous turn) to `start`.
pub fn label_range(text: &str, floor: usize, start: usize) -> CharRange {
    let before = char_slice(text, CharRange::new(floor, start));
    let from = match before.rfind('\n') {
        Some(b) => floor + char_len(before.split_at(b).0) + 1,
        None => floor,
    };
    CharRange::new(from, start)
}

/// Where a leading `[hh:mm:ss]` (or `[mm:ss]`, with optional `.mmm`) and the
/// spaces after it are in `label`, in chars.
pub fn time_span(label: &str) -> Option<CharRange> {
    let rest = label.strip_prefix('[')?;
    let (inside, after) = rest.split_once(']')?;
    let ok = !inside.is_empty()
        && inside.contains(':')
        && inside
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.');
    if !ok {
        return None;
    }
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    Some(CharRange::new(0, char_len(inside) + 2 + spaces))
}

/// Where the speaker's name is in `label` (its last occurrence), in chars.
pub fn speaker_span(label: &str, speaker: &str) -> Option<CharRange> {
    if speaker.is_empty() {
        return None;
    }
    let b = label.rfind(speaker)?;
    let s = char_len(label.split_at(b).0);
    Some(CharRange::new(s, s + char_len(speaker)))
}

/// `[hh:mm:ss]` for a time in milliseconds (with `.mmm` when not whole).
pub fn stamp(ms: u64) -> String {
    let (h, m, s, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if frac == 0 {
        format!("[{h:02}:{m:02}:{s:02}]")
    } else {
        format!("[{h:02}:{m:02}:{s:02}.{frac:03}]")
    }
}

/// A label for a new turn of `speaker`, shaped like `model` (the label of
/// the turn it comes from, spoken by `model_speaker`): the same punctuation
/// around the name, a time stamp only when `time_ms` is given.
pub fn new_label(
    model: &str,
    model_speaker: Option<&str>,
    speaker: Option<&str>,
    time_ms: Option<u64>,
) -> String {
    let body = match time_span(model) {
        Some(t) => model.chars().skip(t.end).collect::<String>(),
        None => model.to_string(),
    };
    let mut out = String::new();
    if let Some(ms) = time_ms {
        out.push_str(&stamp(ms));
        out.push(' ');
    }
    match (
        speaker,
        model_speaker.and_then(|m| speaker_span(&body, m).map(|r| (m, r))),
    ) {
        (Some(name), Some((_, r))) => {
            out.extend(body.chars().take(r.start));
            out.push_str(name);
            out.extend(body.chars().skip(r.end));
        }
        (Some(name), None) => {
            out.push_str(name);
            out.push_str(": ");
        }
        (None, _) => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_times_and_names() {
        let text = "Titre\n\n[00:03:41] P1 : Moi, depuis 2019.\n\n[00:04:02] P2 : Moi aussi.";
        let p1 = text
            .find("Moi,")
            .map(|b| char_len(text.split_at(b).0))
            .expect("p1");
        let r = label_range(text, 0, p1);
        assert_eq!(char_slice(text, r), "[00:03:41] P1 : ");
        let label = char_slice(text, r);
        assert_eq!(time_span(label), Some(CharRange::new(0, 11)));
        assert_eq!(speaker_span(label, "P1"), Some(CharRange::new(11, 13)));
        assert_eq!(time_span("P1 : "), None);
        assert_eq!(time_span("[inaudible] "), None);
        assert_eq!(new_label(label, Some("P1"), Some("P3"), None), "P3 : ");
        assert_eq!(
            new_label(label, Some("P1"), Some("P3"), Some(250_500)),
            "[00:04:10.500] P3 : "
        );
        assert_eq!(new_label("", None, Some("Nurse"), None), "Nurse: ");
        assert_eq!(stamp(3_723_000), "[01:02:03]");
    }
}
