//! Analyses over the syntax model: pure functions, byte offsets only.

mod check_entities;
mod check_header;
mod check_paragraphs;
pub mod diagnostic;
pub mod names;
mod tag_suggest;

pub use check_header::cable_date;
pub use diagnostic::{Code, Diagnostic, Related, Severity};

use crate::syntax::Cable;

/// Every diagnostic for a parsed cable, sorted by position.
pub fn diagnose(text: &str, cable: &Cable) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_header::check(text, cable, &mut out);
    check_paragraphs::check(cable, &mut out);
    check_entities::check(text, cable, &mut out);
    out.sort_by_key(|d| (d.span.start, d.span.end, d.code));
    out
}
