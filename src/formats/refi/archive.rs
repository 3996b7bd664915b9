//! The `.qdpx` zip: safe reading (no entry may escape the archive; every
//! entry and the whole read are capped, whatever the sizes the zip claims)
//! and writing (`project.qde` + `sources/<GUID>.txt`, deflated, with a fixed
//! date so the same project gives the same bytes).

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

/// Largest `project.qde` read.
pub const MAX_QDE_BYTES: u64 = 256 * 1024 * 1024;
/// Largest single source file read.
pub const MAX_ENTRY_BYTES: u64 = 512 * 1024 * 1024;
/// Most bytes decompressed from one archive in all.
pub const MAX_TOTAL_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Most entries in one archive.
pub const MAX_ENTRIES: usize = 100_000;

/// Where a source path attribute points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An entry of the archive (its index).
    Internal(usize),
    /// `internal://` (or a bare name) that is not in the archive.
    Missing(String),
    /// `relative://` or `absolute://`: a file outside the archive.
    External(String),
}

pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// The root `*.qde` entry.
    qde: (usize, String),
    /// File name → index of its first entry, as written and ASCII
    /// lower-cased: every source is looked up once, so the lookups must not
    /// walk the list (200 sources × 200 entries is fine, 50,000 is not).
    exact: HashMap<String, usize>,
    folded: HashMap<String, usize>,
    /// Entry index → file name.
    names: HashMap<usize, String>,
    read_total: u64,
    entry_cap: u64,
}

/// Whether an entry name stays inside the archive.
fn safe_name(name: &str) -> bool {
    !name.starts_with('/')
        && !name.starts_with('\\')
        && !name.contains('\0')
        && name.as_bytes().get(1).is_none_or(|&b| b != b':')
        && !name.split(['/', '\\']).any(|c| c == "..")
}

impl<'a> Archive<'a> {
    /// Opens the zip and checks every entry name. Errors are one line.
    pub fn open(bytes: &'a [u8]) -> Result<Archive<'a>, String> {
        if !bytes.starts_with(b"PK") {
            return Err("not a .qdpx file (not a zip archive)".into());
        }
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("not a .qdpx file (zip archive unreadable: {e})"))?;
        if zip.len() > MAX_ENTRIES {
            return Err(format!(
                "the archive has {} entries, over the limit of {MAX_ENTRIES} (refused)",
                zip.len()
            ));
        }
        let mut qdes = Vec::new();
        let mut sources = Vec::new();
        for i in 0..zip.len() {
            let f = zip
                .by_index_raw(i)
                .map_err(|e| format!("corrupt .qdpx (entry {i}: {e})"))?;
            let name = f
                .name()
                .map_err(|e| format!("corrupt .qdpx (entry {i}: {e})"))?
                .into_owned();
            if !safe_name(&name) || f.enclosed_name().is_none() {
                return Err(format!(
                    "entry {:?} points outside the archive (refused)",
                    crate::core::sanitize::one_line(&name)
                ));
            }
            if f.is_dir() {
                continue;
            }
            let name = name.replace('\\', "/");
            match name.split_once('/') {
                None if name.to_ascii_lowercase().ends_with(".qde") => qdes.push((i, name)),
                Some((dir, rest)) if dir.eq_ignore_ascii_case("sources") && !rest.is_empty() => {
                    sources.push((rest.to_string(), i));
                }
                _ => {}
            }
        }
        let qde = match qdes.len() {
            1 => qdes.remove(0),
            0 => return Err("no project.qde at the root of the .qdpx".into()),
            _ => {
                let names: Vec<_> = qdes.into_iter().map(|(_, n)| n).collect();
                return Err(format!(
                    "several .qde files in the .qdpx: {}",
                    names.join(", ")
                ));
            }
        };
        let mut exact = HashMap::new();
        let mut folded = HashMap::new();
        let mut names = HashMap::new();
        for (n, i) in sources {
            exact.entry(n.clone()).or_insert(i);
            folded.entry(n.to_ascii_lowercase()).or_insert(i);
            names.insert(i, n);
        }
        Ok(Archive {
            zip,
            qde,
            exact,
            folded,
            names,
            read_total: 0,
            entry_cap: MAX_ENTRY_BYTES,
        })
    }

    /// The name of the `*.qde` entry (`project.qde`, `Project.qde`...).
    pub fn qde_name(&self) -> &str {
        &self.qde.1
    }

    /// The bytes of the `*.qde` entry.
    pub fn read_qde(&mut self) -> Result<Vec<u8>, String> {
        let (i, name) = self.qde.clone();
        self.read(i, &name, MAX_QDE_BYTES)
    }

    /// Resolves a `plainTextPath`/`path` attribute: `internal://NAME` or a
    /// bare `NAME` is looked up in the sources folder (exact name first,
    /// then ignoring case); `relative://` and `absolute://` are external.
    pub fn locate(&self, path: &str) -> Location {
        let p = path.trim();
        let lower = p.to_ascii_lowercase();
        if lower.starts_with("relative:") || lower.starts_with("absolute:") {
            return Location::External(p.to_string());
        }
        let name = if lower.starts_with("internal:") {
            p.get("internal:".len()..)
                .unwrap_or("")
                .trim_start_matches('/')
        } else {
            p
        };
        let name = name.replace('\\', "/");
        let name = match name.split_once('/') {
            Some((dir, rest)) if dir.eq_ignore_ascii_case("sources") => rest.to_string(),
            _ => name,
        };
        if let Some(&i) = self
            .exact
            .get(&name)
            .or_else(|| self.folded.get(&name.to_ascii_lowercase()))
        {
            return Location::Internal(i);
        }
        Location::Missing(format!("sources/{name}"))
    }

    /// The name of entry `i`.
    pub fn entry_name(&self, i: usize) -> String {
        self.names
            .get(&i)
            .map_or_else(|| format!("entry {i}"), |n| format!("sources/{n}"))
    }

    /// Reads a source entry, capped.
    pub fn read_source(&mut self, i: usize) -> Result<Vec<u8>, String> {
        let name = self.entry_name(i);
        self.read(i, &name, self.entry_cap)
    }

    /// Lowers the per-source cap (tests use it to show the zip-bomb guard
    /// without writing gigabytes).
    pub fn set_entry_cap(&mut self, cap: u64) {
        self.entry_cap = cap;
    }

    fn read(&mut self, i: usize, name: &str, cap: u64) -> Result<Vec<u8>, String> {
        let budget = cap.min(MAX_TOTAL_BYTES.saturating_sub(self.read_total));
        let f = self
            .zip
            .by_index(i)
            .map_err(|e| format!("corrupt .qdpx ({name}: {e})"))?;
        let too_big = || {
            format!(
                "{name} is over {} MB uncompressed (refused as a possible zip bomb)",
                budget / (1024 * 1024)
            )
        };
        if f.size() > budget {
            return Err(too_big());
        }
        let mut buf = Vec::new();
        f.take(budget + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("corrupt .qdpx ({name}: {e})"))?;
        if buf.len() as u64 > budget {
            return Err(too_big());
        }
        self.read_total += buf.len() as u64;
        Ok(buf)
    }
}

/// Writes a `.qdpx`: `project.qde` first, then `sources/NAME` for each file.
pub fn write(qde: &str, sources: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .large_file(false);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let err = |e: &dyn std::fmt::Display| format!("writing the archive: {e}");
    w.start_file("project.qde", options).map_err(|e| err(&e))?;
    w.write_all(qde.as_bytes()).map_err(|e| err(&e))?;
    for (name, bytes) in sources {
        w.start_file(format!("sources/{name}"), options)
            .map_err(|e| err(&e))?;
        w.write_all(bytes).map_err(|e| err(&e))?;
    }
    Ok(w.finish().map_err(|e| err(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        for (n, b) in entries {
            w.start_file(*n, o).expect("start");
            w.write_all(b).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    #[test]
    fn finds_the_qde_and_sources_in_any_case() {
        let z = zip_of(&[
            ("Trial.qde", b"<Project/>"),
            ("Sources/A.TXT", b"a"),
            ("sources/.root", b""),
        ]);
        let mut a = Archive::open(&z).expect("opens");
        assert_eq!(a.qde_name(), "Trial.qde");
        assert_eq!(a.read_qde().expect("reads"), b"<Project/>");
        let Location::Internal(i) = a.locate("internal://a.txt") else {
            panic!("not found")
        };
        assert_eq!(a.read_source(i).expect("reads"), b"a");
        assert!(matches!(a.locate("A.TXT"), Location::Internal(_)));
        assert!(matches!(
            a.locate("relative:///x.mp4"),
            Location::External(_)
        ));
        assert_eq!(
            a.locate("internal://b.txt"),
            Location::Missing("sources/b.txt".into())
        );
    }

    #[test]
    fn refuses_escaping_entries_and_bad_archives() {
        for bad in ["../evil.txt", "sources/../../evil", "/etc/passwd", "C:/x"] {
            let z = zip_of(&[("project.qde", b"<Project/>"), (bad, b"x")]);
            let e = Archive::open(&z).err().expect("refused");
            assert!(e.contains("outside the archive"), "{bad}: {e}");
        }
        let z = zip_of(&[("a.qde", b"x"), ("b.qde", b"y")]);
        assert!(Archive::open(&z)
            .err()
            .expect("refused")
            .contains("several"));
        let z = zip_of(&[("x.txt", b"x")]);
        assert!(Archive::open(&z)
            .err()
            .expect("refused")
            .contains("no project.qde"));
        assert!(Archive::open(b"hello").is_err());
    }

    #[test]
    fn caps_what_it_decompresses() {
        let big = vec![b'a'; 1 << 20];
        let z = zip_of(&[("project.qde", b"<Project/>"), ("sources/big.txt", &big)]);
        assert!(z.len() < 64 * 1024, "compresses well");
        let mut a = Archive::open(&z).expect("opens");
        a.set_entry_cap(1000);
        let Location::Internal(i) = a.locate("big.txt") else {
            panic!("not found")
        };
        let e = a.read_source(i).expect_err("refused");
        assert!(e.contains("zip bomb"), "{e}");
    }
}
