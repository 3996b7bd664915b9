//! Search through the built binary with a real tantivy index in a temporary
//! cache directory: query language, exact char offsets, filters, and an
//! index that is rebuilt when deleted or corrupted.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};

/// One project in a hermetic `common::Env` (its own cache directory, so its
/// own index).
struct Env {
    env: common::Env,
    project: PathBuf,
    cache: PathBuf,
    root: PathBuf,
}

impl Env {
    fn new() -> Env {
        let env = common::Env::new();
        let project = env.project("s.gloss", "amani");
        let cache = env.path("xdg-cache");
        let root = env.dir.path().to_path_buf();
        Env {
            env,
            project,
            cache,
            root,
        }
    }

    fn p(&self) -> &str {
        common::s(&self.project)
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.env.run(args)
    }

    fn ok(&self, args: &[&str]) -> String {
        self.env.ok(args)
    }

    fn search(&self, q: &str) -> Value {
        self.env
            .json(&["search", self.p(), q, "--json", "--limit", "100"])
    }

    fn count(&self, q: &str) -> usize {
        self.ok(&["search", self.p(), q, "--count"])
            .trim()
            .parse()
            .expect("count")
    }

    fn text(&self, doc: &str) -> Vec<char> {
        let v = self.env.json(&["show", self.p(), doc, "--json"]);
        v["text"].as_str().expect("text").chars().collect()
    }

    fn import_samples(&self) {
        let mut args = vec!["import".to_string(), self.p().to_string()];
        args.extend(common::samples().iter().map(|f| common::s(f).to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.ok(&args);
    }
}

/// Every match range of every hit, as the text it covers.
fn matched_words(e: &Env, result: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for h in result["hits"].as_array().expect("hits") {
        let text = e.text(h["doc_id"].as_str().expect("doc id"));
        for m in h["matches"].as_array().expect("matches") {
            let (a, b) = (
                m[0].as_u64().expect("a") as usize,
                m[1].as_u64().expect("b") as usize,
            );
            out.push(text[a..b].iter().collect::<String>().to_lowercase());
        }
    }
    out
}

#[test]
fn query_language_on_the_samples() {
    let e = Env::new();
    e.import_samples();
    // A phrase: every match is exactly the phrase's words.
    let r = e.search("\"frais scolaires\"");
    assert!(r["total"].as_u64().expect("total") >= 1);
    let words = matched_words(&e, &r);
    assert!(
        words.iter().all(|w| w == "frais" || w == "scolaires"),
        "{words:?}"
    );
    // Accents folded both ways; stemming finds plurals.
    assert_eq!(e.count("ecole"), e.count("école"));
    assert!(e.count("enfant") >= e.count("\"enfant\""));
    let w = matched_words(&e, &e.search("enfant lang:fr"));
    assert!(
        w.iter().any(|x| x == "enfants"),
        "stemmed plural found: {w:?}"
    );
    // Boolean logic.
    let a = e.count("minerval");
    let b = e.count("frais");
    let both = e.count("minerval frais");
    let either = e.count("minerval OR frais");
    assert!(either >= a.max(b) && either <= a + b);
    assert!(both <= a.min(b));
    assert_eq!(e.count("frais -minerval") + both, b);
    assert_eq!(e.count("frais NOT minerval"), e.count("frais -minerval"));
    // Prefix and fuzzy.
    assert!(e.count("scol*") >= e.count("scolaires"));
    let f = matched_words(&e, &e.search("watotto~1"));
    assert!(f.iter().any(|w| w == "watoto"), "{f:?}");
    // Proximity.
    assert!(e.count("\"frais scolaires\"~3") >= e.count("\"frais scolaires\""));
    // Filters.
    let r = e.search("mine* speaker:P2 doc:fg01");
    for h in r["hits"].as_array().expect("hits") {
        assert_eq!(h["speaker"], "P2");
        assert_eq!(h["doc"], "fg01-kasulo-femmes-mineures");
    }
    assert!(e.count("school lang:en") > 0);
    assert_eq!(e.count("school lang:sw"), 0);
    // Order by position.
    let r: Value = serde_json::from_str(&e.ok(&[
        "search",
        e.p(),
        "children",
        "--json",
        "--order",
        "position",
        "--limit",
        "50",
    ]))
    .expect("json");
    let docs: Value = serde_json::from_str(&e.ok(&["docs", e.p(), "--json"])).expect("json");
    let order: Vec<&str> = docs
        .as_array()
        .expect("docs")
        .iter()
        .map(|d| d["name"].as_str().expect("name"))
        .collect();
    let keys: Vec<(usize, u64)> = r["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            let doc = h["doc"].as_str().expect("doc");
            (
                order.iter().position(|n| *n == doc).expect("known doc"),
                h["start"].as_u64().expect("start"),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        keys, sorted,
        "position order = project order, then text order"
    );
}

#[test]
fn malformed_queries_say_what_and_where() {
    let e = Env::new();
    e.import_samples();
    for (q, what) in [
        ("frais \"scol", "column 7"),
        ("OR frais", "between"),
        ("spek:P1 frais", "unknown field"),
        ("frais~9", "word~1"),
        ("code:Nowhere", "no code"),
        ("", "empty"),
    ] {
        let out = e.run(&["search", e.p(), q]);
        assert_eq!(out.status.code(), Some(1), "{q}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("error: query") && err.contains(what),
            "{q}: {err}"
        );
        assert_eq!(err.lines().count(), 1);
    }
}

#[test]
fn offsets_are_exact_with_accents_emoji_and_crlf() {
    let e = Env::new();
    let f = e.root.join("crlf.txt");
    std::fs::write(
        &f,
        "\u{feff}Enquêteur : Bonjour 👋🏽 Amani, ça va ?\r\nP1 : Oui 👩🏽‍🌾, l'école coûte cher ; l’école, écoles.\r\nEnquêteur : Merci.\r\n",
    )
    .expect("write");
    e.ok(&["import", e.p(), f.to_str().expect("utf-8")]);
    let r = e.search("ecole");
    assert_eq!(r["total"], 1);
    assert_eq!(matched_words(&e, &r), ["école", "école", "écoles"]);
    let r = e.search("\"coute cher\"");
    assert_eq!(matched_words(&e, &r), ["coûte", "cher"]);
    let r = e.search("amani");
    assert_eq!(matched_words(&e, &r), ["amani"]);
}

#[test]
fn the_index_is_a_cache_rebuilt_when_gone_or_broken() {
    let e = Env::new();
    e.import_samples();
    let sorted = |v: Value| {
        let mut hits: Vec<String> = v["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h.to_string())
            .collect();
        hits.sort();
        (v["total"].clone(), hits)
    };
    let before = sorted(e.search("enfants OR children"));
    let index_root = e.cache.join("gloss").join("index");
    assert!(
        index_root.exists(),
        "the index lives in the cache directory"
    );
    // Deleted: rebuilt, same results.
    std::fs::remove_dir_all(&index_root).expect("rm");
    assert_eq!(sorted(e.search("enfants OR children")), before);
    // Corrupted: every file garbled; rebuilt, same results.
    for entry in walk(&index_root) {
        std::fs::write(&entry, b"garbage").expect("corrupt");
    }
    assert_eq!(sorted(e.search("enfants OR children")), before);
    // A new import is searchable at once.
    let f = e.root.join("new.txt");
    std::fs::write(
        &f,
        "Interviewer: Parlez-moi du zébu.\nP1: Le zébu est parti.\n",
    )
    .expect("write");
    e.ok(&["import", e.p(), f.to_str().expect("utf-8")]);
    assert_eq!(e.count("zebu"), 2);
    // An explicit rebuild says how many turns it indexed.
    let out = e.ok(&["index", "rebuild", e.p()]);
    assert!(out.starts_with("indexed "), "{out}");
    assert_eq!(e.count("zebu"), 2);
}

#[test]
fn code_filter_follows_codings() {
    let e = Env::new();
    let f = e.root.join("t.txt");
    std::fs::write(
        &f,
        "Interviewer: Les frais scolaires ?\nP1: Les frais de la barrière.\nInterviewer: Merci.\n",
    )
    .expect("write");
    e.ok(&["import", e.p(), f.to_str().expect("utf-8")]);
    let yaml = e.root.join("cb.yaml");
    std::fs::write(
        &yaml,
        "codes:\n  - name: Schooling\n    children:\n      - name: School fees\n",
    )
    .expect("write");
    e.ok(&["codebook", "import", e.p(), yaml.to_str().expect("utf-8")]);
    assert_eq!(e.count("frais"), 2);
    assert_eq!(e.count("frais code:Schooling"), 0);
    e.ok(&[
        "codings",
        "add",
        e.p(),
        "--doc",
        "t",
        "--code",
        "School fees",
        "--start",
        "13",
        "--end",
        "34",
    ]);
    assert_eq!(
        e.count("frais code:Schooling"),
        1,
        "sub-codes count for their parent"
    );
    assert_eq!(e.count("frais code:\"Schooling/School fees\""), 1);
    assert_eq!(e.count("frais -code:Schooling"), 1);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
