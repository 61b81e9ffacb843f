//! Headers: lists, names and values, and the header predicates of Fetch.
//!
//! Sits on [`crate::infra`] (the parsing primitives), [`crate::method`] (a
//! method-override header naming a forbidden method is forbidden) and
//! [`crate::mime`] (a safelisted `Content-Type` is parsed as a MIME type).

mod allow_list;
mod chromium_safelist;
mod firefox_safelist;
mod forbidden;
mod list;
mod name_value;
mod range;
mod safelist;
mod webkit;

pub use allow_list::{parse_allow_list, AllowListError};
pub use chromium_safelist::{
    chromium_safelisted_request_header, chromium_safelisted_request_header_names,
};
pub use firefox_safelist::{firefox_safelisted_request_header, refused_by_firefox_only};
pub use forbidden::{
    forbidden_request_header, is_forbidden_response_header_name, Forbidden,
    CHROMIUM_ONLY_FORBIDDEN_REQUEST_HEADER_NAMES, FORBIDDEN_REQUEST_HEADER_NAMES,
    FORBIDDEN_REQUEST_HEADER_PREFIXES, FORBIDDEN_RESPONSE_HEADER_NAMES,
    METHOD_OVERRIDE_HEADER_NAMES,
};
pub use webkit::{webkit_header_map_order, webkit_safelisted_request_header};
// The parsing primitives live in `crate::infra`; these are re-exported here,
// where the app and the command line use them.
pub use crate::infra::{
    is_http_tab_or_space_byte, is_http_token_code_point, is_http_whitespace_byte, is_token,
    isomorphic_decode,
};
pub use list::{Header, HeaderList};
pub use name_value::{
    get_decode_and_split, header_name_problem, header_value_problem, is_header_name,
    is_header_value, normalize_header_value, HeaderNameProblem, HeaderValueProblem,
};
pub use range::parse_single_range_header_value;
pub use safelist::{
    cors_safelisted_request_header, cors_unsafe_request_header_names,
    cors_unsafe_request_header_names_by, is_cors_safelisted_response_header_name,
    is_cors_safelisted_response_header_name_given, is_cors_unsafe_request_header_byte,
    no_cors_safelisted_request_header, no_cors_safelisted_request_header_by, NotSafelisted,
    UnsafeBecause, UnsafeHeaderName, CORS_SAFELISTED_CONTENT_TYPE_ESSENCES,
    CORS_SAFELISTED_REQUEST_HEADER_NAMES, CORS_SAFELISTED_RESPONSE_HEADER_NAMES,
    CORS_SAFELISTED_TOTAL_MAX_LEN, CORS_SAFELISTED_VALUE_MAX_LEN,
    NO_CORS_SAFELISTED_REQUEST_HEADER_NAMES,
};
