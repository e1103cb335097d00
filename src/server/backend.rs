//! The language server: protocol handlers over the shared state.
//!
//! Text changes are applied to the store synchronously, before a handler's
//! first `.await`, so edits land in the order the client sent them even
//! though handlers run concurrently. Analysis and publishing happen later,
//! in a debounced task that gives up when the document moved on.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::capabilities::ResolvedClientCapabilities;
use super::settings::Settings;
use super::state::{State, doc_key};
use super::transport::Outbox;
use super::{convert, indexer, requests};
use crate::document::Change;
use crate::text::Encoding;

/// Delay between the last keystroke and publishing diagnostics.
const DEBOUNCE: Duration = Duration::from_millis(60);

/// Further delay before an open document's summary reaches the index.
const INDEX_DEBOUNCE: Duration = Duration::from_millis(300);

/// The server: the client handle and the shared state.
pub struct Backend {
    client: Client,
    /// Where diagnostics go: serialised by us, not by the library.
    outbox: Outbox,
    state: Arc<State>,
    shutdown: Arc<AtomicBool>,
    watcher: Mutex<Option<notify::RecommendedWatcher>>,
    /// Why the initial settings were rejected, logged once initialized.
    settings_problem: Mutex<Option<String>>,
}

impl Backend {
    /// A server talking to `client` and sending diagnostics through
    /// `outbox`; `shutdown` is set when the client asks for a clean
    /// shutdown.
    pub fn new(client: Client, outbox: Outbox, shutdown: Arc<AtomicBool>) -> Self {
        Backend {
            client,
            outbox,
            state: Arc::new(State::default()),
            shutdown,
            watcher: Mutex::new(None),
            settings_problem: Mutex::new(None),
        }
    }

    /// Analyses the document after the debounce delay (which also updates
    /// the index) and publishes its diagnostics when the client does not
    /// pull them, unless it changed again in the meantime.
    fn schedule_analysis(&self, uri: Uri, generation: u64) {
        let state = self.state.clone();
        let outbox = self.outbox.clone();
        tokio::spawn(async move {
            tokio::time::sleep(DEBOUNCE).await;
            {
                // Not held over the pause below: the document's next edit
                // updates its text in place only when nothing else holds it.
                let Some((_, analysis, version)) = state.analysis(&uri, Some(generation)) else {
                    return;
                };
                if state.pushes() {
                    let diagnostics = requests::diagnostics(&state, &uri, &analysis);
                    publish(&outbox, uri.clone(), diagnostics, Some(version));
                }
            }
            // The summary for the index is slower to make than the
            // diagnostics: it waits for a pause in the typing.
            tokio::time::sleep(INDEX_DEBOUNCE).await;
            if let Some((_, analysis, _)) = state.analysis(&uri, Some(generation)) {
                tokio::task::spawn_blocking(move || state.index_open(&uri, &analysis));
            }
        });
    }
}

/// Publishes a document's diagnostics. Through the outbox, in order with
/// every other publication.
fn publish(outbox: &Outbox, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
    use tower_lsp_server::ls_types::notification::{Notification, PublishDiagnostics};
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    outbox.notify(PublishDiagnostics::METHOD, &params);
}

/// The folders to index: the workspace folders, else the root URI.
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    #[allow(deprecated)]
    if roots.is_empty()
        && let Some(path) = params.root_uri.as_ref().and_then(|u| u.to_file_path())
    {
        roots.push(path.into_owned());
    }
    roots
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let client = ResolvedClientCapabilities::new(&params.capabilities);
        let encoding = client.encoding;
        self.state.set_client(client);
        if let Some(options) = &params.initialization_options {
            match Settings::from_json(options) {
                Ok(settings) => self.state.set_settings(settings),
                Err(problem) => {
                    if let Ok(mut slot) = self.settings_problem.lock() {
                        *slot = Some(problem);
                    }
                }
            }
        }
        if let Ok(mut r) = self.state.roots.lock() {
            *r = roots(&params);
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(
                    DiagnosticOptions {
                        identifier: Some("cable-ls".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                workspace_symbol_provider: Some(OneOf::Right(WorkspaceSymbolOptions {
                    resolve_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "cable-ls".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let encoding = match self.state.encoding() {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Utf32 => "utf-32",
        };
        let mode = if self.state.pushes() {
            "pushed"
        } else {
            "pulled"
        };
        self.client
            .log_message(
                MessageType::INFO,
                format!(
                    "cable-ls {} ready: positions in {encoding}, diagnostics {mode}",
                    env!("CARGO_PKG_VERSION")
                ),
            )
            .await;
        let problem = self.settings_problem.lock().ok().and_then(|mut p| p.take());
        if let Some(problem) = problem {
            self.client.log_message(MessageType::WARNING, problem).await;
        }
        indexer::start(self.state.clone(), self.client.clone());
        let registered =
            self.state.client().watches_files && indexer::register_watcher(&self.client).await;
        if !registered {
            let watcher = indexer::watch(self.state.clone(), self.client.clone());
            if let Ok(mut slot) = self.watcher.lock() {
                *slot = watcher;
            }
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        if let Ok(mut slot) = self.watcher.lock() {
            slot.take();
        }
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let limit = self.state.settings().limits.max_document_bytes;
        let generation =
            self.state
                .documents()
                .open(doc.uri.clone(), &doc.text, doc.version, limit);
        self.schedule_analysis(doc.uri, generation);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let encoding = self.state.encoding();
        // Applied before any await: edits stay in order.
        let outcome = {
            let mut docs = self.state.documents();
            match docs.get_mut(&uri) {
                None => Err(()),
                Some(doc) => {
                    let backwards = version <= doc.version;
                    for change in params.content_changes {
                        // Each change's positions are in the text the
                        // changes before it left.
                        let range = change
                            .range
                            .map(|r| convert::byte_range(&doc.text, r, encoding));
                        doc.apply(&Change {
                            range,
                            text: change.text,
                        });
                    }
                    let previous = doc.version;
                    doc.version = version;
                    Ok((doc.generation, backwards.then_some(previous)))
                }
            }
        };
        match outcome {
            Err(()) => {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!(
                            "ignored a change to {}: the document is not open",
                            uri.as_str()
                        ),
                    )
                    .await;
            }
            Ok((generation, backwards)) => {
                self.schedule_analysis(uri.clone(), generation);
                if let Some(previous) = backwards {
                    self.client.log_message(
                        MessageType::WARNING,
                        format!("{}: version went from {previous} to {version}; applied the change anyway", uri.as_str()),
                    )
                    .await;
                }
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let was_open = self.state.documents().close(&uri);
        // The index goes back to the file on disk, or forgets a buffer
        // that was never saved.
        let key = doc_key(&uri);
        self.state.index_mut().close(&key);
        // Done before any await, like an edit, so later requests see it.
        match uri.to_file_path() {
            Some(path) => {
                indexer::refresh(&self.state, &path);
            }
            None => self.state.index_mut().remove(&key, true),
        }
        if was_open && self.state.pushes() {
            publish(&self.outbox, uri, Vec::new(), None);
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients that keep their settings elsewhere send null or {}:
        // that leaves the settings from initializationOptions in place.
        let section = params.settings.get("cable-ls").unwrap_or(&params.settings);
        if section.as_object().is_none_or(serde_json::Map::is_empty) {
            return;
        }
        match Settings::from_json(section) {
            Ok(settings) => {
                if settings == self.state.settings() {
                    return;
                }
                self.state.set_settings(settings);
                self.client
                    .log_message(MessageType::INFO, "settings changed")
                    .await;
                // Diagnostics are filtered by the settings: show them anew.
                let open = self.state.documents().uris();
                if self.state.pushes() {
                    for uri in open {
                        let generation = self.state.documents().get_mut(&uri).map(|d| d.generation);
                        if let Some(generation) = generation {
                            self.schedule_analysis(uri, generation);
                        }
                    }
                } else if self.state.client().refresh_diagnostics {
                    let _ = self.client.workspace_diagnostic_refresh().await;
                }
            }
            Err(problem) => self.client.log_message(MessageType::WARNING, problem).await,
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        // Applied before any await, so requests that follow see the change.
        let problems: Vec<String> = params
            .changes
            .iter()
            .filter_map(|change| change.uri.to_file_path())
            .filter_map(|path| indexer::refresh(&self.state, &path))
            .collect();
        for problem in problems {
            self.client.log_message(MessageType::WARNING, problem).await;
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let items = self
            .state
            .analysis(&uri, None)
            .map(|(_, analysis, _)| requests::diagnostics(&self.state, &uri, &analysis))
            .unwrap_or_default();
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(requests::hover(&self.state, params))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(requests::document_symbols(&self.state, params))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(requests::folding_ranges(&self.state, params))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        Ok(Some(requests::workspace_symbols(&self.state, params)))
    }

    async fn symbol_resolve(&self, symbol: WorkspaceSymbol) -> Result<WorkspaceSymbol> {
        Ok(requests::resolve_symbol(&self.state, symbol))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        Ok(requests::definition(&self.state, params))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let Some(found) = requests::references(&self.state, params) else {
            return Ok(None);
        };
        if let Some(limit) = found.cut_at {
            let message = format!(
                "More than {limit} references: {limit} are listed, the open cable's first \
                 (setting limits.maxReferences)"
            );
            self.client
                .show_message(MessageType::WARNING, message.clone())
                .await;
            self.client.log_message(MessageType::WARNING, message).await;
        }
        Ok(Some(found.locations))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        Ok(requests::highlights(&self.state, params))
    }
}
