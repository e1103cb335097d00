//! Protocol abuse over stdio: bad positions, bad messages, odd request
//! orders and bursts leave the server alive, correct, and answering with
//! the specification's error codes.

mod common;

use common::{Server, example, summary};
use serde_json::{Value, json};

const FILE: &str = "telegraphic-06DUSHANBE862.cable";

/// The answer every healthy server gives: the outline's first level of a
/// fixed document.
fn probe(server: &mut Server) -> Value {
    let (uri, text) = example(FILE);
    let probe_uri = format!("{uri}#probe");
    server.open(&probe_uri, &text);
    let response = server.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": probe_uri}}),
    );
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": probe_uri}}),
    );
    let names: Vec<Value> = response["result"][0]["children"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| json!([c["name"], c["range"]]))
        .collect();
    json!(names)
}

fn fresh_probe() -> Value {
    let mut server = Server::start();
    server.initialize(json!({}));
    let answer = probe(&mut server);
    assert_eq!(server.shutdown(), Some(0));
    answer
}

fn change(server: &mut Server, uri: &str, version: i64, range: Value, text: &str) {
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": text}]}),
    );
}

fn range(sl: i64, sc: i64, el: i64, ec: i64) -> Value {
    json!({"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}})
}

#[test]
fn requests_before_initialize_and_after_shutdown() {
    let mut server = Server::start();
    let early = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(early["error"]["code"], -32002, "{early}");
    server.initialize(json!({}));
    let expected = fresh_probe();
    assert_eq!(probe(&mut server), expected);
    let response = server.request("shutdown", Value::Null);
    assert!(response["error"].is_null());
    let late = server.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///x"}}),
    );
    assert_eq!(late["error"]["code"], -32600, "{late}");
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit(), Some(0));
}

#[test]
fn bad_messages_get_errors_not_crashes() {
    let mut server = Server::start();
    server.initialize(json!({}));
    let expected = fresh_probe();
    // Unknown method.
    let unknown = server.request("cable/doesNotExist", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    // Wrong parameter types, and a negative position.
    let wrong = server.request(
        "textDocument/hover",
        json!({"textDocument": 7, "position": "here"}),
    );
    assert_eq!(wrong["error"]["code"], -32602, "{wrong}");
    let negative = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x"}, "position": {"line": -1, "character": 0}}),
    );
    assert_eq!(negative["error"]["code"], -32602, "{negative}");
    // Malformed JSON: a parse error, and the server reads on.
    server.send_raw(b"{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ");
    let parse_error = server.wait_for(|m| m["error"]["code"] == -32700);
    assert!(parse_error["id"].is_null());
    // Notifications for documents never opened, double open and close.
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": "file:///never"}}),
    );
    change(&mut server, "file:///never", 2, range(0, 0, 0, 0), "x");
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///never"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(
        hover["result"].is_null() && hover["error"].is_null(),
        "{hover}"
    );
    let (uri, text) = example(FILE);
    server.open(&uri, &text);
    server.open(&uri, &text);
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    // A storm of cancellations for requests that do not exist.
    for id in 0..500 {
        server.notify("$/cancelRequest", json!({"id": id}));
    }
    assert_eq!(probe(&mut server), expected);
    assert_eq!(server.shutdown(), Some(0));
}

/// Odd edits on a document with `’` (3 bytes, 1 UTF-16 unit) and an emoji
/// (4 bytes, 2 UTF-16 units): afterwards the server's diagnostics equal a
/// fresh open of the text it should hold.
#[test]
fn odd_edits_keep_the_document_in_sync() {
    let mut server = Server::start();
    server.initialize(json!({}));
    let (uri, text) = example(FILE);
    let text = text.replacen("Nazarov", "Nazarov’s 😀 aide", 1);
    server.open(&uri, &text);
    server.diagnostics_where(&uri, |_| true);
    let line = text.lines().position(|l| l.contains('😀')).unwrap() as i64;
    let col = text
        .lines()
        .nth(line as usize)
        .unwrap()
        .encode_utf16()
        .take_while(|_| true)
        .count() as i64;
    let emoji = text
        .lines()
        .nth(line as usize)
        .unwrap()
        .split('😀')
        .next()
        .unwrap()
        .encode_utf16()
        .count() as i64;
    let mut version = 1;
    let mut next = || {
        version += 1;
        version
    };
    // Inside the surrogate pair, reversed, out of range, past the end.
    change(
        &mut server,
        &uri,
        next(),
        range(line, emoji + 1, line, emoji + 1),
        "X",
    );
    change(
        &mut server,
        &uri,
        next(),
        range(line, emoji + 3, line, emoji - 2),
        "",
    );
    change(
        &mut server,
        &uri,
        next(),
        range(line, col + 50, line + 1, 999),
        "¶",
    );
    change(
        &mut server,
        &uri,
        next(),
        range(99_999, 0, 99_999, 5),
        "\nEND",
    );
    // The version goes backwards; the change still applies.
    change(&mut server, &uri, 1, range(0, 0, 0, 0), "");
    // 300 edits in a burst: type and delete across a paragraph boundary.
    for i in 0..300 {
        if i % 2 == 0 {
            change(&mut server, &uri, next(), range(57, 0, 57, 0), "(C) x\n");
        } else {
            change(&mut server, &uri, next(), range(57, 0, 58, 0), "");
        }
    }
    // What the text must be now, applied locally.
    let mut doc = cable_ls::document::Document::new(&text, 1);
    let apply = |doc: &mut cable_ls::document::Document,
                 (sl, sc, el, ec): (i64, i64, i64, i64),
                 t: &str| {
        let range = Some(((sl as u32, sc as u32), (el as u32, ec as u32)));
        doc.apply(
            &cable_ls::document::Change {
                range,
                text: t.to_string(),
            },
            cable_ls::text::Encoding::Utf16,
        );
    };
    apply(&mut doc, (line, emoji + 1, line, emoji + 1), "X");
    apply(&mut doc, (line, emoji + 3, line, emoji - 2), "");
    apply(&mut doc, (line, col + 50, line + 1, 999), "¶");
    apply(&mut doc, (99_999, 0, 99_999, 5), "\nEND");
    apply(&mut doc, (0, 0, 0, 0), "");
    let fresh_uri = format!("{uri}#fresh");
    server.open(&fresh_uri, &doc.text.to_string());
    let fresh = server.diagnostics_where(&fresh_uri, |_| true);
    let edited = server.diagnostics_where(&uri, |l| summary(l) == summary(&fresh));
    assert_eq!(summary(&edited), summary(&fresh));
    // The folds of the edited text are those of the same text opened fresh.
    let folds = |server: &mut Server, uri: &str| {
        server.request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri}}),
        )["result"]
            .clone()
    };
    let fresh_folds = folds(&mut server, &fresh_uri);
    assert!(fresh_folds.as_array().is_some_and(|f| !f.is_empty()));
    assert_eq!(folds(&mut server, &uri), fresh_folds);
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn a_twenty_megabyte_document() {
    let mut server = Server::start();
    server.initialize(json!({}));
    let (_, text) = example(FILE);
    let big = text.repeat(20 * 1024 * 1024 / text.len() + 1);
    let uri = "file:///big.cable";
    server.open(uri, &big);
    let list = server.diagnostics_where(uri, |l| !l.is_empty());
    assert!(list.len() <= cable_ls::analysis::MAX_DIAGNOSTICS);
    assert_eq!(list.last().unwrap()["code"], "file/more-not-shown");
    change(&mut server, uri, 2, range(0, 0, 0, 0), "x");
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(symbols["result"].is_array());
    assert_eq!(server.shutdown(), Some(0));
}

/// A 200 MB document (over the default 64 MB analysis limit) opens, takes
/// edits, and gets one diagnostic saying it is not analysed; the server
/// keeps answering for other documents.
#[test]
fn a_two_hundred_megabyte_document() {
    let mut server = Server::start();
    server.initialize(json!({}));
    let (small_uri, text) = example(FILE);
    let big = text.repeat(200 * 1024 * 1024 / text.len() + 1);
    let uri = "file:///huge.cable";
    let start = std::time::Instant::now();
    server.open(uri, &big);
    drop(big);
    let list = server.diagnostics_where(uri, |l| !l.is_empty());
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["code"], "file/too-large");
    eprintln!("200 MB document: diagnostics after {:?}", start.elapsed());
    change(&mut server, uri, 2, range(0, 0, 0, 0), "x");
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 43, "character": 8}}),
    );
    assert_eq!(hover["result"], Value::Null);
    let folds = server.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(folds["error"].is_null(), "{folds}");
    server.open(&small_uri, &text);
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": small_uri}}),
    );
    assert!(!symbols["result"].as_array().unwrap().is_empty());
    eprintln!("200 MB document: all answered after {:?}", start.elapsed());
    assert_eq!(server.shutdown(), Some(0));
}
