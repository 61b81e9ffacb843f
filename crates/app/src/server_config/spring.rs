//! Spring (spring-web): a `CorsConfiguration` behind a `CorsFilter` bean,
//! which Spring Boot puts in front of every request.

use super::{
    comments, common_notes, headline, java_string, refusal_note, route_path, string_list,
    AllowOrigin, Config, Policy, Unsupported,
};

pub fn write(policy: &Policy) -> Result<Config, Unsupported> {
    let mut notes = common_notes(policy);
    notes.extend(refusal_note(
        policy,
        "Spring",
        "with 403 and no CORS headers",
        false,
    ));
    let mut intro = vec![
        "Spring (spring-web; in Spring Boot, spring-boot-starter-web).".to_string(),
        headline(policy),
    ];
    intro.extend(notes.iter().cloned());
    let answer = &policy.answer;
    intro.push(format!(
        "Your controller answers {} {} as before ({}); Spring's CorsFilter adds the CORS headers \
         and answers preflights itself, rejecting with 403 any request its configuration does \
         not allow.",
        policy.method,
        policy.url.path(),
        answer.status
    ));
    // Java reads `\u` escapes even in comments: no backslash may reach one.
    let mut out = comments("// ", &intro).replace('\\', "\\\\");
    let Some(cors) = &policy.cors else {
        out.push_str("// No CORS configuration: no CorsFilter, no @CrossOrigin.\n");
        return Ok(Config { text: out, notes });
    };
    let list = |items: &[String]| format!("List.of({})", string_list(items, java_string));
    out.push_str(
        "import java.util.List;\n\n\
         import org.springframework.context.annotation.Bean;\n\
         import org.springframework.context.annotation.Configuration;\n\
         import org.springframework.web.cors.CorsConfiguration;\n\
         import org.springframework.web.cors.UrlBasedCorsConfigurationSource;\n\
         import org.springframework.web.filter.CorsFilter;\n\n\
         @Configuration\n\
         public class CorsConfig {\n\
         \x20   @Bean\n\
         \x20   public CorsFilter corsFilter() {\n\
         \x20       CorsConfiguration config = new CorsConfiguration();\n",
    );
    let origin = match &cors.origin {
        AllowOrigin::Any => "*".to_string(),
        AllowOrigin::Exact(origin) => origin.clone(),
    };
    out.push_str(&format!(
        "        config.setAllowedOrigins({});\n",
        list(&[origin])
    ));
    out.push_str(&format!(
        "        config.setAllowedMethods({});\n",
        // Spring checks the method itself: GET, HEAD and POST must be listed.
        list(&cors.methods_and_safelisted())
    ));
    if cors.preflight {
        out.push_str(&format!(
            "        config.setAllowedHeaders({});\n",
            list(&cors.headers)
        ));
    }
    if !cors.expose.is_empty() {
        out.push_str(&format!(
            "        config.setExposedHeaders({});\n",
            list(&cors.expose)
        ));
    }
    if cors.credentials {
        out.push_str("        config.setAllowCredentials(true);\n");
    }
    if let Some(max_age) = cors.max_age {
        out.push_str(&format!("        config.setMaxAge({max_age}L);\n"));
    }
    let pattern = route_path(policy).unwrap_or("/**");
    out.push_str(&format!(
        "\n        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();\n\
         \x20       source.registerCorsConfiguration({}, config);\n\
         \x20       return new CorsFilter(source);\n\
         \x20   }}\n\
         }}\n",
        java_string(pattern)
    ));
    Ok(Config { text: out, notes })
}
