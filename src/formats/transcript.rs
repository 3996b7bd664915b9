//! Transcripts out (`gloss transcript export`): a document's turns with
//! speakers and times written as plain text, WebVTT, SRT, oTranscribe
//! `.otr` or Word — pure functions from a [`Transcript`] to bytes, written
//! so that Gloss's own importers read back the same turns, speakers and
//! start times.
//!
//! - TXT: `[hh:mm:ss] Speaker: text`, a blank line between turns; the stamp
//!   only where the turn has a time (`.mmm` added when not whole seconds),
//!   the label only where it has a speaker.
//! - VTT: `<v Speaker>text</v>` cues; SRT: numbered cues, `Speaker: text`.
//!   Both need a start on every turn: a turn without one is refused, named
//!   (nothing is estimated). A turn without an end ends where the next one
//!   starts; the last one after a time from its length (1 s per 15 chars,
//!   1–10 s).
//! - OTR: oTranscribe's JSON, one `<p>` per turn with its timestamp span and
//!   the speaker in `<b>`; no media name (it would leak the file name).
//! - DOCX: one paragraph per turn, the stamp, then the speaker in bold.
//!
//! Text before the first turn (a heading) goes into TXT, OTR and DOCX;
//! subtitles carry turns only.

mod docx;

use super::time::format_hms;

/// One turn as written out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptTurn {
    /// The turn's id in the project (what `gloss turns` lists), if any.
    pub id: Option<i64>,
    pub speaker: Option<String>,
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
    /// The speech (no label); may hold line breaks.
    pub text: String,
}

/// What an export writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    /// Text before the first turn (trimmed; often empty).
    pub preamble: String,
    pub turns: Vec<TranscriptTurn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TranscriptFormat {
    Txt,
    Docx,
    Vtt,
    Srt,
    Otr,
}

impl TranscriptFormat {
    pub const ALL: [TranscriptFormat; 5] = [
        TranscriptFormat::Txt,
        TranscriptFormat::Docx,
        TranscriptFormat::Vtt,
        TranscriptFormat::Srt,
        TranscriptFormat::Otr,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TranscriptFormat::Txt => "txt",
            TranscriptFormat::Docx => "docx",
            TranscriptFormat::Vtt => "vtt",
            TranscriptFormat::Srt => "srt",
            TranscriptFormat::Otr => "otr",
        }
    }

    pub fn parse(s: &str) -> Option<TranscriptFormat> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
    }

    /// Whether every turn must have a start time.
    pub fn needs_times(self) -> bool {
        matches!(self, TranscriptFormat::Vtt | TranscriptFormat::Srt)
    }
}

/// Why a transcript cannot be written in a format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TranscriptError {
    #[error("turn {ordinal} ({said}) has no start time, and {format} needs one on every turn: stamp it (`gloss turns time PROJECT DOC {} HH:MM:SS`) or export txt, docx or otr", id.map_or("TURN".to_string(), |i| i.to_string()))]
    Untimed {
        /// 1-based position of the turn in the document.
        ordinal: usize,
        /// Its id, for `gloss turns time`.
        id: Option<i64>,
        /// Speaker and first words, for the user to find it.
        said: String,
        format: &'static str,
    },
    #[error("{0}")]
    Write(String),
}

/// Writes `t` in `format`.
pub fn write(t: &Transcript, format: TranscriptFormat) -> Result<Vec<u8>, TranscriptError> {
    Ok(match format {
        TranscriptFormat::Txt => txt(t).into_bytes(),
        TranscriptFormat::Vtt => vtt(t)?.into_bytes(),
        TranscriptFormat::Srt => srt(t)?.into_bytes(),
        TranscriptFormat::Otr => otr(t).into_bytes(),
        TranscriptFormat::Docx => docx::write(t).map_err(TranscriptError::Write)?,
    })
}

/// `hh:mm:ss`, with `.mmm` when the time is not whole seconds (what the
/// text importer reads back exactly).
pub fn stamp(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format_hms(ms)
    } else {
        format!("{}.{:03}", format_hms(ms), ms % 1000)
    }
}

/// The label a turn opens with in TXT and DOCX: `[stamp] Speaker: `, each
/// part where known (stamp, speaker).
fn label_parts(turn: &TranscriptTurn) -> (String, Option<String>) {
    let time = turn
        .start_ms
        .map(|ms| format!("[{}] ", stamp(ms)))
        .unwrap_or_default();
    (time, turn.speaker.as_ref().map(|s| one_line(s)))
}

fn one_line(s: &str) -> String {
    crate::core::sanitize::one_line(s.trim())
}

pub fn txt(t: &Transcript) -> String {
    let mut out = String::new();
    if !t.preamble.trim().is_empty() {
        out.push_str(t.preamble.trim());
        out.push_str("\n\n");
    }
    for (i, turn) in t.turns.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (time, speaker) = label_parts(turn);
        out.push_str(&time);
        if let Some(s) = speaker {
            out.push_str(&s);
            out.push_str(": ");
        }
        out.push_str(turn.text.trim());
        out.push('\n');
    }
    out
}

/// Every turn's start and end, or the first turn without a start.
fn timings(t: &Transcript, format: TranscriptFormat) -> Result<Vec<(u64, u64)>, TranscriptError> {
    let mut out = Vec::with_capacity(t.turns.len());
    for (i, turn) in t.turns.iter().enumerate() {
        let Some(start) = turn.start_ms else {
            return Err(TranscriptError::Untimed {
                ordinal: i + 1,
                id: turn.id,
                said: said(turn),
                format: format.name(),
            });
        };
        let next = t.turns.get(i + 1).and_then(|n| n.start_ms);
        let estimate = {
            let chars = turn.text.chars().count() as u64;
            start + (chars * 1000 / 15).clamp(1000, 10_000)
        };
        let end = turn
            .end_ms
            .or(next)
            .filter(|&e| e > start)
            .unwrap_or(estimate);
        out.push((start, end));
    }
    Ok(out)
}

/// `P1: "Merci. Je vends au…"` for an error message.
fn said(turn: &TranscriptTurn) -> String {
    let words: String = one_line(&turn.text).chars().take(30).collect();
    let more = if turn.text.trim().chars().count() > 30 {
        "…"
    } else {
        ""
    };
    match &turn.speaker {
        Some(s) => format!("{}: \"{words}{more}\"", one_line(s)),
        None => format!("\"{words}{more}\""),
    }
}

/// `hh:mm:ss.mmm` (VTT) or `hh:mm:ss,mmm` (SRT).
fn cue_time(ms: u64, sep: char) -> String {
    format!("{}{sep}{:03}", format_hms(ms), ms % 1000)
}

/// A cue's text: no blank line (it would end the cue), no `-->`.
fn cue_lines(text: &str) -> String {
    text.trim()
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

pub fn vtt(t: &Transcript) -> Result<String, TranscriptError> {
    let times = timings(t, TranscriptFormat::Vtt)?;
    let mut out = String::from("WEBVTT\n");
    for (turn, (start, end)) in t.turns.iter().zip(times) {
        out.push('\n');
        out.push_str(&format!(
            "{} --> {}\n",
            cue_time(start, '.'),
            cue_time(end, '.')
        ));
        // Escaped, so `-->` cannot appear in a payload line.
        let text = html_escape(&cue_lines(&turn.text));
        match &turn.speaker {
            Some(s) => {
                let s = html_escape(&one_line(s));
                out.push_str(&format!("<v {s}>{text}</v>\n"));
            }
            None => {
                out.push_str(&text);
                out.push('\n');
            }
        }
    }
    Ok(out)
}

pub fn srt(t: &Transcript) -> Result<String, TranscriptError> {
    let times = timings(t, TranscriptFormat::Srt)?;
    let mut out = String::new();
    for (i, (turn, (start, end))) in t.turns.iter().zip(times).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}\n{} --> {}\n",
            i + 1,
            cue_time(start, ','),
            cue_time(end, ',')
        ));
        let text = cue_lines(&turn.text).replace("-->", "->");
        if let Some(s) = &turn.speaker {
            out.push_str(&one_line(s));
            out.push_str(": ");
        }
        out.push_str(&text);
        out.push('\n');
    }
    Ok(out)
}

/// oTranscribe's timestamp text: `m:ss`, or `h:mm:ss` past the hour.
fn otr_clock(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

pub fn otr(t: &Transcript) -> String {
    let para_html = |text: &str| {
        text.trim()
            .lines()
            .map(html_escape)
            .collect::<Vec<_>>()
            .join("<br />")
    };
    let mut html = String::new();
    if !t.preamble.trim().is_empty() {
        for p in t.preamble.split("\n\n").filter(|p| !p.trim().is_empty()) {
            html.push_str(&format!("<p>{}</p>", para_html(p)));
        }
    }
    for turn in &t.turns {
        html.push_str("<p>");
        if let Some(ms) = turn.start_ms {
            html.push_str(&format!(
                "<span class=\"timestamp\" data-timestamp=\"{}.{:03}\">{}</span> ",
                ms / 1000,
                ms % 1000,
                otr_clock(ms)
            ));
        }
        if let Some(s) = &turn.speaker {
            html.push_str(&format!("<b>{}</b>: ", html_escape(&one_line(s))));
        }
        html.push_str(&para_html(&turn.text));
        html.push_str("</p>");
    }
    serde_json::json!({"text": html, "media": "", "media-time": 0.0}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(
        speaker: Option<&str>,
        start: Option<u64>,
        end: Option<u64>,
        text: &str,
    ) -> TranscriptTurn {
        TranscriptTurn {
            id: None,
            speaker: speaker.map(String::from),
            start_ms: start,
            end_ms: end,
            text: text.into(),
        }
    }

    fn sample() -> Transcript {
        Transcript {
            preamble: String::new(),
            turns: vec![
                turn(
                    Some("Interviewer"),
                    Some(1000),
                    Some(4500),
                    "Bonjour, merci.",
                ),
                turn(
                    Some("P1"),
                    Some(5250),
                    None,
                    "Je vends <du> pain & lait --> marché.",
                ),
                turn(Some("Interviewer"), Some(9000), None, "D'accord."),
            ],
        }
    }

    #[test]
    fn txt_has_stamps_and_labels_where_known() {
        let mut t = sample();
        t.turns.push(turn(None, None, None, "[inaudible]"));
        assert_eq!(
            txt(&t),
            "[00:00:01] Interviewer: Bonjour, merci.\n\n[00:00:05.250] P1: Je vends <du> pain & lait --> marché.\n\n[00:00:09] Interviewer: D'accord.\n\n[inaudible]\n"
        );
    }

    #[test]
    fn vtt_has_voices_escaped_text_and_ends() {
        let v = vtt(&sample()).expect("vtt");
        assert_eq!(
            v,
            "WEBVTT\n\n00:00:01.000 --> 00:00:04.500\n<v Interviewer>Bonjour, merci.</v>\n\n00:00:05.250 --> 00:00:09.000\n<v P1>Je vends &lt;du&gt; pain &amp; lait --&gt; marché.</v>\n\n00:00:09.000 --> 00:00:10.000\n<v Interviewer>D'accord.</v>\n"
        );
    }

    #[test]
    fn srt_is_numbered_with_comma_times() {
        let s = srt(&sample()).expect("srt");
        assert!(s.starts_with("1\n00:00:01,000 --> 00:00:04,500\nInterviewer: Bonjour, merci.\n\n2\n00:00:05,250 --> 00:00:09,000\nP1: "), "{s}");
        assert!(s.contains("\n3\n00:00:09,000 --> 00:00:10,000\nInterviewer: D'accord.\n"));
    }

    #[test]
    fn subtitles_refuse_the_first_untimed_turn() {
        let mut t = sample();
        t.turns[2].start_ms = None;
        t.turns.push(turn(None, None, None, "later"));
        let e = vtt(&t).expect_err("untimed");
        assert_eq!(
            e,
            TranscriptError::Untimed {
                ordinal: 3,
                id: None,
                said: "Interviewer: \"D'accord.\"".into(),
                format: "vtt"
            }
        );
        assert!(e
            .to_string()
            .contains("turn 3 (Interviewer: \"D'accord.\") has no start time"));
        assert!(srt(&t).is_err());
        assert!(write(&t, TranscriptFormat::Txt).is_ok());
        assert!(write(&t, TranscriptFormat::Otr).is_ok());
        assert!(write(&t, TranscriptFormat::Docx).is_ok());
    }

    #[test]
    fn otr_is_otranscribe_json() {
        let o = otr(&sample());
        let v: serde_json::Value = serde_json::from_str(&o).expect("json");
        let html = v["text"].as_str().expect("text");
        assert!(html.starts_with("<p><span class=\"timestamp\" data-timestamp=\"1.000\">0:01</span> <b>Interviewer</b>: Bonjour, merci.</p>"), "{html}");
        assert!(html.contains("&lt;du&gt; pain &amp; lait"));
        assert_eq!(v["media"], "");
    }

    /// Each format read back by Gloss's own importer: the same speakers,
    /// start times (OTR: to the second) and words.
    #[test]
    fn every_format_reads_back_through_the_importers() {
        let t = Transcript {
            preamble: String::new(),
            turns: vec![
                turn(
                    Some("Interviewer"),
                    Some(0),
                    None,
                    "Bonjour : on commence ?",
                ),
                turn(
                    Some("Mama Neema"),
                    Some(1_500),
                    None,
                    "Ndiyo. Nina watoto 3 < 5 & \"plus\".\nEt puis voilà.",
                ),
                turn(
                    Some("Interviewer"),
                    Some(65_010),
                    Some(70_000),
                    "Merci — asante.",
                ),
                turn(Some("Mama Neema"), Some(3_600_000), None, "Karibu."),
            ],
        };
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for format in TranscriptFormat::ALL {
            let bytes = write(&t, format).expect("write");
            let name = format!("out.{}", format.name());
            let back =
                crate::formats::import_bytes(&bytes, &name, crate::formats::FormatChoice::Auto)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
            let got: Vec<_> = back
                .segments
                .iter()
                .map(|s| {
                    (
                        s.speaker.clone(),
                        s.time_ms,
                        words(crate::core::text::char_slice(&back.text, s.range)),
                    )
                })
                .collect();
            let want: Vec<_> = t
                .turns
                .iter()
                .map(|x| {
                    let ms = x.start_ms.map(|ms| match format {
                        TranscriptFormat::Otr => ms / 1000 * 1000,
                        _ => ms,
                    });
                    (x.speaker.clone(), ms, words(&x.text))
                })
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(TranscriptFormat::parse("SRT"), Some(TranscriptFormat::Srt));
        assert_eq!(TranscriptFormat::parse("pdf"), None);
        assert!(TranscriptFormat::Vtt.needs_times());
        assert!(!TranscriptFormat::Docx.needs_times());
    }
}
