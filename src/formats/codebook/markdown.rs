//! A readable codebook in Markdown (export only; also the appendix of
//! reports): a heading per code, one level deeper per level of the tree
//! (capped at `######`), then its colour and shortcut and the four text
//! fields under bold labels. Fields that are empty are left out.

use crate::core::codebook::{CodeNode, CodebookTree};

pub fn write(tree: &CodebookTree, title: &str) -> String {
    let mut out = format!("# {}\n\n", inline(title));
    let count = tree.len();
    out.push_str(&format!(
        "{count} code{}.\n",
        if count == 1 { "" } else { "s" }
    ));
    for c in &tree.codes {
        write_code(&mut out, c, 0, "");
    }
    out
}

fn write_code(out: &mut String, c: &CodeNode, depth: usize, parent: &str) {
    let level = (depth + 2).min(6);
    out.push('\n');
    out.push_str(&"#".repeat(level));
    out.push(' ');
    out.push_str(&inline(&c.name));
    out.push_str("\n\n");
    let mut meta = Vec::new();
    if !parent.is_empty() {
        meta.push(format!("in *{}*", inline(parent)));
    }
    if let Some(color) = c.color.as_deref().filter(|s| !s.is_empty()) {
        meta.push(format!("colour `{color}`"));
    }
    if let Some(key) = c.shortcut.as_deref().filter(|s| !s.is_empty()) {
        let key = if key == "`" {
            "`` ` ``".to_string()
        } else {
            format!("`{key}`")
        };
        meta.push(format!("shortcut {key}"));
    }
    if !meta.is_empty() {
        out.push_str(&meta.join(" · "));
        out.push_str("\n\n");
    }
    for (label, field) in [
        ("Definition", &c.definition),
        ("When to use", &c.when_to_use),
        ("When not to use", &c.when_not_to_use),
        ("Example", &c.example),
    ] {
        let Some(text) = field.as_deref().filter(|s| !s.trim().is_empty()) else {
            continue;
        };
        out.push_str(&format!("**{label}.**"));
        let text = block(text);
        if label == "Example" {
            // Quoted, each paragraph on `>` lines.
            let quoted: Vec<String> = text
                .lines()
                .map(|l| {
                    if l.is_empty() {
                        ">".into()
                    } else {
                        format!("> {l}")
                    }
                })
                .collect();
            out.push_str("\n\n");
            out.push_str(&quoted.join("\n"));
        } else {
            out.push(' ');
            out.push_str(&text);
        }
        out.push_str("\n\n");
    }
    let path = if parent.is_empty() {
        c.name.clone()
    } else {
        format!("{parent} / {}", c.name)
    };
    for child in &c.children {
        write_code(out, child, depth + 1, &path);
    }
}

/// Escapes Markdown punctuation so that names show as typed; C0 and C1
/// controls (escape sequences, bells) are made visible, as on screen.
pub(crate) fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(v) = crate::core::sanitize::control_stand_in(c) {
            out.push(v);
            continue;
        }
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Multi-line text: paragraphs kept, lines escaped, lines within a
/// paragraph joined by hard breaks.
pub(crate) fn block(s: &str) -> String {
    s.trim()
        .split("\n\n")
        .map(|para| {
            para.lines()
                .map(|l| inline(l.trim_end()))
                .collect::<Vec<_>>()
                .join("  \n")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_nest_and_fields_show() {
        let t = CodebookTree {
            codes: vec![CodeNode {
                name: "Security".into(),
                color: Some("#c0392b".into()),
                definition: Some("Being *safe*.".into()),
                children: vec![CodeNode {
                    name: "Physical".into(),
                    shortcut: Some("1".into()),
                    when_to_use: Some("Danger.".into()),
                    example: Some("We walk in groups.\n\nNobody alone.".into()),
                    ..CodeNode::default()
                }],
                ..CodeNode::default()
            }],
        };
        let md = write(&t, "Codebook");
        assert!(md.starts_with("# Codebook\n\n2 codes.\n"));
        assert!(
            md.contains("\n## Security\n\ncolour `#c0392b`\n\n**Definition.** Being \\*safe\\*.\n")
        );
        assert!(md.contains("\n### Physical\n\nin *Security* · shortcut `1`\n"));
        assert!(md.contains("**When to use.** Danger."));
        assert!(md.contains("**Example.**\n\n> We walk in groups.\n>\n> Nobody alone.\n"));
    }
}
