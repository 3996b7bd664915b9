//! Word `.docx`: the main document part (named by `_rels/.rels`, usually
//! `word/document.xml`) read with quick-xml's streaming reader.
//!
//! Text: one line per paragraph, a blank line between paragraphs (and
//! between table rows); `w:br`/`w:cr` → `\n`, `w:tab` → `\t`. Tracked
//! changes: insertions kept, deletions (`w:del`, `w:moveFrom`) dropped with a
//! warning. Text boxes and shapes (`w:txbxContent`) are read in document
//! order: their paragraphs follow the paragraph they are anchored in (once:
//! the VML fallback copy is skipped). A drop cap (a paragraph framed with
//! `w:dropCap`) joins the paragraph after it, so `O` + `nce` is `Once`.
//! `w:sym` symbols become their Unicode character for the Symbol and
//! Wingdings fonts; others are kept as they are, with a warning. Field
//! codes, pictures, headers, footers, notes and comments are not imported.
//!
//! Speakers: the `text` parser runs on the extracted text (so `Name:`,
//! Rev, Otter/Teams `Name   0:04` layouts work), plus two docx-only cues
//! passed to it as hints: a bold run at a paragraph's start followed by
//! non-bold text (with or without a colon), and table rows
//! `speaker | text` or `time | speaker | text` (rendered `Speaker: text` /
//! `[time] Speaker: text`).

mod symbols;

use super::text::{label_ok, Hint};
use super::time::parse_clock;
use super::FormatError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

/// Refuse `word/document.xml` larger than this once decompressed.
pub const MAX_XML_BYTES: u64 = 200 * 1024 * 1024;

#[derive(Debug, Default, Clone)]
struct Run {
    text: String,
    bold: bool,
    /// The run's font when it is a symbol font (`w:rFonts`).
    symbol_font: Option<String>,
}

#[derive(Debug)]
enum Block {
    Para(Vec<Run>),
    Row(Vec<String>),
}

pub(crate) struct DocxText {
    pub text: String,
    pub hints: HashMap<usize, Hint>,
    /// Lines that end a turn (table header rows).
    pub breaks: HashSet<usize>,
    pub warnings: Vec<String>,
}

fn invalid(msg: impl Into<String>) -> FormatError {
    FormatError::Invalid(msg.into())
}

/// The main part named by the package relationships (`_rels/.rels`), if
/// they name one: the target of the `…/officeDocument` relationship, from
/// the package root.
fn main_part_name<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> Option<String> {
    let rels = zip.by_name("_rels/.rels").ok()?;
    let mut buf = Vec::new();
    rels.take(1024 * 1024).read_to_end(&mut buf).ok()?;
    let xml = String::from_utf8_lossy(&buf);
    let mut reader = Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                let kind = attr(&e, b"Type").unwrap_or_default();
                if kind.ends_with("/officeDocument") {
                    let target = attr(&e, b"Target")?;
                    let target = target.trim();
                    let target = target.strip_prefix("./").unwrap_or(target);
                    let target = target.trim_start_matches('/').to_string();
                    return (!target.is_empty()).then_some(target);
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// Reads the main document part out of the archive, with the size cap.
/// Returns its name and bytes.
fn document_xml(bytes: &[u8]) -> Result<(String, Vec<u8>), FormatError> {
    if !bytes.starts_with(b"PK") {
        if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
            return Err(invalid(
                "not a .docx: this is a legacy Word 97-2003 (.doc) or password-protected file; save it as .docx without a password",
            ));
        }
        return Err(invalid("not a .docx file (not a zip archive)"));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        invalid(format!(
            "truncated or corrupt .docx (zip archive unreadable: {e})"
        ))
    })?;
    const DEFAULT: &str = "word/document.xml";
    let named = main_part_name(&mut zip);
    let part = match &named {
        Some(p) if zip.index_for_name(p).is_some() => p.clone(),
        Some(p) if zip.index_for_name(DEFAULT).is_none() => {
            return Err(invalid(format!(
            "not a Word document: _rels/.rels names the main part {p}, which is not in the archive"
        )))
        }
        _ => DEFAULT.to_string(),
    };
    let file = zip.by_name(&part).map_err(|e| match e {
        zip::result::ZipError::FileNotFound => {
            invalid("not a Word document: the zip archive has no word/document.xml")
        }
        e => invalid(format!("corrupt .docx ({part}: {e})")),
    })?;
    if file.size() > MAX_XML_BYTES {
        return Err(invalid(format!(
            "{part} is {} MB uncompressed, over the {} MB limit (refused as a possible zip bomb)",
            file.size() / (1024 * 1024),
            MAX_XML_BYTES / (1024 * 1024)
        )));
    }
    let mut buf = Vec::new();
    file.take(MAX_XML_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| invalid(format!("truncated or corrupt .docx ({part}: {e})")))?;
    if buf.len() as u64 > MAX_XML_BYTES {
        return Err(invalid(format!(
            "{part} is over the {} MB limit uncompressed (refused as a possible zip bomb)",
            MAX_XML_BYTES / (1024 * 1024)
        )));
    }
    Ok((part, buf))
}

fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// Elements whose whole subtree is ignored.
fn skipped(local: &[u8]) -> bool {
    matches!(
        local,
        b"del"
            | b"moveFrom"
            | b"delText"
            | b"instrText"
            | b"pPr"
            | b"rPrChange"
            | b"pPrChange"
            | b"sectPr"
            | b"Fallback"
            | b"footnoteReference"
            | b"endnoteReference"
    )
}

/// Drawings, pictures and embedded objects: their content is not text,
/// except for the text boxes inside them.
fn opaque(local: &[u8]) -> bool {
    matches!(local, b"drawing" | b"pict" | b"object")
}

/// What a text box interrupts: the state of the paragraph (and table) it is
/// anchored in, restored when the box ends.
#[derive(Default)]
struct Frame {
    blocks: Vec<Block>,
    para: Option<Vec<Run>>,
    run: Option<Run>,
    t_buf: Option<(String, bool)>,
    in_rpr: bool,
    tbl_depth: usize,
    row: Option<Vec<String>>,
    cell: Option<Vec<String>>,
    drop_cap: bool,
    opaque: usize,
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    para: Option<Vec<Run>>,
    run: Option<Run>,
    t_buf: Option<(String, bool)>,
    in_rpr: bool,
    tbl_depth: usize,
    row: Option<Vec<String>>,
    cell: Option<Vec<String>>,
    deletions: usize,
    drawings: usize,
    /// The current paragraph is a drop cap (`w:framePr w:dropCap`).
    drop_cap: bool,
    /// A drop cap's runs, waiting for the paragraph they begin.
    pending_cap: Option<Vec<Run>>,
    /// Depth inside a drawing/picture (outside any text box in it).
    opaque: usize,
    /// Enclosing states while inside text boxes.
    frames: Vec<Frame>,
    /// Text-box paragraphs waiting for the end of their anchor paragraph.
    boxed: Vec<Block>,
    boxes: usize,
    /// Unmapped `w:sym` symbols (font, code).
    unknown_symbols: Vec<(String, u32)>,
}

impl Walker {
    fn push_text(&mut self, s: &str) {
        if let Some((buf, _)) = &mut self.t_buf {
            buf.push_str(s);
        }
    }

    fn push_run_char(&mut self, c: char) {
        if let Some(run) = &mut self.run {
            run.text.push(c);
        } else if let Some(para) = &mut self.para {
            para.push(Run {
                text: c.to_string(),
                ..Run::default()
            });
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.local_name();
        match name.as_ref() {
            b"p" => {
                if self.para.is_none() {
                    self.para = Some(Vec::new());
                }
                if empty {
                    self.end(b"p");
                }
            }
            b"r" if !empty => self.run = Some(Run::default()),
            b"rPr" if !empty => self.in_rpr = self.run.is_some(),
            b"b" if self.in_rpr => {
                let on =
                    attr(e, b"val").is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"));
                if let Some(run) = &mut self.run {
                    run.bold = on;
                }
            }
            b"t" if !empty => {
                let preserve = attr(e, b"space").is_some_and(|v| v == "preserve");
                self.t_buf = Some((String::new(), preserve));
            }
            b"sym" => self.symbol(e),
            b"rFonts" if self.in_rpr => {
                let font = attr(e, b"ascii").or_else(|| attr(e, b"hAnsi"));
                if let Some(run) = &mut self.run {
                    run.symbol_font = font.filter(|f| symbols::known_font(f));
                }
            }
            b"tab" => self.push_run_char('\t'),
            b"br" | b"cr" => self.push_run_char('\n'),
            b"noBreakHyphen" => self.push_run_char('-'),
            b"tbl" if !empty => self.tbl_depth += 1,
            b"tr" if !empty && self.tbl_depth == 1 => self.row = Some(Vec::new()),
            b"tc" if !empty && self.tbl_depth == 1 => self.cell = Some(Vec::new()),
            _ => {}
        }
    }

    fn end(&mut self, local: &[u8]) {
        match local {
            b"t" => {
                if let Some((buf, preserve)) = self.t_buf.take() {
                    let s = if preserve { buf.as_str() } else { buf.trim() };
                    if let Some(run) = &mut self.run {
                        match &run.symbol_font {
                            // Typed in a symbol font: its private-use codes.
                            Some(font) => run.text.extend(s.chars().map(|c| {
                                if ('\u{F020}'..='\u{F0FF}').contains(&c) {
                                    symbols::to_unicode(font, u32::from(c)).unwrap_or(c)
                                } else {
                                    c
                                }
                            })),
                            None => run.text.push_str(s),
                        }
                    }
                }
            }
            b"rPr" => self.in_rpr = false,
            b"r" => {
                if let (Some(run), Some(para)) = (self.run.take(), &mut self.para) {
                    para.push(run);
                }
            }
            b"p" => {
                let Some(mut runs) = self.para.take() else {
                    return;
                };
                if std::mem::take(&mut self.drop_cap) {
                    let cap = self.pending_cap.get_or_insert_with(Vec::new);
                    cap.extend(runs);
                    return;
                }
                if let Some(mut cap) = self.pending_cap.take() {
                    cap.append(&mut runs);
                    runs = cap;
                }
                let boxed = std::mem::take(&mut self.boxed);
                if let Some(cell) = &mut self.cell {
                    cell.push(runs.iter().map(|r| r.text.as_str()).collect());
                    cell.extend(boxed.iter().map(block_text));
                    return;
                }
                self.blocks.push(Block::Para(runs));
                self.blocks.extend(boxed);
            }
            b"tc" if self.tbl_depth == 1 => {
                if let (Some(cell), Some(row)) = (self.cell.take(), &mut self.row) {
                    row.push(cell.join("\n"));
                }
            }
            b"tr" if self.tbl_depth == 1 => {
                if let Some(row) = self.row.take() {
                    self.blocks.push(Block::Row(row));
                }
            }
            b"tbl" => self.tbl_depth = self.tbl_depth.saturating_sub(1),
            _ => {}
        }
    }
}

/// A block's text, for a text box inside a table cell.
fn block_text(b: &Block) -> String {
    match b {
        Block::Para(runs) => runs.iter().map(|r| r.text.as_str()).collect(),
        Block::Row(cells) => cells.join("\t"),
    }
}

impl Walker {
    /// `w:sym`: the symbol's Unicode character; an unknown font or code
    /// keeps the code itself (when it is a character) and is counted for a
    /// warning, so nothing disappears silently.
    fn symbol(&mut self, e: &BytesStart<'_>) {
        let font = attr(e, b"font").unwrap_or_default();
        let code = attr(e, b"char").and_then(|h| u32::from_str_radix(h.trim(), 16).ok());
        if let Some(ch) = code.and_then(|c| symbols::to_unicode(&font, c)) {
            self.push_run_char(ch);
            return;
        }
        let ch = code.and_then(char::from_u32).filter(|c| !c.is_control());
        if let Some(ch) = ch {
            self.push_run_char(ch);
            let private = ('\u{E000}'..='\u{F8FF}').contains(&ch);
            if !private && !symbols::known_font(&font) {
                // A Unicode font: the code is the character itself.
                return;
            }
        }
        self.unknown_symbols.push((font, code.unwrap_or(0)));
    }

    /// A text box begins: keep the anchor's state aside.
    fn open_box(&mut self) {
        self.boxes += 1;
        let frame = Frame {
            blocks: std::mem::take(&mut self.blocks),
            para: self.para.take(),
            run: self.run.take(),
            t_buf: self.t_buf.take(),
            in_rpr: std::mem::take(&mut self.in_rpr),
            tbl_depth: std::mem::take(&mut self.tbl_depth),
            row: self.row.take(),
            cell: self.cell.take(),
            drop_cap: std::mem::take(&mut self.drop_cap),
            opaque: std::mem::take(&mut self.opaque),
        };
        self.frames.push(frame);
    }

    /// A text box ends: its paragraphs wait for the end of the anchor
    /// paragraph (or follow at once when there is none).
    fn close_box(&mut self) {
        let Some(f) = self.frames.pop() else { return };
        if let Some(runs) = self.para.take() {
            self.blocks.push(Block::Para(runs));
        }
        let inner = std::mem::replace(&mut self.blocks, f.blocks);
        self.para = f.para;
        self.run = f.run;
        self.t_buf = f.t_buf;
        self.in_rpr = f.in_rpr;
        self.tbl_depth = f.tbl_depth;
        self.row = f.row;
        self.cell = f.cell;
        self.drop_cap = f.drop_cap;
        self.opaque = f.opaque;
        if self.para.is_some() {
            self.boxed.extend(inner);
        } else {
            self.blocks.extend(inner);
        }
    }
}

fn parse_xml(xml: &str) -> Result<Walker, FormatError> {
    let mut reader = Reader::from_str(xml);
    let mut w = Walker::default();
    let mut skip = 0usize;
    // Inside a skipped `w:pPr`: only `w:framePr w:dropCap` matters there.
    let mut in_ppr = false;
    loop {
        let ev = reader.read_event().map_err(|e| {
            invalid(format!(
                "corrupt .docx: the document part is not well-formed XML ({e} at byte {})",
                reader.error_position()
            ))
        })?;
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if skip > 0 || w.opaque > 0 => {
                let local = e.local_name();
                if skip > 0 {
                    // `w:framePr` right under `w:pPr` (not an old one
                    // inside `w:pPrChange`).
                    if in_ppr && skip == 1 && local.as_ref() == b"framePr" {
                        w.drop_cap |= attr(&e, b"dropCap")
                            .is_some_and(|v| matches!(v.as_str(), "drop" | "margin"));
                    }
                    if !empty {
                        skip += 1;
                    }
                } else if local.as_ref() == b"txbxContent" && !empty {
                    w.open_box();
                } else if local.as_ref() == b"Fallback" && !empty {
                    skip = 1;
                } else if !empty {
                    w.opaque += 1;
                }
            }
            Event::Start(e) => {
                let local = e.local_name();
                if skipped(local.as_ref()) {
                    match local.as_ref() {
                        b"del" | b"moveFrom" => w.deletions += 1,
                        b"pPr" => in_ppr = true,
                        _ => {}
                    }
                    skip = 1;
                } else if opaque(local.as_ref()) {
                    w.drawings += 1;
                    w.opaque = 1;
                } else if local.as_ref() == b"txbxContent" {
                    w.open_box();
                } else {
                    w.start(&e, false);
                }
            }
            Event::Empty(e) => {
                let local = e.local_name();
                if !skipped(local.as_ref()) && !opaque(local.as_ref()) {
                    w.start(&e, true);
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    if skip == 0 {
                        in_ppr = false;
                    }
                } else if w.opaque > 0 {
                    w.opaque -= 1;
                } else if e.local_name().as_ref() == b"txbxContent" && !w.frames.is_empty() {
                    w.close_box();
                } else {
                    w.end(e.local_name().as_ref());
                }
            }
            Event::Text(t) if skip == 0 && w.opaque == 0 => {
                let s = t
                    .xml10_content()
                    .map_err(|e| invalid(format!("corrupt .docx: {e}")))?;
                w.push_text(&s);
            }
            Event::CData(t) if skip == 0 && w.opaque == 0 => {
                w.push_text(&String::from_utf8_lossy(&t));
            }
            Event::GeneralRef(r) if skip == 0 && w.opaque == 0 => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => r.decode().ok().and_then(|n| super::cues::entity(&n)),
                };
                if let Some(c) = c {
                    w.push_text(c.encode_utf8(&mut [0u8; 4]));
                }
            }
            _ => {}
        }
    }
    Ok(w)
}

const HEADER_WORDS: &[&str] = &[
    "speaker",
    "speakers",
    "locuteur",
    "locutrice",
    "intervenant",
    "name",
    "nom",
    "sprecher",
    "participant",
    "time",
    "timestamp",
    "temps",
    "horodatage",
    "zeit",
    "text",
    "texte",
    "transcript",
    "transcription",
    "content",
    "contenu",
    "utterance",
    "mzungumzaji",
];

fn is_header_row(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| c.trim().is_empty() || HEADER_WORDS.contains(&c.trim().to_lowercase().as_str()))
}

fn cell_time(c: &str) -> Option<(u64, String)> {
    let t = c
        .trim()
        .trim_start_matches(['[', '(', '#'])
        .trim_end_matches([']', ')', '#']);
    let t = t.split(['-', '–']).next().unwrap_or(t).trim();
    parse_clock(t).map(|ms| (ms, t.to_string()))
}

/// Extracts the text of a `.docx` and its label hints.
pub(crate) fn extract(bytes: &[u8]) -> Result<DocxText, FormatError> {
    let (_part, xml_bytes) = document_xml(bytes)?;
    let xml = match encoding_rs::Encoding::for_bom(&xml_bytes) {
        Some((enc, _)) => enc.decode_with_bom_removal(&xml_bytes).0.into_owned(),
        None => String::from_utf8_lossy(&xml_bytes).into_owned(),
    };
    let mut w = parse_xml(&xml)?;
    if let Some(cap) = w.pending_cap.take() {
        // A drop cap with no paragraph after it.
        w.blocks.push(Block::Para(cap));
    }
    let mut warnings = Vec::new();
    if !w.unknown_symbols.is_empty() {
        let mut fonts: Vec<String> = w
            .unknown_symbols
            .iter()
            .map(|(f, code)| {
                let f = if f.is_empty() { "no font" } else { f.as_str() };
                format!("{f} U+{code:04X}")
            })
            .collect();
        fonts.dedup();
        let shown: Vec<String> = fonts.iter().take(3).cloned().collect();
        warnings.push(format!(
            "{} symbol(s) from a symbol font with no known Unicode equivalent, kept as their code: {}{}",
            w.unknown_symbols.len(),
            shown.join(", "),
            if fonts.len() > 3 { ", …" } else { "" }
        ));
    }
    if w.deletions > 0 {
        warnings.push(format!(
            "tracked changes: {} deletion(s) dropped, insertions kept (as if all changes were accepted)",
            w.deletions
        ));
    }
    let pictures = w.drawings.saturating_sub(w.boxes);
    if pictures > 0 {
        warnings.push(format!(
            "{pictures} picture(s)/drawing(s) without text not imported"
        ));
    }

    let mut text = String::new();
    let mut line = 0usize;
    let mut hints = HashMap::new();
    let mut breaks = HashSet::new();
    let push = |text: &mut String, s: &str, line: &mut usize| {
        if !text.is_empty() {
            text.push_str("\n\n");
            *line += 2;
        }
        text.push_str(s);
        let first = *line;
        *line += s.matches('\n').count();
        first
    };
    for block in &w.blocks {
        match block {
            Block::Para(runs) => {
                let full: String = runs.iter().map(|r| r.text.as_str()).collect();
                if full.trim().is_empty() {
                    continue;
                }
                let hint = bold_label(runs);
                let first = push(&mut text, &full, &mut line);
                if let Some(h) = hint {
                    hints.insert(first, h);
                }
            }
            Block::Row(cells) => {
                let cells: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
                if cells.iter().all(String::is_empty) {
                    continue;
                }
                let header = is_header_row(&cells);
                let (time, speaker, body) = match cells.as_slice() {
                    _ if header => (None, None, None),
                    [s, t] => (None, Some(s), Some(t)),
                    [a, b, t] => match (cell_time(a), cell_time(b)) {
                        (Some(tm), _) => (Some(tm), Some(b), Some(t)),
                        (None, Some(tm)) => (Some(tm), Some(a), Some(t)),
                        _ => (None, None, None),
                    },
                    _ => (None, None, None),
                };
                match (speaker, body) {
                    (Some(s), Some(b)) if !b.is_empty() => {
                        let speaker = s.split_whitespace().collect::<Vec<_>>().join(" ");
                        let mut row = String::new();
                        if let Some((_, shown)) = &time {
                            row.push_str(&format!("[{shown}] "));
                        }
                        if !speaker.is_empty() {
                            row.push_str(&speaker);
                            row.push_str(": ");
                        }
                        let col = row.chars().count();
                        row.push_str(b);
                        let first = push(&mut text, &row, &mut line);
                        if !speaker.is_empty() {
                            hints.insert(
                                first,
                                Hint {
                                    speaker,
                                    content_col: col,
                                    time_ms: time.map(|t| t.0),
                                },
                            );
                        }
                    }
                    _ => {
                        let row = cells.join("\t");
                        let first = push(&mut text, &row, &mut line);
                        if header {
                            breaks.insert(first);
                        }
                    }
                }
            }
        }
    }
    if !text.is_empty() {
        text.push('\n');
    }
    Ok(DocxText {
        text,
        hints,
        breaks,
        warnings,
    })
}

/// A bold run (or runs) opening the paragraph, followed by non-bold text:
/// the bold text is the speaker (a colon inside or right after it is
/// dropped).
fn bold_label(runs: &[Run]) -> Option<Hint> {
    let mut bold = String::new();
    let mut k = 0usize;
    while let Some(r) = runs.get(k) {
        if r.bold || r.text.trim().is_empty() {
            bold.push_str(&r.text);
            k += 1;
        } else {
            break;
        }
    }
    let rest: String = runs.iter().skip(k).map(|r| r.text.as_str()).collect();
    if rest.trim().is_empty() || bold.contains('\n') || !runs.iter().take(k).any(|r| r.bold) {
        return None;
    }
    let label = bold.trim().trim_end_matches(':').trim_end();
    if !label_ok(label) {
        return None;
    }
    // Content column: after the bold part, an optional colon, and spaces.
    let mut col = bold.chars().count();
    let mut rest_chars = rest.chars().peekable();
    while rest_chars.peek().is_some_and(|c| c.is_whitespace()) {
        rest_chars.next();
        col += 1;
    }
    if !bold.trim_end().ends_with(':') && rest_chars.peek() == Some(&':') {
        rest_chars.next();
        col += 1;
        while rest_chars.peek().is_some_and(|c| c.is_whitespace()) {
            rest_chars.next();
            col += 1;
        }
    }
    Some(Hint {
        speaker: label.split_whitespace().collect::<Vec<_>>().join(" "),
        content_col: col,
        time_ms: None,
    })
}
