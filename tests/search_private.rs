//! The search index holds no transcript text: its files contain none of a
//! transcript's words, speakers' names or document names (the bytes of
//! every file under the cache are searched), and hits take their text and
//! offsets from the project, so a search right after an edit (re-indexed
//! through `ops::search::reindex_turns_at`) points at the edited text and
//! coding the hit codes the words it shows. The built binary end to end.

mod common;

use common::{s, Env};
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

fn assert_no_words(cache: &Path, words: &[&str]) {
    let files = common::on_disk::files_under(cache);
    assert!(
        files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "term")),
        "an index was built: {files:?}"
    );
    for f in &files {
        common::on_disk::assert_no_words_in(f, words);
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
    // The edit through `gloss edit` ("Kasulu" → "Kasulo ya juu"): one
    // revision, and the touched turn re-indexed, nothing else.
    let b = text.find("Kasulu").expect("word");
    let at = text.get(..b).expect("prefix").chars().count();
    let edited = text.replacen("Kasulu", "Kasulo ya juu", 1);
    let turns: Value = env.json(&["turns", s(&p), "kasulu", "--json"]);
    let seg = turns
        .as_array()
        .expect("turns")
        .iter()
        .find(|t| t["start"].as_u64() <= Some(at as u64) && Some(at as u64) < t["end"].as_u64())
        .and_then(|t| t["turn"].as_i64())
        .expect("turn");
    let uuid: String = rusqlite::Connection::open(&p)
        .expect("open project")
        .query_row("SELECT value FROM project WHERE key = 'uuid'", [], |r| {
            r.get(0)
        })
        .expect("uuid");
    let dir = index_dir(&env, &uuid);
    env.ok(&[
        "edit",
        s(&p),
        "kasulu",
        "--start",
        &at.to_string(),
        "--end",
        &(at + 6).to_string(),
        "--text",
        "Kasulo ya juu",
    ]);
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
