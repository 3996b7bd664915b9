//! Excerpts (or a codebook report) as Markdown: `##` per code, quotations
//! as blockquotes with the passage in bold inside its context, then the
//! attribution. Markdown punctuation in the text is escaped so it shows as
//! typed.

use super::blocks::Block;
use crate::formats::codebook::markdown::{block as para, inline};
use std::io::Write;

pub fn write<W: Write>(
    out: W,
    blocks: &[Block],
    progress: &mut dyn FnMut(usize),
) -> Result<(), String> {
    let mut w = std::io::BufWriter::new(out);
    let mut done: usize = 0;
    let e = |e: std::io::Error| e.to_string();
    for b in blocks {
        match b {
            Block::Title(t) => write!(w, "# {}\n\n", inline(t)).map_err(e)?,
            Block::Meta(m) => write!(w, "*{}*\n\n", inline(m)).map_err(e)?,
            Block::Heading(level, t) => {
                write!(w, "{} {}\n\n", "#".repeat((level + 1).min(6)), inline(t)).map_err(e)?
            }
            Block::Field(label, text) if text.is_empty() => {
                write!(w, "**{label}.**\n\n").map_err(e)?
            }
            Block::Field(label, text) => write!(w, "**{label}.** {}\n\n", para(text)).map_err(e)?,
            Block::Quote {
                before,
                text,
                after,
                cut_before,
                cut_after,
            } => {
                let mut s = String::new();
                if *cut_before {
                    s.push('…');
                }
                if !before.is_empty() {
                    s.push_str(&inline(before));
                }
                let body = para(text);
                if before.is_empty() && after.is_empty() {
                    s.push_str(&body);
                } else {
                    s.push_str("**");
                    s.push_str(body.trim());
                    s.push_str("**");
                }
                if !after.is_empty() {
                    s.push_str(&inline(after));
                }
                if *cut_after {
                    s.push('…');
                }
                for line in s.lines() {
                    if line.trim().is_empty() {
                        writeln!(w, ">").map_err(e)?;
                    } else {
                        writeln!(w, "> {line}").map_err(e)?;
                    }
                }
            }
            Block::Attribution(a) => {
                write!(w, ">\n> — {}\n\n", inline(a)).map_err(e)?;
                done += 1;
                if done.is_multiple_of(1000) {
                    progress(done);
                }
            }
            Block::Memo(m) => write!(w, "*Memo:* {}\n\n", para(m)).map_err(e)?,
        }
    }
    progress(done);
    w.flush().map_err(e)
}
