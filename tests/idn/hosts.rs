//! Checks `hosts.json` against the URL parser of the build it is compiled
//! into: natively (corsim-core's tests) and in the browser (the app's).

use serde_json::Value;
use url::Url;

/// One line per host that the URL parser maps otherwise than `hosts.json`
/// says.
pub fn mismatches() -> Vec<String> {
    let doc: Value = serde_json::from_str(include_str!("hosts.json")).expect("hosts.json is JSON");
    let hosts = doc["hosts"].as_array().expect("hosts.json lists hosts");
    assert!(hosts.len() > 30, "hosts.json lost its hosts");
    hosts
        .iter()
        .filter_map(|case| {
            let host = case["host"].as_str().expect("each case has a host");
            let got = Url::parse(&format!("https://{host}/"))
                .ok()
                .and_then(|url| url.host_str().map(str::to_string));
            let want = case["ascii"].as_str();
            (got.as_deref() != want)
                .then(|| format!("{host:?} ({}): got {got:?}, want {want:?}", case["why"]))
        })
        .chain(long_labels())
        .collect()
}

/// `idna` turns a label of at most 1000 characters that are not ASCII into
/// Punycode and refuses a longer one; a pasted hundred thousand is refused
/// at once.
fn long_labels() -> Vec<String> {
    let host = |n: usize| Url::parse(&format!("https://{}.example/", "é".repeat(n))).ok();
    let mut wrong = Vec::new();
    match host(1000).as_ref().and_then(Url::host_str) {
        Some(h) if h.starts_with("xn--") && h.ends_with(".example") && h.len() > 1000 => {}
        other => wrong.push(format!("1000 × é: got {other:?}, want a Punycode label")),
    }
    for n in [1001, 100_000] {
        if let Some(url) = host(n) {
            wrong.push(format!("{n} × é: got {:?}, want no URL", url.host_str()));
        }
    }
    wrong
}
