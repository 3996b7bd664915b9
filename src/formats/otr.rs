//! oTranscribe `.otr`: JSON whose `text` is the editor's HTML. Paragraphs
//! (`<p>`, `<div>`) become paragraphs separated by a blank line, `<br>` a
//! line break, timestamp spans `[hh:mm:ss]` (from `data-timestamp`, seconds
//! or an old `mm:ss` string), other tags are dropped and entities decoded;
//! then the `text` parser finds the speakers (`[00:00:12] Josh: …`).

use super::cues::{attr_value, entity};
use super::decode::Decoded;
use super::time::{format_hms, parse_clock, secs_to_ms};
use super::FormatError;
use crate::core::{ImportedTranscript, SourceFormat};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The editor HTML as readable text.
fn html_to_text(html: &str) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut rest = html;
    let mut skip_until_span_end = false;
    let flush = |cur: &mut String, paras: &mut Vec<String>| {
        let t = cur.trim_matches(|c: char| c == ' ' || c == '\n' || c == '\t');
        if !t.is_empty() {
            paras.push(t.to_string());
        }
        cur.clear();
    };
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(end) = rest.find('>') {
                let tag = rest.get(1..end).unwrap_or("").trim();
                rest = rest.get(end + 1..).unwrap_or("");
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_lowercase();
                let closing = tag.starts_with('/');
                match name.as_str() {
                    "p" | "div" | "h1" | "h2" | "h3" | "li" => flush(&mut cur, &mut paras),
                    "br" => cur.push('\n'),
                    "span" if closing && skip_until_span_end => skip_until_span_end = false,
                    "span" if !closing && tag.contains("timestamp") => {
                        let ms = attr_value(tag, "data-timestamp").and_then(|v| {
                            v.parse::<f64>()
                                .ok()
                                .and_then(secs_to_ms)
                                .or_else(|| parse_clock(&v))
                        });
                        if let Some(ms) = ms {
                            cur.push_str(&format!("[{}]", format_hms(ms)));
                            skip_until_span_end = true;
                        }
                    }
                    _ => {}
                }
                continue;
            }
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
        if skip_until_span_end {
            continue;
        }
        if c == '&' {
            if let Some(semi) = rest.get(..rest.len().min(10)).and_then(|s| s.find(';')) {
                if let Some(ch) = rest.get(..semi).and_then(entity) {
                    // oTranscribe puts a NBSP after each timestamp: a space reads better.
                    cur.push(if ch == '\u{a0}' { ' ' } else { ch });
                    rest = rest.get(semi + 1..).unwrap_or("");
                    continue;
                }
            }
        }
        cur.push(if c == '\u{a0}' { ' ' } else { c });
    }
    flush(&mut cur, &mut paras);
    let mut out = paras.join("\n\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

pub(crate) fn import(decoded: Decoded, value: &Value) -> Result<ImportedTranscript, FormatError> {
    let html = value
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| FormatError::Invalid("oTranscribe file without a \"text\" field".into()))?;
    let text = html_to_text(html);
    if text.trim().is_empty() {
        return Err(FormatError::Empty);
    }
    let (segments, warnings) = super::text_turns(&text, &HashMap::new(), &HashSet::new());
    let mut w = decoded.warnings;
    w.extend(warnings);
    Ok(ImportedTranscript {
        text,
        segments,
        source_format: SourceFormat::Otr,
        encoding: decoded.encoding,
        language_hint: None,
        warnings: w,
        uncertain: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_rendered() {
        let h = "<p>[Theme music]</p><p><span class=\"timestamp\" data-timestamp=\"12.111684\">00:12</span>&nbsp;<b>Josh</b>: a &amp; b<br />c</p><div>d</div>";
        assert_eq!(
            html_to_text(h),
            "[Theme music]\n\n[00:00:12] Josh: a & b\nc\n\nd\n"
        );
    }
}
