//! Clock timestamps as found in transcripts: `mm:ss`, `h:mm:ss`,
//! `hh:mm:ss.mmm`, `hh:mm:ss,mmm` (SRT), `hh:mm:ss-d` (Dresing-Pehl tenths).

/// Parses a clock stamp into milliseconds. Hours are optional; minutes and
/// seconds must be below 60 when hours are given, seconds always; the
/// fraction (after `.`, `,` or `-`) may have 1–3 digits and is a decimal
/// fraction of a second (`.5` = 500 ms).
pub(crate) fn parse_clock(s: &str) -> Option<u64> {
    let s = s.trim();
    let last_colon = s.rfind(':')?;
    let (clock, frac) = match s
        .char_indices()
        .find(|&(i, c)| i > last_colon && matches!(c, '.' | ',' | '-'))
    {
        Some((i, _)) => (s.get(..i)?, s.get(i + 1..)),
        None => (s, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let num = |p: &str, max_len: usize| -> Option<u64> {
        if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let (h, m, sec) = match parts.as_slice() {
        [m, sec] => {
            if sec.len() != 2 {
                return None;
            }
            (0, num(m, 4)?, num(sec, 2)?)
        }
        [h, m, sec] => {
            let m = num(m, 2)?;
            if m >= 60 {
                return None;
            }
            (num(h, 3)?, m, num(sec, 2)?)
        }
        _ => return None,
    };
    if sec >= 60 {
        return None;
    }
    let ms = match frac {
        None => 0,
        Some(f) => {
            let v = num(f, 3)?;
            match f.len() {
                1 => v * 100,
                2 => v * 10,
                _ => v,
            }
        }
    };
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms)
}

/// Seconds as a float (Whisper JSON) → milliseconds, if finite and ≥ 0.
pub(crate) fn secs_to_ms(secs: f64) -> Option<u64> {
    if secs.is_finite() && (0.0..1e12).contains(&secs) {
        // Rounded to the millisecond; the range check makes the cast exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some((secs * 1000.0).round() as u64)
    } else {
        None
    }
}

/// `hh:mm:ss` (hours at least two digits).
pub(crate) fn format_hms(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks() {
        assert_eq!(parse_clock("0:15"), Some(15_000));
        assert_eq!(parse_clock("12:31"), Some(751_000));
        assert_eq!(parse_clock("1:02:03"), Some(3_723_000));
        assert_eq!(parse_clock("00:00:01,5"), Some(1_500));
        assert_eq!(parse_clock("00:01.25"), Some(1_250));
        assert_eq!(parse_clock("00:03:22-0"), Some(202_000));
        assert_eq!(parse_clock("0:0:5.100"), Some(5_100));
        assert_eq!(parse_clock("75:10"), Some(4_510_000));
        assert_eq!(parse_clock("14:3"), None);
        assert_eq!(parse_clock("1:75:00"), None);
        assert_eq!(parse_clock("ab:cd"), None);
        assert_eq!(parse_clock("12"), None);
        assert_eq!(parse_clock("00:00:01.1234"), None);
        assert_eq!(format_hms(3_723_999), "01:02:03");
    }
}
