//! A server entry's `fail`: no HTTP response at all, played as closely as
//! one process on loopback can.
//!
//! | `fail` | over https | over http |
//! |---|---|---|
//! | `refused`, `dns` | the TCP connection is reset as soon as the TLS ClientHello names the host, before any TLS | the connection is closed once the request is read |
//! | `tls` | the handshake presents a certificate from a CA made in memory and trusted by no browser (`tls::Certs::untrusted`) | the connection is closed once the request is read |
//! | `reset` | the connection is closed once the request is read, with no response | the same |
//! | `timeout` | the request is read and held, unanswered, for ten minutes; then the connection is closed | the same |
//!
//! A connection refused or a name that does not resolve really happens in
//! the browser, before any server: a test that needs exactly that maps the
//! host elsewhere in the browser (the agreement suite does). Here, the
//! browser sees its connection reset before TLS, which it reports as a
//! network error just as it reports a refused one (Chromium
//! `net::ERR_CONNECTION_RESET` for `net::ERR_CONNECTION_REFUSED`, both in
//! the generic "Failed to load resource" line). Decided at the connection,
//! it holds for every request to that host until the entry has answered its
//! `times`; a request that reaches HTTP anyway is dropped unanswered.

use std::time::Duration;

use corsim_core::scenario::Fail;
use tokio::net::TcpStream;
use tokio_rustls::rustls::server::Acceptor;

use super::route::Scheme;
use super::{Loaded, Reply};

/// How long a `timeout` holds a request unanswered: longer than browsers
/// wait (Chromium and Firefox give up after about five minutes), bounded so
/// that the companion does not hold connections for ever.
const HOLD: Duration = Duration::from_secs(600);

/// What a request whose entry has `fail` gets, once it is read and logged.
pub async fn after_request(fail: Fail) -> Reply {
    if fail == Fail::Timeout {
        tokio::time::sleep(HOLD).await;
    }
    Reply::Drop
}

/// The `fail` that the connection to `host` over `scheme` meets before any
/// HTTP: that of the first entry for this host that can still answer, when
/// it is `refused`, `dns` or `tls`; that entry has then answered once.
pub fn at_connection(loaded: &mut Loaded, scheme: Scheme, host: &str) -> Option<Fail> {
    let first = loaded
        .timeline
        .server
        .iter()
        .enumerate()
        .find(|(i, entry)| {
            let open = entry
                .times
                .is_none_or(|times| loaded.uses.get(*i).copied().unwrap_or(0) < times);
            let for_host = match &entry.url {
                Some(url) => url.scheme() == scheme.as_str() && url.host_str() == Some(host),
                None => loaded.scenarios.iter().any(|s| {
                    s.request.url.scheme() == scheme.as_str()
                        && s.request.url.host_str() == Some(host)
                }),
            };
            open && for_host
        });
    let (index, fail) = first.and_then(|(i, entry)| Some((i, entry.fail?)))?;
    if !matches!(fail, Fail::Refused | Fail::Dns | Fail::Tls) {
        return None;
    }
    loaded.uses[index] += 1;
    Some(fail)
}

/// The server name a TLS client is about to ask for, read from its
/// ClientHello without taking it off the socket; `None` when the client
/// names none or does not speak TLS.
pub async fn peek_server_name(stream: &TcpStream) -> Option<String> {
    // The largest TLS record, and its header.
    let mut buffer = vec![0; (1 << 14) + 5];
    for _ in 0..50 {
        let read = stream.peek(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        let mut acceptor = Acceptor::default();
        acceptor.read_tls(&mut &buffer[..read]).ok()?;
        match acceptor.accept() {
            Ok(Some(accepted)) => return accepted.client_hello().server_name().map(str::to_string),
            // Not all of it has arrived yet.
            Ok(None) if read < buffer.len() => tokio::time::sleep(Duration::from_millis(10)).await,
            _ => return None,
        }
    }
    None
}
