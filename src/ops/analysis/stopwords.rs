//! Stop-word lists: French, English and Swahili ship in `stopwords/`
//! (embedded in the binary); a file of the same name in the user's
//! config folder (`~/.config/gloss/stopwords/fr.txt`, beside
//! `config.toml`) replaces the shipped one, and a list for another
//! language (Lingala has no published list) is added the same way
//! (`ln.txt`). `--stopwords FILE` uses one file for every document,
//! `--stopwords LANG` one language's list, `--stopwords none` none.

use crate::core::analysis::words::StopWords;
use std::path::PathBuf;

/// The lists shipped with Gloss, by language tag.
pub const SHIPPED: [(&str, &str); 3] = [
    ("fr", include_str!("../../../stopwords/fr.txt")),
    ("en", include_str!("../../../stopwords/en.txt")),
    ("sw", include_str!("../../../stopwords/sw.txt")),
];

/// What `--stopwords` asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum StopSpec {
    /// Each document's language's list (none for a language without one).
    #[default]
    PerLanguage,
    None,
    Language(String),
    File(PathBuf),
}

impl std::str::FromStr for StopSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        if t == "none" {
            return Ok(StopSpec::None);
        }
        let looks_like_a_tag =
            (2..=3).contains(&t.len()) && t.chars().all(|c| c.is_ascii_alphabetic());
        if looks_like_a_tag && !std::path::Path::new(t).exists() {
            return Ok(StopSpec::Language(t.to_lowercase()));
        }
        Ok(StopSpec::File(PathBuf::from(t)))
    }
}

/// The folder where the user's own lists are looked for.
pub fn user_dir(dirs: &crate::store::Dirs) -> Option<PathBuf> {
    dirs.config_file()
        .and_then(|p| p.parent().map(|d| d.join("stopwords")))
}

/// A language tag's two-letter list name (`fra` → `fr`, `sw-KE` → `sw`).
fn list_name(lang: &str) -> String {
    let base = lang.split(['-', '_']).next().unwrap_or("").to_lowercase();
    match base.as_str() {
        "fra" | "fre" => "fr".into(),
        "eng" => "en".into(),
        "swa" | "swh" => "sw".into(),
        "lin" => "ln".into(),
        _ => base,
    }
}

/// The text of a language's list: the user's file, else the shipped one.
pub fn list_text(
    lang: &str,
    dirs: &crate::store::Dirs,
) -> crate::ops::Result<Option<(String, String)>> {
    let name = list_name(lang);
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Ok(None);
    }
    if let Some(dir) = user_dir(dirs) {
        let f = dir.join(format!("{name}.txt"));
        if f.is_file() {
            let text = std::fs::read_to_string(&f)
                .map_err(|e| crate::ops::Error::file(&f, e.to_string()))?;
            return Ok(Some((f.display().to_string(), text)));
        }
    }
    Ok(SHIPPED
        .iter()
        .find(|(l, _)| *l == name)
        .map(|(l, t)| (format!("shipped {l} list"), t.to_string())))
}

/// What [`resolve`] gives: a list per document, the lists a turn may
/// vote for (per-language mode only), and a description for the output.
pub type Resolved = (Vec<StopWords>, Vec<StopWords>, String);

/// The stop words for each language tag in `languages` (a list per
/// distinct tag), the lists of the shipped languages for turns that
/// switch language, and a description of what was used.
pub fn resolve(
    spec: &StopSpec,
    languages: &[String],
    keep_accents: bool,
    dirs: &crate::store::Dirs,
) -> crate::ops::Result<Resolved> {
    match spec {
        StopSpec::None => Ok((
            vec![StopWords::default(); languages.len()],
            Vec::new(),
            "no stop words".into(),
        )),
        StopSpec::File(f) => {
            let text = std::fs::read_to_string(f)
                .map_err(|e| crate::ops::Error::file(f, crate::ops::files::io_reason(&e)))?;
            let s = StopWords::parse(&text, keep_accents);
            Ok((
                vec![s; languages.len()],
                Vec::new(),
                format!("stop words from {}", f.display()),
            ))
        }
        StopSpec::Language(l) => match list_text(l, dirs)? {
            Some((from, text)) => {
                let s = StopWords::parse(&text, keep_accents);
                Ok((
                    vec![s; languages.len()],
                    Vec::new(),
                    format!("stop words: {from}"),
                ))
            }
            None => Err(crate::ops::Error::Invalid(format!(
                "--stopwords {}: no stop-word list for this language; lists: fr, en, sw (shipped), or put one in {} or give a file",
                crate::core::sanitize::one_line(l),
                user_dir(dirs).map(|d| d.display().to_string()).unwrap_or_default()
            ))),
        },
        StopSpec::PerLanguage => {
            let mut cache: Vec<(String, StopWords, Option<String>)> = Vec::new();
            let mut out = Vec::with_capacity(languages.len());
            for lang in languages {
                let name = list_name(lang);
                if let Some((_, s, _)) = cache.iter().find(|(n, _, _)| *n == name) {
                    out.push(s.clone());
                    continue;
                }
                let (s, from) = match list_text(lang, dirs)? {
                    Some((from, text)) => (StopWords::parse(&text, keep_accents), Some(from)),
                    None => (StopWords::default(), None),
                };
                out.push(s.clone());
                cache.push((name, s, from));
            }
            cache.sort_by(|a, b| a.0.cmp(&b.0));
            let used: Vec<String> = cache
                .iter()
                .map(|(n, _, from)| match from {
                    Some(f) if f.starts_with("shipped") => n.clone(),
                    Some(f) => format!("{n} ({f})"),
                    None => format!("{} (none)", if n.is_empty() { "und" } else { n }),
                })
                .collect();
            let mut vote = Vec::new();
            for (lang, _) in SHIPPED {
                if let Some((_, text)) = list_text(lang, dirs)? {
                    vote.push(StopWords::parse(&text, keep_accents));
                }
            }
            Ok((
                out,
                vote,
                format!(
                    "stop words by language: {} (a turn with more stop words of fr, en or sw than of its document's language takes that list)",
                    used.join(", ")
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lists_hold_their_commonest_words() {
        for (lang, words) in [
            ("fr", ["le", "de", "et"]),
            ("en", ["the", "and", "of"]),
            ("sw", ["na", "ya", "kwa"]),
        ] {
            let text = SHIPPED
                .iter()
                .find(|(l, _)| *l == lang)
                .map(|x| x.1)
                .unwrap_or("");
            let s = StopWords::parse(text, false);
            for w in words {
                assert!(s.contains(w), "{lang}: {w}");
            }
        }
        assert_eq!(list_name("fra"), "fr");
        assert_eq!(list_name("sw-KE"), "sw");
        assert_eq!("none".parse::<StopSpec>(), Ok(StopSpec::None));
        assert_eq!(
            "FR".parse::<StopSpec>(),
            Ok(StopSpec::Language("fr".into()))
        );
        assert_eq!(
            "my/list.txt".parse::<StopSpec>(),
            Ok(StopSpec::File("my/list.txt".into()))
        );
    }
}
