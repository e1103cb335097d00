//! The open documents of a session, by URI.

use std::collections::HashMap;

use tower_lsp_server::ls_types::Uri;

use crate::document::Document;

/// Open documents by URI.
#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

impl Documents {
    /// Opens (or re-opens) a document, analysed while it is at most
    /// `limit` bytes long.
    pub fn open(&mut self, uri: Uri, text: &str, version: i32, limit: usize) -> u64 {
        let generation = self.open.get(&uri).map_or(0, |d| d.generation + 1);
        let mut doc = Document::with_limit(text, version, limit).named(uri.path().as_str());
        doc.generation = generation;
        self.open.insert(uri, doc);
        generation
    }

    /// The document at `uri`.
    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.open.get_mut(uri)
    }

    /// The URIs of the open documents.
    pub fn uris(&self) -> Vec<Uri> {
        self.open.keys().cloned().collect()
    }

    /// Closes a document; returns whether it was open.
    pub fn close(&mut self, uri: &Uri) -> bool {
        self.open.remove(uri).is_some()
    }
}
