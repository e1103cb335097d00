//! The protocol edge, both ways: the client's positions to byte offsets,
//! and byte spans to LSP ranges and our diagnostics to LSP diagnostics, in
//! the negotiated position encoding.

use ropey::Rope;
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, PositionEncodingKind, Uri,
};

use crate::analysis::{Diagnostic, Severity};
use crate::ide::folding::{Fold, FoldKind};
use crate::ide::symbols::{Symbol, SymbolKind};
use crate::syntax::Span;
use crate::text::{Encoding, LineIndex, offset_to_position, position_to_offset};

/// Picks UTF-8 when the client offers it, else UTF-16 (the default).
pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

/// The protocol name of an encoding.
pub fn encoding_kind(encoding: Encoding) -> PositionEncodingKind {
    match encoding {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// The byte offset of an LSP position, clamped into the text.
pub fn offset(text: &Rope, position: Position, encoding: Encoding) -> usize {
    position_to_offset(text, position.line, position.character, encoding)
}

/// The byte range of an LSP range, clamped into the text (a reversed range
/// stays reversed: `Document` reads it start-first).
pub fn byte_range(text: &Rope, range: lsp::Range, encoding: Encoding) -> std::ops::Range<usize> {
    offset(text, range.start, encoding)..offset(text, range.end, encoding)
}

/// A byte offset as an LSP position.
pub fn position(text: &Rope, offset: usize, encoding: Encoding) -> Position {
    let (line, character) = offset_to_position(text, offset, encoding);
    Position { line, character }
}

/// A byte span as an LSP range.
pub fn range(text: &Rope, span: Span, encoding: Encoding) -> lsp::Range {
    lsp::Range {
        start: position(text, span.start, encoding),
        end: position(text, span.end, encoding),
    }
}

/// A byte span of an indexed text as an LSP range.
pub fn range_in(lines: &LineIndex, span: Span, encoding: Encoding) -> lsp::Range {
    let at = |offset| {
        let (line, character) = lines.position(offset, encoding);
        Position { line, character }
    };
    lsp::Range {
        start: at(span.start),
        end: at(span.end),
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
    }
}

/// One of our diagnostics as an LSP diagnostic.
pub fn diagnostic(
    uri: &Uri,
    lines: &LineIndex,
    d: &Diagnostic,
    encoding: Encoding,
) -> lsp::Diagnostic {
    let range = |span: Span| range_in(lines, span, encoding);
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: range(r.span),
            },
            message: r.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: range(d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some("cable-ls".to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Our symbol kinds as LSP's.
pub fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Cable => lsp::SymbolKind::FILE,
        SymbolKind::Field => lsp::SymbolKind::FIELD,
        SymbolKind::Reference => lsp::SymbolKind::KEY,
        SymbolKind::Section => lsp::SymbolKind::NAMESPACE,
        SymbolKind::Paragraph => lsp::SymbolKind::STRING,
        SymbolKind::Block => lsp::SymbolKind::OBJECT,
        SymbolKind::Name => lsp::SymbolKind::CONSTANT,
    }
}

/// A fold as an LSP folding range of whole lines; `None` for a part on one
/// line.
pub fn folding_range(text: &Rope, fold: &Fold) -> Option<lsp::FoldingRange> {
    // Lines are the same in every position encoding.
    let lines = range(text, fold.span, Encoding::Utf8);
    (lines.end.line > lines.start.line).then_some(lsp::FoldingRange {
        start_line: lines.start.line,
        start_character: None,
        end_line: lines.end.line,
        end_character: None,
        kind: Some(match fold.kind {
            FoldKind::Header => lsp::FoldingRangeKind::Imports,
            FoldKind::Comment => lsp::FoldingRangeKind::Comment,
            FoldKind::Region => lsp::FoldingRangeKind::Region,
        }),
        collapsed_text: None,
    })
}

/// Folding ranges as editors keep them: in order of their start line, one
/// a line (the largest starting there), nested. Editors drop a range that
/// overlaps another without containing it, so a range that ends on or
/// after the line where a later one starts, and does not contain it, ends
/// on the line before (and goes when that leaves it one line). In the
/// annotated flavour a paragraph's last line is the next one's first.
pub fn nest_folds(mut ranges: Vec<lsp::FoldingRange>) -> Vec<lsp::FoldingRange> {
    ranges.sort_by_key(|r| (r.start_line, std::cmp::Reverse(r.end_line)));
    ranges.dedup_by_key(|r| r.start_line);
    let mut out: Vec<lsp::FoldingRange> = Vec::with_capacity(ranges.len());
    // Indices in `out` of the ranges enclosing the current one.
    let mut open: Vec<usize> = Vec::new();
    for range in ranges {
        while let Some(&i) = open.last() {
            let Some(outer) = out.get_mut(i) else {
                break;
            };
            if range.start_line > outer.end_line {
                open.pop();
            } else if range.end_line > outer.end_line {
                outer.end_line = range.start_line.saturating_sub(1);
                open.pop();
            } else {
                break;
            }
        }
        open.push(out.len());
        out.push(range);
    }
    out.retain(|r| r.end_line > r.start_line);
    out
}

/// An outline entry (and its children) as an LSP document symbol.
pub fn symbol(text: &Rope, s: &Symbol, encoding: Encoding) -> lsp::DocumentSymbol {
    // The selection must lie inside the range.
    let span = Span::new(
        s.span.start.min(s.selection.start),
        s.span.end.max(s.selection.end),
    );
    #[allow(deprecated)]
    lsp::DocumentSymbol {
        name: if s.name.trim().is_empty() {
            "(untitled)".into()
        } else {
            s.name.clone()
        },
        detail: s.detail.clone(),
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range: range(text, span, encoding),
        selection_range: range(text, s.selection, encoding),
        children: (!s.children.is_empty()).then(|| {
            s.children
                .iter()
                .map(|c| symbol(text, c, encoding))
                .collect()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever folds come in, in any order, what goes out is in order
        /// and nests: each range spans lines, and a later one lies inside
        /// an earlier one or after it. Each is the largest range starting
        /// on its line, or that range ended earlier.
        #[test]
        fn folds_come_out_nested(given in prop::collection::vec((0u32..60, 0u32..60), 0..40)) {
            // The largest range starting on each line.
            let mut lines = given.clone();
            lines.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
            lines.dedup_by_key(|r| r.0);
            let given: Vec<lsp::FoldingRange> = given
                .iter()
                .map(|&(start_line, end_line)| lsp::FoldingRange {
                    start_line,
                    end_line,
                    ..Default::default()
                })
                .collect();
            let out = nest_folds(given);
            for (i, a) in out.iter().enumerate() {
                prop_assert!(a.start_line < a.end_line);
                prop_assert!(out.get(i + 1).is_none_or(|b| a.start_line < b.start_line));
                let original = lines.iter().find(|r| r.0 == a.start_line);
                prop_assert!(original.is_some_and(|r| a.end_line <= r.1));
                for b in &out[i + 1..] {
                    prop_assert!(b.end_line <= a.end_line || b.start_line > a.end_line);
                }
            }
            // A range that already nested with every other is kept whole.
            let fits = |a: (u32, u32), b: (u32, u32)| {
                let (first, second) = if a.0 < b.0 { (a, b) } else { (b, a) };
                second.1 <= first.1 || second.0 > first.1
            };
            for &r in lines.iter().filter(|r| r.0 < r.1) {
                if lines.iter().all(|&o| o == r || fits(r, o)) {
                    prop_assert!(out.iter().any(|a| (a.start_line, a.end_line) == r));
                }
            }
        }
    }
}
