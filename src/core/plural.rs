//! Counts with their noun: "1 turn", "2 turns", "0 excerpts". Every noun the
//! interface counts takes a plain `s`, so one rule serves them all.

/// `n` followed by `noun`, with an `s` unless `n` is 1.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `n` followed by `one` or `many`, for nouns (and verbs) with no plain
/// `s`: "1 coding is", "3 codings are".
pub fn count_as(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_everything_else_plural() {
        assert_eq!(count(0, "turn"), "0 turns");
        assert_eq!(count(1, "turn"), "1 turn");
        assert_eq!(count(2, "excerpt"), "2 excerpts");
        assert_eq!(count(1, "sub-code"), "1 sub-code");
    }
}
