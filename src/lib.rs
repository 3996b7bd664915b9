//! Gloss: qualitative analysis of interview transcripts in the terminal.
//!
//! Layers (each may use only the ones above it):
//! `core` (pure domain) → `store` (SQLite) and `formats` (importers) →
//! `ops` (operations shared by both front ends) → `cli` and `tui`;
//! `player` (mpv over its IPC socket) stands apart and uses only `core`
//! (its benchmark the percentiles of `ops::measure`).

pub mod cli;
pub mod core;
pub mod formats;
pub mod index;
pub mod ops;
pub mod player;
pub mod store;
pub mod tui;
