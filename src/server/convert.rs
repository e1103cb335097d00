//! The protocol edge: byte spans to LSP ranges and our diagnostics to LSP
//! diagnostics, in the negotiated position encoding.

use ropey::Rope;
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, PositionEncodingKind, Uri,
};

use crate::analysis::{Diagnostic, Severity};
use crate::ide::symbols::{Symbol, SymbolKind};
use crate::syntax::Span;
use crate::text::{Encoding, LineIndex, offset_to_position};

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
