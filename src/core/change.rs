//! Text changes: a document edit as runs of kept, deleted and inserted chars
//! (the shape of helix's `ChangeSet`), with exact `apply`, `inverse`,
//! `compose`, and the position mapping that makes codings, turns, cursors
//! and selections follow an edit.
//!
//! The rules (issue 12, stated in the README): an edit replaces `[a, b)`
//! with `t` chars.
//! - a coding's **start** `s`: `s < a` stays; `a ≤ s < b` → `a`; `s ≥ b`
//!   shifts; at a pure insertion (`a = b`) `s ≥ a` shifts (typing at a
//!   coding's start does not extend it);
//! - a coding's **end** `e`: `e ≤ a` stays (typing at its end does not
//!   extend it); `a < e ≤ b` → `a + t`; `e > b` shifts;
//! - a **turn** is a container: text typed at either of its ends joins it.
//!
//! Offsets are char offsets, as everywhere in Gloss.

use super::range::CharRange;
use super::text::char_len;
use serde::{Deserialize, Serialize};

/// One run of a change, over chars of the text before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Run {
    /// Keep this many chars.
    #[serde(rename = "k")]
    Keep(usize),
    /// Delete this text (kept so the change can be inverted).
    #[serde(rename = "d")]
    Delete(String),
    /// Insert this text.
    #[serde(rename = "i")]
    Insert(String),
}

/// A change of a whole text: runs covering every char before it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TextChange {
    runs: Vec<Run>,
}

/// How a position at an insertion point moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bias {
    /// A coding's start (and both ends of a zero-length coding): text
    /// inserted at it goes before it; inside replaced text it moves to
    /// where the replacement begins.
    Start,
    /// A coding's end: text inserted at it goes after it; inside replaced
    /// text it moves to after the replacement.
    End,
    /// A turn's start: text typed at it joins the turn.
    TurnStart,
    /// A turn's end: text typed at it joins the turn.
    TurnEnd,
}

/// One replacement, in the offsets of the text before the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// Where it starts before the change.
    pub at: usize,
    /// Where it starts after the change.
    pub new_at: usize,
    /// The text it removes (`b = at + chars(removed)`).
    pub removed: String,
    /// The text it puts there.
    pub inserted: String,
}

impl Hunk {
    pub fn old_range(&self) -> CharRange {
        CharRange::new(self.at, self.at + char_len(&self.removed))
    }

    pub fn new_range(&self) -> CharRange {
        CharRange::new(self.new_at, self.new_at + char_len(&self.inserted))
    }
}

/// Why a change does not fit a text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("the edit is for a text of {expected} characters, the text has {found}")]
    Length { expected: usize, found: usize },
    #[error("the text at {at} is not the text the edit removes")]
    Mismatch { at: usize },
    #[error("offsets {start}..{end} are outside the text ({len} characters)")]
    OutOfBounds {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("start {start} is after end {end}")]
    Reversed { start: usize, end: usize },
}

impl TextChange {
    /// The change that keeps all of a text of `len` chars.
    pub fn identity(len: usize) -> Self {
        let mut c = TextChange::default();
        c.push(Run::Keep(len));
        c
    }

    /// Replaces `[start, end)` of `text` with `insert`.
    pub fn replace(
        text: &str,
        start: usize,
        end: usize,
        insert: &str,
    ) -> Result<Self, ChangeError> {
        let len = char_len(text);
        if start > end {
            return Err(ChangeError::Reversed { start, end });
        }
        if end > len {
            return Err(ChangeError::OutOfBounds { start, end, len });
        }
        let removed = super::text::char_slice(text, CharRange::new(start, end));
        Ok(Self::from_hunk(len, start, removed, insert))
    }

    /// Replaces `removed` at `at` (in a text of `len` chars) with `insert`;
    /// the caller vouches for `removed`.
    pub fn from_hunk(len: usize, at: usize, removed: &str, insert: &str) -> Self {
        let mut c = TextChange::default();
        c.push(Run::Keep(at));
        c.push(Run::Delete(removed.to_string()));
        c.push(Run::Insert(insert.to_string()));
        c.push(Run::Keep(len - at - char_len(removed)));
        c
    }

    /// Builds a change from runs (normalised: empty runs dropped, neighbours
    /// of one kind joined, a delete before an insert at the same place).
    pub fn from_runs(runs: impl IntoIterator<Item = Run>) -> Self {
        let mut c = TextChange::default();
        for r in runs {
            c.push(r);
        }
        c
    }

    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    fn push(&mut self, run: Run) {
        let empty = match &run {
            Run::Keep(n) => *n == 0,
            Run::Delete(s) | Run::Insert(s) => s.is_empty(),
        };
        if empty {
            return;
        }
        match (self.runs.last_mut(), run) {
            (Some(Run::Keep(a)), Run::Keep(b)) => *a += b,
            (Some(Run::Delete(a)), Run::Delete(b)) => a.push_str(&b),
            (Some(Run::Insert(a)), Run::Insert(b)) => a.push_str(&b),
            // Keep deletes before inserts at one place, so equal changes
            // have one form.
            (Some(Run::Insert(_)), Run::Delete(d)) => {
                let ins = self.runs.pop();
                self.push(Run::Delete(d));
                if let Some(ins) = ins {
                    self.runs.push(ins);
                }
            }
            (_, run) => self.runs.push(run),
        }
    }

    /// Chars of the text before the change.
    pub fn len_before(&self) -> usize {
        self.runs
            .iter()
            .map(|r| match r {
                Run::Keep(n) => *n,
                Run::Delete(s) => char_len(s),
                Run::Insert(_) => 0,
            })
            .sum()
    }

    /// Chars of the text after the change.
    pub fn len_after(&self) -> usize {
        self.runs
            .iter()
            .map(|r| match r {
                Run::Keep(n) => *n,
                Run::Insert(s) => char_len(s),
                Run::Delete(_) => 0,
            })
            .sum()
    }

    /// Whether the change leaves the text as it is.
    pub fn is_identity(&self) -> bool {
        self.runs.iter().all(|r| matches!(r, Run::Keep(_)))
    }

    /// The replacements, in order, each with its offsets before and after.
    pub fn hunks(&self) -> Vec<Hunk> {
        let mut out: Vec<Hunk> = Vec::new();
        let (mut old, mut new) = (0, 0);
        let mut open = false;
        for r in &self.runs {
            match r {
                Run::Keep(n) => {
                    old += n;
                    new += n;
                    open = false;
                }
                Run::Delete(s) | Run::Insert(s) => {
                    if !open {
                        out.push(Hunk {
                            at: old,
                            new_at: new,
                            removed: String::new(),
                            inserted: String::new(),
                        });
                        open = true;
                    }
                    let Some(h) = out.last_mut() else { continue };
                    if matches!(r, Run::Delete(_)) {
                        h.removed.push_str(s);
                        old += char_len(s);
                    } else {
                        h.inserted.push_str(s);
                        new += char_len(s);
                    }
                }
            }
        }
        out
    }

    /// The text after the change; refuses a text the change was not made
    /// for (its length, or the text it deletes).
    pub fn apply(&self, text: &str) -> Result<String, ChangeError> {
        let expected = self.len_before();
        let found = char_len(text);
        if expected != found {
            return Err(ChangeError::Length { expected, found });
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        let mut pos = 0;
        for r in &self.runs {
            match r {
                Run::Keep(n) => {
                    let (head, tail) = split_chars(rest, *n);
                    out.push_str(head);
                    rest = tail;
                    pos += n;
                }
                Run::Delete(s) => {
                    let Some(tail) = rest.strip_prefix(s.as_str()) else {
                        return Err(ChangeError::Mismatch { at: pos });
                    };
                    rest = tail;
                    pos += char_len(s);
                }
                Run::Insert(s) => out.push_str(s),
            }
        }
        Ok(out)
    }

    /// The change that undoes this one exactly.
    pub fn inverse(&self) -> TextChange {
        TextChange::from_runs(self.runs.iter().map(|r| match r {
            Run::Keep(n) => Run::Keep(*n),
            Run::Delete(s) => Run::Insert(s.clone()),
            Run::Insert(s) => Run::Delete(s.clone()),
        }))
    }

    /// This change followed by `next` (which applies to this one's result),
    /// as one change.
    pub fn compose(&self, next: &TextChange) -> Result<TextChange, ChangeError> {
        if self.len_after() != next.len_before() {
            return Err(ChangeError::Length {
                expected: next.len_before(),
                found: self.len_after(),
            });
        }
        let mut out = TextChange::default();
        let mut a = self.runs.iter().cloned().map(Some).collect::<Vec<_>>();
        a.reverse();
        let mut b = next.runs.iter().cloned().map(Some).collect::<Vec<_>>();
        b.reverse();
        let mut ha: Option<Run> = a.pop().flatten();
        let mut hb: Option<Run> = b.pop().flatten();
        loop {
            match (ha.take(), hb.take()) {
                (None, None) => break,
                // What the first deletes, the second never sees.
                (Some(Run::Delete(s)), other) => {
                    out.push(Run::Delete(s));
                    hb = other;
                    ha = a.pop().flatten();
                }
                // What the second inserts, the first never had.
                (other, Some(Run::Insert(s))) => {
                    out.push(Run::Insert(s));
                    ha = other;
                    hb = b.pop().flatten();
                }
                (Some(Run::Keep(n)), Some(Run::Keep(m))) => {
                    let k = n.min(m);
                    out.push(Run::Keep(k));
                    ha = (n > k)
                        .then(|| Run::Keep(n - k))
                        .or_else(|| a.pop().flatten());
                    hb = (m > k)
                        .then(|| Run::Keep(m - k))
                        .or_else(|| b.pop().flatten());
                }
                (Some(Run::Keep(n)), Some(Run::Delete(s))) => {
                    let m = char_len(&s);
                    let k = n.min(m);
                    let (head, tail) = split_chars(&s, k);
                    out.push(Run::Delete(head.to_string()));
                    ha = (n > k)
                        .then(|| Run::Keep(n - k))
                        .or_else(|| a.pop().flatten());
                    hb = (m > k)
                        .then(|| Run::Delete(tail.to_string()))
                        .or_else(|| b.pop().flatten());
                }
                (Some(Run::Insert(s)), Some(Run::Keep(m))) => {
                    let n = char_len(&s);
                    let k = n.min(m);
                    let (head, tail) = split_chars(&s, k);
                    out.push(Run::Insert(head.to_string()));
                    ha = (n > k)
                        .then(|| Run::Insert(tail.to_string()))
                        .or_else(|| a.pop().flatten());
                    hb = (m > k)
                        .then(|| Run::Keep(m - k))
                        .or_else(|| b.pop().flatten());
                }
                (Some(Run::Insert(s)), Some(Run::Delete(d))) => {
                    // Inserted, then deleted again: nothing.
                    let (n, m) = (char_len(&s), char_len(&d));
                    let k = n.min(m);
                    let (_, tail_s) = split_chars(&s, k);
                    let (_, tail_d) = split_chars(&d, k);
                    ha = (n > k)
                        .then(|| Run::Insert(tail_s.to_string()))
                        .or_else(|| a.pop().flatten());
                    hb = (m > k)
                        .then(|| Run::Delete(tail_d.to_string()))
                        .or_else(|| b.pop().flatten());
                }
                (None, Some(_)) | (Some(_), None) => {
                    return Err(ChangeError::Length {
                        expected: next.len_before(),
                        found: self.len_after(),
                    })
                }
            }
        }
        Ok(out)
    }

    /// Where `pos` (before the change) is after it.
    pub fn map(&self, pos: usize, bias: Bias) -> usize {
        let (mut old, mut new) = (0usize, 0usize);
        let mut i = 0;
        while i < self.runs.len() {
            match &self.runs[i] {
                Run::Keep(n) => {
                    if pos < old + n {
                        return new + (pos - old);
                    }
                    old += n;
                    new += n;
                    i += 1;
                }
                _ => {
                    // A hunk: deleted d chars at `old`, inserted t at `new`.
                    let (mut d, mut t) = (0, 0);
                    while let Some(r @ (Run::Delete(_) | Run::Insert(_))) = self.runs.get(i) {
                        match r {
                            Run::Delete(s) => d += char_len(s),
                            Run::Insert(s) => t += char_len(s),
                            Run::Keep(_) => {}
                        }
                        i += 1;
                    }
                    if let Some(p) = map_in_hunk(pos, old, d, new, t, bias) {
                        return p;
                    }
                    old += d;
                    new += t;
                }
            }
        }
        // At (or past) the end of the text.
        new + pos.saturating_sub(old)
    }

    /// Maps positions sorted by offset in one pass over the runs (each with
    /// its bias); the result is in the same order.
    pub fn map_sorted(&self, positions: &[(usize, Bias)]) -> Vec<usize> {
        let hunks = self.hunk_spans();
        let mut out = Vec::with_capacity(positions.len());
        let mut h = 0;
        for &(pos, bias) in positions {
            // Hunks wholly before `pos` shift it; stop at the first that
            // could hold it.
            while let Some(&(old, d, _, _)) = hunks.get(h) {
                if old + d < pos
                    || (d > 0 && old + d == pos && matches!(bias, Bias::Start | Bias::TurnStart))
                {
                    h += 1;
                } else {
                    break;
                }
            }
            let (shift_old, shift_new) = if h == 0 {
                (0, 0)
            } else {
                let (old, d, new, t) = hunks[h - 1];
                (old + d, new + t)
            };
            let mapped = match hunks.get(h) {
                Some(&(old, d, new, t)) => map_in_hunk(pos, old, d, new, t, bias),
                None => None,
            };
            out.push(mapped.unwrap_or(shift_new + pos - shift_old));
        }
        out
    }

    /// Each hunk as (old start, chars deleted, new start, chars inserted).
    fn hunk_spans(&self) -> Vec<(usize, usize, usize, usize)> {
        self.hunks()
            .iter()
            .map(|h| (h.at, char_len(&h.removed), h.new_at, char_len(&h.inserted)))
            .collect()
    }

    /// Maps a coding's range: start and end by the coding rules; a
    /// zero-length coding stays a point (both ends by the start rule).
    pub fn map_coding(&self, r: CharRange) -> CharRange {
        if r.is_empty() {
            let p = self.map(r.start, Bias::Start);
            return CharRange::new(p, p);
        }
        let s = self.map(r.start, Bias::Start);
        let e = self.map(r.end, Bias::End);
        CharRange::new(s, e.max(s))
    }

    /// Maps a turn's speech range (a container: it grows at its ends).
    pub fn map_turn(&self, r: CharRange) -> CharRange {
        let s = self.map(r.start, Bias::TurnStart);
        let e = self.map(r.end, Bias::TurnEnd);
        CharRange::new(s, e.max(s))
    }
}

/// `pos` in a hunk at `old` deleting `d` chars and inserting `t` at `new`:
/// its place after, or `None` when it lies after the hunk.
fn map_in_hunk(
    pos: usize,
    old: usize,
    d: usize,
    new: usize,
    t: usize,
    bias: Bias,
) -> Option<usize> {
    if pos < old {
        return None;
    }
    let b = old + d;
    if d == 0 {
        // A pure insertion at `old`.
        if pos != old {
            return None;
        }
        return Some(match bias {
            Bias::Start | Bias::TurnEnd => new + t,
            Bias::End | Bias::TurnStart => new,
        });
    }
    match bias {
        Bias::Start | Bias::TurnStart => (pos < b).then_some(new),
        Bias::End | Bias::TurnEnd => {
            if pos == old {
                Some(new)
            } else if pos <= b {
                Some(new + t)
            } else {
                None
            }
        }
    }
}

/// `s` split after `k` chars.
fn split_chars(s: &str, k: usize) -> (&str, &str) {
    s.split_at(super::text::byte_offset(s, k))
}

#[cfg(test)]
mod tests;
