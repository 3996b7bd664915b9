//! Reading the command line so that every failure is one line and exit 1
//! (clap's own errors are several lines and exit 2), and a mistyped command
//! gets "did you mean" instead of "no such project".

use super::Cli;
use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use std::ffi::OsString;

/// What the command line asks for.
pub enum Parsed {
    Run(Box<Cli>),
    /// Help or version text, printed as it is, exit 0.
    Print(String),
    /// One line for stderr (without `error: `), exit 1.
    Fail(String),
}

/// Parses `args` (the program name first).
pub fn parse(args: Vec<OsString>) -> Parsed {
    if let Some(msg) = mistyped_command(&args) {
        return Parsed::Fail(msg);
    }
    match Cli::try_parse_from(&args) {
        Ok(cli) => Parsed::Run(Box::new(cli)),
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                Parsed::Print(e.render().to_string())
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let path = command_path(&args);
                let mut cmd = Cli::command();
                for name in &path {
                    match cmd.find_subcommand(name) {
                        Some(c) => cmd = c.clone(),
                        None => break,
                    }
                }
                let subs: Vec<String> = cmd
                    .get_subcommands()
                    .map(|c| c.get_name().to_string())
                    .collect();
                Parsed::Fail(format!(
                    "gloss {}: say what to do: {} (see `gloss {} --help`)",
                    path.join(" "),
                    subs.join(", "),
                    path.join(" ")
                ))
            }
            _ => Parsed::Fail(one_line(&e.render().to_string(), &args)),
        },
    }
}

/// The names of the subcommands, with their aliases.
fn command_names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .flat_map(|c| {
            std::iter::once(c.get_name().to_string()).chain(c.get_all_aliases().map(String::from))
        })
        .collect()
}

/// `gloss expor …` or `gloss agreemnt lead.gloss`: the first word is no
/// command and no existing file, but close to a command's name.
fn mistyped_command(args: &[OsString]) -> Option<String> {
    let first = args.get(1)?.to_str()?;
    if first.starts_with('-') || std::path::Path::new(first).exists() {
        return None;
    }
    let names = command_names();
    if names.iter().any(|n| n == first) {
        return None;
    }
    let looks_like_a_path = first.contains('/') || first.contains('.');
    let best = names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(first, n), n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 3) || (first.len() >= 3 && n.starts_with(first)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.clone());
    match best {
        Some(n) if !looks_like_a_path => Some(format!(
            "no command `{}`; did you mean `{n}`? (gloss --help lists them)",
            crate::core::sanitize::one_line(first)
        )),
        _ => None,
    }
}

/// The (sub)command names at the start of `args`: `["codings", "add"]`.
fn command_path(args: &[OsString]) -> Vec<String> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    for a in args.iter().skip(1) {
        let Some(a) = a.to_str() else { break };
        match cmd.find_subcommand(a) {
            Some(c) => {
                out.push(a.to_string());
                cmd = c.clone();
            }
            None => break,
        }
    }
    out
}

/// clap's message in one line: its error line, any tip, and where to look.
fn one_line(rendered: &str, args: &[OsString]) -> String {
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ")
        .to_string();
    let tips: Vec<&str> = lines.filter(|l| l.starts_with("tip:")).collect();
    let path = command_path(args);
    let command = if path.is_empty() {
        "gloss --help".to_string()
    } else {
        format!("gloss {} --help", path.join(" "))
    };
    let mut out = first;
    for t in tips {
        out.push_str("; ");
        out.push_str(t);
    }
    out.push_str(&format!(" (see `{command}`)"));
    crate::core::sanitize::one_line(&out)
}
