//! Fitting text into labels: its width, and where it wraps or is cut short,
//! with the whole text kept for a tooltip.

use super::LabelStyle;

/// How a line of text may be split when it does not fit on one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Split {
    /// Where words end: after a comma or at a space (else inside a word, at a
    /// `/`, `-`, `.`…, else anywhere).
    Words,
    /// `Name: value`: the name and its colon on a line of their own, then the
    /// value, wrapped as words.
    Header,
    /// `METHOD url`: the method alone, then the URL.
    Method,
    /// As words, but a comma is no better a place to break than a space (a
    /// sentence rather than a list).
    Paragraph,
}

/// The estimated width of a text, in pixels.
pub(super) fn text_width(text: &str, style: LabelStyle) -> u32 {
    let chars = u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
    chars.saturating_mul(style.char_width_tenths()).div_ceil(10)
}

/// How many characters fit in `width` pixels.
pub(super) fn chars_in(width: u32, style: LabelStyle) -> usize {
    usize::try_from(width * 10 / style.char_width_tenths()).unwrap_or(usize::MAX)
}

/// The text cut to `max` characters with a final `…`, and the whole text when
/// it was cut.
pub(super) fn fit(text: &str, max: usize) -> (String, Option<String>) {
    if text.chars().count() <= max {
        return (text.to_string(), None);
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    (format!("{}…", kept.trim_end()), Some(text.to_string()))
}

/// Greedy word wrap into at most `max_lines` lines of `max` characters; the
/// last line is cut with ` …` when the text does not fit. Returns each line
/// with the whole text on the line that was cut.
pub(super) fn wrap(text: &str, max: usize, max_lines: usize) -> Vec<(String, Option<String>)> {
    wrap_lines(text, Split::Paragraph, max, max, max_lines)
}

/// Wraps a line of text: at most `first` characters on the first line and
/// `rest` on each following one (drawn indented), at most `max_lines` lines;
/// the last one is cut with ` …` when the text does not fit, and carries the
/// whole text. `split` says where the first break goes (after a header's
/// name, after a method) when the text is too long for one line.
pub(super) fn wrap_lines(
    text: &str,
    split: Split,
    first: usize,
    rest: usize,
    max_lines: usize,
) -> Vec<(String, Option<String>)> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= first {
        return vec![(text.to_string(), None)];
    }
    let (first, rest, max_lines) = (first.max(1), rest.max(1), max_lines.max(1));
    let mut lines: Vec<String> = Vec::new();
    let mut remaining = trim_start(&chars);
    let head = match split {
        Split::Header => chars
            .windows(2)
            .position(|w| w == [':', ' '])
            .map(|i| i + 1),
        Split::Method => chars.iter().position(|c| *c == ' '),
        Split::Words | Split::Paragraph => None,
    };
    let prefer_commas = split != Split::Paragraph;
    if let Some(head) = head.filter(|&h| h > 0 && h <= first) {
        lines.push(chars[..head].iter().collect());
        remaining = trim_start(&chars[head..]);
    }
    while !remaining.is_empty() {
        let max = if lines.is_empty() { first } else { rest };
        if remaining.len() <= max {
            lines.push(remaining.iter().collect());
            break;
        }
        let at = break_at(remaining, max, prefer_commas);
        lines.push(trim_end(&remaining[..at]).iter().collect());
        remaining = trim_start(&remaining[at..]);
    }
    let cut = lines.len() > max_lines;
    lines.truncate(max_lines);
    let mut out: Vec<(String, Option<String>)> = lines.into_iter().map(|l| (l, None)).collect();
    if cut {
        let max = if max_lines == 1 { first } else { rest };
        if let Some((line, full)) = out.last_mut() {
            let shown: String = line.chars().take(max.saturating_sub(2)).collect();
            *line = format!("{} …", shown.trim_end());
            *full = Some(text.to_string());
        }
    }
    out
}

/// Where to end a line of at most `max` characters taken from `chars`, which
/// is longer: after the last comma that fits if `prefer_commas` (unless that
/// leaves the line under a quarter full), else at the last space; else inside
/// a word, before the last `/`, `?`, `&` or `#` that fits (the parts of a URL
/// or a MIME type), else after the last `.`, `;` or `=`, else after the last
/// `-` or `_`; else after `max` characters.
fn break_at(chars: &[char], max: usize, prefer_commas: bool) -> usize {
    let max = max.min(chars.len()).max(1);
    let last = |from: usize, allowed: &dyn Fn(char, char) -> bool| {
        (from..=max).rev().find(|&i| {
            let (before, after) = (chars[i - 1], chars.get(i).copied().unwrap_or(' '));
            allowed(before, after)
        })
    };
    let at_comma =
        || last(1, &|before, _| before == ',').filter(|&i| prefer_commas && i * 4 >= max);
    let at_space = || {
        last(1, &|before, after| {
            before == ' ' || after == ' ' || before == ','
        })
    };
    let before_part = || {
        last(2, &|before, after| {
            matches!(after, '/' | '?' | '&' | '#') && !matches!(before, '/' | ':')
        })
    };
    let after_dot = || last(2, &|before, _| matches!(before, '.' | ';' | '='));
    let after_dash = || last(2, &|before, _| matches!(before, '-' | '_'));
    at_comma()
        .or_else(at_space)
        .or_else(before_part)
        .or_else(after_dot)
        .or_else(after_dash)
        .unwrap_or(max)
}

fn trim_start(chars: &[char]) -> &[char] {
    let start = chars.iter().position(|c| *c != ' ').unwrap_or(chars.len());
    &chars[start..]
}

fn trim_end(chars: &[char]) -> &[char] {
    let end = chars.iter().rposition(|c| *c != ' ').map_or(0, |i| i + 1);
    &chars[..end]
}
