//! Where a problem of the scenario is, in the editors' words: the core names
//! it by its JSON path (`server[0].headers[1][0]`), which is the scenario
//! file's vocabulary, not the screen's.

/// `server[0].headers[1][0]` → "response 1, header 2, name".
pub fn place(path: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for segment in path.split('.') {
        let (name, indices) = segment.split_once('[').unwrap_or((segment, ""));
        let numbers: Vec<usize> = indices
            .split(['[', ']'])
            .filter_map(|n| n.parse().ok())
            .collect();
        let word = match name {
            "server" => "response",
            "headers" => "header",
            "url" => "URL",
            "page" => "page URL",
            other => other,
        };
        match numbers.as_slice() {
            [] => words.push(word.to_string()),
            [i, rest @ ..] => {
                words.push(format!("{word} {}", i + 1));
                if let [part] = rest {
                    words.push(if *part == 0 { "name" } else { "value" }.to_string());
                }
            }
        }
    }
    words.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_the_editors_name_things() {
        let table = [
            ("page", "page URL"),
            ("request.url", "request, URL"),
            ("request.headers[1][0]", "request, header 2, name"),
            ("server[0].status", "response 1, status"),
            ("server[2].headers[0][1]", "response 3, header 1, value"),
        ];
        for (path, want) in table {
            assert_eq!(place(path), want, "{path}");
        }
    }
}
