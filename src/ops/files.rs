//! Writing output files (exports, codebooks, .qdpx): into a temporary file
//! beside the target, checked, then renamed, so an interrupted write never
//! leaves half a file; created readable by their owner only, like the
//! project, because they carry research data.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Writes through `write` into a temporary file beside `out`, runs `check`
/// on it, then renames it to `out`. On any failure the temporary file is
/// removed and `out` is left as it was. Temporary files of `out` that an
/// earlier, killed write left behind are removed first.
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
    remove_stale_temporaries(&dir, file_name);
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
        let f = opts.open(&tmp).map_err(|e| io_reason(&e))?;
        {
            let mut w = std::io::BufWriter::with_capacity(1 << 20, &f);
            write(&mut w)?;
            w.flush().map_err(|e| io_reason(&e))?;
        }
        f.sync_all().map_err(|e| io_reason(&e))?;
        let checked = check(&tmp)?;
        std::fs::rename(&tmp, out).map_err(|e| io_reason(&e))?;
        Ok(checked)
    })();
    result.map_err(|e| {
        // Best effort: a leftover temporary file would only be clutter,
        // but it may hold unchecked text, so try hard.
        let _ = std::fs::remove_file(&tmp);
        super::Error::file(out, said_of_io_text(e))
    })
}

/// A temporary file this old is stale even if its process id is in use
/// again: no export runs for a day.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Removes the temporary files of `file_name` in `dir`
/// (`.NAME.<pid>-<uuid>.tmp`) whose process is no longer running, or that
/// are older than [`STALE_AFTER`]. A live write's file (its process still
/// runs, this one included) is never touched. Best effort: a file that
/// cannot be removed is left.
fn remove_stale_temporaries(dir: &Path, file_name: &std::ffi::OsStr) {
    let Some(name) = file_name.to_str() else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let entry_name = entry.file_name();
        let Some(pid) = entry_name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix.as_str()))
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|rest| rest.split_once('-'))
            .filter(|(_, id)| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if old || process_gone(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether no process `pid` runs. Known only where `/proc` lists the
/// processes (Linux); elsewhere every process is taken to be running, so
/// only age removes a temporary file.
fn process_gone(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let proc_ = Path::new("/proc");
    proc_.join("self").exists() && !proc_.join(pid.to_string()).exists()
}

/// `write_atomically` of bytes already in memory.
pub fn write_bytes_atomically(out: &Path, bytes: &[u8]) -> super::Result<()> {
    write_atomically(
        out,
        |w| w.write_all(bytes).map_err(|e| io_reason(&e)),
        |_| Ok(()),
    )
}

/// Writers report their errors as text (an I/O error inside a zip or XML
/// writer): a full disk there is said as it is elsewhere.
fn said_of_io_text(e: String) -> String {
    if e.contains("os error 28") || e.contains("No space left on device") {
        "the disk is full; nothing was written".into()
    } else {
        e
    }
}

/// An I/O error in the user's words: a full disk, a read-only folder, no
/// permission (the OS's own text otherwise).
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "no such file".into(),
        K::PermissionDenied => "permission denied".into(),
        K::StorageFull | K::QuotaExceeded => "the disk is full; nothing was written".into(),
        K::ReadOnlyFilesystem => "the folder is on a read-only disk".into(),
        _ => e.to_string(),
    }
}

/// Whether two paths name the same existing file (links and `..` resolved).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
