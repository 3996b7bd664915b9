//! What tests look for in the files Gloss leaves on disk: every file under
//! a directory, whether a word is in a file's bytes in any form it could be
//! kept in, whether a file is a plain SQLite database.

use std::path::{Path, PathBuf};

/// Every file under `dir` (none when it does not exist).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.expect("entry").path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Forms a word could be kept in: as written, lower case, folded.
pub fn forms(word: &str) -> Vec<Vec<u8>> {
    let lower = word.to_lowercase();
    let folded: String = lower
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'à' => 'a',
            c => c,
        })
        .collect();
    let mut v = vec![
        word.as_bytes().to_vec(),
        lower.into_bytes(),
        folded.into_bytes(),
    ];
    v.dedup();
    v
}

/// Fails when `file` holds any of `words` in any of its [`forms`].
pub fn assert_no_words_in(file: &Path, words: &[&str]) {
    let bytes = std::fs::read(file).expect("read");
    for w in words {
        for form in forms(w) {
            assert!(
                !bytes.windows(form.len()).any(|x| x == form.as_slice()),
                "{} holds {:?}",
                file.display(),
                String::from_utf8_lossy(&form)
            );
        }
    }
}

/// Whether the file starts with SQLite's header (an encrypted project
/// starts with its random salt instead).
pub fn is_plain_sqlite(p: &Path) -> bool {
    std::fs::read(p)
        .expect("read")
        .starts_with(b"SQLite format 3\0")
}
