//! [MIME types](https://mimesniff.spec.whatwg.org/#mime-type-representation) and
//! the MIME Sniffing standard's
//! [parse a MIME type](https://mimesniff.spec.whatwg.org/#parse-a-mime-type)
//! algorithm, which Fetch uses to decide whether a `Content-Type` is safelisted.

use std::fmt;

use crate::infra::{
    collect_code_points, collect_http_quoted_string, is_http_quoted_string_token_code_point,
    is_http_token_code_point, is_http_whitespace,
};

/// A [MIME type record](https://mimesniff.spec.whatwg.org/#mime-type): type and
/// subtype in ASCII lower case, parameters in order with lower-case names.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct MimeType {
    pub type_: String,
    pub subtype: String,
    pub parameters: Vec<(String, String)>,
}

impl MimeType {
    /// The [essence](https://mimesniff.spec.whatwg.org/#mime-type-essence): `type/subtype`.
    pub fn essence(&self) -> String {
        format!("{}/{}", self.type_, self.subtype)
    }

    /// The value of the parameter named `name` (lower case), if any.
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// [Serialize a MIME type](https://mimesniff.spec.whatwg.org/#serialize-a-mime-type).
impl fmt::Display for MimeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Step 1. "Let serialization be the concatenation of mimeType's type,
        // U+002F (/), and mimeType's subtype."
        write!(f, "{}/{}", self.type_, self.subtype)?;
        // Step 2. "For each name → value of mimeType's parameters:"
        for (name, value) in &self.parameters {
            write!(f, ";{name}=")?;
            // Step 2.4. "If value does not solely contain HTTP token code points
            // or value is the empty string, then:" quote it, escaping " and \.
            if value.is_empty() || !value.chars().all(is_http_token_code_point) {
                f.write_str("\"")?;
                for c in value.chars() {
                    if c == '"' || c == '\\' {
                        f.write_str("\\")?;
                    }
                    write!(f, "{c}")?;
                }
                f.write_str("\"")?;
            } else {
                f.write_str(value)?;
            }
        }
        Ok(())
    }
}

fn solely_token_code_points(s: &str) -> bool {
    s.chars().all(is_http_token_code_point)
}

/// [Parse a MIME type](https://mimesniff.spec.whatwg.org/#parse-a-mime-type);
/// `None` is the standard's failure.
pub fn parse_mime_type(input: &str) -> Option<MimeType> {
    let all: Vec<char> = input.chars().collect();
    // Step 1. "Remove any leading and trailing HTTP whitespace from input."
    let start = all
        .iter()
        .position(|&c| !is_http_whitespace(c))
        .unwrap_or(all.len());
    let end = all
        .iter()
        .rposition(|&c| !is_http_whitespace(c))
        .map_or(start, |last| last + 1);
    let input = all.get(start..end).unwrap_or_default();

    // Step 2. "Let position be a position variable for input, initially pointing
    // at the start of input."
    let mut position = 0;

    // Step 3. "Let type be the result of collecting a sequence of code points
    // that are not U+002F (/) from input, given position."
    let type_ = collect_code_points(input, &mut position, |c| c != '/');

    // Step 4. "If type is the empty string or does not solely contain HTTP token
    // code points, then return failure."
    if type_.is_empty() || !solely_token_code_points(&type_) {
        return None;
    }

    // Step 5. "If position is past the end of input, then return failure."
    if position >= input.len() {
        return None;
    }

    // Step 6. "Advance position by 1. (This skips past U+002F (/).)"
    position += 1;

    // Step 7. "Let subtype be the result of collecting a sequence of code points
    // that are not U+003B (;) from input, given position."
    let subtype = collect_code_points(input, &mut position, |c| c != ';');

    // Step 8. "Remove any trailing HTTP whitespace from subtype."
    let subtype = subtype.trim_end_matches(is_http_whitespace);

    // Step 9. "If subtype is the empty string or does not solely contain HTTP
    // token code points, then return failure."
    if subtype.is_empty() || !solely_token_code_points(subtype) {
        return None;
    }

    // Step 10. "Let mimeType be a new MIME type record whose type is type, in
    // ASCII lowercase, and subtype is subtype, in ASCII lowercase."
    let mut mime_type = MimeType {
        type_: type_.to_ascii_lowercase(),
        subtype: subtype.to_ascii_lowercase(),
        parameters: Vec::new(),
    };

    // Step 11. "While position is not past the end of input:"
    while position < input.len() {
        // Step 11.1. "Advance position by 1. (This skips past U+003B (;).)"
        position += 1;

        // Step 11.2. "Collect a sequence of code points that are HTTP whitespace
        // from input given position."
        collect_code_points(input, &mut position, is_http_whitespace);

        // Step 11.3. "Let parameterName be the result of collecting a sequence of
        // code points that are not U+003B (;) or U+003D (=) from input, given
        // position."
        let parameter_name = collect_code_points(input, &mut position, |c| c != ';' && c != '=');

        // Step 11.4. "Set parameterName to parameterName, in ASCII lowercase."
        let parameter_name = parameter_name.to_ascii_lowercase();

        // Step 11.5. "If position is not past the end of input, then:"
        if position < input.len() {
            // Step 11.5.1. "If the code point at position within input is U+003B
            // (;), then continue."
            if input.get(position) == Some(&';') {
                continue;
            }
            // Step 11.5.2. "Advance position by 1. (This skips past U+003D (=).)"
            position += 1;
        }

        // Step 11.6. "If position is past the end of input, then break."
        if position >= input.len() {
            break;
        }

        // Step 11.7. "Let parameterValue be null."
        let parameter_value;

        // Step 11.8. "If the code point at position within input is U+0022 ("), then:"
        if input.get(position) == Some(&'"') {
            // Step 11.8.1. "Set parameterValue to the result of collecting an HTTP
            // quoted string from input, given position and true."
            parameter_value = collect_http_quoted_string(input, &mut position, true);
            // Step 11.8.2. "Collect a sequence of code points that are not U+003B
            // (;) from input, given position."
            collect_code_points(input, &mut position, |c| c != ';');
        } else {
            // Step 11.9.1. "Set parameterValue to the result of collecting a
            // sequence of code points that are not U+003B (;) from input, given
            // position."
            let value = collect_code_points(input, &mut position, |c| c != ';');
            // Step 11.9.2. "Remove any trailing HTTP whitespace from parameterValue."
            let value = value.trim_end_matches(is_http_whitespace);
            // Step 11.9.3. "If parameterValue is the empty string, then continue."
            if value.is_empty() {
                continue;
            }
            parameter_value = value.to_string();
        }

        // Step 11.10. "If all of the following are true [parameterName is not the
        // empty string; parameterName solely contains HTTP token code points;
        // parameterValue solely contains HTTP quoted-string token code points;
        // mimeType's parameters[parameterName] does not exist] then set
        // mimeType's parameters[parameterName] to parameterValue."
        if !parameter_name.is_empty()
            && solely_token_code_points(&parameter_name)
            && parameter_value
                .chars()
                .all(is_http_quoted_string_token_code_point)
            && mime_type.parameter(&parameter_name).is_none()
        {
            mime_type.parameters.push((parameter_name, parameter_value));
        }
    }

    // Step 12. "Return mimeType."
    Some(mime_type)
}

#[cfg(test)]
mod tests;
