//! The stdio transport in front of the protocol library. It frames
//! messages itself (`frame`) and passes on only bodies the library decodes
//! (`inbound`), because the library ends the session on the first one it
//! cannot: the others get their JSON-RPC error here, text that is not UTF-8
//! is read with U+FFFD, and the session goes on. Its outbox carries the
//! messages we serialise ourselves (those errors, log lines, and
//! diagnostics, which the library would first build into a JSON value tree)
//! in between the library's whole messages.

mod frame;
mod inbound;

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::sync::oneshot;
use tower_lsp_server::ls_types::notification::{LogMessage, Notification};
use tower_lsp_server::ls_types::{LogMessageParams, MessageType};

pub use frame::{Awaiting, Frame, Framer, frame};
use inbound::Inbound;

/// Largest message body accepted, in bytes (a 200 MB document fits).
pub const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// How many bytes each read takes from a stream, at most.
const CHUNK: usize = 64 * 1024;

/// What goes to the editor: a framed message, or the end of the session.
#[derive(Debug)]
enum Outgoing {
    Message(Vec<u8>),
    End,
}

/// Framed messages on their way to the editor, sent in order.
#[derive(Clone, Debug)]
pub struct Outbox(UnboundedSender<Outgoing>);

/// The receiving end of an [`Outbox`], which [`pump_output`] drains.
#[derive(Debug)]
pub struct Queue(UnboundedReceiver<Outgoing>);

impl Queue {
    async fn recv(&mut self) -> Option<Outgoing> {
        self.0.recv().await
    }
}

/// An outbox and its queue.
pub fn outbox() -> (Outbox, Queue) {
    let (sender, receiver) = unbounded_channel();
    (Outbox(sender), Queue(receiver))
}

impl Outbox {
    /// Sends a notification, serialised straight from `params`.
    pub fn notify(&self, method: &str, params: &impl Serialize) {
        #[derive(Serialize)]
        struct Notification<'a, P> {
            jsonrpc: &'static str,
            method: &'a str,
            params: P,
        }
        self.send(&Notification {
            jsonrpc: "2.0",
            method,
            params,
        });
    }

    /// Logs a warning in the client's log.
    fn warn(&self, message: String) {
        let params = LogMessageParams {
            typ: MessageType::WARNING,
            message,
        };
        self.notify(LogMessage::METHOD, &params);
    }

    /// Sends one message, serialised from `message`.
    fn send(&self, message: &impl Serialize) {
        match serde_json::to_vec(message) {
            // The queue is gone only once the session has ended.
            Ok(body) => {
                let _ = self.0.send(Outgoing::Message(frame(&body)));
            }
            Err(e) => eprintln!("cable-ls: could not serialise a message: {e}"),
        }
    }
}

/// Why the editor's messages stopped reaching the library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputEnd {
    /// The editor sent `exit`, after which the library reads no more.
    Exit,
    /// The input closed (or could not be read).
    Closed,
}

/// Passes the editor's messages to the library, in order, answering
/// through `outbox` those it would not decode. Says on `end` why it
/// stopped, before the library can see that it has.
pub async fn pump_input<R, W>(
    mut input: R,
    mut server: W,
    outbox: Outbox,
    end: oneshot::Sender<InputEnd>,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut end = Some(end);
    let mut say = |why| {
        if let Some(end) = end.take() {
            let _ = end.send(why);
        }
    };
    let mut framer = Framer::new(MAX_MESSAGE);
    let mut chunk = Vec::with_capacity(CHUNK);
    loop {
        chunk.clear();
        let read = match input.read_buf(&mut chunk).await {
            Ok(read) => read,
            Err(e) => {
                outbox.warn(format!("stopped reading the input: {e}"));
                0
            }
        };
        if read == 0 {
            if framer.awaiting() != Awaiting::Nothing {
                outbox.warn("the input ended inside a message".into());
            }
            say(InputEnd::Closed);
            return;
        }
        framer.push(&chunk);
        while let Some(next) = framer.next_frame() {
            let body = match next {
                Frame::Bad(detail) => {
                    outbox.warn(format!("ignored {detail}"));
                    outbox.send(&inbound::parse_error(&detail));
                    continue;
                }
                Frame::Body(body) => inbound::read(body),
            };
            if let Some(notice) = body.notice {
                outbox.warn(notice);
            }
            match body.inbound {
                Inbound::Refused(response) => outbox.send(&response),
                Inbound::Message { body, exit } => {
                    if exit {
                        say(InputEnd::Exit);
                    }
                    let sent = pass_on(&mut server, body.as_bytes()).await.is_ok();
                    if exit || !sent {
                        return;
                    }
                }
            }
        }
    }
}

/// Writes one message to the library, its body not copied into a frame.
async fn pass_on<W: AsyncWrite + Unpin>(server: &mut W, body: &[u8]) -> std::io::Result<()> {
    server
        .write_all(frame::header(body.len()).as_bytes())
        .await?;
    server.write_all(body).await?;
    server.flush().await
}

/// Copies the server's messages to the editor, in order with the outbox's
/// messages, each written whole. Ends when the server's side closes, after
/// writing what was sent before that.
pub async fn pump_output<R, W>(mut server: R, mut output: W, outbox: Outbox, mut queue: Queue)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    // The server's frames join the outbox's queue, so that one writer sees
    // every message whole and in order (a read cancelled half-way through a
    // frame would lose its bytes).
    let read = async move {
        let mut framer = Framer::new(usize::MAX);
        let mut chunk = Vec::with_capacity(CHUNK);
        while let Ok(1..) = server.read_buf(&mut chunk).await {
            framer.push(&chunk);
            chunk.clear();
            while let Some(next) = framer.next_frame() {
                match next {
                    Frame::Body(body) => {
                        let _ = outbox.0.send(Outgoing::Message(frame(&body)));
                    }
                    Frame::Bad(detail) => eprintln!("cable-ls: the protocol library sent {detail}"),
                }
            }
        }
        let _ = outbox.0.send(Outgoing::End);
    };
    let write = async move {
        while let Some(Outgoing::Message(bytes)) = queue.recv().await {
            if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
                break;
            }
        }
    };
    tokio::join!(read, write);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bodies of the framed messages in `bytes`.
    fn bodies(bytes: &[u8]) -> Vec<serde_json::Value> {
        let mut rest = bytes;
        let mut out = Vec::new();
        while let Some(split) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
            let header = std::str::from_utf8(&rest[..split]).expect("ASCII header");
            let length: usize = header
                .trim_start_matches("Content-Length: ")
                .parse()
                .expect("a length");
            let body = &rest[split + 4..split + 4 + length];
            out.push(serde_json::from_slice(body).expect("JSON"));
            rest = &rest[split + 4 + length..];
        }
        assert!(rest.is_empty(), "trailing bytes");
        out
    }

    #[tokio::test]
    async fn outbox_messages_go_out_whole_between_the_servers() {
        let (outbox, queue) = outbox();
        let (mut server, from_server) = tokio::io::duplex(64);
        let (to_editor, mut editor) = tokio::io::duplex(1 << 20);
        let pump = tokio::spawn(pump_output(from_server, to_editor, outbox.clone(), queue));
        let params =
            serde_json::json!({"uri": "file:///c.txt", "diagnostics": [{"message": "“¶”"}]});
        outbox.notify("textDocument/publishDiagnostics", &params);
        // A server message longer than the pipe's buffer, written in pieces
        // with notifications sent while it is half-way through.
        let long = serde_json::json!({"jsonrpc": "2.0", "id": 1, "result": "x".repeat(1000)});
        for piece in frame(long.to_string().as_bytes()).chunks(50) {
            server.write_all(piece).await.unwrap();
            tokio::task::yield_now().await;
            outbox.notify("textDocument/publishDiagnostics", &params);
        }
        drop(server);
        pump.await.unwrap();
        let mut bytes = Vec::new();
        editor.read_to_end(&mut bytes).await.unwrap();
        let messages = bodies(&bytes);
        let notification = serde_json::json!({
            "jsonrpc": "2.0",
            "method": "textDocument/publishDiagnostics",
            "params": params,
        });
        let pieces = frame(long.to_string().as_bytes()).len().div_ceil(50);
        assert_eq!(messages.len(), pieces + 2);
        assert_eq!(
            messages.iter().filter(|m| **m == notification).count(),
            pieces + 1
        );
        assert!(messages.contains(&long));
    }
}
