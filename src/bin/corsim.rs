//! The `corsim` command line: the decision core, natively.

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use corsim_core::scenario::Scenario;

/// A CORS simulator: what a browser does with a cross-origin fetch().
#[derive(Parser)]
#[command(name = "corsim", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decide a scenario and print the verdict.
    Check {
        /// Print the verdict as JSON (the contract's format).
        #[arg(long)]
        json: bool,
        /// The scenario file, or - for standard input.
        file: String,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("corsim: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Check { json, file } => {
            let text = read(&file)?;
            let scenario = Scenario::from_json(&text).map_err(|errors| {
                let more = match errors.len() {
                    0 | 1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                let first = errors.first().map(ToString::to_string).unwrap_or_default();
                format!("{file}: {first}{more}")
            })?;
            let verdict = corsim_core::evaluate(&scenario);
            if json {
                println!("{}", verdict.to_json());
            } else {
                print!("{}", corsim::report::render(&scenario, &verdict));
            }
            Ok(())
        }
    }
}

/// The file's text, or standard input's for `-`.
fn read(file: &str) -> Result<String, String> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("standard input: {e}"))?;
        Ok(text)
    } else {
        std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))
    }
}
