//! CSV codebooks: one code per row.
//!
//! Header (columns in any order, names case-insensitive, spaces or hyphens
//! read as `_`): `name` (required), and optionally `parent`, `definition`,
//! `when_to_use`, `when_not_to_use`, `example`, `color`, `shortcut`. Any
//! other column is an error naming it. A code's `parent` is empty at the top
//! level, else the parent's name, or its path `a/b` when that name is used
//! by several codes. Parents may come after their children, or be codes
//! already in the project (`known`, given by the caller). Blank rows are
//! skipped. A column left out leaves that field of an existing code alone on
//! import; an empty cell clears it.
//!
//! Written files (UTF-8 with BOM, for spreadsheets) have all eight columns,
//! parents as paths, and cells that a spreadsheet would run as a formula
//! (`=`, `+`, `-`, `@`, tab, CR first) prefixed with `'`; reading removes
//! that `'` again, so files round-trip.

use crate::core::codebook::{join_path, CodeNode, CodebookTree};
use crate::core::sanitize::one_line;
use crate::formats::cell::{text_cell, unguard};
use std::collections::HashMap;

pub const COLUMNS: [&str; 8] = [
    "name",
    "parent",
    "definition",
    "when_to_use",
    "when_not_to_use",
    "example",
    "color",
    "shortcut",
];

struct Row {
    line: u64,
    name: String,
    parent: String,
    node: CodeNode,
}

/// Parses a CSV codebook. `known` holds the name chains (`["a", "b"]` for
/// `a/b`) of codes already in the project, which rows may name as parents;
/// such parents appear in the tree as codes with no field given.
pub fn parse(text: &str, known: &[Vec<String>]) -> Result<CodebookTree, String> {
    if text.trim().is_empty() {
        return Err("the file is empty".into());
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(&e))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase().replace([' ', '-'], "_"))
        .collect();
    let unknown: Vec<&str> = headers
        .iter()
        .map(String::as_str)
        .filter(|h| !COLUMNS.contains(h))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "unknown column(s) {} (known: {})",
            unknown
                .iter()
                .map(|h| format!("{:?}", one_line(h)))
                .collect::<Vec<_>>()
                .join(", "),
            COLUMNS.join(", ")
        ));
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    for c in COLUMNS {
        if headers.iter().filter(|h| *h == c).count() > 1 {
            return Err(format!("the column {c:?} appears twice"));
        }
    }
    let name_col = col("name").ok_or("the header has no \"name\" column")?;
    let [parent_col, def_col, use_col, not_col, ex_col, color_col, key_col] = [
        "parent",
        "definition",
        "when_to_use",
        "when_not_to_use",
        "example",
        "color",
        "shortcut",
    ]
    .map(col);

    let mut rows: Vec<Row> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&e))?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: Option<usize>| i.map(|i| unguard(record.get(i).unwrap_or("")).to_string());
        let name = cell(Some(name_col)).unwrap_or_default().trim().to_string();
        if name.is_empty() {
            return Err(format!("line {line}: empty name"));
        }
        let parent = cell(parent_col).unwrap_or_default().trim().to_string();
        rows.push(Row {
            line,
            node: CodeNode {
                id: None,
                name: name.clone(),
                color: cell(color_col),
                shortcut: cell(key_col),
                definition: cell(def_col),
                when_to_use: cell(use_col),
                when_not_to_use: cell(not_col),
                example: cell(ex_col),
                children: Vec::new(),
            },
            name,
            parent,
        });
    }
    let parents = resolve_parents(&rows, known)?;
    Ok(build(rows, &parents, known))
}

/// Where a row hangs: the top level, another row, or a known code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parent {
    Top,
    Row(usize),
    Known(usize),
}

fn csv_error(e: &csv::Error) -> String {
    match e.position() {
        Some(p) => format!("line {}: {}", p.line(), one_line(&e.to_string())),
        None => one_line(&e.to_string()),
    }
}

/// The parent of each row.
fn resolve_parents(rows: &[Row], known: &[Vec<String>]) -> Result<Vec<Parent>, String> {
    let n = rows.len();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_name.entry(r.name.as_str()).or_default().push(i);
    }
    let mut parent: Vec<Option<usize>> = vec![None; n];
    let mut pending: Vec<usize> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if r.parent.is_empty() {
            continue;
        }
        match by_name.get(r.parent.as_str()).map(Vec::as_slice) {
            Some([p]) => parent[i] = Some(*p),
            _ => pending.push(i),
        }
    }
    check_cycles(rows, &parent)?;
    // Paths: resolve what can be resolved, as often as it helps.
    loop {
        let paths = paths(rows, &parent, &pending);
        let mut by_path: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, p) in paths.iter().enumerate() {
            if let Some(p) = p {
                by_path.entry(p.as_str()).or_default().push(i);
            }
        }
        let mut progress = false;
        let mut still = Vec::new();
        for &i in &pending {
            match by_path.get(rows[i].parent.as_str()).map(Vec::as_slice) {
                Some([p]) => {
                    parent[i] = Some(*p);
                    progress = true;
                }
                Some(many) if many.len() > 1 => {
                    return Err(format!(
                        "line {}: parent {:?} is ambiguous ({} codes have that path)",
                        rows[i].line,
                        one_line(&rows[i].parent),
                        many.len()
                    ))
                }
                _ => still.push(i),
            }
        }
        pending = still;
        if !progress || pending.is_empty() {
            break;
        }
        check_cycles(rows, &parent)?;
    }
    // Then codes already in the project: by path, else by unique name.
    let mut result: Vec<Parent> = parent
        .iter()
        .map(|p| p.map_or(Parent::Top, Parent::Row))
        .collect();
    let mut unresolved = Vec::new();
    for &i in &pending {
        let v = rows[i].parent.as_str();
        let by_path: Vec<usize> = (0..known.len())
            .filter(|&k| known[k].join("/") == v)
            .collect();
        let named: Vec<usize> = (0..known.len())
            .filter(|&k| known[k].last().is_some_and(|n| n == v))
            .collect();
        match (by_path.as_slice(), named.as_slice()) {
            ([k], _) | ([], [k]) => result[i] = Parent::Known(*k),
            _ => unresolved.push(i),
        }
    }
    if let Some(&i) = unresolved.first() {
        let r = &rows[i];
        let same_name = by_name.get(r.parent.as_str()).map_or(0, Vec::len)
            + known
                .iter()
                .filter(|k| k.last().is_some_and(|n| *n == r.parent))
                .count();
        return Err(if same_name > 1 {
            format!(
                "line {}: parent {:?} is ambiguous ({same_name} codes have that name); give its path, e.g. \"grandparent/{}\"",
                r.line,
                one_line(&r.parent),
                one_line(&r.parent)
            )
        } else {
            format!(
                "line {}: unknown parent {:?} of code {:?}",
                r.line,
                one_line(&r.parent),
                one_line(&r.name)
            )
        });
    }
    Ok(result)
}

/// The path of every row whose chain of parents reaches the top level.
fn paths(rows: &[Row], parent: &[Option<usize>], pending: &[usize]) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = vec![None; rows.len()];
    let is_pending = |i: usize| pending.contains(&i);
    for start in 0..rows.len() {
        // Climb to the first row whose path is known or to the top.
        let mut chain = vec![start];
        let mut cur = start;
        let mut ok = true;
        while out[cur].is_none() {
            match parent[cur] {
                Some(p) if chain.len() <= rows.len() => {
                    chain.push(p);
                    cur = p;
                }
                Some(_) => {
                    ok = false;
                    break;
                }
                None if is_pending(cur) => {
                    ok = false;
                    break;
                }
                None => {
                    out[cur] = Some(rows[cur].name.clone());
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        chain.pop();
        for &i in chain.iter().rev() {
            if let Some(p) = parent[i].and_then(|p| out[p].clone()) {
                out[i] = Some(join_path(&p, &rows[i].name));
            }
        }
    }
    out
}

fn check_cycles(rows: &[Row], parent: &[Option<usize>]) -> Result<(), String> {
    for start in 0..rows.len() {
        let mut seen = vec![start];
        let mut cur = start;
        while let Some(p) = parent[cur] {
            if let Some(k) = seen.iter().position(|&s| s == p) {
                let cycle = &seen[k..];
                let names: Vec<String> = cycle
                    .iter()
                    .chain(std::iter::once(&p))
                    .map(|&i| format!("{:?}", one_line(&rows[i].name)))
                    .collect();
                let lines: Vec<String> = cycle.iter().map(|&i| rows[i].line.to_string()).collect();
                return Err(format!(
                    "the parents form a cycle: {} (lines {})",
                    names.join(" → "),
                    lines.join(", ")
                ));
            }
            seen.push(p);
            cur = p;
        }
    }
    Ok(())
}

fn build(rows: Vec<Row>, parent: &[Parent], known: &[Vec<String>]) -> CodebookTree {
    let n = rows.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    let mut under_known = Vec::new();
    for (i, p) in parent.iter().enumerate() {
        match p {
            Parent::Row(p) => children[*p].push(i),
            Parent::Top => roots.push(i),
            Parent::Known(k) => under_known.push((i, *k)),
        }
    }
    let mut nodes: Vec<Option<CodeNode>> = rows.into_iter().map(|r| Some(r.node)).collect();
    fn take(i: usize, nodes: &mut [Option<CodeNode>], children: &[Vec<usize>]) -> CodeNode {
        let mut node = nodes[i].take().unwrap_or_default();
        node.children = children[i]
            .iter()
            .map(|&c| take(c, nodes, children))
            .collect();
        node
    }
    let mut tree = CodebookTree {
        codes: roots
            .into_iter()
            .map(|i| take(i, &mut nodes, &children))
            .collect(),
    };
    for (i, k) in under_known {
        let node = take(i, &mut nodes, &children);
        let mut level = &mut tree.codes;
        for name in &known[k] {
            let pos = match level.iter().position(|c| c.name == *name) {
                Some(pos) => pos,
                None => {
                    level.push(CodeNode {
                        name: name.clone(),
                        ..CodeNode::default()
                    });
                    level.len() - 1
                }
            };
            level = &mut level[pos].children;
        }
        level.push(node);
    }
    tree
}

pub fn write(tree: &CodebookTree) -> Result<Vec<u8>, String> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(COLUMNS).map_err(|e| e.to_string())?;
        for (path, _, node) in tree.walk() {
            let parent = path
                .strip_suffix(node.name.as_str())
                .and_then(|p| p.strip_suffix('/'))
                .unwrap_or("");
            let f = |f: &Option<String>| text_cell(f.as_deref().unwrap_or("")).into_owned();
            w.write_record([
                text_cell(&node.name).into_owned(),
                text_cell(parent).into_owned(),
                f(&node.definition),
                f(&node.when_to_use),
                f(&node.when_not_to_use),
                f(&node.example),
                f(&node.color),
                f(&node.shortcut),
            ])
            .map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_(text: &str) -> Result<CodebookTree, String> {
        parse(text, &[])
    }

    #[test]
    fn parents_may_be_codes_of_the_project() {
        let known = vec![
            vec!["a".to_string()],
            vec!["a".to_string(), "b".to_string()],
        ];
        let t = parse("name,parent\nx,b\ny,a/b\nz,a\n", &known).expect("valid");
        assert_eq!(
            names(&t),
            vec![
                ("a".to_string(), 0),
                ("a/b".to_string(), 1),
                ("a/b/x".to_string(), 2),
                ("a/b/y".to_string(), 2),
                ("a/z".to_string(), 1),
            ]
        );
        assert_eq!(t.codes[0].definition, None, "stub: no field given");
        let e = parse("name,parent\nx,c\n", &known).expect_err("must fail");
        assert!(e.contains("unknown parent \"c\""), "{e}");
    }

    fn names(t: &CodebookTree) -> Vec<(String, usize)> {
        t.walk().into_iter().map(|(p, d, _)| (p, d)).collect()
    }

    #[test]
    fn parents_by_name_or_path_in_any_order() {
        let t = parse_(
            "Parent,Name,When to use\nb,c,x\n,a,\na,b,\nx,programming,\n,x,\nx/programming,deep,\na/b/c,deeper,\n",
        )
        .expect("valid");
        assert_eq!(
            names(&t),
            vec![
                ("a".to_string(), 0),
                ("a/b".to_string(), 1),
                ("a/b/c".to_string(), 2),
                ("a/b/c/deeper".to_string(), 3),
                ("x".to_string(), 0),
                ("x/programming".to_string(), 1),
                ("x/programming/deep".to_string(), 2),
            ]
        );
        assert_eq!(t.codes[0].definition, None, "no definition column");
        assert_eq!(t.codes[0].when_to_use.as_deref(), Some(""));
    }

    #[test]
    fn repeated_names_need_paths() {
        let csv = "name,parent\na,\nb,\nprogramming,a\nprogramming,b\nx,programming\n";
        let e = parse_(csv).expect_err("must fail");
        assert!(
            e.starts_with("line 6: parent \"programming\" is ambiguous"),
            "{e}"
        );
        let t = parse_("name,parent\na,\nb,\nprogramming,a\nprogramming,b\nx,b/programming\n")
            .expect("valid");
        assert_eq!(t.codes[1].children[0].children[0].name, "x");
    }

    #[test]
    fn errors() {
        let e = parse_("name,parent,colour\na,,red\n").expect_err("must fail");
        assert!(e.starts_with("unknown column(s) \"colour\""), "{e}");
        let e = parse_("name,parent\na,\nb,nope\n").expect_err("must fail");
        assert_eq!(e, "line 3: unknown parent \"nope\" of code \"b\"");
        let e = parse_("name,parent\na,b\nb,c\nc,a\n").expect_err("must fail");
        assert!(
            e.starts_with("the parents form a cycle: \"a\" → \"b\" → \"c\" → \"a\""),
            "{e}"
        );
        let e = parse_("name,parent\na,a\n").expect_err("must fail");
        assert!(e.contains("cycle"), "{e}");
        let e = parse_("name,parent\n,\n x ,\n\"\",x\n").expect_err("must fail");
        assert_eq!(e, "line 4: empty name");
        let e = parse_("parent\nx\n").expect_err("must fail");
        assert!(e.contains("no \"name\" column"), "{e}");
        let e = parse_("name,parent\na\n").expect_err("must fail");
        assert!(e.starts_with("line 2:"), "{e}");
    }

    #[test]
    fn round_trip_with_formula_guard() {
        let t = CodebookTree {
            codes: vec![CodeNode {
                name: "-minus".into(),
                definition: Some("=SUM(A1)".into()),
                example: Some("'=quoted".into()),
                color: Some("#aabbcc".into()),
                children: vec![CodeNode {
                    name: "child, with \"quotes\"".into(),
                    when_to_use: Some("line 1\nline 2".into()),
                    ..CodeNode::default()
                }],
                ..CodeNode::default()
            }],
        };
        let bytes = write(&t).expect("writes");
        let text = std::str::from_utf8(&bytes).expect("utf-8");
        assert!(text.contains("'=SUM(A1)") && text.contains("''=quoted"));
        let text = text.strip_prefix('\u{feff}').expect("bom");
        let back = parse_(text).expect("reads back");
        assert_eq!(back.codes[0].name, "-minus");
        assert_eq!(back.codes[0].definition.as_deref(), Some("=SUM(A1)"));
        assert_eq!(back.codes[0].example.as_deref(), Some("'=quoted"));
        assert_eq!(back.codes[0].children[0].name, "child, with \"quotes\"");
        assert_eq!(
            back.codes[0].children[0].when_to_use.as_deref(),
            Some("line 1\nline 2")
        );
    }
}
