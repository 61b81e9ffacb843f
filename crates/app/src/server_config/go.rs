//! Go with [github.com/rs/cors](https://github.com/rs/cors) in front of a
//! `net/http` handler.

use super::{
    comments, common_notes, go_string, headline, refusal_note, route_path, string_list,
    AllowOrigin, Config, Policy, Unsupported,
};

pub fn write(policy: &Policy) -> Result<Config, Unsupported> {
    let mut notes = common_notes(policy);
    notes.extend(refusal_note(
        policy,
        "rs/cors",
        "without any CORS header",
        false,
    ));
    let mut intro = vec![
        "Go with rs/cors: go get github.com/rs/cors".to_string(),
        headline(policy),
    ];
    let mut options: Vec<(&str, String)> = Vec::new();
    if let Some(cors) = &policy.cors {
        let list = |items: &[String]| format!("[]string{{{}}}", string_list(items, go_string));
        let origin = match &cors.origin {
            AllowOrigin::Any => "*".to_string(),
            AllowOrigin::Exact(origin) => origin.clone(),
        };
        options.push(("AllowedOrigins", list(&[origin])));
        // rs/cors checks the method itself: GET, HEAD and POST must be listed.
        if cors.preflight {
            options.push(("AllowedMethods", list(&cors.methods_and_safelisted())));
        }
        if !cors.preflight {
            // The defaults: GET, HEAD and POST; Accept, Content-Type, X-Requested-With.
        } else if cors.headers.is_empty() {
            // rs/cors reads an empty list as its default one (Accept,
            // Content-Type, X-Requested-With); it always allows Origin.
            options.push(("AllowedHeaders", list(&["Origin".to_string()])));
            notes.push(
                "rs/cors reads an empty AllowedHeaders as its default list, which allows Content-Type; \
                 naming only Origin (always allowed anyway) allows no request header."
                    .to_string(),
            );
        } else {
            options.push(("AllowedHeaders", list(&cors.headers)));
        }
        if !cors.expose.is_empty() {
            options.push(("ExposedHeaders", list(&cors.expose)));
        }
        if cors.credentials {
            options.push(("AllowCredentials", "true".to_string()));
        }
        match cors.max_age {
            Some(0) => notes.push(
                "rs/cors sends no Access-Control-Max-Age for 0, so browsers cache the preflight for \
                 their default 5 seconds instead of not at all."
                    .to_string(),
            ),
            Some(max_age) => options.push(("MaxAge", max_age.to_string())),
            None => {}
        }
    }
    intro.extend(notes.iter().cloned());
    let mut out = comments("// ", &intro);
    out.push_str("package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n");
    if policy.cors.is_some() {
        out.push_str("\n\t\"github.com/rs/cors\"\n");
    }
    out.push_str(")\n\n");
    out.push_str("func newHandler() http.Handler {\n\tmux := http.NewServeMux()\n");
    let answer = &policy.answer;
    let pattern = route_path(policy).unwrap_or("/");
    out.push_str("\t// The route answers as the scenario's server does.\n");
    out.push_str(&format!(
        "\tmux.HandleFunc({}, func(w http.ResponseWriter, r *http.Request) {{\n",
        go_string(pattern)
    ));
    for (name, value) in &answer.headers {
        out.push_str(&format!(
            "\t\tw.Header().Add({}, {})\n",
            go_string(name),
            go_string(value)
        ));
    }
    out.push_str(&format!("\t\tw.WriteHeader({})\n\t}})\n", answer.status));
    if policy.cors.is_some() {
        // gofmt aligns the values of consecutive key-value lines.
        let width = options.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
        out.push_str("\n\tc := cors.New(cors.Options{\n");
        for (key, value) in &options {
            out.push_str(&format!("\t\t{:<width$} {value},\n", format!("{key}:")));
        }
        out.push_str("\t})\n\treturn c.Handler(mux)\n}\n");
    } else {
        out.push_str("\treturn mux\n}\n");
    }
    out.push_str(
        "\nfunc main() {\n\
         \tport := os.Getenv(\"PORT\")\n\
         \tif port == \"\" {\n\
         \t\tport = \"8080\"\n\
         \t}\n\
         \tpanic(http.ListenAndServe(\":\"+port, newHandler()))\n\
         }\n",
    );
    Ok(Config { text: out, notes })
}
