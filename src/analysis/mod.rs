//! Analyses over the syntax model: pure functions, byte offsets only.

mod check_entities;
mod check_file;
mod check_header;
mod check_paragraphs;
pub mod diagnostic;
mod tag_suggest;

pub use diagnostic::{Code, Diagnostic, Related, Severity};

use crate::syntax::{Cable, Relation};

/// Most diagnostics reported for one document; past this, one
/// `file/more-not-shown` diagnostic says how many more there are.
pub const MAX_DIAGNOSTICS: usize = 500;

/// Every diagnostic for a parsed cable, sorted by position, at most
/// [`MAX_DIAGNOSTICS`] of them.
pub fn diagnose(text: &str, cable: &Cable) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_file::check(text, cable, &mut out);
    // Each cable of the file is checked on its own; copies of the file's
    // cable are not checked again.
    let others = cable
        .others
        .iter()
        .filter(|o| o.relation == Relation::Another);
    for cable in std::iter::once(cable).chain(others.map(|o| &o.cable)) {
        check_header::check(text, cable, &mut out);
        check_paragraphs::check(text, cable, &mut out);
        check_entities::check(text, cable, &mut out);
    }
    out.sort_by_key(|d| (d.span.start, d.span.end, d.code));
    if out.len() > MAX_DIAGNOSTICS {
        let hidden = out.len() - (MAX_DIAGNOSTICS - 1);
        let at = out[MAX_DIAGNOSTICS - 1].span;
        out.truncate(MAX_DIAGNOSTICS - 1);
        out.push(Diagnostic::new(
            Code::MoreNotShown,
            at,
            format!(
                "{hidden} more diagnostics from here on are not shown; fix the ones above first."
            ),
        ));
    }
    out
}

/// Decodes file bytes as UTF-8, replacing invalid sequences with U+FFFD;
/// when any were replaced, also a diagnostic at the first one.
pub fn decode(bytes: Vec<u8>) -> (String, Option<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let replaced = text.matches('\u{FFFD}').count();
            let diagnostic = Diagnostic::new(
                Code::InvalidUtf8,
                crate::syntax::Span::new(at, at + '\u{FFFD}'.len_utf8()),
                format!(
                    "This file is not valid UTF-8: {replaced} invalid byte sequence{} shown as `�`, the first here. Re-save it as UTF-8.",
                    if replaced == 1 { " is" } else { "s are" }
                ),
            );
            (text, Some(diagnostic))
        }
    }
}
