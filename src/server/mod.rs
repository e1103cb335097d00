//! The protocol edge: the only module that knows LSP. Handlers live in
//! `backend`, conversions in `convert`, open documents in `documents`.

mod backend;
mod background;
mod capabilities;
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

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

pub use backend::Backend;
pub use transport::{Awaiting, Frame, Framer, MAX_MESSAGE, frame};

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ending {
    /// Why it ended.
    pub cause: Cause,
    /// `shutdown` was asked for first (the process should then exit with 0).
    pub shutdown: bool,
}

/// Why a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The client sent `exit`.
    Exit,
    /// The client closed the input.
    Closed,
    /// The protocol library stopped reading although the input went on: a
    /// defect (a message reached it that it could not decode), logged.
    Stopped,
}

/// Serves LSP on stdin/stdout until the client sends `exit`. Returns
/// whether `shutdown` came first (the process should then exit with 0).
pub async fn serve_stdio() -> bool {
    serve(tokio::io::stdin(), tokio::io::stdout())
        .await
        .shutdown
}

/// Serves LSP on `input` and `output` until the client sends `exit` or
/// closes the input.
pub async fn serve<R, W>(input: R, output: W) -> Ending
where
    R: AsyncRead + Send + Unpin + 'static,
    W: AsyncWrite + Send + Unpin + 'static,
{
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    // Our own framing sits between the streams and the protocol library.
    let (outbox, queue) = transport::outbox();
    let backend_outbox = outbox.clone();
    let server_outbox = outbox.clone();
    let (service, socket) =
        LspService::new(move |client| Backend::new(client, backend_outbox, flag));
    let (to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let (input_end, mut ended) = tokio::sync::oneshot::channel();
    let input = tokio::spawn(transport::pump_input(input, to_server, outbox, input_end));
    let output = tokio::spawn(transport::pump_output(
        from_server,
        output,
        server_outbox,
        queue,
    ));
    Server::new(server_in, server_out, socket)
        .serve(service)
        .await;
    let cause = match ended.try_recv() {
        Ok(transport::InputEnd::Exit) => Cause::Exit,
        Ok(transport::InputEnd::Closed) => Cause::Closed,
        Err(_) => {
            eprintln!(
                "cable-ls: the protocol library stopped reading its input before the client \
                 closed it or sent exit"
            );
            Cause::Stopped
        }
    };
    input.abort();
    // The server's side is closed now: the output pump drains and ends.
    let _ = output.await;
    Ending {
        cause,
        shutdown: shutdown.load(Ordering::SeqCst),
    }
}
