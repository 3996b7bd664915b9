//! Recognising a speaker label (and its timestamp) at the start of one line
//! of a typed transcript: the label styles researchers type, the words that
//! open prose rather than turns, and the shape a label has. `text` decides
//! with file-level evidence which candidates become turns.

use super::super::time::parse_clock;

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
pub(super) enum Shape {
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
pub(super) struct Cand {
    pub(super) speaker: String,
    /// Column where the content starts on the label line; `None` when the
    /// label stands alone and the turn starts on the next lines.
    pub(super) content_col: Option<usize>,
    pub(super) time_ms: Option<u64>,
    /// Found with structure that prose does not have (timestamp, Otter or
    /// Rev layout, `[label]:`, a hint): accepted unless its shape is `Other`.
    pub(super) strong: bool,
    pub(super) hint: bool,
}

pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

pub(super) fn skip_ws(l: &[char], mut i: usize) -> usize {
    while l.get(i).is_some_and(|c| is_space(*c)) {
        i += 1;
    }
    i
}

pub(super) fn collect(l: &[char], from: usize, to: usize) -> String {
    l.get(from..to.min(l.len()))
        .map(|s| s.iter().collect())
        .unwrap_or_default()
}

/// Normalises a label for counting: inner runs of any space → one space,
/// lower case.
pub(super) fn label_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Speaker as stored: trimmed, inner NBSP/narrow NBSP runs made one space.
pub(super) fn clean_label(s: &str) -> String {
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

pub(super) fn shape(s: &str) -> Shape {
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

pub(super) fn is_role(s: &str) -> bool {
    let key = label_key(s);
    let first = key.split(' ').next().unwrap_or("");
    ROLE_WORDS.contains(&key.as_str()) || ROLE_WORDS.contains(&first)
}

/// A timestamp token at `i`: `[t]`, `(t)`, `{t}`, `#t#` or a bare `t`
/// followed by a space or the end of line. Returns (ms, index after it).
pub(super) fn time_token(l: &[char], i: usize) -> Option<(u64, usize)> {
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
pub(super) fn label_colon(l: &[char], i: usize) -> Option<(String, usize, bool)> {
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
pub(super) fn otter(l: &[char]) -> Option<Cand> {
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
pub(super) fn rev(l: &[char], i: usize) -> Option<Cand> {
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
pub(super) fn markdown_bold(l: &[char], i: usize) -> Option<Cand> {
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
pub(super) fn detect(l: &[char]) -> Option<Cand> {
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
    // noScribe: `S01: [00:00:12] text` — the stamp after the label is the
    // turn's time, not speech.
    if let Some((ms, after)) = bracketed_time(l, col) {
        return Some(Cand {
            speaker,
            content_col: Some(skip_ws(l, after)),
            time_ms: Some(ms),
            strong: true,
            hint: false,
        });
    }
    Some(Cand {
        speaker,
        content_col: Some(col),
        time_ms: None,
        strong: bracketed,
        hint: false,
    })
}

/// A `[hh:mm:ss]` or `(hh:mm:ss)` stamp at `i` followed by a space or the
/// end of the line (a bare clock there is speech: `P1: 14:30 we met`).
fn bracketed_time(l: &[char], i: usize) -> Option<(u64, usize)> {
    if !matches!(l.get(i), Some('[' | '(')) {
        return None;
    }
    let (ms, after) = time_token(l, i)?;
    if l.get(after).is_some_and(|c| !is_space(*c)) {
        return None;
    }
    Some((ms, after))
}

/// A Dresing-Pehl stamp `#00:03:22-0#` ending the line: (ms, column of `#`).
pub(super) fn end_stamp(l: &[char]) -> Option<(u64, usize)> {
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
pub(super) fn is_boilerplate(line: &str) -> bool {
    let t = line.trim().to_lowercase();
    (t.starts_with("transcribed by") && t.contains("otter.ai"))
        || (t.chars().count() < 100
            && (t.ends_with("started transcription") || t.ends_with("stopped transcription")))
}
