//! Cable markup syntax: the model, the per-line lexer, the assembler and the
//! incremental re-lexer. No protocol types here; everything is byte offsets.

/// Declares built-in patterns: a lazily compiled `static` per pattern, and
/// a list of all of them by name, which the compile test and the worst-case
/// benchmark go through.
macro_rules! patterns {
    ($list:ident: $($(#[$doc:meta])* $name:ident = $source:expr;)+) => {
        $(
            $(#[$doc])*
            static $name: std::sync::LazyLock<regex::Regex> =
                std::sync::LazyLock::new(|| $crate::syntax::pattern($source));
        )+
        /// Every pattern declared in this module, by name.
        pub(crate) static $list: &[(&str, &std::sync::LazyLock<regex::Regex>)] =
            &[$((stringify!($name), &$name)),+];
    };
}
pub(crate) use patterns;

use std::sync::LazyLock;

mod assemble;
mod cursor;
pub mod date;
mod detect;
mod incremental;
pub mod lexer;
pub mod line;
mod line_scan;
pub mod model;
pub mod residue;
mod shift;

pub use detect::looks_like_cable;
pub use incremental::LexedText;
pub use lexer::lex_body::mark_level;
pub use lexer::lex_header::{MONTH_NAMES, month_number};
pub use model::*;

/// Compiles one of the lexer's built-in patterns. They are constants, each
/// compiled by the unit tests, so a failure here is a bug in this crate.
pub(crate) fn pattern(source: &str) -> regex::Regex {
    regex::Regex::new(source).unwrap_or_else(|e| panic!("built-in pattern {source:?}: {e}"))
}

/// The lexer's patterns, by name and source.
pub(crate) fn lexer_patterns()
-> impl Iterator<Item = &'static (&'static str, &'static LazyLock<regex::Regex>)> {
    lexer::lex_header::HEADER_PATTERNS
        .iter()
        .chain(lexer::lex_fields::FIELD_PATTERNS)
        .chain(lexer::lex_fields::KEYWORD_PATTERNS)
        .chain(lexer::lex_body::BODY_PATTERNS)
        .chain(line_scan::SCAN_PATTERNS)
}

/// Parses a whole text in one pass.
pub fn parse(text: &str) -> Cable {
    LexedText::new(text).assemble(text)
}
