//! Express with the [`cors`](https://github.com/expressjs/cors) package.

use super::{
    comments, common_notes, headline, route_path, AllowOrigin, Config, Policy, Unsupported,
};
use crate::fetch_call::js_string;

pub fn write(policy: &Policy) -> Result<Config, Unsupported> {
    let notes = common_notes(policy);
    let mut intro = vec![
        "Express with the cors package: npm install express cors".to_string(),
        headline(policy),
    ];
    intro.extend(notes.iter().cloned());
    let mut out = comments("// ", &intro);
    out.push_str("const express = require(\"express\");\n");
    if policy.cors.is_some() {
        out.push_str("const cors = require(\"cors\");\n");
    }
    out.push_str("\nconst app = express();\n\n");
    if let Some(cors) = &policy.cors {
        let list = |items: &[String]| {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(|s| js_string(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let origin = match &cors.origin {
            AllowOrigin::Any => js_string("*"),
            AllowOrigin::Exact(origin) => js_string(origin),
        };
        out.push_str("app.use(\n  cors({\n");
        out.push_str(&format!("    origin: {origin},\n"));
        if cors.preflight {
            out.push_str(&format!("    methods: {},\n", list(&cors.methods)));
        }
        if !cors.preflight {
        } else if cors.headers.is_empty() {
            out.push_str(
                "    allowedHeaders: [], // none: left out, cors allows whatever is asked\n",
            );
        } else {
            out.push_str(&format!("    allowedHeaders: {},\n", list(&cors.headers)));
        }
        if !cors.expose.is_empty() {
            out.push_str(&format!("    exposedHeaders: {},\n", list(&cors.expose)));
        }
        if cors.credentials {
            out.push_str("    credentials: true,\n");
        }
        if let Some(max_age) = cors.max_age {
            out.push_str(&format!("    maxAge: {max_age},\n"));
        }
        out.push_str("  }),\n);\n\n");
    }
    let answer = &policy.answer;
    let route = match route_path(policy) {
        Some(path) => js_string(path),
        // Express 5's syntax for "any path".
        None => js_string("/{*path}"),
    };
    let verb = match policy.method.as_str() {
        "GET" | "HEAD" => "get",
        "POST" => "post",
        "PUT" => "put",
        "DELETE" => "delete",
        "PATCH" => "patch",
        _ => "all",
    };
    out.push_str("// The route answers as the scenario's server does.\n");
    out.push_str(&format!("app.{verb}({route}, (req, res) => {{\n"));
    out.push_str(&format!("  res.status({});\n", answer.status));
    // Node's own setHeader sends a value as it is; Express's res.set and
    // res.append would add a charset to Content-Type. A repeated name is a list.
    let mut names: Vec<&str> = Vec::new();
    for (name, _) in &answer.headers {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name);
        }
    }
    for name in names {
        let values: Vec<String> = answer
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| js_string(v))
            .collect();
        let value = match values.as_slice() {
            [one] => one.clone(),
            many => format!("[{}]", many.join(", ")),
        };
        out.push_str(&format!("  res.setHeader({}, {value});\n", js_string(name)));
    }
    out.push_str("  res.end();\n});\n\n");
    out.push_str("app.listen(process.env.PORT || 3000);\n");
    Ok(Config { text: out, notes })
}
