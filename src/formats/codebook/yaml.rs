//! YAML and TOML codebooks: the same structure in two syntaxes (the format
//! of `codebooks/`):
//!
//! ```yaml
//! name: "optional title"          # optional, not stored
//! description: "optional"         # optional, not stored
//! codes:
//!   - name: "Parent"
//!     color: "#c0392b"            # optional: #rgb, #rrggbb or a CSS name
//!     shortcut: "1"               # optional: one character
//!     definition: "…"             # optional, as are the three below
//!     when_to_use: "…"
//!     when_not_to_use: "…"
//!     example: "…"
//!     children: [ … ]             # optional, same shape
//! ```
//! TOML: `[[codes]]` tables, children as `[[codes.children]]`. Unknown keys
//! are errors. A key left out leaves that field of an existing code alone on
//! import; an empty string clears it.

use crate::core::codebook::{CodeNode, CodebookTree};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
struct FileBook {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default)]
    codes: Vec<FileCode>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FileCode {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    shortcut: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    definition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    when_to_use: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    when_not_to_use: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    example: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    children: Vec<FileCode>,
}

fn to_node(c: FileCode) -> CodeNode {
    CodeNode {
        id: None,
        name: c.name,
        color: c.color,
        shortcut: c.shortcut,
        definition: c.definition,
        when_to_use: c.when_to_use,
        when_not_to_use: c.when_not_to_use,
        example: c.example,
        children: c.children.into_iter().map(to_node).collect(),
    }
}

fn from_node(n: &CodeNode) -> FileCode {
    let nonempty = |f: &Option<String>| f.clone().filter(|s| !s.is_empty());
    FileCode {
        name: n.name.clone(),
        color: nonempty(&n.color),
        shortcut: nonempty(&n.shortcut),
        definition: nonempty(&n.definition),
        when_to_use: nonempty(&n.when_to_use),
        when_not_to_use: nonempty(&n.when_not_to_use),
        example: nonempty(&n.example),
        children: n.children.iter().map(from_node).collect(),
    }
}

pub fn parse_yaml(text: &str) -> Result<CodebookTree, String> {
    if text.trim().is_empty() {
        return Err("the file is empty".into());
    }
    let book: FileBook = serde_yaml_ng::from_str(text).map_err(|e| {
        let msg = crate::core::sanitize::one_line(&e.to_string());
        match e.location() {
            Some(l) => format!("invalid YAML at line {}: {msg}", l.line()),
            None => format!("invalid YAML: {msg}"),
        }
    })?;
    Ok(CodebookTree {
        codes: book.codes.into_iter().map(to_node).collect(),
    })
}

pub fn parse_toml(text: &str) -> Result<CodebookTree, String> {
    if text.trim().is_empty() {
        return Err("the file is empty".into());
    }
    let book: FileBook = toml::from_str(text).map_err(|e| {
        let msg = crate::core::sanitize::one_line(e.message().trim());
        match e.span() {
            Some(span) => {
                let line = text
                    .as_bytes()
                    .get(..span.start)
                    .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
                    + 1;
                format!("invalid TOML at line {line}: {msg}")
            }
            None => format!("invalid TOML: {msg}"),
        }
    })?;
    Ok(CodebookTree {
        codes: book.codes.into_iter().map(to_node).collect(),
    })
}

pub fn write_yaml(tree: &CodebookTree) -> Result<String, String> {
    let book = FileBook {
        codes: tree.codes.iter().map(from_node).collect(),
        ..FileBook::default()
    };
    serde_yaml_ng::to_string(&book).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_reads_nested_codes_and_reports_lines() {
        let t = parse_yaml(
            "name: x\ncodes:\n  - name: a\n    color: '#fff'\n    children:\n      - name: b\n        definition: ''\n",
        )
        .expect("valid");
        assert_eq!(t.codes[0].name, "a");
        assert_eq!(t.codes[0].definition, None);
        assert_eq!(t.codes[0].children[0].definition.as_deref(), Some(""));
        let e = parse_yaml("codes:\n  - name: a\n    colour: red\n").expect_err("must fail");
        assert!(
            e.contains("line 3") && e.contains("unknown field `colour`"),
            "{e}"
        );
        let e = parse_yaml("codes:\n  - name: [a\n").expect_err("must fail");
        assert!(e.starts_with("invalid YAML") && e.contains("line"), "{e}");
        assert!(!e.contains('\n'));
    }

    #[test]
    fn toml_reads_the_same_structure() {
        let t = parse_toml(
            "name = \"x\"\n[[codes]]\nname = \"a\"\nshortcut = \"1\"\n[[codes.children]]\nname = \"b\"\n",
        )
        .expect("valid");
        assert_eq!(t.codes[0].children[0].name, "b");
        assert_eq!(t.codes[0].shortcut.as_deref(), Some("1"));
        let e = parse_toml("[[codes]]\nname = \"a\"\nfoo = 1\n").expect_err("must fail");
        assert!(
            e.starts_with("invalid TOML at line 3") && e.contains("foo"),
            "{e}"
        );
    }

    #[test]
    fn yaml_round_trips() {
        let t = parse_yaml(
            "codes:\n  - name: a\n    example: \"x\\ny\"\n    children:\n      - name: b\n",
        )
        .expect("valid");
        let back = parse_yaml(&write_yaml(&t).expect("writes")).expect("reads back");
        assert_eq!(back, t);
    }
}
