//! Cable markup syntax: the model, the per-line lexer, the assembler and the
//! incremental re-lexer. No protocol types here; everything is byte offsets.

mod assemble;
pub mod date;
mod detect;
mod incremental;
mod lex_body;
mod lex_fields;
mod lex_header;
pub mod lexer;
pub mod model;
mod shift;

pub use detect::looks_like_cable;
pub use incremental::LexedText;
pub use lex_body::mark_level;
pub use lex_header::month_number;
pub use model::*;

/// Compiles one of the lexer's built-in patterns. They are constants, each
/// compiled by the unit tests, so a failure here is a bug in this crate.
pub(crate) fn pattern(source: &str) -> regex::Regex {
    regex::Regex::new(source).unwrap_or_else(|e| panic!("built-in pattern {source:?}: {e}"))
}

/// Parses a whole text in one pass.
pub fn parse(text: &str) -> Cable {
    LexedText::new(text).cable()
}
