//! Words: UAX #29 word boundaries (a segment counts as a word when it holds
//! a letter or digit), and word frequencies — each word NFC-normalised,
//! case-folded, accents folded unless asked to keep them, French elisions
//! split (`l'école`, `l’école` → `l`, `école`), numbers dropped unless
//! asked for, stop words and words shorter than a minimum left out.

use std::collections::{HashMap, HashSet};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// FNV-1a: the keys are words of our own documents, and SipHash is a
/// visible share of counting ten million of them.
#[derive(Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

mod segment;
pub use segment::{for_each_word, word_spans, word_spans_within};

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// How words are normalised and which are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordOptions {
    pub keep_accents: bool,
    pub numbers: bool,
    /// Words shorter than this (in chars, after normalising) are left out.
    pub min_length: usize,
}

impl Default for WordOptions {
    fn default() -> Self {
        WordOptions {
            keep_accents: false,
            numbers: false,
            min_length: 1,
        }
    }
}

/// French elided articles and pronouns, split from the word they lean on.
const ELISIONS: [&str; 13] = [
    "l", "d", "j", "n", "s", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// `word` NFC-normalised, lower-cased, its typographic apostrophes
/// straight, and (unless `keep_accents`) without accents, into `out`.
pub fn normalize_into(word: &str, keep_accents: bool, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    for c in word.nfc() {
        // One apostrophe: `don’t` is `don't`.
        let c = if c == '’' { '\'' } else { c };
        for l in c.to_lowercase() {
            if keep_accents {
                out.push(l);
            } else {
                decompose_canonical(l, |d| {
                    if !is_combining_mark(d) {
                        out.push(d);
                    }
                });
            }
        }
    }
    if !keep_accents {
        // Folding left only base characters; keep the result composed.
        if !out.is_ascii() {
            let composed: String = out.nfc().collect();
            *out = composed;
        }
    }
}

/// The parts of a normalised word: an elided prefix and the rest, or the
/// word itself.
pub fn split_elision(word: &str) -> (Option<&str>, &str) {
    if let Some((i, c)) = word.char_indices().find(|&(_, c)| c == '\'' || c == '’') {
        let (head, tail) = word.split_at(i);
        let rest = tail.get(c.len_utf8()..).unwrap_or("");
        if !rest.is_empty() && ELISIONS.contains(&head) {
            return (Some(head), rest);
        }
    }
    (None, word)
}

/// A stop-word list, normalised as the words it is compared with.
#[derive(Debug, Clone, Default)]
pub struct StopWords {
    words: HashSet<String, std::hash::BuildHasherDefault<Fnv>>,
    /// Unique per parsed list (clones share it; 0: the empty list). A list
    /// never changes once made, so equal ids mean equal lists: what a
    /// [`WordMemo`] keys its answers on.
    id: u64,
}

/// The ids of parsed lists.
static NEXT_LIST: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl StopWords {
    /// One word a line; blank lines and lines starting with `#` ignored.
    pub fn parse(text: &str, keep_accents: bool) -> StopWords {
        let mut words: HashSet<String, std::hash::BuildHasherDefault<Fnv>> = HashSet::default();
        let mut buf = String::new();
        for line in text.lines() {
            let w = line.trim();
            if w.is_empty() || w.starts_with('#') {
                continue;
            }
            normalize_into(w, keep_accents, &mut buf);
            words.insert(buf.clone());
            if keep_accents {
                // A list written without accents still matches its words
                // typed with them only when folded; keep both spellings.
                normalize_into(w, false, &mut buf);
                words.insert(buf.clone());
            }
        }
        let id = if words.is_empty() {
            0
        } else {
            NEXT_LIST.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        };
        StopWords { words, id }
    }

    pub fn contains(&self, w: &str) -> bool {
        self.words.contains(w)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    count: usize,
    documents: usize,
    last_doc: usize,
}

/// Counts of one group (a speaker, an attribute value, a document, or all).
#[derive(Debug, Clone, Default)]
pub struct WordCounter {
    map: FastMap<Box<str>, Entry>,
    total: usize,
}

impl WordCounter {
    #[cfg(test)]
    fn add(&mut self, w: &str, doc: usize) {
        self.total += 1;
        match self.map.get_mut(w) {
            Some(e) => {
                e.count += 1;
                if e.last_doc != doc {
                    e.last_doc = doc;
                    e.documents += 1;
                }
            }
            None => {
                self.map.insert(
                    w.into(),
                    Entry {
                        count: 1,
                        documents: 1,
                        last_doc: doc,
                    },
                );
            }
        }
    }

    /// Adds the counts of `other`, made over other documents.
    pub fn merge(&mut self, other: WordCounter) {
        self.total += other.total;
        for (w, e) in other.map {
            match self.map.get_mut(&w) {
                Some(x) => {
                    x.count += e.count;
                    x.documents += e.documents;
                }
                None => {
                    self.map.insert(w, e);
                }
            }
        }
    }

    /// Adds the counts of `other`, made over the same run of documents as
    /// the counts already here (a document counted on both sides is one
    /// document of the word).
    fn merge_same_documents(&mut self, other: WordCounter) {
        if self.map.is_empty() {
            self.total += other.total;
            self.map = other.map;
            return;
        }
        self.total += other.total;
        for (w, e) in other.map {
            match self.map.get_mut(&w) {
                Some(x) => {
                    x.count += e.count;
                    if x.last_doc == e.last_doc {
                        // Only the last document of each side can be shared.
                        x.documents += e.documents - 1;
                    } else {
                        x.documents += e.documents;
                    }
                    x.last_doc = e.last_doc;
                }
                None => {
                    self.map.insert(w, e);
                }
            }
        }
    }

    /// Words counted.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The most frequent words (count, then word), at most `limit`.
    pub fn top(&self, limit: Option<usize>) -> Vec<WordRow> {
        let mut v: Vec<(&str, Entry)> = self.map.iter().map(|(k, e)| (k.as_ref(), *e)).collect();
        v.sort_unstable_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(b.0)));
        v.truncate(limit.unwrap_or(usize::MAX));
        v.into_iter()
            .map(|(w, e)| WordRow {
                word: w.to_string(),
                count: e.count,
                documents: e.documents,
                share: super::share(e.count as f64, self.total as f64),
            })
            .collect()
    }
}

/// One word of a group.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WordRow {
    pub word: String,
    pub count: usize,
    /// Documents where the group used it.
    pub documents: usize,
    /// count / every word counted in the group.
    pub share: Option<f64>,
}

/// One document to count: its text, and which parts count for which group.
pub struct DocumentWords<'a> {
    pub text: &'a str,
    pub doc: usize,
    /// The speech: `(start, end, group)` sorted and disjoint; a word counts
    /// for the group of the turn holding its first character. Empty: the
    /// whole text counts for `whole`.
    pub turns: &'a [(usize, usize, Option<usize>)],
    pub whole: Option<usize>,
    /// Only words sharing a character with these (sorted disjoint) ranges.
    pub inside: Option<&'a [(usize, usize)]>,
    /// The stop words of the document's language.
    pub stop: &'a StopWords,
    /// Other languages' lists a turn may be in: a turn whose words hold
    /// more stop words of one of these than of `stop` is taken to be in
    /// that language (code-switching; the vote language detection uses).
    pub vote: &'a [StopWords],
}

/// Counts the words of one document into `groups`.
pub fn count_document(groups: &mut [WordCounter], d: &DocumentWords<'_>, opts: &WordOptions) {
    let mut memo = WordMemo::new(*opts);
    memo.count_document(d);
    memo.finish(groups);
}

/// A word type as a [`WordMemo`] knows it: its normalised form, whether it
/// passes the numbers and length filters, which vote lists hold it, and
/// whether the last stop list asked about holds it.
#[derive(Debug, Clone)]
struct WordType {
    word: Box<str>,
    passes: bool,
    /// The vote lists holding it (indices into the documents' `vote`).
    votes: Vec<usize>,
    /// `(list id, holds)`: the stop list last asked and its answer.
    stop: Option<(u64, bool)>,
}

/// Counts per word type of one group (indexed by type id).
#[derive(Debug, Clone, Default)]
struct TypeCounts {
    entries: Vec<Entry>,
    total: usize,
}

/// Word counting over many documents with each distinct segment
/// normalised, split and looked up in the stop lists once: ten million
/// words are a few tens of thousands of distinct segments, so each word
/// costs one hash of its text and a few array updates. The counts go to
/// [`WordCounter`]s at [`WordMemo::finish`]; the figures are those of
/// [`count_document`] word by word (a test checks it).
#[derive(Debug, Clone)]
pub struct WordMemo {
    opts: WordOptions,
    /// Raw segment → its parts (elided prefix, rest) as type ids.
    segments: FastMap<Box<str>, [u32; 2]>,
    types: Vec<WordType>,
    lookup: FastMap<Box<str>, u32>,
    groups: Vec<TypeCounts>,
    /// The ids of the vote lists the types' `votes` refer to.
    vote_ids: Vec<u64>,
}

const NO_TYPE: u32 = u32::MAX;

impl WordMemo {
    /// A memo for these options.
    pub fn new(opts: WordOptions) -> WordMemo {
        WordMemo {
            opts,
            segments: FastMap::default(),
            types: Vec::new(),
            lookup: FastMap::default(),
            groups: Vec::new(),
            vote_ids: Vec::new(),
        }
    }

    fn votes_of(w: &str, vote: &[StopWords]) -> Vec<usize> {
        (0..vote.len()).filter(|&i| vote[i].contains(w)).collect()
    }

    /// Makes the types' vote lists those of `vote` (documents normally
    /// share them; a change means asking every type again).
    fn use_votes(&mut self, vote: &[StopWords]) {
        if self.vote_ids.len() == vote.len()
            && self.vote_ids.iter().zip(vote).all(|(&a, b)| a == b.id)
        {
            return;
        }
        self.vote_ids = vote.iter().map(|v| v.id).collect();
        for t in &mut self.types {
            t.votes = Self::votes_of(&t.word, vote);
        }
    }

    fn type_of(&mut self, w: &str, vote: &[StopWords]) -> u32 {
        if let Some(&id) = self.lookup.get(w) {
            return id;
        }
        let passes = (self.opts.numbers || w.chars().any(char::is_alphabetic))
            && (self.opts.min_length <= 1 || w.chars().count() >= self.opts.min_length);
        let votes = Self::votes_of(w, vote);
        let id = self.types.len() as u32;
        self.types.push(WordType {
            word: w.into(),
            passes,
            votes,
            stop: None,
        });
        self.lookup.insert(w.into(), id);
        id
    }

    fn parts_of(&mut self, seg: &str, vote: &[StopWords], buf: &mut String) -> [u32; 2] {
        if let Some(&p) = self.segments.get(seg) {
            return p;
        }
        normalize_into(seg, self.opts.keep_accents, buf);
        let (head, rest) = split_elision(buf);
        let (head, rest) = (head.map(str::to_string), rest.to_string());
        let parts = [
            head.map_or(NO_TYPE, |h| self.type_of(&h, vote)),
            self.type_of(&rest, vote),
        ];
        self.segments.insert(seg.into(), parts);
        parts
    }

    /// Whether `list` holds type `id` (the answer kept for the last list).
    fn in_stop(&mut self, id: u32, list: &StopWords) -> bool {
        let key = list.id;
        let t = &mut self.types[id as usize];
        match t.stop {
            Some((k, holds)) if k == key => holds,
            _ => {
                let holds = list.contains(&t.word);
                t.stop = Some((key, holds));
                holds
            }
        }
    }

    fn add(&mut self, group: usize, id: u32, doc: usize) {
        if self.groups.len() <= group {
            self.groups.resize(group + 1, TypeCounts::default());
        }
        let g = &mut self.groups[group];
        g.total += 1;
        let i = id as usize;
        if g.entries.len() <= i {
            g.entries.resize(
                (i + 1).max(self.types.len()),
                Entry {
                    count: 0,
                    documents: 0,
                    last_doc: usize::MAX,
                },
            );
        }
        let e = &mut g.entries[i];
        e.count += 1;
        if e.last_doc != doc {
            e.last_doc = doc;
            e.documents += 1;
        }
    }

    /// Counts the words of one document (as [`count_document`] does).
    pub fn count_document(&mut self, d: &DocumentWords<'_>) {
        let mut buf = String::new();
        let mut t = 0;
        let mut k = 0;
        let mut current: Option<usize> = None;
        // The turn's words waiting for its language: (type id, counted).
        let mut pending: Vec<u32> = Vec::new();
        let mut group: Option<usize> = None;
        let mut own = 0usize;
        let mut votes = vec![0usize; d.vote.len()];
        self.use_votes(d.vote);
        let flush = |memo: &mut WordMemo,
                     pending: &mut Vec<u32>,
                     group: Option<usize>,
                     own: &mut usize,
                     votes: &mut [usize]| {
            if let Some(g) = group {
                // The list with the most stop words of the turn (the
                // document's own unless another has strictly more).
                let mut chosen: Option<usize> = None;
                let mut best = *own;
                for (i, &v) in votes.iter().enumerate() {
                    if v > best {
                        best = v;
                        chosen = Some(i);
                    }
                }
                for &id in pending.iter() {
                    let stop = match chosen {
                        None => memo.in_stop(id, d.stop),
                        Some(i) => memo.types[id as usize].votes.contains(&i),
                    };
                    if !stop {
                        memo.add(g, id, d.doc);
                    }
                }
            }
            pending.clear();
            *own = 0;
            votes.iter_mut().for_each(|v| *v = 0);
        };
        for_each_word(d.text, |s, e, seg| {
            let (unit, g) = if d.turns.is_empty() {
                (0, d.whole)
            } else {
                while t < d.turns.len() && d.turns[t].1 <= s {
                    t += 1;
                }
                match d.turns.get(t) {
                    Some(&(ts, _, g)) if ts <= s => (t, g),
                    _ => return,
                }
            };
            if g.is_none() {
                return;
            }
            if current != Some(unit) {
                flush(self, &mut pending, group, &mut own, &mut votes);
                group = g;
                current = Some(unit);
            }
            let counted = match d.inside {
                None => true,
                Some(inside) => {
                    while k < inside.len() && inside[k].1 <= s {
                        k += 1;
                    }
                    k < inside.len() && inside[k].0 < e
                }
            };
            let parts = self.parts_of(seg, d.vote, &mut buf);
            for id in parts {
                if id == NO_TYPE {
                    continue;
                }
                if self.in_stop(id, d.stop) {
                    own += 1;
                }
                let ty = &self.types[id as usize];
                for &i in &ty.votes {
                    if let Some(v) = votes.get_mut(i) {
                        *v += 1;
                    }
                }
                if counted && ty.passes {
                    pending.push(id);
                }
            }
        });
        flush(self, &mut pending, group, &mut own, &mut votes);
    }

    /// Adds the counts made so far to `groups` (by group index), and
    /// forgets them.
    pub fn finish(&mut self, groups: &mut [WordCounter]) {
        for (g, counts) in self.groups.drain(..).enumerate() {
            let Some(out) = groups.get_mut(g) else {
                continue;
            };
            let mut part = WordCounter {
                map: FastMap::default(),
                total: counts.total,
            };
            for (i, e) in counts.entries.into_iter().enumerate() {
                if e.count > 0 {
                    part.map.insert(self.types[i].word.clone(), e);
                }
            }
            out.merge_same_documents(part);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The word-by-word counting WordMemo replaced, kept as the reference its
    // test compares with.
    /// The words of one turn waiting for its language to be known.
    #[derive(Default)]
    struct Pending {
        group: Option<usize>,
        /// Normalised words, end offsets into `text`.
        text: String,
        ends: Vec<usize>,
        own: usize,
        votes: Vec<usize>,
    }

    impl Pending {
        fn flush(&mut self, groups: &mut [WordCounter], d: &DocumentWords<'_>) {
            if let Some(g) = self.group {
                let mut stop = d.stop;
                let mut best = self.own;
                for (i, &v) in self.votes.iter().enumerate() {
                    if v > best {
                        best = v;
                        stop = &d.vote[i];
                    }
                }
                let mut from = 0;
                for &end in &self.ends {
                    let w = self.text.get(from..end).unwrap_or("");
                    from = end;
                    if !stop.contains(w) {
                        groups[g].add(w, d.doc);
                    }
                }
            }
            self.text.clear();
            self.ends.clear();
            self.own = 0;
            self.votes.iter_mut().for_each(|v| *v = 0);
        }
    }

    fn count_document_reference(
        groups: &mut [WordCounter],
        d: &DocumentWords<'_>,
        opts: &WordOptions,
    ) {
        let mut buf = String::new();
        let mut t = 0;
        let mut k = 0;
        let mut current: Option<usize> = None;
        let mut pending = Pending {
            votes: vec![0; d.vote.len()],
            ..Default::default()
        };
        for_each_word(d.text, |s, e, seg| {
            let (unit, group) = if d.turns.is_empty() {
                (0, d.whole)
            } else {
                while t < d.turns.len() && d.turns[t].1 <= s {
                    t += 1;
                }
                match d.turns.get(t) {
                    Some(&(ts, _, g)) if ts <= s => (t, g),
                    _ => return,
                }
            };
            if group.is_none() {
                return;
            }
            if current != Some(unit) {
                pending.flush(groups, d);
                pending.group = group;
                current = Some(unit);
            }
            let counted = match d.inside {
                None => true,
                Some(inside) => {
                    while k < inside.len() && inside[k].1 <= s {
                        k += 1;
                    }
                    k < inside.len() && inside[k].0 < e
                }
            };
            normalize_into(seg, opts.keep_accents, &mut buf);
            let (head, rest) = split_elision(&buf);
            for w in head.into_iter().chain(std::iter::once(rest)) {
                if d.stop.contains(w) {
                    pending.own += 1;
                }
                for (i, list) in d.vote.iter().enumerate() {
                    if list.contains(w) {
                        pending.votes[i] += 1;
                    }
                }
                if !counted {
                    continue;
                }
                if !opts.numbers && !w.chars().any(char::is_alphabetic) {
                    continue;
                }
                if opts.min_length > 1 && w.chars().count() < opts.min_length {
                    continue;
                }
                pending.text.push_str(w);
                pending.ends.push(pending.text.len());
            }
        });
        pending.flush(groups, d);
    }

    use proptest::prelude::*;

    fn counted(text: &str, opts: WordOptions, stop: &str) -> Vec<(String, usize)> {
        let stop = StopWords::parse(stop, opts.keep_accents);
        let mut g = vec![WordCounter::default()];
        count_document(
            &mut g,
            &DocumentWords {
                text,
                doc: 0,
                turns: &[],
                whole: Some(0),
                inside: None,
                stop: &stop,
                vote: &[],
            },
            &opts,
        );
        g[0].top(None)
            .into_iter()
            .map(|r| (r.word, r.count))
            .collect()
    }

    #[test]
    fn elisions_split_with_either_apostrophe_accents_folded() {
        let got = counted(
            "L'école, l’École et l'eau. Jusqu'à 2026 : 3 000 francs!",
            WordOptions::default(),
            "",
        );
        let get = |w: &str| got.iter().find(|(x, _)| x == w).map(|x| x.1);
        assert_eq!(get("l"), Some(3));
        assert_eq!(get("ecole"), Some(2));
        assert_eq!(get("eau"), Some(1));
        assert_eq!(get("jusqu"), Some(1));
        assert_eq!(get("a"), Some(1));
        assert_eq!(get("2026"), None);
        assert_eq!(get("francs"), Some(1));
    }

    #[test]
    fn keep_accents_numbers_min_length_and_stop_words() {
        let opts = WordOptions {
            keep_accents: true,
            numbers: true,
            min_length: 3,
        };
        let got = counted(
            "L'école ECOLE école 2026 le de watoto",
            opts,
            "le\nde\n# comment\n",
        );
        assert_eq!(
            got,
            vec![
                ("école".to_string(), 2),
                ("2026".to_string(), 1),
                ("ecole".to_string(), 1),
                ("watoto".to_string(), 1)
            ]
        );
        // Composed and decomposed é are one word (NFC).
        let got = counted(
            "e\u{301}cole école",
            WordOptions {
                keep_accents: true,
                ..Default::default()
            },
            "",
        );
        assert_eq!(got, vec![("école".to_string(), 2)]);
    }

    #[test]
    fn groups_by_turn_and_only_inside_ranges() {
        let text = "aa bb cc dd ee ff";
        let stop = StopWords::default();
        let mut g = vec![WordCounter::default(), WordCounter::default()];
        count_document(
            &mut g,
            &DocumentWords {
                text,
                doc: 0,
                turns: &[(0, 5, Some(0)), (6, 17, Some(1))],
                whole: None,
                inside: Some(&[(1, 4), (10, 13)]),
                stop: &stop,
                vote: &[],
            },
            &WordOptions::default(),
        );
        let w = |i: usize| -> Vec<String> { g[i].top(None).into_iter().map(|r| r.word).collect() };
        assert_eq!(w(0), ["aa", "bb"]);
        assert_eq!(w(1), ["dd", "ee"]);
        assert_eq!(g[1].top(None)[0].share, Some(0.5));
    }

    #[test]
    fn a_turn_in_another_language_gets_that_language_s_stop_words() {
        let fr = StopWords::parse("le\nde\nla\n", false);
        let en = [StopWords::parse("the\nof\nand\n", false)];
        let text = "le prix de la pierre. the price of the stone and the fees";
        let mut g = vec![WordCounter::default()];
        count_document(
            &mut g,
            &DocumentWords {
                text,
                doc: 0,
                turns: &[(0, 21, Some(0)), (22, 58, Some(0))],
                whole: None,
                inside: None,
                stop: &fr,
                vote: &en,
            },
            &WordOptions::default(),
        );
        let words: Vec<String> = g[0].top(None).into_iter().map(|r| r.word).collect();
        assert_eq!(words, ["fees", "pierre", "price", "prix", "stone"]);
    }

    /// Documents for the memo test: words from a small vocabulary (stop
    /// words of two lists, accents, elisions, numbers, punctuation), turns
    /// in two groups, sometimes only inside ranges.
    /// A document for the memo test: text, turns, inside ranges.
    type MemoDocument = (
        String,
        Vec<(usize, usize, Option<usize>)>,
        Option<Vec<(usize, usize)>>,
    );

    fn memo_documents() -> impl Strategy<Value = Vec<MemoDocument>> {
        let word = proptest::sample::select(vec![
            "le",
            "de",
            "the",
            "of",
            "na",
            "école",
            "École",
            "l'école",
            "l’eau",
            "jusqu'à",
            "2026",
            "3",
            "fees",
            "ada",
            "shule",
            "e\u{301}cole",
            "a",
            "watoto",
            ",",
            ".",
            "\n",
        ]);
        proptest::collection::vec(
            (
                proptest::collection::vec(word, 0..30),
                proptest::collection::vec((0usize..12, 0usize..3), 0..5),
                proptest::option::of(proptest::collection::vec((0usize..20, 0usize..10), 0..4)),
            ),
            1..5,
        )
        .prop_map(|docs| {
            docs.into_iter()
                .map(|(words, raw_turns, raw_inside)| {
                    let text = words.join(" ");
                    let len = text.chars().count();
                    let mut turns = Vec::new();
                    let mut pos = 0;
                    for (l, g) in raw_turns {
                        let e = (pos + l).min(len);
                        turns.push((pos, e, (g < 2).then_some(g)));
                        pos = e + 1;
                    }
                    let inside = raw_inside.map(|v| {
                        let mut out: Vec<(usize, usize)> = Vec::new();
                        let mut pos = 0;
                        for (gap, l) in v {
                            out.push((pos + gap, pos + gap + l + 1));
                            pos += gap + l + 2;
                        }
                        out
                    });
                    (text, turns, inside)
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn memo_counts_as_word_by_word(
            docs in memo_documents(),
            keep_accents in any::<bool>(),
            numbers in any::<bool>(),
            min_length in 1usize..4,
        ) {
            let opts = WordOptions { keep_accents, numbers, min_length };
            let fr = StopWords::parse("le\nde\nl\nà\n", keep_accents);
            let en = StopWords::parse("the\nof\na\n", keep_accents);
            let sw = StopWords::parse("na\nya\n", keep_accents);
            let none = StopWords::default();
            let vote = [fr.clone(), en.clone(), sw.clone()];
            let lists = [fr, en, none];
            let mut reference = vec![WordCounter::default(); 2];
            let mut one_by_one = vec![WordCounter::default(); 2];
            let mut memoised = vec![WordCounter::default(); 2];
            let mut memo = WordMemo::new(opts);
            for (i, (text, turns, inside)) in docs.iter().enumerate() {
                let d = DocumentWords {
                    text,
                    doc: i,
                    turns,
                    whole: turns.is_empty().then_some(i % 2),
                    inside: inside.as_deref(),
                    stop: &lists[i % 3],
                    vote: if i % 4 == 3 { &[] } else { &vote },
                };
                count_document_reference(&mut reference, &d, &opts);
                count_document(&mut one_by_one, &d, &opts);
                memo.count_document(&d);
            }
            memo.finish(&mut memoised);
            for g in 0..2 {
                prop_assert_eq!(reference[g].total(), memoised[g].total());
                prop_assert_eq!(reference[g].top(None), memoised[g].top(None));
                prop_assert_eq!(reference[g].total(), one_by_one[g].total());
                prop_assert_eq!(reference[g].top(None), one_by_one[g].top(None));
            }
        }
    }
}
