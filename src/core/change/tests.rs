//! The editing rules as annotated strings (as helix writes its tests): `[`
//! and `]` mark a coding in the text, `|` a zero-length one; an edit is
//! applied and the codings must be where the expected string marks them.

use super::*;
use proptest::prelude::*;

/// Text and coding ranges of an annotated string.
fn parse(annotated: &str) -> (String, Vec<CharRange>) {
    let mut text = String::new();
    let mut open = Vec::new();
    let mut ranges = Vec::new();
    let mut pos = 0;
    for c in annotated.chars() {
        match c {
            '[' => open.push(pos),
            ']' => {
                let s = open.pop().expect("unbalanced ]");
                ranges.push(CharRange::new(s, pos));
            }
            '|' => ranges.push(CharRange::new(pos, pos)),
            _ => {
                text.push(c);
                pos += 1;
            }
        }
    }
    assert!(open.is_empty(), "unbalanced [ in {annotated}");
    ranges.sort();
    (text, ranges)
}

/// The annotated form of a text with coding ranges.
fn render(text: &str, ranges: &[CharRange]) -> String {
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    for i in 0..=chars.len() {
        for r in ranges {
            if r.is_empty() && r.start == i {
                out.push('|');
            } else if !r.is_empty() && r.end == i {
                out.push(']');
            }
        }
        for r in ranges {
            if !r.is_empty() && r.start == i {
                out.push('[');
            }
        }
        if let Some(c) = chars.get(i) {
            out.push(*c);
        }
    }
    out
}

/// Replaces `[a, b)` of the (plain) text with `insert` and renders where
/// the codings went.
fn edit(annotated: &str, a: usize, b: usize, insert: &str) -> String {
    let (text, ranges) = parse(annotated);
    let change = TextChange::replace(&text, a, b, insert).expect("edit fits");
    let after = change.apply(&text).expect("applies");
    let mapped: Vec<CharRange> = ranges.iter().map(|r| change.map_coding(*r)).collect();
    render(&after, &mapped)
}

#[test]
fn the_notation_round_trips() {
    let s = "P1: [les frais] scolaires|";
    let (text, ranges) = parse(s);
    assert_eq!(text, "P1: les frais scolaires");
    assert_eq!(ranges, [CharRange::new(4, 13), CharRange::new(23, 23)]);
    assert_eq!(render(&text, &ranges), s);
}

#[test]
fn typing_at_a_codings_edges_does_not_extend_it() {
    // At its start: the new text goes before it.
    assert_eq!(
        edit("P1: [les frais] scolaires", 4, 4, "tous "),
        "P1: tous [les frais] scolaires"
    );
    // At its end: after it.
    assert_eq!(
        edit("P1: [les frais] scolaires", 13, 13, "!"),
        "P1: [les frais]! scolaires"
    );
}

#[test]
fn typing_inside_a_coding_extends_it() {
    assert_eq!(
        edit("P1: [les frais] scolaires", 7, 7, " gros"),
        "P1: [les gros frais] scolaires"
    );
}

#[test]
fn text_before_or_after_a_coding_shifts_or_leaves_it() {
    assert_eq!(
        edit("P1: [les frais] scolaires", 0, 2, "Mama"),
        "Mama: [les frais] scolaires"
    );
    assert_eq!(
        edit("P1: [les frais] scolaires", 14, 23, "du minerval"),
        "P1: [les frais] du minerval"
    );
}

#[test]
fn correcting_words_inside_a_coding_keeps_them_coded() {
    assert_eq!(
        edit("[à Kasulu on paie]", 2, 8, "Kasulo"),
        "[à Kasulo on paie]"
    );
    // Exactly the coded text replaced: the coding covers the replacement.
    assert_eq!(
        edit("à [Kasulu] on paie", 2, 8, "Kasulo"),
        "à [Kasulo] on paie"
    );
    // A coding wholly inside replaced text covers the replacement.
    assert_eq!(
        edit("à Ka[sul]u on paie", 2, 8, "Kasulo"),
        "à [Kasulo] on paie"
    );
}

#[test]
fn a_replacement_across_a_codings_start_begins_it_at_the_replacement() {
    // s in [a, b) → a; e > b shifts.
    assert_eq!(
        edit("les fr[ais scolaires]", 4, 8, "coûts"),
        "les [coûtss scolaires]"
    );
}

#[test]
fn a_replacement_across_a_codings_end_ends_it_after_the_replacement() {
    // a < e ≤ b → a + t.
    assert_eq!(
        edit("[les fr]ais scolaires", 4, 8, "coûts"),
        "[les coûts]s scolaires"
    );
}

#[test]
fn deletions_shrink_or_collapse() {
    // Across the start.
    assert_eq!(edit("les [frais] scolaires", 2, 6, ""), "le[ais] scolaires");
    // Across the end.
    assert_eq!(
        edit("les [frais] scolaires", 7, 10, ""),
        "les [fra]scolaires"
    );
    // Exactly the coding: it collapses to a point (an orphan for ops).
    assert_eq!(edit("les [frais] scolaires", 4, 9, ""), "les | scolaires");
    // A deletion containing it.
    assert_eq!(edit("les [frais] scolaires", 2, 12, ""), "le|olaires");
}

#[test]
fn a_zero_length_coding_stays_a_point() {
    assert_eq!(edit("ab|cd", 2, 2, "XY"), "abXY|cd");
    assert_eq!(edit("ab|cd", 1, 3, "XY"), "a|XYd");
    assert_eq!(edit("ab|cd", 0, 1, ""), "b|cd");
}

#[test]
fn turns_grow_at_both_ends() {
    let text = "P1: oui\n";
    let turn = CharRange::new(4, 7);
    let at_start = TextChange::replace(text, 4, 4, "eh ").expect("fits");
    assert_eq!(at_start.map_turn(turn), CharRange::new(4, 10));
    let at_end = TextChange::replace(text, 7, 7, " merci").expect("fits");
    assert_eq!(at_end.map_turn(turn), CharRange::new(4, 13));
    // And an empty turn takes what is typed into it.
    let empty = TextChange::replace("P1: \n", 4, 4, "oui").expect("fits");
    assert_eq!(empty.map_turn(CharRange::new(4, 4)), CharRange::new(4, 7));
}

#[test]
fn apply_refuses_a_text_it_was_not_made_for() {
    let c = TextChange::replace("abcdef", 1, 3, "X").expect("fits");
    assert_eq!(
        c.apply("abc"),
        Err(ChangeError::Length {
            expected: 6,
            found: 3
        })
    );
    assert_eq!(c.apply("aXXdef"), Err(ChangeError::Mismatch { at: 1 }));
    assert!(matches!(
        TextChange::replace("abc", 2, 5, ""),
        Err(ChangeError::OutOfBounds { .. })
    ));
}

#[test]
fn hunks_report_both_offsets() {
    let c = TextChange::from_runs([
        Run::Keep(2),
        Run::Delete("cd".into()),
        Run::Insert("XYZ".into()),
        Run::Keep(1),
        Run::Insert("!".into()),
        Run::Keep(1),
    ]);
    let h = c.hunks();
    assert_eq!(h.len(), 2);
    assert_eq!((h[0].at, h[0].new_at), (2, 2));
    assert_eq!((h[1].at, h[1].new_at), (5, 6));
    assert_eq!(c.apply("abcdef").expect("applies"), "abXYZe!f");
}

/// A text and a change of it, from random runs.
fn text_and_change() -> impl Strategy<Value = (String, TextChange)> {
    let text = "[a-cé ]{0,30}";
    (
        text,
        proptest::collection::vec((0u8..3, 0usize..6, "[xyzü]{1,4}"), 0..8),
    )
        .prop_map(|(text, ops)| {
            let chars: Vec<char> = text.chars().collect();
            let mut runs = Vec::new();
            let mut pos = 0;
            for (kind, n, ins) in ops {
                let n = n.min(chars.len() - pos);
                match kind {
                    0 => runs.push(Run::Keep(n)),
                    1 => runs.push(Run::Delete(chars[pos..pos + n].iter().collect())),
                    _ => {
                        runs.push(Run::Insert(ins));
                        continue;
                    }
                }
                pos += n;
            }
            runs.push(Run::Keep(chars.len() - pos));
            (text, TextChange::from_runs(runs))
        })
}

/// A second change of `text` (random replacement).
fn replace_in(text: &str, a: usize, b: usize, ins: &str) -> TextChange {
    let len = char_len(text);
    let (a, b) = (a.min(len), b.min(len));
    let (a, b) = (a.min(b), a.max(b));
    TextChange::replace(text, a, b, ins).expect("in bounds")
}

proptest! {
    #[test]
    fn inverse_undoes_apply((text, c) in text_and_change()) {
        let after = c.apply(&text).expect("applies");
        prop_assert_eq!(c.len_after(), char_len(&after));
        prop_assert_eq!(c.inverse().apply(&after).expect("inverse applies"), text);
    }

    #[test]
    fn compose_is_applying_one_after_the_other(
        (text, c) in text_and_change(), a in 0usize..40, b in 0usize..40, ins in "[pq]{0,3}",
    ) {
        let mid = c.apply(&text).expect("applies");
        let d = replace_in(&mid, a, b, &ins);
        let both = c.compose(&d).expect("composes");
        prop_assert_eq!(both.apply(&text).expect("applies"), d.apply(&mid).expect("applies"));
        prop_assert_eq!(both.inverse().apply(&d.apply(&mid).expect("applies")).expect("applies"), text);
    }

    #[test]
    fn mapping_is_monotone_in_bounds_and_sorted_mapping_agrees((text, c) in text_and_change()) {
        let len_after = c.len_after();
        for bias in [Bias::Start, Bias::End, Bias::TurnStart, Bias::TurnEnd] {
            let mut last = 0;
            let positions: Vec<(usize, Bias)> = (0..=char_len(&text)).map(|p| (p, bias)).collect();
            let sorted = c.map_sorted(&positions);
            for (i, &(p, _)) in positions.iter().enumerate() {
                let m = c.map(p, bias);
                prop_assert!(m >= last, "not monotone at {} ({:?})", p, bias);
                prop_assert!(m <= len_after);
                prop_assert_eq!(m, sorted[i]);
                last = m;
            }
        }
    }

    #[test]
    fn a_coding_outside_every_edit_keeps_its_text(
        (text, c) in text_and_change(), s in 0usize..30, l in 0usize..10,
    ) {
        let len = char_len(&text);
        let r = CharRange::new(s.min(len), (s + l).min(len));
        let touched = c.hunks().iter().any(|h| {
            let o = h.old_range();
            // Text replaced inside it, or inserted strictly inside it;
            // insertions at its edges stay outside.
            o.start < r.end && (r.start < o.end || o.start > r.start)
        });
        prop_assume!(!touched);
        let after = c.apply(&text).expect("applies");
        let m = c.map_coding(r);
        prop_assert_eq!(
            crate::core::text::char_slice(&after, m),
            crate::core::text::char_slice(&text, r)
        );
    }
}
