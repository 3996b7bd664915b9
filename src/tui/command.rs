//! The registry of named commands: what each key can ask Gloss to do, its
//! name, its description and the help section it appears in. `keymap`
//! binds keys to these; `help` lists them.

use super::keymap::Context;

/// Everything a key can ask Gloss to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Help,
    FocusNext,
    Back,
    Undo,
    Redo,
    ToggleCodebook,
    NextDocument,
    PrevDocument,
    Open,
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
    ToggleSelect,
    SelectTurn,
    SelectSentence,
    SelectWord,
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
    NextHit,
    PrevHit,
    ToggleMark,
    MarkAll,
    CodeHits,
    ToggleOrder,
    Export,
    OpenAgreement,
    ToggleBlind,
    Disagreements,
    KeepCoder,
    SettleUnion,
    SettleIntersection,
    SettleNone,
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
    OpenAnalysis,
    AnalysisView,
    AnalysisColumns,
    AnalysisUnit,
    AnalysisPercent,
    AnalysisDocument,
    ExportTable,
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
    Analysis,
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
            Group::Analysis => "Analysis screen (T)",
        }
    }

    pub const ALL: [Group; 11] = [
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
            Group::Analysis => Context::Analysis,
        }
    }
}

impl Command {
    /// The command's name, as a keymap file would spell it.
    pub fn name(self) -> &'static str {
        self.info().0
    }

    pub fn description(self) -> &'static str {
        self.info().1
    }

    /// The help section of the command in `context`.
    pub fn group(self, context: Context) -> Group {
        use Command::*;
        match context {
            Context::Global => Group::General,
            Context::List => Group::Documents,
            Context::Codebook => Group::Codebook,
            Context::Retrieve => Group::Retrieve,
            Context::Search => Group::Search,
            Context::Agreement => Group::Agreement,
            Context::Edit => Group::Editing,
            Context::Analysis => Group::Analysis,
            Context::Transcript => match self {
                ToggleSelect | SelectTurn | SelectSentence | SelectWord => Group::Selecting,
                ApplyCode | InVivo | RemoveCoding | Recode | CodingMemo | DocumentMemo
                | Retrieve => Group::Coding,
                Search | NextHit | PrevHit => Group::Reading,
                _ => Group::Reading,
            },
        }
    }

    fn info(self) -> (&'static str, &'static str) {
        use Command::*;
        match self {
            Quit => ("quit", "quit Gloss"),
            Help => ("help", "show or hide this help"),
            FocusNext => ("focus_next", "switch pane"),
            Back => ("back", "cancel selection / back"),
            Undo => ("undo", "undo the last change"),
            Redo => ("redo", "redo"),
            ToggleCodebook => ("toggle_codebook", "codebook pane ⇄ document list"),
            NextDocument => ("next_document", "open the next document"),
            PrevDocument => ("prev_document", "open the previous document"),
            Open => ("open", "open the selected item"),
            Down => ("down", "down"),
            Up => ("up", "up"),
            Left => ("left", "previous character"),
            Right => ("right", "next character"),
            WordForward => ("word_forward", "next word"),
            WordBack => ("word_back", "previous word"),
            WordEnd => ("word_end", "end of word"),
            SentenceForward => ("sentence_forward", "next sentence"),
            SentenceBack => ("sentence_back", "previous sentence"),
            NextTurn => ("next_turn", "next speaker turn"),
            PrevTurn => ("prev_turn", "previous speaker turn"),
            PageDown => ("page_down", "down one page"),
            PageUp => ("page_up", "up one page"),
            HalfPageDown => ("half_page_down", "down half a page"),
            HalfPageUp => ("half_page_up", "up half a page"),
            Top => ("top", "start"),
            Bottom => ("bottom", "end"),
            ToggleSelect => ("toggle_select", "extend the selection on/off"),
            SelectTurn => ("select_turn", "select the current turn"),
            SelectSentence => ("select_sentence", "select the current sentence"),
            SelectWord => ("select_word", "select the current word"),
            ApplyCode => ("apply_code", "code the selection (picker)"),
            InVivo => ("in_vivo", "in-vivo code from the words"),
            RemoveCoding => ("remove_coding", "remove a coding at the cursor"),
            Recode => ("recode", "recode a coding at the cursor"),
            CodingMemo => ("coding_memo", "memo on a coding at the cursor"),
            DocumentMemo => ("document_memo", "memo on the document"),
            Retrieve => ("retrieve", "all excerpts of a code"),
            AddCode => ("add_code", "add a code (same level)"),
            AddSubCode => ("add_subcode", "add a sub-code"),
            RenameCode => ("rename_code", "rename"),
            EditCode => ("edit_code", "edit definition, use, example"),
            RecolorCode => ("recolor_code", "set the colour"),
            SetShortcut => ("set_shortcut", "set the shortcut key"),
            MoveCode => ("move_code", "move under another code"),
            MergeCode => ("merge_code", "merge into another code"),
            DeleteCode => ("delete_code", "delete (with its codings)"),
            ToggleSubcodes => ("toggle_subcodes", "with or without sub-codes"),
            Search => ("search", "search (results as you type)"),
            NextHit => ("next_hit", "next search hit"),
            PrevHit => ("prev_hit", "previous search hit"),
            ToggleMark => ("toggle_mark", "mark / unmark the hit"),
            MarkAll => ("mark_all", "mark all hits / none"),
            CodeHits => ("code_hits", "code the marked hits (or this one)"),
            ToggleOrder => ("toggle_order", "by relevance / in corpus order"),
            Export => ("export", "export coded excerpts"),
            ReassignCodings => ("reassign_codings", "move codings to another coder"),
            OpenAgreement => ("open_agreement", "inter-coder agreement screen"),
            ToggleBlind => ("toggle_blind", "blind mode: only my codings"),
            Disagreements => ("disagreements", "disagreement queue (of this code)"),
            KeepCoder => ("keep_coder", "settle: keep coder 1-9's version"),
            SettleUnion => ("settle_union", "settle: union of the versions"),
            SettleIntersection => ("settle_intersection", "settle: intersection"),
            SettleNone => ("settle_none", "settle: code nothing"),
            AcceptAgreed => ("accept_agreed", "copy agreed passages to consensus"),
            NextOpen => ("next_open", "next unsettled disagreement"),
            ChooseCoders => ("choose_coders", "choose the coders to compare"),
            NextPair => ("next_pair", "show the next pair's columns"),
            EditMode => ("edit_mode", "edit the transcript (type to correct)"),
            LeaveEdit => ("leave_edit", "leave edit mode (typing is saved)"),
            SplitTurn => ("split_turn", "split the turn at the cursor"),
            TurnSpeaker => ("turn_speaker", "change the turn's speaker"),
            TurnTime => ("turn_time", "set the turn's start time"),
            DeleteWordBack => ("delete_word_back", "delete the word before the cursor"),
            Review => ("review", "review codings whose text was deleted"),
            OpenAnalysis => ("open_analysis", "analysis screen (tables)"),
            AnalysisView => ("analysis_view", "next view: frequencies, matrix, …"),
            AnalysisColumns => ("analysis_columns", "matrix columns (attribute:KEY too)"),
            AnalysisUnit => ("analysis_unit", "next unit (frequencies: bar column)"),
            AnalysisPercent => ("analysis_percent", "matrix percent (row, column, N)"),
            AnalysisDocument => ("analysis_document", "codeline: next document"),
            ExportTable => ("export_table", "export the table shown (CSV/XLSX)"),
        }
    }
}
