//! Flask with [flask-cors](https://flask-cors.readthedocs.io/).

use super::{
    comments, common_notes, headline, python_string, refusal_note, route_path, string_list,
    AllowOrigin, Config, Policy, Unsupported,
};

pub fn write(policy: &Policy) -> Result<Config, Unsupported> {
    let mut notes = common_notes(policy);
    notes.extend(refusal_note(
        policy,
        "flask-cors",
        "without Access-Control-Allow-Origin",
        true,
    ));
    if let Some(cors) = &policy.cors {
        if cors.max_age == Some(0) {
            notes.push(
                "flask-cors sends no `Access-Control-Max-Age` for 0, so browsers cache the preflight \
                 for their default 5 seconds instead of not at all."
                    .to_string(),
            );
        }
    }
    let mut intro = vec![
        "Flask with flask-cors: pip install flask flask-cors".to_string(),
        headline(policy),
    ];
    intro.extend(notes.iter().cloned());
    let mut out = comments("# ", &intro);
    out.push_str("import os\n\nfrom flask import Flask, make_response\n");
    if policy.cors.is_some() {
        out.push_str("from flask_cors import CORS\n");
    }
    out.push_str("\napp = Flask(__name__)\n");
    if let Some(cors) = &policy.cors {
        let list = |items: &[String]| format!("[{}]", string_list(items, python_string));
        out.push_str("CORS(\n    app,\n");
        match &cors.origin {
            // Without send_wildcard, flask-cors answers `*` with the request's origin.
            AllowOrigin::Any => out.push_str("    origins=\"*\",\n    send_wildcard=True,\n"),
            AllowOrigin::Exact(origin) => {
                out.push_str(&format!("    origins=[{}],\n", python_string(origin)))
            }
        }
        if cors.preflight {
            out.push_str(&format!("    methods={},\n", list(&cors.methods)));
            out.push_str(&format!("    allow_headers={},\n", list(&cors.headers)));
        }
        if !cors.expose.is_empty() {
            out.push_str(&format!("    expose_headers={},\n", list(&cors.expose)));
        }
        if cors.credentials {
            out.push_str("    supports_credentials=True,\n");
        }
        if let Some(max_age) = cors.max_age.filter(|&m| m > 0) {
            out.push_str(&format!("    max_age={max_age},\n"));
        }
        out.push_str(")\n");
    }
    let answer = &policy.answer;
    // A GET route answers HEAD too.
    let method = match policy.method.as_str() {
        "HEAD" => "GET",
        other => other,
    };
    let methods = format!("methods=[{}]", python_string(method));
    let (decorators, args) = match route_path(policy) {
        Some(path) => (
            format!("@app.route({}, {methods})\n", python_string(path)),
            "",
        ),
        None => (
            format!(
                "@app.route(\"/\", defaults={{\"path\": \"\"}}, {methods})\n\
                 @app.route(\"/<path:path>\", {methods})\n"
            ),
            "path",
        ),
    };
    out.push_str("\n\n# The route answers as the scenario's server does.\n");
    out.push_str(&decorators);
    out.push_str(&format!("def answer({args}):\n"));
    out.push_str(&format!(
        "    response = make_response(\"\", {})\n",
        answer.status
    ));
    let mut seen: Vec<String> = Vec::new();
    for (name, value) in &answer.headers {
        let lower = name.to_ascii_lowercase();
        if seen.contains(&lower) {
            out.push_str(&format!(
                "    response.headers.add({}, {})\n",
                python_string(name),
                python_string(value)
            ));
        } else {
            out.push_str(&format!(
                "    response.headers[{}] = {}\n",
                python_string(name),
                python_string(value)
            ));
            seen.push(lower);
        }
    }
    out.push_str("    return response\n");
    out.push_str(
        "\n\nif __name__ == \"__main__\":\n    app.run(port=int(os.environ.get(\"PORT\", 5000)))\n",
    );
    Ok(Config { text: out, notes })
}
