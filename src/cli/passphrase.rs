//! Where the passphrase of an encrypted project comes from: the
//! environment (`GLOSS_PASSPHRASE`, `GLOSS_NEW_PASSPHRASE` for a new one),
//! a file (`--passphrase-file`), else a prompt on the terminal without
//! echo; with none of them, one clear line. Passphrases are held in zeroed
//! memory ([`Key`]) and never printed.

use crate::ops::project::{Key, PassphraseSource};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

const ENV: &str = "GLOSS_PASSPHRASE";
const NEW_ENV: &str = "GLOSS_NEW_PASSPHRASE";
const THEIR_ENV: &str = "GLOSS_THEIR_PASSPHRASE";
const HOW: &str = "set GLOSS_PASSPHRASE, use --passphrase-file FILE, or run gloss on a terminal";

/// The command line's passphrase source.
pub struct CliSource {
    file: Option<PathBuf>,
}

impl CliSource {
    pub fn new(file: Option<PathBuf>) -> CliSource {
        CliSource { file }
    }

    /// The passphrase given by the environment or the file, if any.
    fn given_key(&self) -> Result<Option<Key>, String> {
        if let Some(k) = env_key(ENV) {
            return Ok(Some(k));
        }
        match &self.file {
            Some(f) => read_file(f).map(Some),
            None => Ok(None),
        }
    }

    /// The passphrase of a project being encrypted (`init --encrypt`,
    /// `encrypt`): given, else asked twice.
    pub fn new_key(&self, path: &Path) -> Result<Key, String> {
        match self.given_key()? {
            Some(k) => Ok(k),
            None => ask_twice(path, HOW),
        }
    }
}

impl PassphraseSource for CliSource {
    fn passphrase(&self, path: &Path) -> Result<Key, String> {
        match self.given_key()? {
            Some(k) => Ok(k),
            None => ask(&format!("passphrase for {}: ", path.display())),
        }
    }

    fn given(&self) -> bool {
        std::env::var_os(ENV).is_some() || self.file.is_some()
    }
}

/// The new passphrase of `gloss rekey`: `GLOSS_NEW_PASSPHRASE`, else asked
/// twice.
pub fn rekey_key(path: &Path) -> Result<Key, String> {
    match env_key(NEW_ENV) {
        Some(k) => Ok(k),
        None => ask_twice(path, "set GLOSS_NEW_PASSPHRASE or run gloss on a terminal"),
    }
}

/// The other files' own passphrases (`merge`'s other files, `copy`'s
/// copy): `GLOSS_THEIR_PASSPHRASE`, then the first line of each
/// `--their-passphrase-file`, in order; empty when none is given.
pub fn their_keys(files: &[PathBuf]) -> Result<Vec<Key>, String> {
    let mut keys: Vec<Key> = env_key(THEIR_ENV).into_iter().collect();
    for f in files {
        keys.push(read_their_file(f)?);
    }
    Ok(keys)
}

/// The passphrase of one more encrypted file, asked on the terminal
/// (`merge`'s other files that no passphrase given opens).
pub fn ask_for(path: &Path) -> Result<Key, String> {
    ask(&format!("passphrase for {}: ", path.display())).map_err(|_| {
        "no passphrase of theirs opens it: set GLOSS_THEIR_PASSPHRASE, use --their-passphrase-file FILE (once per passphrase), or run gloss on a terminal".to_string()
    })
}

fn read_their_file(f: &Path) -> Result<Key, String> {
    read_file(f).map_err(|e| e.replacen("--passphrase-file", "--their-passphrase-file", 1))
}

fn env_key(var: &str) -> Option<Key> {
    std::env::var(var).ok().map(Key::new)
}

/// The file's first line (a trailing newline is not part of it).
fn read_file(f: &Path) -> Result<Key, String> {
    let bytes = zeroize::Zeroizing::new(
        std::fs::read(f).map_err(|e| format!("--passphrase-file {}: {e}", f.display()))?,
    );
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| format!("--passphrase-file {}: not UTF-8 text", f.display()))?;
    let line = text.split(['\n', '\r']).next().unwrap_or("");
    Ok(Key::new(line.to_string()))
}

fn ask(prompt: &str) -> Result<Key, String> {
    if !std::io::stdin().is_terminal() {
        return Err(format!("no passphrase: {HOW}"));
    }
    rpassword::prompt_password(prompt)
        .map(Key::new)
        .map_err(|e| format!("cannot read the passphrase: {e}"))
}

fn ask_twice(path: &Path, how: &str) -> Result<Key, String> {
    if !std::io::stdin().is_terminal() {
        return Err(format!("no new passphrase for {}: {how}", path.display()));
    }
    let first = ask(&format!("new passphrase for {}: ", path.display()))?;
    let second = ask("the same passphrase again: ")?;
    if first.same_as(&second) {
        Ok(first)
    } else {
        Err("the two passphrases differ; nothing was changed".into())
    }
}
