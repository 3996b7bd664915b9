//! Media times as people read them.

/// `h:mm:ss` for a time in milliseconds.
pub fn format_time(ms: u64) -> String {
    let s = ms / 1000;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_hours_minutes_seconds() {
        assert_eq!(super::format_time(0), "0:00:00");
        assert_eq!(super::format_time(3_723_999), "1:02:03");
    }
}
