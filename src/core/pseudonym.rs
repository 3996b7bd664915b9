//! Pseudonymisation: replacing the names in a replacement map ("key") by
//! their pseudonyms, and checking a text for any name left. Pure: the map
//! file is parsed in `formats::export::map`; nothing here reads files.
//!
//! Matching is whole-word, case-insensitive and Unicode-aware: text and
//! names are compared after folding (canonical decomposition, combining
//! marks dropped, lowercase, curly apostrophes made straight, any run of
//! white space made one space), so `Kolwézi`, `KOLWEZI` and `Kolwe\u{301}zi`
//! all match the entry `Kolwezi`, and `Mama\nNeema` matches `Mama Neema`.
//!
//! Accents still tell names apart: `Grace` and `Grâce` are two entries,
//! with their own replacements. A name in the text goes to the entry with
//! its own spelling (case aside, composed or not) first; only a spelling
//! that no entry has exactly (`Gracé`, `GRACE` with no `Grace` entry) falls
//! back to folding, and when several entries fold alike the first of them
//! in the map wins.
//! A name inside a longer word is never replaced (`Amani` is not replaced
//! in `Amanifu`; `P1` not in `P12`), while punctuation around it does not
//! prevent a match (`Neema's`, `(Neema)`). Where entries overlap, the
//! longest match at a position wins (`Mama Neema` before `Neema`). Variants
//! (spellings, nicknames) are extra entries with the same replacement.
//! Replacement is one pass: a pseudonym is never itself searched again.

use std::collections::HashMap;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// One row of a replacement map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapEntry {
    pub original: String,
    pub replacement: String,
    pub category: Option<String>,
    /// Line of the map file (for messages that must not print the name).
    pub line: usize,
}

/// A text folded for matching, with the byte offset in the original text
/// where each folded char starts.
struct Folded {
    chars: Vec<char>,
    origin: Vec<usize>,
    len: usize,
}

fn fold_char(c: char, out: &mut Vec<char>) {
    let mut push = |d: char| {
        if is_combining_mark(d) {
            return;
        }
        let d = match d {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' => '\'',
            d if d.is_whitespace() => ' ',
            d => d,
        };
        out.extend(d.to_lowercase().filter(|l| !is_combining_mark(*l)));
    };
    decompose_canonical(c, &mut push);
}

fn fold(s: &str) -> Folded {
    let mut chars = Vec::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len());
    let mut buf = Vec::new();
    for (at, c) in s.char_indices() {
        buf.clear();
        fold_char(c, &mut buf);
        for &f in &buf {
            if f == ' ' && chars.last() == Some(&' ') {
                continue;
            }
            chars.push(f);
            origin.push(at);
        }
    }
    Folded {
        chars,
        origin,
        len: s.len(),
    }
}

/// The folded form of a name, trimmed (what two spellings share).
pub fn fold_name(s: &str) -> String {
    let f: String = fold(s).chars.into_iter().collect();
    f.trim().to_string()
}

/// A name as spelt, up to case, composition, apostrophes and white space:
/// what makes two map entries the same name (`Grace` = `GRACE`, but not
/// `Grâce`).
pub fn spelling_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        decompose_canonical(c, &mut |d: char| {
            let d = match d {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' => '\'',
                d if d.is_whitespace() => ' ',
                d => d,
            };
            if d == ' ' && (out.ends_with(' ') || out.is_empty()) {
                return;
            }
            out.extend(d.to_lowercase());
        });
    }
    out.trim_end().to_string()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// A replacement map ready to apply.
#[derive(Debug, Clone, Default)]
pub struct Pseudonymizer {
    entries: Vec<MapEntry>,
    /// Folded originals, by entry.
    folded: Vec<Vec<char>>,
    /// Spelling keys of the originals, by entry ([`spelling_key`]).
    spelt: Vec<String>,
    /// Entry indices by the first folded char, longest first.
    by_first: HashMap<char, Vec<usize>>,
}

impl Pseudonymizer {
    /// Builds the matcher. Entries whose folded original is empty are
    /// ignored (the map parser refuses them).
    pub fn new(entries: Vec<MapEntry>) -> Pseudonymizer {
        let folded: Vec<Vec<char>> = entries
            .iter()
            .map(|e| fold_name(&e.original).chars().collect())
            .collect();
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, f) in folded.iter().enumerate() {
            if let Some(&c) = f.first() {
                by_first.entry(c).or_default().push(i);
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(folded[i].len()));
        }
        let spelt = entries.iter().map(|e| spelling_key(&e.original)).collect();
        Pseudonymizer {
            entries,
            folded,
            spelt,
            by_first,
        }
    }

    pub fn entries(&self) -> &[MapEntry] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every match in `text`: (byte range in `text`, entry index), left to
    /// right, longest first at each position, never overlapping.
    fn matches(&self, text: &str) -> Vec<(std::ops::Range<usize>, usize)> {
        let mut out = Vec::new();
        if self.entries.is_empty() || text.is_empty() {
            return out;
        }
        let f = fold(text);
        let n = f.chars.len();
        let mut i = 0;
        while i < n {
            let c = f.chars[i];
            let found = self.by_first.get(&c).and_then(|cands| {
                cands.iter().copied().find(|&e| {
                    let name = &self.folded[e];
                    let end = i + name.len();
                    if end > n || f.chars[i..end] != name[..] {
                        return false;
                    }
                    let starts_word = name.first().copied().is_some_and(is_word);
                    let ends_word = name.last().copied().is_some_and(is_word);
                    let before_ok = !starts_word || i == 0 || !is_word(f.chars[i - 1]);
                    let after_ok = !ends_word || end == n || !is_word(f.chars[end]);
                    before_ok && after_ok
                })
            });
            match found {
                Some(first) => {
                    let end = i + self.folded[first].len();
                    let from = f.origin[i];
                    let to = f.origin.get(end).copied().unwrap_or(f.len);
                    // Entries folding alike: the one spelt as the text is.
                    let e = self.same_fold(c, first, text.get(from..to).unwrap_or(""));
                    out.push((from..to, e));
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Of the entries whose folded original equals that of `first` (they
    /// come after it in `by_first[c]`, in map order), the one spelt like
    /// `found`, else `first`.
    fn same_fold(&self, c: char, first: usize, found: &str) -> usize {
        let Some(cands) = self.by_first.get(&c) else {
            return first;
        };
        let alike: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&e| self.folded[e] == self.folded[first])
            .collect();
        if alike.len() < 2 {
            return first;
        }
        let key = spelling_key(found);
        alike
            .into_iter()
            .find(|&e| self.spelt[e] == key)
            .unwrap_or(first)
    }

    /// `text` with every mapped name replaced by its pseudonym.
    pub fn apply(&self, text: &str) -> String {
        let found = self.matches(text);
        if found.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for (r, e) in found {
            out.push_str(text.get(last..r.start).unwrap_or(""));
            out.push_str(&self.entries[e].replacement);
            last = r.end;
        }
        out.push_str(text.get(last..).unwrap_or(""));
        out
    }

    /// Indices of the entries whose original still occurs in `text`.
    pub fn remaining(&self, text: &str) -> Vec<usize> {
        let mut hit: Vec<usize> = self.matches(text).into_iter().map(|(_, e)| e).collect();
        hit.sort_unstable();
        hit.dedup();
        hit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(rows: &[(&str, &str)]) -> Pseudonymizer {
        Pseudonymizer::new(
            rows.iter()
                .enumerate()
                .map(|(i, (o, r))| MapEntry {
                    original: o.to_string(),
                    replacement: r.to_string(),
                    category: None,
                    line: i + 1,
                })
                .collect(),
        )
    }

    #[test]
    fn whole_words_case_insensitive() {
        let p = map(&[("Amani", "[P07]")]);
        assert_eq!(
            p.apply("Amani said: AMANI, amani! Amani's mother."),
            "[P07] said: [P07], [P07]! [P07]'s mother."
        );
        // Inside a longer word: never.
        assert_eq!(p.apply("Amanifu Kiamani amanii"), "Amanifu Kiamani amanii");
        assert_eq!(p.apply("(Amani)"), "([P07])");
    }

    #[test]
    fn accents_and_decomposed_forms() {
        let p = map(&[("Kolwezi", "[SITE-1]"), ("Bénédicte", "[P02]")]);
        assert_eq!(p.apply("à Kolwézi, KOLWEZI"), "à [SITE-1], [SITE-1]");
        // e + combining acute, as some tools write it.
        assert_eq!(p.apply("Kolwe\u{301}zi."), "[SITE-1].");
        assert_eq!(p.apply("Benedicte et BÉNÉDICTE"), "[P02] et [P02]");
        // An accented letter is part of the word: no match inside "Bénédictée".
        assert_eq!(p.apply("Bénédictée"), "Bénédictée");
        // A word ending in an accented letter is whole.
        let q = map(&[("José", "[P3]")]);
        assert_eq!(q.apply("José, Josée, josé"), "[P3], Josée, [P3]");
    }

    #[test]
    fn longest_match_first_and_variants() {
        let p = map(&[
            ("Neema", "Furaha"),
            ("Mama Neema", "Mama Furaha"),
            ("Nema", "Furaha"),
        ]);
        assert_eq!(
            p.apply("Mama Neema saw Neema and Nema. Mama\n  Neema too."),
            "Mama Furaha saw Furaha and Furaha. Mama Furaha too."
        );
    }

    #[test]
    fn replacement_is_one_pass() {
        let p = map(&[("Neema", "Amani"), ("Amani", "Zawadi")]);
        assert_eq!(p.apply("Neema and Amani"), "Amani and Zawadi");
        // The check finds what the map would leave behind.
        assert_eq!(p.remaining(&p.apply("Neema")), vec![1]);
    }

    #[test]
    fn digits_and_apostrophes() {
        let p = map(&[("P1", "R1"), ("N'Dri", "[P9]")]);
        assert_eq!(p.apply("P1, P12, p1"), "R1, P12, R1");
        assert_eq!(p.apply("N’Dri came"), "[P9] came");
    }

    #[test]
    fn remaining_reports_entries() {
        let p = map(&[("Amani", "x"), ("Kolwezi", "y"), ("Neema", "z")]);
        assert_eq!(p.remaining("Amani went to kolwézi"), vec![0, 1]);
        assert!(p.remaining("Amanifu").is_empty());
        assert!(p.remaining("").is_empty());
    }

    #[test]
    fn non_ascii_lowercase_changes_length() {
        // 'İ' lowercases to two chars: offsets must still map back.
        let p = map(&[("Ali", "[A]")]);
        assert_eq!(p.apply("İstanbul Ali İ Ali"), "İstanbul [A] İ [A]");
    }

    #[test]
    fn accents_tell_names_apart_exact_spelling_first() {
        let p = map(&[("Grace", "Respondent A"), ("Grâce", "Note-taker N")]);
        assert_eq!(
            p.apply("Grace, Grâce, GRACE, GRÂCE, Gra\u{302}ce."),
            "Respondent A, Note-taker N, Respondent A, Note-taker N, Note-taker N."
        );
        // A spelling no entry has falls back to folding: the first such entry.
        assert_eq!(p.apply("Gracé"), "Respondent A");
        let q = map(&[("Grâce", "Note-taker N"), ("Grace", "Respondent A")]);
        assert_eq!(
            q.apply("Gracé Grace Grâce"),
            "Note-taker N Respondent A Note-taker N"
        );
        // Alone, an entry still finds every folded spelling.
        let r = map(&[("Grâce", "N")]);
        assert_eq!(r.apply("Grace GRACE grâce"), "N N N");
        // Longest first still holds across accents.
        let t = map(&[("Grâce", "N"), ("Grace Mutombo", "[NGO-LEAD]")]);
        assert_eq!(t.apply("Grâce Mutombo; Grâce"), "[NGO-LEAD]; N");
        assert_eq!(
            spelling_key("  GRA\u{302}CE  N’Dri "),
            spelling_key("grâce n'dri")
        );
        assert_ne!(spelling_key("grâce"), spelling_key("grace"));
    }

    #[test]
    fn empty_map_is_identity() {
        let p = Pseudonymizer::default();
        assert_eq!(p.apply("Amani"), "Amani");
    }
}
