//! What a fix changes, response by response, in words: each entry of the
//! fixed draft against the entry it came from.

use super::fixer::Fixer;
use super::Change;
use crate::draft::Headers;

impl Fixer<'_> {
    /// The changes, response by response: what differs between each entry
    /// of the fixed draft and the entry it came from.
    pub(super) fn changes(&self) -> Vec<Change> {
        let mut changes = Vec::new();
        for (index, (entry, meta)) in self.draft.server.iter().zip(&self.meta).enumerate() {
            let label = meta.label();
            let mut push = |summary: String| {
                changes.push(Change {
                    response: index,
                    summary,
                })
            };
            let Some(original) = meta.original.and_then(|i| self.original.server.get(i)) else {
                let headers = if entry.headers.is_empty() {
                    String::new()
                } else {
                    let list: Vec<String> = entry
                        .headers
                        .iter()
                        .map(|(n, v)| format!("`{n}: {v}`"))
                        .collect();
                    format!(" with {}", list.join(", "))
                };
                push(format!(
                    "Add a {} to {}: status {}{headers}",
                    meta.noun, meta.request, entry.status
                ));
                continue;
            };
            if original.status != entry.status {
                push(format!(
                    "Answer with status {} instead of {} in {label}",
                    entry.status, original.status
                ));
            }
            for summary in header_changes(&original.headers, &entry.headers, &label) {
                push(summary);
            }
        }
        changes
    }
}
/// Describes how the headers named alike differ between `before` and `after`.
fn header_changes(before: &Headers, after: &Headers, label: &str) -> Vec<String> {
    let mut names: Vec<&str> = Vec::new();
    for (name, _) in after.iter().chain(before) {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name);
        }
    }
    let values = |headers: &Headers, name: &str| -> Vec<String> {
        headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .collect()
    };
    let quoted = |values: &[String]| -> String {
        let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        match list.as_slice() {
            [one] => one.clone(),
            _ => format!("{} headers: {}", list.len(), list.join(" and ")),
        }
    };
    let mut summaries = Vec::new();
    for name in names {
        let old = values(before, name);
        let new = values(after, name);
        if old == new {
            continue;
        }
        let summary = match (old.as_slice(), new.as_slice()) {
            ([], _) => {
                let added: Vec<String> = new.iter().map(|v| format!("`{name}: {v}`")).collect();
                format!("Add {} to {label}", added.join(" and "))
            }
            (_, []) => {
                let removed: Vec<String> = old.iter().map(|v| format!("`{name}: {v}`")).collect();
                format!("Remove {} from {label}", removed.join(" and "))
            }
            _ => match appended(&old, &new) {
                Some(items) => format!(
                    "Add `{items}` to `{name}` in {label} (now `{}`)",
                    new.join(", ")
                ),
                None => format!(
                    "Set `{name}: {}` in {label} (was {})",
                    new.join(", "),
                    quoted(&old)
                ),
            },
        };
        summaries.push(summary);
    }
    summaries
}

/// When `new` is `old` with items appended to its last value, those items.
fn appended(old: &[String], new: &[String]) -> Option<String> {
    let (old_last, old_rest) = old.split_last()?;
    let (new_last, new_rest) = new.split_last()?;
    if old_rest != new_rest {
        return None;
    }
    let tail = new_last.strip_prefix(old_last.trim_end())?;
    let items = tail.strip_prefix(", ")?;
    (!items.is_empty()).then(|| items.to_string())
}
