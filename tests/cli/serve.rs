//! `corsim serve`, the real binary, on free ports of 127.0.0.1: it writes a
//! scripted answer exactly (read back as raw bytes: no header of its own),
//! answers anything else 404 with no headers, speaks HTTPS with a certificate
//! from the local CA it makes on first use and keeps, serves the built app,
//! logs every request with all its headers, listens on loopback by default,
//! refuses other sites and DNS-rebinding pages (see the tests at the end),
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
    try_https(port, ca_pem, name, request).expect("the handshake verifies against the CA")
}

/// [`https`], or the error the handshake or the reading met.
fn try_https(
    port: u16,
    ca_pem: &[u8],
    name: &str,
    request: &str,
) -> Result<Vec<u8>, std::io::Error> {
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
    tls.write_all(request.as_bytes())?;
    let mut bytes = Vec::new();
    match tls.read_to_end(&mut bytes) {
        Ok(_) => {}
        // A peer that closes without close_notify: what was read is the answer.
        Err(e) if e.kind() == ErrorKind::UnexpectedEof => {}
        Err(e) => return Err(e),
    }
    Ok(bytes)
}

#[test]
fn the_companions_own_names_get_the_built_app() {
    let dir = TempDir::new();
    let dist = dir.0.join("dist");
    dir.write("dist/index.html", "<!doctype html><title>the app</title>");
    let served = Served::start(&dir.0.join("certs"), &["--dist", dist.to_str().unwrap()]);
    let home = raw(
        served.http,
        &format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            served.http
        ),
    );
    assert!(
        text(&home).starts_with("HTTP/1.1 200 OK\r\n"),
        "{}",
        text(&home)
    );
    assert_eq!(body(&home), "<!doctype html><title>the app</title>");
    let missing = raw(
        served.http,
        &format!(
            "GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            served.http
        ),
    );
    assert!(
        text(&missing).starts_with("HTTP/1.1 404"),
        "{}",
        text(&missing)
    );
}

/// The value of the header `name` in the head of `answer`, if it has one.
fn header(answer: &[u8], name: &str) -> Option<String> {
    let text = text(answer);
    let head = text.split_once("\r\n\r\n").map_or(&text[..], |(h, _)| h);
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
    })
}

#[test]
fn the_built_app_goes_precompressed_and_hashed_files_are_cached_for_good() {
    let dir = TempDir::new();
    let dist = dir.0.join("dist");
    // A release build's files and the copies scripts/post-build.mjs writes
    // beside them; the server sends a copy as it is, so any bytes will do.
    dir.write("dist/index.html", "the page");
    dir.write("dist/index.html.gz", "the page, gzipped");
    dir.write("dist/index.html.br", "the page, brotli");
    dir.write("dist/corsim-web-d20bac846bb9a68.js", "the loader");
    dir.write(
        "dist/corsim-web-d20bac846bb9a68.js.gz",
        "the loader, gzipped",
    );
    dir.write(
        "dist/corsim-web-d20bac846bb9a68.js.br",
        "the loader, brotli",
    );
    dir.write("dist/style-e9d88f941fab84e6.css", "the style");
    dir.write("dist/style-e9d88f941fab84e6.css.gz", "the style, gzipped");
    dir.write("dist/favicon-b0899444c407d333.svg", "the icon");
    // A copy without its file is no file.
    dir.write("dist/gone-0123456789abcdef.js.gz", "no original");
    let served = Served::start(&dir.0.join("certs"), &["--dist", dist.to_str().unwrap()]);
    let get = |path: &str, accept: Option<&str>| {
        let accept = accept.map_or(String::new(), |a| format!("Accept-Encoding: {a}\r\n"));
        raw(
            served.http,
            &format!(
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{accept}Connection: close\r\n\r\n",
                served.http
            ),
        )
    };
    let chromium = Some("gzip, deflate, br, zstd");
    const IMMUTABLE: &str = "public, max-age=31536000, immutable";

    // (path, Accept-Encoding, body, Content-Encoding, Vary, Cache-Control, Content-Type)
    #[allow(clippy::type_complexity)]
    let cases: [(
        &str,
        Option<&str>,
        &str,
        Option<&str>,
        Option<&str>,
        &str,
        &str,
    ); 10] = [
        (
            "/corsim-web-d20bac846bb9a68.js",
            chromium,
            "the loader, brotli",
            Some("br"),
            Some("Accept-Encoding"),
            IMMUTABLE,
            "text/javascript; charset=utf-8",
        ),
        (
            "/corsim-web-d20bac846bb9a68.js",
            Some("gzip, deflate"),
            "the loader, gzipped",
            Some("gzip"),
            Some("Accept-Encoding"),
            IMMUTABLE,
            "text/javascript; charset=utf-8",
        ),
        (
            "/corsim-web-d20bac846bb9a68.js",
            Some("br;q=0, gzip;q=0.5"),
            "the loader, gzipped",
            Some("gzip"),
            Some("Accept-Encoding"),
            IMMUTABLE,
            "text/javascript; charset=utf-8",
        ),
        (
            "/corsim-web-d20bac846bb9a68.js",
            None,
            "the loader",
            None,
            Some("Accept-Encoding"),
            IMMUTABLE,
            "text/javascript; charset=utf-8",
        ),
        (
            "/corsim-web-d20bac846bb9a68.js",
            Some("identity"),
            "the loader",
            None,
            Some("Accept-Encoding"),
            IMMUTABLE,
            "text/javascript; charset=utf-8",
        ),
        // Only a .gz: brotli is asked for first, gzip is what there is.
        (
            "/style-e9d88f941fab84e6.css",
            chromium,
            "the style, gzipped",
            Some("gzip"),
            Some("Accept-Encoding"),
            IMMUTABLE,
            "text/css; charset=utf-8",
        ),
        // No copy: the file as it is, the same for every browser.
        (
            "/favicon-b0899444c407d333.svg",
            chromium,
            "the icon",
            None,
            None,
            IMMUTABLE,
            "image/svg+xml",
        ),
        // The page is asked again on each visit: it names the current build's files.
        (
            "/",
            chromium,
            "the page, brotli",
            Some("br"),
            Some("Accept-Encoding"),
            "no-cache",
            "text/html; charset=utf-8",
        ),
        (
            "/index.html",
            Some("gzip"),
            "the page, gzipped",
            Some("gzip"),
            Some("Accept-Encoding"),
            "no-cache",
            "text/html; charset=utf-8",
        ),
        (
            "/index.html",
            None,
            "the page",
            None,
            Some("Accept-Encoding"),
            "no-cache",
            "text/html; charset=utf-8",
        ),
    ];
    for (path, accept, want_body, encoding, vary, cache, content_type) in cases {
        let answer = get(path, accept);
        let what = format!(
            "GET {path} with Accept-Encoding {accept:?}:\n{}",
            text(&answer)
        );
        assert!(text(&answer).starts_with("HTTP/1.1 200 OK\r\n"), "{what}");
        assert_eq!(body(&answer), want_body, "{what}");
        assert_eq!(
            header(&answer, "content-encoding").as_deref(),
            encoding,
            "{what}"
        );
        assert_eq!(header(&answer, "vary").as_deref(), vary, "{what}");
        assert_eq!(
            header(&answer, "cache-control").as_deref(),
            Some(cache),
            "{what}"
        );
        assert_eq!(
            header(&answer, "content-type").as_deref(),
            Some(content_type),
            "{what}"
        );
        assert_eq!(
            header(&answer, "content-length"),
            Some(want_body.len().to_string()),
            "{what}"
        );
    }
    let gone = get("/gone-0123456789abcdef.js", chromium);
    assert!(text(&gone).starts_with("HTTP/1.1 404"), "{}", text(&gone));
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
        &format!(
            "DELETE /__corsim/log HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            served.http
        ),
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
        &format!(
            "GET /__corsim/log HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            served.http
        ),
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
                "POST /__corsim/scenario?name=mine HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
                 Content-Length: {}\r\n\r\n{json}",
                json.len(),
                port = served.http,
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
        &format!(
            "GET /__corsim/hello HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            served.http
        ),
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
    // As the app sends it: same-origin, from the page the companion served.
    let answer = raw(
        served.http,
        &format!(
            "POST /__corsim/scenario?name=live HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
             Origin: http://127.0.0.1:{port}\r\nSec-Fetch-Site: same-origin\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
            json.len(),
            port = served.http,
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

// The companion runs on a learner's machine while they browse the web: the
// sites they visit must not drive it, and a DNS-rebinding page must not read
// it. Each attack below is sent as a browser would send it, to the running
// binary, and must be refused and leave no trace; the calls of its own pages
// and of the command line must still work.

/// Request headers, name and value.
type Headers<'a> = [(&'a str, &'a str)];

/// A scenario an attacker would like played: its hosts are the attacker's.
const EVIL: &str = r#"{"version": 1, "page": "https://evil.example/p",
  "request": {"url": "https://evil-api.example/x"}, "server": [{"status": 200}]}"#;

/// A request, `target` being `METHOD PATH`: `headers` go after `Host`; a
/// payload gets its `Content-Length`.
fn request(target: &str, host: &str, headers: &Headers, payload: &str) -> String {
    let mut request = format!("{target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !payload.is_empty() {
        request.push_str(&format!("Content-Length: {}\r\n", payload.len()));
    }
    request.push_str("\r\n");
    request.push_str(payload);
    request
}

/// Sends a `request` to the companion's http port; its status and body.
fn call(port: u16, target: &str, host: &str, headers: &Headers, payload: &str) -> (u16, String) {
    let answer = raw(port, &request(target, host, headers, payload));
    let status = text(&answer)
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {:?}", text(&answer)));
    (status, body(&answer))
}

/// The learner's companion: `put` active, and the one request it played
/// (the preflight) in its log.
struct Victim {
    _dir: TempDir,
    served: Served,
}

impl Victim {
    fn start() -> Victim {
        let dir = TempDir::new();
        let put = dir.write("put.json", SCENARIO);
        let other = dir.write(
            "other.json",
            r#"{"version": 1, "page": "http://other.example/", "request": {"url": "http://other.example/x"}}"#,
        );
        let served = Served::start(
            &dir.0.join("certs"),
            &[
                "--scenario",
                put.to_str().unwrap(),
                "--scenario",
                other.to_str().unwrap(),
            ],
        );
        let victim = Victim { _dir: dir, served };
        let (status, _) = victim.played(
            "OPTIONS /items/1",
            "api.example.com",
            &[
                ("Origin", "http://app.example.com"),
                ("Access-Control-Request-Method", "PUT"),
            ],
        );
        assert_eq!(status, 204);
        victim
    }

    /// `127.0.0.1:PORT`, the companion's own address.
    fn own(&self) -> String {
        format!("127.0.0.1:{}", self.served.http)
    }

    /// A request from the command line: `curl` on loopback, no `Origin`.
    fn curl(&self, target: &str, body: &str) -> (u16, String) {
        call(
            self.served.http,
            target,
            &self.own(),
            &[("User-Agent", "curl/8.5.0"), ("Accept", "*/*")],
            body,
        )
    }

    /// A request to `host`, a name the scenario may play.
    fn played(&self, target: &str, host: &str, headers: &Headers) -> (u16, String) {
        call(self.served.http, target, host, headers, "")
    }

    /// A request as a browser sends it for a page: `headers` are those the
    /// page makes it send, its own or another site's.
    fn browser(&self, target: &str, host: &str, headers: &Headers, body: &str) -> (u16, String) {
        call(self.served.http, target, host, headers, body)
    }

    /// The active scenario's name, asked from the command line.
    fn active(&self) -> String {
        let (status, body) = self.curl("GET /__corsim/scenario", "");
        assert_eq!(status, 200, "{body}");
        json(&body)["name"].as_str().unwrap().to_string()
    }

    /// The log, read (not cleared) from the command line: each entry's method and URL.
    fn log(&self) -> Vec<String> {
        let (status, body) = self.curl("GET /__corsim/log", "");
        assert_eq!(status, 200, "{body}");
        json(&body)["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r["method"].as_str().unwrap(),
                    r["url"].as_str().unwrap()
                )
            })
            .collect()
    }

    /// Nothing the attacks tried happened: `put` is still the one answering,
    /// the attacker's scenario was never loaded nor played, and the log holds
    /// exactly what it held (refused requests are not in it).
    fn untouched(&self, attack: &str) {
        assert_eq!(
            self.active(),
            "put",
            "{attack}: the active scenario changed"
        );
        let (_, index) = self.curl("GET /__corsim/", "");
        assert!(!index.contains("evil"), "{attack}: loaded: {index}");
        assert!(!index.contains("posted"), "{attack}: loaded: {index}");
        let (status, _) = self.played("GET /x", "evil-api.example", &[]);
        assert_eq!(status, 403, "{attack}: the attacker's host is played");
        assert_eq!(
            self.log(),
            ["OPTIONS http://api.example.com/items/1"],
            "{attack}: the log changed"
        );
    }
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: not JSON: {body:?}"))
}

/// A refusal: 403, and one line of JSON saying why.
#[track_caller]
fn assert_refused((status, body): (u16, String), why: &str, attack: &str) {
    assert_eq!(status, 403, "{attack}: {body}");
    assert_eq!(body.lines().count(), 1, "{attack}: {body}");
    let error = json(&body)["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        error.starts_with("refused: ") && error.contains(why),
        "{attack}: {error:?} does not say {why:?}"
    );
}

#[test]
fn a_cross_site_simple_post_loads_nothing_whatever_its_content_type() {
    let victim = Victim::start();
    // (what sends it, its headers, what the refusal names)
    let senders: [(&str, &Headers, &str); 4] = [
        (
            "a browser with Fetch Metadata",
            &[
                ("Origin", "https://evil.example"),
                ("Sec-Fetch-Site", "cross-site"),
                ("Sec-Fetch-Mode", "no-cors"),
            ],
            "https://evil.example",
        ),
        (
            "a browser without Fetch Metadata",
            &[("Origin", "https://evil.example")],
            "https://evil.example",
        ),
        (
            "a sandboxed frame",
            &[("Origin", "null"), ("Sec-Fetch-Site", "cross-site")],
            "Origin: null",
        ),
        (
            "a page on another port of loopback",
            &[
                ("Origin", "http://127.0.0.1:3000"),
                ("Sec-Fetch-Site", "same-site"),
            ],
            "http://127.0.0.1:3000",
        ),
    ];
    for content_type in [
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json",
    ] {
        for (sender, headers, why) in senders {
            let mut headers = headers.to_vec();
            headers.push(("Content-Type", content_type));
            for target in [
                "POST /__corsim/scenario",
                "POST /__corsim/scenario?name=evil",
                "PUT /__corsim/scenario",
            ] {
                let attack = format!("{target} as {content_type} from {sender}");
                assert_refused(
                    victim.browser(target, &victim.own(), &headers, EVIL),
                    why,
                    &attack,
                );
            }
        }
    }
    victim.untouched("the cross-site POSTs");
    let stderr = victim.served.stderr_with("refused PUT");
    assert!(
        stderr.contains("corsim serve: refused POST http://127.0.0.1:"),
        "each refusal is a line on standard error: {stderr}"
    );
}

#[test]
fn a_rebinding_host_is_refused_before_anything_else() {
    let victim = Victim::start();
    let port = victim.served.http;
    // evil.example, rebound to 127.0.0.1: to the browser its calls are
    // same-origin, so it sends what a same-origin page sends.
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        let origin = format!("http://{host}");
        let same_origin = [
            ("Origin", origin.as_str()),
            ("Sec-Fetch-Site", "same-origin"),
        ];
        let read = [("Sec-Fetch-Site", "same-origin")];
        let attacks: [(&str, &Headers, &str); 7] = [
            ("GET /__corsim/log", &read, ""),
            ("DELETE /__corsim/log", &same_origin, ""),
            ("POST /__corsim/scenario?name=evil", &same_origin, EVIL),
            ("GET /__corsim/open?name=other", &read, ""),
            ("GET /__corsim/scenario", &read, ""),
            ("GET /__corsim/", &read, ""),
            // The app is static, but a name the companion does not play gets nothing.
            ("GET /", &read, ""),
        ];
        for (target, headers, body) in attacks {
            let attack = format!("{target} with Host {host}");
            let name = host.split(':').next().unwrap();
            assert_refused(victim.browser(target, &host, headers, body), name, &attack);
        }
    }
    victim.untouched("the rebinding page");
    let stderr = victim.served.stderr_with("refused GET http://evil.example");
    assert!(
        stderr.contains(&format!(
            "corsim serve: refused GET http://evil.example:{port}/__corsim/log -> 403"
        )),
        "{stderr}"
    );
}

#[test]
fn a_cross_site_read_of_the_log_gets_nothing_and_clears_nothing() {
    let victim = Victim::start();
    let own = victim.own();
    for (sender, headers) in [
        (
            "a cors fetch",
            &[
                ("Origin", "https://evil.example"),
                ("Sec-Fetch-Site", "cross-site"),
                ("Sec-Fetch-Mode", "cors"),
            ][..],
        ),
        (
            "a <script src>",
            &[
                ("Sec-Fetch-Site", "cross-site"),
                ("Sec-Fetch-Dest", "script"),
            ][..],
        ),
        (
            "a browser without Fetch Metadata",
            &[("Origin", "https://evil.example")][..],
        ),
    ] {
        for target in [
            "GET /__corsim/log",
            "DELETE /__corsim/log",
            "OPTIONS /__corsim/log",
        ] {
            let answer = victim.browser(target, &own, headers, "");
            assert!(
                !answer.1.contains("api.example.com"),
                "{target} from {sender}: the log leaked: {}",
                answer.1
            );
            assert_refused(answer, "refused", &format!("{target} from {sender}"));
        }
    }
    victim.untouched("the cross-site log reads");
}

#[test]
fn a_cross_site_navigation_to_open_switches_nothing() {
    let victim = Victim::start();
    let own = victim.own();
    for (sender, headers) in [
        (
            "a link or window.open",
            &[
                ("Sec-Fetch-Site", "cross-site"),
                ("Sec-Fetch-Mode", "navigate"),
                ("Sec-Fetch-Dest", "document"),
            ][..],
        ),
        (
            "an iframe",
            &[
                ("Sec-Fetch-Site", "cross-site"),
                ("Sec-Fetch-Mode", "navigate"),
                ("Sec-Fetch-Dest", "iframe"),
            ][..],
        ),
        (
            "an <img>",
            &[
                ("Sec-Fetch-Site", "cross-site"),
                ("Sec-Fetch-Mode", "no-cors"),
                ("Sec-Fetch-Dest", "image"),
            ][..],
        ),
        (
            "a form POST",
            &[
                ("Origin", "https://evil.example"),
                ("Sec-Fetch-Site", "cross-site"),
            ][..],
        ),
    ] {
        let attack = format!("GET /__corsim/open from {sender}");
        assert_refused(
            victim.browser("GET /__corsim/open?name=other", &own, headers, ""),
            "refused",
            &attack,
        );
    }
    victim.untouched("the cross-site navigations");

    // The person at the machine, typing it or clicking the index's link, still can.
    let address_bar = [
        ("Sec-Fetch-Site", "none"),
        ("Sec-Fetch-Mode", "navigate"),
        ("Sec-Fetch-Dest", "document"),
    ];
    let opened = text(&raw(
        victim.served.http,
        &request("GET /__corsim/open?name=other", &own, &address_bar, ""),
    ));
    assert!(opened.starts_with("HTTP/1.1 303"), "{opened}");
    assert!(
        opened.contains("\r\nLocation: http://other.example/\r\n"),
        "{opened}"
    );
    assert_eq!(victim.active(), "other");
    let from_index = [
        ("Sec-Fetch-Site", "same-origin"),
        ("Sec-Fetch-Dest", "document"),
    ];
    assert_eq!(
        victim
            .browser("GET /__corsim/open?name=put", &own, &from_index, "")
            .0,
        303
    );
    assert_eq!(victim.active(), "put");
}

#[test]
fn played_hosts_answer_as_scripted_whatever_the_origin_but_never_the_control_api() {
    let victim = Victim::start();
    // The scenario's hosts are as open as it says, to any page.
    let cross_site = [
        ("Origin", "https://evil.example"),
        ("Sec-Fetch-Site", "cross-site"),
        ("X-Token", "1"),
    ];
    let (status, _) = victim.played("PUT /items/1", "api.example.com", &cross_site);
    assert_eq!(status, 201, "the scripted answer");
    let (status, _) = victim.played("GET /nothing", "api.example.com", &[("Origin", "null")]);
    assert_eq!(status, 404, "the scenario's own 404");
    let navigation = [
        ("Sec-Fetch-Site", "cross-site"),
        ("Sec-Fetch-Dest", "document"),
    ];
    let (status, page) = victim.played("GET /edit", "app.example.com", &navigation);
    assert_eq!(status, 200);
    assert!(page.contains("window.__corsimResult"), "{page}");
    assert_eq!(
        victim.log()[1..],
        [
            "PUT http://api.example.com/items/1",
            "GET http://api.example.com/nothing",
            "GET http://app.example.com/edit"
        ]
    );

    // But a played name may be an attacker's: it never reaches the control API.
    let curl = [("User-Agent", "curl/8.5.0")];
    for (target, body) in [
        ("GET /__corsim/log", ""),
        ("DELETE /__corsim/log", ""),
        ("POST /__corsim/scenario", EVIL),
    ] {
        let attack = format!("{target} on app.example.com");
        assert_refused(
            victim.browser(target, "app.example.com", &curl, body),
            "app.example.com",
            &attack,
        );
    }
    assert_eq!(
        victim.log().len(),
        4,
        "the log was neither cleared nor added to"
    );
    assert_eq!(victim.active(), "put");
}

#[test]
fn the_companions_own_pages_and_the_command_line_still_drive_it() {
    let victim = Victim::start();
    let port = victim.served.http;

    // The command line: curl on loopback sends no Origin.
    let (status, body) = victim.curl("GET /__corsim/hello", "");
    assert_eq!(
        (status, json(&body)["corsim"].as_str()),
        (200, Some("serve")),
        "{body}"
    );
    let (status, body) = victim.curl("POST /__corsim/scenario?name=mine", SCENARIO);
    assert_eq!(status, 200, "{body}");
    assert_eq!(victim.active(), "mine");

    // The app the companion serves, at each of its names, calls it
    // same-origin, as live mode does: its POST and DELETE carry its Origin.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("corsim.localhost:{port}"),
        format!("app.example.com.r1.localhost:{port}"),
    ] {
        let origin = format!("http://{host}");
        let write = [
            ("Origin", origin.as_str()),
            ("Sec-Fetch-Site", "same-origin"),
            ("Sec-Fetch-Mode", "cors"),
            ("Content-Type", "application/json"),
        ];
        let read = [
            ("Sec-Fetch-Site", "same-origin"),
            ("Sec-Fetch-Mode", "cors"),
        ];
        let name = format!("from-{}", host.split(':').next().unwrap());
        let (status, body) = victim.browser(
            &format!("POST /__corsim/scenario?name={name}"),
            &host,
            &write,
            SCENARIO,
        );
        assert_eq!(status, 200, "{host}: {body}");
        assert_eq!(json(&body)["name"], name.as_str());
        let (status, body) = victim.browser("DELETE /__corsim/log", &host, &write, "");
        assert_eq!(status, 200, "{host}: {body}");
        let (status, body) = victim.browser("GET /__corsim/log", &host, &read, "");
        assert_eq!(
            (status, json(&body)["requests"].clone()),
            (200, serde_json::json!([])),
            "{host}"
        );
        let (status, body) = victim.browser("GET /__corsim/hello", &host, &read, "");
        assert_eq!(status, 200, "{host}: {body}");
        assert_eq!(victim.active(), name);
    }

    // And the index, opened from the address bar.
    let (status, index) = victim.browser(
        "GET /__corsim/",
        &victim.own(),
        &[("Sec-Fetch-Site", "none")],
        "",
    );
    assert_eq!(status, 200);
    assert!(index.contains("from-corsim.localhost"), "{index}");
}

/// A version-2 document: an answer that changes after its `times`, and
/// servers that give no response at all.
const TIMELINE: &str = r#"{
  "version": 2,
  "title": "A server that changes, and servers that fail",
  "page": "http://app.example.com/",
  "requests": [
    {"url": "http://api.example.com/users"},
    {"at": 1, "url": "http://api.example.com/users", "initiator": "xhr"},
    {"at": 1, "url": "http://api.example.com/reset"},
    {"at": 1, "url": "https://down.example.com/x"},
    {"at": 1, "url": "https://untrusted.example.com/x"},
    {"at": 1, "initiator": "img", "url": "https://cdn.example.com/logo.png"}
  ],
  "server": [
    {"url": "http://api.example.com/users", "times": 1, "status": 200,
     "headers": [["X-Answer", "first"]]},
    {"url": "http://api.example.com/users", "status": 200, "headers": [["X-Answer", "later"]]},
    {"url": "http://api.example.com/reset", "fail": "reset"},
    {"url": "https://down.example.com/x", "fail": "refused"},
    {"url": "https://untrusted.example.com/x", "fail": "tls"},
    {"url": "https://cdn.example.com/logo.png", "status": 200,
     "headers": [["Content-Type", "image/png"]]}
  ]
}"#;

#[test]
fn times_count_the_requests_of_one_run_and_the_next_run_starts_afresh() {
    let dir = TempDir::new();
    let scenario = dir.write("timeline.json", TIMELINE);
    let served = Served::start(
        &dir.0.join("certs"),
        &["--scenario", scenario.to_str().unwrap()],
    );
    let users = || {
        let answer = text(&raw(
            served.http,
            "GET /users HTTP/1.1\r\nHost: api.example.com\r\nOrigin: http://app.example.com\r\n\r\n",
        ));
        answer
            .lines()
            .find_map(|l| l.strip_prefix("X-Answer: "))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(users(), "first");
    assert_eq!(users(), "later");
    assert_eq!(users(), "later");

    // Making the scenario the active one again starts a new run.
    let open = raw(
        served.http,
        &format!(
            "GET /__corsim/open?name=timeline HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            served.http
        ),
    );
    assert!(text(&open).starts_with("HTTP/1.1 303"), "{}", text(&open));
    assert_eq!(users(), "first");

    // The page makes every request in turn, each by its initiator.
    let page = text(&raw(
        served.http,
        "GET / HTTP/1.1\r\nHost: app.example.com\r\nSec-Fetch-Dest: document\r\nConnection: close\r\n\r\n",
    ));
    assert!(page.contains("async function runAll()"), "{page}");
    assert!(page.contains(r#""initiator":"xhr""#), "{page}");
}

#[test]
fn a_server_entry_that_fails_gives_no_response() {
    let dir = TempDir::new();
    let scenario = dir.write("timeline.json", TIMELINE);
    let certs = dir.0.join("certs");
    let served = Served::start(&certs, &["--scenario", scenario.to_str().unwrap()]);
    let ca = std::fs::read(certs.join("ca.pem")).unwrap();

    // reset: the request is read, then the connection closes with nothing.
    let reset = raw(
        served.http,
        "GET /reset HTTP/1.1\r\nHost: api.example.com\r\nOrigin: http://app.example.com\r\n\r\n",
    );
    assert!(reset.is_empty(), "{}", text(&reset));
    let log = served.stderr_with("(fail: reset, no response)");
    assert!(
        log.contains("GET http://api.example.com/reset -> 0 server[2] (fail: reset, no response)"),
        "{log}"
    );

    // refused: the connection is reset as soon as the ClientHello names the host.
    let refused = try_https(
        served.https,
        &ca,
        "down.example.com",
        "GET /x HTTP/1.1\r\n\r\n",
    );
    assert!(refused.is_err(), "{refused:?}");
    assert!(
        served
            .stderr_with("connection to down.example.com reset before TLS")
            .contains("(the scenario's server fails with `refused`)"),
        "{}",
        served.stderr_with("")
    );

    // tls: a certificate from a CA nobody trusts.
    let untrusted = try_https(
        served.https,
        &ca,
        "untrusted.example.com",
        "GET /x HTTP/1.1\r\n\r\n",
    )
    .expect_err("the certificate is not the local CA's");
    assert!(
        untrusted.to_string().contains("UnknownIssuer"),
        "{untrusted}"
    );

    // The other hosts answer as scripted, an image with a body it can use.
    let image = https(
        served.https,
        &ca,
        "cdn.example.com",
        "GET /logo.png HTTP/1.1\r\nHost: cdn.example.com\r\n\r\n",
    );
    assert!(
        text(&image).starts_with("HTTP/1.0 200 OK\r\nContent-Type: image/png\r\n\r\n\u{fffd}PNG"),
        "{}",
        text(&image)
    );
}
