//! Typed transcripts: speaker labels and timestamps in free text
//! (`--format text`), and verbatim paragraphs (`--format plain`).
//!
//! The parser works on the text as it is (offsets are into that text) and
//! is a line-based state machine: a line that opens with an accepted speaker
//! label starts a turn; every other line continues the current turn. Label
//! candidates are found per line, then accepted or rejected with file-level
//! evidence (how often the label occurs, whether it has a timestamp, whether
//! it looks like the other labels), so that prose such as
//! `The point is this: we…` or `Note: …` is not mistaken for a speaker.

use super::time::parse_clock;
use crate::core::{CharRange, SegmentDraft};
use std::collections::{HashMap, HashSet};

/// A label found by another importer (docx bold runs, table rows), which the
/// text parser accepts without further checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hint {
    pub speaker: String,
    /// Char column in the line where the content starts.
    pub content_col: usize,
    pub time_ms: Option<u64>,
}

/// What the text parser found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Turns {
    pub segments: Vec<SegmentDraft>,
    pub warnings: Vec<String>,
}

/// Words that open prose, not turns (`Note: …`, `Honestly: …`, `Donc : …`).
/// `Question`/`Answer`/`Q`/`A` are *not* here: in interview transcripts they
/// are used as speaker labels and are accepted like any other label.
const STOP_WORDS: &[&str] = &[
    "note",
    "notes",
    "nb",
    "n.b",
    "ps",
    "p.s",
    "example",
    "examples",
    "e.g",
    "eg",
    "i.e",
    "ie",
    "exemple",
    "remarque",
    "attention",
    "important",
    "warning",
    "caution",
    "tip",
    "edit",
    "update",
    "yes",
    "no",
    "so",
    "well",
    "honestly",
    "because",
    "but",
    "and",
    "or",
    "then",
    "now",
    "also",
    "however",
    "actually",
    "basically",
    "anyway",
    "ok",
    "okay",
    "oh",
    "um",
    "uh",
    "like",
    "really",
    "sure",
    "right",
    "look",
    "listen",
    "see",
    "first",
    "second",
    "third",
    "finally",
    "firstly",
    "secondly",
    "lastly",
    "result",
    "results",
    "reason",
    "problem",
    "solution",
    "oui",
    "non",
    "donc",
    "mais",
    "alors",
    "bon",
    "bref",
    "enfin",
    "parce",
    "ensuite",
    "puis",
    "voilà",
    "voila",
    "et",
    "ou",
    "car",
    "ainsi",
    "aussi",
    "franchement",
    "exemple",
    "ndlr",
    "bien",
    "ndt",
    "source",
    "sources",
    "subject",
    "objet",
    "re",
    "fw",
    "fwd",
    "tel",
    "tél",
    "phone",
    "email",
    "e-mail",
    "mail",
    "web",
    "http",
    "https",
    "www",
    "ftp",
    "total",
    "summary",
    "résumé",
    "resume",
    "conclusion",
    "introduction",
    "context",
    "contexte",
    "definition",
    "définition",
    "quote",
    "citation",
    "warning",
    "danger",
    "todo",
    "fixme",
    "ndr",
    "hint",
    "ratio",
    "score",
    "step",
    "étape",
    "ndlt",
    "info",
    "infos",
    "fyi",
    "asante",
    "ndiyo",
    "hapana",
    "sasa",
    // header fields above a transcript
    "date",
    "time",
    "heure",
    "lieu",
    "location",
    "place",
    "durée",
    "duration",
    "project",
    "projet",
    "titre",
    "title",
    "file",
    "fichier",
    "transcriber",
    "transcripteur",
    "transcription",
    "audio",
    "recording",
    "enregistrement",
    "language",
    "langue",
    "topic",
    "thème",
    "theme",
    "keywords",
    "mots-clés",
    "version",
    "page",
];

/// Role words: a label made of one of these is accepted even if it occurs
/// only once.
const ROLE_WORDS: &[&str] = &[
    "interviewer",
    "interviewee",
    "interviewerin",
    "moderator",
    "moderatrice",
    "modérateur",
    "modératrice",
    "facilitator",
    "facilitatrice",
    "facilitateur",
    "respondent",
    "répondant",
    "répondante",
    "enquêteur",
    "enquêtrice",
    "enqueteur",
    "enquetrice",
    "enquêté",
    "enquêtée",
    "participant",
    "participante",
    "speaker",
    "locuteur",
    "locutrice",
    "intervenant",
    "intervenante",
    "chercheur",
    "chercheuse",
    "researcher",
    "interpreter",
    "interprète",
    "translator",
    "traducteur",
    "traductrice",
    "note-taker",
    "notetaker",
    "host",
    "guest",
    "befragte",
    "befragter",
    "sprecher",
    "sprecherin",
    "mtafiti",
    "mhojiwa",
    "unknown",
];

/// The typographic shape of a label, used to judge labels seen only once
/// against the labels that recur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Shape {
    /// Ends with a number: `P3`, `S01`, `Speaker 1`, `SPEAKER_00`.
    Code,
    /// All letters upper-case: `FACILITATRICE`, `R`, `INT`.
    Upper,
    /// Every word capitalised: `Interviewer`, `Grace Mutombo`.
    Title,
    /// Anything else (`the point is this`): accepted only when repeated.
    Other,
}

#[derive(Debug, Clone)]
struct Cand {
    speaker: String,
    /// Column where the content starts on the label line; `None` when the
    /// label stands alone and the turn starts on the next lines.
    content_col: Option<usize>,
    time_ms: Option<u64>,
    /// Found with structure that prose does not have (timestamp, Otter or
    /// Rev layout, `[label]:`, a hint): accepted unless its shape is `Other`.
    strong: bool,
    hint: bool,
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

fn skip_ws(l: &[char], mut i: usize) -> usize {
    while l.get(i).is_some_and(|c| is_space(*c)) {
        i += 1;
    }
    i
}

fn collect(l: &[char], from: usize, to: usize) -> String {
    l.get(from..to.min(l.len()))
        .map(|s| s.iter().collect())
        .unwrap_or_default()
}

/// Normalises a label for counting: inner runs of any space → one space,
/// lower case.
fn label_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Speaker as stored: trimmed, inner NBSP/narrow NBSP runs made one space.
fn clean_label(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Syntactic test for a speaker label (without the colon): short, starts
/// with a letter, no sentence punctuation, not a discourse word.
pub(crate) fn label_ok(s: &str) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    if n == 0 || n > 40 {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() > 5 {
        return false;
    }
    if !s.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    if s.ends_with('.') || s.ends_with('-') {
        return false;
    }
    let ok_chars = s.chars().all(|c| {
        c.is_alphanumeric() || is_space(c) || matches!(c, '_' | '-' | '\'' | '’' | '.' | '/')
    });
    if !ok_chars {
        return false;
    }
    // A '.' only in abbreviations like `Dr. Mwamba`, `M. Kabila`.
    for w in &words {
        if let Some(p) = w.find('.') {
            let before = w.get(..p).unwrap_or("");
            if before.chars().count() > 3 || w.get(p + 1..).is_some_and(|r| !r.is_empty()) {
                return false;
            }
        }
    }
    let lower = s.to_lowercase();
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    if STOP_WORDS.contains(&lower.as_str()) || STOP_WORDS.contains(&first.as_str()) {
        return false;
    }
    true
}

fn shape(s: &str) -> Shape {
    let s = s.trim();
    let trimmed_digits = s.trim_end_matches(|c: char| c.is_ascii_digit());
    if trimmed_digits.len() < s.len() {
        let head = trimmed_digits.trim_end_matches([' ', '_', '-', '\u{a0}']);
        if !head.is_empty()
            && head.split_whitespace().count() <= 1
            && head.chars().all(char::is_alphabetic)
        {
            return Shape::Code;
        }
    }
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    if !letters.is_empty() && letters.iter().all(|c| !c.is_lowercase()) {
        return Shape::Upper;
    }
    const PARTICLES: &[&str] = &[
        "de", "du", "des", "la", "le", "van", "von", "der", "den", "wa", "bin", "binti", "da",
        "di", "dos", "el", "al", "y", "ya",
    ];
    let title = s
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase) || PARTICLES.contains(&w));
    if title {
        Shape::Title
    } else {
        Shape::Other
    }
}

/// A discourse word that opens prose rather than a turn.
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

fn is_role(s: &str) -> bool {
    let key = label_key(s);
    let first = key.split(' ').next().unwrap_or("");
    ROLE_WORDS.contains(&key.as_str()) || ROLE_WORDS.contains(&first)
}

/// A timestamp token at `i`: `[t]`, `(t)`, `{t}`, `#t#` or a bare `t`
/// followed by a space or the end of line. Returns (ms, index after it).
fn time_token(l: &[char], i: usize) -> Option<(u64, usize)> {
    let open = *l.get(i)?;
    let close = match open {
        '[' => Some(']'),
        '(' => Some(')'),
        '{' => Some('}'),
        '#' => Some('#'),
        _ => None,
    };
    if let Some(close) = close {
        let rel = l.iter().skip(i + 1).take(16).position(|&c| c == close)?;
        let inner = collect(l, i + 1, i + 1 + rel);
        let ms = parse_clock(&inner)?;
        return Some((ms, i + rel + 2));
    }
    if !open.is_ascii_digit() {
        return None;
    }
    let mut j = i;
    while l
        .get(j)
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | ','))
    {
        j += 1;
    }
    if l.get(j).is_some_and(|c| !is_space(*c)) {
        return None;
    }
    let tok = collect(l, i, j);
    let ms = parse_clock(tok.trim_end_matches(['.', ',']))?;
    Some((ms, j))
}

/// `Name:` at `i`, the colon followed by a space or the end of line.
/// Returns (label, index of the content start or line end).
fn label_colon(l: &[char], i: usize) -> Option<(String, usize, bool)> {
    if l.get(i) == Some(&'[') {
        // `[SPEAKER_00]: text`
        let rel = l.iter().skip(i + 1).take(42).position(|&c| c == ']')?;
        let close = i + 1 + rel;
        let inner = collect(l, i + 1, close);
        let j = skip_ws(l, close + 1);
        if l.get(j) != Some(&':') || !label_ok(&inner) {
            return None;
        }
        if l.get(j + 1).is_some_and(|c| !is_space(*c)) {
            return None;
        }
        return Some((clean_label(&inner), skip_ws(l, j + 1), true));
    }
    let rel = l.iter().skip(i).take(44).position(|&c| c == ':')?;
    let colon = i + rel;
    if l.get(colon + 1).is_some_and(|c| !is_space(*c)) {
        return None;
    }
    let label = collect(l, i, colon);
    if !label_ok(&label) {
        return None;
    }
    Some((clean_label(&label), skip_ws(l, colon + 1), false))
}

/// Otter / Teams: `Name  0:15` (two or more spaces, then a clock, alone on
/// the line), also `Name   10:32 AM` (time of day: no time kept).
fn otter(l: &[char]) -> Option<Cand> {
    let mut end = l.len();
    while end > 0 && l.get(end - 1).is_some_and(|c| is_space(*c)) {
        end -= 1;
    }
    let line = collect(l, 0, end);
    let (body, ampm) = match line
        .strip_suffix(" AM")
        .or_else(|| line.strip_suffix(" PM"))
    {
        Some(b) => (b.to_string(), true),
        None => (line.clone(), false),
    };
    let tok_start = body.rfind(|c: char| !(c.is_ascii_digit() || c == ':'))? + 1;
    let tok = body.get(tok_start..)?;
    let ms = parse_clock(tok)?;
    let before = body.get(..tok_start)?;
    let name = before.trim_end();
    let gap = before.chars().count() - name.chars().count();
    if gap < 2 || !label_ok(name) {
        return None;
    }
    Some(Cand {
        speaker: clean_label(name),
        content_col: None,
        time_ms: (!ampm).then_some(ms),
        strong: true,
        hint: false,
    })
}

/// Rev: `Speaker 1 (00:15):` with the text after the colon or on the next
/// lines; also without the colon when the line ends there.
fn rev(l: &[char], i: usize) -> Option<Cand> {
    let rel = l.iter().skip(i).take(44).position(|&c| c == '(')?;
    let open = i + rel;
    let name = collect(l, i, open);
    if !name.ends_with(char::is_whitespace) || !label_ok(&name) {
        return None;
    }
    let (ms, after) = time_token(l, open)?;
    let j = skip_ws(l, after);
    let content_col = match l.get(j) {
        Some(':') => {
            if l.get(j + 1).is_some_and(|c| !is_space(*c)) {
                return None;
            }
            Some(skip_ws(l, j + 1))
        }
        None => None,
        Some(_) => return None,
    };
    Some(Cand {
        speaker: clean_label(&name),
        content_col,
        time_ms: Some(ms),
        strong: true,
        hint: false,
    })
}

/// Markdown: `**Name:** text` or `**Name**: text` (also with `__`).
fn markdown_bold(l: &[char], i: usize) -> Option<Cand> {
    let mark = *l.get(i)?;
    if !(mark == '*' || mark == '_') || l.get(i + 1) != Some(&mark) {
        return None;
    }
    let from = i + 2;
    let rel = (from..(from + 44).min(l.len()))
        .find(|&k| l.get(k) == Some(&mark) && l.get(k + 1) == Some(&mark))?;
    let inner = collect(l, from, rel);
    let mut after = rel + 2;
    let label = if let Some(x) = inner.trim_end().strip_suffix(':') {
        x.to_string()
    } else if l.get(after) == Some(&':') {
        after += 1;
        inner
    } else {
        return None;
    };
    if l.get(after).is_some_and(|c| !is_space(*c)) || !label_ok(&label) {
        return None;
    }
    Some(Cand {
        speaker: clean_label(&label),
        content_col: Some(skip_ws(l, after)),
        time_ms: None,
        strong: true,
        hint: false,
    })
}

/// The label candidate a line opens with, if any.
fn detect(l: &[char]) -> Option<Cand> {
    let i = skip_ws(l, 0);
    if i >= l.len() {
        return None;
    }
    // Leading timestamp: `[00:12:31] Name: text`, `00:12:31 Name` …
    if let Some((ms, after)) = time_token(l, i) {
        let mut j = skip_ws(l, after);
        if matches!(l.get(j), Some('-' | '–' | '—')) && l.get(j + 1).is_some_and(|c| is_space(*c))
        {
            j = skip_ws(l, j + 1);
        }
        if let Some((speaker, col, _)) = label_colon(l, j) {
            return Some(Cand {
                speaker,
                content_col: Some(col),
                time_ms: Some(ms),
                strong: true,
                hint: false,
            });
        }
        let rest = collect(l, j, l.len());
        let rest = rest.trim();
        if !rest.is_empty() && label_ok(rest) && rest.split_whitespace().count() <= 4 {
            return Some(Cand {
                speaker: clean_label(rest),
                content_col: None,
                time_ms: Some(ms),
                strong: true,
                hint: false,
            });
        }
        return None;
    }
    if let Some(c) = markdown_bold(l, i) {
        return Some(c);
    }
    if let Some(c) = otter(l) {
        return Some(c);
    }
    if let Some(c) = rev(l, i) {
        return Some(c);
    }
    let (speaker, col, bracketed) = label_colon(l, i)?;
    Some(Cand {
        speaker,
        content_col: Some(col),
        time_ms: None,
        strong: bracketed,
        hint: false,
    })
}

/// A Dresing-Pehl stamp `#00:03:22-0#` ending the line: (ms, column of `#`).
fn end_stamp(l: &[char]) -> Option<(u64, usize)> {
    let mut end = l.len();
    while end > 0 && l.get(end - 1).is_some_and(|c| is_space(*c)) {
        end -= 1;
    }
    if end == 0 || l.get(end - 1) != Some(&'#') {
        return None;
    }
    let close = end - 1;
    let open = (close.saturating_sub(16)..close)
        .rev()
        .find(|&k| l.get(k) == Some(&'#'))?;
    let ms = parse_clock(&collect(l, open + 1, close))?;
    if open > 0 && !l.get(open - 1).is_some_and(|c| is_space(*c)) {
        return None;
    }
    Some((ms, open))
}

/// Known boilerplate that ends a turn but is no speech: Otter's footer,
/// Teams' "X started/stopped transcription".
fn is_boilerplate(line: &str) -> bool {
    let t = line.trim().to_lowercase();
    (t.starts_with("transcribed by") && t.contains("otter.ai"))
        || (t.chars().count() < 100
            && (t.ends_with("started transcription") || t.ends_with("stopped transcription")))
}

/// Char lines of `text`: (start offset, chars) for each `\n`-separated line.
fn lines_of(text: &str) -> Vec<(usize, Vec<char>)> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    for line in text.split('\n') {
        let chars: Vec<char> = line.chars().collect();
        let n = chars.len();
        out.push((pos, chars));
        pos += n + 1;
    }
    out
}

/// Parses speaker turns. `hints` (by line index) are labels found by
/// another importer and are always accepted; `breaks` are lines that end the
/// current turn without starting one (e.g. a docx table's header row).
/// Returns no segments when no label is accepted (the caller then falls back
/// to paragraphs).
pub(crate) fn parse_turns(
    text: &str,
    hints: &HashMap<usize, Hint>,
    breaks: &HashSet<usize>,
) -> Turns {
    let lines = lines_of(text);
    let mut turns = Turns::default();

    let cands: Vec<Option<Cand>> = lines
        .iter()
        .enumerate()
        .map(|(n, (_, l))| {
            if let Some(h) = hints.get(&n) {
                return Some(Cand {
                    speaker: h.speaker.clone(),
                    content_col: Some(h.content_col),
                    time_ms: h.time_ms,
                    strong: true,
                    hint: true,
                });
            }
            detect(l)
        })
        .collect();

    let mut counts: HashMap<String, usize> = HashMap::new();
    for c in cands.iter().flatten() {
        *counts.entry(label_key(&c.speaker)).or_default() += 1;
    }
    let repeated_shapes: HashSet<Shape> = cands
        .iter()
        .flatten()
        .filter(|c| counts.get(&label_key(&c.speaker)).copied().unwrap_or(0) >= 2)
        .map(|c| shape(&c.speaker))
        .filter(|s| *s != Shape::Other)
        .collect();
    let any_repeated = counts.values().any(|&n| n >= 2);
    // A header block (title, `Date : …`, `Lieu : …`) is the file's first
    // paragraph; its `Field : value` lines look like labels but occur once.
    let header_end = lines
        .iter()
        .position(|(_, l)| l.iter().all(|c| is_space(*c)))
        .filter(|&blank| {
            // Only a header if repeated labels (the real turns) follow it.
            cands
                .iter()
                .skip(blank)
                .flatten()
                .any(|c| counts.get(&label_key(&c.speaker)).copied().unwrap_or(0) >= 2)
        })
        .unwrap_or(0);

    let mut rejected = Vec::new();
    let accepted: Vec<Option<Cand>> = cands
        .into_iter()
        .enumerate()
        .map(|(n, c)| {
            let c = c?;
            let count = counts.get(&label_key(&c.speaker)).copied().unwrap_or(0);
            let sh = shape(&c.speaker);
            let in_header = n < header_end && count < 2 && !c.strong;
            let ok = c.hint
                || !in_header
                    && if sh == Shape::Other {
                        count >= 2
                    } else {
                        c.strong
                            || count >= 2
                            || sh == Shape::Code
                            || is_role(&c.speaker)
                            || !any_repeated
                            || repeated_shapes.contains(&sh)
                    };
            if !ok {
                rejected.push(format!("line {}: \"{}:\"", n + 1, c.speaker));
            }
            ok.then_some(c)
        })
        .collect();

    if accepted.iter().all(Option::is_none) {
        return turns;
    }
    if !rejected.is_empty() {
        let shown: Vec<String> = rejected.iter().take(3).cloned().collect();
        turns.warnings.push(format!(
            "{} label-like line start(s) kept as text (seen once, unlike the other labels): {}{}",
            rejected.len(),
            shown.join(", "),
            if rejected.len() > 3 { ", …" } else { "" }
        ));
    }

    // Dresing-Pehl: stamps at paragraph end give the *next* turn's start.
    let stamps: Vec<Option<(u64, usize)>> = lines.iter().map(|(_, l)| end_stamp(l)).collect();
    let dresing = stamps.iter().flatten().count() >= 1
        && accepted.iter().flatten().all(|c| c.time_ms.is_none());

    // Where each turn must stop: the next label line or boilerplate line.
    let stops: Vec<bool> = lines
        .iter()
        .zip(&accepted)
        .enumerate()
        .map(|(n, ((_, l), c))| {
            c.is_some() || breaks.contains(&n) || is_boilerplate(&l.iter().collect::<String>())
        })
        .collect();

    let mut last_stamp: Option<u64> = None;
    let mut last_time: Option<u64> = None;
    for (n, cand) in accepted.iter().enumerate() {
        let Some(cand) = cand else {
            if let Some(Some((ms, _))) = stamps.get(n) {
                last_stamp = Some(*ms);
            }
            continue;
        };
        // Content start.
        let mut start: Option<(usize, usize)> = None; // (line, col)
        if let (Some(col), Some((_, l))) = (cand.content_col, lines.get(n)) {
            if l.iter().skip(col).any(|c| !is_space(*c)) {
                start = Some((n, col));
            }
        }
        let mut stop_line = n + 1;
        while stop_line < lines.len() && !stops.get(stop_line).copied().unwrap_or(true) {
            stop_line += 1;
        }
        if start.is_none() {
            start = (n + 1..stop_line).find_map(|k| {
                let (_, l) = lines.get(k)?;
                l.iter().position(|c| !is_space(*c)).map(|col| (k, col))
            });
        }
        let time_ms = match cand.time_ms {
            Some(t) => Some(t),
            None if dresing => Some(last_stamp.unwrap_or(0)),
            None => None,
        };
        if let Some(Some((ms, _))) = stamps.get(n) {
            last_stamp = Some(*ms);
        }
        let Some((sl, scol)) = start else { continue };
        // Content end: last non-space char before the stop line, without a
        // trailing Dresing-Pehl stamp.
        let mut end: Option<usize> = None;
        for k in (sl..stop_line).rev() {
            let Some((lstart, l)) = lines.get(k) else {
                continue;
            };
            let from = if k == sl { scol } else { 0 };
            let mut upto = l.len();
            if let Some(Some((_, hash_col))) = stamps.get(k) {
                if *hash_col >= from {
                    upto = *hash_col;
                }
            }
            if let Some(p) = (from..upto)
                .rev()
                .find(|&p| l.get(p).is_some_and(|c| !is_space(*c)))
            {
                end = Some(lstart + p + 1);
                break;
            }
        }
        let (Some((lstart, _)), Some(end)) = (lines.get(sl), end) else {
            continue;
        };
        let start = lstart + scol;
        if end <= start {
            continue;
        }
        if let (Some(t), Some(prev)) = (time_ms, last_time) {
            if t < prev && cand.time_ms.is_some() {
                turns
                    .warnings
                    .push(format!("line {}: timestamp goes backwards", n + 1));
            }
        }
        if time_ms.is_some() {
            last_time = time_ms;
        }
        turns.segments.push(SegmentDraft {
            speaker: Some(cand.speaker.clone()),
            range: CharRange::new(start, end),
            time_ms,
        });
    }
    turns
}

/// One segment per non-empty paragraph (blank-line separated), trimmed,
/// without speaker or time.
pub(crate) fn paragraphs(text: &str) -> Vec<SegmentDraft> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    let mut line_blank = true;
    let mut line_first: Option<usize> = None;
    let mut line_last = 0usize;
    let flush_line = |cur: &mut Option<(usize, usize)>,
                      out: &mut Vec<SegmentDraft>,
                      first: Option<usize>,
                      last: usize| {
        match first {
            Some(f) => {
                let c = cur.get_or_insert((f, last));
                c.1 = last;
            }
            None => {
                if let Some((s, e)) = cur.take() {
                    out.push(SegmentDraft {
                        speaker: None,
                        range: CharRange::new(s, e),
                        time_ms: None,
                    });
                }
            }
        }
    };
    for (pos, c) in text.chars().enumerate() {
        if c == '\n' {
            flush_line(&mut cur, &mut out, line_first, line_last);
            line_first = None;
            line_blank = true;
        } else if !is_space(c) {
            if line_blank {
                line_first = Some(pos);
                line_blank = false;
            }
            line_last = pos + 1;
        }
    }
    flush_line(&mut cur, &mut out, line_first, line_last);
    flush_line(&mut cur, &mut out, None, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speakers(text: &str) -> Vec<String> {
        parse_turns(text, &HashMap::new(), &HashSet::new())
            .segments
            .iter()
            .map(|s| s.speaker.clone().unwrap_or_default())
            .collect()
    }

    #[test]
    fn label_syntax() {
        assert!(label_ok("Interviewer"));
        assert!(label_ok("FACILITATRICE"));
        assert!(label_ok("Dr. Mwamba"));
        assert!(label_ok("Community Relations Officer"));
        assert!(!label_ok("Note"));
        assert!(!label_ok("Honestly"));
        assert!(!label_ok("The point is this, really"));
        assert!(!label_ok("one two three four five six"));
        assert!(!label_ok("14"));
        assert!(!label_ok("Why?"));
        assert_eq!(shape("P3"), Shape::Code);
        assert_eq!(shape("Speaker 1"), Shape::Code);
        assert_eq!(shape("SPEAKER_00"), Shape::Code);
        assert_eq!(shape("FACILITATRICE"), Shape::Upper);
        assert_eq!(shape("Grace Mutombo"), Shape::Title);
        assert_eq!(shape("Elle a dit"), Shape::Other);
    }

    #[test]
    fn header_block_fields_are_not_speakers() {
        let t = "TITRE (FICTIF)\nDate : 21 mars 2026\nLangues : français et swahili\n\n\
                 (00:53) Animatrice: Bonjour.\nParticipante 1: Oui.\n\
                 Animatrice: Merci.\nParticipante 1: Bon.\n";
        assert_eq!(
            speakers(t),
            [
                "Animatrice",
                "Participante 1",
                "Animatrice",
                "Participante 1"
            ]
        );
        // Without a blank line ending it there is no header block: a file of
        // turns from the first line keeps its first turn.
        let t = "Interviewer: Bonjour.\nP1: Oui.\nInterviewer: Merci.\n";
        assert_eq!(speakers(t), ["Interviewer", "P1", "Interviewer"]);
    }

    #[test]
    fn prose_colons_are_not_labels() {
        let t = "Interviewer: Hello.\nAmani: The point is this: we go.\nWell: no.\n\
                 Interviewer: And?\nAmani: Elle a dit : « non ».\nSomething else: yes\n";
        assert_eq!(
            speakers(t),
            vec!["Interviewer", "Amani", "Interviewer", "Amani"]
        );
    }

    #[test]
    fn label_alone_on_its_line_and_markdown() {
        let t = "Interviewer:\nSo how long?\n\n**Amani:** Two years.\n__Interviewer__: Ok.\n";
        let turns = parse_turns(t, &HashMap::new(), &HashSet::new());
        let got: Vec<(String, &str)> = turns
            .segments
            .iter()
            .map(|s| {
                (
                    s.speaker.clone().unwrap_or_default(),
                    crate::core::text::char_slice(t, s.range),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("Interviewer".to_string(), "So how long?"),
                ("Amani".to_string(), "Two years."),
                ("Interviewer".to_string(), "Ok."),
            ]
        );
    }

    #[test]
    fn paragraphs_are_trimmed() {
        let t = "  a b\nc  \n\n\n d\n";
        let p = paragraphs(t);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].range, CharRange::new(2, 7));
        assert_eq!(p[1].range, CharRange::new(13, 14));
    }
}
