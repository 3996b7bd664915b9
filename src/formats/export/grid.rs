//! Analysis tables ([`crate::core::analysis::table::Table`]) as CSV or an
//! Excel sheet, with the safety of every export: text cells that a
//! spreadsheet would run as a formula get a `'` in CSV and Excel's quote
//! prefix in XLSX, and control characters are made visible. The title and
//! the lines that say what the figures are come first, then a blank line,
//! then the header and rows. Counts are numbers; shares are numbers too
//! (fractions, formatted as percentages in XLSX), empty where undefined.

use crate::core::analysis::table::{Table, Value};
use crate::formats::cell::{is_formula_start, text_cell};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use std::io::Write;

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Count(n) => Some(*n as f64),
        Value::Share(x) | Value::Number(x) => *x,
        _ => None,
    }
}

/// The table as CSV (RFC 4180); with `bom`, a UTF-8 byte order mark first.
pub fn write_csv<W: Write>(mut out: W, table: &Table, bom: bool) -> Result<(), String> {
    if bom {
        out.write_all(b"\xEF\xBB\xBF").map_err(|e| e.to_string())?;
    }
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    let e = |e: csv::Error| e.to_string();
    w.write_record([text_cell(&table.title).as_ref()])
        .map_err(e)?;
    for n in &table.notes {
        w.write_record([text_cell(n).as_ref()]).map_err(e)?;
    }
    w.write_record([""]).map_err(e)?;
    let header: Vec<String> = table
        .header
        .iter()
        .map(|h| text_cell(h).into_owned())
        .collect();
    w.write_record(&header).map_err(e)?;
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|v| match v {
                Value::Text(s) => text_cell(s).into_owned(),
                Value::Empty => String::new(),
                other => number(other).map(|x| x.to_string()).unwrap_or_default(),
            })
            .collect();
        w.write_record(&cells).map_err(e)?;
    }
    w.flush().map_err(|e| e.to_string())?;
    Ok(())
}

fn err(e: XlsxError) -> String {
    e.to_string()
}

/// The table as a one-sheet workbook: title in bold, the notes, the header
/// in bold and frozen, an autofilter; shares formatted as percentages.
pub fn write_xlsx<W: Write + Send>(out: W, table: &Table, sheet: &str) -> Result<(), String> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let quoted = Format::new().set_quote_prefix();
    let percent = Format::new().set_num_format("0.00%");
    let coefficient = Format::new().set_num_format("0.000");
    let plain = Format::new().set_align(FormatAlign::Left);
    let ws = wb.add_worksheet();
    ws.set_name(super::xlsx::sheet_name(sheet, &[]))
        .map_err(err)?;
    let text = |s: &str| crate::core::sanitize::controls_visible(s).into_owned();
    ws.write_string_with_format(0, 0, text(&table.title), &bold)
        .map_err(err)?;
    for (i, n) in table.notes.iter().enumerate() {
        let t = text(n);
        let f = if is_formula_start(&t) {
            &quoted
        } else {
            &plain
        };
        ws.write_string_with_format(1 + i as u32, 0, t, f)
            .map_err(err)?;
    }
    let head = 2 + table.notes.len() as u32;
    for (c, h) in table.header.iter().enumerate() {
        let t = text(h);
        let f = if is_formula_start(&t) {
            Format::new().set_bold().set_quote_prefix()
        } else {
            bold.clone()
        };
        ws.write_string_with_format(head, c as u16, t, &f)
            .map_err(err)?;
        ws.set_column_width(c as u16, if c == 0 { 36.0 } else { 14.0 })
            .map_err(err)?;
    }
    ws.set_freeze_panes(head + 1, 1).map_err(err)?;
    for (r, row) in table.rows.iter().enumerate() {
        let y = head + 1 + r as u32;
        for (c, v) in row.iter().enumerate() {
            let x = c as u16;
            match v {
                Value::Text(s) => {
                    let t = text(s);
                    if t.is_empty() {
                        continue;
                    }
                    let f = if is_formula_start(&t) {
                        &quoted
                    } else {
                        &plain
                    };
                    ws.write_string_with_format(y, x, t, f).map_err(err)?;
                }
                Value::Count(n) => {
                    ws.write_number(y, x, *n as f64).map_err(err)?;
                }
                Value::Share(Some(s)) => {
                    ws.write_number_with_format(y, x, *s, &percent)
                        .map_err(err)?;
                }
                Value::Number(Some(s)) => {
                    ws.write_number_with_format(y, x, *s, &coefficient)
                        .map_err(err)?;
                }
                Value::Share(None) | Value::Number(None) => {
                    ws.write_string(y, x, "n/a").map_err(err)?;
                }
                Value::Empty => {}
            }
        }
    }
    if !table.rows.is_empty() && !table.header.is_empty() {
        ws.autofilter(
            head,
            0,
            head + table.rows.len() as u32,
            (table.header.len() - 1) as u16,
        )
        .map_err(err)?;
    }
    wb.save_to_writer(out).map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_guards_formulas_and_writes_numbers() {
        let t = Table {
            title: "Code frequencies".into(),
            notes: vec!["unit: codings".into()],
            header: vec!["code".into(), "codings".into(), "coverage".into()],
            rows: vec![vec![
                Value::Text("=cmd|' /C calc'!A0".into()),
                Value::Count(3),
                Value::Share(Some(0.25)),
            ]],
        };
        let mut out = Vec::new();
        write_csv(&mut out, &t, false).expect("csv");
        let s = String::from_utf8(out).expect("utf8");
        assert!(s.contains("'=cmd|"), "{s}");
        assert!(s.contains(",3,0.25"), "{s}");
        let mut x = Vec::new();
        write_xlsx(std::io::Cursor::new(&mut x), &t, "Frequencies").expect("xlsx");
        assert!(x.starts_with(b"PK"));
    }
}
