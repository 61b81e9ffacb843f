//! `corsim serve`, the real binary, on free ports of 127.0.0.1: it writes a
//! scripted answer exactly (read back as raw bytes: no header of its own),
//! answers anything else 404 with no headers, speaks HTTPS with a certificate
//! from the local CA it makes on first use and keeps, serves the built app,
//! logs every request with all its headers, listens on loopback by default,
//! and turns a bad scenario away with one clear line.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};

/// A directory of its own under the temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "corsim-serve-test-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        TempDir(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running `corsim serve`, stopped on drop.
struct Served {
    child: Child,
    http: u16,
    https: u16,
    listening: String,
    stderr: Arc<Mutex<String>>,
}

impl Served {
    /// Starts it on free ports with `args` added, and waits until it listens.
    fn start(cert_dir: &Path, args: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_corsim"))
            .args([
                "serve",
                "--http-port",
                "0",
                "--https-port",
                "0",
                "--cert-dir",
            ])
            .arg(cert_dir)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("corsim serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut all = sink.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut listening = String::new();
        out.read_line(&mut listening)
            .expect("a line on standard output");
        // Keep draining standard output so that the server never blocks on it.
        std::thread::spawn(move || for _ in out.lines() {});
        let port = |scheme: &str| -> u16 {
            let after = listening
                .split(&format!("{scheme}://"))
                .nth(1)
                .unwrap_or_else(|| panic!("no {scheme} address in {listening:?}"));
            let addr = after.split_whitespace().next().unwrap();
            addr.rsplit(':').next().unwrap().parse().unwrap()
        };
        Served {
            http: port("http"),
            https: port("https"),
            listening: listening.clone(),
            child,
            stderr,
        }
    }

    /// Standard error so far, once it holds `want` (or after 5 s).
    fn stderr_with(&self, want: &str) -> String {
        let until = Instant::now() + Duration::from_secs(5);
        loop {
            let text = self.stderr.lock().unwrap().clone();
            if text.contains(want) || Instant::now() > until {
                return text;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    /// SIGTERM, as a person's Ctrl-C would, so that it cleans up after
    /// itself; SIGKILL should it not stop within 2 s.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let until = Instant::now() + Duration::from_secs(2);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `request` as is and returns every byte of the answer: up to the end
/// of its head when its status allows no body (the connection then stays
/// open, as HTTP/1 allows), else until the server closes the connection.
fn raw(port: u16, request: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream
            .read(&mut chunk)
            .expect("the answer ends, with the connection or with a bodiless head");
        if n == 0 {
            return bytes;
        }
        bytes.extend_from_slice(&chunk[..n]);
        let head_done = bytes.windows(4).any(|w| w == b"\r\n\r\n");
        let bodiless = bytes.get(9..12).is_some_and(|s| s == b"204" || s == b"304");
        if head_done && bodiless {
            return bytes;
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The body of an HTTP/1.1 answer with `Connection: close`.
fn body(bytes: &[u8]) -> String {
    let text = text(bytes);
    text.split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default()
}

const SCENARIO: &str = r#"{
  "version": 1,
  "title": "A preflighted PUT",
  "page": "http://app.example.com/edit",
  "request": {"url": "http://api.example.com/items/1", "method": "PUT",
              "headers": [["X-Token", "1"]]},
  "server": [
    {"method": "OPTIONS", "status": 204,
     "headers": [["Access-Control-Allow-Origin", "http://app.example.com"],
                 ["Access-Control-Allow-Methods", "PUT"],
                 ["Access-Control-Allow-Headers", "X-Token"]]},
    {"status": 201,
     "headers": [["Access-Control-Allow-Origin", "http://app.example.com"],
                 ["X-Id", "1"], ["X-Id", "2"], ["Content-Type", "application/json"]]},
    {"url": "https://secure.example.com/data", "status": 200,
     "headers": [["Access-Control-Allow-Origin", "*"]]}
  ]
}"#;

#[test]
fn a_scripted_answer_is_exactly_its_status_and_headers() {
    let dir = TempDir::new();
    let scenario = dir.write("put.json", SCENARIO);
    let served = Served::start(
        &dir.0.join("certs"),
        &["--scenario", scenario.to_str().unwrap()],
    );

    let preflight = raw(
        served.http,
        "OPTIONS /items/1 HTTP/1.1\r\nHost: api.example.com\r\nOrigin: http://app.example.com\r\n\
         Access-Control-Request-Method: PUT\r\n\r\n",
    );
    assert_eq!(
        text(&preflight),
        "HTTP/1.0 204 No Content\r\n\
         Access-Control-Allow-Origin: http://app.example.com\r\n\
         Access-Control-Allow-Methods: PUT\r\n\
         Access-Control-Allow-Headers: X-Token\r\n\r\n",
        "no Date, no Content-Length, no Connection: only the scenario's headers, \
         named in title case, and a head that ends the answer"
    );

    let main = raw(
        served.http,
        "PUT /items/1 HTTP/1.1\r\nHost: api.example.com\r\nOrigin: http://app.example.com\r\n\
         X-Token: 1\r\nContent-Length: 0\r\n\r\n",
    );
    assert_eq!(
        text(&main),
        "HTTP/1.0 201 Created\r\n\
         Access-Control-Allow-Origin: http://app.example.com\r\n\
         X-Id: 1\r\nX-Id: 2\r\n\
         Content-Type: application/json\r\n\r\n",
        "a repeated header is sent repeated, and the body ends with the connection"
    );
}

#[test]
fn anything_unmatched_is_a_404_with_no_headers() {
    let dir = TempDir::new();
    let scenario = dir.write("put.json", SCENARIO);
    let served = Served::start(
        &dir.0.join("certs"),
        &["--scenario", scenario.to_str().unwrap()],
    );
    for request in [
        // The entry without a method answers any method but OPTIONS, at the request's URL.
        "GET /items/2 HTTP/1.1\r\nHost: api.example.com\r\n\r\n",
        // The OPTIONS entry has no URL of its own: the request's.
        "OPTIONS /items/2 HTTP/1.1\r\nHost: api.example.com\r\nOrigin: http://app.example.com\r\n\r\n",
        // Another host the scenario names.
        "DELETE /items/1 HTTP/1.1\r\nHost: secure.example.com\r\n\r\n",
        // The page's origin is the scenario's too.
        "GET /favicon.ico HTTP/1.1\r\nHost: app.example.com\r\n\r\n",
    ] {
        assert_eq!(
            text(&raw(served.http, request)),
            "HTTP/1.0 404 Not Found\r\n\r\n",
            "{request:?}"
        );
    }
}

#[test]
fn the_page_runs_the_scenarios_fetch() {
    let dir = TempDir::new();
    let scenario = dir.write("put.json", SCENARIO);
    let served = Served::start(
        &dir.0.join("certs"),
        &["--scenario", scenario.to_str().unwrap()],
    );
    let page = raw(
        served.http,
        "GET /edit HTTP/1.1\r\nHost: app.example.com\r\nSec-Fetch-Dest: document\r\nConnection: close\r\n\r\n",
    );
    assert!(
        text(&page).starts_with("HTTP/1.1 200 OK\r\n"),
        "{}",
        text(&page)
    );
    let html = body(&page);
    assert!(
        html.contains(r#""url":"http://api.example.com/items/1""#),
        "{html}"
    );
    assert!(html.contains(r#""method":"PUT""#), "{html}");
    assert!(html.contains("window.__corsimResult"), "{html}");
}

#[test]
fn https_works_with_a_certificate_from_the_local_ca_kept_across_runs() {
    let dir = TempDir::new();
    let scenario = dir.write("put.json", SCENARIO);
    let certs = dir.0.join("certs");
    let request =
        "GET /data HTTP/1.1\r\nHost: secure.example.com\r\nOrigin: https://app.example.com\r\n\r\n";
    let want = "HTTP/1.0 200 OK\r\nAccess-Control-Allow-Origin: *\r\n\r\n";

    let served = Served::start(&certs, &["--scenario", scenario.to_str().unwrap()]);
    let ca = std::fs::read(certs.join("ca.pem")).expect("the CA was made on first use");
    assert_eq!(
        text(&https(served.https, &ca, "secure.example.com", request)),
        want
    );
    drop(served);

    // A second run keeps the CA, so a browser told to trust it once still does.
    let served = Served::start(&certs, &["--scenario", scenario.to_str().unwrap()]);
    assert_eq!(std::fs::read(certs.join("ca.pem")).unwrap(), ca);
    assert_eq!(
        text(&https(served.https, &ca, "secure.example.com", request)),
        want
    );
    let key_mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(certs.join("ca-key.pem"))
            .unwrap()
            .permissions(),
    );
    assert_eq!(key_mode & 0o077, 0, "the CA key is its owner's only");
}

/// A TLS request to `name` on `port` by a client that trusts only `ca_pem`.
fn https(port: u16, ca_pem: &[u8], name: &str, request: &str) -> Vec<u8> {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(ca_pem).expect("ca.pem is a certificate"))
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let server_name = ServerName::try_from(name.to_string()).unwrap();
    let connection = rustls::ClientConnection::new(Arc::new(config), server_name).unwrap();
    let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut tls = rustls::StreamOwned::new(connection, tcp);
    tls.write_all(request.as_bytes())
        .expect("the handshake verifies against the CA");
    let mut bytes = Vec::new();
    match tls.read_to_end(&mut bytes) {
        Ok(_) => {}
        // A peer that closes without close_notify: what was read is the answer.
        Err(e) if e.kind() == ErrorKind::UnexpectedEof => {}
        Err(e) => panic!("reading the answer: {e}"),
    }
    bytes
}

#[test]
fn hosts_no_scenario_names_get_the_built_app() {
    let dir = TempDir::new();
    let dist = dir.0.join("dist");
    dir.write("dist/index.html", "<!doctype html><title>the app</title>");
    let served = Served::start(&dir.0.join("certs"), &["--dist", dist.to_str().unwrap()]);
    let home = raw(
        served.http,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert!(
        text(&home).starts_with("HTTP/1.1 200 OK\r\n"),
        "{}",
        text(&home)
    );
    assert_eq!(body(&home), "<!doctype html><title>the app</title>");
    let missing = raw(
        served.http,
        "GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert!(
        text(&missing).starts_with("HTTP/1.1 404"),
        "{}",
        text(&missing)
    );
}

#[test]
fn every_request_is_logged_with_all_its_headers() {
    let dir = TempDir::new();
    let scenario = dir.write("put.json", SCENARIO);
    let served = Served::start(
        &dir.0.join("certs"),
        &["--scenario", scenario.to_str().unwrap()],
    );
    raw(
        served.http,
        "OPTIONS /items/1 HTTP/1.1\r\nHost: api.example.com\r\nOrigin: http://app.example.com\r\n\
         Access-Control-Request-Method: PUT\r\nX-Probe: \"one\"\r\n\r\n",
    );

    let stderr = served.stderr_with("x-probe");
    assert!(
        stderr.contains(
            "#1 OPTIONS http://api.example.com/items/1 -> 204 server[0] | host: api.example.com \
             | origin: http://app.example.com | access-control-request-method: PUT | x-probe: \"one\""
        ),
        "{stderr}"
    );

    let log = raw(
        served.http,
        "DELETE /__corsim/log HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    let log: serde_json::Value = serde_json::from_str(&body(&log)).expect("the log is JSON");
    let requests = log["requests"].as_array().expect("a list of requests");
    assert_eq!(requests.len(), 1, "{log}");
    assert_eq!(requests[0]["method"], "OPTIONS");
    assert_eq!(requests[0]["url"], "http://api.example.com/items/1");
    assert_eq!(requests[0]["answer"], "server[0]");
    assert_eq!(requests[0]["status"], 204);
    assert_eq!(
        requests[0]["headers"],
        serde_json::json!([
            ["host", "api.example.com"],
            ["origin", "http://app.example.com"],
            ["access-control-request-method", "PUT"],
            ["x-probe", "\"one\""]
        ])
    );

    let again = raw(
        served.http,
        "GET /__corsim/log HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body(&again)).unwrap()["requests"],
        serde_json::json!([]),
        "DELETE cleared the log"
    );
}

#[test]
fn a_scenario_posted_to_the_control_api_answers_from_then_on() {
    let dir = TempDir::new();
    let served = Served::start(&dir.0.join("certs"), &[]);
    let post = |json: &str| {
        let answer = raw(
            served.http,
            &format!(
                "POST /__corsim/scenario?name=mine HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
                 Content-Length: {}\r\n\r\n{json}",
                json.len()
            ),
        );
        let status = text(&answer)[9..12].to_string();
        let value: serde_json::Value = serde_json::from_str(&body(&answer)).unwrap();
        (status, value)
    };

    let (status, value) = post(SCENARIO);
    assert_eq!(status, "200", "{value}");
    assert_eq!(value["name"], "mine");
    assert_eq!(value["page_url"], "http://app.example.com/edit");
    assert!(text(&raw(
        served.http,
        "GET /items/1 HTTP/1.1\r\nHost: api.example.com\r\n\r\n"
    ))
    .starts_with("HTTP/1.0 201 Created\r\n"));

    let file_page = r#"{"version": 1, "page": "file:///home/me/index.html",
        "request": {"url": "https://api.example.com/data"}}"#;
    let (status, value) = post(file_page);
    assert_eq!(status, "200", "{value}");
    let url = value["page_url"].as_str().unwrap();
    let path = url::Url::parse(url).unwrap().to_file_path().unwrap();
    assert!(path.ends_with("home/me/index.html"), "{url}");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("https://api.example.com/data"),
        "a file: page is a real file"
    );

    let (status, value) = post(r#"{"version": 1, "page": "https://a.example/"}"#);
    assert_eq!(status, "400");
    assert_eq!(
        value["error"],
        "scenario: request: missing: the request passed to fetch()"
    );
}

#[test]
fn the_app_finds_the_companion_and_runs_a_mapped_scenario_there() {
    use corsim_app::live::{parse_hello, parse_loaded, OriginMap};

    let dir = TempDir::new();
    let served = Served::start(&dir.0.join("certs"), &[]);
    let hello = raw(
        served.http,
        "GET /__corsim/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(
        parse_hello(&body(&hello)),
        Some(served.http),
        "{}",
        text(&hello)
    );

    // Live mode: the scenario with every origin on `*.localhost` at the http port.
    let draft = corsim_app::draft::Draft::from_json(SCENARIO).unwrap();
    let map = OriginMap::new(&draft.scenario().unwrap(), served.http, "r1").unwrap();
    let json = map.map_draft(&draft).to_json();
    let answer = raw(
        served.http,
        &format!(
            "POST /__corsim/scenario?name=live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
             Content-Length: {}\r\n\r\n{json}",
            json.len()
        ),
    );
    let page = format!(
        "http://app.example.com.http.r1.localhost:{}/edit",
        served.http
    );
    assert_eq!(parse_loaded(&body(&answer)), Ok(page.clone()));

    // The page, framed by the app, and the preflight, by their mapped names.
    let host = |name: &str| format!("{name}.http.r1.localhost:{}", served.http);
    let framed = text(&raw(
        served.http,
        &format!(
            "GET /edit HTTP/1.1\r\nHost: {}\r\nSec-Fetch-Dest: iframe\r\nConnection: close\r\n\r\n",
            host("app.example.com")
        ),
    ));
    assert!(framed.contains("live-result"), "{framed}");
    let preflight = text(&raw(
        served.http,
        &format!(
            "OPTIONS /items/1 HTTP/1.1\r\nHost: {}\r\nOrigin: http://{}\r\n\r\n",
            host("api.example.com"),
            host("app.example.com")
        ),
    ));
    assert!(
        preflight.contains(&format!(
            "\r\nAccess-Control-Allow-Origin: http://{}\r\n",
            host("app.example.com")
        )),
        "{preflight}"
    );
}

#[test]
fn it_listens_on_loopback_by_default() {
    let dir = TempDir::new();
    let served = Served::start(&dir.0.join("certs"), &[]);
    assert!(
        served
            .listening
            .starts_with("corsim serve: listening on http://127.0.0.1:"),
        "{}",
        served.listening
    );
    assert!(
        served.listening.contains(" and https://127.0.0.1:"),
        "{}",
        served.listening
    );
}

#[test]
fn a_bad_scenario_is_turned_away_with_one_clear_line() {
    let dir = TempDir::new();
    let bad = dir.write(
        "bad.json",
        r#"{"version": 1, "page": "https://app.example.com/", "request": {"url": "not a url"}}"#,
    );
    let out = Command::new(env!("CARGO_BIN_EXE_corsim"))
        .args([
            "serve",
            "--http-port",
            "0",
            "--https-port",
            "0",
            "--scenario",
        ])
        .arg(&bad)
        .output()
        .expect("corsim runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "corsim: {}: request.url: \"not a url\" is not a valid absolute URL",
            bad.display()
        )),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "it never started listening");
}
