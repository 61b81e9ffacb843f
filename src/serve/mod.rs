//! `corsim serve`: a companion server that plays every origin of a scenario,
//! so that a real browser can run it.
//!
//! One process listens for plain HTTP and for HTTPS (on 127.0.0.1 by default)
//! and answers by the request's scheme and `Host`, so that, with every host
//! name mapped to loopback in the browser, it is `app.example.com`,
//! `api.example.com` and whatever else the scenario names at once. A request
//! gets, in this order:
//!
//! 0. a 403 when its `Host` is neither one of the companion's own names
//!    (loopback, `localhost`, `*.localhost`, on the port it was reached on)
//!    nor a host the active scenario names, and for a control call from
//!    another site or on a played host ([`guard`] says why);
//! 1. the control API, for any path under `/__corsim/` on the companion's
//!    own names ([`control`]): load a scenario, read and clear the request log;
//!
//! then ([`route::route`]):
//!
//! 2. the page that runs the scenario's `fetch()` (a version-2 document's
//!    requests, in turn), for a navigation to the scenario's page URL or to
//!    another page a request comes from ([`page`]);
//! 3. the scenario's scripted answer, for any other request to a host the
//!    scenario names: the first `server` entry that matches and has not
//!    answered its `times` in this run, decided by the core's own matcher,
//!    written with exactly its status and headers, or none at all for an
//!    entry with `fail` ([`fail`]); 404 with no headers when none matches
//!    (`scenario-v1.md`);
//! 4. the built app from `--dist`, for the companion's own names the
//!    scenario does not name.
//!
//! Exactly the declared headers: a header the server added would change what
//! the script can read. `Content-Length` is a CORS-safelisted response header
//! and every header is readable on a same-origin response, so an added
//! `Content-Length: 0`, `Date`, `Connection` or `Transfer-Encoding` would make
//! the browser disagree with the verdict for reasons of our own making. hyper
//! is told not to add `Date`; a scripted answer is an HTTP/1.0 response whose
//! body has no known length, which hyper delimits by closing the connection,
//! writing neither `Content-Length` nor `Transfer-Encoding` (HTTP/1.1 would
//! make it chunk, and keep-alive off would make it add `Connection: close`).
//! That is what the harness that recorded `tests/observed` did by hand.
//! Header names go out in title case (`Access-Control-Allow-Origin`), as
//! scenarios write them and most HTTP/1 servers send them, not in hyper's
//! lower case: Firefox counts repeated `Access-Control-Allow-Origin` headers
//! by their name as received, case and all, so two lower-case ones would
//! reach its check joined into one value and get another console line. An
//! answer that cannot have a body (204, 304, or to `HEAD`) ends with its
//! head and leaves the connection open; being HTTP/1.0 without keep-alive,
//! the browser does not reuse it.
//!
//! HTTPS certificates come from a local CA made on first use and kept in
//! `--cert-dir` ([`tls`]); each host name gets its own leaf, made when a
//! browser first asks for it, so any scenario loaded later is covered too.
//!
//! Every request is logged with all its headers ([`log`]): one line on
//! standard error, and an entry in the log the control API returns.

mod answer;
mod content;
mod control;
mod fail;
mod files;
mod guard;
mod log;
mod page;
mod route;
mod tls;

use std::collections::BTreeSet;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};

use corsim_core::scenario::{Fail, Scenario, ScenarioError, Timeline};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

use answer::Body;
pub use route::Scheme;

/// A scenario document (version 1 or 2) with the name it is listed and
/// selected by.
#[derive(Clone, Debug)]
pub struct NamedScenario {
    pub name: String,
    pub timeline: Timeline,
}

/// What `corsim serve` was asked to do.
#[derive(Clone, Debug)]
pub struct Config {
    /// The address every listener binds; loopback unless told otherwise.
    pub address: IpAddr,
    /// Port for plain HTTP; 0 picks a free one.
    pub http_port: u16,
    /// Port for HTTPS; 0 picks a free one.
    pub https_port: u16,
    /// The built web app, served to hosts no scenario names.
    pub dist: PathBuf,
    /// Scenarios loaded at start; the first is the active one.
    pub scenarios: Vec<NamedScenario>,
    /// Where the local CA is kept (made on first use).
    pub cert_dir: PathBuf,
}

/// The default `--cert-dir`: `$XDG_CACHE_HOME/corsim/serve`, else
/// `~/.cache/corsim/serve`, else `corsim-serve` under the temporary directory.
pub fn default_cert_dir() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|d| !d.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        });
    match cache {
        Some(dir) => dir.join("corsim").join("serve"),
        None => std::env::temp_dir().join("corsim-serve"),
    }
}

/// The one line that says what is wrong with a scenario: its first problem
/// and how many more there are.
pub fn describe_errors(errors: &[ScenarioError]) -> String {
    let first = errors.first().map(ToString::to_string).unwrap_or_default();
    match errors.len() {
        0 | 1 => first,
        n => format!("{first} (and {} more)", n - 1),
    }
}

/// Runs the server until SIGINT or SIGTERM.
pub fn run(config: Config) -> Result<(), String> {
    // One thread is plenty for a browser's handful of connections, and keeps
    // the log in the order requests arrive.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    runtime.block_on(serve(config))
}

/// A scenario the server can play, with what routing needs precomputed.
struct Loaded {
    name: String,
    timeline: Timeline,
    /// Each request's scenario, in order: its page, that request, the server.
    scenarios: Vec<Scenario>,
    /// Host names the scenario's URLs name: requests to them get scripted answers.
    hosts: BTreeSet<String>,
    /// How many requests each `server` entry has answered in this run of the
    /// scenario, which loading it or opening it (`/__corsim/open`) starts:
    /// an entry with `times` that has answered that many is passed over, as
    /// the core counts them.
    uses: Vec<u32>,
}

impl Loaded {
    fn new(name: String, timeline: Timeline) -> Loaded {
        let scenarios = timeline.scenarios();
        Loaded {
            name,
            hosts: route::hosts(&scenarios),
            uses: vec![0; timeline.server.len()],
            scenarios,
            timeline,
        }
    }
}

struct State {
    loaded: Vec<Loaded>,
    active: Option<usize>,
    log: log::Log,
    /// Every (scheme, port) listened on, so that a scenario's own ports are bound once.
    bound: BTreeSet<(Scheme, u16)>,
}

impl State {
    fn active(&self) -> Option<&Loaded> {
        self.active.and_then(|i| self.loaded.get(i))
    }

    fn active_mut(&mut self) -> Option<&mut Loaded> {
        self.active.and_then(|i| self.loaded.get_mut(i))
    }
}

struct Server {
    address: IpAddr,
    /// The ports listened on for http and https, as `GET /__corsim/hello` reports them.
    ports: (u16, u16),
    dist: PathBuf,
    tls: TlsAcceptor,
    /// For a server entry with `fail: tls`: certificates no browser trusts.
    untrusted_tls: TlsAcceptor,
    ca_file: PathBuf,
    pages: page::PageDir,
    state: Mutex<State>,
}

impl Server {
    fn state(&self) -> MutexGuard<'_, State> {
        // A handler that panicked cannot leave the state half-changed in a way
        // that matters here: keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let certs = tls::Certs::load_or_create(&config.cert_dir, config.address)?;
    let ca_file = certs.ca_file().to_path_buf();
    let tls = TlsAcceptor::from(tls::server_config(Arc::new(certs))?);
    let untrusted_tls = TlsAcceptor::from(tls::server_config(Arc::new(tls::Certs::untrusted(
        config.address,
    )?))?);
    let http = bind(
        config.address,
        config.http_port,
        Scheme::Http,
        "--http-port",
    )
    .await?;
    let https = bind(
        config.address,
        config.https_port,
        Scheme::Https,
        "--https-port",
    )
    .await?;
    let http_addr = local_addr(&http)?;
    let https_addr = local_addr(&https)?;

    let server = Arc::new(Server {
        address: config.address,
        ports: (http_addr.port(), https_addr.port()),
        dist: config.dist.clone(),
        tls,
        untrusted_tls,
        ca_file,
        pages: page::PageDir::new(),
        state: Mutex::new(State {
            loaded: Vec::new(),
            active: None,
            log: log::Log::default(),
            bound: [
                (Scheme::Http, http_addr.port()),
                (Scheme::Https, https_addr.port()),
            ]
            .into_iter()
            .collect(),
        }),
    });
    // Scenarios first, so that whoever reads the address below finds the
    // first one answering.
    let mut active = None;
    for named in config.scenarios {
        let index = server.load(named.name, named.timeline);
        if active.is_none() {
            active = Some(activate(&server, index).await);
        }
    }
    tokio::spawn(accept(server.clone(), http, Scheme::Http));
    tokio::spawn(accept(server.clone(), https, Scheme::Https));

    println!(
        "corsim serve: listening on http://{http_addr} (http) and https://{https_addr} (https)"
    );
    println!(
        "corsim serve: HTTPS certificates are signed by the local CA {}",
        server.ca_file.display()
    );
    println!(
        "corsim serve: the app from {}/ for hosts no scenario names; control API under /__corsim/",
        config.dist.display()
    );
    // Live mode ("Run it for real", crates/app/src/live/mod.rs) works in the app opened from here.
    println!("corsim serve: open the app at http://{http_addr}/ to run scenarios for real");
    match active {
        Some(Ok(active)) => println!(
            "corsim serve: active scenario {}: open {}",
            active.name, active.page_url
        ),
        Some(Err(e)) => eprintln!("corsim serve: warning: {e}"),
        None => {}
    }

    shutdown_signal().await;
    println!("corsim serve: stopped");
    Ok(())
}

async fn bind(
    address: IpAddr,
    port: u16,
    scheme: Scheme,
    option: &str,
) -> Result<TcpListener, String> {
    let at = SocketAddr::new(address, port);
    TcpListener::bind(at).await.map_err(|e| {
        format!(
            "cannot listen on {at} for {}: {e}; choose another port with {option} \
             (ports below 1024 need root, or a private network namespace: `unshare -n`)",
            scheme.as_str()
        )
    })
}

fn local_addr(listener: &TcpListener) -> Result<SocketAddr, String> {
    listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))
}

async fn shutdown_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = async {
            match term.as_mut() {
                Some(term) => { term.recv().await; }
                None => std::future::pending::<()>().await,
            }
        } => {}
    }
}

/// Accepts connections for ever. Boxed with its type spelled out: accepting
/// leads to handling, handling a control call can bind a scenario's port,
/// and binding spawns another `accept`, a cycle the compiler cannot check
/// for `Send` through opaque `async fn` types.
fn accept(
    server: Arc<Server>,
    listener: TcpListener,
    scheme: Scheme,
) -> Pin<Box<dyn Future<Output = ()> + Send>> {
    Box::pin(async move {
        loop {
            match listener.accept().await {
                Ok((stream, _peer)) => {
                    let server = server.clone();
                    tokio::spawn(async move {
                        // Which address and port the client reached decides
                        // which names are the companion's own (see `guard`).
                        let Ok(local) = stream.local_addr() else {
                            return;
                        };
                        let reached = guard::Reached { scheme, local };
                        // Nagle would hold back the last bytes of an answer for nothing.
                        let _ = stream.set_nodelay(true);
                        match scheme {
                            Scheme::Http => connection(server, TokioIo::new(stream), reached).await,
                            Scheme::Https => https(server, stream, reached).await,
                        }
                    });
                }
                Err(e) => {
                    // Out of file descriptors, typically: wait rather than spin.
                    eprintln!("corsim serve: cannot accept a connection: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        }
    })
}

/// An https connection: TLS with the local CA's certificate for the name
/// the client asks for, unless a server entry for that host fails below
/// HTTP ([`fail`]).
async fn https(server: Arc<Server>, stream: TcpStream, reached: guard::Reached) {
    let host = fail::peek_server_name(&stream).await;
    let failed = host.as_deref().and_then(|host| {
        server
            .state()
            .active_mut()
            .and_then(|loaded| fail::at_connection(loaded, Scheme::Https, host))
    });
    let tls = match failed {
        Some(Fail::Refused | Fail::Dns) => {
            // Dropped with SO_LINGER 0, the socket sends a reset, not a FIN.
            let _ = stream.set_zero_linger();
            eprintln!(
                "corsim serve: connection to {} reset before TLS (the scenario's server fails with `{}`)",
                host.unwrap_or_default(),
                failed.map_or("", Fail::as_str)
            );
            return;
        }
        Some(Fail::Tls) => &server.untrusted_tls,
        _ => &server.tls,
    };
    match tls.accept(stream).await {
        Ok(stream) => connection(server, TokioIo::new(stream), reached).await,
        Err(e) => eprintln!("corsim serve: TLS handshake failed: {e}"),
    }
}

async fn connection<I>(server: Arc<Server>, io: TokioIo<I>, reached: guard::Reached)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |request: Request<Incoming>| {
        let server = server.clone();
        async move {
            match server.handle(request, reached).await {
                Reply::Answer(response) => Ok(response),
                // hyper closes a connection whose service fails, writing nothing.
                Reply::Drop => Err(Dropped),
            }
        }
    });
    // A browser closing a connection it no longer needs is no news.
    let _ = http1::Builder::new()
        .auto_date_header(false)
        // Names as scenarios spell them (see the module's documentation).
        .title_case_headers(true)
        .serve_connection(io, service)
        .await;
}

/// What `activate` reports: the scenario's name and the URL to open.
struct Active {
    name: String,
    page_url: String,
}

impl Server {
    /// Adds (or replaces, by name) a scenario; returns its index.
    fn load(&self, name: String, timeline: Timeline) -> usize {
        let loaded = Loaded::new(name, timeline);
        let mut state = self.state();
        match state.loaded.iter().position(|l| l.name == loaded.name) {
            Some(i) => {
                state.loaded[i] = loaded;
                i
            }
            None => {
                state.loaded.push(loaded);
                state.loaded.len() - 1
            }
        }
    }

    async fn handle(self: Arc<Self>, request: Request<Incoming>, reached: guard::Reached) -> Reply {
        let scheme = reached.scheme;
        let (parts, body) = request.into_parts();
        let target = route::request_url(scheme, &parts);
        let headers: Vec<(String, Vec<u8>)> = parts
            .headers
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), v.as_bytes().to_vec()))
            .collect();
        let method = parts.method.as_str().to_string();
        let is_control = control::is_control(parts.uri.path());

        // Decided before the body is read and before anything is routed,
        // logged or done: a refused request leaves no trace but its line on
        // standard error.
        let played = target
            .as_ref()
            .ok()
            .and_then(|url| url.host_str())
            .is_some_and(|host| {
                self.state()
                    .active()
                    .is_some_and(|loaded| loaded.hosts.contains(host))
            });
        let admitted = guard::check(&reached, target.as_ref().ok(), played, is_control, &headers);
        if let Err(refusal) = admitted {
            log::print_refused(&method, &target, &headers, &refusal.reason());
            return Reply::Answer(refusal.response());
        }

        let body_bytes = answer::read_body(body).await;
        if is_control {
            let response = control::handle(&self, &method, &parts.uri, body_bytes.data).await;
            log::print_control(&method, &target, &headers, response.status().as_u16());
            return Reply::Answer(response);
        }

        let decided = {
            let mut state = self.state();
            match state.active_mut() {
                Some(loaded) => {
                    match route::route(Some(loaded), &method, target.as_ref().ok(), &headers) {
                        route::Route::Page => Some((
                            answer::page(&page::html(&loaded.timeline)),
                            "page".to_string(),
                            None,
                        )),
                        route::Route::Scripted(scripted) => {
                            let answer = match scripted.entry {
                                Some(i) => {
                                    loaded.uses[i] += 1;
                                    format!("server[{i}]")
                                }
                                None => "unmatched".to_string(),
                            };
                            Some((answer::scripted(&method, &scripted), answer, scripted.fail))
                        }
                        route::Route::App => None,
                    }
                }
                None => match route::route(None, &method, target.as_ref().ok(), &headers) {
                    route::Route::Scripted(scripted) => Some((
                        answer::scripted(&method, &scripted),
                        "unmatched".to_string(),
                        None,
                    )),
                    _ => None,
                },
            }
        };
        // The app's files are read with the state unlocked.
        let (response, answer, fail) = decided.unwrap_or_else(|| {
            (
                files::serve(
                    &self.dist,
                    parts.uri.path(),
                    parts
                        .headers
                        .get(hyper::header::ACCEPT_ENCODING)
                        .map(|v| v.as_bytes()),
                ),
                "app".to_string(),
                None,
            )
        });
        let mut entry = log::entry(
            scheme,
            &method,
            match &target {
                Ok(url) => url.as_str().to_string(),
                Err(raw) => raw.clone(),
            },
            &headers,
            body_bytes.len,
            answer,
            response.status().as_u16(),
        );
        if let Some(fail) = fail {
            entry.status = 0;
            entry.fail = Some(fail.as_str().to_string());
        }
        let entry = self.state().log.push(entry);
        eprintln!("{}", log::line(&entry));
        match fail {
            Some(fail) => fail::after_request(fail).await,
            None => Reply::Answer(response),
        }
    }
}

/// What a request gets: an answer, or (a server entry's `fail`) none, the
/// connection being dropped.
enum Reply {
    Answer(Response<Body>),
    Drop,
}

/// Why hyper is told to drop a connection without answering.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the scenario's server gives no response")
    }
}

impl std::error::Error for Dropped {}

/// Makes a loaded scenario the one that answers: writes its page when that
/// is a `file:` page, and listens on the ports its URLs name besides 80 and 443.
async fn activate(server: &Arc<Server>, index: usize) -> Result<Active, String> {
    let (name, timeline, scenarios) = {
        let state = server.state();
        let loaded = &state.loaded[index];
        (
            loaded.name.clone(),
            loaded.timeline.clone(),
            loaded.scenarios.clone(),
        )
    };
    // A page no browser can open leaves the active scenario as it was.
    let page_url = server.pages.open_url(&timeline)?;
    server.state().active = Some(index);
    for (scheme, port) in route::ports(&scenarios) {
        if !server.state().bound.insert((scheme, port)) {
            continue;
        }
        match bind(server.address, port, scheme, "a scenario URL").await {
            Ok(listener) => {
                eprintln!(
                    "corsim serve: also listening on {}:{port} ({}), a port the scenario names",
                    server.address,
                    scheme.as_str()
                );
                tokio::spawn(accept(server.clone(), listener, scheme));
            }
            Err(e) => eprintln!("corsim serve: warning: {e}"),
        }
    }
    Ok(Active { name, page_url })
}
