//! The Unicode back end of the `idna` crate, which `url` uses to turn a host
//! such as `bücher.example` into `xn--bcher-kva.example` ([URL standard,
//! domain to ASCII](https://url.spec.whatwg.org/#concept-domain-to-ascii),
//! which runs [UTS 46](https://www.unicode.org/reports/tr46/#Processing)).
//!
//! `idna` does the processing itself and asks its back end for two things:
//! - **the character properties** its validity criteria read (Bidi_Class,
//!   Joining_Type, whether a character is a mark or a virama): from ICU4X's
//!   compiled data, everywhere;
//! - **the mapping and normalization** of UTS 46 (the "Map" and "Normalize"
//!   steps, and the same check on a label decoded from Punycode): from ICU4X
//!   natively, but in WebAssembly from the URL parser of the browser that runs
//!   the app (`browser_mapping`). Its tables are most of the 46 kB gzip that
//!   IDN costs the app's first load, and every browser holds them already.
//!
//! The workspace puts this crate in place of `idna_adapter` from crates.io
//! (`[patch.crates-io]` in the root `Cargo.toml`), whose API it keeps.
//! `tests/idn/hosts.json` holds the hosts both builds must map alike: the
//! command line's tests read it natively, the app's component tests in
//! Chromium.

#![no_std]

extern crate alloc;

#[cfg(target_arch = "wasm32")]
mod browser_mapping;
#[cfg(not(target_arch = "wasm32"))]
mod icu_mapping;
#[cfg(any(target_arch = "wasm32", test))]
mod punycode;

#[cfg(target_arch = "wasm32")]
use browser_mapping as mapping;
#[cfg(not(target_arch = "wasm32"))]
use icu_mapping as mapping;

use icu_properties::props::{
    BidiClass as Bidi, CanonicalCombiningClass, GeneralCategory, JoiningType as Joining,
};
use icu_properties::{CodePointMapData, CodePointMapDataBorrowed};

/// A character's Joining_Type, which the CONTEXTJ rule for U+200C reads.
#[derive(Clone, Copy)]
pub struct JoiningType(Joining);

impl JoiningType {
    pub fn to_mask(self) -> JoiningTypeMask {
        JoiningTypeMask(joining_bit(self.0))
    }

    pub fn is_transparent(self) -> bool {
        self.0 == Joining::Transparent
    }
}

/// A set of Joining_Type values.
#[derive(Clone, Copy)]
pub struct JoiningTypeMask(u32);

impl JoiningTypeMask {
    pub fn intersects(self, other: JoiningTypeMask) -> bool {
        self.0 & other.0 != 0
    }
}

// ICU4X's numbering of the values (ICU4C's, which it keeps) gives each its
// own bit; the masks are opaque to `idna`.
#[allow(deprecated)]
const fn joining_bit(joining: Joining) -> u32 {
    1 << joining.to_icu4c_value()
}

pub const LEFT_OR_DUAL_JOINING_MASK: JoiningTypeMask =
    JoiningTypeMask(joining_bit(Joining::LeftJoining) | joining_bit(Joining::DualJoining));
pub const RIGHT_OR_DUAL_JOINING_MASK: JoiningTypeMask =
    JoiningTypeMask(joining_bit(Joining::RightJoining) | joining_bit(Joining::DualJoining));

/// A character's Bidi_Class, which the Bidi rule of RFC 5893 reads.
#[derive(Clone, Copy)]
pub struct BidiClass(Bidi);

impl BidiClass {
    pub fn to_mask(self) -> BidiClassMask {
        BidiClassMask(bidi_bit(self.0))
    }

    pub fn is_ltr(self) -> bool {
        self.0 == Bidi::LeftToRight
    }

    pub fn is_nonspacing_mark(self) -> bool {
        self.0 == Bidi::NonspacingMark
    }

    pub fn is_european_number(self) -> bool {
        self.0 == Bidi::EuropeanNumber
    }

    pub fn is_arabic_number(self) -> bool {
        self.0 == Bidi::ArabicNumber
    }
}

/// A set of Bidi_Class values.
#[derive(Clone, Copy)]
pub struct BidiClassMask(u32);

impl BidiClassMask {
    pub fn intersects(self, other: BidiClassMask) -> bool {
        self.0 & other.0 != 0
    }
}

#[allow(deprecated)]
const fn bidi_bit(class: Bidi) -> u32 {
    1 << class.to_icu4c_value()
}

/// The classes of the Bidi rule's conditions (RFC 5893, section 2), as
/// `idna` names them.
pub const RTL_MASK: BidiClassMask = BidiClassMask(
    bidi_bit(Bidi::RightToLeft) | bidi_bit(Bidi::ArabicLetter) | bidi_bit(Bidi::ArabicNumber),
);
pub const FIRST_BC_MASK: BidiClassMask = BidiClassMask(
    bidi_bit(Bidi::LeftToRight) | bidi_bit(Bidi::RightToLeft) | bidi_bit(Bidi::ArabicLetter),
);
pub const LAST_LTR_MASK: BidiClassMask =
    BidiClassMask(bidi_bit(Bidi::LeftToRight) | bidi_bit(Bidi::EuropeanNumber));
pub const LAST_RTL_MASK: BidiClassMask = BidiClassMask(
    bidi_bit(Bidi::RightToLeft)
        | bidi_bit(Bidi::ArabicLetter)
        | bidi_bit(Bidi::EuropeanNumber)
        | bidi_bit(Bidi::ArabicNumber),
);
/// Either direction's middle may hold these.
const MIDDLE_NEUTRAL: u32 = bidi_bit(Bidi::EuropeanNumber)
    | bidi_bit(Bidi::EuropeanSeparator)
    | bidi_bit(Bidi::CommonSeparator)
    | bidi_bit(Bidi::EuropeanTerminator)
    | bidi_bit(Bidi::OtherNeutral)
    | bidi_bit(Bidi::BoundaryNeutral)
    | bidi_bit(Bidi::NonspacingMark);
pub const MIDDLE_LTR_MASK: BidiClassMask =
    BidiClassMask(MIDDLE_NEUTRAL | bidi_bit(Bidi::LeftToRight));
pub const MIDDLE_RTL_MASK: BidiClassMask = BidiClassMask(
    MIDDLE_NEUTRAL
        | bidi_bit(Bidi::RightToLeft)
        | bidi_bit(Bidi::ArabicLetter)
        | bidi_bit(Bidi::ArabicNumber),
);

/// What `idna` asks of its back end.
pub struct Adapter {
    general_category: CodePointMapDataBorrowed<'static, GeneralCategory>,
    combining_class: CodePointMapDataBorrowed<'static, CanonicalCombiningClass>,
    bidi_class: CodePointMapDataBorrowed<'static, Bidi>,
    joining_type: CodePointMapDataBorrowed<'static, Joining>,
}

impl Default for Adapter {
    fn default() -> Self {
        Self::new()
    }
}

impl Adapter {
    pub const fn new() -> Self {
        Self {
            general_category: CodePointMapData::<GeneralCategory>::new(),
            combining_class: CodePointMapData::<CanonicalCombiningClass>::new(),
            bidi_class: CodePointMapData::<Bidi>::new(),
            joining_type: CodePointMapData::<Joining>::new(),
        }
    }

    /// Whether `c`'s Canonical_Combining_Class is Virama (CONTEXTJ lets a
    /// joiner follow one).
    pub fn is_virama(&self, c: char) -> bool {
        self.combining_class.get(c) == CanonicalCombiningClass::Virama
    }

    /// Whether `c` is a mark (General_Category M), which may not begin a label.
    pub fn is_mark(&self, c: char) -> bool {
        matches!(
            self.general_category.get(c),
            GeneralCategory::NonspacingMark
                | GeneralCategory::SpacingMark
                | GeneralCategory::EnclosingMark
        )
    }

    pub fn bidi_class(&self, c: char) -> BidiClass {
        BidiClass(self.bidi_class.get(c))
    }

    pub fn joining_type(&self, c: char) -> JoiningType {
        JoiningType(self.joining_type.get(c))
    }

    /// UTS 46's "Map" and "Normalize" steps on a part of a domain: ignored
    /// characters dropped, mapped ones mapped, deviations kept
    /// (nontransitional, as every browser processes), the result in NFC, a
    /// disallowed character (or, from the browser, any error) as U+FFFD.
    pub fn map_normalize<'a, I: Iterator<Item = char> + 'a>(
        &'a self,
        chars: I,
    ) -> impl Iterator<Item = char> + 'a {
        mapping::map_normalize(chars)
    }

    /// The validity criteria's status and NFC checks on a label decoded from
    /// Punycode: `idna` compares the result with the label, and any
    /// difference (a mapped, ignored or disallowed character, or a label not
    /// in NFC) is an error.
    pub fn normalize_validate<'a, I: Iterator<Item = char> + 'a>(
        &'a self,
        chars: I,
    ) -> impl Iterator<Item = char> + 'a {
        mapping::normalize_validate(chars)
    }
}
