//! Blind mode: the transcript shows only the current coder's codings (the
//! agreement screen itself is `tui/agreement/update.rs`).

use super::App;
use crate::core::sanitize::one_line;
use crate::core::Coding;

/// The codings the transcript shows: in blind mode only `coder`'s; never
/// zero-length ones (a "settled: none" decision covers no text).
pub(super) fn blind_filter(blind: Option<&str>, codings: Vec<Coding>) -> Vec<Coding> {
    codings
        .into_iter()
        .filter(|c| !c.range.is_empty() && blind.is_none_or(|b| c.coder == b))
        .collect()
}

impl App {
    /// `B`: show only the current coder's codings in the transcript, or all.
    pub(super) fn toggle_blind(&mut self) {
        self.blind = !self.blind;
        self.message = Some(if self.blind {
            format!(
                "blind mode: only {}'s codings are shown",
                one_line(&self.coder)
            )
        } else {
            "blind mode off: every coder's codings are shown".into()
        });
        self.refresh();
    }
}
