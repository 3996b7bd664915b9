//! Keys bound to actions, per context (the pane that has focus). The
//! actions (`action.rs`) describe themselves, so the help screen the user
//! reads is what the keys do. Dialogs (pickers, editors) read their own keys.

pub use super::action::{Action, Group};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Everywhere (unless a pane binds the same key).
    Global,
    /// The document list.
    List,
    /// The transcript.
    Transcript,
    /// The codebook pane.
    Codebook,
    /// The retrieve view (excerpts of a code).
    Retrieve,
    /// The search pane (typing edits the query).
    Search,
    /// The agreement screen (table, per document, disagreement queue).
    Agreement,
    /// The transcript in edit mode (typing edits the text).
    Edit,
    /// The participant list of a document (P).
    Participants,
    /// The analysis screen (tables, their options, the passages of a cell).
    Analysis,
    /// Transcription mode: edit mode with the recording playing (its keys
    /// first, then edit mode's).
    Transcribe,
}

/// A key as the keymap spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }
    const fn alt(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: true,
        }
    }
    const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        match (self.ctrl, self.alt) {
            (true, true) => format!("Ctrl-Alt-{base}"),
            (true, false) => format!("Ctrl-{base}"),
            (false, true) => format!("Alt-{base}"),
            (false, false) => base,
        }
    }

    /// The key of a terminal event (shift is part of the character).
    pub fn of(ev: &KeyEvent) -> Key {
        Key {
            code: ev.code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

/// Keys to actions, in the order the help lists them.
pub struct Keymap {
    bindings: Vec<(Context, Key, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        use super::action::{Dir, Knob, Move as M, Rule, Unit};
        use Action::*;
        use Context::*;
        use KeyCode as K;
        let mut b: Vec<(Context, Key, Action)> = Vec::new();
        let mut bind = |ctx: Context, keys: &[Key], cmd: Action| {
            for k in keys {
                b.push((ctx, *k, cmd));
            }
        };
        bind(Global, &[Key::ch('?'), Key::plain(K::F(1))], Help);
        bind(Global, &[Key::ch('q'), Key::ctrl('c')], Quit);
        bind(Global, &[Key::plain(K::Tab)], FocusNext);
        bind(Global, &[Key::plain(K::Esc)], Back);
        bind(Global, &[Key::ch('u'), Key::ctrl('z')], Undo);
        bind(Global, &[Key::ctrl('r'), Key::ch('U')], Redo);
        bind(Global, &[Key::ch('C')], ToggleCodebook);
        bind(Global, &[Key::ch(']')], Document(Dir::Next));
        bind(Global, &[Key::ch('[')], Document(Dir::Prev));
        bind(Global, &[Key::ch('M')], DocumentMemo);
        bind(Global, &[Key::ch('/')], Action::Search);
        bind(Global, &[Key::ch('E')], Export);
        bind(Global, &[Key::ctrl('g')], ReassignCodings);

        bind(List, &[Key::plain(K::Enter)], Open);
        bind(List, &[Key::ch('j'), Key::plain(K::Down)], Move(M::Down));
        bind(List, &[Key::ch('k'), Key::plain(K::Up)], Move(M::Up));
        bind(List, &[Key::plain(K::PageDown)], Move(M::PageDown));
        bind(List, &[Key::plain(K::PageUp)], Move(M::PageUp));
        bind(List, &[Key::ch('g'), Key::plain(K::Home)], Move(M::Top));
        bind(List, &[Key::ch('G'), Key::plain(K::End)], Move(M::Bottom));
        bind(List, &[Key::ch('n')], RenameDocument);
        bind(List, &[Key::ch('d'), Key::plain(K::Delete)], DeleteDocument);
        bind(Global, &[Key::ch('P')], Action::Participants);
        bind(
            Context::Participants,
            &[Key::ch('j'), Key::plain(K::Down)],
            Move(M::Down),
        );
        bind(
            Context::Participants,
            &[Key::ch('k'), Key::plain(K::Up)],
            Move(M::Up),
        );
        bind(
            Context::Participants,
            &[Key::ch('h'), Key::plain(K::Left)],
            Column(Dir::Prev),
        );
        bind(
            Context::Participants,
            &[Key::ch('l'), Key::plain(K::Right)],
            Column(Dir::Next),
        );
        bind(Context::Participants, &[Key::ch('n')], RenameSpeaker);
        bind(
            Context::Participants,
            &[Key::ch('a'), Key::ch('='), Key::plain(K::Enter)],
            SetAttribute,
        );
        bind(
            Context::Participants,
            &[Key::ch('x'), Key::plain(K::Delete)],
            RemoveAttribute,
        );
        bind(
            Context::Participants,
            &[Key::plain(K::Esc), Key::ch('P')],
            Back,
        );

        bind(
            Transcript,
            &[Key::ch('j'), Key::plain(K::Down)],
            Move(M::Down),
        );
        bind(Transcript, &[Key::ch('k'), Key::plain(K::Up)], Move(M::Up));
        bind(
            Transcript,
            &[Key::ch('h'), Key::plain(K::Left)],
            Move(M::Left),
        );
        bind(
            Transcript,
            &[Key::ch('l'), Key::plain(K::Right)],
            Move(M::Right),
        );
        bind(Transcript, &[Key::ch('w')], Move(M::WordForward));
        bind(Transcript, &[Key::ch('b')], Move(M::WordBack));
        bind(Transcript, &[Key::ch('e')], Move(M::WordEnd));
        bind(Transcript, &[Key::ch(')')], Move(M::SentenceForward));
        bind(Transcript, &[Key::ch('(')], Move(M::SentenceBack));
        bind(Transcript, &[Key::ch('}'), Key::ch('J')], Move(M::NextTurn));
        bind(Transcript, &[Key::ch('{'), Key::ch('K')], Move(M::PrevTurn));
        bind(
            Transcript,
            &[Key::plain(K::PageDown), Key::ch(' '), Key::ctrl('f')],
            Move(M::PageDown),
        );
        bind(
            Transcript,
            &[Key::plain(K::PageUp), Key::ctrl('b')],
            Move(M::PageUp),
        );
        bind(Transcript, &[Key::ctrl('d')], Move(M::HalfPageDown));
        bind(Transcript, &[Key::ctrl('u')], Move(M::HalfPageUp));
        bind(
            Transcript,
            &[Key::ch('g'), Key::plain(K::Home)],
            Move(M::Top),
        );
        bind(
            Transcript,
            &[Key::ch('G'), Key::plain(K::End)],
            Move(M::Bottom),
        );
        bind(Transcript, &[Key::ch('v')], ToggleSelect);
        bind(Transcript, &[Key::ch('t')], Select(Unit::Turn));
        bind(Transcript, &[Key::ch('s')], Select(Unit::Sentence));
        bind(Transcript, &[Key::ch('W')], Select(Unit::Word));
        bind(Transcript, &[Key::ch('c'), Key::plain(K::Enter)], ApplyCode);
        bind(Transcript, &[Key::ch('i')], InVivo);
        bind(
            Transcript,
            &[Key::ch('x'), Key::plain(K::Delete)],
            RemoveCoding,
        );
        bind(Transcript, &[Key::ch('r')], Recode);
        bind(Transcript, &[Key::ch('m')], CodingMemo);
        bind(Transcript, &[Key::ch('R')], Action::Retrieve);
        bind(Transcript, &[Key::ch('n')], Hit(Dir::Next));
        bind(Transcript, &[Key::plain(K::F(2)), Key::ch('a')], EditMode);
        bind(Transcript, &[Key::ch('V')], Review);
        bind(Transcript, &[Key::plain(K::F(9))], VerifyTurn);
        bind(Transcript, &[Key::ctrl('n')], NextUnverified);
        bind(Edit, &[Key::plain(K::F(9))], VerifyTurn);
        bind(Edit, &[Key::ctrl('n')], NextUnverified);

        bind(Edit, &[Key::plain(K::Esc), Key::plain(K::F(2))], LeaveEdit);
        bind(Edit, &[Key::plain(K::Enter)], SplitTurn);
        bind(Edit, &[Key::ctrl('p')], TurnSpeaker);
        bind(Edit, &[Key::ctrl('t')], TurnTime);
        bind(Edit, &[Key::ctrl('w')], DeleteWordBack);
        bind(Edit, &[Key::ctrl('z')], Undo);
        bind(Edit, &[Key::ctrl('r'), Key::ctrl('y')], Redo);
        bind(Edit, &[Key::plain(K::Left)], Move(M::Left));
        bind(Edit, &[Key::plain(K::Right)], Move(M::Right));
        bind(Edit, &[Key::plain(K::Down)], Move(M::Down));
        bind(Edit, &[Key::plain(K::Up)], Move(M::Up));
        bind(Edit, &[Key::plain(K::PageDown)], Move(M::PageDown));
        bind(Edit, &[Key::plain(K::PageUp)], Move(M::PageUp));
        bind(Edit, &[Key::ctrl('f')], Move(M::WordForward));
        bind(Edit, &[Key::ctrl('b')], Move(M::WordBack));
        bind(Transcript, &[Key::ch('N')], Hit(Dir::Prev));

        bind(
            Transcript,
            &[Key::plain(K::F(4)), Key::ctrl('o')],
            Action::Transcribe,
        );
        bind(
            Edit,
            &[Key::plain(K::F(4)), Key::ctrl('o')],
            Action::Transcribe,
        );
        let tr = Context::Transcribe;
        bind(tr, &[Key::plain(K::F(4)), Key::ctrl(' ')], PlayPause);
        bind(tr, &[Key::plain(K::F(3))], Seek(-5));
        bind(tr, &[Key::plain(K::F(5))], Seek(5));
        bind(tr, &[Key::alt(K::Left)], Seek(-2));
        bind(tr, &[Key::alt(K::Right)], Seek(2));
        bind(tr, &[Key::alt(K::PageUp)], Seek(-30));
        bind(tr, &[Key::alt(K::PageDown)], Seek(30));
        bind(tr, &[Key::plain(K::F(6))], Speed(-1));
        bind(tr, &[Key::plain(K::F(7))], Speed(1));
        bind(tr, &[Key::ctrl('t')], StampTime);
        bind(tr, &[Key::alt(K::Char('t'))], TurnTime);
        bind(tr, &[Key::plain(K::Enter)], NewTurnAtPlayhead);
        for (n, c) in (1..=9).zip('1'..='9') {
            bind(tr, &[Key::alt(K::Char(c))], NewTurnFor(n));
        }
        bind(tr, &[Key::alt(K::Char('0'))], ListSpeakers);
        bind(tr, &[Key::plain(K::F(8))], LoopTurn);
        bind(tr, &[Key::ctrl('j')], PlayFromCursor);
        bind(tr, &[Key::alt(K::Char('f'))], ToggleFollow);
        bind(tr, &[Key::alt(K::Char('p'))], ToggleTypingPause);
        bind(tr, &[Key::ctrl('o')], Action::Transcribe);

        bind(Context::Search, &[Key::plain(K::Enter)], Open);
        bind(
            Context::Search,
            &[Key::plain(K::Down), Key::ctrl('n')],
            Move(M::Down),
        );
        bind(
            Context::Search,
            &[Key::plain(K::Up), Key::ctrl('p')],
            Move(M::Up),
        );
        bind(
            Context::Search,
            &[Key::plain(K::PageDown)],
            Move(M::PageDown),
        );
        bind(Context::Search, &[Key::plain(K::PageUp)], Move(M::PageUp));
        bind(
            Context::Search,
            &[Key::ctrl(' '), Key::plain(K::Insert)],
            ToggleMark,
        );
        bind(Context::Search, &[Key::ctrl('a')], MarkAll);
        bind(Context::Search, &[Key::ctrl('k')], CodeHits);
        bind(Context::Search, &[Key::ctrl('o')], ToggleOrder);
        bind(Context::Search, &[Key::plain(K::Esc)], Back);

        bind(
            Codebook,
            &[Key::ch('j'), Key::plain(K::Down)],
            Move(M::Down),
        );
        bind(Codebook, &[Key::ch('k'), Key::plain(K::Up)], Move(M::Up));
        bind(Codebook, &[Key::ch('g'), Key::plain(K::Home)], Move(M::Top));
        bind(
            Codebook,
            &[Key::ch('G'), Key::plain(K::End)],
            Move(M::Bottom),
        );
        bind(
            Codebook,
            &[Key::plain(K::Enter), Key::ch('R')],
            Action::Retrieve,
        );
        bind(Codebook, &[Key::ch('a')], AddCode);
        bind(Codebook, &[Key::ch('A')], AddSubCode);
        bind(Codebook, &[Key::ch('n')], RenameCode);
        bind(Codebook, &[Key::ch('e')], EditCode);
        bind(Codebook, &[Key::ch('c')], RecolorCode);
        bind(Codebook, &[Key::ch('s')], SetShortcut);
        bind(Codebook, &[Key::ch('m')], MoveCode);
        bind(Codebook, &[Key::ch('+')], MergeCode);
        bind(Codebook, &[Key::ch('d'), Key::plain(K::Delete)], DeleteCode);

        bind(
            Context::Retrieve,
            &[Key::ch('j'), Key::plain(K::Down)],
            Move(M::Down),
        );
        bind(
            Context::Retrieve,
            &[Key::ch('k'), Key::plain(K::Up)],
            Move(M::Up),
        );
        bind(
            Context::Retrieve,
            &[Key::plain(K::PageDown)],
            Move(M::PageDown),
        );
        bind(Context::Retrieve, &[Key::plain(K::PageUp)], Move(M::PageUp));
        bind(
            Context::Retrieve,
            &[Key::ch('g'), Key::plain(K::Home)],
            Move(M::Top),
        );
        bind(
            Context::Retrieve,
            &[Key::ch('G'), Key::plain(K::End)],
            Move(M::Bottom),
        );
        bind(Context::Retrieve, &[Key::plain(K::Enter)], Open);
        bind(Context::Retrieve, &[Key::ch('s')], ToggleSubcodes);
        bind(Context::Retrieve, &[Key::ch('e')], Export);

        bind(Global, &[Key::ch('A')], OpenAgreement);
        bind(Global, &[Key::ch('B')], ToggleBlind);
        bind(
            Context::Agreement,
            &[Key::ch('j'), Key::plain(K::Down)],
            Move(M::Down),
        );
        bind(
            Context::Agreement,
            &[Key::ch('k'), Key::plain(K::Up)],
            Move(M::Up),
        );
        bind(
            Context::Agreement,
            &[Key::plain(K::PageDown)],
            Move(M::PageDown),
        );
        bind(
            Context::Agreement,
            &[Key::plain(K::PageUp)],
            Move(M::PageUp),
        );
        bind(
            Context::Agreement,
            &[Key::ch('g'), Key::plain(K::Home)],
            Move(M::Top),
        );
        bind(
            Context::Agreement,
            &[Key::ch('G'), Key::plain(K::End)],
            Move(M::Bottom),
        );
        bind(Context::Agreement, &[Key::plain(K::Enter)], Open);
        bind(Context::Agreement, &[Key::ch('d')], Disagreements);
        for (n, c) in (1..=9).zip('1'..='9') {
            bind(Context::Agreement, &[Key::ch(c)], KeepCoder(n));
        }
        bind(Context::Agreement, &[Key::ch('o')], Settle(Rule::Union));
        bind(
            Context::Agreement,
            &[Key::ch('i')],
            Settle(Rule::Intersection),
        );
        bind(
            Context::Agreement,
            &[Key::ch('n'), Key::ch('0')],
            Settle(Rule::None),
        );
        bind(Context::Agreement, &[Key::ch('a')], AcceptAgreed);
        bind(Context::Agreement, &[Key::ch(' ')], NextOpen);
        bind(Context::Agreement, &[Key::ch('c')], ChooseCoders);
        bind(Context::Agreement, &[Key::ch('p')], NextPair);

        bind(Global, &[Key::ch('T')], OpenAnalysis);
        bind(
            Context::Analysis,
            &[Key::ch('j'), Key::plain(K::Down)],
            Move(M::Down),
        );
        bind(
            Context::Analysis,
            &[Key::ch('k'), Key::plain(K::Up)],
            Move(M::Up),
        );
        bind(
            Context::Analysis,
            &[Key::ch('h'), Key::plain(K::Left)],
            Move(M::Left),
        );
        bind(
            Context::Analysis,
            &[Key::ch('l'), Key::plain(K::Right)],
            Move(M::Right),
        );
        bind(
            Context::Analysis,
            &[Key::plain(K::PageDown)],
            Move(M::PageDown),
        );
        bind(Context::Analysis, &[Key::plain(K::PageUp)], Move(M::PageUp));
        bind(
            Context::Analysis,
            &[Key::ch('g'), Key::plain(K::Home)],
            Move(M::Top),
        );
        bind(
            Context::Analysis,
            &[Key::ch('G'), Key::plain(K::End)],
            Move(M::Bottom),
        );
        bind(Context::Analysis, &[Key::plain(K::Enter)], Open);
        bind(
            Context::Analysis,
            &[Key::ch('v')],
            Action::Analysis(Knob::View),
        );
        bind(
            Context::Analysis,
            &[Key::ch('c')],
            Action::Analysis(Knob::Columns),
        );
        bind(
            Context::Analysis,
            &[Key::ch('u')],
            Action::Analysis(Knob::Unit),
        );
        bind(
            Context::Analysis,
            &[Key::ch('p')],
            Action::Analysis(Knob::Percent),
        );
        bind(Context::Analysis, &[Key::ch('s')], ToggleSubcodes);
        bind(
            Context::Analysis,
            &[Key::ch('d')],
            Action::Analysis(Knob::Document),
        );
        bind(
            Context::Analysis,
            &[Key::ch('b')],
            Action::Analysis(Knob::Coders),
        );
        bind(
            Context::Analysis,
            &[Key::ch('f')],
            Action::Analysis(Knob::Where),
        );
        bind(
            Context::Analysis,
            &[Key::ch('t')],
            Action::Analysis(Knob::Reach),
        );
        bind(
            Context::Analysis,
            &[Key::ch('w')],
            Action::Analysis(Knob::Stopwords),
        );
        bind(
            Context::Analysis,
            &[Key::ch('m')],
            Action::Analysis(Knob::MinLength),
        );
        bind(
            Context::Analysis,
            &[Key::ch('a')],
            Action::Analysis(Knob::Accents),
        );
        bind(
            Context::Analysis,
            &[Key::ch('n')],
            Action::Analysis(Knob::Numbers),
        );
        bind(
            Context::Analysis,
            &[Key::ch('o')],
            Action::Analysis(Knob::Code),
        );
        bind(
            Context::Analysis,
            &[Key::ch('/')],
            Action::Analysis(Knob::Query),
        );
        bind(
            Context::Analysis,
            &[Key::ch('x')],
            Action::Analysis(Knob::Context),
        );
        bind(
            Context::Analysis,
            &[Key::ch('r')],
            Action::Analysis(Knob::Sort),
        );
        bind(Context::Analysis, &[Key::ch(' ')], ToggleMark);
        bind(Context::Analysis, &[Key::ctrl('a')], MarkAll);
        bind(Context::Analysis, &[Key::ctrl('k'), Key::ch('K')], CodeHits);
        bind(
            Context::Analysis,
            &[Key::ch('e'), Key::ch('E')],
            ExportTable,
        );
        Keymap { bindings: b }
    }
}

impl Keymap {
    /// The action of a key in `context`, falling back to global bindings.
    pub fn lookup(&self, context: Context, ev: &KeyEvent) -> Option<Action> {
        let key = Key::of(ev);
        let find = |ctx: Context| {
            self.bindings
                .iter()
                .find(|(c, k, _)| *c == ctx && *k == key)
                .map(|(_, _, cmd)| *cmd)
        };
        find(context).or_else(|| find(Context::Global))
    }

    /// The action of a key in `context` only (no global fallback).
    pub fn lookup_only(&self, context: Context, ev: &KeyEvent) -> Option<Action> {
        let key = Key::of(ev);
        self.bindings
            .iter()
            .find(|(c, k, _)| *c == context && *k == key)
            .map(|(_, _, cmd)| *cmd)
    }

    /// Actions of a context, in binding order, with their key labels.
    /// Actions of one family with one description (`keep_coder 1` …
    /// `keep_coder 9`) make one entry, with all their keys.
    pub fn entries(&self, context: Context) -> Vec<(Action, Vec<String>)> {
        let mut out: Vec<(Action, Vec<String>)> = Vec::new();
        let same = |a: &Action, b: &Action| {
            a == b || (a.name() == b.name() && a.description() == b.description())
        };
        for (c, k, cmd) in &self.bindings {
            if *c != context {
                continue;
            }
            match out.iter_mut().find(|(x, _)| same(x, cmd)) {
                Some((_, keys)) => keys.push(k.label()),
                None => out.push((*cmd, vec![k.label()])),
            }
        }
        out
    }

    /// Every bound action, in binding order (with repeats).
    pub fn actions(&self) -> impl Iterator<Item = Action> + '_ {
        self.bindings.iter().map(|(_, _, a)| *a)
    }

    /// The keys bound to `cmd` in `context`, as labels.
    pub fn keys_for(&self, context: Context, cmd: Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|(c, _, x)| *c == context && *x == cmd)
            .map(|(_, k, _)| k.label())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_are_unique_and_no_key_is_bound_twice_in_a_context() {
        let km = Keymap::default();
        let mut seen = std::collections::HashSet::new();
        for (c, k, _) in &km.bindings {
            assert!(
                seen.insert((*c, k.label())),
                "{:?} {} bound twice",
                c,
                k.label()
            );
        }
        let all: Vec<Action> = km.actions().collect();
        let spelled: std::collections::HashSet<String> =
            all.iter().map(|c| c.to_string()).collect();
        let distinct: std::collections::HashSet<Action> = all.into_iter().collect();
        assert_eq!(spelled.len(), distinct.len());
    }

    #[test]
    fn pane_bindings_win_over_global_ones() {
        let km = Keymap::default();
        let key = |c, m| KeyEvent::new(KeyCode::Char(c), m);
        assert_eq!(
            km.lookup(Context::Transcript, &key('G', KeyModifiers::SHIFT)),
            Some(Action::Move(super::super::action::Move::Bottom))
        );
        assert_eq!(
            km.lookup(Context::Codebook, &key('c', KeyModifiers::NONE)),
            Some(Action::RecolorCode)
        );
        assert_eq!(
            km.lookup(Context::Transcript, &key('c', KeyModifiers::NONE)),
            Some(Action::ApplyCode)
        );
        assert_eq!(
            km.lookup(Context::List, &key('u', KeyModifiers::NONE)),
            Some(Action::Undo)
        );
        assert_eq!(
            km.lookup(Context::List, &key('z', KeyModifiers::NONE)),
            None
        );
    }
}
