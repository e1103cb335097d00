//! The protocol edge: the only module that knows LSP. Handlers live in
//! `backend`, conversions in `convert`, open documents in `documents`.

mod backend;
mod background;
mod convert;
mod documents;
mod indexer;
mod requests;
mod settings;
mod state;
mod status;
mod transport;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{LspService, Server};

pub use backend::Backend;

/// Serves LSP on stdin/stdout until the client sends `exit`. Returns
/// whether `shutdown` came first (the process should then exit with 0).
pub async fn serve_stdio() -> bool {
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    // Our own framing sits between stdio and the protocol library.
    let (outbox, queue) = transport::outbox();
    let backend_outbox = outbox.clone();
    let server_outbox = outbox.clone();
    let (service, socket) =
        LspService::new(move |client| Backend::new(client, backend_outbox, flag));
    let (to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let input = tokio::spawn(transport::pump_input(tokio::io::stdin(), to_server, outbox));
    let output = tokio::spawn(transport::pump_output(
        from_server,
        tokio::io::stdout(),
        server_outbox,
        queue,
    ));
    Server::new(server_in, server_out, socket)
        .serve(service)
        .await;
    input.abort();
    // The server's side is closed now: the output pump drains and ends.
    let _ = output.await;
    shutdown.load(Ordering::SeqCst)
}
