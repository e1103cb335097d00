//! Folding: the parts of a cable a reader collapses. The transmission
//! header and each of its addressee lists, the cable header (banner to the
//! last header field), multi-line fields, sections, paragraphs, and
//! summary, comment and note blocks.

use super::symbols::{Symbol, SymbolKind, document_symbols};
use crate::syntax::{BlockKind, Cable, Span};

/// What a fold holds (mapped to LSP folding range kinds at the edge).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    /// The transmission header: routing boilerplate ahead of the cable, as
    /// imports are ahead of a program (editors that fold imports on opening
    /// fold it so).
    Header,
    /// A comment or note block.
    Comment,
    /// Any other part.
    Region,
}

/// One foldable part of a cable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    /// From the part's first character to its last (white space closing it
    /// left out, so the fold ends on the part's last written line).
    pub span: Span,
    /// What it holds.
    pub kind: FoldKind,
}

/// The folds of a cable, in order of where they start (the enclosing one
/// first). Single-line parts are included: lines are the protocol edge's
/// business.
pub fn folds(text: &str, cable: &Cable) -> Vec<Fold> {
    let mut out = Vec::new();
    let mut add = |span: Span, kind| {
        let written = span.text(text).trim_end().len();
        if written > 0 {
            out.push(Fold {
                span: Span::new(span.start, span.start + written),
                kind,
            });
        }
    };
    if let Some(t) = &cable.transmission {
        add(t.span, FoldKind::Header);
        for list in t.addressees.chunk_by(|a, b| a.0 == b.0) {
            if let (Some(first), Some(last)) = (list.first(), list.last()) {
                add(
                    Span::new(first.1.span.start, last.1.span.end),
                    FoldKind::Region,
                );
            }
        }
    }
    let fields = [
        cable.banner.as_ref().map(|b| b.span),
        cable.eo.as_ref().map(|e| e.span),
        cable.tags.as_ref().map(|t| t.span),
        cable.subject.as_ref().map(|s| s.span),
        cable.ref_field,
        cable.classified_by.as_ref().map(|c| c.span),
        cable.reason.as_ref().map(|r| r.span),
    ];
    let fields: Vec<Span> = fields.into_iter().flatten().collect();
    if let (Some(start), Some(end)) = (
        fields.iter().map(|s| s.start).min(),
        fields.iter().map(|s| s.end).max(),
    ) {
        add(Span::new(start, end), FoldKind::Region);
    }
    for field in fields {
        add(field, FoldKind::Region);
    }
    // A paragraph runs to the next one, over any heading between them, and
    // a section (as the outline groups them: a heading and its paragraphs)
    // to its last paragraph's end; each fold stops before the next heading,
    // which opens a section of its own.
    let before_heading = |span: Span| {
        // Headings are in text order.
        let next = cable.headings.partition_point(|h| h.start <= span.start);
        let end = match cable.headings.get(next) {
            Some(h) if h.start < span.end => h.start,
            _ => span.end,
        };
        Span::new(span.start, end)
    };
    let outline = document_symbols(text, cable, None);
    for section in outline
        .iter()
        .flat_map(|cable| &cable.children)
        .filter(|s: &&Symbol| s.kind == SymbolKind::Section)
    {
        add(before_heading(section.span), FoldKind::Region);
    }
    for p in &cable.paragraphs {
        add(before_heading(p.span), FoldKind::Region);
    }
    for b in &cable.blocks {
        let kind = match b.kind {
            BlockKind::Summary => FoldKind::Region,
            BlockKind::Comment | BlockKind::Note => FoldKind::Comment,
        };
        add(b.span, kind);
    }
    out.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    out.dedup();
    out
}
