//! Punycode decoding ([RFC 3492, section 6.2](https://www.rfc-editor.org/rfc/rfc3492#section-6.2)):
//! the browser answers with an ASCII host, and `idna` wants the mapped
//! characters back.

use alloc::vec::Vec;

// RFC 3492, section 5: "Parameter values for Punycode".
const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 0x80;

/// The code points that `encoded` (a label without its `xn--`) stands for,
/// or `None` if it is not valid Punycode or would be longer than `max`
/// (each code point is inserted into what is decoded so far, so the time
/// grows with the square of the length).
pub(crate) fn decode(encoded: &str, max: usize) -> Option<Vec<char>> {
    // "Let b be the number of input code points before the last delimiter,
    // or 0 if there is none, then copy the first b code points to the
    // output."
    let (basic, deltas) = match encoded.rfind('-') {
        Some(last) => (&encoded[..last], &encoded[last + 1..]),
        None => ("", encoded),
    };
    if !basic.is_ascii() || basic.len() > max {
        return None;
    }
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut digits = deltas.bytes();
    let mut next = digits.next();
    while next.is_some() {
        // Decode one generalized variable-length integer into a delta,
        // which gets added to i.
        let old_i = i;
        let mut weight = 1u32;
        let mut k = BASE;
        loop {
            let digit = value_of(next?)?;
            next = digits.next();
            i = i.checked_add(digit.checked_mul(weight)?)?;
            let threshold = if k <= bias {
                T_MIN
            } else if k >= bias + T_MAX {
                T_MAX
            } else {
                k - bias
            };
            if digit < threshold {
                break;
            }
            weight = weight.checked_mul(BASE - threshold)?;
            k += BASE;
        }
        if output.len() >= max {
            return None;
        }
        let length = u32::try_from(output.len()).ok()? + 1;
        bias = adapt(i - old_i, length, old_i == 0);
        n = n.checked_add(i / length)?;
        i %= length;
        output.insert(usize::try_from(i).ok()?, char::from_u32(n)?);
        i += 1;
    }
    Some(output)
}

fn value_of(digit: u8) -> Option<u32> {
    match digit {
        b'a'..=b'z' => Some(u32::from(digit - b'a')),
        b'A'..=b'Z' => Some(u32::from(digit - b'A')),
        b'0'..=b'9' => Some(u32::from(digit - b'0') + 26),
        _ => None,
    }
}

/// RFC 3492, section 6.1: "Bias adaptation function".
fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

#[cfg(test)]
mod tests {
    use super::decode;
    use alloc::format;
    use alloc::string::String;

    fn decoded(encoded: &str) -> Option<String> {
        decode(encoded, 100).map(|chars| chars.into_iter().collect())
    }

    #[test]
    fn decodes_labels_from_rfc_3492_and_the_web() {
        assert_eq!(decoded("bcher-kva").as_deref(), Some("bücher"));
        assert_eq!(decoded("vil-9la").as_deref(), Some("évil"));
        // RFC 3492, section 7.1, (A) Arabic (Egyptian).
        assert_eq!(
            decoded("egbpdaj6bu4bxfgehfvwxn").as_deref(),
            Some("\u{644}\u{64a}\u{647}\u{645}\u{627}\u{628}\u{62a}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64a}\u{61f}")
        );
        // (B) Chinese (simplified).
        assert_eq!(
            decoded("ihqwcrb4cv8a8dqg056pqjye").as_deref(),
            Some("他们为什么不说中文")
        );
        // Basic code points before the delimiter, and no delimiter at all.
        assert_eq!(decoded("fa-hia").as_deref(), Some("faß"));
        assert_eq!(decoded("4ca").as_deref(), Some("ä"));
    }

    #[test]
    fn rejects_what_is_not_punycode() {
        assert_eq!(decoded("a!b"), None);
        assert_eq!(decoded("ü-abc"), None);
        // Overflow of the code point counter.
        assert_eq!(decoded("99999999999"), None);
    }

    #[test]
    fn stops_at_the_length_it_is_given() {
        // "ää": two code points.
        assert_eq!(decode("4caa", 2).map(|c| c.len()), Some(2));
        assert_eq!(decode("4caa", 1), None);
        // As many basic code points as it may hold, and one more.
        let basic = |n: usize| format!("{}-", "a".repeat(n));
        assert_eq!(decode(&basic(100), 100).map(|c| c.len()), Some(100));
        assert_eq!(decode(&basic(101), 100), None);
    }
}
