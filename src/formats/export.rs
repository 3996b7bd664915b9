//! Exporters of coded excerpts and codebook reports: pure writers over a
//! `Write`, one file per format. They take [`ExcerptRecord`]s already
//! filtered and pseudonymised (by `ops::export`) and never look anything up.
//!
//! CSV and XLSX are tables (one row per excerpt, [`table`] gives the
//! columns); Markdown, HTML and DOCX render the same [`blocks::Block`]s (a
//! heading per code with its definition, then each excerpt as a quotation
//! with its attribution); JSON is the records themselves.
//! [`text_of`] reads back the text of a written file, for the check that
//! no mapped name is left in it.

mod blocks;
pub mod csv;
pub mod docx;
pub mod grid;
pub mod html;
pub mod json;
pub mod map;
pub mod markdown;
pub mod xlsx;

use crate::core::excerpt::{ExcerptRecord, ExportMeta};
use std::io::{Cursor, Read, Write};

/// Largest cell a spreadsheet holds (Excel's limit, in chars).
pub const MAX_CELL_CHARS: usize = 32_767;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Markdown,
    Html,
    Docx,
    Json,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Csv,
        ExportFormat::Xlsx,
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::Docx,
        ExportFormat::Json,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
            ExportFormat::Docx => "docx",
            ExportFormat::Json => "json",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Csv => "CSV (spreadsheets, R, Python)",
            ExportFormat::Xlsx => "Excel workbook (.xlsx)",
            ExportFormat::Markdown => "Markdown, grouped by code",
            ExportFormat::Html => "HTML, one printable page",
            ExportFormat::Docx => "Word document (.docx)",
            ExportFormat::Json => "JSON",
        }
    }

    /// Whether a codebook report can be written in this format.
    pub fn has_report(self) -> bool {
        matches!(
            self,
            ExportFormat::Markdown | ExportFormat::Html | ExportFormat::Docx
        )
    }
}

/// Choices some formats read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// CSV: start with a UTF-8 byte order mark (Excel needs it to read UTF-8).
    pub bom: bool,
    /// XLSX: one worksheet per code (besides the sheet of all excerpts).
    pub sheet_per_code: bool,
}

/// Writes excerpts. `progress` is told how many records are written so far.
pub fn write_excerpts<W: Write + Send>(
    out: W,
    format: ExportFormat,
    meta: &ExportMeta,
    records: &[ExcerptRecord],
    opts: WriteOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<(), String> {
    match format {
        ExportFormat::Csv => csv::write(out, records, opts.bom, progress),
        ExportFormat::Xlsx => xlsx::write(out, records, opts.sheet_per_code, progress),
        ExportFormat::Json => json::write(out, meta, records, progress),
        ExportFormat::Markdown => markdown::write(out, &blocks::excerpts(meta, records), progress),
        ExportFormat::Html => {
            html::write(out, &meta.title, &blocks::excerpts(meta, records), progress)
        }
        ExportFormat::Docx => docx::write(out, &blocks::excerpts(meta, records), progress),
    }
}

/// Writes a codebook report (definitions, use, examples, counts).
pub fn write_codebook_report<W: Write + Send>(
    out: W,
    format: ExportFormat,
    meta: &ExportMeta,
) -> Result<(), String> {
    let b = blocks::codebook(meta);
    let mut none = |_| {};
    match format {
        ExportFormat::Markdown => markdown::write(out, &b, &mut none),
        ExportFormat::Html => html::write(out, &meta.title, &b, &mut none),
        ExportFormat::Docx => docx::write(out, &b, &mut none),
        _ => Err("a codebook report is written as Markdown, HTML or DOCX".into()),
    }
}

/// The columns of the CSV and XLSX tables: fixed ones, then one per
/// participant attribute found in the records (sorted).
pub struct Table {
    /// Column keys (`code_path`, `age_group`), for CSV and scripts.
    pub header: Vec<String>,
    /// The same as people read them (`Code path`, `Age group`), for XLSX.
    pub labels: Vec<String>,
    attributes: Vec<String>,
}

pub const FIXED_COLUMNS: [&str; 13] = [
    "code_path",
    "code",
    "document",
    "speaker",
    "time",
    "start",
    "end",
    "context_before",
    "text",
    "context_after",
    "coders",
    "memo",
    "date",
];

/// Index of the `text` column.
pub const TEXT_COLUMN: usize = 8;

/// Columns of long text, wrapped in XLSX: context before, text, context
/// after, memo.
pub const WRAPPED_COLUMNS: [usize; 4] = [7, TEXT_COLUMN, 9, 11];

/// Index of the `date` column.
pub const DATE_COLUMN: usize = 12;

pub fn table(records: &[ExcerptRecord]) -> Table {
    let mut keys: Vec<String> = records
        .iter()
        .flat_map(|r| r.attributes.keys().cloned())
        .collect();
    keys.sort();
    keys.dedup();
    let header = FIXED_COLUMNS
        .iter()
        .map(|s| s.to_string())
        .chain(keys.iter().map(|k| {
            if FIXED_COLUMNS.contains(&k.as_str()) {
                format!("participant_{k}")
            } else {
                k.clone()
            }
        }))
        .collect();
    let labels = FIXED_COLUMNS
        .iter()
        .map(|s| crate::core::excerpt::label(s))
        .chain(keys.iter().map(|k| {
            let l = crate::core::excerpt::label(k);
            if FIXED_COLUMNS
                .iter()
                .any(|f| crate::core::excerpt::label(f) == l)
            {
                format!("Participant {}", l.to_lowercase())
            } else {
                l
            }
        }))
        .collect();
    Table {
        header,
        labels,
        attributes: keys,
    }
}

/// A cell of the table: text, a number (offsets) or a date (an RFC 3339
/// stamp: a date cell in XLSX, `2026-01-02 03:04:05` in CSV).
pub enum Cell<'a> {
    Text(&'a str),
    Owned(String),
    Number(usize),
    Date(&'a str),
}

impl Table {
    pub fn row<'a>(&self, r: &'a ExcerptRecord) -> Vec<Cell<'a>> {
        let mut out = vec![
            Cell::Text(&r.code_path),
            Cell::Text(&r.code),
            Cell::Text(&r.document),
            Cell::Text(r.speaker.as_deref().unwrap_or("")),
            Cell::Owned(r.time()),
            Cell::Number(r.start),
            Cell::Number(r.end),
            Cell::Text(&r.before),
            Cell::Text(&r.text),
            Cell::Text(&r.after),
            Cell::Owned(r.coders_line()),
            Cell::Text(r.memo.as_deref().unwrap_or("")),
            Cell::Date(&r.date),
        ];
        for k in &self.attributes {
            out.push(Cell::Text(r.attributes.get(k).map_or("", |v| v.as_str())));
        }
        out
    }
}

/// Records grouped by code path, in the order they come.
pub fn by_code(records: &[ExcerptRecord]) -> Vec<(&str, &[ExcerptRecord])> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=records.len() {
        if i == records.len() || records[i].code_path != records[start].code_path {
            if let Some(group) = records.get(start..i) {
                if let Some(first) = group.first() {
                    out.push((first.code_path.as_str(), group));
                }
            }
            start = i;
        }
    }
    out
}

/// The text a reader of the written file sees, for the pseudonymisation
/// check: cells of a CSV, strings of a JSON, text of the HTML, every text
/// node of the XML parts of an XLSX or DOCX. Cells and nodes are joined by
/// new lines.
pub fn text_of(format: ExportFormat, bytes: &[u8]) -> Result<String, String> {
    let utf8 = |b: &[u8]| {
        std::str::from_utf8(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b))
            .map(str::to_string)
            .map_err(|e| e.to_string())
    };
    match format {
        ExportFormat::Csv => {
            let mut out = String::new();
            let mut rd = ::csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
            for rec in rd.records() {
                let rec = rec.map_err(|e| e.to_string())?;
                for cell in rec.iter() {
                    out.push_str(cell);
                    out.push('\n');
                }
            }
            Ok(out)
        }
        ExportFormat::Json => {
            let v: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
            let mut out = String::new();
            fn walk(v: &serde_json::Value, out: &mut String) {
                match v {
                    serde_json::Value::String(s) => {
                        out.push_str(s);
                        out.push('\n');
                    }
                    serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                    serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
                        out.push_str(k);
                        out.push('\n');
                        walk(x, out)
                    }),
                    _ => {}
                }
            }
            walk(&v, &mut out);
            Ok(out)
        }
        ExportFormat::Markdown => utf8(bytes),
        ExportFormat::Html => xml_text(&utf8(bytes)?, true),
        ExportFormat::Xlsx | ExportFormat::Docx => {
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
            let mut out = String::new();
            for i in 0..zip.len() {
                let mut f = zip.by_index(i).map_err(|e| e.to_string())?;
                let name = f.name().map_err(|e| e.to_string())?.into_owned();
                if !name.ends_with(".xml") && !name.ends_with(".rels") {
                    continue;
                }
                let mut s = String::new();
                f.read_to_string(&mut s).map_err(|e| e.to_string())?;
                out.push_str(&xml_text(&s, false)?);
            }
            Ok(out)
        }
    }
}

/// Text nodes (and attribute values) of an XML or HTML document, unescaped.
fn xml_text(s: &str, html: bool) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut rd = quick_xml::Reader::from_str(s);
    rd.config_mut().check_end_names = !html;
    let mut out = String::new();
    loop {
        match rd.read_event() {
            Ok(Event::Text(t)) => {
                let raw = String::from_utf8_lossy(t.as_ref()).into_owned();
                out.push_str(&unescape(&raw));
            }
            Ok(Event::End(_)) => out.push('\n'),
            Ok(Event::CData(t)) => {
                out.push_str(&String::from_utf8_lossy(t.as_ref()));
                out.push('\n');
            }
            Ok(Event::GeneralRef(r)) => {
                let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                out.push_str(&unescape(&format!("&{name};")));
            }
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                for a in e.attributes().flatten() {
                    out.push_str(&unescape(&String::from_utf8_lossy(&a.value)));
                    out.push('\n');
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(out)
}

/// The entities our writers (and the XLSX library) produce.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        let Some(end) = tail.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = tail.get(1..).unwrap_or("");
            continue;
        };
        let ent = tail.get(1..end).unwrap_or("");
        let c = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => ent
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = tail.get(end + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text safe in XML 1.0, and safe to read: characters XML cannot hold
/// become U+FFFD, and C0 and C1 controls (escape sequences, bells) their
/// visible stand-ins, as on screen and in the text exports.
pub fn xml_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        matches!(c as u32, 0xFFFE | 0xFFFF)
            || (c != '\r' && crate::core::sanitize::control_stand_in(c).is_some())
    };
    if s.chars().any(bad) {
        std::borrow::Cow::Owned(
            s.chars()
                .map(|c| match c {
                    '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
                    '\r' => '\r',
                    c => crate::core::sanitize::control_stand_in(c).unwrap_or(c),
                })
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_entities() {
        assert_eq!(
            unescape("N&#39;Dri &amp; &lt;b&gt; &#x41;"),
            "N'Dri & <b> A"
        );
        assert_eq!(unescape("a & b"), "a & b");
        assert_eq!(unescape("&unknown;"), "&unknown;");
    }

    #[test]
    fn xml_safe_replaces_control_chars() {
        assert_eq!(
            xml_safe("a\u{1b}b\nc\u{7}\u{9b}\u{FFFF}\t"),
            "a␛b\nc␇�\u{FFFD}\t"
        );
    }
}
