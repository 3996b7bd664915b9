//! Excerpts (or a codebook report) as one self-contained HTML page: the
//! style sheet inline, nothing loaded from elsewhere, readable on screen
//! and printed (a code never starts at the foot of a page, a quotation is
//! never split). Every piece of text is escaped.

use super::blocks::Block;
use std::io::Write;

const STYLE: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}
h1{font-size:1.6em}h2{font-size:1.3em;border-bottom:1px solid #ccc;margin-top:2em;page-break-after:avoid}
h3,h4,h5,h6{page-break-after:avoid}
.meta{color:#666;font-style:italic}
blockquote{margin:1em 0 .2em 0;padding:.2em 1em;border-left:4px solid #999;page-break-inside:avoid}
blockquote .ctx{color:#777}
blockquote mark{background:none;font-weight:bold;color:#000}
.attr{margin:0 0 1.2em 1.3em;color:#444;font-size:.9em}
.memo{margin:0 0 1.2em 1.3em;font-size:.9em;color:#555}
@media print{body{max-width:none;margin:0}a{color:inherit}}";

/// `&`, `<`, `>`, `"` and `'` escaped; characters XML cannot hold replaced.
pub fn escape(s: &str) -> String {
    let s = super::xml_safe(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped, with new lines as `<br>`.
fn lines(s: &str) -> String {
    escape(s).replace('\n', "<br>\n")
}

pub fn write<W: Write>(
    out: W,
    title: &str,
    blocks: &[Block],
    progress: &mut dyn FnMut(usize),
) -> Result<(), String> {
    let mut w = std::io::BufWriter::new(out);
    let e = |e: std::io::Error| e.to_string();
    write!(
        w,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n",
        escape(title)
    )
    .map_err(e)?;
    let mut done: usize = 0;
    for b in blocks {
        match b {
            Block::Title(t) => writeln!(w, "<h1>{}</h1>", escape(t)).map_err(e)?,
            Block::Meta(m) => writeln!(w, "<p class=\"meta\">{}</p>", escape(m)).map_err(e)?,
            Block::Heading(level, t) => {
                let h = (level + 1).min(6);
                writeln!(w, "<h{h}>{}</h{h}>", escape(t)).map_err(e)?
            }
            Block::Field(label, text) => {
                writeln!(w, "<p><strong>{label}.</strong> {}</p>", lines(text)).map_err(e)?
            }
            Block::Quote {
                before,
                text,
                after,
                cut_before,
                cut_after,
            } => {
                let mut s = String::from("<blockquote><p>");
                let dots = |cut: bool| if cut { "…" } else { "" };
                if !before.is_empty() || *cut_before {
                    s.push_str(&format!(
                        "<span class=\"ctx\">{}{}</span>",
                        dots(*cut_before),
                        lines(before)
                    ));
                }
                if before.is_empty() && after.is_empty() {
                    s.push_str(&lines(text));
                } else {
                    s.push_str(&format!("<mark>{}</mark>", lines(text)));
                }
                if !after.is_empty() || *cut_after {
                    s.push_str(&format!(
                        "<span class=\"ctx\">{}{}</span>",
                        lines(after),
                        dots(*cut_after)
                    ));
                }
                s.push_str("</p></blockquote>");
                writeln!(w, "{s}").map_err(e)?;
            }
            Block::Attribution(a) => {
                writeln!(w, "<p class=\"attr\">— {}</p>", escape(a)).map_err(e)?;
                done += 1;
                if done.is_multiple_of(1000) {
                    progress(done);
                }
            }
            Block::Memo(m) => {
                writeln!(w, "<p class=\"memo\"><em>Memo:</em> {}</p>", lines(m)).map_err(e)?
            }
        }
    }
    writeln!(w, "</body>\n</html>").map_err(e)?;
    progress(done);
    w.flush().map_err(e)
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
