//! The shape of a readable export, shared by Markdown, HTML and DOCX: a
//! title, a line about the export, a heading per code with its definition,
//! then each excerpt as a quotation (context around it, dimmed) with its
//! attribution and memo. A codebook report is a heading per code with its
//! fields and counts.

use crate::core::excerpt::{ExcerptRecord, ExportMeta};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    /// A line under the title (counts, date, filters).
    Meta(String),
    /// Level 1 = a top-level code.
    Heading(usize, String),
    /// A labelled field: **Definition.** text.
    Field(&'static str, String),
    /// An example or excerpt as a quotation.
    Quote {
        before: String,
        text: String,
        after: String,
        /// The text goes on before / after what is shown: an ellipsis.
        cut_before: bool,
        cut_after: bool,
    },
    /// `— Speaker, document, 0:12:31 · role: miner`.
    Attribution(String),
    /// A memo on the excerpt above.
    Memo(String),
}

impl Block {
    /// Whether this block ends one excerpt (for progress).
    pub fn ends_excerpt(&self) -> bool {
        matches!(self, Block::Attribution(_))
    }
}

fn meta_line(meta: &ExportMeta, what: String) -> String {
    let generated = crate::core::excerpt::DateTime::parse(&meta.generated)
        .map_or_else(|| meta.generated.clone(), |d| d.readable());
    let mut parts = vec![what, format!("generated {generated}")];
    if meta.pseudonymised {
        parts.push("pseudonymised".into());
    }
    if !meta.filters.is_empty() {
        parts.push(meta.filters.clone());
    }
    parts.join(" · ")
}

use crate::core::plural::count as plural;

pub fn excerpts(meta: &ExportMeta, records: &[ExcerptRecord]) -> Vec<Block> {
    let mut out = vec![
        Block::Title(meta.title.clone()),
        Block::Meta(meta_line(meta, plural(records.len(), "excerpt"))),
    ];
    for (path, group) in super::by_code(records) {
        out.push(Block::Heading(1, path.to_string()));
        if let Some(c) = meta.code(path) {
            if !c.definition.trim().is_empty() {
                out.push(Block::Field("Definition", c.definition.trim().to_string()));
            }
        }
        out.push(Block::Meta(plural(group.len(), "excerpt")));
        for r in group {
            out.push(Block::Quote {
                before: r.before.clone(),
                text: r.text.clone(),
                after: r.after.clone(),
                cut_before: r.before_cut,
                cut_after: r.after_cut,
            });
            out.push(Block::Attribution(format!(
                "{} · coded by {}",
                r.attribution(),
                r.coders_line()
            )));
            if let Some(m) = r.memo.as_deref().filter(|m| !m.trim().is_empty()) {
                out.push(Block::Memo(m.trim().to_string()));
            }
        }
    }
    out
}

pub fn codebook(meta: &ExportMeta) -> Vec<Block> {
    let mut out = vec![
        Block::Title(meta.title.clone()),
        Block::Meta(meta_line(meta, plural(meta.codes.len(), "code"))),
    ];
    for c in &meta.codes {
        out.push(Block::Heading(c.depth + 1, c.path.clone()));
        let mut counts = format!(
            "{} in {}",
            plural(c.count, "passage"),
            plural(c.documents, "document")
        );
        if c.has_subcodes {
            counts.push_str(&format!(
                "; with its sub-codes {} in {}",
                plural(c.with_subcodes, "passage"),
                plural(c.documents_with_subcodes, "document")
            ));
        }
        out.push(Block::Meta(counts));
        for (label, text) in [
            ("Definition", &c.definition),
            ("When to use", &c.when_to_use),
            ("When not to use", &c.when_not_to_use),
        ] {
            if !text.trim().is_empty() {
                out.push(Block::Field(label, text.trim().to_string()));
            }
        }
        if !c.example.trim().is_empty() {
            out.push(Block::Field("Example", String::new()));
            out.push(Block::Quote {
                before: String::new(),
                text: c.example.trim().to_string(),
                after: String::new(),
                cut_before: false,
                cut_after: false,
            });
        }
    }
    out
}
