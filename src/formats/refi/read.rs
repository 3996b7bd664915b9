//! `project.qde` → [`Project`]: what Gloss takes from a REFI-QDA project,
//! besides the codebook (read by `codebook::qdc::parse`).
//!
//! Elements are matched by local name whatever the namespace; unknown
//! elements and attributes are ignored; optional attributes may be missing
//! or empty. A DOCTYPE that declares entities is refused, and entities other
//! than the five predefined ones and character references are errors:
//! nothing is fetched or expanded. Errors are one line naming the XML line
//! and element.

use crate::formats::xml::{local, XmlReader};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct Project {
    pub name: String,
    pub origin: String,
    pub creating_user: Option<String>,
    pub users: Vec<User>,
    pub variables: Vec<Variable>,
    pub cases: Vec<Case>,
    pub sources: Vec<TextSource>,
    /// Sources Gloss cannot hold: (element, name).
    pub skipped: Vec<(String, String)>,
    pub notes: Vec<Note>,
    /// NoteRefs on codes: (code guid, note guid).
    pub code_notes: Vec<(String, String)>,
    /// NoteRefs on the project itself.
    pub project_notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct User {
    pub guid: String,
    pub name: String,
}

#[derive(Debug, Clone, Default)]
pub struct Variable {
    pub guid: String,
    pub name: String,
}

#[derive(Debug, Clone, Default)]
pub struct Case {
    pub guid: String,
    pub name: String,
    /// (variable guid, value as text).
    pub values: Vec<(String, String)>,
    /// Source guids.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct TextSource {
    pub guid: String,
    pub name: String,
    pub plain_text_path: Option<String>,
    /// Inline `<PlainTextContent>`.
    pub content: Option<String>,
    pub selections: Vec<Selection>,
    /// Codings of the whole source.
    pub codings: Vec<CodingRef>,
    pub notes: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub start: i64,
    pub end: i64,
    pub codings: Vec<CodingRef>,
    pub notes: Vec<String>,
    pub description: String,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct CodingRef {
    pub guid: Option<String>,
    pub code: Option<String>,
    pub user: Option<String>,
    pub created: Option<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Note {
    pub guid: String,
    pub name: String,
    pub content: Option<String>,
    pub plain_text_path: Option<String>,
    pub user: Option<String>,
    pub created: Option<String>,
}

const VALUE_ELEMENTS: [&str; 6] = [
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
];

const OTHER_SOURCES: [&str; 4] = ["PictureSource", "PDFSource", "AudioSource", "VideoSource"];

#[derive(Default)]
struct St {
    p: Project,
    stack: Vec<String>,
    code_guids: Vec<String>,
    source: Option<TextSource>,
    sel: Option<Selection>,
    coding: Option<CodingRef>,
    note: Option<Note>,
    case: Option<Case>,
    value: (Option<String>, Option<String>),
    text: Option<String>,
}

fn one_line(s: &str) -> String {
    crate::core::sanitize::one_line(s)
}

fn attrs(e: &BytesStart<'_>, line: usize, name: &str) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    for a in e.attributes().with_checks(false) {
        let a =
            a.map_err(|err| format!("line {line}: <{name}>: {}", one_line(&err.to_string())))?;
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
        let value = a
            .unescape_value()
            .map_err(|err| {
                format!(
                    "line {line}: <{name}> attribute {key}: {}",
                    one_line(&err.to_string())
                )
            })?
            .into_owned();
        out.insert(key, value);
    }
    Ok(out)
}

fn opt(a: &HashMap<String, String>, k: &str) -> Option<String> {
    a.get(k)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn guid_of(a: &HashMap<String, String>, k: &str) -> Option<String> {
    a.get(k).and_then(|g| super::guid(g))
}

fn position(a: &HashMap<String, String>, k: &str, line: usize) -> Result<i64, String> {
    let v = a.get(k).ok_or_else(|| {
        format!("line {line}: <PlainTextSelection> without the required {k} attribute")
    })?;
    v.trim().parse::<i64>().map_err(|_| {
        format!(
            "line {line}: <PlainTextSelection> {k}={:?} is not a whole number",
            one_line(v)
        )
    })
}

impl St {
    fn parent(&self) -> &str {
        self.stack.last().map_or("", String::as_str)
    }

    fn start(&mut self, e: &BytesStart<'_>, name: &str, line: usize) -> Result<(), String> {
        let parent = self.parent().to_string();
        if self.stack.is_empty() {
            if name != "Project" {
                return Err(format!(
                    "line {line}: root element <{}>: not a REFI-QDA project (<Project>)",
                    one_line(name)
                ));
            }
            let a = attrs(e, line, name)?;
            self.p.name = a.get("name").cloned().unwrap_or_default();
            self.p.origin = a.get("origin").cloned().unwrap_or_default();
            self.p.creating_user = guid_of(&a, "creatingUserGUID");
            return Ok(());
        }
        match (name, parent.as_str()) {
            ("User", "Users") => {
                let a = attrs(e, line, name)?;
                if let Some(guid) = guid_of(&a, "guid") {
                    let n = opt(&a, "name")
                        .or_else(|| opt(&a, "id"))
                        .unwrap_or_default();
                    self.p.users.push(User { guid, name: n });
                }
            }
            ("Code", "Codes" | "Code") => {
                let a = attrs(e, line, name)?;
                self.code_guids
                    .push(guid_of(&a, "guid").unwrap_or_default());
            }
            ("Variable", "Variables") => {
                let a = attrs(e, line, name)?;
                if let Some(guid) = guid_of(&a, "guid") {
                    let n = a.get("name").cloned().unwrap_or_default();
                    self.p.variables.push(Variable { guid, name: n });
                }
            }
            ("Case", "Cases") => {
                let a = attrs(e, line, name)?;
                self.case = Some(Case {
                    guid: guid_of(&a, "guid").unwrap_or_default(),
                    name: a.get("name").cloned().unwrap_or_default(),
                    ..Case::default()
                });
            }
            ("VariableValue", "Case") => self.value = (None, None),
            ("VariableRef", "VariableValue") => {
                let a = attrs(e, line, name)?;
                self.value.0 = guid_of(&a, "targetGUID");
            }
            (v, "VariableValue") if VALUE_ELEMENTS.contains(&v) => self.text = Some(String::new()),
            ("SourceRef", "Case") => {
                let a = attrs(e, line, name)?;
                if let (Some(c), Some(g)) = (self.case.as_mut(), guid_of(&a, "targetGUID")) {
                    c.sources.push(g);
                }
            }
            ("TextSource", "Sources") => {
                let a = attrs(e, line, name)?;
                self.source = Some(TextSource {
                    guid: guid_of(&a, "guid").unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
                    name: a
                        .get("name")
                        .map(|n| n.trim().to_string())
                        .unwrap_or_default(),
                    plain_text_path: opt(&a, "plainTextPath"),
                    line,
                    ..TextSource::default()
                });
            }
            (kind, "Sources") if OTHER_SOURCES.contains(&kind) => {
                let a = attrs(e, line, name)?;
                let n = opt(&a, "name")
                    .or_else(|| opt(&a, "path"))
                    .unwrap_or_else(|| a.get("guid").cloned().unwrap_or_default());
                self.p.skipped.push((kind.to_string(), n));
            }
            ("PlainTextContent", "TextSource" | "Note") => self.text = Some(String::new()),
            ("PlainTextSelection", "TextSource") if self.source.is_some() => {
                let a = attrs(e, line, name)?;
                self.sel = Some(Selection {
                    start: position(&a, "startPosition", line)?,
                    end: position(&a, "endPosition", line)?,
                    line,
                    ..Selection::default()
                });
            }
            ("Description", "PlainTextSelection") if self.sel.is_some() => {
                self.text = Some(String::new());
            }
            ("Coding", "PlainTextSelection" | "TextSource")
                if self.sel.is_some() || self.source.is_some() =>
            {
                let a = attrs(e, line, name)?;
                self.coding = Some(CodingRef {
                    guid: guid_of(&a, "guid"),
                    user: guid_of(&a, "creatingUser"),
                    created: opt(&a, "creationDateTime"),
                    ..CodingRef::default()
                });
            }
            ("CodeRef", "Coding") => {
                let a = attrs(e, line, name)?;
                if let Some(c) = self.coding.as_mut() {
                    c.code = guid_of(&a, "targetGUID");
                }
            }
            ("Note", "Notes") => {
                let a = attrs(e, line, name)?;
                self.note = Some(Note {
                    guid: guid_of(&a, "guid").unwrap_or_default(),
                    name: a
                        .get("name")
                        .map(|n| n.trim().to_string())
                        .unwrap_or_default(),
                    plain_text_path: opt(&a, "plainTextPath"),
                    user: guid_of(&a, "creatingUser"),
                    created: opt(&a, "creationDateTime"),
                    content: None,
                });
            }
            ("NoteRef", _) => {
                let a = attrs(e, line, name)?;
                let Some(target) = guid_of(&a, "targetGUID") else {
                    return Ok(());
                };
                match parent.as_str() {
                    "Coding" => {
                        if let Some(c) = self.coding.as_mut() {
                            c.notes.push(target);
                        }
                    }
                    "PlainTextSelection" => {
                        if let Some(s) = self.sel.as_mut() {
                            s.notes.push(target);
                        }
                    }
                    "TextSource" => {
                        if let Some(s) = self.source.as_mut() {
                            s.notes.push(target);
                        }
                    }
                    "Code" => {
                        if let Some(g) = self.code_guids.last().filter(|g| !g.is_empty()) {
                            self.p.code_notes.push((g.clone(), target));
                        }
                    }
                    "Project" => self.p.project_notes.push(target),
                    _ => {}
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) {
        let parent = self.parent().to_string();
        match (name, parent.as_str()) {
            ("Code", "Codes" | "Code") => {
                self.code_guids.pop();
            }
            ("Case", "Cases") => {
                if let Some(c) = self.case.take() {
                    self.p.cases.push(c);
                }
            }
            (v, "VariableValue") if VALUE_ELEMENTS.contains(&v) => {
                self.value.1 = self.text.take();
            }
            ("VariableValue", "Case") => {
                if let (Some(c), (Some(var), Some(val))) =
                    (self.case.as_mut(), std::mem::take(&mut self.value))
                {
                    c.values.push((var, val));
                }
            }
            ("PlainTextContent", "TextSource") => {
                if let Some(s) = self.source.as_mut() {
                    s.content = self.text.take();
                }
            }
            ("PlainTextContent", "Note") => {
                if let Some(n) = self.note.as_mut() {
                    n.content = self.text.take();
                }
            }
            ("Description", "PlainTextSelection") => {
                if let (Some(s), Some(t)) = (self.sel.as_mut(), self.text.take()) {
                    s.description = t;
                }
            }
            ("Coding", "PlainTextSelection") => {
                if let (Some(s), Some(c)) = (self.sel.as_mut(), self.coding.take()) {
                    s.codings.push(c);
                }
            }
            ("Coding", "TextSource") => {
                if let (Some(s), Some(c)) = (self.source.as_mut(), self.coding.take()) {
                    s.codings.push(c);
                }
            }
            ("PlainTextSelection", "TextSource") => {
                if let (Some(src), Some(sel)) = (self.source.as_mut(), self.sel.take()) {
                    src.selections.push(sel);
                }
            }
            ("TextSource", "Sources") => {
                if let Some(s) = self.source.take() {
                    self.p.sources.push(s);
                }
            }
            ("Note", "Notes") => {
                if let Some(n) = self.note.take() {
                    self.p.notes.push(n);
                }
            }
            _ => {}
        }
    }
}

/// Parses `project.qde` (UTF-8, a BOM allowed).
pub fn parse_project(xml: &str) -> Result<Project, String> {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let mut reader = XmlReader::new(xml);
    let mut st = St::default();
    let mut seen_root = false;
    loop {
        let (ev, line) = reader.next()?;
        match ev {
            Event::Eof => break,
            Event::DocType(d)
                if String::from_utf8_lossy(&d)
                    .to_ascii_uppercase()
                    .contains("<!ENTITY") =>
            {
                return Err(format!(
                    "line {line}: the DOCTYPE declares entities (refused: entities are never expanded)"
                ));
            }
            Event::Start(e) => {
                let name = local(&e);
                st.start(&e, &name, line)?;
                seen_root = true;
                st.stack.push(name);
            }
            Event::Empty(e) => {
                let name = local(&e);
                st.start(&e, &name, line)?;
                seen_root = true;
                st.stack.push(name.clone());
                st.stack.pop();
                st.end(&name);
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                st.stack.pop();
                st.end(&name);
            }
            Event::Text(t) => {
                if let Some(buf) = st.text.as_mut() {
                    let s = t
                        .xml10_content()
                        .map_err(|e| format!("line {line}: {}", one_line(&e.to_string())))?;
                    buf.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(buf) = st.text.as_mut() {
                    buf.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => {
                        let n = r.decode().unwrap_or_default();
                        match n.as_ref() {
                            "lt" => '<',
                            "gt" => '>',
                            "amp" => '&',
                            "apos" => '\'',
                            "quot" => '"',
                            _ => {
                                return Err(format!(
                                    "line {line}: unknown entity &{}; (entities are not expanded)",
                                    one_line(&n)
                                ))
                            }
                        }
                    }
                    Err(e) => return Err(format!("line {line}: {}", one_line(&e.to_string()))),
                };
                if let Some(buf) = st.text.as_mut() {
                    buf.push(c);
                }
            }
            _ => {}
        }
    }
    if let Some(open) = st.stack.last() {
        return Err(format!(
            "broken XML at line {}: <{}> is never closed",
            reader.last_line(),
            one_line(open)
        ));
    }
    if !seen_root {
        return Err("no <Project> element: not a REFI-QDA project".into());
    }
    Ok(st.p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_parts_gloss_uses() {
        let xml = "\u{feff}<?xml version=\"1.0\"?>
<Project xmlns=\"urn:QDA-XML:project:0:10\" name=\"p\" origin=\"NVivo 12\">
<Users><User guid=\"{AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA}\" name=\"Ann\"/><User guid=\"bad\"/></Users>
<CodeBook><Codes><Code guid=\"11111111-1111-1111-1111-111111111111\" name=\"c\" isCodable=\"true\"><NoteRef targetGUID=\"22222222-2222-2222-2222-222222222222\"/></Code></Codes></CodeBook>
<Variables><Variable guid=\"33333333-3333-3333-3333-333333333333\" name=\"age\" typeOfVariable=\"Integer\"/></Variables>
<Cases><Case guid=\"44444444-4444-4444-4444-444444444444\" name=\"Ann\"><VariableValue><VariableRef targetGUID=\"33333333-3333-3333-3333-333333333333\"/><IntegerValue>42</IntegerValue></VariableValue><SourceRef targetGUID=\"55555555-5555-5555-5555-555555555555\"/></Case></Cases>
<Sources>
<TextSource guid=\"55555555-5555-5555-5555-555555555555\" plainTextPath=\"a.txt\">
 <PlainTextSelection guid=\"66666666-6666-6666-6666-666666666666\" startPosition=\"0\" endPosition=\"5\"><Description>d &amp; e</Description>
  <Coding guid=\"77777777-7777-7777-7777-777777777777\" creatingUser=\"AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA\"><CodeRef targetGUID=\"11111111-1111-1111-1111-111111111111\"/></Coding>
 </PlainTextSelection>
 <NoteRef targetGUID=\"22222222-2222-2222-2222-222222222222\"/>
</TextSource>
<PDFSource guid=\"88888888-8888-8888-8888-888888888888\" name=\"scan.pdf\"><Representation guid=\"99999999-9999-9999-9999-999999999999\"><PlainTextSelection guid=\"66666666-6666-6666-6666-666666666666\" startPosition=\"1\" endPosition=\"2\"/></Representation></PDFSource>
</Sources>
<Notes><Note guid=\"22222222-2222-2222-2222-222222222222\" name=\"n\"><PlainTextContent>hello&#10;world</PlainTextContent></Note></Notes>
</Project>";
        let p = parse_project(xml).expect("parses");
        assert_eq!(p.origin, "NVivo 12");
        assert_eq!(p.users.len(), 1);
        assert_eq!(p.users[0].guid, "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa");
        assert_eq!(p.code_notes.len(), 1);
        assert_eq!(
            p.cases[0].values,
            vec![(
                "33333333-3333-3333-3333-333333333333".to_string(),
                "42".to_string()
            )]
        );
        assert_eq!(
            p.sources.len(),
            1,
            "the PDF representation is not a text source"
        );
        let s = &p.sources[0];
        assert_eq!(s.selections.len(), 1);
        assert_eq!(s.selections[0].description, "d & e");
        assert_eq!(
            s.selections[0].codings[0].user.as_deref(),
            Some("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa")
        );
        assert_eq!(s.notes.len(), 1);
        assert_eq!(
            p.skipped,
            vec![("PDFSource".to_string(), "scan.pdf".to_string())]
        );
        assert_eq!(p.notes[0].content.as_deref(), Some("hello\nworld"));
    }

    #[test]
    fn errors_are_one_line_with_the_place() {
        let e = parse_project("<Project name=\"x\"><Sources>\n<TextSource guid=\"x\"><PlainTextSelection startPosition=\"a\" endPosition=\"2\"/></TextSource></Sources></Project>").expect_err("fails");
        assert!(
            e.starts_with("line 2: <PlainTextSelection> startPosition=\"a\""),
            "{e}"
        );
        let e = parse_project("<Project name=\"x\"><Sources>").expect_err("fails");
        assert!(e.contains("never closed"), "{e}");
        let e = parse_project("<CodeBook/>").expect_err("fails");
        assert!(e.contains("not a REFI-QDA project"), "{e}");
        let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<Project name=\"&x;\"/>";
        let e = parse_project(xxe).expect_err("fails");
        assert!(e.contains("entities"), "{e}");
        let e = parse_project("<Project name=\"p\"><Notes><Note guid=\"22222222-2222-2222-2222-222222222222\"><PlainTextContent>&x;</PlainTextContent></Note></Notes></Project>").expect_err("fails");
        assert!(e.contains("unknown entity &x;"), "{e}");
    }
}
