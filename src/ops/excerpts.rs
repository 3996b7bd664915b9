//! Excerpts: every passage coded with some codes, with its document,
//! speaker, time and a little context (the retrieve view).

use super::coding::CodingFilter;
use crate::core::passage::CodedPassage;
use crate::core::text::{self, LineIndex};
use crate::core::{CharRange, CodeId, Coding, DocumentId};
use crate::store::{codings, Store};
use std::collections::HashMap;

/// A coded passage with what a reader needs around it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Excerpt {
    pub passage: CodedPassage,
    /// Speaker and time of the turn where the passage starts.
    pub speaker: Option<String>,
    pub time_ms: Option<u64>,
    /// Up to `CONTEXT` chars of the line before the passage.
    pub before: String,
    /// Up to `CONTEXT` chars of the line after the passage.
    pub after: String,
}

const CONTEXT: usize = 80;

/// Every excerpt coded with one of `codes`, in document order.
pub fn excerpts(store: &Store, codes_: &[CodeId]) -> super::Result<Vec<Excerpt>> {
    let list = codings::list(
        store.conn(),
        &CodingFilter {
            codes: Some(codes_.to_vec()),
            ..Default::default()
        },
    )?;
    of_codings(store, list)
}

/// The excerpts of these codings, in their order (the analysis screen
/// chooses the codings behind one cell of a table).
pub fn of_codings(store: &Store, list: Vec<Coding>) -> super::Result<Vec<Excerpt>> {
    let book = super::codebook::load(store)?;
    let names = super::coding::document_names(store)?;
    let mut loaded: HashMap<DocumentId, (super::documents::LoadedDocument, LineIndex)> =
        HashMap::new();
    let mut out = Vec::with_capacity(list.len());
    for c in list {
        if !loaded.contains_key(&c.document) {
            let d = super::documents::load(store, &c.document)?;
            let li = LineIndex::new(&d.document.text);
            loaded.insert(c.document.clone(), (d, li));
        }
        let (d, li) = &loaded[&c.document];
        let text_ = &d.document.text;
        let seg = d.segments.iter().find(|s| {
            s.range.start <= c.range.start && c.range.start < s.range.end.max(s.range.start + 1)
        });
        let (ls, le) = (li.line_of_char(c.range.start), li.line_of_char(c.range.end));
        let start_line = li.line_chars(ls);
        let end_line = li.line_chars(le);
        let line_a = li.line(text_, ls);
        let line_b = li.line(text_, le);
        let before_r = CharRange::new(
            (c.range.start - start_line.start).saturating_sub(CONTEXT),
            c.range.start - start_line.start,
        );
        let after_start = c.range.end.max(end_line.start) - end_line.start;
        let after_r = CharRange::new(
            after_start,
            (after_start + CONTEXT).min(end_line.len()).max(after_start),
        );
        let passage = {
            let a = li.line_bytes(ls).start;
            let b = li.line_bytes(le).end;
            let chunk = text_.get(a..b).unwrap_or("");
            text::char_slice(
                chunk,
                CharRange::new(
                    c.range.start - start_line.start,
                    c.range.end - start_line.start,
                ),
            )
            .to_string()
        };
        let doc = names.get(&c.document).map_or("", String::as_str);
        out.push(Excerpt {
            speaker: seg.and_then(|s| s.speaker.clone()),
            time_ms: seg.and_then(|s| s.time_ms),
            before: text::char_slice(line_a, before_r).to_string(),
            after: text::char_slice(line_b, after_r).to_string(),
            passage: CodedPassage::new(c, doc, &book, passage),
        });
    }
    Ok(out)
}
