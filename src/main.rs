//! The `gloss` binary: parse the command line, run it, print one error line.

use gloss::cli::Parsed;
use std::io::Write;

fn main() -> std::process::ExitCode {
    let cli = match gloss::cli::parse(std::env::args_os().collect()) {
        Parsed::Run(cli) => *cli,
        Parsed::Print(text) => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            return std::process::ExitCode::SUCCESS;
        }
        Parsed::Fail(line) => {
            eprintln!("error: {line}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match gloss::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "error: {}",
                gloss::core::sanitize::one_line(&format!("{e:#}"))
            );
            std::process::ExitCode::FAILURE
        }
    }
}

/// Output cut short by the reader (`gloss docs P | head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
