//! Replacement maps for pseudonymised exports: a CSV with columns
//! `original,replacement[,category]`, one name a line; a header row is
//! optional (recognised by `original` in its first cell); spelling
//! variants are extra rows with the same replacement. Refused: an empty
//! original or replacement, the same name given two different
//! replacements. "The same name" ignores case, composition and white space
//! but not accents: `Grace` and `Grâce` are two names and may have two
//! replacements (see `core::pseudonym` for which one a text gets).

use crate::core::pseudonym::{fold_name, spelling_key, MapEntry};
use std::collections::HashMap;

pub fn parse(bytes: &[u8]) -> Result<Vec<MapEntry>, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err("the file is UTF-16; save it as UTF-8".into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out: Vec<MapEntry> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, rec) in rd.records().enumerate() {
        let rec = rec.map_err(|e| format!("line {}: {e}", i + 1))?;
        let line = rec.position().map_or(i + 1, |p| p.line() as usize);
        let cell = |k: usize| rec.get(k).unwrap_or("").trim().to_string();
        let (original, replacement, category) = (cell(0), cell(1), cell(2));
        if i == 0 && original.eq_ignore_ascii_case("original") {
            continue;
        }
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rec.len() > 3 {
            return Err(format!(
                "line {line}: {} columns; expected original,replacement[,category]",
                rec.len()
            ));
        }
        if original.is_empty() || fold_name(&original).is_empty() {
            return Err(format!("line {line}: the original is empty"));
        }
        if replacement.is_empty() {
            return Err(format!(
                "line {line}: no replacement (columns: original,replacement[,category])"
            ));
        }
        let key = spelling_key(&original);
        if let Some(&j) = seen.get(&key) {
            let prev: &MapEntry = &out[j];
            if prev.replacement != replacement {
                return Err(format!(
                    "line {line}: this name is already on line {} with another replacement",
                    prev.line
                ));
            }
            continue;
        }
        seen.insert(key, out.len());
        out.push(MapEntry {
            original,
            replacement,
            category: (!category.is_empty()).then_some(category),
            line,
        });
    }
    if out.is_empty() {
        return Err("no names in the map (columns: original,replacement[,category])".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_with_optional_header_and_category() {
        let m = parse(
            "\u{feff}original,replacement,category\nAmani,[P07],NAME\n\"Mama Neema\",Mama Furaha\n\n"
                .as_bytes(),
        )
        .expect("valid");
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].original, "Amani");
        assert_eq!(m[0].category.as_deref(), Some("NAME"));
        assert_eq!(m[0].line, 2);
        assert_eq!(m[1].replacement, "Mama Furaha");
        assert_eq!(m[1].category, None);
    }

    #[test]
    fn refuses_bad_maps() {
        assert_eq!(parse(b"").expect_err("empty"), "the file is empty");
        assert!(parse(b"Amani\n")
            .expect_err("no repl")
            .contains("line 1: no replacement"));
        assert!(parse(b",x\n")
            .expect_err("no orig")
            .contains("line 1: the original is empty"));
        let e = parse("Amani,A\nAMANI,B\n".as_bytes()).expect_err("conflict");
        assert!(e.contains("line 2") && e.contains("line 1"), "{e}");
        assert!(parse(b"\xff\xfe").expect_err("utf16").contains("UTF-16"));
        assert!(parse(b"a,b,c,d\n").expect_err("cols").contains("4 columns"));
        // The same name twice with the same replacement is fine.
        assert_eq!(parse(b"Amani,A\namani,A\n").expect("dup ok").len(), 1);
        // Composed or not, it is the same spelling.
        let e = parse("Grâce,A\nGra\u{302}ce,B\n".as_bytes()).expect_err("same");
        assert!(e.contains("line 2"), "{e}");
    }

    #[test]
    fn names_that_differ_by_accents_are_two_names() {
        let m = parse("Grace,Respondent A\nGrâce,Note-taker N\n".as_bytes()).expect("both");
        assert_eq!(m.len(), 2);
        assert_eq!(m[1].replacement, "Note-taker N");
    }
}
