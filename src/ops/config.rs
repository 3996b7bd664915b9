//! The user's configuration (`config.toml` in the user config directory,
//! honouring `XDG_CONFIG_HOME`; `GLOSS_CONFIG` names another file). Embedded
//! defaults overlaid by the file; a bad file warns and falls back, never fails.

/// Settings a user may put in `config.toml`.
#[derive(Debug, Default, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The coder name for every project opened (unless `--coder` is given).
    #[serde(default)]
    pub coder: Option<String>,
    /// Extra mpv arguments for playback (e.g. `["--ao=null"]`);
    /// `GLOSS_MPV_ARGS` adds to them.
    #[serde(default)]
    pub mpv_args: Vec<String>,
    /// Seconds playback backs up when it resumes in transcription mode
    /// (0–5; 1.5 when not set).
    #[serde(default)]
    pub backstep_s: Option<f64>,
    /// Transcription mode pauses playback while you type and resumes it,
    /// backed up, after a second of quiet.
    #[serde(default)]
    pub typing_pause: bool,
}

/// Where the configuration file is looked for.
/// The configuration, and warnings about the file if it could not be used.
pub fn load(dirs: &crate::store::Dirs) -> (Config, Vec<String>) {
    let Some(path) = dirs.config_file() else {
        return (Config::default(), Vec::new());
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return (Config::default(), Vec::new())
        }
        Err(e) => {
            return (
                Config::default(),
                vec![format!("{}: {e}; using the defaults", path.display())],
            )
        }
    };
    parse(&text).map_or_else(
        |e| {
            (
                Config::default(),
                vec![format!(
                    "{}: {}; using the defaults",
                    path.display(),
                    crate::core::sanitize::one_line(&e)
                )],
            )
        },
        |c| (c, Vec::new()),
    )
}

pub fn parse(text: &str) -> Result<Config, String> {
    let mut c: Config = toml::from_str(text).map_err(|e| e.message().to_string())?;
    c.coder = c
        .coder
        .map(|s| crate::core::sanitize::one_line(s.trim()))
        .filter(|s| !s.is_empty());
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            parse("coder = \" neema \"\n").expect("ok").coder.as_deref(),
            Some("neema")
        );
        assert_eq!(parse("").expect("ok"), Config::default());
        assert!(parse("coderr = 1").is_err());
        assert_eq!(
            parse("mpv_args = [\"--ao=null\"]").expect("ok").mpv_args,
            ["--ao=null"]
        );
        assert!(parse("coder = [").is_err());
    }
}
