//! Reading XML the way both REFI-QDA readers (`.qdc` codebooks and
//! `project.qde`) need it: events with the line they end on, errors as one
//! line naming that line, element names without their namespace prefix.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A pull reader over an XML text that knows its line numbers.
pub struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    xml: &'a str,
}

impl<'a> XmlReader<'a> {
    pub fn new(xml: &'a str) -> Self {
        XmlReader {
            reader: Reader::from_str(xml),
            xml,
        }
    }

    /// The next event and the (1-based) line where it ends.
    pub fn next(&mut self) -> Result<(Event<'a>, usize), String> {
        let ev = self.reader.read_event().map_err(|e| {
            format!(
                "broken XML at line {}: {}",
                self.line_at(self.reader.error_position()),
                crate::core::sanitize::one_line(&e.to_string())
            )
        })?;
        Ok((ev, self.line_at(self.reader.buffer_position())))
    }

    /// The line of byte `pos`.
    pub fn line_at(&self, pos: u64) -> usize {
        let pos = usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.xml.len());
        self.xml
            .as_bytes()
            .get(..pos)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
            + 1
    }

    /// The line of the text's end (for "never closed" errors).
    pub fn last_line(&self) -> usize {
        self.line_at(self.xml.len() as u64)
    }
}

/// An element's name without its namespace prefix.
pub fn local(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}
