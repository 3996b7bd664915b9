//! Issue 12: a revision is all or nothing. `gloss edit --script` killed at
//! any moment leaves the project consistent (`gloss check` passes) with
//! either none or all of the script's edits, and its codings where the
//! matching text says they are.

mod common;

use common::{s, Env};

#[test]
fn a_killed_script_edit_leaves_all_or_nothing() {
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    let turn = "les frais scolaires coûtent cher à Kasulu ".repeat(40);
    let text: String = (0..40).map(|i| format!("P{}: {turn}\n\n", i % 5)).collect();
    let f = env.file("t.txt", &text);
    env.ok(&["import", s(&p), s(&f)]);
    env.ok(&[
        "codebook",
        "import",
        s(&p),
        s(&env.file("cb.yaml", "codes:\n  - name: Fees\n")),
    ]);
    env.ok(&[
        "codings",
        "add",
        s(&p),
        "--doc",
        "t",
        "--code",
        "Fees",
        "--start",
        "8",
        "--end",
        "27",
    ]);
    // Many insertions into the first turn, each in running offsets.
    let script: String = (0..4000)
        .map(|_| "{\"start\":4,\"end\":4,\"text\":\"x\"}\n")
        .collect();
    let script = env.file("e.jsonl", &script);
    let original = env.json(&["show", s(&p), "t", "--json"])["text"].clone();
    for delay_ms in [5u64, 40, 120, 400] {
        let mut child = env
            .cmd(&["edit", s(&p), "t", "--script", s(&script)])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        env.ok(&["check", s(&p)]);
        let now = env.json(&["show", s(&p), "t", "--json"])["text"].clone();
        let history = env.json(&["history", s(&p), "t", "--json"]);
        let revisions = history.as_array().map_or(0, Vec::len);
        let now_text = now.as_str().expect("text");
        let base = original.as_str().expect("text");
        let added = now_text.chars().count() - base.chars().count();
        assert_eq!(
            added,
            4000 * revisions,
            "after {delay_ms} ms: all or nothing of each revision"
        );
        // The coding still covers its words.
        let c = env.json(&["codings", "list", s(&p), "--json"]);
        assert_eq!(c[0]["text"], "frais scolaires coû", "after {delay_ms} ms");
    }
}

/// Typing in the TUI's edit mode, killed with SIGKILL while its writer
/// commits once a second: every revision in the file is whole (the text is
/// the original with some of the typed letters at the cursor, never a
/// part of one burst's bookkeeping), `gloss check` passes, and the coding
/// still covers its words.
#[test]
fn tui_typing_killed_leaves_whole_revisions() {
    use common::session::Session;
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    let text = "P1: les frais scolaires coûtent cher.\n\nP2: oui, à Kasulu aussi.\n";
    env.ok(&["import", s(&p), s(&env.file("t.txt", text))]);
    env.ok(&[
        "codebook",
        "import",
        s(&p),
        s(&env.file("cb.yaml", "codes:\n  - name: Fees\n")),
    ]);
    env.ok(&[
        "codings",
        "add",
        s(&p),
        "--doc",
        "t",
        "--code",
        "Fees",
        "--start",
        "8",
        "--end",
        "23",
    ]);
    let Some(mut tui) = Session::start(&env, &p) else {
        return;
    };
    // Open the document, edit mode (F2), then type for about 3 s.
    tui.send("\r");
    tui.send("\x1bOQ");
    for _ in 0..15 {
        tui.send("xy");
    }
    tui.signal("KILL");
    let _ = tui.child.wait();
    env.ok(&["check", s(&p)]);
    let now = env.json(&["show", s(&p), "t", "--json"])["text"]
        .as_str()
        .expect("text")
        .to_string();
    let typed = now
        .strip_prefix("P1: ")
        .and_then(|rest| {
            rest.strip_suffix("les frais scolaires coûtent cher.\n\nP2: oui, à Kasulu aussi.\n")
        })
        .unwrap_or_else(|| panic!("typing lands at the start of the first turn: {now:?}"));
    assert!(
        typed.chars().all(|c| c == 'x' || c == 'y'),
        "only what was typed: {typed:?}"
    );
    assert!(
        !typed.is_empty(),
        "a second's typing was saved before the kill"
    );
    let revisions = env.json(&["history", s(&p), "t", "--json"]);
    assert!(revisions.as_array().is_some_and(|r| !r.is_empty()));
    let c = env.json(&["codings", "list", s(&p), "--json"]);
    assert_eq!(c[0]["text"], "frais scolaires");
}
