//! Carrying out each command: call `ops`, print the result.

use super::{BenchCommand, Cli, Command, FormatArg, ImportArgs, ParticipantsCommand};
use crate::core::sanitize::one_line;
use crate::core::time::format_time;
use crate::core::{text, SourceFormat};
use crate::formats::FormatChoice;
use crate::ops::project::PassphraseSource as _;
use crate::ops::{self, import::ImportOptions};
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// `println!` that reports a closed pipe (`gloss docs P | head`) as an error
/// instead of panicking; `main` exits quietly on it.
macro_rules! outln {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*)?
    };
}

/// Runs the parsed command line; a database error is said in the user's
/// words, naming the project (busy, disk full, read-only, damaged).
pub fn run(cli: Cli) -> anyhow::Result<()> {
    run_command(cli).map_err(|e| match ops::project::explain(e.as_ref()) {
        Some(said) => anyhow::anyhow!(said),
        None => e,
    })
}

fn run_command(cli: Cli) -> anyhow::Result<()> {
    let session = super::session::start(cli.passphrase_file.clone());
    let source = &session.source;
    let (config, warnings) = ops::config::load(&session.dirs);
    for w in warnings {
        eprintln!("warning: config {w}");
    }
    let coder = cli.coder.as_deref().or(config.coder.as_deref());
    match cli.command {
        None => match cli.project {
            Some(project) => {
                // An encrypted project with no passphrase given asks for
                // it on a screen of its own; with no terminal, one line.
                let store = if ops::project::is_encrypted(&project)
                    && !source.given()
                    && std::io::stdin().is_terminal()
                {
                    crate::tui::open_encrypted(
                        &ops::project::Project::new(&project, None, session.dirs.clone()),
                        coder,
                    )?
                } else {
                    super::session::open(&project, coder)?
                };
                crate::tui::run(store)
            }
            None => {
                // No project: show help, as most users arrive here first.
                let mut cmd = <Cli as clap::CommandFactory>::command();
                outln!("{}", cmd.render_help());
                Ok(())
            }
        },
        Some(Command::Init { project, encrypt }) => {
            let coder = coder.unwrap_or("default");
            let store = if encrypt {
                if project.exists() {
                    anyhow::bail!("{}: already exists", project.display());
                }
                let key = source.new_key(&project).map_err(anyhow::Error::msg)?;
                ops::project::create(
                    &ops::project::Project::new(&project, Some(key), session.dirs.clone()),
                    coder,
                )?
            } else {
                ops::project::create(
                    &ops::project::Project::new(&project, None, session.dirs.clone()),
                    coder,
                )?
            };
            outln!(
                "created {}{} (coder: {})",
                project.display(),
                if encrypt { ", encrypted" } else { "" },
                one_line(&store.current_coder()?)
            );
            Ok(())
        }
        Some(Command::Encrypt { project }) => {
            if !project.is_file() {
                anyhow::bail!("{}: no such project", project.display());
            }
            if ops::project::is_encrypted(&project) {
                anyhow::bail!(
                    "{}: is already encrypted (to change its passphrase: gloss rekey)",
                    project.display()
                );
            }
            let key = source.new_key(&project).map_err(anyhow::Error::msg)?;
            ops::project::encrypt(
                &ops::project::Project::new(&project, None, session.dirs.clone()),
                &key,
            )?;
            outln!("encrypted {}", project.display());
            Ok(())
        }
        Some(Command::Decrypt { project }) => {
            ops::project::decrypt(&super::session::locate(&project)?)?;
            outln!("decrypted {}: it is now a plain file", project.display());
            Ok(())
        }
        Some(Command::Rekey { project }) => {
            if !ops::project::is_encrypted(&project) {
                anyhow::bail!(
                    "{}: is not encrypted (to encrypt it: gloss encrypt)",
                    project.display()
                );
            }
            // The old passphrase first (a wrong one is said before a new
            // one is asked for).
            let handle = super::session::locate(&project)?;
            ops::project::check(&handle)?;
            let key = super::passphrase::rekey_key(&project).map_err(anyhow::Error::msg)?;
            ops::project::rekey(&handle, &key)?;
            outln!("changed the passphrase of {}", project.display());
            Ok(())
        }
        Some(Command::Import(args)) => import(args, coder),
        Some(Command::Coder { project, name }) => coder_command(&project, name.as_deref()),
        Some(Command::Check { project, json }) => check_command(&project, json),
        Some(Command::Copy {
            project,
            out,
            force,
        }) => {
            let who = cli.coder.as_deref().ok_or_else(|| {
                anyhow::anyhow!(
                    "copy: name the coder who gets the copy: gloss copy {} {} --coder NAME",
                    project.display(),
                    out.display()
                )
            })?;
            let store = super::session::open(&project, None)?;
            let their = super::passphrase::their_keys(&cli.their_passphrase_file)
                .map_err(anyhow::Error::msg)?;
            if their.len() > 1 {
                anyhow::bail!(
                    "copy: the copy takes one passphrase of its own; {} were given (GLOSS_THEIR_PASSPHRASE, --their-passphrase-file)",
                    their.len()
                );
            }
            ops::project::copy(&store, &out, who, force, their.first())?;
            outln!(
                "copied {} to {} for coder {} (readable by you only); merge it back with `gloss merge {} {}`",
                project.display(),
                out.display(),
                one_line(who),
                project.display(),
                out.display()
            );
            Ok(())
        }
        Some(Command::Docs(args)) => match args.command {
            Some(cmd) => super::text::docs_command(cmd, coder),
            None => {
                let project = args.project.ok_or_else(|| {
                    anyhow::anyhow!("docs: a PROJECT is required (see `gloss docs --help`)")
                })?;
                docs(&project, args.json)
            }
        },
        Some(Command::Edit(args)) => super::text::edit(args, coder),
        Some(Command::History { project, doc, json }) => super::text::history(&project, &doc, json),
        Some(Command::Review { project, json }) => super::text::review(&project, json),
        Some(Command::Turns(args)) => super::text::turns(args, coder),
        Some(Command::Show { project, doc, json }) => show(&project, &doc, json),
        Some(Command::Transcript(super::TranscriptCommand::Export {
            project,
            doc,
            format,
            output,
            force,
        })) => {
            let store = super::session::open(&project, None)?;
            let r = ops::transcript::export(&store, &doc, format.into(), &output, force)?;
            outln!(
                "wrote {} ({}, {}, {} with a time) to {}",
                one_line(&r.document),
                r.format,
                crate::core::plural::count(r.turns, "turn"),
                r.timed,
                one_line(&r.out.display().to_string())
            );
            Ok(())
        }
        Some(Command::Participants(args)) => match args.command {
            Some(ParticipantsCommand::Set {
                project,
                doc,
                speaker,
                pairs,
            }) => {
                let mut store = super::session::open(&project, coder)?;
                ops::participants::set(&mut store, &doc, &speaker, &pairs)?;
                Ok(())
            }
            Some(ParticipantsCommand::Rename {
                project,
                doc,
                old,
                new,
            }) => super::text::rename_speaker(&project, &doc, &old, &new, coder),
            Some(ParticipantsCommand::Import { project, file }) => {
                let mut store = super::session::open(&project, coder)?;
                let n = ops::participants::import_csv(&mut store, &file)?;
                outln!("updated the attributes of {n} participants");
                Ok(())
            }
            None => {
                let project = args.project.ok_or_else(|| {
                    anyhow::anyhow!(
                        "participants: a PROJECT is required (see `gloss participants --help`)"
                    )
                })?;
                participants(&project, args.doc.as_deref(), args.json)
            }
        },
        Some(Command::Codings(cmd)) => super::codings::run(cmd, coder),
        Some(Command::Search(args)) => super::search::run(args),
        Some(Command::Index(cmd)) => super::search::index(cmd),
        Some(Command::Codebook(cmd)) => super::codebook::run(cmd, coder),
        Some(Command::Export(args)) => super::export::run(args, coder),
        Some(Command::Bench(BenchCommand::Search {
            files,
            words,
            encrypted,
        })) => {
            outln!("{}", ops::search::bench::run(files, words, encrypted)?);
            Ok(())
        }
        Some(Command::Bench(BenchCommand::Export { excerpts })) => {
            outln!(
                "{}",
                ops::export::bench::run(excerpts, &mut |m| eprintln!("bench: {m}"))?
            );
            Ok(())
        }
        Some(Command::Bench(BenchCommand::Transcribe { seconds })) => {
            let (config, warnings) = ops::config::load(&session.dirs);
            for w in warnings {
                eprintln!("warning: {w}");
            }
            let extra = crate::player::args::extra_args(&config.mpv_args)
                .map_err(|e| anyhow::anyhow!(e))?;
            outln!("{}", crate::player::bench::transcribe(seconds, &extra)?);
            outln!(
                "{}",
                crate::tui::bench::typing_while_playing(seconds.min(30), 20_000, &extra)?
            );
            Ok(())
        }
        Some(Command::Bench(BenchCommand::Edit {
            lines,
            codings,
            edits,
            width,
            height,
        })) => {
            outln!(
                "{}",
                crate::tui::bench::edit(lines, codings, edits, width, height)?
            );
            Ok(())
        }
        Some(Command::Bench(BenchCommand::Viewer {
            lines,
            long_line,
            width,
            height,
        })) => {
            outln!(
                "{}",
                crate::tui::bench::viewer(lines, long_line, width, height)?
            );
            Ok(())
        }
        Some(Command::Agreement(args)) => super::agreement::agreement(args),
        Some(Command::Merge(args)) => {
            let their = super::passphrase::their_keys(&cli.their_passphrase_file)
                .map_err(anyhow::Error::msg)?;
            super::agreement::merge(args, coder, &their)
        }
        Some(Command::Analysis(cmd)) => super::analysis::run(cmd),
        Some(Command::Bench(BenchCommand::Analysis {
            files,
            words,
            codings,
            runs,
            project,
        })) => {
            let dir = tempfile_dir()?;
            let r = ops::analysis::bench::run(
                &dir,
                project.as_deref(),
                files,
                words,
                codings,
                runs,
                &mut |m| eprintln!("bench: {m}"),
            );
            let _ = std::fs::remove_dir_all(&dir);
            outln!("{}", r?);
            Ok(())
        }
        Some(Command::Refi(cmd)) => super::refi::run(cmd, coder),
        Some(Command::Bench(BenchCommand::Agreement {
            documents,
            chars,
            coders,
            codes,
            runs,
        })) => {
            let dir = tempfile_dir()?;
            let r = ops::agreement::bench::run(&dir, documents, chars, coders, codes, runs);
            let _ = std::fs::remove_dir_all(&dir);
            outln!("{}", r?);
            Ok(())
        }
        Some(Command::Bench(BenchCommand::Refi {
            documents,
            codings,
            comments,
        })) => {
            let dir = tempfile_dir()?;
            let r = ops::refi::bench::run(&dir, documents, codings, comments, &mut |m| {
                eprintln!("bench: {m}")
            });
            let _ = std::fs::remove_dir_all(&dir);
            outln!("{}", r?);
            Ok(())
        }
        Some(Command::Media { project, doc, file }) => {
            let mut store = super::session::open(&project, coder)?;
            match file {
                Some(file) => {
                    let (name, path) = ops::transcribe::link(&mut store, &doc, &file)?;
                    outln!(
                        "{}: recording {}",
                        one_line(&name),
                        one_line(&path.display().to_string())
                    );
                }
                None => {
                    let id = ops::documents::resolve(&store, &doc)?;
                    match ops::transcribe::media_of(&store, &id)? {
                        Some(p) => outln!("{}", one_line(&p.display().to_string())),
                        None => outln!(
                            "{}: no recording linked (gloss media PROJECT DOC FILE)",
                            one_line(&doc)
                        ),
                    }
                }
            }
            store.close()?;
            Ok(())
        }
        Some(Command::Transcribe {
            project,
            media,
            name,
            draft,
            asr,
            language,
            no_tui,
            json,
        }) => {
            let mut store = super::session::open(&project, coder)?;
            let source = match (&draft, &asr) {
                (Some(f), _) => ops::transcribe::Source::Draft(f),
                (None, Some(c)) => ops::transcribe::Source::Asr {
                    command: c,
                    language: language.as_deref(),
                },
                (None, None) => ops::transcribe::Source::Empty,
            };
            let t = ops::transcribe::transcribe(&mut store, &media, name.as_deref(), source)?;
            if no_tui {
                if json {
                    outln!("{}", serde_json::to_string_pretty(&t)?);
                } else {
                    outln!("{}", one_line(&t.name));
                }
                store.close()?;
                Ok(())
            } else {
                crate::tui::run_transcribing(store, &crate::core::DocumentId(t.document.clone()))
            }
        }
        Some(Command::Demo { no_tui }) => {
            let demo = ops::demo::demo_project(&session.dirs)?;
            let path = demo.path();
            let mut store = ops::demo::ensure(&demo, &mut |msg| eprintln!("demo: {msg}"))?;
            store.set_session_coder(coder);
            if no_tui {
                outln!("{}", path.display());
                Ok(())
            } else {
                crate::tui::run(store)
            }
        }
    }
}

/// `gloss check PROJECT`: the problems on stdout, then one error line.
fn check_command(project: &Path, json: bool) -> anyhow::Result<()> {
    let r = ops::project::check(&super::session::locate(project)?)?;
    if json {
        outln!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        for p in &r.problems {
            outln!("{}", one_line(p));
        }
    }
    if r.problems.is_empty() {
        if !json {
            outln!(
                "{}: ok — integrity and foreign keys checked; {}, {}, {}, {}",
                project.display(),
                crate::core::plural::count(r.documents, "document"),
                crate::core::plural::count(r.turns, "turn"),
                crate::core::plural::count(r.codings, "coding"),
                crate::core::plural::count(r.codes, "code")
            );
        }
        Ok(())
    } else {
        anyhow::bail!(
            "{}: {} found (listed above); restore a copy, or ask for help with the list",
            project.display(),
            crate::core::plural::count(r.problems.len(), "problem")
        )
    }
}

/// `gloss coder PROJECT [NAME]`.
fn coder_command(project: &Path, name: Option<&str>) -> anyhow::Result<()> {
    let mut store = super::session::open(project, None)?;
    if let Some(name) = name {
        let before = ops::project::set_coder(&mut store, name)?;
        outln!(
            "{}: the current coder is now {} (was {})",
            project.display(),
            one_line(name.trim()),
            one_line(&before)
        );
        return Ok(());
    }
    let (current, coders) = ops::project::coders(&store)?;
    outln!("current coder: {}", one_line(&current));
    for (k, n) in coders {
        outln!(
            "  {:<20} {}",
            one_line(&k),
            crate::core::plural::count_as(n, "coding", "codings")
        );
    }
    Ok(())
}

fn import(args: ImportArgs, coder: Option<&str>) -> anyhow::Result<()> {
    let mut store = super::session::open(&args.project, coder)?;
    let opts = ImportOptions {
        format: match args.format {
            FormatArg::Auto => FormatChoice::Auto,
            FormatArg::Text => FormatChoice::Fixed(SourceFormat::Text),
            FormatArg::Plain => FormatChoice::Fixed(SourceFormat::Plain),
            FormatArg::Vtt => FormatChoice::Fixed(SourceFormat::Vtt),
            FormatArg::Srt => FormatChoice::Fixed(SourceFormat::Srt),
            FormatArg::WhisperJson => FormatChoice::Fixed(SourceFormat::WhisperJson),
            FormatArg::Docx => FormatChoice::Fixed(SourceFormat::Docx),
            FormatArg::Otr => FormatChoice::Fixed(SourceFormat::Otr),
            FormatArg::Noscribe => FormatChoice::Fixed(SourceFormat::NoScribe),
        },
        name: args.name,
        language: args.language,
        draft: args.draft,
    };
    if let Some(doc) = &args.replace {
        return reimport(&mut store, &args.files, doc, &opts, args.json);
    }
    let show_progress = std::io::stderr().is_terminal() && args.files.len() > 1;
    let mut progress = |done: usize, total: usize, file: &Path| {
        if show_progress {
            let mut err = std::io::stderr();
            if done < total {
                let _ = write!(
                    err,
                    "\rreading {}/{}: {:<50}",
                    done + 1,
                    total,
                    one_line(&file.display().to_string())
                );
            } else {
                let _ = write!(err, "\r{:<80}\r", "");
            }
            let _ = err.flush();
        }
    };
    let report = ops::import::import_files(&mut store, &args.files, &opts, &mut progress)?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    for d in &report.imported {
        outln!(
            "imported {} as {:?}: {}, {}, {}, {} turns, {} speakers",
            d.path.display(),
            one_line(&d.name),
            d.format,
            d.encoding,
            d.language,
            d.segments,
            d.speakers
        );
        for w in &d.warnings {
            outln!("  warning: {}", one_line(w));
        }
    }
    for s in &report.skipped {
        outln!(
            "skipped {}: already in the project as {:?}",
            s.path.display(),
            one_line(&s.existing)
        );
    }
    for n in &report.not_transcripts {
        outln!(
            "left out {}: {}",
            one_line(&n.path.display().to_string()),
            n.hint
        );
    }
    outln!(
        "{} imported, {} skipped{}",
        report.imported.len(),
        report.skipped.len(),
        if report.not_transcripts.is_empty() {
            String::new()
        } else {
            format!(", {} not transcripts", report.not_transcripts.len())
        }
    );
    Ok(())
}

fn reimport(
    store: &mut ops::Store,
    files: &[std::path::PathBuf],
    doc: &str,
    opts: &ImportOptions,
    json: bool,
) -> anyhow::Result<()> {
    let [file] = files else {
        anyhow::bail!("--replace takes exactly one file (the corrected transcript)");
    };
    if opts.name.is_some() {
        anyhow::bail!("--replace keeps the document's name: leave out --name");
    }
    let r = ops::reimport::reimport(store, file, doc, opts)?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "document": r.document,
                "revision": r.revision,
                "codings_kept": r.codings_kept,
                "codings_moved": r.codings_moved,
                "codings_review": r.codings_review,
                "review": r.review,
                "hunks": r.hunks,
                "removed_chars": r.removed_chars,
                "inserted_chars": r.inserted_chars,
                "turns_changed": r.turns_changed,
            }))?
        );
        return Ok(());
    }
    if r.hunks == 0 && r.turns_changed == 0 {
        outln!(
            "{} is the same as {:?}: nothing changed (revision {})",
            file.display(),
            one_line(&r.document),
            r.revision
        );
        return Ok(());
    }
    outln!(
        "re-imported {} over {:?} as revision {}: {} changed places ({} characters removed, {} inserted), {} turns changed",
        file.display(),
        one_line(&r.document),
        r.revision,
        r.hunks,
        r.removed_chars,
        r.inserted_chars,
        r.turns_changed
    );
    outln!(
        "codings: {} kept, {} moved with their words, {} to review (gloss review)",
        r.codings_kept,
        r.codings_moved,
        r.codings_review.len()
    );
    for c in &r.review {
        match &c.after {
            Some(after) => outln!(
                "  {}: {:?} is now {:?}",
                c.coding.0,
                one_line(&c.before),
                one_line(after)
            ),
            None => outln!("  {}: {:?} was deleted", c.coding.0, one_line(&c.before)),
        }
    }
    Ok(())
}

fn docs(project: &Path, json: bool) -> anyhow::Result<()> {
    let store = super::session::open(project, None)?;
    let docs = ops::documents::list(&store)?;
    if json {
        let v: Vec<_> = docs
            .iter()
            .map(|d| {
                json!({"id": d.id, "name": d.name, "chars": d.chars, "segments": d.segments,
                       "speakers": d.speakers, "language": d.language})
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    outln!(
        "{:<40} {:>4} {:>9} {:>6} {:>8}  speakers",
        "name",
        "lang",
        "chars",
        "turns",
        "format"
    );
    for d in &docs {
        outln!(
            "{:<40} {:>4} {:>9} {:>6} {:>8}  {}",
            one_line(&d.name),
            d.language,
            d.chars,
            d.segments,
            d.source_format,
            one_line(&d.speakers.join(", "))
        );
    }
    Ok(())
}

fn show(project: &Path, doc: &str, json: bool) -> anyhow::Result<()> {
    let store = super::session::open(project, None)?;
    let id = ops::documents::resolve(&store, doc)?;
    let loaded = ops::documents::load(&store, &id)?;
    if json {
        let segs: Vec<_> = loaded
            .segments
            .iter()
            .map(|s| json!({"speaker": s.speaker, "start": s.range.start, "end": s.range.end, "time_ms": s.time_ms}))
            .collect();
        let v = json!({"id": loaded.document.id, "name": loaded.document.name,
                       "text": loaded.document.text, "segments": segs});
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    let text_ = &loaded.document.text;
    for s in &loaded.segments {
        let time = s.time_ms.map(format_time).unwrap_or_default();
        outln!(
            "{:>8}  {:<20} {}",
            time,
            one_line(s.speaker.as_deref().unwrap_or("")),
            one_line(text::char_slice(text_, s.range))
        );
    }
    Ok(())
}

fn participants(project: &Path, doc: Option<&str>, json: bool) -> anyhow::Result<()> {
    let store = super::session::open(project, None)?;
    let doc_id = doc
        .map(|d| ops::documents::resolve(&store, d))
        .transpose()?;
    let people = ops::participants::list(&store, doc_id.as_ref())?;
    let names: std::collections::HashMap<_, _> = ops::documents::list(&store)?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    if json {
        let v: Vec<_> = people
            .iter()
            .map(|p| {
                json!({"document": names.get(&p.document), "document_id": p.document,
                       "speaker": p.name, "attributes": p.attributes})
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    for p in &people {
        let attrs: Vec<String> = p
            .attributes
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        outln!(
            "{:<36} {:<24} {}",
            one_line(names.get(&p.document).map_or("", String::as_str)),
            one_line(&p.name),
            one_line(&attrs.join(" "))
        );
    }
    Ok(())
}

/// A fresh private directory for a benchmark's generated project.
fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("gloss-bench-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir(&dir)?;
    Ok(dir)
}
