//! Editor features over one open cable and the workspace index: hover,
//! outline, folding, definition, references. Pure functions; byte spans;
//! results in other files come as document keys with spans from their
//! summaries.

pub mod folding;
pub mod hover;
pub mod name_search;
pub mod navigate;
pub mod symbols;
pub mod target;

use crate::syntax::{Cable, Span};
use crate::workspace::Summary;

/// The open cable a request is about.
pub struct FileView<'a> {
    /// Its document key (URI).
    pub doc: &'a str,
    /// Its text.
    pub text: &'a str,
    /// Its syntax model.
    pub cable: &'a Cable,
    /// Its summary, as the index would hold it.
    pub summary: &'a Summary,
}

impl FileView<'_> {
    /// The canonical id the REF item `item` cites, as the summary settles
    /// it (a year the item does not write is the cable's own).
    pub fn cited(&self, item: usize) -> Option<&str> {
        let span = self.cable.refs.get(item)?.span;
        let citations = &self.summary.citations;
        let at = citations.partition_point(|c| c.span.start < span.start);
        citations[at..]
            .iter()
            .take_while(|c| c.span.start == span.start)
            .find(|c| c.span == span)
            .map(|c| c.id.as_str())
    }
}

/// A place in a document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The document key.
    pub doc: String,
    /// Where.
    pub span: Span,
}
