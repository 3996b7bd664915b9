//! Transcription mode (issue 14): edit mode with the document's recording
//! playing through mpv. `F4` (or `Ctrl-o`) from the transcript switches it
//! on; its keys come before edit mode's (`Context::Transcribe`), so typing,
//! motions and undo are edit mode's own. mpv starts on a worker the first
//! time (`JobNews::PlayerOpened`); its events wake the loop
//! (`AppEvent::Player`), which redraws the playhead and, with follow on,
//! keeps the turn being heard in view. Without a recording or without mpv
//! the mode still edits, and the status line says why there is no audio.

use super::{App, InputThen, PickThen};
use crate::core::sanitize::one_line;
use crate::ops;
use crate::player::{Player, PlayerEvent};
use crate::tui::jobs::{Job, JobEvent, JobNews, PlayerOpened};
use crate::tui::keymap::Action;
use crate::tui::transcribe::{heard_turn, turn_span_s, PlayerSlot, Transcription};
use std::time::Instant;

impl App {
    /// Whether transcription mode is on.
    pub fn transcribing(&self) -> bool {
        self.edit.is_some() && self.transcription.as_ref().is_some_and(|t| t.on)
    }

    /// Whether mpv is starting (its news is awaited).
    pub fn player_opening(&self) -> bool {
        self.transcription
            .as_ref()
            .is_some_and(|t| matches!(t.player, PlayerSlot::Opening(_)))
    }

    /// The recording's state, when the open document has a player.
    pub fn transcription(&self) -> Option<&Transcription> {
        self.transcription.as_ref()
    }

    /// Plays the open document through `player` instead of starting mpv
    /// (a stand-in on a virtual clock, in tests).
    pub fn attach_player(&mut self, player: Box<dyn crate::player::Playback>) {
        let Some(t) = &self.transcript else { return };
        let doc = t.doc.document.id.clone();
        let media = Some(player.media().to_path_buf());
        let mut tr = Transcription::new(doc, media, PlayerSlot::Ready(player));
        self.settings_into(&mut tr);
        self.transcription = Some(tr);
    }

    /// `F4` / `Ctrl-o`: transcription mode on or off (off keeps editing).
    pub(super) fn toggle_transcribe(&mut self) {
        if self.transcribing() {
            self.pause_player();
            if let Some(tr) = &mut self.transcription {
                tr.on = false;
            }
            self.set_time_margin(false);
            self.message =
                Some("transcription mode off (still editing) · F4 switches it on".into());
        } else {
            self.enter_transcribe();
        }
    }

    /// Switches transcription mode on for the open document (entering edit
    /// mode first), starting mpv the first time.
    pub fn enter_transcribe(&mut self) {
        let Some(t) = &self.transcript else {
            self.message = Some("open a document to transcribe it".into());
            return;
        };
        let doc = t.doc.document.id.clone();
        if self.edit.is_none() {
            self.enter_edit();
            if self.edit.is_none() {
                return;
            }
        }
        if self.transcription.as_ref().is_none_or(|tr| tr.doc != doc) {
            let tr = self.start_player(doc);
            self.transcription = Some(tr);
        }
        if let Some(tr) = &mut self.transcription {
            tr.on = true;
        }
        self.set_time_margin(true);
        // Why there is no audio comes first: the status line may cut the rest.
        let why = match self.transcription.as_ref().map(|t| &t.player) {
            Some(PlayerSlot::Silent(why)) => format!("no audio: {why} · editing goes on · "),
            _ => String::new(),
        };
        self.message = Some(format!(
            "{why}transcription: F4 play/pause · F3/F5 ∓5 s · F6/F7 speed · Enter new turn · Alt-1…9 new turn for · Ctrl-t stamp · F8 loop · Esc leaves"
        ));
    }

    /// Leaving edit mode ends transcription mode too (the player pauses).
    pub(super) fn leave_transcribe(&mut self) {
        self.pause_player();
        if let Some(tr) = &mut self.transcription {
            tr.on = false;
            tr.paused_for_typing = None;
        }
        self.set_time_margin(false);
    }

    fn set_time_margin(&mut self, on: bool) {
        if let Some(t) = &mut self.transcript {
            t.time_margin = on;
            if !on {
                t.heard = None;
            }
        }
    }

    fn pause_player(&mut self) {
        if let Some(p) = self.transcription.as_ref().and_then(|t| t.playback()) {
            if !p.status().paused {
                let _ = p.pause();
            }
        }
    }

    /// The settings of the configuration file (backstep, typing pause).
    fn settings_into(&self, tr: &mut Transcription) {
        let (config, _) = ops::config::load(self.store.project().dirs());
        if let Some(b) = config.backstep_s {
            tr.backstep_s = b.clamp(0.0, 5.0);
        }
        tr.typing_pause = config.typing_pause;
    }

    /// The recording of `doc`, and mpv starting on it on a worker.
    fn start_player(&self, doc: crate::core::DocumentId) -> Transcription {
        let media = match ops::transcribe::media_of(&self.store, &doc) {
            Ok(m) => m,
            Err(e) => {
                return Transcription::new(doc, None, PlayerSlot::Silent(e.to_string()));
            }
        };
        let Some(media) = media else {
            return Transcription::new(
                doc,
                None,
                PlayerSlot::Silent(
                    "the document has no recording (gloss media PROJECT DOC FILE links one)".into(),
                ),
            );
        };
        let (config, _) = ops::config::load(self.store.project().dirs());
        let slot = match crate::player::args::extra_args(&config.mpv_args) {
            Err(e) => PlayerSlot::Silent(e.to_string()),
            Ok(extra) => {
                let events = self.events.sender();
                let file = media.clone();
                PlayerSlot::Opening(Job::spawn("player", self.events.sender(), move |r| {
                    let opened = Player::open(&file, &extra, events)
                        .map(|p| Box::new(p) as Box<dyn crate::player::Playback>);
                    r.send(JobNews::PlayerOpened(PlayerOpened(opened)));
                }))
            }
        };
        let mut tr = Transcription::new(doc, Some(media), slot);
        self.settings_into(&mut tr);
        tr
    }

    /// mpv has started (or not).
    pub(super) fn player_opened(&mut self, ev: JobEvent) -> bool {
        let JobNews::PlayerOpened(PlayerOpened(opened)) = ev.news else {
            return false;
        };
        let Some(tr) = &mut self.transcription else {
            return false;
        };
        if !matches!(&tr.player, PlayerSlot::Opening(j) if j.id() == ev.job) {
            return false;
        }
        match opened {
            Ok(p) => {
                tr.player = PlayerSlot::Ready(p);
                if tr.on {
                    self.message = Some("the recording is ready: F4 plays".into());
                }
            }
            Err(e) => {
                self.message = Some(format!("no audio: {e} · editing goes on"));
                tr.player = PlayerSlot::Silent(e.to_string());
            }
        }
        true
    }

    /// The player's news: the playhead moved (redraw, follow), it failed,
    /// it stopped.
    pub(super) fn player_event(&mut self, ev: PlayerEvent) -> bool {
        let Some(tr) = &mut self.transcription else {
            return false;
        };
        match ev {
            PlayerEvent::Failed(why) => {
                self.message = Some(format!("mpv: {}", one_line(&why)));
            }
            PlayerEvent::Stopped(e) => {
                self.message = Some(format!("no audio: {e} · editing goes on"));
                tr.player = PlayerSlot::Silent(e.to_string());
            }
            PlayerEvent::Eof(true) if tr.on => {
                self.message = Some("the end of the recording".into());
            }
            _ => {}
        }
        self.follow_playhead();
        self.transcribing()
    }

    /// Lights the turn being heard and, with follow on, brings it into view
    /// when another turn starts being heard.
    fn follow_playhead(&mut self) {
        let (Some(tr), Some(t)) = (&mut self.transcription, &mut self.transcript) else {
            return;
        };
        if !tr.on || tr.doc != t.doc.document.id {
            return;
        }
        let Some(ms) = tr.position_ms() else {
            t.heard = None;
            return;
        };
        let heard = heard_turn(t.segments(), ms);
        t.heard = heard;
        if tr.follow && tr.playing() && heard != tr.followed {
            tr.followed = heard;
            if let Some(i) = heard {
                t.show_turn(i);
            }
        }
    }

    /// Transcription mode's own commands; `false` for the others (edit
    /// mode's then).
    pub(super) fn transcribe_command(&mut self, cmd: Action) -> bool {
        match cmd {
            Action::Transcribe => self.toggle_transcribe(),
            Action::PlayPause => self.play_pause(),
            Action::Seek(seconds) => self.seek(f64::from(seconds)),
            Action::Speed(tenths) => self.speed_by(f64::from(tenths) / 10.0),
            Action::StampTime => self.stamp_time(),
            Action::NewTurnAtPlayhead => self.new_turn(None),
            Action::NewTurnFor(n) => {
                let n = usize::from(n);
                self.new_turn_for(n);
            }
            Action::ListSpeakers => self.list_speakers(),
            Action::LoopTurn => self.loop_turn(),
            Action::PlayFromCursor => self.play_from_cursor(),
            Action::ToggleFollow => {
                if let Some(tr) = &mut self.transcription {
                    tr.follow = !tr.follow;
                    tr.followed = None;
                    self.message = Some(if tr.follow {
                        "follow on: the turn being heard stays in view".into()
                    } else {
                        "follow off".into()
                    });
                }
            }
            Action::ToggleTypingPause => {
                if let Some(tr) = &mut self.transcription {
                    tr.typing_pause = !tr.typing_pause;
                    self.message = Some(if tr.typing_pause {
                        "pause while typing on: playback waits for a second of quiet".into()
                    } else {
                        "pause while typing off".into()
                    });
                }
            }
            _ => return false,
        }
        true
    }

    /// The player, or a status line saying why there is none.
    fn player_or_say(&mut self) -> Option<&dyn crate::player::Playback> {
        let why = match self.transcription.as_ref().map(|t| &t.player) {
            Some(PlayerSlot::Ready(_)) => None,
            Some(PlayerSlot::Opening(_)) => Some("mpv is still starting".to_string()),
            Some(PlayerSlot::Silent(why)) => Some(format!("no audio: {why}")),
            None => Some("no recording is playing".to_string()),
        };
        if let Some(why) = why {
            self.message = Some(why);
            return None;
        }
        self.transcription.as_ref().and_then(|t| t.playback())
    }

    fn say_failure(&mut self, r: Result<(), crate::player::PlayerError>) {
        if let Err(e) = r {
            self.message = Some(format!("mpv: {e}"));
        }
    }

    fn play_pause(&mut self) {
        let back = self.transcription.as_ref().map_or(0.0, |t| t.backstep_s);
        let Some(p) = self.player_or_say() else {
            return;
        };
        let r = p.toggle_with_backstep(back).map(|_| ());
        if let Some(tr) = &mut self.transcription {
            tr.paused_for_typing = None;
            tr.followed = None;
        }
        self.say_failure(r);
        self.follow_playhead();
    }

    fn seek(&mut self, delta_s: f64) {
        let Some(p) = self.player_or_say() else {
            return;
        };
        let r = p.seek_relative(delta_s);
        self.say_failure(r);
        self.follow_playhead();
    }

    fn speed_by(&mut self, delta: f64) {
        let Some(p) = self.player_or_say() else {
            return;
        };
        let now = p.status().speed;
        match p.set_speed(now + delta) {
            Ok(s) => self.message = Some(format!("speed {s:.1}×")),
            Err(e) => self.message = Some(format!("mpv: {e}")),
        }
    }

    /// `Ctrl-t`: the playhead becomes the turn's start time when it has
    /// none; otherwise `[hh:mm:ss]` goes into the text at the cursor.
    fn stamp_time(&mut self) {
        let Some(ms) = self.player_or_say().map(|p| p.position_ms()) else {
            return;
        };
        let Some(t) = &self.transcript else { return };
        let turn = t.turn_holding(t.cursor()).and_then(|i| t.segments().get(i));
        match turn {
            Some(s) if s.time_ms.is_none() => {
                let id = s.id;
                self.time_set(id, ms);
            }
            _ => {
                let stamp = crate::core::turn_label::stamp(ms / 1000 * 1000);
                self.type_text(&format!("{stamp} "));
            }
        }
    }

    /// `Enter`: the current turn ends at the playhead and a new one (of
    /// `speaker`, or the same speaker) starts there, at the cursor.
    pub(super) fn new_turn(&mut self, speaker: Option<String>) {
        let ms = self.transcription.as_ref().and_then(|t| t.position_ms());
        self.new_turn_at_cursor(|store, dt, at| {
            ops::text::plan_new_turn(store, dt, at, speaker.as_deref(), ms)
        });
        if let Some(tr) = &mut self.transcription {
            tr.followed = None;
        }
    }

    /// The document's speakers, in order of first appearance (Alt-1 is the
    /// first).
    fn numbered_speakers(&self) -> Vec<String> {
        self.transcript
            .as_ref()
            .map(|t| t.speakers.clone())
            .unwrap_or_default()
    }

    /// `Alt-n`: a new turn at the playhead for the n-th speaker.
    fn new_turn_for(&mut self, n: usize) {
        let names = self.numbered_speakers();
        match names.get(n.wrapping_sub(1)) {
            Some(name) => self.new_turn(Some(name.clone())),
            None => {
                self.message = Some(format!(
                    "the document has {} — Alt-0 lists them and adds one",
                    crate::core::plural::count_as(names.len(), "speaker", "speakers")
                ))
            }
        }
    }

    /// `Alt-0`: the numbered speakers; choosing one (or a new name) starts
    /// their turn at the playhead.
    fn list_speakers(&mut self) {
        self.pick_a_speaker(" New turn at the playhead for ", true, PickThen::NewTurnFor);
    }

    /// The speaker chosen for a new turn (empty: ask for a new name).
    pub(super) fn new_turn_speaker_chosen(&mut self, name: String) {
        if name.is_empty() {
            self.input(
                " New speaker ",
                "",
                "their name as the transcript should show it · Enter starts their turn · Esc cancels",
                InputThen::NewTurnFor,
            );
            return;
        }
        self.new_turn(Some(name));
    }

    /// `F8`: loops the turn at the cursor between its start and end times,
    /// or stops looping.
    fn loop_turn(&mut self) {
        if self
            .transcription
            .as_ref()
            .is_some_and(|t| t.looping.is_some())
        {
            let r = self.player_or_say().map(|p| p.clear_loop());
            if let Some(tr) = &mut self.transcription {
                tr.looping = None;
            }
            self.message = Some("loop off".into());
            if let Some(r) = r {
                self.say_failure(r);
            }
            return;
        }
        let Some(t) = &self.transcript else { return };
        let Some(i) = t.turn_holding(t.cursor()).or_else(|| t.current_turn()) else {
            self.message = Some("the cursor is not in a turn".into());
            return;
        };
        let Some((a, b)) = turn_span_s(t.segments(), i) else {
            self.message = Some(
                "this turn has no start and end time to loop between (Ctrl-t stamps its start)"
                    .into(),
            );
            return;
        };
        let id = t.segments()[i].id;
        let Some(p) = self.player_or_say() else {
            return;
        };
        let r = p
            .set_loop(a, b)
            .and_then(|()| if p.status().paused { p.play() } else { Ok(()) });
        match r {
            Ok(()) => {
                if let Some(tr) = &mut self.transcription {
                    tr.looping = Some(id);
                }
                self.message = Some(format!(
                    "looping turn {} ({} – {}) · F8 stops",
                    i + 1,
                    crate::tui::transcribe::clock_tenths(a),
                    crate::tui::transcribe::clock_tenths(b)
                ));
            }
            Err(e) => self.message = Some(format!("mpv: {e}")),
        }
    }

    /// `Ctrl-j`: plays from the start of the turn at the cursor.
    fn play_from_cursor(&mut self) {
        let Some(t) = &self.transcript else { return };
        let Some(i) = t.turn_holding(t.cursor()).or_else(|| t.current_turn()) else {
            self.message = Some("the cursor is not in a turn".into());
            return;
        };
        if t.segments()[i].time_ms.is_none() {
            self.message = Some("this turn has no start time (Ctrl-t stamps it)".into());
            return;
        }
        self.play_turn(i);
    }

    /// Plays turn `i` from its start time (when it has one and there is
    /// playback).
    pub(super) fn play_turn(&mut self, i: usize) {
        let Some(ms) = self
            .transcript
            .as_ref()
            .and_then(|t| t.segments().get(i))
            .and_then(|s| s.time_ms)
        else {
            return;
        };
        let Some(p) = self.player_or_say() else {
            return;
        };
        let r = p.seek_to(ms as f64 / 1000.0).and_then(|()| p.play());
        if let Some(tr) = &mut self.transcription {
            tr.followed = None;
            tr.paused_for_typing = None;
        }
        self.say_failure(r);
        self.follow_playhead();
    }

    /// A keystroke that types: with pause-while-typing on, playback pauses
    /// (and resumes after a second of quiet).
    pub(super) fn typing_heard(&mut self) {
        let Some(tr) = &mut self.transcription else {
            return;
        };
        if !tr.on || !tr.typing_pause {
            return;
        }
        if tr.paused_for_typing.is_some() {
            tr.paused_for_typing = Some(Instant::now());
            return;
        }
        if tr.playing() {
            if let Some(p) = tr.playback() {
                let _ = p.pause();
            }
            tr.paused_for_typing = Some(Instant::now());
        }
    }

    /// How long until playback paused for typing is due to resume.
    pub(super) fn transcribe_wake_in(&self) -> Option<std::time::Duration> {
        self.transcription.as_ref()?.resume_in()
    }

    /// Nothing typed for a second: playback paused for typing resumes,
    /// backed up. Returns whether the screen changed.
    pub(super) fn transcribe_idle(&mut self) -> bool {
        let Some(tr) = &mut self.transcription else {
            return false;
        };
        if !tr.resume_in().is_some_and(|w| w.is_zero()) {
            return false;
        }
        tr.paused_for_typing = None;
        let back = tr.backstep_s;
        let r = match tr.playback() {
            Some(p) if p.status().paused => p.toggle_with_backstep(back).map(|_| ()),
            _ => Ok(()),
        };
        self.say_failure(r);
        true
    }
}
