//! Bytes → text: BOMs, UTF-16, legacy 8-bit encodings (detected with
//! `chardetng`), line-ending normalisation and the "is this binary?" guard.

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
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
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
            if bytes.contains(&0) {
                return Err(binary());
            }
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
    let text = normalize_newlines(raw.strip_prefix('\u{FEFF}').unwrap_or(&raw));
    if text.trim().is_empty() {
        return Err(FormatError::Empty);
    }
    if looks_binary(&text) {
        return Err(binary());
    }
    Ok(Decoded {
        text,
        encoding: encoding.name().to_string(),
        warnings,
    })
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

/// NUL, or more than 1 % (and at least 2) control characters other than
/// tab, newline and form feed.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return true;
        }
        if (c.is_control() && !matches!(c, '\n' | '\t' | '\x0c')) || c == '\u{FFFD}' {
            control += 1;
        }
    }
    control >= 2 && control * 100 > total
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
    fn binary_is_refused() {
        assert_eq!(decode(b"ab\0cd"), Err(binary()));
        assert_eq!(decode(b"\x01\x02\x03\x04abc"), Err(binary()));
        assert_eq!(decode(b"  \n\t "), Err(FormatError::Empty));
    }
}
