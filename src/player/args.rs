//! Extra mpv arguments: `mpv_args` in the config file, then
//! `GLOSS_MPV_ARGS` (split like a POSIX shell would, without expansion),
//! e.g. `GLOSS_MPV_ARGS=--ao=null` on a machine without sound.

/// The environment variable with extra mpv arguments.
pub const ENV: &str = "GLOSS_MPV_ARGS";

/// The arguments to add to mpv's: the config's first, the environment's
/// after them (mpv takes the last of a repeated option, so they win).
pub fn extra_args(config: &[String]) -> Result<Vec<String>, String> {
    let mut out = config.to_vec();
    if let Some(v) = std::env::var_os(ENV) {
        let v = v
            .into_string()
            .map_err(|_| format!("{ENV} is not valid UTF-8"))?;
        out.extend(split_words(&v).map_err(|e| format!("{ENV}: {e}"))?);
    }
    Ok(out)
}

/// Splits `s` into words like a shell: blanks separate, `'…'` is literal,
/// `"…"` is literal but for `\"`, `\\`, `\$`, `` \` ``, and `\` escapes
/// one character outside quotes. No variables, globs or `~`.
pub fn split_words(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("a single quote is not closed".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some('\n') => {}
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("a double quote is not closed".into()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("a double quote is not closed".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(c) => word.push(c),
                    None => return Err("a backslash ends the value".into()),
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Vec<String> {
        split_words(s).expect("splits")
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(ok("--ao=null"), ["--ao=null"]);
        assert_eq!(
            ok("  --ao=null   --volume=50 "),
            ["--ao=null", "--volume=50"]
        );
        assert_eq!(ok(""), Vec::<String>::new());
        assert_eq!(
            ok(r#"--af='lavfi=[highpass=f=200]' "--title=a b" x\ y"#),
            ["--af=lavfi=[highpass=f=200]", "--title=a b", "x y"]
        );
        assert_eq!(ok(r#""a\"b\\c\d""#), [r#"a"b\c\d"#]);
        assert_eq!(ok("''"), [""]);
        assert_eq!(ok("a'b'c"), ["abc"]);
    }

    #[test]
    fn refuses_unbalanced_quotes() {
        assert!(split_words("'open").is_err());
        assert!(split_words("\"open").is_err());
        assert!(split_words("trailing\\").is_err());
    }
}
