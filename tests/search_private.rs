//! The search index holds no transcript text: its files contain none of a
//! transcript's words, speakers' names or document names (the bytes of
//! every file under the cache are searched), and hits take their text and
//! offsets from the project, so a search right after an edit (re-indexed
//! through `ops::search::reindex_turns_at`) points at the edited text and
//! coding the hit codes the words it shows. The built binary end to end.

mod common;

use common::{s, Env};
use gloss::core::DocumentId;
use gloss::core::SegmentId;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Words that occur nowhere but in the transcript (and its names).
const WORDS: &[&str] = &[
    "Zanzibarique",
    "kilimanjarisme",
    "Nyamurhale",
    "quotidiennement",
    "Mbeleziwe",
    "Amanikwa",
    "Kasulu",
    "wachimbajitoto",
    "coopérativement",
];

const TRANSCRIPT: &str = "Interviewer: Parlez-moi du Zanzibarique et du kilimanjarisme.\n\
Amanikwa Mbeleziwe: La coopérative Nyamurhale paie quotidiennement, à Kasulu.\n\
Interviewer: Et les wachimbajitoto ?\n\
Amanikwa Mbeleziwe: Ils travaillent coopérativement, hapana shule.\n";

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Forms a word could be kept in: as written, lower case, folded.
fn forms(word: &str) -> Vec<Vec<u8>> {
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

fn assert_no_words(cache: &Path, words: &[&str]) {
    let mut files = Vec::new();
    files_under(cache, &mut files);
    assert!(
        files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "term")),
        "an index was built: {files:?}"
    );
    for f in &files {
        let bytes = std::fs::read(f).expect("read");
        for w in words {
            for form in forms(w) {
                assert!(
                    !bytes.windows(form.len()).any(|x| x == form.as_slice()),
                    "{} holds {:?}",
                    f.display(),
                    String::from_utf8_lossy(&form)
                );
            }
        }
    }
}

#[test]
fn no_word_or_name_of_a_transcript_is_in_the_index_files() {
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    let secret = env.file("entretien-Nyamurhale-Mbeleziwe.txt", TRANSCRIPT);
    env.ok(&["import", s(&p), s(&secret)]);
    let cache = env.path("xdg-cache");
    // Built by a search; every word still found, with its text from the
    // project.
    for w in [
        "zanzibarique",
        "Kilimanjarisme",
        "nyamurhale",
        "wachimbajitoto",
    ] {
        assert_eq!(env.ok(&["search", s(&p), w, "--count"]).trim(), "1", "{w}");
    }
    let hits: Value = env.json(&[
        "search",
        s(&p),
        "speaker:\"Amanikwa Mbeleziwe\" kasulu",
        "--json",
    ]);
    assert_eq!(hits["total"], 1);
    assert_eq!(hits["hits"][0]["speaker"], "Amanikwa Mbeleziwe");
    assert_eq!(hits["hits"][0]["doc"], "entretien-Nyamurhale-Mbeleziwe");
    assert!(hits["hits"][0]["snippet"]
        .as_str()
        .expect("snippet")
        .contains("[[Kasulu]]"));
    assert_no_words(&cache, WORDS);
    // Brought forward by an import; rebuilt on demand.
    let more = env.file(
        "suite.txt",
        "Interviewer: Et Bukavuzélé ?\nP9: Bukavuzélé, toujours Bukavuzélé.\n",
    );
    env.ok(&["import", s(&p), s(&more)]);
    assert_eq!(
        env.ok(&["search", s(&p), "bukavuzele", "--count"]).trim(),
        "2"
    );
    let mut all = WORDS.to_vec();
    all.push("Bukavuzélé");
    assert_no_words(&cache, &all);
    env.ok(&["index", "rebuild", s(&p)]);
    assert_eq!(
        env.ok(&["search", s(&p), "kasulu OR bukavuzele", "--count"])
            .trim(),
        "3"
    );
    assert_no_words(&cache, &all);
}

fn index_dir(env: &Env, uuid: &str) -> PathBuf {
    env.path("xdg-cache").join("gloss").join("index").join(uuid)
}

#[test]
fn a_search_after_an_edit_points_at_the_edited_text_and_codes_it() {
    common::hermetic_process();
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    let f = env.file("kasulu.txt", TRANSCRIPT);
    env.ok(&["import", s(&p), s(&f)]);
    env.ok(&[
        "codebook",
        "import",
        s(&p),
        s(&env.file("cb.yaml", "codes:\n  - name: lieux\n")),
    ]);
    assert_eq!(env.ok(&["search", s(&p), "kasulu", "--count"]).trim(), "1");
    let shown: Value = env.json(&["show", s(&p), "kasulu", "--json"]);
    let doc = shown["id"].as_str().expect("id").to_string();
    let text: String = shown["text"].as_str().expect("text").into();
    // The edit, as the edit operations make it: in one transaction, the
    // text of turn 1 (rank) grows ("Kasulu" → "Kasulo ya juu"), it and
    // the turns after it move, and the content generation moves on.
    let b = text.find("Kasulu").expect("word");
    let at = text.get(..b).expect("prefix").chars().count() as i64;
    let edited = text.replacen("Kasulu", "Kasulo ya juu", 1);
    let delta = "Kasulo ya juu".chars().count() as i64 - 6;
    let conn = rusqlite::Connection::open(&p).expect("open project");
    let tx = conn.unchecked_transaction().expect("begin");
    let (seg, uuid): (i64, String) = tx
        .query_row(
            "SELECT s.id, (SELECT value FROM project WHERE key = 'uuid')
             FROM segments s WHERE s.document_id = ?1 AND s.start <= ?2 AND ?2 < s.end",
            rusqlite::params![doc, at],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("turn");
    tx.execute(
        "UPDATE documents SET text = ?1, char_count = ?2 WHERE id = ?3",
        rusqlite::params![edited, edited.chars().count() as i64, doc],
    )
    .expect("text");
    tx.execute(
        "UPDATE segments SET end = end + ?1 WHERE id = ?2",
        rusqlite::params![delta, seg],
    )
    .expect("turn");
    tx.execute(
        "UPDATE segments SET start = start + ?1, end = end + ?1 WHERE document_id = ?2 AND start > ?3",
        rusqlite::params![delta, doc, at],
    )
    .expect("later turns");
    let previous: u64 = tx
        .query_row(
            "SELECT value FROM project WHERE key = 'content_generation'",
            [],
            |r| r.get::<_, String>(0),
        )
        .expect("generation")
        .parse()
        .expect("number");
    tx.execute(
        "UPDATE project SET value = ?1 WHERE key = 'content_generation'",
        [(previous + 1).to_string()],
    )
    .expect("bump");
    tx.commit().expect("commit");
    drop(conn);
    // After the commit: the touched turn is re-indexed, nothing else.
    let store = gloss::ops::project::open(&p, None).expect("open");
    assert_eq!(store.uuid().expect("uuid"), uuid);
    let dir = index_dir(&env, &uuid);
    assert!(gloss::ops::search::reindex_turns_at(
        &store,
        &dir,
        previous,
        &DocumentId(doc.clone()),
        &[SegmentId(seg)],
        &[]
    )
    .expect("reindex"));
    drop(store);
    let stamp = std::fs::read(dir.join("gloss-stamp.json")).expect("stamp");
    // The binary finds the new words where they are now, without a rebuild.
    assert_eq!(env.ok(&["search", s(&p), "kasulu", "--count"]).trim(), "0");
    let hits: Value = env.json(&["search", s(&p), "\"kasulo ya juu\"", "--json"]);
    assert_eq!(hits["total"], 1);
    let h = &hits["hits"][0];
    assert_eq!(h["segment"], seg);
    let chars: Vec<char> = edited.chars().collect();
    let slice = |a: &Value, b: &Value| -> String {
        chars[a.as_u64().expect("a") as usize..b.as_u64().expect("b") as usize]
            .iter()
            .collect()
    };
    assert_eq!(slice(&h["start"], &h["end"]), "Kasulo");
    let ms: Vec<String> = h["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| slice(&m[0], &m[1]))
        .collect();
    assert_eq!(ms, ["Kasulo", "ya", "juu"]);
    let turn = slice(&h["turn"][0], &h["turn"][1]);
    assert!(
        turn.starts_with("La coopérative") && turn.contains("Kasulo ya juu."),
        "{turn}"
    );
    // A word after the edit, in a later turn: its offsets moved with it.
    let later: Value = env.json(&["search", s(&p), "wachimbajitoto", "--json"]);
    assert_eq!(
        slice(&later["hits"][0]["start"], &later["hits"][0]["end"]),
        "wachimbajitoto"
    );
    assert_eq!(
        std::fs::read(dir.join("gloss-stamp.json")).expect("stamp"),
        stamp,
        "not rebuilt"
    );
    // Coding the hit codes those words.
    let (start, end) = (
        h["matches"][0][0].to_string(),
        h["matches"][2][1].to_string(),
    );
    env.ok(&[
        "codings",
        "add",
        s(&p),
        "--doc",
        &doc,
        "--code",
        "lieux",
        "--start",
        &start,
        "--end",
        &end,
    ]);
    let codings: Value = env.json(&["codings", "list", s(&p), "--json"]);
    assert_eq!(codings[0]["text"], "Kasulo ya juu");
}
