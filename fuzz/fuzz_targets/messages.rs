//! The message layer: an arbitrary byte stream after `initialize` (headers
//! missing, doubled, huge or wrong, bodies truncated, not JSON, not
//! messages, not UTF-8) goes through the server's framing and message
//! checks into the server, in-process. Every message the server sends must
//! be framed JSON-RPC, and at the end the server must still be serving: a
//! fixed request gets its answer, unless the stream held `exit`.
#![no_main]

use cable_ls::server::{Awaiting, Cause, Frame, Framer, MAX_MESSAGE, frame, serve};
use std::hash::{DefaultHasher, Hash, Hasher};

use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use tokio::task::JoinHandle;

/// The largest body the harness completes to reach the probe; a stream
/// that ends inside a longer one leaves the server waiting for it, as it
/// should, and the probe is not sent.
const MAX_FILL: u64 = 1 << 16;

fuzz_target!(|data: &[u8]| {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(session(data));
});

async fn session(data: &[u8]) {
    let (mut input, server_in) = tokio::io::duplex(1 << 12);
    let (server_out, output) = tokio::io::duplex(1 << 12);
    let server = tokio::spawn(serve(server_in, server_out));
    let (mut messages, checked) = messages(output);
    let initialize = json!({"jsonrpc": "2.0", "id": "init", "method": "initialize",
                            "params": {"processId": null, "rootUri": null, "capabilities": {}}});
    send(&mut input, &initialize).await;
    answer(&mut messages, "init")
        .await
        .expect("initialize is answered");
    send(
        &mut input,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    )
    .await;

    // The stream, then what completes a message it leaves unfinished (as
    // the server's framing sees it), then the probe.
    let mut framing = Framer::new(MAX_MESSAGE);
    let mut stream = data.to_vec();
    let mut more = data.to_vec();
    let mut complete = false;
    for _ in 0..6 {
        framing.push(&more);
        while framing.next_frame().is_some() {}
        more = match framing.awaiting() {
            Awaiting::Nothing => {
                complete = true;
                break;
            }
            Awaiting::Header => b"\r\n".to_vec(),
            Awaiting::Body(n) if n <= MAX_FILL => vec![b' '; n as usize],
            Awaiting::Body(_) => break,
        };
        stream.extend_from_slice(&more);
    }
    // The probe's id is a hash of the stream, so that no request in the
    // stream can be answered in its place.
    let mut hasher = DefaultHasher::new();
    data.hash(&mut hasher);
    let probe_id = format!("probe-{:016x}", hasher.finish());
    if complete {
        let probe = json!({"jsonrpc": "2.0", "id": probe_id, "method": "textDocument/documentSymbol",
                           "params": {"textDocument": {"uri": "file:///probe.cable"}}});
        stream.extend(frame(probe.to_string().as_bytes()));
    }
    // Written while the server reads (and answers) it.
    let writer = tokio::spawn(async move {
        let _ = input.write_all(&stream).await;
        input
    });
    let answered = !complete || answer(&mut messages, &probe_id).await.is_some();
    // Closing the input ends the session.
    drop(writer.await.expect("the writer"));
    let ending = server.await.expect("the server task");
    assert!(
        answered || ending.cause == Cause::Exit,
        "the server stopped without answering: {ending:?}"
    );
    assert_ne!(ending.cause, Cause::Stopped);
    // The server's output has closed: every message it sent is checked.
    checked.await.expect("the output check");
}

/// Sends one message.
async fn send(input: &mut DuplexStream, message: &Value) {
    input
        .write_all(&frame(message.to_string().as_bytes()))
        .await
        .expect("the server reads");
}

/// Waits for the response to request `id`; `None` when the session ended
/// first.
async fn answer(messages: &mut UnboundedReceiver<Value>, id: &str) -> Option<Value> {
    while let Some(message) = messages.recv().await {
        if message["id"] == id && message.get("method").is_none() {
            return Some(message);
        }
    }
    None
}

/// The server's messages, each checked to be a framed JSON-RPC message,
/// and the task checking them, which ends when the output closes.
fn messages(mut output: DuplexStream) -> (UnboundedReceiver<Value>, JoinHandle<()>) {
    let (sender, receiver) = unbounded_channel();
    let checked = tokio::spawn(async move {
        let mut framer = Framer::new(usize::MAX);
        let mut chunk = Vec::with_capacity(1 << 12);
        while let Ok(1..) = output.read_buf(&mut chunk).await {
            framer.push(&chunk);
            chunk.clear();
            while let Some(next) = framer.next_frame() {
                let Frame::Body(body) = next else {
                    panic!("the server sent a bad frame: {next:?}");
                };
                let message: Value = serde_json::from_slice(&body).expect("the server sends JSON");
                assert_eq!(message["jsonrpc"], "2.0", "{message}");
                let _ = sender.send(message);
            }
        }
        assert_eq!(framer.awaiting(), Awaiting::Nothing, "a message cut short");
    });
    (receiver, checked)
}
