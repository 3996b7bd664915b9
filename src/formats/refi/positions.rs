//! Selection offsets in a REFI-QDA project ↔ Gloss char offsets.
//!
//! The standard counts Unicode code points; NVivo and QualCoder write UTF-16
//! code units (they differ only after a character above U+FFFF, an emoji).
//! NVivo counts a CR LF as two positions, ATLAS.ti as one. A leading BOM is
//! never counted. Gloss offsets are chars of the normalised text (BOM
//! stripped, CR LF and lone CR → LF), so every reading is a map from the
//! file's positions to normalised chars.
//!
//! [`detect`] picks the reading under which the selections' starts and ends
//! fall on word boundaries of the text (and inside it) most often; ties go to
//! what the writing tool is known to do, then to the standard.

use std::fmt;

/// A position that falls inside a character (between the two halves of a
/// UTF-16 surrogate pair).
const INSIDE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Unit {
    CodePoints,
    Utf16,
}

/// How a tool counted positions in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Reading {
    pub unit: Unit,
    /// CR LF counted as two positions (true) or one.
    pub crlf_as_two: bool,
}

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            Unit::CodePoints => "code points",
            Unit::Utf16 => "UTF-16 units",
        };
        let crlf = if self.crlf_as_two { 2 } else { 1 };
        write!(f, "{unit}, CR LF = {crlf}")
    }
}

const CP2: Reading = Reading {
    unit: Unit::CodePoints,
    crlf_as_two: true,
};
const U16_2: Reading = Reading {
    unit: Unit::Utf16,
    crlf_as_two: true,
};
const CP1: Reading = Reading {
    unit: Unit::CodePoints,
    crlf_as_two: false,
};
const U16_1: Reading = Reading {
    unit: Unit::Utf16,
    crlf_as_two: false,
};

/// The readings in order of preference for a project written by `origin`.
pub fn preference(origin: &str) -> [Reading; 4] {
    let o = origin.to_ascii_lowercase();
    if o.contains("atlas") {
        [CP1, U16_1, CP2, U16_2]
    } else if o.starts_with("nvivo") || o.starts_with("qualcoder") {
        [U16_2, CP2, U16_1, CP1]
    } else {
        [CP2, U16_2, CP1, U16_1]
    }
}

/// Text as Gloss stores it: BOM stripped, CR LF and lone CR → LF.
pub fn normalise(raw: &str) -> String {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    raw.replace("\r\n", "\n").replace('\r', "\n")
}

/// For each position of `raw` (BOM stripped) under `r`, the char offset in
/// the normalised text ([`INSIDE`] for a position inside a character).
pub fn mapping(raw: &str, r: Reading) -> Vec<u32> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let mut out = Vec::with_capacity(raw.len() + 1);
    let mut n: u32 = 0;
    let mut it = raw.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\r' && it.peek() == Some(&'\n') {
            if r.crlf_as_two {
                out.push(n);
            }
            continue;
        }
        out.push(n);
        if r.unit == Unit::Utf16 && c.len_utf16() == 2 {
            out.push(INSIDE);
        }
        n += 1;
    }
    out.push(n);
    out
}

/// Why a position could not be mapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bad {
    Negative,
    /// Past the end; carries the text length to clamp to.
    Beyond(usize),
    Inside,
}

/// The normalised char offset of file position `pos`.
pub fn to_char(map: &[u32], pos: i64) -> Result<usize, Bad> {
    if pos < 0 {
        return Err(Bad::Negative);
    }
    let last = map.last().copied().unwrap_or(0) as usize;
    match usize::try_from(pos).ok().and_then(|p| map.get(p)) {
        Some(&INSIDE) => Err(Bad::Inside),
        Some(&n) => Ok(n as usize),
        None => Err(Bad::Beyond(last)),
    }
}

fn word(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '_'
}

/// Whether each char offset `0..=len` of `text` is not inside a word.
pub fn boundaries(text: &str) -> Vec<bool> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len() + 1);
    out.push(true);
    for w in chars.windows(2) {
        out.push(!(word(w[0]) && word(w[1])));
    }
    if !chars.is_empty() {
        out.push(true);
    }
    out
}

/// How well a reading fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Fit {
    /// Positions outside the text or inside a character.
    pub invalid: usize,
    /// Positions on a word boundary.
    pub on_boundary: usize,
    pub positions: usize,
}

/// One source for detection: its raw text and its selections.
pub struct Sample<'a> {
    pub raw: &'a str,
    pub selections: &'a [(i64, i64)],
}

/// The best reading for all the samples together (a project is written by
/// one tool, so one reading), with the fit of every reading tried.
pub fn detect(samples: &[Sample<'_>], origin: &str) -> (Reading, Vec<(Reading, Fit)>) {
    let order = preference(origin);
    let mut fits: Vec<(Reading, Fit)> = order.iter().map(|r| (*r, Fit::default())).collect();
    for s in samples {
        if s.selections.is_empty() {
            continue;
        }
        let bounds = boundaries(&normalise(s.raw));
        for (r, fit) in fits.iter_mut() {
            let map = mapping(s.raw, *r);
            for &(a, b) in s.selections {
                for p in [a, b] {
                    fit.positions += 1;
                    match to_char(&map, p) {
                        Ok(n) if bounds.get(n).copied().unwrap_or(true) => fit.on_boundary += 1,
                        Ok(_) => {}
                        Err(_) => fit.invalid += 1,
                    }
                }
            }
        }
    }
    let best = fits
        .iter()
        .enumerate()
        .min_by_key(|(i, (_, f))| (f.invalid, std::cmp::Reverse(f.on_boundary), *i))
        .map_or(order[0], |(_, (r, _))| *r);
    (best, fits)
}

/// UTF-16 offsets of every char offset `0..=len` of `text`.
pub fn utf16_offsets(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() + 1);
    let mut u = 0u64;
    out.push(0);
    for c in text.chars() {
        u += c.len_utf16() as u64;
        out.push(u);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_each_reading() {
        let raw = "\u{feff}a😀b\r\nc";
        // normalised: a 😀 b \n c → 5 chars
        assert_eq!(mapping(raw, CP1), vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(mapping(raw, CP2), vec![0, 1, 2, 3, 3, 4, 5]);
        assert_eq!(mapping(raw, U16_2), vec![0, 1, INSIDE, 2, 3, 3, 4, 5]);
        assert_eq!(to_char(&mapping(raw, U16_2), 2), Err(Bad::Inside));
        assert_eq!(to_char(&mapping(raw, CP1), 9), Err(Bad::Beyond(5)));
        assert_eq!(to_char(&mapping(raw, CP1), -1), Err(Bad::Negative));
        assert_eq!(normalise(raw), "a😀b\nc");
    }

    #[test]
    fn detects_utf16_and_crlf() {
        // "😀 hello\r\nworld 😀 again": "hello" and "again" coded by NVivo.
        let raw = "😀😀 hello\r\nworld 😀 again";
        let nvivo = [(5, 10), (21, 26)]; // UTF-16, CR LF = 2
        let (r, _) = detect(
            &[Sample {
                raw,
                selections: &nvivo,
            }],
            "",
        );
        assert_eq!(r, U16_2);
        let atlas = [(3, 8), (17, 22)]; // code points, CR LF = 1
        let (r, _) = detect(
            &[Sample {
                raw,
                selections: &atlas,
            }],
            "",
        );
        assert_eq!(r, CP1);
        // Nothing to tell them apart: the tool's habit decides.
        let plain = [(0, 2)];
        let s = [Sample {
            raw: "ab cd",
            selections: &plain,
        }];
        assert_eq!(detect(&s, "NVivo for Windows 12.6").0, U16_2);
        assert_eq!(detect(&s, "ATLAS.ti 9").0, CP1);
        assert_eq!(detect(&s, "").0, CP2);
    }

    #[test]
    fn utf16_offsets_count_surrogates() {
        assert_eq!(utf16_offsets("a😀é"), vec![0, 1, 3, 4]);
    }
}
