//! [`Export`] → `project.qde` and the `.qdpx` zip. Strict: UTF-8 without
//! BOM, the 1.0 namespace, children in `Project.xsd` order, no empty
//! containers, `isCodable` always present, colours `#RRGGBB`, dates only
//! when they are valid `xsd:dateTime`. Texts go to `sources/<GUID>.txt`
//! (UTF-8, LF, no BOM) and are referenced as `internal://<GUID>.txt`.

use super::positions::{utf16_offsets, Unit};
use crate::formats::codebook::qdc::{attr, xml_text};

pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// A project to write. GUIDs are lower-case UUIDs; offsets are Gloss char
/// offsets into the source's text.
#[derive(Debug, Clone, Default)]
pub struct Export {
    pub name: String,
    pub created: Option<String>,
    /// (guid, name).
    pub users: Vec<(String, String)>,
    pub codes: Vec<Code>,
    /// (guid, name); every variable is Text.
    pub variables: Vec<(String, String)>,
    pub cases: Vec<Case>,
    pub sources: Vec<Source>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Default)]
pub struct Code {
    pub guid: String,
    pub name: String,
    pub color: Option<String>,
    pub description: String,
    pub notes: Vec<String>,
    pub children: Vec<Code>,
}

#[derive(Debug, Clone, Default)]
pub struct Case {
    pub guid: String,
    pub name: String,
    /// (variable guid, value).
    pub values: Vec<(String, String)>,
    pub source: String,
}

#[derive(Debug, Clone, Default)]
pub struct Source {
    pub guid: String,
    pub name: String,
    pub text: String,
    pub created: Option<String>,
    pub selections: Vec<Selection>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub guid: String,
    pub start: usize,
    pub end: usize,
    pub user: Option<String>,
    pub created: Option<String>,
    pub codings: Vec<Coding>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Coding {
    pub guid: String,
    pub code: String,
    pub user: Option<String>,
    pub created: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Note {
    pub guid: String,
    pub name: String,
    pub text: String,
    pub user: Option<String>,
    pub created: Option<String>,
}

/// Whether `s` is an `xsd:dateTime` (`YYYY-MM-DDThh:mm:ss[.f+][Z|±hh:mm]`).
pub fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() < 19
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || b[10] != b'T'
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut rest = s.get(19..).unwrap_or("");
    if let Some(r) = rest.strip_prefix('.') {
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = r.get(n..).unwrap_or("");
    }
    match rest {
        "" | "Z" => true,
        tz => {
            let t = tz.as_bytes();
            t.len() == 6
                && (t[0] == b'+' || t[0] == b'-')
                && t[1..3].iter().all(u8::is_ascii_digit)
                && t[3] == b':'
                && t[4..6].iter().all(u8::is_ascii_digit)
        }
    }
}

fn meta(out: &mut String, user_key: &str, user: &Option<String>, created: &Option<String>) {
    if let Some(u) = user {
        out.push_str(&format!(" {user_key}=\"{}\"", attr(u)));
    }
    if let Some(c) = created.as_deref().filter(|c| is_datetime(c)) {
        out.push_str(&format!(" creationDateTime=\"{}\"", attr(c)));
    }
}

fn note_refs(out: &mut String, notes: &[String], indent: &str) {
    for n in notes {
        out.push_str(&format!("{indent}<NoteRef targetGUID=\"{n}\"/>\n"));
    }
}

fn write_code(out: &mut String, c: &Code, depth: usize) {
    let indent = "  ".repeat(depth);
    out.push_str(&format!(
        "{indent}<Code guid=\"{}\" name=\"{}\" isCodable=\"true\"",
        c.guid,
        attr(&c.name)
    ));
    if let Some(color) = c
        .color
        .as_deref()
        .and_then(crate::core::codebook::parse_color)
    {
        out.push_str(&format!(" color=\"{}\"", color.to_ascii_uppercase()));
    }
    if c.description.is_empty() && c.notes.is_empty() && c.children.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    if !c.description.is_empty() {
        out.push_str(&format!(
            "{indent}  <Description>{}</Description>\n",
            xml_text(&c.description)
        ));
    }
    note_refs(out, &c.notes, &format!("{indent}  "));
    for child in &c.children {
        write_code(out, child, depth + 1);
    }
    out.push_str(&format!("{indent}</Code>\n"));
}

/// The name of a source's text file in `sources/`.
pub fn source_file(s: &Source) -> String {
    format!("{}.txt", s.guid)
}

/// `project.qde` for `e`, with positions in `unit`.
pub fn project_xml(e: &Export, unit: Unit) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<Project xmlns=\"{NAMESPACE}\" name=\"{}\" origin=\"Gloss {}\"",
        attr(&e.name),
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(c) = e.created.as_deref().filter(|c| is_datetime(c)) {
        out.push_str(&format!(" creationDateTime=\"{}\"", attr(c)));
    }
    out.push_str(">\n");
    if !e.users.is_empty() {
        out.push_str("  <Users>\n");
        for (g, n) in &e.users {
            out.push_str(&format!("    <User guid=\"{g}\" name=\"{}\"/>\n", attr(n)));
        }
        out.push_str("  </Users>\n");
    }
    if !e.codes.is_empty() {
        out.push_str("  <CodeBook>\n    <Codes>\n");
        for c in &e.codes {
            write_code(&mut out, c, 3);
        }
        out.push_str("    </Codes>\n  </CodeBook>\n");
    }
    if !e.variables.is_empty() {
        out.push_str("  <Variables>\n");
        for (g, n) in &e.variables {
            out.push_str(&format!(
                "    <Variable guid=\"{g}\" name=\"{}\" typeOfVariable=\"Text\"/>\n",
                attr(n)
            ));
        }
        out.push_str("  </Variables>\n");
    }
    if !e.cases.is_empty() {
        out.push_str("  <Cases>\n");
        for c in &e.cases {
            out.push_str(&format!(
                "    <Case guid=\"{}\" name=\"{}\">\n",
                c.guid,
                attr(&c.name)
            ));
            for (var, value) in &c.values {
                out.push_str(&format!(
                    "      <VariableValue><VariableRef targetGUID=\"{var}\"/><TextValue>{}</TextValue></VariableValue>\n",
                    xml_text(value)
                ));
            }
            out.push_str(&format!(
                "      <SourceRef targetGUID=\"{}\"/>\n    </Case>\n",
                c.source
            ));
        }
        out.push_str("  </Cases>\n");
    }
    if !e.sources.is_empty() {
        out.push_str("  <Sources>\n");
        for s in &e.sources {
            write_source(&mut out, s, unit);
        }
        out.push_str("  </Sources>\n");
    }
    if !e.notes.is_empty() {
        out.push_str("  <Notes>\n");
        for n in &e.notes {
            out.push_str(&format!(
                "    <Note guid=\"{}\" name=\"{}\"",
                n.guid,
                attr(&n.name)
            ));
            meta(&mut out, "creatingUser", &n.user, &n.created);
            out.push_str(&format!(
                ">\n      <PlainTextContent>{}</PlainTextContent>\n    </Note>\n",
                xml_text(&n.text)
            ));
        }
        out.push_str("  </Notes>\n");
    }
    out.push_str("</Project>\n");
    out
}

fn write_source(out: &mut String, s: &Source, unit: Unit) {
    out.push_str(&format!(
        "    <TextSource guid=\"{}\" name=\"{}\" plainTextPath=\"internal://{}\"",
        s.guid,
        attr(&s.name),
        source_file(s)
    ));
    meta(out, "creatingUser", &None, &s.created);
    if s.selections.is_empty() && s.notes.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    let offsets = match unit {
        Unit::Utf16 => Some(utf16_offsets(&s.text)),
        Unit::CodePoints => None,
    };
    let pos = |c: usize| match &offsets {
        Some(o) => o.get(c).copied().unwrap_or(c as u64),
        None => c as u64,
    };
    for sel in &s.selections {
        out.push_str(&format!(
            "      <PlainTextSelection guid=\"{}\" startPosition=\"{}\" endPosition=\"{}\"",
            sel.guid,
            pos(sel.start),
            pos(sel.end)
        ));
        meta(out, "creatingUser", &sel.user, &sel.created);
        out.push_str(">\n");
        for c in &sel.codings {
            out.push_str(&format!("        <Coding guid=\"{}\"", c.guid));
            meta(out, "creatingUser", &c.user, &c.created);
            out.push_str(&format!(
                ">\n          <CodeRef targetGUID=\"{}\"/>\n        </Coding>\n",
                c.code
            ));
        }
        note_refs(out, &sel.notes, "        ");
        out.push_str("      </PlainTextSelection>\n");
    }
    note_refs(out, &s.notes, "      ");
    out.push_str("    </TextSource>\n");
}

/// The whole `.qdpx`.
pub fn qdpx(e: &Export, unit: Unit) -> Result<Vec<u8>, String> {
    let xml = project_xml(e, unit);
    let files: Vec<(String, Vec<u8>)> = e
        .sources
        .iter()
        .map(|s| (source_file(s), s.text.as_bytes().to_vec()))
        .collect();
    super::archive::write(&xml, &files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes() {
        assert!(is_datetime("2024-01-02T03:04:05Z"));
        assert!(is_datetime("2024-01-02T03:04:05.123+02:00"));
        assert!(is_datetime("2024-01-02T03:04:05"));
        assert!(!is_datetime("2024-01-02 03:04:05"));
        assert!(!is_datetime("yesterday"));
    }

    #[test]
    fn writes_utf16_positions_and_reads_back() {
        let e = Export {
            name: "p <1>".into(),
            users: vec![("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa".into(), "Ann".into())],
            sources: vec![Source {
                guid: "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb".into(),
                name: "doc".into(),
                text: "😀 hello".into(),
                selections: vec![Selection {
                    guid: "cccccccc-cccc-cccc-cccc-cccccccccccc".into(),
                    start: 2,
                    end: 7,
                    codings: vec![Coding {
                        guid: "dddddddd-dddd-dddd-dddd-dddddddddddd".into(),
                        code: "eeeeeeee-eeee-eeee-eeee-eeeeeeeeeeee".into(),
                        user: Some("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa".into()),
                        created: Some("not a date".into()),
                    }],
                    ..Selection::default()
                }],
                ..Source::default()
            }],
            ..Export::default()
        };
        let cp = project_xml(&e, Unit::CodePoints);
        assert!(cp.contains("startPosition=\"2\" endPosition=\"7\""), "{cp}");
        assert!(!cp.contains("not a date"));
        let u = project_xml(&e, Unit::Utf16);
        assert!(u.contains("startPosition=\"3\" endPosition=\"8\""), "{u}");
        let p = super::super::parse_project(&u).expect("reads back");
        assert_eq!(p.name, "p <1>");
        assert_eq!(p.sources[0].selections[0].codings.len(), 1);
    }
}
