//! axum with tower-http's [`CorsLayer`](https://docs.rs/tower-http/latest/tower_http/cors/struct.CorsLayer.html).

use corsim_core::infra::sort;

use super::{
    comments, common_notes, headline, route_path, rust_string, AllowOrigin, Config, Policy,
    Unsupported,
};

/// `http::Method` constants, by name.
const METHODS: [&str; 9] = [
    "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "PATCH", "TRACE",
];

/// `http::StatusCode` constants for the usual statuses.
const STATUSES: [(u16, &str); 14] = [
    (200, "OK"),
    (201, "CREATED"),
    (202, "ACCEPTED"),
    (204, "NO_CONTENT"),
    (400, "BAD_REQUEST"),
    (401, "UNAUTHORIZED"),
    (403, "FORBIDDEN"),
    (404, "NOT_FOUND"),
    (405, "METHOD_NOT_ALLOWED"),
    (409, "CONFLICT"),
    (422, "UNPROCESSABLE_ENTITY"),
    (429, "TOO_MANY_REQUESTS"),
    (500, "INTERNAL_SERVER_ERROR"),
    (503, "SERVICE_UNAVAILABLE"),
];

fn method(m: &str) -> String {
    if METHODS.contains(&m) {
        format!("Method::{m}")
    } else {
        format!("Method::from_bytes({}.as_bytes()).unwrap()", rust_string(m))
    }
}

/// `HeaderName::from_static` wants lower case, which is how HTTP/2 and
/// tower-http write names anyway; names are case-insensitive.
fn header_name(name: &str) -> String {
    format!(
        "HeaderName::from_static({})",
        rust_string(&name.to_ascii_lowercase())
    )
}

/// rustfmt's defaults: `max_width`, and `chain_width`, `fn_call_width` and
/// `array_width`, so that the code comes out as `cargo fmt` leaves it.
const WIDTH: usize = 100;
const WIDTH_SMALL: usize = 60;

/// A piece of code that rustfmt lays out on one line when it is short
/// enough, else one item a line.
enum Layout {
    Text(String),
    Array(Vec<Layout>),
    Tuple(Vec<Layout>),
}

impl Layout {
    fn flat(&self) -> String {
        let join = |items: &[Layout]| {
            items
                .iter()
                .map(Layout::flat)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Layout::Text(text) => text.clone(),
            Layout::Array(items) => format!("[{}]", join(items)),
            Layout::Tuple(items) => format!("({})", join(items)),
        }
    }

    /// The code starting at column `indent` (its closing bracket there too).
    fn at(&self, indent: usize) -> String {
        let flat = self.flat();
        let (open, close, items) = match self {
            Layout::Array(items) => ('[', ']', items),
            Layout::Tuple(items) => ('(', ')', items),
            Layout::Text(_) => return flat,
        };
        // rustfmt measures the items, not the brackets.
        if flat.len() - 2 <= WIDTH_SMALL && indent + flat.len() < WIDTH {
            return flat;
        }
        let inner = " ".repeat(indent + 4);
        let mut out = format!("{open}\n");
        for item in items {
            out.push_str(&format!("{inner}{},\n", item.at(indent + 4)));
        }
        out.push_str(&" ".repeat(indent));
        out.push(close);
        out
    }
}

/// `head.a(x).b(y)`, on one line when short enough, else a call a line.
fn chain(indent: usize, head: &str, calls: &[(&str, Layout)]) -> String {
    let flat: String = calls
        .iter()
        .map(|(name, arg)| format!(".{name}({})", arg.flat()))
        .collect();
    let flat = format!("{head}{flat}");
    // rustfmt keeps a chain of one call on one line if it fits at all.
    let short = flat.len() <= WIDTH_SMALL || calls.len() == 1;
    if calls.is_empty() || (short && indent + flat.len() <= WIDTH) {
        return flat;
    }
    let mut out = head.to_string();
    for (name, arg) in calls {
        out.push_str(&format!(
            "\n{}.{name}({})",
            " ".repeat(indent + 4),
            arg.at(indent + 4)
        ));
    }
    out
}

pub fn write(policy: &Policy) -> Result<Config, Unsupported> {
    let notes = common_notes(policy);
    let mut intro = vec![
        "axum with tower-http's CorsLayer. In Cargo.toml: axum = \"0.8\", tokio = { version = \"1\", \
         features = [\"full\"] }, tower-http = { version = \"0.6\", features = [\"cors\"] }"
            .to_string(),
        headline(policy),
    ];
    intro.extend(notes.iter().cloned());
    let mut out = comments("// ", &intro);
    let cors = policy.cors.as_ref();
    let mut uses = Vec::new();
    if cors.is_some_and(|c| c.max_age.is_some()) {
        uses.push("use std::time::Duration;\n\n".to_string());
    }
    let is_any = |items: &[String]| items.iter().any(|i| i == "*");
    let mut http = vec!["StatusCode"];
    if let Some(cors) = cors {
        if (!cors.headers.is_empty() && !is_any(&cors.headers))
            || (!cors.expose.is_empty() && !is_any(&cors.expose))
        {
            http.push("HeaderName");
        }
        if matches!(cors.origin, AllowOrigin::Exact(_)) {
            http.push("HeaderValue");
        }
        if cors.preflight && !is_any(&cors.methods) {
            http.push("Method");
        }
    }
    sort(&mut http);
    let any = cors.is_some_and(|c| {
        c.origin == AllowOrigin::Any
            || (c.preflight && is_any(&c.methods))
            || [&c.headers, &c.expose]
                .iter()
                .any(|l| l.iter().any(|i| i == "*"))
    });
    let verb = match policy.method.as_str() {
        "GET" | "HEAD" => "get",
        "POST" => "post",
        "PUT" => "put",
        "DELETE" => "delete",
        "PATCH" => "patch",
        _ => "any",
    };
    match http.as_slice() {
        [] => {}
        [one] => uses.push(format!("use axum::http::{one};\n")),
        _ => uses.push(format!("use axum::http::{{{}}};\n", http.join(", "))),
    }
    {
        uses.push("use axum::response::IntoResponse;\n".to_string());
        uses.push(format!("use axum::routing::{verb};\n"));
    }
    uses.push("use axum::Router;\n".to_string());
    if cors.is_some() {
        uses.push(format!(
            "use tower_http::cors::{};\n",
            if any { "{Any, CorsLayer}" } else { "CorsLayer" }
        ));
    }
    out.push_str(&uses.concat());
    let mut cors_fn = String::new();
    if let Some(cors) = cors {
        // `*` in a list is tower-http's `Any`; otherwise each name.
        let list = |items: &[String], item: fn(&str) -> String| {
            if items.iter().any(|i| i == "*") {
                Layout::Text("Any".to_string())
            } else {
                Layout::Array(items.iter().map(|i| Layout::Text(item(i))).collect())
            }
        };
        let origin = match &cors.origin {
            AllowOrigin::Any => "Any".to_string(),
            AllowOrigin::Exact(origin) => {
                format!("HeaderValue::from_static({})", rust_string(origin))
            }
        };
        let mut calls = vec![("allow_origin", Layout::Text(origin))];
        if cors.preflight {
            calls.push(("allow_methods", list(&cors.methods, method)));
        }
        if !cors.headers.is_empty() {
            calls.push(("allow_headers", list(&cors.headers, header_name)));
        }
        if !cors.expose.is_empty() {
            calls.push(("expose_headers", list(&cors.expose, header_name)));
        }
        if cors.credentials {
            calls.push(("allow_credentials", Layout::Text("true".into())));
        }
        if let Some(max_age) = cors.max_age {
            calls.push((
                "max_age",
                Layout::Text(format!("Duration::from_secs({max_age})")),
            ));
        }
        cors_fn = format!(
            "\n// CORS as the scenario's server answers.\nfn cors() -> CorsLayer {{\n    {}\n}}\n",
            chain(4, "CorsLayer::new()", &calls)
        );
    }
    let path = route_path(policy).unwrap_or("/{*path}");
    let mut calls = Vec::new();
    {
        calls.push((
            "route",
            Layout::Text(format!("{}, {verb}(answer)", rust_string(path))),
        ));
    }
    if cors.is_some() {
        calls.push(("layer", Layout::Text("cors()".into())));
    }
    out.push_str(&format!(
        "\npub fn app() -> Router {{\n    {}\n}}\n",
        chain(4, "Router::new()", &calls)
    ));
    out.push_str(&cors_fn);
    let answer = &policy.answer;
    out.push_str("\n// The route answers as the scenario's server does.\n");
    out.push_str("async fn answer() -> impl IntoResponse {\n");
    let status = match STATUSES.iter().find(|(code, _)| *code == answer.status) {
        Some((_, name)) => format!("StatusCode::{name}"),
        None => format!("StatusCode::from_u16({}).unwrap()", answer.status),
    };
    if answer.headers.is_empty() {
        out.push_str(&format!("    {status}\n"));
    } else {
        let headers = answer
            .headers
            .iter()
            .map(|(n, v)| {
                Layout::Tuple(vec![
                    Layout::Text(rust_string(n)),
                    Layout::Text(rust_string(v)),
                ])
            })
            .collect();
        let tuple = Layout::Tuple(vec![Layout::Text(status), Layout::Array(headers)]);
        out.push_str(&format!("    {}\n", tuple.at(4)));
    }
    out.push_str("}\n");
    out.push_str(
        "\n#[tokio::main]\n\
         async fn main() {\n\
         \x20   let port = std::env::var(\"PORT\").unwrap_or_else(|_| \"3000\".to_string());\n\
         \x20   let listener = tokio::net::TcpListener::bind(format!(\"0.0.0.0:{port}\"))\n\
         \x20       .await\n\
         \x20       .unwrap();\n\
         \x20   axum::serve(listener, app()).await.unwrap();\n\
         }\n",
    );
    Ok(Config { text: out, notes })
}
