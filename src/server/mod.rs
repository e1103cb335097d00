//! The protocol edge: the only module that knows LSP. Handlers live in
//! `backend`, conversions in `convert`, open documents in `documents`.

mod backend;
mod convert;
mod documents;
mod indexer;
mod requests;
mod state;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{LspService, Server};

pub use backend::Backend;

/// Serves LSP on stdin/stdout until the client sends `exit`. Returns
/// whether `shutdown` came first (the process should then exit with 0).
pub async fn serve_stdio() -> bool {
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    let (service, socket) = LspService::new(move |client| Backend::new(client, flag));
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
    shutdown.load(Ordering::SeqCst)
}
