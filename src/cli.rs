//! The command line: clap definitions and dispatch. Each command calls `ops`
//! and prints; `--json` output is one JSON document on stdout, nothing else.

mod agreement;
mod analysis;
mod codebook;
mod codings;
mod commands;
mod export;
mod parse;
mod passphrase;
mod refi;
mod search;
mod session;
mod text;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use codebook::CodebookCommand;
pub use commands::run;
pub use export::ExportArgs;
pub use parse::{parse, Parsed};

/// Gloss — qualitative coding of interview transcripts in the terminal.
///
/// With a PROJECT, opens it in the viewer. Start with `gloss demo`, or
/// `gloss init study.gloss --coder NAME` then `gloss import study.gloss FILES...`.
#[derive(Debug, Parser)]
#[command(name = "gloss", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Project file to open in the viewer.
    pub project: Option<PathBuf>,
    /// The coder of what this command writes (codings, settled passages);
    /// default: `coder` in ~/.config/gloss/config.toml, else the project's
    /// current coder. It does not change the project's current coder: `gloss
    /// coder PROJECT NAME` does. With `init`, the new project's current coder.
    #[arg(long, global = true)]
    pub coder: Option<String>,
    /// Read the passphrase of an encrypted project from FILE (its first
    /// line); else `GLOSS_PASSPHRASE`, else it is asked on the terminal.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// The other files' own passphrase, from FILE's first line (and
    /// `GLOSS_THEIR_PASSPHRASE`): the encrypted files `merge` takes in
    /// (repeat it for coders' files with different passphrases: each file
    /// is opened with the one that opens it), the copy `copy` writes
    /// (encrypted with it).
    #[arg(long, global = true, value_name = "FILE")]
    pub their_passphrase_file: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty project file.
    Init {
        /// Path of the project file to create (e.g. study.gloss).
        project: PathBuf,
        /// Encrypt the project file (SQLCipher): its passphrase is asked
        /// twice (or taken from GLOSS_PASSPHRASE or --passphrase-file).
        #[arg(long)]
        encrypt: bool,
    },
    /// Encrypt a plain project in place (a new file beside it, checked,
    /// then renamed over it); the passphrase as for `init --encrypt`.
    Encrypt {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
    },
    /// Decrypt an encrypted project in place: it becomes a plain file.
    Decrypt {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
    },
    /// Change the passphrase of an encrypted project (the new one from
    /// GLOSS_NEW_PASSPHRASE, else asked twice).
    Rekey {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
    },
    /// Import transcript files (all or none: a bad file imports nothing).
    Import(ImportArgs),
    /// Show the project's current coder and every coder's codings, or set
    /// the current coder.
    Coder {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// The new current coder.
        name: Option<String>,
    },
    /// Check a project file: SQLite's integrity and foreign keys, and that
    /// every coding and turn lies inside its text; changes nothing.
    Check {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Hand a project to a coder: a consistent copy (safe while the project
    /// is open) whose current coder is NAME, readable by its owner only.
    Copy {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// The copy to write (e.g. neema.gloss).
        out: PathBuf,
        /// Replace OUT if it exists.
        #[arg(long)]
        force: bool,
    },
    /// List the documents of a project, or rename or delete one.
    #[command(args_conflicts_with_subcommands = true)]
    Docs(text::DocsArgs),
    /// Correct a document's text: replace [--start, --end) with --text, or
    /// apply a script of edits; codings follow their words.
    Edit(text::EditArgs),
    /// The edit log of a document: every revision with coder and time.
    History {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Document id or unique name.
        doc: String,
        /// Print JSON: [{"revision","coder","at","start","end","removed","inserted"}].
        #[arg(long)]
        json: bool,
    },
    /// Codings waiting for a look: those whose text was deleted (orphaned).
    Review {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Print JSON: [{"coding","doc","code","coder","text","reason"}].
        #[arg(long)]
        json: bool,
    },
    /// List a document's turns, or split, join, re-assign or time one.
    #[command(args_conflicts_with_subcommands = true)]
    Turns(text::TurnsArgs),
    /// Show one document's text and speaker turns.
    Show {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Document id or unique name.
        doc: String,
        /// Print JSON: {"id","name","text","segments":[{"speaker","start","end","time_ms"}]}.
        #[arg(long)]
        json: bool,
    },
    /// Link a recording (audio or video file) to a document, or show the one
    /// linked.
    Media {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Document id or unique name.
        doc: String,
        /// The recording; without it, the linked one is printed.
        file: Option<PathBuf>,
    },
    /// Make a document from a recording: empty (to type while it plays),
    /// from a draft transcript (--draft), or from a local speech recogniser
    /// (--asr); the recording is linked to it. Nothing is downloaded and no
    /// audio leaves the machine.
    Transcribe {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// The recording (any format mpv plays).
        media: PathBuf,
        /// Document name (default: the recording's file name without extension).
        #[arg(long)]
        name: Option<String>,
        /// A draft transcript to start from (its turns start unverified).
        #[arg(long, value_name = "FILE", conflicts_with = "asr")]
        draft: Option<PathBuf>,
        /// A recogniser you installed, as a command line with {media}, {out}
        /// and {language} filled in; it must write {out}.json, .vtt or .srt
        /// (e.g. "whisper-cli -m ggml-base.bin -f {media} -l {language} -of {out} -ovtt").
        #[arg(long, value_name = "COMMAND")]
        asr: Option<String>,
        /// Language for {language} (default: auto).
        #[arg(long)]
        language: Option<String>,
        /// Only make the document (and run --asr): print its name, open no viewer.
        #[arg(long)]
        no_tui: bool,
        /// With --no-tui: print JSON {"document","name","media","from","turns"}.
        #[arg(long)]
        json: bool,
    },
    /// List participants (speakers) and their attributes, or set/import them.
    #[command(args_conflicts_with_subcommands = true)]
    Participants(ParticipantsArgs),
    /// Import, export or list the codebook of a project.
    #[command(subcommand)]
    Codebook(CodebookCommand),
    /// Search every turn of the project (full-text, accents folded, French
    /// and English stemming).
    Search(SearchArgs),
    /// The search index (a cache, rebuilt automatically when needed).
    #[command(subcommand)]
    Index(IndexCommand),
    /// Add, import and list codings.
    #[command(subcommand)]
    Codings(CodingsCommand),
    /// Export coded excerpts (csv, xlsx, md, html, docx, json), filtered and
    /// optionally pseudonymised, or a codebook report.
    Export(ExportArgs),
    /// Inter-coder agreement per code: percent agreement, Cohen's, Fleiss' kappa, Krippendorff's alpha.
    Agreement(agreement::AgreementArgs),
    /// Code frequencies, code × attribute matrices, co-occurrence, word
    /// frequencies, keyword in context and the codeline of a document.
    #[command(subcommand)]
    Analysis(analysis::AnalysisCommand),
    /// Bring other coders' project files in: codings, memos, codes (documents matched by content).
    Merge(agreement::MergeArgs),
    /// Exchange whole projects with NVivo, ATLAS.ti, MAXQDA, QualCoder (REFI-QDA .qdpx).
    #[command(subcommand)]
    Refi(refi::RefiCommand),
    /// Write a document's transcript out with speakers and times.
    #[command(subcommand)]
    Transcript(TranscriptCommand),
    /// Benchmarks (figures reported in the README).
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Open the viewer on a demo project built from the bundled fictional samples.
    Demo {
        /// Build (or check) the demo project, print its path, don't open the viewer.
        #[arg(long)]
        no_tui: bool,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The project file (e.g. study.gloss).
    pub project: PathBuf,
    /// Transcript files: .txt, .vtt, .srt, .json (Whisper), .docx, .otr, .html (noScribe).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Importer to use; `auto` picks by extension and content, `plain`
    /// imports verbatim with no speaker detection.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,
    /// Document name (single file only; default: the file name without extension).
    #[arg(long)]
    pub name: Option<String>,
    /// Language of the documents (e.g. fr, en, sw); default: detected.
    #[arg(long)]
    pub language: Option<String>,
    /// Re-import one corrected file over this document (id or name): its
    /// text is diffed against the current text and applied as one revision;
    /// codings follow, those whose words changed are listed for review.
    #[arg(long, value_name = "DOC")]
    pub replace: Option<String>,
    /// A speech recogniser's draft: every turn starts unverified (VTT, SRT,
    /// Whisper JSON and noScribe files always do).
    #[arg(long)]
    pub draft: bool,
    /// Print the import report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Auto,
    Text,
    Plain,
    Vtt,
    Srt,
    WhisperJson,
    Docx,
    Otr,
    /// noScribe's HTML (its .txt and .vtt are read by `text` and `vtt`).
    Noscribe,
}

#[derive(Debug, Args)]
pub struct ParticipantsArgs {
    #[command(subcommand)]
    pub command: Option<ParticipantsCommand>,
    /// The project file (e.g. study.gloss).
    pub project: Option<PathBuf>,
    /// Only the participants of this document.
    #[arg(long)]
    pub doc: Option<String>,
    /// Print JSON: [{"document","document_id","speaker","attributes":{...}}].
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ParticipantsCommand {
    /// Set attributes of a speaker: key=value ... (an empty value removes the key).
    Set {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Document id or unique name.
        doc: String,
        /// Speaker label as in the transcript (e.g. P3).
        speaker: String,
        #[arg(required = true)]
        /// Attributes as key=value.
        pairs: Vec<String>,
    },
    /// Import attributes from a CSV with columns document,speaker,<attribute>...
    Import { project: PathBuf, file: PathBuf },
    /// Rename a speaker of a document: the participant keeps its
    /// attributes, every label of theirs is rewritten (one revision).
    Rename {
        project: PathBuf,
        doc: String,
        old: String,
        new: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Keypress → frame time of the viewer on a generated transcript.
    Viewer {
        /// Lines in the generated transcript.
        #[arg(long, default_value_t = 300_000)]
        lines: usize,
        /// Put the text (lines × 80 chars) in one single line instead.
        #[arg(long)]
        long_line: bool,
        #[arg(long, default_value_t = 160)]
        width: u16,
        #[arg(long, default_value_t = 50)]
        height: u16,
    },
    /// One committed edit on a long transcript with many codings, and
    /// keypress → frame while typing in edit mode.
    Edit {
        /// Lines in the generated transcript.
        #[arg(long, default_value_t = 300_000)]
        lines: usize,
        #[arg(long, default_value_t = 50_000)]
        codings: usize,
        /// Committed edits timed.
        #[arg(long, default_value_t = 200)]
        edits: usize,
        #[arg(long, default_value_t = 160)]
        width: u16,
        #[arg(long, default_value_t = 50)]
        height: u16,
    },
    /// Import + index a generated ~10 M-word corpus (next to FTS5), time
    /// queries, check hit counts against a brute-force scan.
    Search {
        /// Number of transcripts.
        #[arg(long, default_value_t = 1300)]
        files: usize,
        /// Words per transcript.
        #[arg(long, default_value_t = 7700)]
        words: usize,
        /// Then copy the project encrypted and time the same work on both
        /// (open with the passphrase until the first search is answered,
        /// the commands on an open project), with their ratio.
        #[arg(long)]
        encrypted: bool,
    },
    /// The player with the real mpv (--ao=null) on a generated WAV:
    /// playhead updates per second while playing, and stamped times
    /// against mpv's own time-pos through play, pause with backstep,
    /// seeks and speed changes.
    Transcribe {
        /// Seconds to run.
        #[arg(long, default_value_t = 20)]
        seconds: u32,
    },
    /// Time exporting generated excerpts to CSV and XLSX.
    Export {
        /// Number of excerpts.
        #[arg(long, default_value_t = 250_000)]
        excerpts: usize,
    },
    /// The full agreement report on a generated project (200 documents ×
    /// 20,000 chars × 5 coders × 30 codes by default).
    Agreement {
        #[arg(long, default_value_t = 200)]
        documents: usize,
        #[arg(long, default_value_t = 20_000)]
        chars: usize,
        #[arg(long, default_value_t = 5)]
        coders: usize,
        #[arg(long, default_value_t = 30)]
        codes: usize,
        /// Timed runs (the p50 is reported).
        #[arg(long, default_value_t = 9)]
        runs: usize,
    },
    /// Every analysis table on a generated ~10 M-word project with 250,000
    /// codings and participants with attributes.
    Analysis {
        /// Number of transcripts.
        #[arg(long, default_value_t = 1300)]
        files: usize,
        /// Words per transcript.
        #[arg(long, default_value_t = 7700)]
        words: usize,
        #[arg(long, default_value_t = 250_000)]
        codings: usize,
        /// Timed runs of each table (the median is reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Keep the generated project here (or reuse it when it exists).
        #[arg(long)]
        project: Option<std::path::PathBuf>,
    },
    /// `refi export` and `refi import` of a generated project into a fresh
    /// one, and .qdc / project.qde files padded with XML comments.
    Refi {
        #[arg(long, default_value_t = 200)]
        documents: usize,
        #[arg(long, default_value_t = 5_000)]
        codings: usize,
        /// XML comments in the padded files.
        #[arg(long, default_value_t = 100_000)]
        comments: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum TranscriptCommand {
    /// The current transcript as txt (`[hh:mm:ss] Speaker: text`), docx
    /// (speakers in bold), vtt (`<v Speaker>`), srt (numbered) or otr
    /// (oTranscribe); vtt and srt need a start time on every turn.
    Export {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Document id or unique name.
        doc: String,
        #[arg(long, value_enum)]
        format: TranscriptFormatArg,
        /// Output file.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TranscriptFormatArg {
    Txt,
    Docx,
    Vtt,
    Srt,
    Otr,
}

impl From<TranscriptFormatArg> for crate::formats::transcript::TranscriptFormat {
    fn from(f: TranscriptFormatArg) -> Self {
        use crate::formats::transcript::TranscriptFormat as F;
        match f {
            TranscriptFormatArg::Txt => F::Txt,
            TranscriptFormatArg::Docx => F::Docx,
            TranscriptFormatArg::Vtt => F::Vtt,
            TranscriptFormatArg::Srt => F::Srt,
            TranscriptFormatArg::Otr => F::Otr,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CodingsCommand {
    /// Code a passage: char offsets [start, end) of the document text.
    Add {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Document id or unique name.
        #[arg(long)]
        doc: String,
        /// Code id, path (parent/child) or unique name.
        #[arg(long)]
        code: String,
        /// First char of the passage (char offset).
        #[arg(long)]
        start: usize,
        /// Char offset just past the passage.
        #[arg(long)]
        end: usize,
        /// A memo on the coding.
        #[arg(long)]
        memo: Option<String>,
    },
    /// Import codings from JSON lines {"doc","code","coder"?,"start","end","memo"?}; all or
    /// nothing. A line without "coder" is the coder's of --coder, else the current coder's.
    /// Codings already present are not stored again.
    Import {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// The .jsonl file.
        file: PathBuf,
    },
    /// Move codings from one coder to another (e.g. a copy made with `cp` recorded
    /// them under the wrong coder); one transaction.
    Reassign {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// The coder the codings are recorded under now.
        #[arg(long)]
        from: String,
        /// The coder they belong to.
        #[arg(long)]
        to: String,
        /// Only this document's codings (id or unique name).
        #[arg(long)]
        doc: Option<String>,
    },
    /// List codings.
    List {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Print JSON: [{"id","doc","code","coder","start","end","text","memo"}].
        #[arg(long)]
        json: bool,
        /// Only this document.
        #[arg(long)]
        doc: Option<String>,
        /// Only this code (and, with --children, its sub-codes).
        #[arg(long)]
        code: Option<String>,
        /// With --code: include the sub-codes' codings.
        #[arg(long)]
        children: bool,
        /// Only this coder's codings.
        #[arg(long = "by")]
        by: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The project file (e.g. study.gloss).
    pub project: PathBuf,
    /// Words (all must match), "a phrase", "a b"~5, OR, NOT/-word, prefix*,
    /// word~1, speaker:P3, doc:NAME, lang:fr, code:CODE.
    pub query: String,
    /// Print JSON: {"total","hits":[{"doc","segment","speaker","start","end","snippet",...}]}.
    #[arg(long)]
    pub json: bool,
    /// Print the number of matching turns only.
    #[arg(long)]
    pub count: bool,
    /// How many hits to show.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Only this document (id, name or part of a name).
    #[arg(long)]
    pub doc: Option<String>,
    /// Only this speaker.
    #[arg(long)]
    pub speaker: Option<String>,
    /// Only turns coded with this code (or its sub-codes).
    #[arg(long)]
    pub code: Option<String>,
    /// Order: by relevance, or by position in the corpus.
    #[arg(long, value_enum, default_value_t = OrderArg::Relevance)]
    pub order: OrderArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrderArg {
    Relevance,
    Position,
}

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Rebuild the search index from the project.
    Rebuild {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
    },
}
