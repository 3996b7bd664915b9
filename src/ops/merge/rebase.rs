//! Merging two lines of edits of one text (pure: no store). From a common
//! base, `ours` (the edits here) and `theirs` (the other copy's) are split
//! into hunks; hunks that overlap — the same characters changed on both
//! sides, or two insertions at one place — form a conflict unless both
//! sides made the same change. Their hunks on text nobody else changed are
//! applied here; at a conflict ours is kept. The result says how to change
//! our text (`ours_to_merged`) and how to map a position of their text onto
//! the merged text (`theirs_to_merged`), so their codings land on the same
//! words.

use crate::core::change::{Run, TextChange};
use crate::core::text::{char_len, CharIndex};
use crate::core::CharRange;

/// A place both sides changed differently (ours kept).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Conflict {
    /// Where it is in the merged text (char offset).
    pub at: usize,
    /// The text as it was before either edit.
    pub base: String,
    /// Our version (kept).
    pub ours: String,
    /// Their version (not applied).
    pub theirs: String,
}

/// How their text maps onto ours, and what of theirs is applied.
#[derive(Debug, Clone)]
pub struct Rebased {
    /// Changes our current text into the merged text (their edits applied).
    pub ours_to_merged: TextChange,
    /// Changes their text into the merged text (maps their codings).
    pub theirs_to_merged: TextChange,
    /// Their text of every conflict (their offsets): a coding lying inside
    /// one has no words of its own in the merged text.
    pub conflict_regions: Vec<CharRange>,
    pub conflicts: Vec<Conflict>,
    /// Their hunks applied here.
    pub applied: usize,
    /// Hunks both sides made alike.
    pub same: usize,
}

struct Hunk {
    ours: bool,
    at: usize,
    len: usize,
    inserted: String,
}

/// `base` changed by `ours` and by `theirs` (both made for `base`).
pub fn rebase(base: &str, ours: &TextChange, theirs: &TextChange) -> Rebased {
    rebase_with(base, ours, theirs, true)
}

/// [`rebase`] applying none of their hunks: each one ours did not make
/// alike is a conflict (ours kept). For a copy whose edits changed the
/// turns (split, join, a speaker): applied as text, they would leave labels
/// inside speech with no turn of their own.
pub fn rebase_keeping_ours(base: &str, ours: &TextChange, theirs: &TextChange) -> Rebased {
    rebase_with(base, ours, theirs, false)
}

fn rebase_with(base: &str, ours: &TextChange, theirs: &TextChange, take_theirs: bool) -> Rebased {
    let mut hunks: Vec<Hunk> = Vec::new();
    for (side, c) in [(true, ours), (false, theirs)] {
        for h in c.hunks() {
            hunks.push(Hunk {
                ours: side,
                at: h.at,
                len: char_len(&h.removed),
                inserted: h.inserted,
            });
        }
    }
    // Points before ranges at one offset, so an insertion at a deletion's
    // start stays apart from it.
    hunks.sort_by_key(|h| (h.at, h.len, !h.ours));
    // Groups of overlapping hunks: (lo, hi, hunks).
    let mut groups: Vec<(usize, usize, Vec<Hunk>)> = Vec::new();
    for h in hunks {
        let joins = match groups.last() {
            Some((lo, hi, _)) => h.at < *hi || (h.len == 0 && lo == hi && h.at == *lo),
            None => false,
        };
        if joins {
            if let Some(g) = groups.last_mut() {
                g.1 = g.1.max(h.at + h.len);
                g.2.push(h);
            }
        } else {
            groups.push((h.at, h.at + h.len, vec![h]));
        }
    }
    let idx = CharIndex::new(base);
    let slice = |a: usize, b: usize| idx.slice(base, CharRange::new(a, b)).to_string();
    // The group's text with one side's hunks applied.
    let version = |lo: usize, hi: usize, hs: &[&Hunk]| {
        let mut out = String::new();
        let mut pos = lo;
        for h in hs {
            out.push_str(&slice(pos, h.at));
            out.push_str(&h.inserted);
            pos = h.at + h.len;
        }
        out.push_str(&slice(pos, hi));
        out
    };
    let mut y: Vec<Run> = Vec::new();
    let mut x: Vec<Run> = Vec::new();
    let mut r = Rebased {
        ours_to_merged: TextChange::default(),
        theirs_to_merged: TextChange::default(),
        conflict_regions: Vec::new(),
        conflicts: Vec::new(),
        applied: 0,
        same: 0,
    };
    let (mut prev, mut tpos, mut mpos) = (0usize, 0usize, 0usize);
    for (lo, hi, hs) in &groups {
        let gap = lo - prev;
        y.push(Run::Keep(gap));
        x.push(Run::Keep(gap));
        tpos += gap;
        mpos += gap;
        let mine: Vec<&Hunk> = hs.iter().filter(|h| h.ours).collect();
        let theirs_h: Vec<&Hunk> = hs.iter().filter(|h| !h.ours).collect();
        let ov = version(*lo, *hi, &mine);
        let tv = version(*lo, *hi, &theirs_h);
        let bt = slice(*lo, *hi);
        let (ol, tl) = (char_len(&ov), char_len(&tv));
        if theirs_h.is_empty() {
            y.push(Run::Keep(ol));
            x.push(Run::Delete(bt));
            x.push(Run::Insert(ov));
        } else if mine.is_empty() && take_theirs {
            y.push(Run::Delete(bt));
            y.push(Run::Insert(tv));
            x.push(Run::Keep(tl));
            r.applied += theirs_h.len();
        } else if ov == tv {
            y.push(Run::Keep(ol));
            x.push(Run::Keep(tl));
            r.same += theirs_h.len();
        } else {
            y.push(Run::Keep(ol));
            x.push(Run::Delete(tv.clone()));
            x.push(Run::Insert(ov.clone()));
            r.conflict_regions.push(CharRange::new(tpos, tpos + tl));
            r.conflicts.push(Conflict {
                at: mpos,
                base: bt,
                ours: ov,
                theirs: tv,
            });
        }
        let merged_len = if !theirs_h.is_empty() && mine.is_empty() && take_theirs {
            tl
        } else {
            ol
        };
        tpos += tl;
        mpos += merged_len;
        prev = *hi;
    }
    let rest = char_len(base) - prev;
    y.push(Run::Keep(rest));
    x.push(Run::Keep(rest));
    r.ours_to_merged = TextChange::from_runs(y);
    r.theirs_to_merged = TextChange::from_runs(x);
    r
}

/// Where one of their codings goes in the merged text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapped {
    At(CharRange),
    /// It cannot be placed on words of its own: kept as an orphan with the
    /// text it had, at `at`.
    Orphan {
        at: usize,
        text: String,
        why: &'static str,
    },
}

/// Maps a range of their text (`theirs`) through `change` onto the merged
/// text (`merged`). With `exact` false (a mapping found by a diff, not by
/// the edit log), a coding whose words differ afterwards is orphaned
/// rather than trusted.
pub fn map_range(
    change: &TextChange,
    conflicts: &[CharRange],
    theirs: (&str, &CharIndex),
    merged: (&str, &CharIndex),
    r: CharRange,
    exact: bool,
) -> Mapped {
    let to = change.map_coding(r);
    if r.is_empty() {
        return Mapped::At(to);
    }
    let text = theirs.1.slice(theirs.0, r).to_string();
    if conflicts
        .iter()
        .any(|c| c.start <= r.start && r.end <= c.end)
    {
        return Mapped::Orphan {
            at: to.start,
            text,
            why: "both copies changed its text differently (ours kept)",
        };
    }
    if to.is_empty() {
        return Mapped::Orphan {
            at: to.start,
            text,
            why: "its text was deleted here",
        };
    }
    if !exact && merged.1.slice(merged.0, to) != text {
        return Mapped::Orphan {
            at: to.start,
            text,
            why: "its text differs here and no edit log relates the copies",
        };
    }
    Mapped::At(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(text: &str, from: &str, to: &str) -> TextChange {
        let b = text.find(from).expect("needle");
        let a = char_len(text.split_at(b).0);
        TextChange::replace(text, a, a + char_len(from), to).expect("change")
    }

    #[test]
    fn edits_in_different_places_both_apply_and_a_conflict_keeps_ours() {
        let base = "à Kasulu on paie les frais. Oui, le minerval. Fin.";
        let ours = edit(base, "Kasulu", "Kasulo");
        let ours_text = ours.apply(base).expect("ours");
        let ours = ours
            .compose(&edit(&ours_text, "Fin", "Terminé"))
            .expect("c");
        let ours_text = ours.apply(base).expect("ours");
        let theirs = edit(base, "le minerval", "les minervals");
        let t1 = theirs.apply(base).expect("t");
        let theirs = theirs.compose(&edit(&t1, "Fin", "Fini")).expect("c");
        let theirs_text = theirs.apply(base).expect("theirs");
        let r = rebase(base, &ours, &theirs);
        assert_eq!(r.applied, 1);
        assert_eq!(r.conflicts.len(), 1);
        assert_eq!(r.conflicts[0].ours, "Terminé");
        assert_eq!(r.conflicts[0].theirs, "Fini");
        let merged = r.ours_to_merged.apply(&ours_text).expect("merged");
        assert_eq!(
            merged,
            "à Kasulo on paie les frais. Oui, les minervals. Terminé."
        );
        assert_eq!(r.theirs_to_merged.apply(&theirs_text).expect("x"), merged);
        let (ti, mi) = (CharIndex::new(&theirs_text), CharIndex::new(&merged));
        let at = |t: &str, n: &str| {
            let b = t.find(n).expect("n");
            let a = char_len(t.split_at(b).0);
            CharRange::new(a, a + char_len(n))
        };
        for (needle, want) in [
            ("les frais", Some("les frais")),
            ("les minervals", Some("les minervals")),
            ("Kasulu on", Some("Kasulo on")),
            ("Fini", None),
        ] {
            let m = map_range(
                &r.theirs_to_merged,
                &r.conflict_regions,
                (&theirs_text, &ti),
                (&merged, &mi),
                at(&theirs_text, needle),
                true,
            );
            match (m, want) {
                (Mapped::At(to), Some(w)) => assert_eq!(mi.slice(&merged, to), w),
                (Mapped::Orphan { text, .. }, None) => assert_eq!(text, needle),
                (m, w) => panic!("{needle}: {m:?}, wanted {w:?}"),
            }
        }
    }

    #[test]
    fn the_same_edit_on_both_sides_is_no_conflict_and_an_older_copy_maps_forward() {
        let base = "P1: Kasulu, oui.";
        let ours = edit(base, "Kasulu", "Kasulo");
        let r = rebase(base, &ours, &ours);
        assert_eq!((r.applied, r.same, r.conflicts.len()), (0, 1, 0));
        assert!(r.ours_to_merged.is_identity());
        let r = rebase(base, &ours, &TextChange::identity(char_len(base)));
        assert_eq!(r.theirs_to_merged, ours);
        assert!(r.ours_to_merged.is_identity());
    }

    #[test]
    fn insertions_at_one_place_conflict_unless_equal() {
        let base = "ab";
        let ours = TextChange::replace(base, 1, 1, "x").expect("c");
        let theirs = TextChange::replace(base, 1, 1, "y").expect("c");
        let r = rebase(base, &ours, &theirs);
        assert_eq!(r.conflicts.len(), 1);
        assert_eq!(r.ours_to_merged.apply("axb").expect("m"), "axb");
        // An insertion at the start of a deletion on the other side is not
        // the same characters: both apply.
        let theirs = TextChange::replace(base, 1, 2, "").expect("c");
        let r = rebase(base, &ours, &theirs);
        assert!(r.conflicts.is_empty());
        assert_eq!(r.ours_to_merged.apply("axb").expect("m"), "ax");
    }

    use proptest::prelude::*;

    /// A text and a change of it made of up to three replacements.
    fn change_of(base: &str, edits: &[(usize, usize, String)]) -> TextChange {
        let mut text = base.to_string();
        let mut total = TextChange::identity(char_len(base));
        for (a, len, ins) in edits {
            let n = char_len(&text);
            let a = (*a).min(n);
            let b = (a + len).min(n);
            let c = TextChange::replace(&text, a, b, ins).expect("replace");
            text = c.apply(&text).expect("apply");
            total = total.compose(&c).expect("compose");
        }
        total
    }

    fn edits() -> impl Strategy<Value = Vec<(usize, usize, String)>> {
        prop::collection::vec((0usize..30, 0usize..4, "[xyé]{0,3}"), 0..3)
    }

    proptest! {
        #[test]
        fn both_ways_reach_one_merged_text_and_untouched_words_keep_their_text(
            base in "[abc 🙂]{0,30}", a in edits(), b in edits(),
        ) {
            let ours = change_of(&base, &a);
            let theirs = change_of(&base, &b);
            let ours_text = ours.apply(&base).expect("ours");
            let theirs_text = theirs.apply(&base).expect("theirs");
            let r = rebase(&base, &ours, &theirs);
            let merged = r.ours_to_merged.apply(&ours_text).expect("merged from ours");
            prop_assert_eq!(&r.theirs_to_merged.apply(&theirs_text).expect("from theirs"), &merged);
            // Their hunks that were applied appear in the merged text;
            // with nothing of ours, the merged text is theirs.
            if ours.is_identity() {
                prop_assert_eq!(&merged, &theirs_text);
                prop_assert!(r.conflicts.is_empty());
            }
            if theirs.is_identity() {
                prop_assert_eq!(&merged, &ours_text);
            }
            // A range of their text outside every change of either side
            // keeps exactly its text.
            let (ti, mi) = (CharIndex::new(&theirs_text), CharIndex::new(&merged));
            let n = char_len(&theirs_text);
            for s in 0..n {
                for e in s + 1..=n.min(s + 4) {
                    let range = CharRange::new(s, e);
                    let touched = r.theirs_to_merged.hunks().iter().any(|h| {
                        let o = h.old_range();
                        o.start < e && s < o.end.max(o.start + 1)
                    });
                    if touched {
                        continue;
                    }
                    if let Mapped::At(to) = map_range(
                        &r.theirs_to_merged,
                        &r.conflict_regions,
                        (&theirs_text, &ti),
                        (&merged, &mi),
                        range,
                        true,
                    ) {
                        prop_assert_eq!(mi.slice(&merged, to), ti.slice(&theirs_text, range));
                    } else {
                        prop_assert!(false, "an untouched range was orphaned");
                    }
                }
            }
        }
    }
}
