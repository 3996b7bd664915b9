//! Reading XML the way both REFI-QDA readers (`.qdc` codebooks and
//! `project.qde`) need it: events with the line they end on, errors as one
//! line naming that line, element names without their namespace prefix.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A pull reader over an XML text that knows its line numbers.
///
/// Lines are counted incrementally: each event scans only the bytes since
/// the previous one, so reading is linear in the input (counting from the
/// start at every event made 100,000 comments take minutes).
pub struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    xml: &'a str,
    /// Newlines before byte `counted_to`, plus one: the line there.
    line: usize,
    counted_to: usize,
    /// Elements open now.
    depth: usize,
}

/// How deep elements may nest. Real projects nest a few levels (a code
/// tree of ten is deep); a hostile file nested 100,000 deep would otherwise
/// overflow the stack of everything that walks the code tree it becomes.
pub const MAX_DEPTH: usize = 256;

impl<'a> XmlReader<'a> {
    pub fn new(xml: &'a str) -> Self {
        XmlReader {
            reader: Reader::from_str(xml),
            xml,
            line: 1,
            counted_to: 0,
            depth: 0,
        }
    }

    /// The next event and the (1-based) line where it ends.
    pub fn next(&mut self) -> Result<(Event<'a>, usize), String> {
        let ev = match self.reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let at = self.line_at(self.reader.error_position());
                return Err(format!(
                    "broken XML at line {at}: {}",
                    crate::core::sanitize::one_line(&e.to_string())
                ));
            }
        };
        let line = self.advance_to(self.reader.buffer_position());
        match &ev {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(format!(
                        "line {line}: elements nested more than {MAX_DEPTH} deep"
                    ));
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok((ev, line))
    }

    /// The line of byte `pos` at or after the last event's end, counting on
    /// from there.
    fn advance_to(&mut self, pos: u64) -> usize {
        let pos = self.clamp(pos);
        if pos < self.counted_to {
            return self.line_at(pos as u64);
        }
        self.line += newlines(self.xml.as_bytes().get(self.counted_to..pos));
        self.counted_to = pos;
        self.line
    }

    fn clamp(&self, pos: u64) -> usize {
        usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.xml.len())
    }

    /// The line of byte `pos` (for errors: counts from the last event when
    /// it can, from the start otherwise).
    pub fn line_at(&self, pos: u64) -> usize {
        let pos = self.clamp(pos);
        let bytes = self.xml.as_bytes();
        if pos >= self.counted_to {
            self.line + newlines(bytes.get(self.counted_to..pos))
        } else {
            1 + newlines(bytes.get(..pos))
        }
    }

    /// The line of the text's end (for "never closed" errors).
    pub fn last_line(&self) -> usize {
        self.line_at(self.xml.len() as u64)
    }
}

fn newlines(b: Option<&[u8]>) -> usize {
    b.map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
}

/// An element's name without its namespace prefix.
pub fn local(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_on_from_the_last_event() {
        let xml = "<a>\n<!-- x -->\n\n<b/>\n</a>\n<c";
        let mut r = XmlReader::new(xml);
        let mut lines = Vec::new();
        loop {
            match r.next() {
                Ok((Event::Eof, _)) => break,
                Ok((_, line)) => lines.push(line),
                Err(e) => {
                    assert!(e.starts_with("broken XML at line 6"), "{e}");
                    break;
                }
            }
        }
        // <a>, text, comment, text, <b/>, text, </a>, text
        assert_eq!(lines, vec![1, 2, 2, 4, 4, 5, 5, 6]);
        assert_eq!(r.line_at(0), 1);
        assert_eq!(r.last_line(), 6);
    }

    #[test]
    fn deep_nesting_is_refused_with_its_line() {
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        let mut r = XmlReader::new(&ok);
        while !matches!(r.next(), Ok((Event::Eof, _))) {}
        let deep = format!("<a>\n{}", "<a>".repeat(100_000));
        let mut r = XmlReader::new(&deep);
        let e = loop {
            match r.next() {
                Ok((Event::Eof, _)) => panic!("accepted"),
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        assert_eq!(
            e,
            format!("line 2: elements nested more than {MAX_DEPTH} deep")
        );
    }
}
