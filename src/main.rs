//! The `corsim` command line: the decision core, natively, and `corsim
//! serve`, the companion server that plays a scenario for a real browser.

mod serve;

use std::io::Read;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use corsim_app::draft::Draft;
use corsim_app::server_config::{self, Framework};
use corsim_core::browser::Browser;
use corsim_core::scenario::{ScenarioError, Timeline};
use serve::NamedScenario;

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
        /// Whose decision to print. The contract's verdict is Chromium's;
        /// `firefox` and `webkit` print the same fields as Firefox ESR 153
        /// and WebKit (Safari 26) decide them (the wire, outcome, status and
        /// readable headers), which is what the agreement suite compares
        /// with those browsers. `console` holds Chromium's and Firefox's
        /// lines either way.
        #[arg(long, value_enum, default_value_t = BrowserArg::Chromium)]
        browser: BrowserArg,
        /// The verdict format: 1 (the default for a version-1 scenario), or
        /// 2 (the default for a version-2 one), every browser's decision for
        /// every request side by side, WebKit's console lines included.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=2), default_value_t = 1)]
        verdict: u32,
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
    /// Print curl commands that send exactly the requests the browser sends
    /// (preflight, request, redirects), with a guide to reading their output.
    Curl {
        /// Print the page's fetch() call instead, as JavaScript.
        #[arg(long, conflicts_with = "json")]
        fetch: bool,
        /// Print commands (with their arguments), guide and fetch() as JSON.
        #[arg(long)]
        json: bool,
        /// The scenario file, or - for standard input.
        file: String,
    },
    /// Print the server configuration that answers as the scenario's server
    /// does. Exits with 3, saying why, when the framework cannot.
    Config {
        /// express, flask, django, spring, nginx, axum or go.
        #[arg(long, value_parser = parse_framework)]
        framework: Framework,
        /// The scenario file, or - for standard input.
        file: String,
    },
    /// Make a scenario from what a developer has: a console error, a HAR,
    /// raw response headers, a fetch() call or a curl command. Prints the
    /// scenario (version 1) on standard output; what was guessed, what the
    /// other candidates are, and notes on standard error.
    Import {
        /// console, har, headers, fetch or curl.
        #[arg(value_enum)]
        kind: ImportKind,
        /// List the scenarios the input makes (a HAR's requests, a console
        /// line's candidates) on standard output instead, one a line.
        #[arg(long)]
        list: bool,
        /// Which of them to print, from 0 [default: a HAR's first failing
        /// request, a console line's most likely candidate].
        #[arg(long)]
        index: Option<usize>,
        /// har only: print all its cross-origin requests as one version-2
        /// timeline, each at the time it started.
        #[arg(long, conflicts_with_all = ["list", "index"])]
        timeline: bool,
        /// The file, or - for standard input.
        file: String,
    },
    /// Play every origin of a scenario, so that a real browser can run it.
    ///
    /// Serves the scenario's page, which runs its fetch(); answers every
    /// other request to a host the scenario names as its `server` list says
    /// (404 with no headers when nothing matches), over HTTP and HTTPS; logs
    /// every request with all its headers on standard error. Map every host
    /// name to this server in the browser (Chromium:
    /// --host-resolver-rules="MAP * 127.0.0.1"). The control API is under
    /// /__corsim/ on its own names (loopback, localhost, *.localhost), for
    /// its own pages and the command line only.
    Serve {
        /// Address to listen on. Anything but loopback lets other machines
        /// load scenarios and read the log.
        #[arg(long, default_value = "127.0.0.1")]
        address: IpAddr,
        /// Port for http: URLs (0: any free port). Scenario URLs without a
        /// port mean 80.
        #[arg(long, default_value_t = 80)]
        http_port: u16,
        /// Port for https: URLs (0: any free port). Scenario URLs without a
        /// port mean 443.
        #[arg(long, default_value_t = 443)]
        https_port: u16,
        /// The built web app, served to hosts no scenario names.
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        /// A scenario file, or a directory of them (`*.verdict.json` left
        /// out); repeatable. The first one answers until another is chosen at
        /// /__corsim/.
        #[arg(long = "scenario", value_name = "FILE|DIR")]
        scenarios: Vec<PathBuf>,
        /// Where the local CA that signs the HTTPS certificates is kept, made
        /// on first use [default: $XDG_CACHE_HOME/corsim/serve]
        #[arg(long)]
        cert_dir: Option<PathBuf>,
    },
}

/// What `import` reads.
#[derive(Clone, Copy, ValueEnum)]
enum ImportKind {
    Console,
    Har,
    Headers,
    Fetch,
    Curl,
}

/// The browsers `check --browser` can decide as.
#[derive(Clone, Copy, ValueEnum)]
enum BrowserArg {
    Chromium,
    Firefox,
    Webkit,
}

impl From<BrowserArg> for Browser {
    fn from(browser: BrowserArg) -> Browser {
        match browser {
            BrowserArg::Chromium => Browser::Chromium,
            BrowserArg::Firefox => Browser::Firefox,
            BrowserArg::Webkit => Browser::WebKit,
        }
    }
}

/// Why `run` failed: bad input (exit 2), or a server configuration that the
/// framework asked for cannot express (exit 3).
enum Failure {
    Input(String),
    Unsupported(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Input(message)
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => {
            eprintln!("corsim: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Unsupported(message)) => {
            eprintln!("corsim: {message}");
            ExitCode::from(3)
        }
    }
}

fn parse_framework(name: &str) -> Result<Framework, String> {
    Framework::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Framework::ALL.iter().map(|f| f.name()).collect();
        format!("one of {}", names.join(", "))
    })
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Check {
            json,
            browser,
            verdict: format,
            file,
        } => {
            let text = read(&file)?;
            let timeline = Timeline::from_json(&text).map_err(|e| invalid(&file, &e))?;
            // A version-2 document gets the version-2 verdict, as does any
            // with `--verdict 2`.
            if timeline.version >= 2 || format == 2 {
                let verdict = corsim_core::evaluate_timeline(&timeline);
                if json {
                    println!("{}", verdict.to_json());
                } else {
                    print!(
                        "{}",
                        corsim_app::report::render_timeline(&timeline, &verdict)
                    );
                }
                return Ok(());
            }
            let scenario = timeline.into_single().map_err(|e| invalid(&file, &e))?;
            // The report for a person shows every browser's lines whatever
            // the format.
            let verdict = corsim_core::evaluate_for(&scenario, browser.into());
            if json {
                println!("{}", verdict.to_json());
            } else {
                print!("{}", corsim_app::report::render(&scenario, &verdict));
            }
            Ok(())
        }
        Command::Link { base, file } => {
            let text = read(&file)?;
            let draft = Draft::from_json(&text).map_err(|e| invalid(&file, &e))?;
            // A link the app would refuse to open is no link.
            let length = corsim_app::permalink::encode(&draft).len();
            if length > corsim_app::permalink::MAX_LEN {
                return Err(format!(
                    "{file}: the scenario is too big for a link ({length} bytes; a link holds at most {})",
                    corsim_app::permalink::MAX_LEN
                )
                .into());
            }
            println!("{}", corsim_app::permalink::link(&base, &draft));
            Ok(())
        }
        Command::Curl { fetch, json, file } => {
            let text = read(&file)?;
            let timeline = Timeline::from_json(&text).map_err(|e| invalid(&file, &e))?;
            if timeline.needs_version_2() {
                if fetch {
                    return Err(format!(
                        "{file}: --fetch prints one fetch() call; this document has version-2 requests"
                    )
                    .into());
                }
                let requests: Vec<_> = corsim_core::evaluate_timeline_each(&timeline)
                    .into_iter()
                    .map(|(scenario, [chromium, ..])| (scenario, chromium))
                    .collect();
                if json {
                    println!("{}", corsim_app::curl::timeline_to_json(&requests));
                } else {
                    print!("{}", corsim_app::curl::render_timeline(&requests));
                }
                return Ok(());
            }
            let draft = Draft::from_json(&text).map_err(|e| invalid(&file, &e))?;
            let scenario = draft.scenario().map_err(|e| invalid(&file, &e))?;
            let verdict = corsim_core::evaluate(&scenario);
            if fetch {
                print!("{}", corsim_app::fetch_call::fetch_call(&draft));
            } else if json {
                println!("{}", corsim_app::curl::to_json(&draft, &scenario, &verdict));
            } else {
                print!("{}", corsim_app::curl::render(&scenario, &verdict));
            }
            Ok(())
        }
        Command::Config { framework, file } => {
            let text = read(&file)?;
            let timeline = Timeline::from_json(&text).map_err(|e| invalid(&file, &e))?;
            // Each request as a fresh browser sends it: what the server must
            // answer does not depend on what a cache spared it.
            let requests: Vec<_> = timeline
                .scenarios()
                .into_iter()
                .map(|scenario| {
                    let verdict = corsim_core::evaluate(&scenario);
                    (scenario, verdict)
                })
                .collect();
            let config = server_config::generate_timeline(framework, &timeline, &requests)
                .map_err(|u| Failure::Unsupported(format!("{}: {}", framework.label(), u.why)))?;
            print!("{}", config.text);
            Ok(())
        }
        Command::Import {
            kind,
            list,
            index,
            timeline,
            file,
        } => {
            if timeline {
                har_timeline(kind, &file)
            } else {
                import(kind, list, index, &file)
            }
        }
        Command::Serve {
            address,
            http_port,
            https_port,
            dist,
            scenarios,
            cert_dir,
        } => Ok(serve::run(serve::Config {
            address,
            http_port,
            https_port,
            dist,
            scenarios: read_scenarios(&scenarios)?,
            cert_dir: cert_dir.unwrap_or_else(serve::default_cert_dir),
        })?),
    }
}

/// `corsim import`: the scenarios the input makes, labelled; the one chosen
/// printed with its guesses and notes.
fn import(kind: ImportKind, list: bool, index: Option<usize>, file: &str) -> Result<(), Failure> {
    use corsim_app::import::{self, Kind};
    let text = read(file)?;
    let kind = match kind {
        ImportKind::Console => Kind::Console,
        ImportKind::Har => Kind::Har,
        ImportKind::Headers => Kind::Headers,
        ImportKind::Fetch => Kind::Fetch,
        ImportKind::Curl => Kind::Curl,
    };
    let import::Choices {
        scenarios: made,
        chosen: default,
        mut notes,
        // `--timeline` prints it.
        ..
    } = import::run(kind, &text).map_err(|e| Failure::Input(format!("{file}: {e}")))?;
    if list {
        for (i, (label, _)) in made.iter().enumerate() {
            println!("{i}\t{label}");
        }
        return Ok(());
    }
    let chosen = index.unwrap_or(default);
    let Some((label, imported)) = made.get(chosen) else {
        return Err(format!(
            "{file}: no scenario {chosen}; the input makes {} (--list lists them)",
            made.len()
        )
        .into());
    };
    imported
        .draft
        .scenario()
        .map_err(|e| invalid(&format!("{file}: the scenario made"), &e))?;
    println!("{}", imported.draft.to_json());
    if made.len() > 1 {
        notes.insert(
            0,
            format!(
                "scenario {chosen} of {} ({label}); --list lists them, --index N prints another",
                made.len()
            ),
        );
    }
    for note in notes.iter().chain(&imported.notes) {
        eprintln!("corsim: note: {note}");
    }
    for guess in &imported.guesses {
        eprintln!("corsim: {guess}");
    }
    Ok(())
}

/// `corsim import har --timeline`: every cross-origin request of the HAR as
/// one version-2 document, validated before it is printed.
fn har_timeline(kind: ImportKind, file: &str) -> Result<(), Failure> {
    if !matches!(kind, ImportKind::Har) {
        return Err(format!("{file}: --timeline is for a HAR").into());
    }
    let text = read(file)?;
    let har = corsim_app::import::har::import(&text)
        .map_err(|e| Failure::Input(format!("{file}: {e}")))?;
    let doc = har.timeline();
    Timeline::from_value(&doc).map_err(|e| invalid(&format!("{file}: the timeline made"), &e))?;
    println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    for note in &har.notes {
        eprintln!("corsim: note: {note}");
    }
    Ok(())
}

/// The scenarios in the files and directories given, in that order (each
/// directory's sorted by name), named by their file names; every one must
/// be valid.
fn read_scenarios(paths: &[PathBuf]) -> Result<Vec<NamedScenario>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries =
                std::fs::read_dir(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| {
                    let name = p.to_string_lossy();
                    name.ends_with(".json") && !name.ends_with(".verdict.json")
                })
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let mut named: Vec<NamedScenario> = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        let text = read(&shown)?;
        let timeline = Timeline::from_json(&text).map_err(|e| invalid(&shown, &e))?;
        let stem = Path::new(&file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown.clone());
        let mut name = stem.clone();
        let mut n = 1;
        while named.iter().any(|s| s.name == name) {
            n += 1;
            name = format!("{stem}-{n}");
        }
        named.push(NamedScenario { name, timeline });
    }
    Ok(named)
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
/// The most a scenario file may hold, in bytes: eight times the longest link
/// (2 MB), and a bound on what a file can make corsim read and parse.
const MAX_FILE: u64 = 16 * 1024 * 1024;

fn read(file: &str) -> Result<String, String> {
    let (name, reader): (&str, Box<dyn Read>) = if file == "-" {
        ("standard input", Box::new(std::io::stdin()))
    } else {
        let opened = std::fs::File::open(file).map_err(|e| format!("{file}: {e}"))?;
        (file, Box::new(opened))
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: {e}"))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(format!(
            "{name}: more than {MAX_FILE} bytes; a scenario file holds at most 16 MiB"
        ));
    }
    String::from_utf8(bytes).map_err(|_| format!("{name}: stream did not contain valid UTF-8"))
}
