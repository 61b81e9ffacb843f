//! The `corsim` command line: the decision core, natively.

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use corsim::draft::Draft;
use corsim_core::scenario::{Scenario, ScenarioError};

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
    /// Print the permalink that opens a scenario in the web app.
    Link {
        /// Where the web app is served; its own fragment, if any, is replaced.
        #[arg(long, default_value = "http://127.0.0.1:8080/")]
        base: String,
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
            let scenario = Scenario::from_json(&text).map_err(|e| invalid(&file, &e))?;
            let verdict = corsim_core::evaluate(&scenario);
            if json {
                println!("{}", verdict.to_json());
            } else {
                print!("{}", corsim::report::render(&scenario, &verdict));
            }
            Ok(())
        }
        Command::Link { base, file } => {
            let text = read(&file)?;
            let draft = Draft::from_json(&text).map_err(|e| invalid(&file, &e))?;
            println!("{}", corsim::permalink::link(&base, &draft));
            Ok(())
        }
    }
}

/// The one line for a scenario that is not valid: its first problem, and a count.
fn invalid(file: &str, errors: &[ScenarioError]) -> String {
    let more = match errors.len() {
        0 | 1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let first = errors.first().map(ToString::to_string).unwrap_or_default();
    format!("{file}: {first}{more}")
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
