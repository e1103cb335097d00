//! What the client can do, read once from its capabilities at `initialize`
//! into plain fields the handlers look at.

use tower_lsp_server::ls_types::ClientCapabilities;

use super::convert;
use crate::text::Encoding;

/// The client's capabilities as the server uses them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedClientCapabilities {
    /// The position encoding negotiated: UTF-8 when offered, else UTF-16.
    pub encoding: Encoding,
    /// Whether diagnostics are pushed: the client does not pull them (a
    /// client that pulls gets them only by pull, so they are not shown
    /// twice).
    pub push_diagnostics: bool,
    /// Whether the client can be asked to pull diagnostics again.
    pub refresh_diagnostics: bool,
    /// Whether the client shows `$/progress`.
    pub progress: bool,
    /// Whether the client can watch files for us (dynamic registration).
    pub watches_files: bool,
    /// Whether the client shows `experimental/serverStatus`.
    pub status_notifications: bool,
    /// Whether the client resolves a workspace symbol's range on demand
    /// (`workspaceSymbol/resolve`), so symbols can be listed without
    /// reading their files.
    pub resolves_symbol_ranges: bool,
    /// The most folding ranges the client takes for a document (`None`: no
    /// limit said).
    pub fold_limit: Option<usize>,
}

impl ResolvedClientCapabilities {
    /// Before `initialize`: UTF-16 positions, pushed diagnostics, nothing
    /// else.
    pub const BEFORE_INITIALIZE: ResolvedClientCapabilities = ResolvedClientCapabilities {
        encoding: Encoding::Utf16,
        push_diagnostics: true,
        refresh_diagnostics: false,
        progress: false,
        watches_files: false,
        status_notifications: false,
        resolves_symbol_ranges: false,
        fold_limit: None,
    };

    /// Reads what the server uses from the client's capabilities.
    pub fn new(caps: &ClientCapabilities) -> Self {
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        let workspace = caps.workspace.as_ref();
        let text_document = caps.text_document.as_ref();
        ResolvedClientCapabilities {
            encoding: convert::negotiate(offered),
            push_diagnostics: text_document.is_none_or(|t| t.diagnostic.is_none()),
            refresh_diagnostics: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watches_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            status_notifications: caps
                .experimental
                .as_ref()
                .and_then(|e| e.get("serverStatusNotification"))
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
            resolves_symbol_ranges: workspace
                .and_then(|w| w.symbol.as_ref())
                .and_then(|s| s.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "location.range")),
            fold_limit: text_document
                .and_then(|t| t.folding_range.as_ref())
                .and_then(|f| f.range_limit)
                .and_then(|n| usize::try_from(n).ok())
                .filter(|&n| n > 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_that_says_nothing_gets_the_defaults() {
        let caps = ResolvedClientCapabilities::new(&ClientCapabilities::default());
        assert_eq!(caps, ResolvedClientCapabilities::BEFORE_INITIALIZE);
    }

    #[test]
    fn capabilities_are_read_from_where_the_client_says_them() {
        let caps: ClientCapabilities = serde_json::from_value(serde_json::json!({
            "general": {"positionEncodings": ["utf-16", "utf-8"]},
            "textDocument": {"diagnostic": {}, "foldingRange": {"rangeLimit": 300}},
            "workspace": {
                "diagnostics": {"refreshSupport": true},
                "didChangeWatchedFiles": {"dynamicRegistration": true},
                "symbol": {"resolveSupport": {"properties": ["location.range"]}}
            },
            "window": {"workDoneProgress": true},
            "experimental": {"serverStatusNotification": true}
        }))
        .unwrap();
        let expected = ResolvedClientCapabilities {
            encoding: Encoding::Utf8,
            push_diagnostics: false,
            refresh_diagnostics: true,
            progress: true,
            watches_files: true,
            status_notifications: true,
            resolves_symbol_ranges: true,
            fold_limit: Some(300),
        };
        assert_eq!(ResolvedClientCapabilities::new(&caps), expected);
    }
}
