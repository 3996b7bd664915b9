//! Where a query matched inside a turn: the turn is re-tokenized with the
//! field's analyzer (tantivy stores positions, not offsets), query terms are
//! matched the way the search did, and byte offsets become char offsets.

use super::analyzer;
use crate::core::query::{Clause, Query};
use crate::core::CharRange;
use tantivy::tokenizer::Language;

struct Tok {
    bytes: (usize, usize),
    fold: String,
    stem: Option<String>,
}

/// Char ranges (within `text`) of every match of `q` in `text` (a turn in
/// language `lang`), sorted and merged.
pub fn matches(q: &Query, text: &str, lang: &str) -> Vec<CharRange> {
    let mut fold = analyzer::fold();
    let mut stemmer = match lang {
        "fr" => Some(analyzer::stem_once(Language::French)),
        "en" => Some(analyzer::stem_once(Language::English)),
        _ => None,
    };
    let mut toks: Vec<Tok> = Vec::new();
    {
        let mut stream = fold.token_stream(text);
        stream.process(&mut |t| {
            toks.push(Tok {
                bytes: (t.offset_from, t.offset_to),
                fold: t.text.clone(),
                stem: None,
            })
        });
    }
    if let Some(st) = &mut stemmer {
        let mut stems = Vec::new();
        let mut stream = st.token_stream(text);
        stream.process(&mut |t| stems.push((t.offset_from, t.text.clone())));
        // Same tokenizer, same tokens (the long-word filter is shared).
        for (t, (from, s)) in toks.iter_mut().zip(stems) {
            if t.bytes.0 == from {
                t.stem = Some(s);
            }
        }
    }
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for conj in q.all_of.iter().filter(|c| !c.negated) {
        for clause in &conj.any_of {
            match clause {
                Clause::Word {
                    text: w,
                    prefix,
                    fuzzy,
                } => {
                    let fw = analyzer::analyse_all(&mut fold, w);
                    if fw.len() > 1 {
                        phrase(&toks, &fw, 0, &mut spans);
                        continue;
                    }
                    let Some(fw) = fw.into_iter().next() else {
                        continue;
                    };
                    let sw = stemmer.as_mut().and_then(|s| analyzer::analyse_word(s, w));
                    for t in &toks {
                        let hit = if *prefix {
                            t.fold.starts_with(&fw)
                        } else if let Some(d) = fuzzy {
                            t.fold == fw || edit_distance(&t.fold, &fw) <= usize::from(*d)
                        } else {
                            t.fold == fw || (sw.is_some() && t.stem == sw)
                        };
                        if hit {
                            spans.push(t.bytes);
                        }
                    }
                }
                Clause::Phrase { words, slop } => {
                    let fw = analyzer::analyse_all(&mut fold, &words.join(" "));
                    phrase(&toks, &fw, *slop as usize, &mut spans);
                }
                Clause::Filter { .. } => {}
            }
        }
    }
    spans.sort_unstable();
    spans.dedup();
    // Byte → char offsets in one pass over the turn.
    let mut points: Vec<usize> = spans.iter().flat_map(|s| [s.0, s.1]).collect();
    points.sort_unstable();
    points.dedup();
    let mut map = std::collections::HashMap::new();
    let mut pi = 0;
    for (ci, (b, _)) in text.char_indices().enumerate() {
        while pi < points.len() && points[pi] <= b {
            map.insert(points[pi], ci);
            pi += 1;
        }
    }
    let total = text.chars().count();
    for &p in &points[pi..] {
        map.insert(p, total);
    }
    let bounds: Vec<(usize, usize)> = spans.iter().map(|(a, b)| (map[a], map[b])).collect();
    let mut out: Vec<CharRange> = Vec::new();
    for (a, b) in bounds {
        match out.last_mut() {
            Some(last) if a <= last.end => last.end = last.end.max(b),
            _ => out.push(CharRange::new(a, b)),
        }
    }
    out
}

/// Spans of `words` appearing in order, each within `slop` extra positions.
fn phrase(toks: &[Tok], words: &[String], slop: usize, spans: &mut Vec<(usize, usize)>) {
    if words.is_empty() {
        return;
    }
    for (i, t) in toks.iter().enumerate() {
        if t.fold != words[0] {
            continue;
        }
        let mut found = vec![i];
        let mut gaps = 0;
        let mut j = i;
        let mut ok = true;
        for w in &words[1..] {
            let mut k = j + 1;
            loop {
                match toks.get(k) {
                    Some(t2) if &t2.fold == w => break,
                    Some(_) if gaps < slop => {
                        gaps += 1;
                        k += 1;
                    }
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                break;
            }
            found.push(k);
            j = k;
        }
        if ok {
            spans.extend(found.iter().map(|&k| toks[k].bytes));
        }
    }
}

/// Levenshtein distance with adjacent transpositions counting one (as the
/// index's fuzzy query with `transposition_cost_one`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::query::parse;
    use crate::core::text::char_slice;

    fn found(q: &str, text: &str, lang: &str) -> Vec<String> {
        let q = parse(q).expect("query");
        matches(&q, text, lang)
            .into_iter()
            .map(|r| char_slice(text, r).to_string())
            .collect()
    }

    #[test]
    fn highlights_exactly_the_matched_words() {
        let t = "Les frais scolaires 👩🏽‍🌾 coûtent cher ; l'école, les écoles.";
        assert_eq!(
            found("\"frais scolaires\"", t, "fr"),
            ["frais", "scolaires"]
        );
        assert_eq!(found("ecole", t, "fr"), ["école", "écoles"]);
        assert_eq!(found("ECOLE", t, "en"), ["école"]);
        assert_eq!(found("cout*", t, "fr"), ["coûtent"]);
        assert_eq!(found("chre~1", t, "fr"), ["cher"]);
        assert_eq!(found("\"frais cher\"~3", t, "fr"), ["frais", "cher"]);
        assert!(found("\"frais cher\"~1", t, "fr").is_empty());
        assert!(found("frais -cher speaker:P1", t, "fr") == ["frais"]);
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("ecole", "ecoel"), 1);
        assert_eq!(edit_distance("watoto", "watotto"), 1);
        assert_eq!(edit_distance("a", "abc"), 2);
    }
}
