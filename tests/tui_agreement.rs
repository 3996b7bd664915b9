//! The agreement screen driven by keys injected into the real update loop,
//! against a real project file: table, drill-down, the disagreement queue
//! settled into `consensus`, undo, and blind mode.

mod common;

use common::{coded_project, Ui};
use gloss::ops;
use gloss::tui::agreement::AgreementState;
use ratatui::style::Color;
use std::path::{Path, PathBuf};

const TRANSCRIPT: &str = "FOCUS GROUP (fictional)\n\
\n\
[00:00:05] Facilitator: What do the children do at the site? Who keeps the money?\n\
\n\
[00:00:12] P1: They wash the stones. The school fees come from that money.\n\
\n\
[00:00:31] P2: My daughter carries sacks. Elle paie le minerval.\n";

const CODEBOOK: &str = r##"
name: test
codes:
  - name: Child labour
    color: "#e67e22"
  - name: School fees
    color: "#3498db"
"##;

/// Two coders, two disagreements on "Child labour", full agreement on
/// "School fees".
fn project(dir: &Path) -> PathBuf {
    coded_project(
        dir,
        &[("fg", TRANSCRIPT)],
        CODEBOOK,
        &[
            ("fg", "Child labour", "They wash the stones.", "amani"),
            ("fg", "Child labour", "wash the stones.", "neema"),
            ("fg", "Child labour", "My daughter carries sacks.", "neema"),
            (
                "fg",
                "School fees",
                "The school fees come from that money.",
                "amani",
            ),
            (
                "fg",
                "School fees",
                "The school fees come from that money.",
                "neema",
            ),
        ],
    )
}

/// The text inside the screen's frames, lines joined (for wrapped text).
fn flat(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(['│', '┌', '└', '┐', '┘']).trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// (code, text) of every consensus coding with a non-empty range.
fn consensus(ui: &Ui) -> Vec<(String, String)> {
    let store = ui.app.store();
    let filter = ops::coding::CodingFilter {
        coder: Some("consensus".into()),
        ..Default::default()
    };
    ops::coding::views(store, &ops::coding::list(store, &filter).expect("list"))
        .expect("views")
        .into_iter()
        .map(|v| (v.code_path, v.text))
        .collect()
}

#[test]
fn settle_disagreements_from_the_agreement_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open_sized(&project(dir.path()), 140, 30);
    ui.keys("A");
    assert!(ui.app.screens.on_top::<AgreementState>());
    let s = ui.screen();
    assert!(s.contains("Agreement · 1 amani, 2 neema"), "{s}");
    assert!(
        s.contains("Child labour") && s.contains("School fees"),
        "{s}"
    );
    assert!(s.contains("good") && s.contains("poor"), "{s}");
    // Verdicts are coloured against Krippendorff's thresholds.
    assert_eq!(ui.style_of("good").fg, Some(Color::Green));
    assert_eq!(ui.style_of("poor").fg, Some(Color::Red));
    // Drill into "School fees": one document.
    ui.keys("j\n");
    let s = ui.screen();
    assert!(s.contains("School fees · per document"), "{s}");
    ui.keys("\x1b");
    // The queue of every code: two passages of "Child labour".
    ui.keys("d");
    let s = ui.screen();
    assert!(s.contains("0 of 2 settled"), "{s}");
    assert!(s.contains("1 amani") && s.contains("2 neema"), "{s}");
    // Keep amani's version of the first, the union of the second.
    ui.keys("1");
    assert!(ui.screen().contains("1 of 2 settled"), "{}", ui.screen());
    ui.keys("o");
    assert!(ui.screen().contains("2 of 2 settled"), "{}", ui.screen());
    assert_eq!(
        consensus(&ui),
        vec![
            (
                "Child labour".to_string(),
                "They wash the stones.".to_string()
            ),
            (
                "Child labour".to_string(),
                "My daughter carries sacks.".to_string()
            ),
        ]
    );
    // Undo the union; settle it as "none" instead.
    ui.keys("u");
    assert!(ui.screen().contains("1 of 2 settled"), "{}", ui.screen());
    ui.keys(" n");
    assert!(ui.screen().contains("2 of 2 settled"), "{}", ui.screen());
    assert_eq!(
        consensus(&ui).len(),
        2,
        "kept + zero-length 'none' decision"
    );
    // Agreed passages go in with one key.
    ui.keys("a");
    assert!(consensus(&ui).contains(&(
        "School fees".into(),
        "The school fees come from that money.".into()
    )));
    // Back to the table, then out.
    ui.keys("\x1b");
    assert!(ui.screen().contains("Agreement · 1 amani, 2 neema"));
    ui.keys("\x1b");
    assert!(!ui.app.screens.shows::<AgreementState>());
    // The figures against consensus.
    let coders = vec!["amani".to_string(), "consensus".to_string()];
    let r = ops::agreement::report(ui.app.store(), Some(&coders), None, Default::default())
        .expect("report");
    assert_eq!(r.per_code["Child labour"].pairs[0].both, 21);
    assert_eq!(r.per_code["School fees"].percent_agreement, Some(1.0));
}

#[test]
fn blind_mode_shows_only_my_codings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    let coders = |ui: &Ui| -> Vec<String> {
        let t = ui.app.transcript.as_ref().expect("open");
        t.codings.iter().map(|c| c.coder.clone()).collect()
    };
    assert!(coders(&ui).contains(&"neema".to_string()));
    ui.keys("B");
    assert!(ui.app.blind);
    assert!(
        coders(&ui).iter().all(|c| c == "amani"),
        "{:?}",
        coders(&ui)
    );
    assert!(ui.screen().contains("BLIND"));
    ui.keys("B");
    assert!(coders(&ui).contains(&"neema".to_string()));
}

const THREE_CODES: &str = r##"
name: test
codes:
  - name: Child labour
  - name: School fees
  - name: Unused
"##;

const INTERVIEW: &str = "[00:00:03] Interviewer: Tell me about the river.\n\n\
[00:00:09] KII: The boys dig at night and the girls sell bread.\n";

#[test]
fn every_column_is_named_and_nobody_coded_rows_say_n_a() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut codings: Vec<common::Coded<'_>> = vec![
        ("fg", "Child labour", "They wash the stones.", "amani"),
        ("fg", "Child labour", "wash the stones.", "neema"),
        ("fg", "School fees", "The school fees come", "amani"),
        ("fg", "School fees", "The school fees come", "neema"),
    ];
    // In the second document only amani codes child labour: NVivo's κ for
    // that document is 0, so the size-weighted mean differs from Cohen's κ
    // over all the code's characters.
    codings.push(("kii", "Child labour", "The boys dig at night", "amani"));
    let path = coded_project(
        dir.path(),
        &[("fg", TRANSCRIPT), ("kii", INTERVIEW)],
        THREE_CODES,
        &codings,
    );
    let mut ui = Ui::open_sized(&path, 140, 30);
    ui.keys("A");
    let s = ui.screen();
    let header = ui.line_with("agree %");
    for h in [
        "code",
        "agree %",
        "Fleiss κ",
        "α",
        "verdict",
        "coded",
        "Cohen κ",
        "NVivo κw",
    ] {
        assert!(header.contains(h), "{h:?} in {header}");
    }
    // The legend says what each column is.
    for l in [
        "agree %: characters all coders treat alike",
        "coded: characters anyone coded",
        "Cohen κ: the pair over all the code's characters",
        "NVivo κw: NVivo's per-document κ weighted by size",
    ] {
        assert!(flat(&s).contains(l), "{l:?}:\n{s}");
    }
    // Cohen's κ and NVivo's weighted κ are separate figures.
    let r = ops::agreement::report(ui.app.store(), None, None, Default::default()).expect("report");
    let pair = &r.per_code["Child labour"].pairs[0];
    let cohen = gloss::core::agreement::format_stat(pair.cohen_kappa);
    let nvivo = gloss::core::agreement::format_stat(pair.nvivo_weighted_kappa.flatten());
    assert_ne!(cohen, nvivo);
    let row = ui.line_with("Child labour");
    let (c, n) = (
        row.find(&cohen).expect("cohen"),
        row.find(&nvivo).expect("nvivo"),
    );
    assert!(c < n, "Cohen κ, then NVivo κw: {row}");
    // Percentages with two decimals.
    let pct = gloss::core::agreement::format_percent(r.per_code["Child labour"].percent_agreement);
    assert!(
        pct.ends_with('%') && pct.split('.').nth(1).map(str::len) == Some(3),
        "{pct}"
    );
    assert!(row.contains(&pct), "{row}");
    assert!(ui.line_with("School fees").contains("100.00%"));
    // Nobody coded "Unused": n/a in every figure, with the reason; never
    // NVivo's 1.000 or a 100 % that says nothing.
    let unused = ui.line_with("Unused");
    assert_eq!(unused.matches("n/a").count(), 5, "{unused}");
    assert!(unused.contains("nobody coded"), "{unused}");
    assert!(
        !unused.contains("1.000") && !unused.contains('%'),
        "{unused}"
    );
    assert_eq!(ui.style_of("nobody coded").fg, Some(Color::DarkGray));
    // The summary rows stay below the table.
    assert!(s.contains("pooled") && s.contains("mean of 2 codes"), "{s}");
}

#[test]
fn long_code_paths_are_shortened_from_the_left() {
    let dir = tempfile::tempdir().expect("tempdir");
    let codebook = r##"
name: test
codes:
  - name: Women's security and safety at artisanal mining sites
    children:
      - name: Physical security
      - name: Economic security
"##;
    let parent = "Women's security and safety at artisanal mining sites";
    let phys = format!("{parent}/Physical security");
    let econ = format!("{parent}/Economic security");
    let path = coded_project(
        dir.path(),
        &[("fg", TRANSCRIPT)],
        codebook,
        &[
            ("fg", &phys, "They wash the stones.", "amani"),
            ("fg", &phys, "wash the stones.", "neema"),
            ("fg", &econ, "Who keeps the money?", "amani"),
            ("fg", &econ, "Who keeps the money?", "neema"),
        ],
    );
    let mut ui = Ui::open_sized(&path, 100, 30);
    ui.keys("A");
    let s = ui.screen();
    assert!(s.contains("…/Physical security"), "{s}");
    assert!(s.contains("…/Economic security"), "{s}");
    // At 160 columns the whole paths fit.
    ui.resize(160, 30);
    let s = ui.screen();
    assert!(s.contains(&phys) && s.contains(&econ), "{s}");
}

fn three_coders(dir: &Path) -> PathBuf {
    coded_project(
        dir,
        &[("fg", TRANSCRIPT)],
        CODEBOOK,
        &[
            ("fg", "Child labour", "They wash the stones.", "amani"),
            ("fg", "Child labour", "wash the stones.", "neema"),
            ("fg", "Child labour", "They wash", "rose"),
        ],
    )
}

#[test]
fn the_lead_chooses_the_coders_on_the_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open_sized(&three_coders(dir.path()), 160, 30);
    ui.keys("A");
    assert!(ui
        .screen()
        .contains("Agreement · 1 amani, 2 neema, 3 rose ·"));
    assert!(ui.screen().contains("Cohen 1×3") && ui.screen().contains("NVivo 2×3"));
    ui.keys("c");
    let s = ui.screen();
    assert!(s.contains("Coders to compare"), "{s}");
    assert!(ui.line_with("[x] 3 rose").contains("1 coding"), "{s}");
    assert!(ui.line_with("[x] 1 amani").contains("1 coding"), "{s}");
    // 3 unticks rose; Enter compares the two others.
    ui.keys("3");
    assert!(ui.screen().contains("[ ] 3 rose"), "{}", ui.screen());
    ui.keys("\n");
    let s = ui.screen();
    assert!(s.contains("Agreement · 1 amani, 2 neema ·"), "{s}");
    assert!(!s.contains("Coders to compare"), "{s}");
    assert!(s.contains("comparing 1 amani, 2 neema"), "{s}");
    assert!(ui.line_with("agree %").contains("Cohen κ"));
    assert_eq!(
        ui.app
            .screens
            .get::<AgreementState>()
            .map(|a| a.report.coders.clone()),
        Some(vec!["amani".to_string(), "neema".to_string()])
    );
    // Fewer than two is refused and the list stays open; Esc keeps the choice.
    ui.keys("c2\n");
    assert!(ui
        .screen()
        .contains("choose at least two coders to compare (1 chosen)"));
    assert!(ui.screen().contains("Coders to compare"));
    ui.keys("\x1b");
    assert!(ui.screen().contains("coders unchanged"));
    assert!(ui.screen().contains("Agreement · 1 amani, 2 neema ·"));
    // The queue compares the same coders, and `A` keeps them.
    ui.keys("d");
    assert!(
        ui.screen().contains("┌ 1 amani") && ui.screen().contains("┌ 2 neema"),
        "{}",
        ui.screen()
    );
    assert!(!ui.screen().contains("rose"), "{}", ui.screen());
    ui.keys("\x1b\x1bA");
    assert!(ui.screen().contains("Agreement · 1 amani, 2 neema ·"));
    // The help lists the keys.
    ui.keys("?");
    let mut found = false;
    for _ in 0..80 {
        if ui.screen().contains("choose the coders to compare") {
            found = true;
            break;
        }
        ui.keys("j");
    }
    assert!(found, "{}", ui.screen());
}

#[test]
fn accept_agreed_says_what_it_did() {
    let dir = tempfile::tempdir().expect("tempdir");
    // At 100 columns the status line is too narrow: the screen says it too.
    let mut ui = Ui::open_sized(&three_coders(dir.path()), 100, 30);
    ui.keys("Ad");
    ui.keys("a");
    assert_eq!(
        ui.app.message.as_deref(),
        Some("nothing to copy: no passage was coded alike by all 3 coders")
    );
    assert!(
        ui.screen()
            .contains("nothing to copy: no passage was coded alike by all 3 coders"),
        "{}",
        ui.screen()
    );
    assert!(consensus(&ui).is_empty());

    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open_sized(&project(dir.path()), 140, 30);
    ui.keys("Ad");
    ui.keys("a");
    assert_eq!(
        ui.app.message.as_deref(),
        Some("copied 1 passage coded alike by all 2 coders into consensus")
    );
    assert_eq!(consensus(&ui).len(), 1);
    assert!(ui
        .screen()
        .contains("copied 1 passage coded alike by all 2 coders into consensus"));
    ui.keys("a");
    assert_eq!(
        ui.app.message.as_deref(),
        Some(
            "nothing to copy: the only passage coded alike by all 2 coders is already in consensus"
        )
    );
    ui.keys("u");
    assert!(consensus(&ui).is_empty());
    // Comparing against consensus, nothing is written into it.
    ui.keys("a\x1bc");
    assert!(ui
        .line_with("(settled decisions)")
        .contains("[ ] 2 consensus"));
    ui.keys("2\nd1");
    assert!(
        ui.app
            .message
            .as_deref()
            .is_some_and(|m| m.contains("untick it to settle")),
        "{:?}",
        ui.app.message
    );
}

const LONG: &str = "[00:00:05] Facilitator: word01 word02 word03 word04 word05 word06 \
word07 word08 word09 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 \
word20 word21 word22 word23 word24\n\n\
[00:01:12] P1: They wash the stones at the river every day, after school and before \
the market closes; then they walk home with the older boys from the village by the lake \
and the road.\n\n\
[00:02:31] P2: My daughter carries sacks.\n";

#[test]
fn the_queue_shows_who_spoke_when_whole_words_and_other_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = coded_project(
        dir.path(),
        &[("fg", LONG)],
        CODEBOOK,
        &[
            ("fg", "Child labour", "They wash the stones", "amani"),
            ("fg", "Child labour", "wash the stones", "neema"),
            ("fg", "School fees", "They wash", "neema"),
            ("fg", "Child labour", "My daughter carries sacks.", "neema"),
            ("fg", "School fees", "My daughter carries sacks.", "amani"),
        ],
    );
    let mut ui = Ui::open_sized(&path, 140, 30);
    ui.keys("Ad");
    let s = ui.screen();
    let head = ui.line_with("1 of 4");
    assert!(head.contains("Child labour · fg · P1 0:01:12"), "{head}");
    assert!(!s.contains("chars "), "no char offsets: {s}");
    // The context before the passage starts on a whole word, after "…".
    let first = ui.line_with("│…");
    let after = first.split("│…").nth(1).expect("text after …");
    let word = after.split(' ').next().unwrap_or("");
    assert!(
        word.len() == 6 && word.starts_with("word"),
        "a whole word: {word:?} in {first}"
    );
    // … and ends on one.
    let last = s
        .lines()
        .find(|l| {
            l.contains("…│")
                || l.contains("… │")
                || l.trim_end_matches('│').trim_end().ends_with('…')
        })
        .expect("a cut at the end");
    let before = last.split('…').next().unwrap_or("");
    let tail = before.rsplit(['│', ' ']).next().unwrap_or("");
    assert!(
        LONG.contains(&format!(" {tail} ")) || LONG.contains(&format!(" {tail}\n")),
        "ends on a whole word: {tail:?} in {last}"
    );
    // neema also coded the passage as School fees.
    assert!(s.contains("also coded here: School fees"), "{s}");
    assert_eq!(ui.style_of("School fees").fg, Some(Color::Cyan));
    // The next passage: amani coded it as another code instead.
    ui.keys("j");
    let s = ui.screen();
    assert!(ui.line_with("2 of 4").contains("P2 0:02:31"), "{s}");
    assert!(
        s.contains("did not code this as Child labour; coded it as School fees"),
        "{s}"
    );
}
