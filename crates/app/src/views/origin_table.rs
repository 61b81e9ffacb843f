//! The same-origin table: two URLs side by side, their origins component by
//! component, with what URL parsing did to them made visible (default ports
//! written out, hosts lower-cased, IDN as punycode).
//!
//! The comparison itself is the core's ([`OriginComparison`]); this only lays
//! it out and says in words why each side is what it is.

use corsim_core::origin::{default_port, Origin, OriginComparison};
use url::Url;

/// One side of the table: a URL as typed and what it parsed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    pub typed: String,
    /// The origin's serialization, `null` when opaque; `None` when the URL is
    /// not valid.
    pub origin: Option<String>,
    /// Why the URL gives no origin tuple (opaque or invalid), in a sentence.
    pub why_no_tuple: Option<String>,
    /// What parsing changed, one remark each ("port 443 is https's default").
    pub remarks: Vec<String>,
}

/// One row: scheme, host or port of both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub component: &'static str,
    pub left: String,
    pub right: String,
    pub same: bool,
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginTable {
    pub left: Side,
    pub right: Side,
    /// Empty when either origin is opaque or a URL is invalid.
    pub rows: Vec<Row>,
    pub same_origin: bool,
    /// The conclusion, in a sentence.
    pub conclusion: String,
}

/// Compares two URLs as typed. `left_sandboxed`: the left URL is a page in
/// an iframe sandboxed without `allow-same-origin`, so its origin is opaque.
pub fn compare(left: &str, right: &str, left_sandboxed: bool) -> OriginTable {
    let (left_side, left_origin) = side(left, left_sandboxed);
    let (right_side, right_origin) = side(right, false);
    let (rows, same_origin) = match (&left_origin, &right_origin) {
        (Some(l), Some(r)) => {
            let comparison = OriginComparison::new(l, r);
            let rows = [
                ("scheme", &comparison.scheme),
                ("host", &comparison.host),
                ("port", &comparison.port),
            ]
            .into_iter()
            .filter_map(|(component, m)| {
                m.as_ref().map(|m| Row {
                    component,
                    left: m.page.clone(),
                    right: m.target.clone(),
                    same: m.same,
                })
            })
            .collect();
            (rows, comparison.same_origin)
        }
        _ => (Vec::new(), false),
    };
    let conclusion = conclusion(&left_side, &right_side, &rows, same_origin);
    OriginTable {
        left: left_side,
        right: right_side,
        rows,
        same_origin,
        conclusion,
    }
}

fn side(typed: &str, sandboxed: bool) -> (Side, Option<Origin>) {
    let url = match Url::parse(typed.trim()) {
        Ok(url) => url,
        Err(e) => {
            let side = Side {
                typed: typed.to_string(),
                origin: None,
                why_no_tuple: Some(format!("this is not a valid absolute URL ({e})")),
                remarks: Vec::new(),
            };
            return (side, None);
        }
    };
    let origin = if sandboxed {
        Origin::Opaque
    } else {
        Origin::of(&url)
    };
    let why_no_tuple = match &origin {
        Origin::Tuple { .. } => None,
        Origin::Opaque if sandboxed => Some(
            "the page is in an iframe sandboxed without allow-same-origin, so its origin is opaque and serializes as null"
                .to_string(),
        ),
        Origin::Opaque => Some(format!(
            "{}: URLs have an opaque origin, which serializes as null and is never the same as any other",
            url.scheme()
        )),
    };
    let side = Side {
        typed: typed.to_string(),
        origin: Some(origin.serialize()),
        why_no_tuple,
        remarks: remarks(typed.trim(), &url),
    };
    (side, Some(origin))
}

/// What URL parsing did that a learner might not expect.
fn remarks(typed: &str, url: &Url) -> Vec<String> {
    let mut remarks = Vec::new();
    let scheme = url.scheme();
    // The parser drops a port equal to the scheme's default, so what was
    // typed tells `:443` from no port at all.
    if let (Some(default), None) = (default_port(scheme), url.port()) {
        remarks.push(if typed_port(typed) == Some(default) {
            format!("port {default} is the default for {scheme}, so the origin leaves it out")
        } else {
            format!("no port given: {scheme} means port {default}")
        });
    }
    if let Some(host) = url.host_str() {
        let typed_host = typed_host(typed);
        if let Some(typed_host) = typed_host.filter(|t| *t != host) {
            if host.split('.').any(|label| label.starts_with("xn--")) {
                remarks.push(format!(
                    "the host {typed_host} is written in punycode as {host}"
                ));
            } else {
                remarks.push(format!("the host {typed_host} is normalized to {host}"));
            }
        }
    }
    remarks
}

/// The host part of a typed URL, as typed (without userinfo and port).
fn typed_host(typed: &str) -> Option<&str> {
    let rest = typed.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.starts_with('[') {
        return host_port.split_inclusive(']').next();
    }
    host_port.split(':').next()
}

fn typed_port(typed: &str) -> Option<u16> {
    let rest = typed.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let after_host = host_port.rsplit_once(']').map_or(host_port, |(_, p)| p);
    after_host.rsplit_once(':')?.1.parse().ok()
}

fn conclusion(left: &Side, right: &Side, rows: &[Row], same_origin: bool) -> String {
    if left.origin.is_none() || right.origin.is_none() {
        return "A URL that does not parse has no origin to compare.".to_string();
    }
    if rows.is_empty() {
        return "Not the same origin: an opaque origin is never the same as another origin, not even another null."
            .to_string();
    }
    if same_origin {
        return "Same origin: scheme, host and port all match, so no CORS is involved.".to_string();
    }
    let differing: Vec<&str> = rows
        .iter()
        .filter(|r| !r.same)
        .map(|r| r.component)
        .collect();
    format!(
        "Cross-origin: the {} differ{}, so the browser applies CORS.",
        differing.join(" and "),
        if differing.len() == 1 { "s" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_classic_table() {
        // (description, left, right, same origin, differing components)
        let table: &[(&str, &str, &str, bool, &[&str])] = &[
            (
                "path differs",
                "https://example.com/a",
                "https://example.com/b/c",
                true,
                &[],
            ),
            (
                "http vs https",
                "http://example.com/",
                "https://example.com/",
                false,
                &["scheme", "port"],
            ),
            (
                "subdomain",
                "https://example.com/",
                "https://api.example.com/",
                false,
                &["host"],
            ),
            (
                "port",
                "https://example.com/",
                "https://example.com:8443/",
                false,
                &["port"],
            ),
            (
                "explicit default port",
                "https://example.com:443/",
                "https://example.com/",
                true,
                &[],
            ),
            (
                "host case",
                "https://EXAMPLE.com/",
                "https://example.com/",
                true,
                &[],
            ),
        ];
        for (description, left, right, same, differing) in table {
            let t = compare(left, right, false);
            let got: Vec<&str> = t
                .rows
                .iter()
                .filter(|r| !r.same)
                .map(|r| r.component)
                .collect();
            assert_eq!(
                (t.same_origin, got.as_slice()),
                (*same, *differing),
                "{description}"
            );
            assert_eq!(t.rows.len(), 3, "{description}");
        }
    }

    #[test]
    fn default_ports_are_written_out_and_explained() {
        let t = compare("https://example.com/", "https://example.com:443/", false);
        assert_eq!(t.rows[2].left, "443");
        assert_eq!(t.rows[2].right, "443");
        assert_eq!(t.left.remarks, ["no port given: https means port 443"]);
        assert_eq!(
            t.right.remarks,
            ["port 443 is the default for https, so the origin leaves it out"]
        );
        assert_eq!(t.right.origin.as_deref(), Some("https://example.com"));
    }

    #[test]
    fn idn_hosts_show_as_punycode() {
        let t = compare(
            "https://bücher.example/",
            "https://xn--bcher-kva.example/",
            false,
        );
        assert!(t.same_origin);
        assert_eq!(t.rows[1].left, "xn--bcher-kva.example");
        assert!(t.left.remarks.contains(
            &"the host bücher.example is written in punycode as xn--bcher-kva.example".to_string()
        ));
        let t = compare("https://EXAMPLE.com/", "https://example.com/", false);
        assert!(t
            .left
            .remarks
            .contains(&"the host EXAMPLE.com is normalized to example.com".to_string()));
    }

    #[test]
    fn opaque_and_invalid_origins_have_no_rows() {
        let t = compare(
            "file:///home/me/index.html",
            "file:///home/me/index.html",
            false,
        );
        assert!(!t.same_origin);
        assert!(t.rows.is_empty());
        assert_eq!(t.left.origin.as_deref(), Some("null"));
        assert!(t
            .left
            .why_no_tuple
            .as_deref()
            .unwrap_or_default()
            .starts_with("file: URLs"));

        let t = compare("https://app.example.com/", "https://app.example.com/", true);
        assert!(!t.same_origin);
        assert!(t
            .left
            .why_no_tuple
            .as_deref()
            .unwrap_or_default()
            .contains("sandboxed"));

        let t = compare("not a url", "https://example.com/", false);
        assert_eq!(t.left.origin, None);
        assert!(t.conclusion.starts_with("A URL that does not parse"));
    }

    #[test]
    fn the_conclusion_names_what_differs() {
        assert_eq!(
            compare("http://example.com/", "https://example.com/", false).conclusion,
            "Cross-origin: the scheme and port differ, so the browser applies CORS."
        );
        assert_eq!(
            compare("https://example.com/", "https://api.example.com/", false).conclusion,
            "Cross-origin: the host differs, so the browser applies CORS."
        );
    }
}
