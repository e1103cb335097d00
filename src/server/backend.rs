//! The language server: protocol handlers over the document store.
//!
//! Text changes are applied to the store synchronously, before a handler's
//! first `.await`, so edits land in the order the client sent them even
//! though handlers run concurrently. Analysis and publishing happen later,
//! in a debounced task that gives up when the document moved on.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::convert;
use super::documents::Documents;
use crate::document::Change;
use crate::text::Encoding;

/// Delay between the last keystroke and publishing diagnostics.
const DEBOUNCE: Duration = Duration::from_millis(60);

/// Server state shared by the handlers.
pub struct Backend {
    client: Client,
    documents: Arc<Mutex<Documents>>,
    encoding: OnceLock<Encoding>,
    /// Whether diagnostics are pushed (clients without pull support).
    push: AtomicBool,
    shutdown: Arc<AtomicBool>,
}

impl Backend {
    /// A server talking to `client`; `shutdown` is set when the client
    /// asks for a clean shutdown.
    pub fn new(client: Client, shutdown: Arc<AtomicBool>) -> Self {
        Backend {
            client,
            documents: Arc::default(),
            encoding: OnceLock::new(),
            push: AtomicBool::new(true),
            shutdown,
        }
    }

    fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or(Encoding::Utf16)
    }

    fn documents(&self) -> MutexGuard<'_, Documents> {
        lock(&self.documents)
    }

    async fn log(&self, kind: MessageType, message: String) {
        eprintln!("cable-ls: {message}");
        self.client.log_message(kind, message).await;
    }

    /// Publishes the document's diagnostics after the debounce delay,
    /// unless it changed again in the meantime.
    fn schedule_publish(&self, uri: Uri, generation: u64) {
        if !self.push.load(Ordering::Relaxed) {
            return;
        }
        let documents = self.documents.clone();
        let client = self.client.clone();
        let encoding = self.encoding();
        tokio::spawn(async move {
            tokio::time::sleep(DEBOUNCE).await;
            let Some((diagnostics, version)) =
                current_diagnostics(&documents, &uri, encoding, Some(generation))
            else {
                return;
            };
            client
                .publish_diagnostics(uri, diagnostics, Some(version))
                .await;
        });
    }
}

/// Locks the store; a panic elsewhere must not take the server down, so a
/// poisoned lock is used as it is.
fn lock(documents: &Mutex<Documents>) -> MutexGuard<'_, Documents> {
    documents
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The protocol diagnostics of an open document and its version, or `None`
/// when it is closed or (given `generation`) changed since.
fn current_diagnostics(
    documents: &Mutex<Documents>,
    uri: &Uri,
    encoding: Encoding,
    generation: Option<u64>,
) -> Option<(Vec<Diagnostic>, i32)> {
    let (text, analysis, version) = {
        let mut docs = lock(documents);
        let doc = docs.get_mut(uri)?;
        if generation.is_some_and(|g| g != doc.generation) {
            return None;
        }
        (doc.text.clone(), doc.analysis(), doc.version)
    };
    let diagnostics = analysis
        .diagnostics
        .iter()
        .map(|d| convert::diagnostic(uri, &text, d, encoding))
        .collect();
    Some((diagnostics, version))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        let encoding = convert::negotiate(offered);
        let _ = self.encoding.set(encoding);
        // Clients that pull diagnostics get them only by pull, so they are
        // not shown twice.
        let pulls = params
            .capabilities
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some());
        self.push.store(!pulls, Ordering::Relaxed);
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
        let encoding = match self.encoding() {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
            Encoding::Utf32 => "utf-32",
        };
        let mode = if self.push.load(Ordering::Relaxed) {
            "pushed"
        } else {
            "pulled"
        };
        self.log(
            MessageType::INFO,
            format!(
                "cable-ls {} ready: positions in {encoding}, diagnostics {mode}",
                env!("CARGO_PKG_VERSION")
            ),
        )
        .await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let generation = self
            .documents()
            .open(doc.uri.clone(), &doc.text, doc.version);
        self.schedule_publish(doc.uri, generation);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let encoding = self.encoding();
        // Applied before any await: edits stay in order.
        let outcome = {
            let mut docs = self.documents();
            match docs.get_mut(&uri) {
                None => Err(()),
                Some(doc) => {
                    let backwards = version <= doc.version;
                    for change in params.content_changes {
                        let range = change.range.map(|r| {
                            (
                                (r.start.line, r.start.character),
                                (r.end.line, r.end.character),
                            )
                        });
                        doc.apply(
                            &Change {
                                range,
                                text: change.text,
                            },
                            encoding,
                        );
                    }
                    let previous = doc.version;
                    doc.version = version;
                    Ok((doc.generation, backwards.then_some(previous)))
                }
            }
        };
        match outcome {
            Err(()) => {
                self.log(
                    MessageType::WARNING,
                    format!(
                        "ignored a change to {}: the document is not open",
                        uri.as_str()
                    ),
                )
                .await;
            }
            Ok((generation, backwards)) => {
                self.schedule_publish(uri.clone(), generation);
                if let Some(previous) = backwards {
                    self.log(
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
        let was_open = self.documents().close(&uri);
        if was_open && self.push.load(Ordering::Relaxed) {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let items = current_diagnostics(&self.documents, &uri, self.encoding(), None)
            .map(|(items, _)| items)
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
}
