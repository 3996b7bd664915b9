//! Embeds `sample-transcripts/` and `codebooks/` in the binary so that
//! `gloss demo` works from any directory.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut out = String::new();
    for (konst, dir) in [
        ("SAMPLES", "sample-transcripts"),
        ("CODEBOOKS", "codebooks"),
    ] {
        let dir = Path::new(&root).join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().ends_with(".md"))
        });
        files.sort();
        writeln!(out, "pub const {konst}: &[(&str, &[u8])] = &[").expect("write to String");
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let name = f.file_name().expect("file has a name").to_string_lossy();
            writeln!(
                out,
                "    ({name:?}, include_bytes!({:?})),",
                f.display().to_string()
            )
            .expect("write to String");
        }
        writeln!(out, "];").expect("write to String");
    }
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    std::fs::write(dest, out).expect("write embedded.rs");
}
