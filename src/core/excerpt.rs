//! What an export carries: one coded excerpt with everything a report
//! writer needs around it, and the codes it is grouped by. Built by
//! `ops::export` from the store, pseudonymised there, written by
//! `formats::export`.

use super::passage::CodedPassage;
use super::time::format_time;
use serde::Serialize;
use std::collections::BTreeMap;

/// One coded passage, ready to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcerptRecord {
    /// `parent/child` path of the code.
    pub code_path: String,
    /// The code's own name.
    pub code: String,
    pub document: String,
    /// Speaker of the turn where the passage starts.
    pub speaker: Option<String>,
    /// Attributes of that speaker (participant).
    pub attributes: BTreeMap<String, String>,
    /// Start time of that turn.
    pub time_ms: Option<u64>,
    /// Char offsets `[start, end)` in the document text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Context before and after the passage, within its turn.
    pub before: String,
    pub after: String,
    /// Whether the turn goes on beyond that context (a report marks the
    /// cut with an ellipsis, and only then).
    pub before_cut: bool,
    pub after_cut: bool,
    /// Everyone who coded exactly this passage with this code, in the
    /// order of their codings (one excerpt per passage, not per coder).
    pub coders: Vec<String>,
    /// The memos of those codings (each prefixed `coder: ` when several
    /// coders share the passage), one a line.
    pub memo: Option<String>,
    /// When the passage was first coded (RFC 3339).
    pub date: String,
}

impl ExcerptRecord {
    /// The excerpt of one coded passage (`code`: its code's own name), its
    /// coder the first of those who coded it; speaker, attributes, context
    /// and memo are the caller's to add.
    pub fn of_passage(p: CodedPassage, code: String) -> ExcerptRecord {
        ExcerptRecord {
            code_path: p.code_path,
            code,
            document: p.document,
            speaker: None,
            attributes: BTreeMap::new(),
            time_ms: None,
            start: p.coding.range.start,
            end: p.coding.range.end,
            text: p.text,
            before: String::new(),
            after: String::new(),
            before_cut: false,
            after_cut: false,
            coders: vec![p.coding.coder],
            memo: None,
            date: p.coding.created_at,
        }
    }

    /// `h:mm:ss` of the turn, or empty.
    pub fn time(&self) -> String {
        self.time_ms.map(format_time).unwrap_or_default()
    }

    /// `Speaker, document, 0:12:31 · role: miner, site: Kolwezi`.
    pub fn attribution(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = self.speaker.as_deref().filter(|s| !s.is_empty()) {
            parts.push(s.to_string());
        }
        parts.push(self.document.clone());
        if let Some(t) = self.time_ms {
            parts.push(format_time(t));
        }
        let mut out = parts.join(", ");
        if !self.attributes.is_empty() {
            out.push_str(" · ");
            out.push_str(&self.attributes_line());
        }
        out
    }

    /// `amani, neema`.
    pub fn coders_line(&self) -> String {
        self.coders.join(", ")
    }

    /// `Role: miner, Age group: 25-34` (keys as labels).
    pub fn attributes_line(&self) -> String {
        self.attributes
            .iter()
            .map(|(k, v)| format!("{}: {v}", label(k)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A column or attribute key as people read it: `age_group` → `Age group`,
/// `context-before` → `Context before`; a key already written as words
/// (`Age group`, `Site`) is kept.
pub fn label(key: &str) -> String {
    let words: Vec<&str> = key
        .split(|c: char| c == '_' || c == '-' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => key.to_string(),
    }
}

/// A moment read from an RFC 3339 stamp (`2026-01-02T03:04:05Z`,
/// `…T05:04:05.123+02:00`), in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

impl DateTime {
    /// Reads `YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH:MM]` (no zone: UTC), or a
    /// bare date; `None` for anything else.
    pub fn parse(s: &str) -> Option<DateTime> {
        let s = s.trim();
        let num = |a: usize, b: usize| -> Option<i64> {
            let part = s.get(a..b)?;
            if part.is_empty() || !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
        if s.get(4..5) != Some("-") || s.get(7..8) != Some("-") {
            return None;
        }
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let (mut hour, mut minute, mut second, mut offset) = (0, 0, 0, 0);
        if s.len() > 10 {
            if !matches!(s.get(10..11), Some("T" | "t" | " ")) {
                return None;
            }
            hour = num(11, 13)?;
            minute = num(14, 16)?;
            second = num(17, 19).unwrap_or(0);
            if hour > 23 || minute > 59 || second > 60 {
                return None;
            }
            let mut rest = s.get(19..).unwrap_or("");
            if s.get(16..17) != Some(":") {
                rest = s.get(16..).unwrap_or("");
            }
            if let Some(r) = rest.strip_prefix('.') {
                rest = r.trim_start_matches(|c: char| c.is_ascii_digit());
            }
            match rest {
                "" | "Z" | "z" => {}
                r => {
                    let sign = match r.get(..1) {
                        Some("+") => 1,
                        Some("-") => -1,
                        _ => return None,
                    };
                    let hh: i64 = r.get(1..3)?.parse().ok()?;
                    let mm: i64 = r.get(4..6).unwrap_or("0").parse().ok()?;
                    offset = sign * (hh * 60 + mm) * 60;
                }
            }
        }
        let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
            - offset;
        let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
        let rem = secs.rem_euclid(86_400);
        Some(DateTime {
            year: y,
            month: m,
            day: d,
            hour: (rem / 3600) as u8,
            minute: (rem / 60 % 60) as u8,
            second: (rem % 60) as u8,
        })
    }

    /// `2026-01-02`.
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `2026-01-02 03:04:05` (UTC).
    pub fn date_time(&self) -> String {
        format!(
            "{} {:02}:{:02}:{:02}",
            self.date(),
            self.hour,
            self.minute,
            self.second
        )
    }

    /// `2 January 2026, 03:04 UTC`, for a report's heading.
    pub fn readable(&self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = MONTHS
            .get(usize::from(self.month).saturating_sub(1))
            .copied()
            .unwrap_or("");
        format!(
            "{} {month} {}, {:02}:{:02} UTC",
            self.day, self.year, self.hour, self.minute
        )
    }
}

/// A stamp as a date and time people read (`2026-01-02 03:04:05`), or as
/// it is when it is not RFC 3339.
pub fn date_time_text(stamp: &str) -> String {
    DateTime::parse(stamp).map_or_else(|| stamp.to_string(), |d| d.date_time())
}

/// A code as reports describe it, with how many excerpts it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeSummary {
    pub path: String,
    pub name: String,
    /// 0 for a top-level code.
    pub depth: usize,
    pub definition: String,
    pub when_to_use: String,
    pub when_not_to_use: String,
    pub example: String,
    /// Passages coded with this code (in the export, or in the project
    /// for a codebook report); a passage several coders coded alike is one.
    pub count: usize,
    /// Documents those passages come from.
    pub documents: usize,
    /// Whether the code has sub-codes (then `with_subcodes` matters).
    pub has_subcodes: bool,
    /// Passages coded with this code or any of its sub-codes (a passage
    /// coded with two of them counts once), and their documents.
    pub with_subcodes: usize,
    pub documents_with_subcodes: usize,
}

/// What the heading of an export says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportMeta {
    pub title: String,
    /// RFC 3339.
    pub generated: String,
    pub pseudonymised: bool,
    /// The filters used, in words (`code: Economic security; where role=miner`).
    pub filters: String,
    /// Codes of the export (or of the codebook), in codebook order.
    pub codes: Vec<CodeSummary>,
}

impl ExportMeta {
    pub fn code(&self, path: &str) -> Option<&CodeSummary> {
        self.codes.iter().find(|c| c.path == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_keys() {
        assert_eq!(label("age_group"), "Age group");
        assert_eq!(label("site"), "Site");
        assert_eq!(label("context-before"), "Context before");
        assert_eq!(label("Age group"), "Age group");
        assert_eq!(label("écoles_fréquentées"), "Écoles fréquentées");
        assert_eq!(label("__"), "__");
    }

    #[test]
    fn dates_from_stamps() {
        let d = DateTime::parse("2026-01-02T03:04:05Z").expect("date");
        assert_eq!(d.date_time(), "2026-01-02 03:04:05");
        assert_eq!(d.readable(), "2 January 2026, 03:04 UTC");
        // An offset is brought to UTC, across midnight and a year.
        let d = DateTime::parse("2026-01-01T01:30:00.250+02:00").expect("offset");
        assert_eq!(d.date_time(), "2025-12-31 23:30:00");
        assert_eq!(
            DateTime::parse("2024-02-29").map(|d| d.date_time()),
            Some("2024-02-29 00:00:00".into())
        );
        assert_eq!(DateTime::parse("yesterday"), None);
        assert_eq!(DateTime::parse("2026-13-01T00:00:00Z"), None);
        assert_eq!(date_time_text("not a date"), "not a date");
    }
}
