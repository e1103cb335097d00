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

/// Parses a whole text in one pass.
pub fn parse(text: &str) -> Cable {
    LexedText::new(text).cable()
}
