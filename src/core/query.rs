//! The search query language, parsed into a small AST. Pure: the index layer
//! turns the AST into tantivy queries.
//!
//! Words must all match (`frais scolaires`); `"a phrase"`, `"a b"~5`
//! (within five positions); `OR` between two items (binds tighter than the
//! implicit AND: `frais OR minerval juin` = (frais OR minerval) AND juin);
//! `NOT x` or `-x`; `prefix*`; `word~1` (fuzzy, distance 1 or 2); filters
//! `speaker:P3`, `doc:fg01`, `lang:fr`, `code:"School fees"`.

use std::fmt;

/// A field filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Speaker,
    Doc,
    Lang,
    Code,
}

impl Filter {
    fn parse(name: &str) -> Option<Filter> {
        Some(match name.to_lowercase().as_str() {
            "speaker" | "spk" => Filter::Speaker,
            "doc" | "document" => Filter::Doc,
            "lang" | "language" => Filter::Lang,
            "code" => Filter::Code,
            _ => return None,
        })
    }
}

/// One searchable thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    Word {
        text: String,
        prefix: bool,
        fuzzy: Option<u8>,
    },
    Phrase {
        words: Vec<String>,
        slop: u32,
    },
    Filter {
        field: Filter,
        value: String,
    },
}

/// Alternatives joined by OR, possibly negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conjunct {
    pub negated: bool,
    pub any_of: Vec<Clause>,
}

/// All conjuncts must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub all_of: Vec<Conjunct>,
}

impl Query {
    /// Whether the query has at least one positive clause that is text
    /// (not only filters or negations).
    pub fn has_text(&self) -> bool {
        self.all_of
            .iter()
            .any(|c| !c.negated && c.any_of.iter().any(|k| !matches!(k, Clause::Filter { .. })))
    }
}

/// A malformed query: what is wrong and where (1-based column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at column {})", self.message, self.column)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Phrase(Vec<String>, u32),
    Or,
    Not,
    Minus,
    Field(Filter, String),
}

pub fn parse(input: &str) -> Result<Query, QueryError> {
    let toks = lex(input)?;
    let mut q = Query::default();
    let mut i = 0;
    while i < toks.len() {
        let (col, tok) = &toks[i];
        let negated = matches!(tok, Tok::Not | Tok::Minus);
        if negated {
            i += 1;
        }
        let Some((col2, tok2)) = toks.get(i) else {
            return Err(QueryError {
                column: *col,
                message: "NOT needs something after it".into(),
            });
        };
        let first = clause(*col2, tok2)?;
        let mut any_of = vec![first];
        i += 1;
        while let Some((ocol, Tok::Or)) = toks.get(i) {
            let Some((ncol, next)) = toks.get(i + 1) else {
                return Err(QueryError {
                    column: *ocol,
                    message: "OR needs something after it".into(),
                });
            };
            any_of.push(clause(*ncol, next)?);
            i += 2;
        }
        q.all_of.push(Conjunct { negated, any_of });
    }
    if q.all_of.is_empty() {
        return Err(QueryError {
            column: 1,
            message: "the query is empty".into(),
        });
    }
    if q.all_of.iter().all(|c| c.negated) {
        return Err(QueryError {
            column: 1,
            message: "a query cannot only exclude: add a word to look for".into(),
        });
    }
    Ok(q)
}

fn clause(col: usize, tok: &Tok) -> Result<Clause, QueryError> {
    Ok(match tok {
        Tok::Word(w) => word_clause(col, w)?,
        Tok::Phrase(words, slop) => {
            if words.is_empty() {
                return Err(QueryError {
                    column: col,
                    message: "empty phrase \"\"".into(),
                });
            }
            Clause::Phrase {
                words: words.clone(),
                slop: *slop,
            }
        }
        Tok::Field(f, v) => Clause::Filter {
            field: *f,
            value: v.clone(),
        },
        Tok::Or => {
            return Err(QueryError {
                column: col,
                message: "OR must stand between two words".into(),
            })
        }
        Tok::Not | Tok::Minus => {
            return Err(QueryError {
                column: col,
                message: "NOT cannot follow OR or NOT".into(),
            })
        }
    })
}

fn word_clause(col: usize, w: &str) -> Result<Clause, QueryError> {
    if let Some(stem) = w.strip_suffix('*') {
        if stem.is_empty() || stem.contains('*') {
            return Err(QueryError {
                column: col,
                message: format!("{w:?}: put at least one letter before *"),
            });
        }
        return Ok(Clause::Word {
            text: stem.into(),
            prefix: true,
            fuzzy: None,
        });
    }
    if let Some((base, d)) = w.rsplit_once('~') {
        let d = if d.is_empty() { Ok(1) } else { d.parse::<u8>() };
        return match d {
            Ok(d @ 1..=2) if !base.is_empty() => Ok(Clause::Word {
                text: base.into(),
                prefix: false,
                fuzzy: Some(d),
            }),
            _ => Err(QueryError {
                column: col,
                message: format!("{w:?}: fuzzy search is word~1 or word~2"),
            }),
        };
    }
    if w.contains('*') {
        return Err(QueryError {
            column: col,
            message: format!("{w:?}: * is only allowed at the end of a word"),
        });
    }
    Ok(Clause::Word {
        text: w.into(),
        prefix: false,
        fuzzy: None,
    })
}

fn lex(input: &str) -> Result<Vec<(usize, Tok)>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '"' {
            let (words, slop, next) = phrase(&chars, i)?;
            out.push((col, Tok::Phrase(words, slop)));
            i = next;
            continue;
        }
        if c == '-' && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
            out.push((col, Tok::Minus));
            i += 1;
            continue;
        }
        if c == '(' || c == ')' {
            return Err(QueryError {
                column: col,
                message: "parentheses are not supported; use OR between words".into(),
            });
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
            if chars[i] == ':' {
                break;
            }
            i += 1;
        }
        let mut word: String = chars[start..i].iter().collect();
        // `14:30` or `3:1` is a word, not a field.
        if chars.get(i) == Some(&':') && !word.chars().all(char::is_alphabetic) {
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
                i += 1;
            }
            word = chars[start..i].iter().collect();
        }
        if chars.get(i) == Some(&':') {
            let Some(field) = Filter::parse(&word) else {
                return Err(QueryError {
                    column: col,
                    message: format!("unknown field {word:?}: use speaker:, doc:, lang: or code:"),
                });
            };
            i += 1;
            let value = if chars.get(i) == Some(&'"') {
                let (words, _, next) = phrase(&chars, i)?;
                i = next;
                words.join(" ")
            } else {
                let vs = i;
                while i < chars.len() && !chars[i].is_whitespace() {
                    i += 1;
                }
                chars[vs..i].iter().collect()
            };
            if value.trim().is_empty() {
                return Err(QueryError {
                    column: col,
                    message: format!("{word}: needs a value"),
                });
            }
            out.push((col, Tok::Field(field, value)));
            continue;
        }
        let tok = match word.as_str() {
            "OR" | "|" => Tok::Or,
            "NOT" => Tok::Not,
            "AND" | "&" => continue,
            _ => Tok::Word(word),
        };
        out.push((col, tok));
    }
    Ok(out)
}

/// A quoted phrase from `chars[at] == '"'`: its words, its slop (`~N`) and
/// where the lexer continues.
fn phrase(chars: &[char], at: usize) -> Result<(Vec<String>, u32, usize), QueryError> {
    let mut i = at + 1;
    let start = i;
    while i < chars.len() && chars[i] != '"' {
        i += 1;
    }
    if i >= chars.len() {
        return Err(QueryError {
            column: at + 1,
            message: "this quote is never closed".into(),
        });
    }
    let inner: String = chars[start..i].iter().collect();
    i += 1;
    let mut slop = 0;
    if chars.get(i) == Some(&'~') {
        let ns = i + 1;
        let mut j = ns;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        let digits: String = chars[ns..j].iter().collect();
        slop = digits.parse().map_err(|_| QueryError {
            column: i + 1,
            message: "after a phrase, ~ takes a number of words: \"a b\"~5".into(),
        })?;
        i = j;
    }
    let words = inner.split_whitespace().map(str::to_string).collect();
    Ok((words, slop, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: &str) -> Clause {
        Clause::Word {
            text: t.into(),
            prefix: false,
            fuzzy: None,
        }
    }

    #[test]
    fn parses_the_language() {
        let q = parse("\"frais scolaires\" speaker:P3").expect("ok");
        assert_eq!(q.all_of.len(), 2);
        assert_eq!(
            q.all_of[0].any_of[0],
            Clause::Phrase {
                words: vec!["frais".into(), "scolaires".into()],
                slop: 0
            }
        );
        assert_eq!(
            q.all_of[1].any_of[0],
            Clause::Filter {
                field: Filter::Speaker,
                value: "P3".into()
            }
        );
        let q = parse("frais OR minerval juin -école NOT pesa").expect("ok");
        assert_eq!(q.all_of[0].any_of, vec![w("frais"), w("minerval")]);
        assert_eq!(q.all_of[1].any_of, vec![w("juin")]);
        assert!(q.all_of[2].negated && q.all_of[3].negated);
        let q = parse("scol* watoto~1 \"a b\"~5 code:\"School fees\"").expect("ok");
        assert!(matches!(
            &q.all_of[0].any_of[0],
            Clause::Word { prefix: true, .. }
        ));
        assert!(matches!(
            &q.all_of[1].any_of[0],
            Clause::Word { fuzzy: Some(1), .. }
        ));
        assert!(matches!(
            &q.all_of[2].any_of[0],
            Clause::Phrase { slop: 5, .. }
        ));
        assert!(
            matches!(&q.all_of[3].any_of[0], Clause::Filter { field: Filter::Code, value } if value == "School fees")
        );
        assert!(q.has_text());
        assert!(!parse("speaker:P1").expect("ok").has_text());
        assert_eq!(
            parse("14:30").expect("time").all_of[0].any_of,
            vec![w("14:30")]
        );
    }

    #[test]
    fn says_what_is_wrong_and_where() {
        let e = parse("frais \"scolaires").expect_err("unclosed");
        assert_eq!(e.column, 7);
        assert!(e.message.contains("never closed"));
        assert_eq!(
            parse("   ").expect_err("empty").message,
            "the query is empty"
        );
        assert!(parse("frais OR")
            .expect_err("or")
            .message
            .contains("OR needs"));
        assert!(parse("OR frais")
            .expect_err("or")
            .message
            .contains("between"));
        let e = parse("spek:P1").expect_err("field");
        assert!(e.message.contains("unknown field"));
        assert!(parse("word~7")
            .expect_err("fuzzy")
            .message
            .contains("word~1"));
        assert!(parse("*").expect_err("star").message.contains("before *"));
        assert!(parse("-frais")
            .expect_err("only not")
            .message
            .contains("only exclude"));
        assert!(parse("(a OR b)")
            .expect_err("parens")
            .message
            .contains("parentheses"));
        assert!(parse("speaker:")
            .expect_err("empty")
            .message
            .contains("needs a value"));
    }
}
