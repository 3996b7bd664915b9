//! What an export carries: one coded excerpt with everything a report
//! writer needs around it, and the codes it is grouped by. Built by
//! `ops::export` from the store, pseudonymised there, written by
//! `formats::export`.

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

    /// `role: miner, site: Kolwezi`.
    pub fn attributes_line(&self) -> String {
        self.attributes
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
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
