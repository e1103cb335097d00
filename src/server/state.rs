//! What the handlers share: open documents, the workspace index, and what
//! was negotiated with the client.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

use super::capabilities::ResolvedClientCapabilities;
use super::documents::Documents;
use super::settings::Settings;
use crate::document::{Analysis, Document};
use crate::text::Encoding;
use crate::workspace::Index;
use crate::workspace::indexing::{Limits, Workspace};

/// Shared server state.
pub struct State {
    documents: Mutex<Documents>,
    /// The index, keyed by file URI.
    workspace: Workspace,
    /// What the client can do, once `initialize` said it.
    client: OnceLock<ResolvedClientCapabilities>,
    settings: RwLock<Settings>,
    /// Workspace folders to index.
    pub roots: Mutex<Vec<PathBuf>>,
}

impl Default for State {
    fn default() -> Self {
        State {
            documents: Mutex::default(),
            workspace: Workspace::new(path_key),
            client: OnceLock::new(),
            settings: RwLock::default(),
            roots: Mutex::default(),
        }
    }
}

/// Recovers from a poisoned lock: a panic elsewhere must not take the
/// server down.
fn recover<G>(result: Result<G, std::sync::PoisonError<G>>) -> G {
    result.unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl State {
    /// The open documents.
    pub fn documents(&self) -> MutexGuard<'_, Documents> {
        recover(self.documents.lock())
    }

    /// The workspace: its index, first indexing and refreshes.
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// The index, for reading.
    pub fn index(&self) -> RwLockReadGuard<'_, Index> {
        self.workspace.index()
    }

    /// The index, for writing.
    pub fn index_mut(&self) -> RwLockWriteGuard<'_, Index> {
        self.workspace.index_mut()
    }

    /// What the settings let the index take in.
    pub fn index_limits(&self) -> Limits {
        let limits = self.settings().limits;
        Limits {
            max_file_bytes: limits.max_indexed_file_bytes,
            max_files: limits.max_indexed_files,
        }
    }

    /// The current settings.
    pub fn settings(&self) -> Settings {
        recover(self.settings.read()).clone()
    }

    /// Replaces the settings.
    pub fn set_settings(&self, settings: Settings) {
        *recover(self.settings.write()) = settings;
    }

    /// What the client can do ([`ResolvedClientCapabilities::BEFORE_INITIALIZE`]
    /// until `initialize`).
    pub fn client(&self) -> &ResolvedClientCapabilities {
        self.client
            .get()
            .unwrap_or(&ResolvedClientCapabilities::BEFORE_INITIALIZE)
    }

    /// Records what the client can do (the first time only).
    pub fn set_client(&self, client: ResolvedClientCapabilities) {
        let _ = self.client.set(client);
    }

    /// The negotiated position encoding.
    pub fn encoding(&self) -> Encoding {
        self.client().encoding
    }

    /// Whether diagnostics are pushed.
    pub fn pushes(&self) -> bool {
        self.client().push_diagnostics
    }

    /// The analysis of an open document, with its rope and version.
    pub fn analysis(
        &self,
        uri: &Uri,
        generation: Option<u64>,
    ) -> Option<(Rope, Arc<Analysis>, i32)> {
        let (rope, analysis, version) = {
            let mut docs = self.documents();
            let doc = docs.get_mut(uri)?;
            if generation.is_some_and(|g| g != doc.generation) {
                return None;
            }
            (doc.text.clone(), doc.analysis(), doc.version)
        };
        Some((rope, analysis, version))
    }

    /// Brings the index up to date with an open document's current text
    /// (summarising it if that was not done yet).
    pub fn index_open(&self, uri: &Uri, analysis: &Analysis) {
        if analysis.indexed.swap(true, Ordering::AcqRel) {
            return;
        }
        let summary = analysis.summary().clone();
        self.index_mut().upsert(&doc_key(uri), summary, true);
    }

    /// The analysis of a document: the open buffer's, else a fresh one of
    /// the file on disk (not kept), so requests work on files never opened.
    pub fn analysis_any(&self, uri: &Uri) -> Option<(Rope, Arc<Analysis>)> {
        if let Some((rope, analysis, _)) = self.analysis(uri, None) {
            self.index_open(uri, &analysis);
            return Some((rope, analysis));
        }
        let path = uri.to_file_path()?;
        let bytes = read_regular_file(&path, self.settings().limits.max_indexed_file_bytes)?;
        let mut doc =
            Document::new(&crate::text::lossy_utf8(bytes), 0).named(&path.to_string_lossy());
        let analysis = doc.analysis();
        Some((doc.text, analysis))
    }

    /// The text of a document for converting positions: the open buffer,
    /// else the file on disk (`None` when it cannot be read).
    pub fn text_for(&self, uri: &Uri) -> Option<DocumentText> {
        if let Some(doc) = self.documents().get_mut(uri) {
            return Some(DocumentText::Open(doc.text.clone()));
        }
        let path = uri.to_file_path()?;
        let limit = self.settings().limits.max_indexed_file_bytes;
        let bytes = read_regular_file(&path, limit)?;
        Some(DocumentText::Closed(crate::text::lossy_utf8(bytes)))
    }
}

/// A document's text, from [`State::text_for`].
pub enum DocumentText {
    /// An open buffer's.
    Open(Rope),
    /// A closed file's, as read from disk.
    Closed(String),
}

/// The bytes of a regular file of at most `limit` bytes; `None` for
/// anything else (a named pipe would block the reader forever).
fn read_regular_file(path: &std::path::Path, limit: u64) -> Option<Vec<u8>> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > limit {
        return None;
    }
    std::fs::read(path).ok()
}

/// The index key of a URI: file URIs in one canonical spelling, others as
/// they are.
pub fn doc_key(uri: &Uri) -> String {
    uri.to_file_path()
        .and_then(|p| Uri::from_file_path(&*p))
        .map_or_else(|| uri.as_str().to_string(), |u| u.as_str().to_string())
}

/// The index key of a file path.
pub fn path_key(path: &std::path::Path) -> Option<String> {
    Uri::from_file_path(path).map(|u| u.as_str().to_string())
}
