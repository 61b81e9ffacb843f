//! UTS 46's mapping natively: ICU4X's compiled data, as crates.io's
//! `idna_adapter` gives it.

use icu_normalizer::uts46::Uts46MapperBorrowed;

static MAPPER: Uts46MapperBorrowed<'static> = Uts46MapperBorrowed::new();

pub(crate) fn map_normalize<'a>(
    chars: impl Iterator<Item = char> + 'a,
) -> impl Iterator<Item = char> + 'a {
    MAPPER.map_normalize(chars)
}

pub(crate) fn normalize_validate<'a>(
    chars: impl Iterator<Item = char> + 'a,
) -> impl Iterator<Item = char> + 'a {
    MAPPER.normalize_validate(chars)
}
