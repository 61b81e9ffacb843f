//! nginx: `add_header … always` in the request's `location`, and the
//! preflight answered in an `if` block with `return 204`.

use super::{
    comments, common_notes, headline, route_path, AllowOrigin, Config, Policy, Unsupported,
};

/// An nginx string in double quotes. nginx reads `$` as the start of a
/// variable and has no escape for it, and a header value cannot hold a
/// control character.
fn nginx_string(s: &str) -> Result<String, Unsupported> {
    if s.contains('$') || s.chars().any(char::is_control) {
        return Err(Unsupported {
            why: format!(
                "nginx cannot send `{}`: it reads `$` in a value as a variable, with no way to escape \
                 it, and a value cannot hold a control character.",
                s.escape_debug()
            ),
        });
    }
    Ok(format!(
        "\"{}\"",
        s.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

pub fn write(policy: &Policy) -> Result<Config, Unsupported> {
    let mut notes = common_notes(policy);
    if policy.cors.as_ref().is_some_and(|c| c.preflight) {
        notes.push(
            "A location's add_header lines are not inherited into a block that has its own, which \
             is why the preflight's block repeats them."
                .to_string(),
        );
    }
    let mut intro = vec![headline(policy)];
    intro.extend(notes.iter().cloned());
    let mut out = comments("# ", &intro);
    let https = policy.url.scheme() == "https";
    let port = policy.url.port_or_known_default().unwrap_or(80);
    let host = policy.url.host_str().unwrap_or("_");
    out.push_str("server {\n");
    out.push_str(&format!(
        "    listen {port}{};\n",
        if https { " ssl" } else { "" }
    ));
    out.push_str(&format!("    server_name {host};\n"));
    if https {
        out.push_str(
            "    # ssl_certificate and ssl_certificate_key as for the rest of the site.\n",
        );
    }
    let location = match route_path(policy) {
        Some(path) => format!("location = {path}"),
        None => "location /".to_string(),
    };
    out.push_str(&format!("\n    {location} {{\n"));
    let add =
        |out: &mut String, indent: &str, name: &str, value: &str| -> Result<(), Unsupported> {
            out.push_str(&format!(
                "{indent}add_header {name} {} always;\n",
                nginx_string(value)?
            ));
            Ok(())
        };
    if let Some(cors) = &policy.cors {
        let origin = match &cors.origin {
            AllowOrigin::Any => "*",
            AllowOrigin::Exact(origin) => origin.as_str(),
        };
        let access = |out: &mut String, indent: &str| -> Result<(), Unsupported> {
            add(out, indent, "Access-Control-Allow-Origin", origin)?;
            if cors.credentials {
                add(out, indent, "Access-Control-Allow-Credentials", "true")?;
            }
            if cors.varies() {
                add(out, indent, "Vary", "Origin")?;
            }
            Ok(())
        };
        if cors.preflight {
            out.push_str("        if ($request_method = OPTIONS) {\n");
            let inner = "            ";
            access(&mut out, inner)?;
            add(
                &mut out,
                inner,
                "Access-Control-Allow-Methods",
                &cors.methods.join(", "),
            )?;
            if !cors.headers.is_empty() {
                add(
                    &mut out,
                    inner,
                    "Access-Control-Allow-Headers",
                    &cors.headers.join(", "),
                )?;
            }
            if let Some(max_age) = cors.max_age {
                add(
                    &mut out,
                    inner,
                    "Access-Control-Max-Age",
                    &max_age.to_string(),
                )?;
            }
            out.push_str(&format!("{inner}return 204;\n        }}\n"));
        }
        access(&mut out, "        ")?;
        if !cors.expose.is_empty() {
            add(
                &mut out,
                "        ",
                "Access-Control-Expose-Headers",
                &cors.expose.join(", "),
            )?;
        }
    }
    let answer = &policy.answer;
    out.push_str(
        "\n        # The application answers here (proxy_pass http://127.0.0.1:3000; for one).\n\
         \x20       # Standing in for it, the scenario's answer:\n",
    );
    for (name, value) in &answer.headers {
        if name.eq_ignore_ascii_case("Content-Type") {
            out.push_str(&format!("        default_type {};\n", nginx_string(value)?));
        } else {
            add(&mut out, "        ", name, value)?;
        }
    }
    out.push_str(&format!("        return {} \"\";\n", answer.status));
    out.push_str("    }\n}\n");
    Ok(Config { text: out, notes })
}
