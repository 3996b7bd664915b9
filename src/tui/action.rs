//! Everything a key can ask Gloss to do, as typed actions: a name and, for
//! the families of alike actions, a typed argument (`move page_down`,
//! `seek -5`, `keep_coder 3`, `settle union`, `analysis unit`). Each action
//! is spelled by its name and argument, and [`Action::parse`] reads that
//! spelling back (so a keymap file can name them). `keymap` binds keys to
//! actions; `help` lists them, described from their arguments.

use super::keymap::Context;
use std::fmt;

/// A cursor or selection move; each screen reads the ones it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Move {
    Down,
    Up,
    Left,
    Right,
    WordForward,
    WordBack,
    WordEnd,
    SentenceForward,
    SentenceBack,
    NextTurn,
    PrevTurn,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
}

/// Forward or back, for actions that step through a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dir {
    Next,
    Prev,
}

/// The stretch of text a selection takes in one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Turn,
    Sentence,
    Word,
}

/// How a disagreement is settled (keeping one coder's version is
/// [`Action::KeepCoder`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    Union,
    Intersection,
    None,
}

/// An option of the analysis screen's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Knob {
    View,
    Columns,
    Unit,
    Percent,
    Document,
    Coders,
    Where,
    Reach,
    Stopwords,
    MinLength,
    Accents,
    Numbers,
    Code,
    Query,
    Context,
    Sort,
}

/// An argument type: the names it is spelled with, and a description.
trait Arg: Sized + Copy + PartialEq + 'static {
    /// Every value with its name and what it does.
    const ALL: &'static [(Self, &'static str, &'static str)];

    fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(v, _, _)| *v == self)
            .map_or("?", |(_, n, _)| n)
    }

    fn description(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(v, _, _)| *v == self)
            .map_or("?", |(_, _, d)| d)
    }

    fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .iter()
            .find(|(_, n, _)| *n == s)
            .map(|(v, _, _)| *v)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|(_, n, _)| *n).collect();
                format!("one of {}", names.join(", "))
            })
    }
}

impl Arg for Move {
    const ALL: &'static [(Move, &'static str, &'static str)] = &[
        (Move::Down, "down", "down"),
        (Move::Up, "up", "up"),
        (Move::Left, "left", "previous character"),
        (Move::Right, "right", "next character"),
        (Move::WordForward, "word_forward", "next word"),
        (Move::WordBack, "word_back", "previous word"),
        (Move::WordEnd, "word_end", "end of word"),
        (Move::SentenceForward, "sentence_forward", "next sentence"),
        (Move::SentenceBack, "sentence_back", "previous sentence"),
        (Move::NextTurn, "next_turn", "next speaker turn"),
        (Move::PrevTurn, "prev_turn", "previous speaker turn"),
        (Move::PageDown, "page_down", "down one page"),
        (Move::PageUp, "page_up", "up one page"),
        (Move::HalfPageDown, "half_page_down", "down half a page"),
        (Move::HalfPageUp, "half_page_up", "up half a page"),
        (Move::Top, "top", "start"),
        (Move::Bottom, "bottom", "end"),
    ];
}

impl Arg for Dir {
    const ALL: &'static [(Dir, &'static str, &'static str)] =
        &[(Dir::Next, "next", "next"), (Dir::Prev, "prev", "previous")];
}

impl Arg for Unit {
    const ALL: &'static [(Unit, &'static str, &'static str)] = &[
        (Unit::Turn, "turn", "select the current turn"),
        (Unit::Sentence, "sentence", "select the current sentence"),
        (Unit::Word, "word", "select the current word"),
    ];
}

impl Arg for Rule {
    const ALL: &'static [(Rule, &'static str, &'static str)] = &[
        (Rule::Union, "union", "settle: union of the versions"),
        (Rule::Intersection, "intersection", "settle: intersection"),
        (Rule::None, "none", "settle: code nothing"),
    ];
}

impl Arg for Knob {
    const ALL: &'static [(Knob, &'static str, &'static str)] = &[
        (Knob::View, "view", "next view: frequencies, matrix, …"),
        (
            Knob::Columns,
            "columns",
            "matrix columns (attribute:KEY too)",
        ),
        (Knob::Unit, "unit", "next unit (frequencies: bar column)"),
        (Knob::Percent, "percent", "matrix percent (row, column, N)"),
        (Knob::Document, "document", "codeline: next document"),
        (Knob::Coders, "coders", "coders: all pooled, one, consensus"),
        (
            Knob::Where,
            "where",
            "where KEY=VALUE (participants' attribute)",
        ),
        (
            Knob::Reach,
            "reach",
            "co-occurrence: overlap, touching, within N",
        ),
        (
            Knob::Stopwords,
            "stopwords",
            "words: stop words (language, none, …)",
        ),
        (Knob::MinLength, "min_length", "words: minimum length"),
        (Knob::Accents, "accents", "words: keep accents or fold them"),
        (Knob::Numbers, "numbers", "words: count numbers or not"),
        (Knob::Code, "code", "words: only inside one code's passages"),
        (Knob::Query, "query", "keyword in context: type the query"),
        (
            Knob::Context,
            "context",
            "KWIC context: N words or the turn",
        ),
        (Knob::Sort, "sort", "KWIC sort: position, left, right word"),
    ];
}

/// Everything a key can ask Gloss to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    FocusNext,
    Back,
    Undo,
    Redo,
    ToggleCodebook,
    /// The next or previous document of the list.
    Document(Dir),
    Open,
    Move(Move),
    ToggleSelect,
    Select(Unit),
    ApplyCode,
    InVivo,
    RemoveCoding,
    Recode,
    CodingMemo,
    DocumentMemo,
    Retrieve,
    AddCode,
    AddSubCode,
    RenameCode,
    EditCode,
    RecolorCode,
    SetShortcut,
    MoveCode,
    MergeCode,
    DeleteCode,
    ToggleSubcodes,
    Search,
    /// The next or previous search hit in the transcript.
    Hit(Dir),
    ToggleMark,
    MarkAll,
    CodeHits,
    ToggleOrder,
    Export,
    OpenAgreement,
    ToggleBlind,
    Disagreements,
    /// Settle with coder N's version (1-based, as the columns are
    /// numbered); in the coder list, tick coder N.
    KeepCoder(u8),
    Settle(Rule),
    AcceptAgreed,
    NextOpen,
    ChooseCoders,
    NextPair,
    ReassignCodings,
    EditMode,
    LeaveEdit,
    SplitTurn,
    TurnSpeaker,
    TurnTime,
    DeleteWordBack,
    Review,
    VerifyTurn,
    NextUnverified,
    Participants,
    RenameSpeaker,
    SetAttribute,
    RemoveAttribute,
    RenameDocument,
    DeleteDocument,
    /// The next or previous attribute column of the participant list.
    Column(Dir),
    OpenAnalysis,
    /// Change one option of the analysis table shown.
    Analysis(Knob),
    ExportTable,
    Transcribe,
    PlayPause,
    /// Move the playhead by this many seconds (negative: back).
    Seek(i32),
    /// Change the playback speed by this many tenths (negative: slower).
    Speed(i32),
    StampTime,
    NewTurnAtPlayhead,
    /// A new turn at the playhead for numbered speaker N (1-based).
    NewTurnFor(u8),
    ListSpeakers,
    LoopTurn,
    PlayFromCursor,
    ToggleFollow,
    ToggleTypingPause,
}

/// Actions without an argument: name and description.
const PLAIN: &[(Action, &str, &str)] = {
    use Action::*;
    &[
        (Quit, "quit", "quit Gloss"),
        (Help, "help", "show or hide this help"),
        (FocusNext, "focus_next", "switch pane"),
        (Back, "back", "cancel selection / back"),
        (Undo, "undo", "undo the last change"),
        (Redo, "redo", "redo"),
        (
            ToggleCodebook,
            "toggle_codebook",
            "codebook pane ⇄ document list",
        ),
        (Open, "open", "open the selected item"),
        (ToggleSelect, "toggle_select", "extend the selection on/off"),
        (ApplyCode, "apply_code", "code the selection (picker)"),
        (InVivo, "in_vivo", "in-vivo code from the words"),
        (
            RemoveCoding,
            "remove_coding",
            "remove a coding at the cursor",
        ),
        (Recode, "recode", "recode a coding at the cursor"),
        (CodingMemo, "coding_memo", "memo on a coding at the cursor"),
        (DocumentMemo, "document_memo", "memo on the document"),
        (Retrieve, "retrieve", "all excerpts of a code"),
        (AddCode, "add_code", "add a code (same level)"),
        (AddSubCode, "add_subcode", "add a sub-code"),
        (RenameCode, "rename_code", "rename"),
        (EditCode, "edit_code", "edit definition, use, example"),
        (RecolorCode, "recolor_code", "set the colour"),
        (SetShortcut, "set_shortcut", "set the shortcut key"),
        (MoveCode, "move_code", "move under another code"),
        (MergeCode, "merge_code", "merge into another code"),
        (DeleteCode, "delete_code", "delete (with its codings)"),
        (
            ToggleSubcodes,
            "toggle_subcodes",
            "with or without sub-codes",
        ),
        (Search, "search", "search (results as you type)"),
        (ToggleMark, "toggle_mark", "mark / unmark the hit"),
        (MarkAll, "mark_all", "mark all hits / none"),
        (CodeHits, "code_hits", "code the marked hits (or this one)"),
        (
            ToggleOrder,
            "toggle_order",
            "by relevance / in corpus order",
        ),
        (Export, "export", "export coded excerpts"),
        (
            ReassignCodings,
            "reassign_codings",
            "move codings to another coder",
        ),
        (
            OpenAgreement,
            "open_agreement",
            "inter-coder agreement screen",
        ),
        (ToggleBlind, "toggle_blind", "blind mode: only my codings"),
        (
            Disagreements,
            "disagreements",
            "disagreement queue (of this code)",
        ),
        (
            AcceptAgreed,
            "accept_agreed",
            "copy agreed passages to consensus",
        ),
        (NextOpen, "next_open", "next unsettled disagreement"),
        (
            ChooseCoders,
            "choose_coders",
            "choose the coders to compare",
        ),
        (NextPair, "next_pair", "show the next pair's columns"),
        (
            EditMode,
            "edit_mode",
            "edit the transcript (type to correct)",
        ),
        (LeaveEdit, "leave_edit", "leave edit mode (typing is saved)"),
        (SplitTurn, "split_turn", "split the turn at the cursor"),
        (TurnSpeaker, "turn_speaker", "change the turn's speaker"),
        (TurnTime, "turn_time", "set the turn's start time"),
        (
            DeleteWordBack,
            "delete_word_back",
            "delete the word before the cursor",
        ),
        (Review, "review", "review codings whose text was deleted"),
        (VerifyTurn, "verify_turn", "turn verified / unverified"),
        (NextUnverified, "next_unverified", "next unverified turn"),
        (
            Participants,
            "participants",
            "participant list (attributes)",
        ),
        (
            RenameSpeaker,
            "rename_speaker",
            "rename the speaker everywhere",
        ),
        (
            SetAttribute,
            "set_attribute",
            "set an attribute (key=value)",
        ),
        (
            RemoveAttribute,
            "remove_attribute",
            "remove the attribute's value",
        ),
        (RenameDocument, "rename_document", "rename the document"),
        (DeleteDocument, "delete_document", "delete the document"),
        (OpenAnalysis, "open_analysis", "analysis screen (tables)"),
        (
            ExportTable,
            "export_table",
            "export the table shown (CSV/XLSX)",
        ),
        (
            Transcribe,
            "transcribe",
            "transcription mode on/off (audio)",
        ),
        (PlayPause, "play_pause", "play / pause (resuming backs up)"),
        (
            StampTime,
            "stamp_time",
            "playhead → turn start, or [hh:mm:ss]",
        ),
        (NewTurnAtPlayhead, "new_turn", "new turn at the playhead"),
        (
            ListSpeakers,
            "list_speakers",
            "the numbered speakers (add one)",
        ),
        (LoopTurn, "loop_turn", "loop the current turn on/off"),
        (
            PlayFromCursor,
            "play_from_cursor",
            "play from the turn at the cursor",
        ),
        (ToggleFollow, "toggle_follow", "follow the playhead on/off"),
        (
            ToggleTypingPause,
            "toggle_typing_pause",
            "pause while typing on/off",
        ),
    ]
};

/// The names of the actions that take an argument, with what it is.
const FAMILIES: &[(&str, &str)] = &[
    ("document", "next|prev"),
    ("move", "a motion (down, page_down, next_turn, …)"),
    ("select", "turn|sentence|word"),
    ("hit", "next|prev"),
    ("keep_coder", "a coder's number, 1-9"),
    ("settle", "union|intersection|none"),
    ("column", "next|prev"),
    ("analysis", "a table option (view, unit, columns, …)"),
    ("seek", "seconds, e.g. -5 or +30"),
    ("speed", "tenths, e.g. -1 or +1"),
    ("new_turn_for", "a speaker's number, 1-9"),
];

/// Why a spelled action was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

/// A signed whole number as a keymap writes it (`-5`, `+30`, `5`).
fn signed(s: &str) -> Result<i32, String> {
    let t = s.strip_prefix('+').unwrap_or(s);
    match t.parse::<i32>() {
        Ok(n) if n != 0 => Ok(n),
        _ => Err("a whole number other than 0, e.g. -5 or +30".into()),
    }
}

/// A 1-based number up to 9.
fn digit(s: &str) -> Result<u8, String> {
    match s.parse::<u8>() {
        Ok(n @ 1..=9) => Ok(n),
        _ => Err("a number from 1 to 9".into()),
    }
}

impl Action {
    /// Reads an action as [`fmt::Display`] spells it: its name, then its
    /// argument after a space (`move page_down`, `seek -5`).
    pub fn parse(text: &str) -> Result<Action, ParseError> {
        let text = text.trim();
        let (name, arg) = match text.split_once(char::is_whitespace) {
            Some((n, a)) => (n, Some(a.trim())),
            None => (text, None),
        };
        if let Some((a, _, _)) = PLAIN.iter().find(|(_, n, _)| *n == name) {
            return match arg {
                None => Ok(*a),
                Some(x) => Err(ParseError(format!(
                    "`{name}` takes no argument (got `{x}`)"
                ))),
            };
        }
        let Some((_, what)) = FAMILIES.iter().find(|(n, _)| *n == name) else {
            let mut names: Vec<&str> = PLAIN.iter().map(|(_, n, _)| *n).collect();
            names.extend(FAMILIES.iter().map(|(n, _)| *n));
            names.sort_unstable();
            return Err(ParseError(format!(
                "no action named `{name}`; the actions are: {}",
                names.join(", ")
            )));
        };
        let Some(arg) = arg.filter(|a| !a.is_empty()) else {
            return Err(ParseError(format!("`{name}` needs an argument: {what}")));
        };
        let parsed = match name {
            "document" => Dir::parse(arg).map(Action::Document),
            "move" => Move::parse(arg).map(Action::Move),
            "select" => Unit::parse(arg).map(Action::Select),
            "hit" => Dir::parse(arg).map(Action::Hit),
            "keep_coder" => digit(arg).map(Action::KeepCoder),
            "settle" => Rule::parse(arg).map(Action::Settle),
            "column" => Dir::parse(arg).map(Action::Column),
            "analysis" => Knob::parse(arg).map(Action::Analysis),
            "seek" => signed(arg).map(Action::Seek),
            "speed" => signed(arg).map(Action::Speed),
            "new_turn_for" => digit(arg).map(Action::NewTurnFor),
            _ => Err(what.to_string()),
        };
        parsed.map_err(|e| ParseError(format!("`{name} {arg}`: the argument must be {e}")))
    }

    /// The action's name, without its argument.
    pub fn name(self) -> &'static str {
        use Action::*;
        match self {
            Document(_) => "document",
            Move(_) => "move",
            Select(_) => "select",
            Hit(_) => "hit",
            KeepCoder(_) => "keep_coder",
            Settle(_) => "settle",
            Column(_) => "column",
            Analysis(_) => "analysis",
            Seek(_) => "seek",
            Speed(_) => "speed",
            NewTurnFor(_) => "new_turn_for",
            plain => PLAIN
                .iter()
                .find(|(a, _, _)| *a == plain)
                .map_or("?", |(_, n, _)| n),
        }
    }

    /// What the action does, as the help says it. Actions of one family
    /// that differ only by a number (`keep_coder 1` … `keep_coder 9`) have
    /// one description, and the help shows them on one line.
    pub fn description(self) -> String {
        use Action::*;
        match self {
            Document(Dir::Next) => "open the next document".into(),
            Document(Dir::Prev) => "open the previous document".into(),
            Move(m) => m.description().into(),
            Select(u) => u.description().into(),
            Hit(Dir::Next) => "next search hit".into(),
            Hit(Dir::Prev) => "previous search hit".into(),
            KeepCoder(_) => "settle: keep coder 1-9's version".into(),
            Settle(r) => r.description().into(),
            Column(Dir::Next) => "next attribute column".into(),
            Column(Dir::Prev) => "previous attribute column".into(),
            Analysis(k) => k.description().into(),
            Seek(s) if s < 0 => format!("back {} s", -s),
            Seek(s) => format!("forward {s} s"),
            Speed(t) if t < 0 => format!("slower (−{:.1}×, down to 0.5×)", f64::from(-t) / 10.0),
            Speed(t) => format!("faster (+{:.1}×, up to 2×)", f64::from(t) / 10.0),
            NewTurnFor(_) => "new turn for participant 1-9".into(),
            plain => PLAIN
                .iter()
                .find(|(a, _, _)| *a == plain)
                .map_or(String::new(), |(_, _, d)| (*d).to_string()),
        }
    }

    /// The help section of the action in `context`.
    pub fn group(self, context: Context) -> Group {
        use Action::*;
        match context {
            Context::Global => Group::General,
            Context::List => Group::Documents,
            Context::Codebook => Group::Codebook,
            Context::Retrieve => Group::Retrieve,
            Context::Search => Group::Search,
            Context::Agreement => Group::Agreement,
            Context::Edit => Group::Editing,
            Context::Participants => Group::Participants,
            Context::Analysis => Group::Analysis,
            Context::Transcribe => Group::Transcription,
            Context::Transcript => match self {
                ToggleSelect | Select(_) => Group::Selecting,
                ApplyCode | InVivo | RemoveCoding | Recode | CodingMemo | DocumentMemo
                | Retrieve => Group::Coding,
                _ => Group::Reading,
            },
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Action::*;
        let name = self.name();
        match *self {
            Document(d) | Hit(d) | Column(d) => write!(f, "{name} {}", d.name()),
            Move(m) => write!(f, "{name} {}", m.name()),
            Select(u) => write!(f, "{name} {}", u.name()),
            Settle(r) => write!(f, "{name} {}", r.name()),
            Analysis(k) => write!(f, "{name} {}", k.name()),
            KeepCoder(n) | NewTurnFor(n) => write!(f, "{name} {n}"),
            Seek(n) | Speed(n) => write!(f, "{name} {n:+}"),
            _ => f.write_str(name),
        }
    }
}

/// Sections of the help screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    General,
    Documents,
    Reading,
    Selecting,
    Coding,
    Codebook,
    Retrieve,
    Search,
    Agreement,
    Editing,
    Participants,
    Analysis,
    Transcription,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::General => "General",
            Group::Documents => "Document list",
            Group::Reading => "Reading (transcript)",
            Group::Selecting => "Selecting",
            Group::Coding => "Coding",
            Group::Codebook => "Codebook pane (C)",
            Group::Retrieve => "Retrieve view (R)",
            Group::Search => "Search pane (/)",
            Group::Agreement => "Agreement screen (A)",
            Group::Editing => "Editing the transcript (F2)",
            Group::Participants => "Participant list (P)",
            Group::Analysis => "Analysis screen (T)",
            Group::Transcription => "Transcription mode (F4: play and type)",
        }
    }

    pub const ALL: [Group; 13] = [
        Group::General,
        Group::Documents,
        Group::Reading,
        Group::Selecting,
        Group::Coding,
        Group::Codebook,
        Group::Retrieve,
        Group::Search,
        Group::Agreement,
        Group::Editing,
        Group::Transcription,
        Group::Participants,
        Group::Analysis,
    ];

    pub fn context(self) -> Context {
        match self {
            Group::General => Context::Global,
            Group::Documents => Context::List,
            Group::Reading | Group::Selecting | Group::Coding => Context::Transcript,
            Group::Codebook => Context::Codebook,
            Group::Retrieve => Context::Retrieve,
            Group::Search => Context::Search,
            Group::Agreement => Context::Agreement,
            Group::Editing => Context::Edit,
            Group::Participants => Context::Participants,
            Group::Analysis => Context::Analysis,
            Group::Transcription => Context::Transcribe,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action the default keymap binds, once.
    fn bound() -> Vec<Action> {
        let km = super::super::keymap::Keymap::default();
        let mut all: Vec<Action> = km.actions().collect();
        all.sort_by_key(|a| a.to_string());
        all.dedup();
        all
    }

    #[test]
    fn every_bound_action_reads_back_from_its_spelling() {
        for a in bound() {
            let spelled = a.to_string();
            assert_eq!(Action::parse(&spelled), Ok(a), "{spelled}");
            assert!(!a.description().is_empty(), "{spelled} has no description");
        }
    }

    #[test]
    fn spellings_with_arguments() {
        assert_eq!(Action::parse("seek -5"), Ok(Action::Seek(-5)));
        assert_eq!(Action::parse("seek +30"), Ok(Action::Seek(30)));
        assert_eq!(
            Action::parse("  move   page_down "),
            Ok(Action::Move(Move::PageDown))
        );
        assert_eq!(Action::parse("keep_coder 3"), Ok(Action::KeepCoder(3)));
        assert_eq!(Action::parse("settle none"), Ok(Action::Settle(Rule::None)));
        assert_eq!(
            Action::parse("analysis unit"),
            Ok(Action::Analysis(Knob::Unit))
        );
        assert_eq!(Action::Seek(-5).to_string(), "seek -5");
        assert_eq!(Action::Seek(-5).description(), "back 5 s");
        assert_eq!(Action::Speed(1).description(), "faster (+0.1×, up to 2×)");
    }

    #[test]
    fn mistakes_are_named_with_what_would_do() {
        let err = |s: &str| Action::parse(s).expect_err(s).0;
        assert!(err("mvoe down").contains("no action named `mvoe`"));
        assert!(err("mvoe down").contains("move"));
        assert!(err("move sideways").contains("one of down, up"));
        assert!(err("keep_coder 0").contains("1 to 9"));
        assert!(err("seek").contains("needs an argument"));
        assert!(err("seek 0").contains("other than 0"));
        assert!(err("quit now").contains("takes no argument"));
    }
}
