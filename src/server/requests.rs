//! Navigation requests: hover, outline, workspace symbols, definition,
//! references and highlights. Each finds the open document's analysis,
//! asks `ide`, and converts the answer.

use ropey::Rope;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::state::{DocumentText, State, doc_key};
use crate::ide::{self, FileView, symbols};
use crate::text::LineIndex;

/// The diagnostics of an analysis that the settings let through, in
/// protocol terms.
pub fn diagnostics(
    state: &State,
    uri: &Uri,
    analysis: &crate::document::Analysis,
) -> Vec<Diagnostic> {
    let settings = state.settings();
    let encoding = state.encoding();
    let lines = LineIndex::new(&analysis.text);
    analysis
        .diagnostics
        .iter()
        .filter(|d| settings.shows(d.code.as_str()))
        .map(|d| convert::diagnostic(uri, &lines, d, encoding))
        .collect()
}

/// Runs `f` on the open document at `uri` with the byte offset of `position`.
fn with_file<T>(
    state: &State,
    uri: &Uri,
    position: Option<Position>,
    f: impl FnOnce(&FileView, &Rope, usize) -> T,
) -> Option<T> {
    let (rope, analysis) = state.analysis_any(uri)?;
    let offset = position.map_or(0, |p| convert::offset(&rope, p, state.encoding()));
    let doc = doc_key(uri);
    let view = FileView {
        doc: &doc,
        text: &analysis.text,
        cable: &analysis.cable,
        summary: analysis.summary(),
    };
    Some(f(&view, &rope, offset))
}

/// Converts locations, in order, a file at a time: a run of locations in
/// one file (`ide` sorts them, so a file's are together) reads it once, and
/// drops it before the next, so a name mentioned in every cable does not
/// hold the workspace's text in memory. `None` where the file cannot be
/// read.
fn convert_locations(state: &State, found: &[ide::Location]) -> Vec<Option<Location>> {
    let encoding = state.encoding();
    let mut out = Vec::with_capacity(found.len());
    for group in found.chunk_by(|a, b| a.doc == b.doc) {
        let uri = group.first().and_then(|l| l.doc.parse::<Uri>().ok());
        let text = uri.as_ref().and_then(|u| state.text_for(u));
        let lines = match &text {
            Some(DocumentText::Closed(text)) => Some(LineIndex::new(text)),
            _ => None,
        };
        for l in group {
            let range = match (&text, &lines) {
                (Some(DocumentText::Open(rope)), _) => Some(convert::range(rope, l.span, encoding)),
                (_, Some(lines)) => Some(convert::range_in(lines, l.span, encoding)),
                _ => None,
            };
            out.push(
                uri.clone()
                    .zip(range)
                    .map(|(uri, range)| Location { uri, range }),
            );
        }
    }
    out
}

/// [`convert_locations`], without those whose file cannot be read.
fn locations(state: &State, found: &[ide::Location]) -> Vec<Location> {
    convert_locations(state, found)
        .into_iter()
        .flatten()
        .collect()
}

/// `textDocument/hover`.
pub fn hover(state: &State, params: HoverParams) -> Option<Hover> {
    let p = params.text_document_position_params;
    let encoding = state.encoding();
    with_file(
        state,
        &p.text_document.uri,
        Some(p.position),
        |file, rope, offset| {
            let index = state.index();
            let h = ide::hover::hover(file, &index, offset)?;
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: h.markdown,
                }),
                range: Some(convert::range(rope, h.span, encoding)),
            })
        },
    )?
}

/// `textDocument/documentSymbol`.
pub fn document_symbols(
    state: &State,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let encoding = state.encoding();
    with_file(state, &params.text_document.uri, None, |file, rope, _| {
        let tree = symbols::document_symbols(file.text, file.cable, file.summary.id.as_deref());
        DocumentSymbolResponse::Nested(
            tree.iter()
                .map(|s| convert::symbol(rope, s, encoding))
                .collect(),
        )
    })
}

/// `textDocument/foldingRange`: whole lines, one fold a line (the
/// largest starting there, as editors keep only one), nested, at most as
/// many as the client takes.
pub fn folding_ranges(state: &State, params: FoldingRangeParams) -> Option<Vec<FoldingRange>> {
    let limit = state.client().fold_limit.unwrap_or(usize::MAX);
    with_file(state, &params.text_document.uri, None, |file, rope, _| {
        let ranges = ide::folding::folds(file.text, file.cable)
            .iter()
            .filter_map(|f| convert::folding_range(rope, f))
            .collect();
        let mut ranges = convert::nest_folds(ranges);
        ranges.truncate(limit);
        ranges
    })
}

/// `workspace/symbol`. A client that resolves ranges on demand gets each
/// symbol with its file only (and the span to resolve in `data`), so the
/// answer reads no file; others get full locations.
pub fn workspace_symbols(state: &State, params: WorkspaceSymbolParams) -> WorkspaceSymbolResponse {
    let found = symbols::workspace_symbols(&state.index(), &params.query);
    if state.client().resolves_symbol_ranges {
        return WorkspaceSymbolResponse::Nested(
            found
                .into_iter()
                .filter_map(|s| {
                    Some(WorkspaceSymbol {
                        location: OneOf::Right(WorkspaceLocation {
                            uri: s.location.doc.parse().ok()?,
                        }),
                        data: Some(serde_json::json!([
                            s.location.span.start,
                            s.location.span.end
                        ])),
                        name: s.name,
                        kind: convert::symbol_kind(s.kind),
                        tags: None,
                        container_name: s.detail,
                    })
                })
                .collect(),
        );
    }
    let places: Vec<ide::Location> = found.iter().map(|s| s.location.clone()).collect();
    WorkspaceSymbolResponse::Flat(
        found
            .into_iter()
            .zip(convert_locations(state, &places))
            .filter_map(|(s, location)| {
                #[allow(deprecated)]
                Some(SymbolInformation {
                    location: location?,
                    name: s.name,
                    kind: convert::symbol_kind(s.kind),
                    tags: None,
                    deprecated: None,
                    container_name: s.detail,
                })
            })
            .collect(),
    )
}

/// `workspaceSymbol/resolve`: the range of a symbol listed with its file
/// only. A symbol without our span in `data`, or whose file cannot be read,
/// comes back as it was.
pub fn resolve_symbol(state: &State, mut symbol: WorkspaceSymbol) -> WorkspaceSymbol {
    let OneOf::Right(WorkspaceLocation { uri }) = &symbol.location else {
        return symbol;
    };
    let span = symbol
        .data
        .as_ref()
        .and_then(|d| serde_json::from_value::<(usize, usize)>(d.clone()).ok());
    let Some((start, end)) = span else {
        return symbol;
    };
    let at = ide::Location {
        doc: doc_key(uri),
        span: crate::syntax::Span::new(start, end.max(start)),
    };
    if let Some(Some(found)) = convert_locations(state, &[at]).pop() {
        symbol.location = OneOf::Left(Location {
            uri: uri.clone(),
            range: found.range,
        });
    }
    symbol
}

/// `textDocument/definition`.
pub fn definition(state: &State, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let p = params.text_document_position_params;
    let found = with_file(
        state,
        &p.text_document.uri,
        Some(p.position),
        |file, _, offset| ide::navigate::definition(file, &state.index(), offset),
    )?;
    let mut list = locations(state, &found);
    match list.len() {
        0 => None,
        1 => list.pop().map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(list)),
    }
}

/// What `textDocument/references` found.
pub struct References {
    /// The locations answered.
    pub locations: Vec<Location>,
    /// When `limits.maxReferences` left some out: the limit.
    pub cut_at: Option<usize>,
}

/// `textDocument/references`: at most `limits.maxReferences` (the open
/// cable's, then other files' in index order), converted, which reads each
/// closed file they are in.
pub fn references(state: &State, params: ReferenceParams) -> Option<References> {
    let p = params.text_document_position;
    let include = params.context.include_declaration;
    let limit = state.settings().limits.max_references;
    let (found, cut) = with_file(
        state,
        &p.text_document.uri,
        Some(p.position),
        |file, _, offset| {
            ide::navigate::references_up_to(file, &state.index(), offset, include, limit)
        },
    )?;
    Some(References {
        locations: locations(state, &found),
        cut_at: cut.then_some(limit),
    })
}

/// `textDocument/documentHighlight`.
pub fn highlights(
    state: &State,
    params: DocumentHighlightParams,
) -> Option<Vec<DocumentHighlight>> {
    let p = params.text_document_position_params;
    let encoding = state.encoding();
    with_file(
        state,
        &p.text_document.uri,
        Some(p.position),
        |file, rope, offset| {
            ide::navigate::highlights(file, offset)
                .into_iter()
                .map(|span| DocumentHighlight {
                    range: convert::range(rope, span, encoding),
                    kind: Some(DocumentHighlightKind::TEXT),
                })
                .collect()
        },
    )
}
