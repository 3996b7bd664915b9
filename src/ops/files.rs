//! Writing output files (exports, codebooks, .qdpx): into a temporary file
//! beside the target, checked, then renamed, so an interrupted write never
//! leaves half a file; created readable by their owner only, like the
//! project, because they carry research data.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Writes through `write` into a temporary file beside `out`, runs `check`
/// on it, then renames it to `out`. On any failure the temporary file is
/// removed and `out` is left as it was.
pub fn write_atomically<T>(
    out: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&std::fs::File>) -> Result<(), String>,
    check: impl FnOnce(&Path) -> Result<T, String>,
) -> super::Result<T> {
    let file_name = out
        .file_name()
        .ok_or_else(|| super::Error::file(out, "not a file name"))?;
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(super::Error::file(out, "its folder does not exist"));
    }
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(
        ".{}-{}.tmp",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    let tmp = dir.join(tmp_name);
    let result = (|| -> Result<T, String> {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let f = opts.open(&tmp).map_err(|e| e.to_string())?;
        {
            let mut w = std::io::BufWriter::with_capacity(1 << 20, &f);
            write(&mut w)?;
            w.flush().map_err(|e| e.to_string())?;
        }
        f.sync_all().map_err(|e| e.to_string())?;
        let checked = check(&tmp)?;
        std::fs::rename(&tmp, out).map_err(|e| e.to_string())?;
        Ok(checked)
    })();
    result.map_err(|e| {
        // Best effort: a leftover temporary file would only be clutter,
        // but it may hold unchecked text, so try hard.
        let _ = std::fs::remove_file(&tmp);
        super::Error::file(out, e)
    })
}

/// `write_atomically` of bytes already in memory.
pub fn write_bytes_atomically(out: &Path, bytes: &[u8]) -> super::Result<()> {
    write_atomically(
        out,
        |w| w.write_all(bytes).map_err(|e| e.to_string()),
        |_| Ok(()),
    )
}

/// Whether two paths name the same existing file (links and `..` resolved).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
