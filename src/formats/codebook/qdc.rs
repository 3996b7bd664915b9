//! REFI-QDA codebooks: `.qdc` (root `<CodeBook>`), and the `<CodeBook>` of a
//! `.qdpx` project's `project.qde`.
//!
//! Reading is lenient, as real files need (see `notes/refi-qda.md`):
//! elements are matched by local name whatever the namespace (`1.0`,
//! `0:4`, `1:0`, none); unknown elements and attributes are ignored; a
//! missing or unparsable colour drops the colour with a warning; a guid seen
//! twice (or malformed) is dropped for the later code, which then gets a new
//! id; `<Sets>` are skipped with a warning. A DOCTYPE is ignored and entities
//! other than the five predefined ones and character references are errors:
//! nothing is ever fetched or expanded.
//!
//! Writing is strict: UTF-8 without BOM, the 1.0 namespace, `isCodable`
//! always present, colours `#RRGGBB`, `<Description>` before child codes,
//! no `<Sets>`. Valid against `Codebook.xsd`.
//!
//! The four text fields of a Gloss code are folded into `<Description>`
//! under heading lines (see [`fold_description`]); a description without
//! such headings is read as the definition.

use crate::core::codebook::{parse_color, CodeNode, CodebookTree};
use crate::formats::xml::{local, XmlReader};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;

pub const NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// The heading lines of a folded description, in order. REFI-QDA has no
/// shortcut key, so it travels as the last section.
pub const HEADINGS: [&str; 5] = [
    "Definition:",
    "When to use:",
    "When not to use:",
    "Example:",
    "Shortcut key:",
];

/// The four text fields and the shortcut as one description. With only a
/// definition (that has no line looking like a heading) the definition is
/// written as is, so other tools show plain text; otherwise each non-empty
/// field is written under its heading line, sections separated by a blank
/// line.
pub fn fold_description(fields: [&str; 5]) -> String {
    let only_definition = fields[1..].iter().all(|f| f.is_empty());
    if only_definition && !fields[0].lines().any(|l| heading_index(l).is_some()) {
        return fields[0].to_string();
    }
    let mut out = String::new();
    for (h, f) in HEADINGS.iter().zip(fields) {
        if f.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(h);
        out.push('\n');
        out.push_str(f);
    }
    out
}

fn heading_index(line: &str) -> Option<usize> {
    let l = line.trim();
    HEADINGS.iter().position(|h| l.eq_ignore_ascii_case(h))
}

/// The inverse of [`fold_description`]: `[definition, when_to_use,
/// when_not_to_use, example, shortcut]`. Text before the first heading (all
/// of it, when there is no heading) belongs to the definition.
pub fn unfold_description(text: &str) -> [String; 5] {
    let mut parts: [Vec<&str>; 5] = Default::default();
    let mut current = 0;
    for line in text.lines() {
        match heading_index(line) {
            Some(i) => current = i,
            None => parts[current].push(line),
        }
    }
    parts.map(|lines| lines.join("\n").trim().to_string())
}

/// Parses a `.qdc` file, or a `project.qde`, into a tree (not yet
/// normalised) and warnings about what was dropped.
pub fn parse(xml: &str) -> Result<(CodebookTree, Vec<String>), String> {
    let mut reader = XmlReader::new(xml);
    let mut warnings = Vec::new();
    let mut stack: Vec<String> = Vec::new(); // open element local names
    let mut opened: Vec<bool> = Vec::new(); // whether each opened a code
    let mut st = State::default();
    let mut found_codebook = false;
    let mut description: Option<String> = None;
    let mut sets = 0usize;
    loop {
        let (ev, line) = reader.next()?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let name = local(&e);
                if stack.is_empty() && name != "CodeBook" && name != "Project" {
                    return Err(format!(
                        "line {line}: root element <{name}>: not a REFI-QDA codebook (<CodeBook>) or project (<Project>)"
                    ));
                }
                let is_code = st.start(&e, &name, &stack, line, false)?;
                if name == "CodeBook" {
                    found_codebook = true;
                }
                if name == "Description" && opened.last() == Some(&true) {
                    description = Some(String::new());
                }
                if name == "Set" && in_codebook(&stack) {
                    sets += 1;
                }
                stack.push(name);
                opened.push(is_code);
            }
            Event::Empty(e) => {
                let name = local(&e);
                if stack.is_empty() {
                    if name == "CodeBook" {
                        return Err("the codebook has no <Codes>".into());
                    }
                    return Err(format!(
                        "line {line}: root element <{name}>: not a REFI-QDA codebook"
                    ));
                }
                st.start(&e, &name, &stack, line, true)?;
                if name == "Set" && in_codebook(&stack) {
                    sets += 1;
                }
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                stack.pop();
                let was_code = opened.pop().unwrap_or(false);
                match name.as_str() {
                    "Description" => {
                        if let (Some(text), Some(code)) =
                            (description.take(), st.open_codes.last_mut())
                        {
                            let [d, w, wn, ex, key] = unfold_description(&text);
                            code.definition = Some(d);
                            code.when_to_use = Some(w);
                            code.when_not_to_use = Some(wn);
                            code.example = Some(ex);
                            // No section: keep the project's shortcut.
                            code.shortcut = Some(key).filter(|k| !k.is_empty());
                        }
                    }
                    "Code" if was_code => {
                        if let Some(code) = st.open_codes.pop() {
                            st.attach(code);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(d) = description.as_mut() {
                    let s = t
                        .xml10_content()
                        .map_err(|e| format!("line {line}: {}", one_line(&e.to_string())))?;
                    d.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(d) = description.as_mut() {
                    d.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => {
                        let n = r.decode().unwrap_or_default();
                        match n.as_ref() {
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "amp" => Some('&'),
                            "apos" => Some('\''),
                            "quot" => Some('"'),
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
                if let (Some(d), Some(c)) = (description.as_mut(), c) {
                    d.push(c);
                }
            }
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!(
            "broken XML at line {}: <{open}> is never closed",
            reader.last_line()
        ));
    }
    if !found_codebook {
        return Err("no <CodeBook> element: not a REFI-QDA codebook".into());
    }
    if st.dropped_guids > 0 {
        warnings.push(format!(
            "{} code(s) had a duplicate or malformed guid and got a new id",
            st.dropped_guids
        ));
    }
    if st.dropped_colors > 0 {
        warnings.push(format!(
            "{} code colour(s) not understood and left out",
            st.dropped_colors
        ));
    }
    if sets > 0 {
        warnings.push(format!(
            "{sets} set(s) (code groups) ignored: Gloss has no code sets"
        ));
    }
    Ok((CodebookTree { codes: st.roots }, warnings))
}

fn one_line(s: &str) -> String {
    crate::core::sanitize::one_line(s)
}

fn in_codebook(stack: &[String]) -> bool {
    stack.iter().any(|s| s == "CodeBook")
}

/// Directly inside `CodeBook/Codes`.
fn in_codes(stack: &[String]) -> bool {
    stack.len() >= 2
        && stack.last().is_some_and(|s| s == "Codes")
        && stack.get(stack.len() - 2).is_some_and(|s| s == "CodeBook")
}

#[derive(Default)]
struct State {
    open_codes: Vec<CodeNode>,
    roots: Vec<CodeNode>,
    seen_guids: HashSet<String>,
    dropped_guids: usize,
    dropped_colors: usize,
}

impl State {
    fn attach(&mut self, code: CodeNode) {
        match self.open_codes.last_mut() {
            Some(parent) => parent.children.push(code),
            None => self.roots.push(code),
        }
    }

    fn start(
        &mut self,
        e: &BytesStart<'_>,
        name: &str,
        stack: &[String],
        line: usize,
        empty: bool,
    ) -> Result<bool, String> {
        let parent_is_code =
            stack.last().is_some_and(|p| p == "Code") && !self.open_codes.is_empty();
        if name != "Code" || !(in_codes(stack) || parent_is_code) {
            return Ok(false);
        }
        let mut node = CodeNode::default();
        let mut has_name = false;
        for a in e.attributes().with_checks(false) {
            let a =
                a.map_err(|err| format!("line {line}: <Code>: {}", one_line(&err.to_string())))?;
            let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
            let value = a
                .unescape_value()
                .map_err(|err| {
                    format!(
                        "line {line}: <Code> attribute {key}: {}",
                        one_line(&err.to_string())
                    )
                })?
                .into_owned();
            match key.as_str() {
                "name" => {
                    node.name = value;
                    has_name = true;
                }
                "guid" => match crate::core::codebook::normalize_guid(&value) {
                    Some(g) if self.seen_guids.insert(g.clone()) => node.id = Some(g),
                    _ => self.dropped_guids += 1,
                },
                "color" if !value.trim().is_empty() => match lenient_color(&value) {
                    Some(c) => node.color = Some(c),
                    None => self.dropped_colors += 1,
                },
                _ => {}
            }
        }
        if !has_name {
            return Err(format!("line {line}: <Code> without a name attribute"));
        }
        if empty {
            self.attach(node);
        } else {
            self.open_codes.push(node);
        }
        Ok(!empty)
    }
}

/// `#rgb`/`#rrggbb`, `#rrggbbaa` (alpha dropped), `rgb(r,g,b)`/`rgba(...)`;
/// `None` for anything else.
fn lenient_color(v: &str) -> Option<String> {
    let v = v.trim();
    if let Some(c) = parse_color(v) {
        return Some(c);
    }
    if let Some(hex) = v.strip_prefix('#') {
        if hex.len() == 8 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return hex.get(..6).and_then(|h| parse_color(&format!("#{h}")));
        }
    }
    let lower = v.to_ascii_lowercase();
    let inner = lower
        .strip_prefix("rgba(")
        .or_else(|| lower.strip_prefix("rgb("))
        .and_then(|r| r.strip_suffix(')'));
    if let Some(inner) = inner {
        let parts: Vec<u8> = inner
            .split(',')
            .take(3)
            .filter_map(|p| p.trim().parse::<u8>().ok())
            .collect();
        if let [r, g, b] = parts[..] {
            return Some(format!("#{r:02x}{g:02x}{b:02x}"));
        }
    }
    None
}

/// Writes a codebook that validates against `Codebook.xsd`. Codes without
/// an id get `fresh_id()`.
pub fn write(tree: &CodebookTree, fresh_id: &mut dyn FnMut() -> String) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<CodeBook xmlns=\"{NAMESPACE}\" origin=\"Gloss {}\">\n  <Codes>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for c in &tree.codes {
        write_code(&mut out, c, 2, fresh_id);
    }
    out.push_str("  </Codes>\n</CodeBook>\n");
    out
}

fn write_code(out: &mut String, c: &CodeNode, depth: usize, fresh_id: &mut dyn FnMut() -> String) {
    let indent = "  ".repeat(depth);
    let id = c.id.clone().unwrap_or_else(&mut *fresh_id);
    out.push_str(&format!(
        "{indent}<Code guid=\"{}\" name=\"{}\" isCodable=\"true\"",
        attr(&id),
        attr(&c.name)
    ));
    if let Some(color) = c.color.as_deref().and_then(parse_color) {
        out.push_str(&format!(" color=\"{}\"", color.to_ascii_uppercase()));
    }
    let text = |f: &Option<String>| f.clone().unwrap_or_default();
    let description = fold_description([
        &text(&c.definition),
        &text(&c.when_to_use),
        &text(&c.when_not_to_use),
        &text(&c.example),
        &text(&c.shortcut),
    ]);
    if description.is_empty() && c.children.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    if !description.is_empty() {
        out.push_str(&format!(
            "{indent}  <Description>{}</Description>\n",
            xml_text(&description)
        ));
    }
    for child in &c.children {
        write_code(out, child, depth + 1, fresh_id);
    }
    out.push_str(&format!("{indent}</Code>\n"));
}

/// Characters XML 1.0 allows (tab, LF, CR and from U+0020 on, minus the
/// surrogates and U+FFFE/U+FFFF, which Rust strings cannot hold anyway).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

pub(crate) fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| xml_char(c)) {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| xml_char(c)) {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_and_unfold() {
        let f = ["Def\n\nmore", "use", "", "ex", "1"];
        let d = fold_description(f);
        assert_eq!(
            d,
            "Definition:\nDef\n\nmore\n\nWhen to use:\nuse\n\nExample:\nex\n\nShortcut key:\n1"
        );
        assert_eq!(unfold_description(&d), f.map(String::from));
        assert_eq!(fold_description(["just this", "", "", "", ""]), "just this");
        assert_eq!(
            unfold_description("plain text\nfrom NVivo"),
            ["plain text\nfrom NVivo", "", "", "", ""].map(String::from)
        );
        // A definition that itself has a heading-like line keeps its heading.
        let tricky = ["Example:", "", "", "", ""];
        assert_eq!(unfold_description(&fold_description(tricky))[0], "");
    }

    #[test]
    fn reads_namespaces_bom_free_and_nesting() {
        let xml = r##"<?xml version="1.0"?>
<CodeBook xmlns="urn:QDA-XML:codebook:0:4"><Codes>
  <Code guid="{2CE89C66-C28D-473B-B5C4-6CF87D20EF04}" name="a &amp; b" isCodable="true" color="#FF000080">
    <Description>Definition:
x &lt; y
When to use:
always</Description>
    <Code guid="2CE89C66-C28D-473B-B5C4-6CF87D20EF04" name="child" isCodable="true" color="rgb(1, 2, 3)"/>
  </Code>
  <Code name="no guid" isCodable="false" extra="ignored"/>
</Codes><Sets><Set guid="D79FC877-F071-4117-8D25-235AA1062A44" name="s"/></Sets></CodeBook>"##;
        let (t, w) = parse(xml).expect("parses");
        assert_eq!(t.codes.len(), 2);
        let a = &t.codes[0];
        assert_eq!(a.name, "a & b");
        assert_eq!(
            a.id.as_deref(),
            Some("2ce89c66-c28d-473b-b5c4-6cf87d20ef04")
        );
        assert_eq!(a.color.as_deref(), Some("#ff0000"));
        assert_eq!(a.definition.as_deref(), Some("x < y"));
        assert_eq!(a.when_to_use.as_deref(), Some("always"));
        assert_eq!(a.children[0].name, "child");
        assert_eq!(a.children[0].id, None, "duplicate guid dropped");
        assert_eq!(a.children[0].color.as_deref(), Some("#010203"));
        assert_eq!(t.codes[1].definition, None);
        assert_eq!(w.len(), 2, "{w:?}");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("<CodeBook><Codes>\n<Code name=\"a\" guid=\"x\">\n</Codes></CodeBook>")
            .expect_err("must fail");
        assert!(e.starts_with("broken XML at line 3"), "{e}");
        let e = parse("<CodeBook><Codes>\n<Code guid=\"x\"/></Codes></CodeBook>")
            .expect_err("must fail");
        assert_eq!(e, "line 2: <Code> without a name attribute");
        let e = parse("<html/>").expect_err("must fail");
        assert!(e.contains("not a REFI-QDA codebook"), "{e}");
        let e = parse("<CodeBook><Codes>\n<Code name=\"a\" isCodable=\"true\"></Code>")
            .expect_err("must fail");
        assert!(e.contains("never closed"), "{e}");
        let xxe = "<!DOCTYPE c [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<CodeBook><Codes><Code name=\"a\"><Description>&x;</Description></Code></Codes></CodeBook>";
        let e = parse(xxe).expect_err("must fail");
        assert!(e.contains("unknown entity &x;"), "{e}");
    }

    #[test]
    fn writes_escaped_xml_that_reads_back() {
        let tree = CodebookTree {
            codes: vec![CodeNode {
                id: None,
                name: "a \"q\" <&>".into(),
                color: Some("#c0392b".into()),
                definition: Some("d & <e>".into()),
                example: Some("ex".into()),
                children: vec![CodeNode {
                    id: Some("2ce89c66-c28d-473b-b5c4-6cf87d20ef04".into()),
                    name: "c".into(),
                    ..CodeNode::default()
                }],
                ..CodeNode::default()
            }],
        };
        let xml = write(&tree, &mut || "00000000-0000-4000-8000-000000000000".into());
        assert!(xml.contains("color=\"#C0392B\""));
        let (back, _) = parse(&xml).expect("reads back");
        assert_eq!(back.codes[0].name, "a \"q\" <&>");
        assert_eq!(back.codes[0].definition.as_deref(), Some("d & <e>"));
        assert_eq!(back.codes[0].example.as_deref(), Some("ex"));
        assert_eq!(back.codes[0].when_to_use.as_deref(), Some(""));
        assert_eq!(
            back.codes[0].children[0].id.as_deref(),
            Some("2ce89c66-c28d-473b-b5c4-6cf87d20ef04")
        );
    }
}
