//! Django with [django-cors-headers](https://github.com/adamchainz/django-cors-headers):
//! lines for `settings.py`, and a view for `urls.py`.

use super::{
    combined_headers, comments, common_notes, headline, python_string, refusal_note, route_path,
    string_list, AllowOrigin, Config, Policy, Unsupported,
};

pub fn write(policy: &Policy) -> Result<Config, Unsupported> {
    let mut notes = common_notes(policy);
    notes.extend(refusal_note(
        policy,
        "django-cors-headers",
        "without Access-Control-Allow-Origin",
        true,
    ));
    if let Some(cors) = &policy.cors {
        if cors.max_age == Some(0) {
            notes.push(
                "django-cors-headers sends no `Access-Control-Max-Age` for 0, so browsers cache the \
                 preflight for their default 5 seconds instead of not at all."
                    .to_string(),
            );
        }
    }
    let mut intro = vec![
        "Django with django-cors-headers: pip install django django-cors-headers".to_string(),
        headline(policy),
    ];
    intro.extend(notes.iter().cloned());
    let mut out = comments("# ", &intro);
    if let Some(cors) = &policy.cors {
        let list = |items: &[String]| format!("[{}]", string_list(items, python_string));
        out.push_str(
            "\n# settings.py, after INSTALLED_APPS and MIDDLEWARE. The middleware goes as high\n\
             # as it can, and before CommonMiddleware.\n\
             INSTALLED_APPS += [\"corsheaders\"]\n\
             MIDDLEWARE.insert(0, \"corsheaders.middleware.CorsMiddleware\")\n\n",
        );
        match &cors.origin {
            AllowOrigin::Any => out.push_str("CORS_ALLOW_ALL_ORIGINS = True\n"),
            AllowOrigin::Exact(origin) => out.push_str(&format!(
                "CORS_ALLOWED_ORIGINS = [{}]\n",
                python_string(origin)
            )),
        }
        if cors.preflight {
            out.push_str(&format!("CORS_ALLOW_METHODS = {}\n", list(&cors.methods)));
            out.push_str(&format!("CORS_ALLOW_HEADERS = {}\n", list(&cors.headers)));
        }
        out.push_str(&format!("CORS_EXPOSE_HEADERS = {}\n", list(&cors.expose)));
        out.push_str(&format!(
            "CORS_ALLOW_CREDENTIALS = {}\n",
            if cors.credentials { "True" } else { "False" }
        ));
        match cors.max_age {
            _ if !cors.preflight => {}
            Some(max_age) => out.push_str(&format!("CORS_PREFLIGHT_MAX_AGE = {max_age}\n")),
            None => out.push_str(
                "# 0 sends no Access-Control-Max-Age (the default is 86400 seconds).\n\
                 CORS_PREFLIGHT_MAX_AGE = 0\n",
            ),
        }
    } else {
        out.push_str("\n# settings.py: no CORS settings, and no corsheaders middleware.\n");
    }
    let answer = &policy.answer;
    out.push_str(
        "\n\n# urls.py: the view answers as the scenario's server does.\n\
         from django.http import HttpResponse\n",
    );
    let pattern = match route_path(policy) {
        Some(path) => {
            out.push_str("from django.urls import path\n");
            format!(
                "path({}, answer)",
                python_string(path.trim_start_matches('/'))
            )
        }
        None => {
            out.push_str("from django.urls import re_path\n");
            "re_path(r\"\", answer)".to_string()
        }
    };
    out.push_str("\n\ndef answer(request):\n");
    out.push_str(&format!(
        "    response = HttpResponse(status={})\n",
        answer.status
    ));
    // A Django response holds one value a header name.
    for (name, value) in combined_headers(answer) {
        out.push_str(&format!(
            "    response[{}] = {}\n",
            python_string(&name),
            python_string(&value)
        ));
    }
    out.push_str("    return response\n\n\n");
    out.push_str(&format!("urlpatterns = [{pattern}]\n"));
    Ok(Config { text: out, notes })
}
