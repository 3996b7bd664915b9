//! Excerpts as CSV (RFC 4180, via the csv crate): one row per excerpt,
//! columns from [`super::table`]. Cells a spreadsheet would run as a
//! formula get a `'` in front, and control characters are made visible
//! ([`crate::formats::cell::text_cell`]). With
//! `bom`, the file starts with a UTF-8 byte order mark so Excel reads the
//! accents right. Dates are `2026-01-02 03:04:05` (UTC), which
//! spreadsheets and R read as dates.

use super::Cell;
use crate::core::excerpt::{date_time_text, ExcerptRecord};
use crate::formats::cell::text_cell;
use std::io::Write;

pub fn write<W: Write>(
    mut out: W,
    records: &[ExcerptRecord],
    bom: bool,
    progress: &mut dyn FnMut(usize),
) -> Result<(), String> {
    if bom {
        out.write_all(b"\xEF\xBB\xBF").map_err(|e| e.to_string())?;
    }
    let table = super::table(records);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&table.header).map_err(|e| e.to_string())?;
    let mut num = String::new();
    for (i, r) in records.iter().enumerate() {
        for cell in table.row(r) {
            match cell {
                Cell::Text(s) => w.write_field(text_cell(s).as_bytes()),
                Cell::Owned(s) => w.write_field(text_cell(&s).as_bytes()),
                Cell::Date(s) => w.write_field(text_cell(&date_time_text(s)).as_bytes()),
                Cell::Number(n) => {
                    use std::fmt::Write as _;
                    num.clear();
                    let _ = write!(num, "{n}");
                    w.write_field(num.as_bytes())
                }
            }
            .map_err(|e| e.to_string())?;
        }
        w.write_record(None::<&[u8]>).map_err(|e| e.to_string())?;
        if (i + 1).is_multiple_of(5000) {
            progress(i + 1);
        }
    }
    w.flush().map_err(|e| e.to_string())?;
    progress(records.len());
    Ok(())
}
