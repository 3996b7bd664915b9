//! A codebook as a tree, independent of any file format or of the store:
//! what the codebook parsers produce, what the writers consume and what the
//! merge into a project reads.
//!
//! Fields that are `None` were not given by the file (a CSV without that
//! column, a YAML code without that key, a `.qdc` code without a colour or a
//! description); a merge leaves such fields of an existing code alone.
//! `Some("")` means "given, and empty" (it clears the field).

use crate::core::sanitize;
use std::collections::HashMap;

/// A whole codebook: its top-level codes, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodebookTree {
    pub codes: Vec<CodeNode>,
}

/// One code and its children, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeNode {
    /// A stable id (a UUID), when the file carries one (`.qdc` guid).
    pub id: Option<String>,
    pub name: String,
    /// `#rrggbb` after [`normalize`].
    pub color: Option<String>,
    /// One character after [`normalize`].
    pub shortcut: Option<String>,
    pub definition: Option<String>,
    pub when_to_use: Option<String>,
    pub when_not_to_use: Option<String>,
    pub example: Option<String>,
    pub children: Vec<CodeNode>,
}

impl CodebookTree {
    /// Every code with its path (`parent/child`) and depth (0 = top level),
    /// parents before children.
    pub fn walk(&self) -> Vec<(String, usize, &CodeNode)> {
        fn go<'a>(
            nodes: &'a [CodeNode],
            prefix: &str,
            depth: usize,
            out: &mut Vec<(String, usize, &'a CodeNode)>,
        ) {
            for n in nodes {
                let path = join_path(prefix, &n.name);
                out.push((path.clone(), depth, n));
                go(&n.children, &path, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        go(&self.codes, "", 0, &mut out);
        out
    }

    /// Number of codes at all levels.
    pub fn len(&self) -> usize {
        self.walk().len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// `prefix/name`, or `name` at the top level.
pub fn join_path(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    }
}

/// A colour as `#rrggbb` (lower case): accepts `#rgb`, `#rrggbb` (either
/// case) and a few CSS colour names. `None` if it is none of these.
pub fn parse_color(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let hex = hex.to_ascii_lowercase();
        return match hex.len() {
            6 => Some(format!("#{hex}")),
            3 => Some(format!(
                "#{}",
                hex.chars().flat_map(|c| [c, c]).collect::<String>()
            )),
            _ => None,
        };
    }
    const NAMED: &[(&str, &str)] = &[
        ("black", "#000000"),
        ("white", "#ffffff"),
        ("gray", "#808080"),
        ("grey", "#808080"),
        ("silver", "#c0c0c0"),
        ("red", "#ff0000"),
        ("maroon", "#800000"),
        ("orange", "#ffa500"),
        ("yellow", "#ffff00"),
        ("olive", "#808000"),
        ("lime", "#00ff00"),
        ("green", "#008000"),
        ("teal", "#008080"),
        ("aqua", "#00ffff"),
        ("cyan", "#00ffff"),
        ("blue", "#0000ff"),
        ("navy", "#000080"),
        ("purple", "#800080"),
        ("fuchsia", "#ff00ff"),
        ("magenta", "#ff00ff"),
        ("pink", "#ffc0cb"),
        ("brown", "#a52a2a"),
    ];
    let lower = s.to_ascii_lowercase();
    NAMED
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, hex)| (*hex).to_string())
}

/// The colours offered to new codes and in the colour dialog, with their
/// names: distinct hues that stay readable when darkened behind text.
pub const PALETTE: [(&str, &str); 12] = [
    ("#e67e22", "orange"),
    ("#27ae60", "green"),
    ("#2980b9", "blue"),
    ("#8e44ad", "purple"),
    ("#c0392b", "red"),
    ("#16a085", "teal"),
    ("#f1c40f", "yellow"),
    ("#e84393", "pink"),
    ("#6c5ce7", "indigo"),
    ("#a0522d", "brown"),
    ("#badc58", "lime"),
    ("#7f8c8d", "grey"),
];

/// A palette colour for a new code: the first that none of `taken` (the
/// colours of its siblings, say) uses; when every one is taken, the least
/// used, earliest first.
pub fn fresh_color<'a>(taken: impl IntoIterator<Item = &'a str>) -> String {
    let mut uses = [0usize; PALETTE.len()];
    for c in taken.into_iter().filter_map(parse_color) {
        if let Some(i) = PALETTE.iter().position(|(hex, _)| *hex == c) {
            uses[i] += 1;
        }
    }
    let mut best = 0;
    for (i, &n) in uses.iter().enumerate() {
        if n < uses[best] {
            best = i;
        }
    }
    PALETTE[best].0.to_string()
}

/// Text of a description field: line endings `\n`, trimmed.
pub fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

fn where_(parent: &str) -> String {
    if parent.is_empty() {
        "at the top level".to_string()
    } else {
        format!("under {parent:?}")
    }
}

/// Cleans a parsed tree in place (names trimmed and kept to one visible
/// line, text fields trimmed with `\n` line endings, colours as `#rrggbb`,
/// ids as lower-case UUIDs without braces) and checks it: no empty names,
/// no two siblings with the same name, valid colours, shortcuts of one
/// character used by one code only. The error is one line.
pub fn normalize(tree: &mut CodebookTree) -> Result<(), String> {
    let mut shortcuts: HashMap<String, String> = HashMap::new();
    normalize_level(&mut tree.codes, "", &mut shortcuts)
}

fn normalize_level(
    nodes: &mut [CodeNode],
    parent: &str,
    shortcuts: &mut HashMap<String, String>,
) -> Result<(), String> {
    let mut seen: HashMap<String, ()> = HashMap::new();
    for n in nodes.iter_mut() {
        n.name = sanitize::one_line(n.name.trim()).trim().to_string();
        if n.name.is_empty() {
            return Err(format!("a code {} has an empty name", where_(parent)));
        }
        if seen.insert(n.name.clone(), ()).is_some() {
            return Err(format!("two codes named {:?} {}", n.name, where_(parent)));
        }
        let path = join_path(parent, &n.name);
        if let Some(c) = &n.color {
            if c.trim().is_empty() {
                n.color = Some(String::new());
            } else {
                n.color = Some(parse_color(c).ok_or_else(|| {
                    format!(
                        "code {path:?}: invalid colour {:?} (use #rgb or #rrggbb)",
                        sanitize::one_line(c)
                    )
                })?);
            }
        }
        if let Some(s) = &n.shortcut {
            let s = s.trim();
            if !s.is_empty() {
                if s.chars().count() != 1 || s.chars().any(char::is_control) {
                    return Err(format!(
                        "code {path:?}: shortcut {:?} is not a single character",
                        sanitize::one_line(s)
                    ));
                }
                if let Some(other) = shortcuts.insert(s.to_string(), path.clone()) {
                    return Err(format!(
                        "shortcut {s:?} is used by two codes: {other:?} and {path:?}"
                    ));
                }
            }
            n.shortcut = Some(s.to_string());
        }
        for t in [
            &mut n.definition,
            &mut n.when_to_use,
            &mut n.when_not_to_use,
            &mut n.example,
        ]
        .into_iter()
        .flatten()
        {
            *t = clean_text(t);
        }
        n.id = n.id.as_deref().and_then(normalize_guid);
        normalize_level(&mut n.children, &path, shortcuts)?;
    }
    Ok(())
}

/// A REFI-QDA GUID (`8-4-4-4-12` hex, either case, optionally in braces) as
/// a lower-case UUID; `None` if it is not one.
pub fn normalize_guid(g: &str) -> Option<String> {
    let g = g.trim();
    let g = g
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(g);
    let groups: Vec<&str> = g.split('-').collect();
    let ok = groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()));
    ok.then(|| g.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_colors_avoid_the_taken_ones() {
        assert_eq!(fresh_color([]), PALETTE[0].0);
        assert_eq!(fresh_color(["#E67E22", "#27ae60"]), PALETTE[2].0);
        // Not palette colours (or not colours): nothing is taken.
        assert_eq!(fresh_color(["#123456", "nonsense"]), PALETTE[0].0);
        // All taken once, the first twice: the second is least used.
        let mut all: Vec<&str> = PALETTE.iter().map(|p| p.0).collect();
        all.push(PALETTE[0].0);
        assert_eq!(fresh_color(all), PALETTE[1].0);
    }

    fn node(name: &str) -> CodeNode {
        CodeNode {
            name: name.into(),
            ..CodeNode::default()
        }
    }

    #[test]
    fn colours() {
        assert_eq!(parse_color("#ABC").as_deref(), Some("#aabbcc"));
        assert_eq!(parse_color(" #C0392b ").as_deref(), Some("#c0392b"));
        assert_eq!(parse_color("Red").as_deref(), Some("#ff0000"));
        assert_eq!(parse_color("#abcd"), None);
        assert_eq!(parse_color("#ggg"), None);
        assert_eq!(parse_color("rgb(1,2,3)"), None);
    }

    #[test]
    fn guids() {
        assert_eq!(
            normalize_guid("{2CE89C66-C28D-473B-B5C4-6CF87D20EF04}").as_deref(),
            Some("2ce89c66-c28d-473b-b5c4-6cf87d20ef04")
        );
        assert_eq!(normalize_guid("not-a-guid"), None);
    }

    #[test]
    fn normalize_checks_the_tree() {
        let mut t = CodebookTree {
            codes: vec![CodeNode {
                children: vec![node("b"), node(" b ")],
                ..node("a")
            }],
        };
        assert_eq!(
            normalize(&mut t).expect_err("must fail"),
            "two codes named \"b\" under \"a\""
        );
        let mut t = CodebookTree {
            codes: vec![node("  ")],
        };
        assert!(normalize(&mut t)
            .expect_err("must fail")
            .contains("empty name"));
        let mut t = CodebookTree {
            codes: vec![
                CodeNode {
                    shortcut: Some("1".into()),
                    ..node("a")
                },
                CodeNode {
                    shortcut: Some("1".into()),
                    ..node("b")
                },
            ],
        };
        assert!(normalize(&mut t)
            .expect_err("must fail")
            .contains("used by two codes"));
        let mut t = CodebookTree {
            codes: vec![CodeNode {
                shortcut: Some("12".into()),
                ..node("a")
            }],
        };
        assert!(normalize(&mut t)
            .expect_err("must fail")
            .contains("single character"));
        let mut t = CodebookTree {
            codes: vec![CodeNode {
                color: Some("#12".into()),
                ..node("a")
            }],
        };
        assert!(normalize(&mut t)
            .expect_err("must fail")
            .contains("invalid colour"));
        let mut t = CodebookTree {
            codes: vec![CodeNode {
                color: Some("#ABC".into()),
                definition: Some(" x\r\ny ".into()),
                children: vec![node("c")],
                ..node("a")
            }],
        };
        normalize(&mut t).expect("valid");
        assert_eq!(t.codes[0].color.as_deref(), Some("#aabbcc"));
        assert_eq!(t.codes[0].definition.as_deref(), Some("x\ny"));
        let paths: Vec<_> = t.walk().into_iter().map(|(p, d, _)| (p, d)).collect();
        assert_eq!(paths, vec![("a".to_string(), 0), ("a/c".to_string(), 1)]);
    }
}
