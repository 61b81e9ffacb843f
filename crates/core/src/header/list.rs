//! [Header lists](https://fetch.spec.whatwg.org/#concept-header-list): ordered,
//! names may repeat, values kept as the raw bytes so that an invalid one can be
//! explained rather than silently dropped.

use crate::infra::isomorphic_decode;

/// One [header](https://fetch.spec.whatwg.org/#concept-header): a name as typed
/// (case kept) and its value as bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub value: Vec<u8>,
}

impl Header {
    pub fn new(name: impl Into<String>, value: impl Into<Vec<u8>>) -> Self {
        Header {
            name: name.into(),
            value: value.into(),
        }
    }

    /// The value shown to a person: bytes read as Latin-1 (isomorphic decode).
    pub fn value_lossy(&self) -> String {
        isomorphic_decode(&self.value)
    }
}

/// An ordered list of headers in which names may repeat.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderList(pub Vec<Header>);

impl HeaderList {
    pub fn new() -> Self {
        HeaderList(Vec::new())
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Header> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// [Contains](https://fetch.spec.whatwg.org/#header-list-contains): a
    /// byte-case-insensitive name match.
    pub fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|h| h.name.eq_ignore_ascii_case(name))
    }

    /// [Get](https://fetch.spec.whatwg.org/#concept-header-list-get): the values
    /// of every header with this name, in order, joined by `, `; `None` when
    /// there is none.
    pub fn get(&self, name: &str) -> Option<Vec<u8>> {
        let mut values = self
            .0
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_slice());
        let first = values.next()?;
        let mut combined = first.to_vec();
        for value in values {
            combined.extend_from_slice(b", ");
            combined.extend_from_slice(value);
        }
        Some(combined)
    }

    /// Every value of this name, separately, in order.
    pub fn get_all(&self, name: &str) -> Vec<&[u8]> {
        self.0
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_slice())
            .collect()
    }

    /// [Append](https://fetch.spec.whatwg.org/#concept-header-list-append).
    pub fn append(&mut self, header: Header) {
        self.0.push(header);
    }

    /// [Delete](https://fetch.spec.whatwg.org/#concept-header-list-delete).
    pub fn delete(&mut self, name: &str) {
        self.0.retain(|h| !h.name.eq_ignore_ascii_case(name));
    }

    /// [Set](https://fetch.spec.whatwg.org/#concept-header-list-set): replace
    /// the first header of this name and remove the others, or append.
    pub fn set(&mut self, header: Header) {
        match self
            .0
            .iter_mut()
            .enumerate()
            .find(|(_, h)| h.name.eq_ignore_ascii_case(&header.name))
        {
            Some((first, existing)) => {
                existing.value = header.value;
                let name = header.name;
                let mut index = 0;
                self.0.retain(|h| {
                    index += 1;
                    index - 1 == first || !h.name.eq_ignore_ascii_case(&name)
                });
            }
            None => self.0.push(header),
        }
    }
}

impl FromIterator<Header> for HeaderList {
    fn from_iter<I: IntoIterator<Item = Header>>(iter: I) -> Self {
        HeaderList(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(pairs: &[(&str, &str)]) -> HeaderList {
        pairs
            .iter()
            .map(|(n, v)| Header::new(*n, v.as_bytes()))
            .collect()
    }

    #[test]
    fn get_combines_repeated_names_in_order() {
        let headers = list(&[("Accept", "a"), ("X", "1"), ("accept", "b")]);
        assert_eq!(headers.get("ACCEPT"), Some(b"a, b".to_vec()));
        assert_eq!(headers.get("missing"), None);
    }

    #[test]
    fn set_replaces_first_and_drops_the_rest() {
        let mut headers = list(&[("A", "1"), ("B", "2"), ("a", "3")]);
        headers.set(Header::new("a", b"9".to_vec()));
        assert_eq!(headers, list(&[("A", "9"), ("B", "2")]));
    }
}
