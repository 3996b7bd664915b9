//! The `gloss` binary: parse the command line, run it, print one error line.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = gloss::cli::Cli::parse();
    match gloss::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "error: {}",
                gloss::core::sanitize::one_line(&format!("{e:#}"))
            );
            std::process::ExitCode::FAILURE
        }
    }
}
