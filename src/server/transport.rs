//! The stdio transport in front of the protocol library: it frames
//! messages itself so that one malformed message gets a JSON-RPC parse
//! error (-32700) instead of ending the session, and it bounds the size of
//! a message. Its outbox carries messages we serialise ourselves (parse
//! errors, and diagnostics, which the library would first build into a
//! JSON value tree) in between the library's whole messages.

use serde::Serialize;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// Largest message body accepted, in bytes (a 200 MB document fits).
pub const MAX_MESSAGE: usize = 256 * 1024 * 1024;

/// One framed message, or what went wrong reading it.
enum Frame {
    Body(Vec<u8>),
    Bad(String),
    End,
}

/// Reads one `Content-Length` framed message.
async fn read_frame<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Frame {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line).await {
            Ok(0) => return Frame::End,
            Ok(_) => {}
            Err(e) => return Frame::Bad(format!("unreadable header: {e}")),
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
        }
    }
    let Some(length) = length else {
        return Frame::Bad("a message without a valid Content-Length header".into());
    };
    if length > MAX_MESSAGE {
        // Skip the body without holding it.
        let mut rest = (&mut *reader).take(length as u64);
        let _ = tokio::io::copy(&mut rest, &mut tokio::io::sink()).await;
        return Frame::Bad(format!(
            "a message of {length} bytes is over the {MAX_MESSAGE}-byte limit"
        ));
    }
    let mut body = vec![0; length];
    match reader.read_exact(&mut body).await {
        Ok(_) => Frame::Body(body),
        Err(_) => Frame::End,
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

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
        let message = Notification {
            jsonrpc: "2.0",
            method,
            params,
        };
        match serde_json::to_vec(&message) {
            Ok(body) => self.send(frame(&body)),
            Err(e) => eprintln!("cable-ls: could not serialise a {method} notification: {e}"),
        }
    }

    fn send(&self, framed: Vec<u8>) {
        // The queue is gone only once the session has ended.
        let _ = self.0.send(Outgoing::Message(framed));
    }
}

fn parse_error(detail: &str) -> Vec<u8> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": -32700, "message": format!("Parse error: {detail}")}
    });
    frame(body.to_string().as_bytes())
}

/// Copies well-formed messages from the editor to the server; answers the
/// others with a parse error through `outbox`.
pub async fn pump_input<R, W>(input: R, mut server: W, outbox: Outbox)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    loop {
        match read_frame(&mut reader).await {
            Frame::End => break,
            Frame::Bad(detail) => {
                eprintln!("cable-ls: ignored {detail}");
                outbox.send(parse_error(&detail));
            }
            Frame::Body(body) => {
                if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
                    eprintln!("cable-ls: ignored a message that is not JSON: {e}");
                    outbox.send(parse_error(&e.to_string()));
                    continue;
                }
                if server.write_all(&frame(&body)).await.is_err() || server.flush().await.is_err() {
                    break;
                }
            }
        }
    }
}

/// Copies the server's messages to the editor, in order with the outbox's
/// messages, each written whole. Ends when the server's side closes, after
/// writing what was sent before that.
pub async fn pump_output<R, W>(server: R, mut output: W, outbox: Outbox, mut queue: Queue)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    // The server's frames join the outbox's queue, so that one writer sees
    // every message whole and in order (a read cancelled half-way through a
    // frame would lose its bytes).
    let read = async move {
        let mut reader = BufReader::new(server);
        while let Frame::Body(body) = read_frame(&mut reader).await {
            outbox.send(frame(&body));
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
