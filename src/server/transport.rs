//! The stdio transport in front of the protocol library: it frames
//! messages itself so that one malformed message gets a JSON-RPC parse
//! error (-32700) instead of ending the session, and it bounds the size of
//! a message.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

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

fn parse_error(detail: &str) -> Vec<u8> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": -32700, "message": format!("Parse error: {detail}")}
    });
    frame(body.to_string().as_bytes())
}

/// Copies well-formed messages from the editor to the server; answers the
/// others with a parse error through `errors`.
pub async fn pump_input<R, W>(input: R, mut server: W, errors: UnboundedSender<Vec<u8>>)
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
                let _ = errors.send(parse_error(&detail));
            }
            Frame::Body(body) => {
                if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
                    eprintln!("cable-ls: ignored a message that is not JSON: {e}");
                    let _ = errors.send(parse_error(&e.to_string()));
                    continue;
                }
                if server.write_all(&frame(&body)).await.is_err() || server.flush().await.is_err() {
                    break;
                }
            }
        }
    }
}

/// Copies the server's messages to the editor, slipping parse errors in
/// between whole messages. Ends when the server's side closes.
pub async fn pump_output<R, W>(server: R, mut output: W, mut errors: UnboundedReceiver<Vec<u8>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(server);
    let mut errors_open = true;
    loop {
        tokio::select! {
            frame_read = read_frame(&mut reader) => {
                let bytes = match frame_read {
                    Frame::Body(body) => frame(&body),
                    Frame::Bad(_) | Frame::End => break,
                };
                if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
                    break;
                }
            }
            error = errors.recv(), if errors_open => match error {
                Some(bytes) => {
                    if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
                        break;
                    }
                }
                None => errors_open = false,
            },
        }
    }
}
