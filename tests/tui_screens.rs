//! Screens over the panes, through the real update loop on a real project
//! file: the participant list opens over the analysis screen and closes
//! back to it; a screen left keeps its state for the next time it is
//! shown; a global key that moves to a pane hides the screens; Tab does not
//! move the panes under a screen; the status line names the screen on top;
//! the search pane is a typing screen docked beside the document list.

mod common;

use common::analysis::project;
use common::Ui;
use gloss::tui::agreement::AgreementState;
use gloss::tui::analysis::{AnalysisState, View};
use gloss::tui::app::Focus;
use gloss::tui::participants::ParticipantsState;
use gloss::tui::search::SearchState;

#[test]
fn screens_stack_over_the_panes_and_keep_their_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    assert_eq!(ui.app.focus, Focus::Transcript);
    ui.keys("T");
    assert!(ui.app.screens.on_top::<AnalysisState>());
    assert!(
        ui.status_line().contains(" ANALYSIS "),
        "{}",
        ui.status_line()
    );
    // Tab moves among the panes, not from under a screen.
    ui.key(crossterm::event::KeyCode::Tab);
    assert!(ui.app.screens.on_top::<AnalysisState>());
    assert_eq!(ui.app.focus, Focus::Transcript);
    // The matrix view, then the participant list over it (modal).
    ui.keys("v");
    ui.keys("P");
    assert!(ui.app.screens.on_top::<ParticipantsState>());
    assert!(ui.app.screens.shows::<AnalysisState>());
    assert!(
        ui.status_line().contains(" PARTICIPANTS "),
        "{}",
        ui.status_line()
    );
    let screen = ui.screen();
    assert!(screen.contains("Participants"), "{screen}");
    // The analysis screen's keys do not reach under the modal list.
    ui.keys("v");
    assert_eq!(
        ui.app.screens.get::<AnalysisState>().map(|a| a.opts.view),
        Some(View::Matrix)
    );
    assert!(
        ui.status_line().contains("participant list"),
        "{}",
        ui.status_line()
    );
    // Esc closes the list: the analysis screen is on top again, as it was.
    ui.keys("\x1b");
    assert!(ui.app.screens.get::<ParticipantsState>().is_none());
    assert!(ui.app.screens.on_top::<AnalysisState>());
    assert!(ui.screen().contains("Codes × documents"), "{}", ui.screen());
    // Esc leaves the screen for the pane under it; `T` shows it again
    // with its options.
    ui.keys("\x1b");
    assert!(!ui.app.screens.any_shown());
    assert_eq!(ui.app.focus, Focus::Transcript);
    assert!(
        ui.status_line().contains(" READING "),
        "{}",
        ui.status_line()
    );
    ui.keys("T");
    assert_eq!(
        ui.app.screens.get::<AnalysisState>().map(|a| a.opts.view),
        Some(View::Matrix)
    );
    // Another screen from this one: it takes the top; Esc goes back to
    // the panes (the analysis screen stays kept).
    ui.keys("A");
    assert!(ui.app.screens.on_top::<AgreementState>());
    assert!(
        ui.status_line().contains(" AGREEMENT "),
        "{}",
        ui.status_line()
    );
    ui.keys("\x1b");
    assert!(ui.app.screens.on_top::<AnalysisState>());
    ui.keys("\x1b");
    assert!(!ui.app.screens.any_shown());
    // A global key that moves to a pane hides the screens shown.
    ui.keys("T");
    ui.keys("C");
    assert!(!ui.app.screens.any_shown());
    assert_eq!(ui.app.focus, Focus::Codebook);
    assert!(ui.app.screens.get::<AnalysisState>().is_some());
}

#[test]
fn the_search_pane_is_a_typing_screen_docked_beside_the_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.app.index_dir = Some(dir.path().join("index"));
    ui.keys("T");
    assert!(ui.app.screens.on_top::<AnalysisState>());
    // A global key from a screen: the search pane replaces it.
    ui.keys("\x1b");
    ui.keys("/");
    assert!(ui.app.screens.on_top::<SearchState>());
    assert!(!ui.app.screens.shows::<AnalysisState>());
    // Keys that type go to the query, even those bound elsewhere (T, P).
    ui.keys("TP");
    assert_eq!(
        ui.app.screens.get::<SearchState>().map(|s| s.input.text()),
        Some("TP".to_string())
    );
    assert!(ui.app.screens.get::<ParticipantsState>().is_none());
    let screen = ui.screen();
    // Docked: the document list stays beside it, the status names it.
    assert!(screen.contains("Search"), "{screen}");
    assert!(screen.contains("documents"), "{screen}");
    assert!(
        ui.status_line().contains(" SEARCH "),
        "{}",
        ui.status_line()
    );
    // Esc: back to the transcript; the pane is kept for `/` and n / N.
    ui.keys("\x1b");
    assert!(!ui.app.screens.any_shown());
    assert_eq!(ui.app.focus, Focus::Transcript);
    ui.keys("/");
    assert_eq!(
        ui.app.screens.get::<SearchState>().map(|s| s.input.text()),
        Some("TP".to_string())
    );
}
