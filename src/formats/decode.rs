//! Bytes → text: BOMs, UTF-16, UTF-32 (with a BOM), legacy 8-bit encodings
//! (detected with `chardetng`), line-ending normalisation, NUL → U+FFFD and
//! the "is this binary?" guard.

use super::FormatError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Text decoded from a file, ready for a parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// `\n` line endings, no BOM.
    pub text: String,
    /// Name of the encoding the bytes were decoded from.
    pub encoding: String,
    pub warnings: Vec<String>,
}

/// Decodes `bytes` into normalised text, refusing empty and binary input.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, FormatError> {
    if bytes.is_empty() {
        return Err(FormatError::Empty);
    }
    let mut warnings = Vec::new();
    let (raw, encoding): (String, &'static Encoding) =
        if let Some((rest, big_endian)) = utf32_bom(bytes) {
            let (s, bad) = decode_utf32(rest, big_endian);
            if bad > 0 {
                warnings.push(format!(
                    "{bad} invalid UTF-32 code unit(s) were replaced with U+FFFD"
                ));
            }
            let name = if big_endian { "UTF-32BE" } else { "UTF-32LE" };
            return finish(s, name, warnings);
        } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            let (s, had_errors) = UTF_8.decode_without_bom_handling(rest);
            if had_errors {
                warnings.push("invalid UTF-8 sequences were replaced with U+FFFD".to_string());
            }
            (s.into_owned(), UTF_8)
        } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            (decode_utf16(rest, UTF_16LE, &mut warnings), UTF_16LE)
        } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
            (decode_utf16(rest, UTF_16BE, &mut warnings), UTF_16BE)
        } else if let Some(enc) = bomless_utf16(bytes) {
            warnings.push(format!("no byte-order mark; decoded as {}", enc.name()));
            (decode_utf16(bytes, enc, &mut warnings), enc)
        } else {
            match std::str::from_utf8(bytes) {
                Ok(s) => (s.to_string(), UTF_8),
                Err(_) => {
                    let mut detector = chardetng::EncodingDetector::new();
                    detector.feed(bytes, true);
                    let enc = detector.guess(None, true);
                    let (s, _, had_errors) = enc.decode(bytes);
                    warnings.push(format!("not valid UTF-8; decoded as {}", enc.name()));
                    if had_errors {
                        warnings.push("some bytes could not be decoded (U+FFFD)".to_string());
                    }
                    (s.into_owned(), enc)
                }
            }
        };
    finish(raw, encoding.name(), warnings)
}

/// BOM stripped, line endings normalised, the binary guard, and NUL made
/// U+FFFD (as the WebVTT parser does), with a warning.
fn finish(raw: String, encoding: &str, mut warnings: Vec<String>) -> Result<Decoded, FormatError> {
    let mut text = normalize_newlines(raw.strip_prefix('\u{FEFF}').unwrap_or(&raw));
    if looks_binary(&text) {
        return Err(binary());
    }
    if text.trim().is_empty() {
        return Err(FormatError::Empty);
    }
    let nuls = text.matches('\0').count();
    if nuls > 0 {
        text = text.replace('\0', "\u{FFFD}");
        warnings.push(format!("{nuls} NUL character(s) replaced with U+FFFD"));
    }
    Ok(Decoded {
        text,
        encoding: encoding.to_string(),
        warnings,
    })
}

/// `FF FE 00 00` (little-endian) or `00 00 FE FF` (big-endian): the bytes
/// after the BOM and whether they are big-endian. (`FF FE 00 00` could in
/// theory be UTF-16LE text opening with NUL; no transcript does.)
fn utf32_bom(bytes: &[u8]) -> Option<(&[u8], bool)> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\x00\x00") {
        return Some((rest, false));
    }
    bytes
        .strip_prefix(b"\x00\x00\xFE\xFF")
        .map(|rest| (rest, true))
}

/// UTF-32 code units → text; invalid ones (surrogates, > U+10FFFF) become
/// U+FFFD. Returns the text and how many were invalid.
fn decode_utf32(bytes: &[u8], big_endian: bool) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len() / 4);
    let mut bad = 0usize;
    for unit in bytes.chunks_exact(4) {
        let mut b = [0u8; 4];
        b.copy_from_slice(unit);
        let v = if big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        };
        match char::from_u32(v) {
            Some(c) => out.push(c),
            None => {
                bad += 1;
                out.push('\u{FFFD}');
            }
        }
    }
    if !bytes.len().is_multiple_of(4) {
        // A truncated last code unit.
        bad += 1;
        out.push('\u{FFFD}');
    }
    (out, bad)
}

pub(crate) fn binary() -> FormatError {
    FormatError::Invalid("binary data, not a transcript".to_string())
}

fn decode_utf16(bytes: &[u8], enc: &'static Encoding, warnings: &mut Vec<String>) -> String {
    let (s, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        warnings.push(format!(
            "invalid {} sequences were replaced with U+FFFD",
            enc.name()
        ));
    }
    s.into_owned()
}

/// UTF-16 without a BOM: in mostly-ASCII text every other byte is NUL.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let (mut even_zero, mut odd_zero) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        if let [a, b] = pair {
            even_zero += usize::from(*a == 0);
            odd_zero += usize::from(*b == 0);
        }
    }
    let (zeros, other, enc) = if odd_zero > even_zero {
        (odd_zero, even_zero, UTF_16LE)
    } else {
        (even_zero, odd_zero, UTF_16BE)
    };
    (zeros * 10 >= pairs * 9 && other == 0).then_some(enc)
}

/// `\r\n` and lone `\r` → `\n`.
pub(crate) fn normalize_newlines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Binary rather than text: more than 1 % (and at least 2) control
/// characters other than white space (tab, newline, vertical tab, form feed)
/// and NUL, or undecodable bytes; or NUL in more than a quarter of the
/// characters. A few NULs in a transcript are damage to show as U+FFFD, not
/// a reason to refuse the file; executables, images and archives have
/// plenty of other control bytes.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    let mut nul = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            nul += 1;
        } else if (c.is_control() && !matches!(c, '\n' | '\t' | '\x0b' | '\x0c')) || c == '\u{FFFD}'
        {
            control += 1;
        }
    }
    (control >= 2 && control * 100 > total) || nul * 4 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n\rd"), "a\nb\nc\n\nd");
    }

    #[test]
    fn bomless_utf16_is_detected() {
        let bytes: Vec<u8> = "Interviewer: hi\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let d = decode(&bytes).expect("decodes");
        assert_eq!(d.text, "Interviewer: hi\n");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn utf32_with_bom_is_decoded() {
        let le: Vec<u8> = "\u{feff}A: é👋\n"
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect();
        let d = decode(&le).expect("utf-32le");
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str()),
            ("A: é👋\n", "UTF-32LE")
        );
        let be: Vec<u8> = "\u{feff}B\n"
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes())
            .collect();
        assert_eq!(decode(&be).expect("utf-32be").encoding, "UTF-32BE");
        // Truncated inside the last code unit.
        let cut = le.get(..le.len() - 2).expect("cut");
        let d = decode(cut).expect("truncated utf-32le");
        assert_eq!(d.text, "A: é👋\u{FFFD}");
        assert!(d.warnings.iter().any(|w| w.contains("1 invalid UTF-32")));
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(decode(b"\0\0\0a"), Err(binary()));
        let d = decode(b"WEBVTT\n\nab\0cd\x0b\x0cef\n").expect("text with a NUL");
        assert_eq!(d.text, "WEBVTT\n\nab\u{FFFD}cd\x0b\x0cef\n");
        assert!(d.warnings.iter().any(|w| w.contains("1 NUL")));
        assert_eq!(decode(b"\x01\x02\x03\x04abc"), Err(binary()));
        assert_eq!(decode(b"  \n\t "), Err(FormatError::Empty));
    }
}
