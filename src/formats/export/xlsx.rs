//! Excerpts as an Excel workbook (rust_xlsxwriter, constant-memory mode):
//! a sheet `Excerpts` with every row, header in bold and frozen, an
//! autofilter, and with `sheet_per_code` one more sheet per code. The
//! header gives the columns as people read them (`Context before`, `Age
//! group`); the passage, its context and memos wrap; the date is a real
//! date cell (UTC). Cells a
//! spreadsheet would run as a formula are stored as text with Excel's
//! quote prefix (shown as typed, never evaluated); offsets are numbers.
//! Cells longer than Excel's 32,767 chars are cut, and say so.

use super::{Cell, MAX_CELL_CHARS};
use crate::core::excerpt::ExcerptRecord;
use crate::formats::cell::is_formula_start;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::borrow::Cow;
use std::io::Write;

/// Rows per sheet (Excel's limit, header included).
const MAX_ROWS: usize = 1_048_576;

fn err(e: XlsxError) -> String {
    e.to_string()
}

struct Formats<'a> {
    table: &'a super::Table,
    header: Format,
    quoted: Format,
    /// Plain cells, at the top of rows the wrapped text makes tall.
    top: Format,
    wrap: Format,
    wrap_quoted: Format,
    date: Format,
}

fn fit(s: &str) -> Cow<'_, str> {
    if s.len() <= MAX_CELL_CHARS {
        return Cow::Borrowed(s);
    }
    let cut: String = s.chars().take(MAX_CELL_CHARS - 20).collect();
    if cut.len() == s.len() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(cut + " …[cut: too long]")
}

fn sheet(
    ws: &mut Worksheet,
    name: &str,
    rows: &[ExcerptRecord],
    f: &Formats<'_>,
    done: &mut usize,
    progress: &mut dyn FnMut(usize),
) -> Result<(), String> {
    if rows.len() + 1 > MAX_ROWS {
        return Err(format!(
            "{} excerpts do not fit in one Excel sheet ({} rows at most); export CSV instead",
            rows.len(),
            MAX_ROWS - 1
        ));
    }
    ws.set_name(name).map_err(err)?;
    let header = &f.table.labels;
    for (c, h) in header.iter().enumerate() {
        let width = column_width(c);
        ws.set_column_width(c as u16, width).map_err(err)?;
        ws.write_string_with_format(0, c as u16, h, &f.header)
            .map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    for (i, r) in rows.iter().enumerate() {
        let row = (i + 1) as u32;
        let cells = f.table.row(r);
        // Wrapped text makes a row as tall as its longest cell; spreadsheet
        // programs do not all work that out on opening (LibreOffice does
        // not), so the height is set here.
        let lines = super::WRAPPED_COLUMNS
            .iter()
            .filter_map(|&c| match cells.get(c) {
                Some(Cell::Text(s)) => Some(wrapped_lines(s, column_width(c))),
                Some(Cell::Owned(s)) => Some(wrapped_lines(s, column_width(c))),
                _ => None,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(row, (lines as f64 * LINE_HEIGHT).min(MAX_ROW_HEIGHT))
                .map_err(err)?;
        }
        for (c, cell) in cells.into_iter().enumerate() {
            let col = c as u16;
            let wrap = super::WRAPPED_COLUMNS.contains(&c);
            let text = match cell {
                Cell::Number(n) => {
                    ws.write_number_with_format(row, col, n as f64, &f.top)
                        .map_err(err)?;
                    continue;
                }
                Cell::Date(s) => match excel_date(s) {
                    Some(d) => {
                        ws.write_datetime_with_format(row, col, d, &f.date)
                            .map_err(err)?;
                        continue;
                    }
                    None => Cow::Borrowed(s),
                },
                Cell::Text(s) => fit(s),
                Cell::Owned(s) => Cow::Owned(fit(&s).into_owned()),
            };
            if text.is_empty() {
                continue;
            }
            // Controls made visible, as in every export (the writer would
            // store them as `_x001B_`, which Excel turns back into the raw
            // control).
            let text = match crate::core::sanitize::controls_visible(&text) {
                Cow::Borrowed(_) => text,
                Cow::Owned(o) => Cow::Owned(o),
            };
            let fmt = match (is_formula_start(&text), wrap) {
                (true, true) => &f.wrap_quoted,
                (true, false) => &f.quoted,
                (false, true) => &f.wrap,
                (false, false) => &f.top,
            };
            ws.write_string_with_format(row, col, text.as_ref(), fmt)
                .map_err(err)?;
        }
        *done += 1;
        if (*done).is_multiple_of(5000) {
            progress(*done);
        }
    }
    if !rows.is_empty() {
        ws.autofilter(
            0,
            0,
            rows.len() as u32,
            header.len().saturating_sub(1) as u16,
        )
        .map_err(err)?;
    }
    Ok(())
}

/// Points per line of 11-point text, and Excel's tallest row.
const LINE_HEIGHT: f64 = 15.0;
const MAX_ROW_HEIGHT: f64 = 409.0;

/// Width of column `c`, in characters.
fn column_width(c: usize) -> f64 {
    match c {
        super::TEXT_COLUMN => 60.0,
        7 | 9 => 40.0,
        11 => 30.0,
        super::DATE_COLUMN => 17.0,
        5 | 6 => 8.0,
        _ => 16.0,
    }
}

/// About how many lines `s` takes wrapped at `width` characters (words
/// are not split, so a line holds a little less than the width).
fn wrapped_lines(s: &str, width: f64) -> usize {
    let per_line = (width * 0.95).max(1.0);
    s.split('\n')
        .map(|p| {
            let n = p.chars().count() as f64;
            ((n / per_line).ceil() as usize).max(1)
        })
        .sum()
}

/// An RFC 3339 stamp as an Excel date and time (UTC), if it reads as one
/// Excel can hold (years 1900–9999).
fn excel_date(stamp: &str) -> Option<ExcelDateTime> {
    let d = crate::core::excerpt::DateTime::parse(stamp)?;
    let year = u16::try_from(d.year)
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    ExcelDateTime::from_ymd(year, d.month, d.day)
        .and_then(|x| x.and_hms(u16::from(d.hour), d.minute, d.second))
        .ok()
}

/// A worksheet name Excel accepts: no `[]:*?/\`, at most 31 chars, not
/// starting or ending with `'`, unique (case-insensitively) among `taken`.
pub fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let base = if clean.is_empty() {
        "Code".to_string()
    } else {
        clean
    };
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let mut candidate = cut(&base, 31);
    let mut k = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == candidate.to_lowercase())
        || candidate.eq_ignore_ascii_case("history")
    {
        let suffix = format!(" ({k})");
        candidate = format!("{}{suffix}", cut(&base, 31 - suffix.chars().count()));
        k += 1;
    }
    candidate
}

pub fn write<W: Write + Send>(
    out: W,
    records: &[ExcerptRecord],
    sheet_per_code: bool,
    progress: &mut dyn FnMut(usize),
) -> Result<(), String> {
    let table = super::table(records);
    let f = Formats {
        table: &table,
        header: Format::new().set_bold(),
        quoted: Format::new().set_quote_prefix().set_align(FormatAlign::Top),
        top: Format::new().set_align(FormatAlign::Top),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        wrap_quoted: Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_quote_prefix(),
        date: Format::new()
            .set_num_format("yyyy-mm-dd hh:mm")
            .set_align(FormatAlign::Top),
    };
    let mut wb = Workbook::new();
    let mut done = 0;
    let mut names = vec!["Excerpts".to_string()];
    {
        let ws = wb.add_worksheet_with_constant_memory().map_err(err)?;
        sheet(ws, "Excerpts", records, &f, &mut done, progress)?;
    }
    if sheet_per_code {
        for (path, group) in super::by_code(records) {
            let leaf = path.rsplit('/').next().unwrap_or(path);
            let name = sheet_name(leaf, &names);
            names.push(name.clone());
            let ws = wb.add_worksheet_with_constant_memory().map_err(err)?;
            sheet(ws, &name, group, &f, &mut done, progress)?;
        }
    }
    wb.save_to_writer(out).map_err(err)?;
    progress(records.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_rows_are_as_tall_as_their_text() {
        assert_eq!(wrapped_lines("short", 40.0), 1);
        assert_eq!(wrapped_lines(&"word ".repeat(40), 40.0), 6);
        assert_eq!(wrapped_lines("a\nb\nc", 40.0), 3);
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let taken = vec!["Excerpts".to_string()];
        assert_eq!(sheet_name("a/b: c?", &taken), "a_b_ c_");
        assert_eq!(sheet_name("excerpts", &taken), "excerpts (2)");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &taken).chars().count(), 31);
        let t2 = vec![long.chars().take(31).collect::<String>()];
        let n = sheet_name(&long, &t2);
        assert!(n.ends_with(" (2)") && n.chars().count() == 31, "{n}");
        assert_eq!(sheet_name("''", &taken), "Code");
    }
}
