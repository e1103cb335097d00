//! End-to-end over stdio: what the user configures (diagnostic groups
//! turned off, the size limit for analysis) and the status notification
//! that editors show in their status bar.

mod common;

use common::{Server, example};
use serde_json::{Value, json};

fn codes(list: &[Value]) -> Vec<String> {
    list.iter()
        .filter_map(|d| d["code"].as_str().map(String::from))
        .collect()
}

fn initialize_with(server: &mut Server, capabilities: Value, options: Value, root: Value) {
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": capabilities,
               "initializationOptions": options}),
    );
    server.notify("initialized", json!({}));
}

/// A server with these capabilities and initializationOptions (no
/// workspace folder) and the sample cable with a malformed portion mark
/// open; returns the server, the cable's URI and its text.
fn with_sample_open(capabilities: Value, options: Value) -> (Server, String, String) {
    let mut server = Server::start();
    initialize_with(&mut server, capabilities, options, Value::Null);
    let (uri, text) = example("telegraphic-06DUSHANBE862.cable");
    server.open(&uri, &text);
    (server, uri, text)
}

#[test]
fn diagnostic_groups_are_turned_off_and_on_by_settings() {
    let (mut server, uri, _) = with_sample_open(
        json!({}),
        json!({"diagnostics": {"disabled": ["paragraph"]}}),
    );
    let list = server.diagnostics_where(&uri, |_| true);
    assert!(
        codes(&list).iter().all(|c| !c.starts_with("paragraph/")),
        "{list:?}"
    );
    // Clients that keep settings elsewhere send {}: nothing changes.
    server.notify("workspace/didChangeConfiguration", json!({"settings": {}}));
    // A bad value is logged and ignored.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"cable-ls": {"diagnostics": {"disabled": "paragraph"}}}}),
    );
    let log = server.wait_for(|m| m["method"] == "window/logMessage" && m["params"]["type"] == 2);
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("ignored the settings"),
        "{log}"
    );
    // Turning the group back on shows the paragraph diagnostic again.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"cable-ls": {"diagnostics": {"disabled": []}}}}),
    );
    let list = server.diagnostics_where(&uri, |l| {
        codes(l).contains(&"paragraph/malformed-marking".to_string())
    });
    assert_eq!(list.len(), 1);
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn pulled_diagnostics_follow_the_settings_too() {
    let (mut server, uri, _) = with_sample_open(
        json!({"textDocument": {"diagnostic": {}}}),
        json!({"cable-ls": {"diagnostics": {"disabled": ["paragraph/malformed-marking"]}}}),
    );
    let report = server.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    let items = report["result"]["items"].as_array().unwrap();
    assert!(items.is_empty(), "{items:?}");
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn a_document_over_the_size_limit_is_kept_but_not_analysed() {
    let (mut server, uri, text) =
        with_sample_open(json!({}), json!({"limits": {"maxDocumentBytes": 4096}}));
    assert!(text.len() > 4096);
    let list = server.diagnostics_where(&uri, |l| !l.is_empty());
    assert_eq!(codes(&list), ["file/too-large"]);
    assert!(
        list[0]["message"]
            .as_str()
            .unwrap()
            .contains("limits.maxDocumentBytes")
    );
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 43, "character": 8}}),
    );
    assert_eq!(hover["result"], Value::Null);
    // Cut the document below the limit: analysed again.
    let keep = text.lines().take(60).collect::<Vec<_>>().join("\n");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": keep}]}),
    );
    let list = server.diagnostics_where(&uri, |l| codes(l) != ["file/too-large"]);
    assert!(codes(&list).iter().all(|c| c != "file/too-large"));
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 43, "character": 8}}),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("PGOV")
    );
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn the_status_notification_reports_the_index() {
    let dir = common::scratch_dir("status");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for name in [
        "telegraphic-06DUSHANBE862.cable",
        "clean-07DUSHANBE1420.cable",
    ] {
        std::fs::write(dir.join(name), example(name).1).unwrap();
    }
    let root = format!("file://{}", dir.display());
    let mut server = Server::start();
    initialize_with(
        &mut server,
        json!({"experimental": {"serverStatusNotification": true}}),
        json!({"limits": {"maxIndexedFiles": 1}}),
        json!(root),
    );
    let status = server.wait_for(|m| {
        m["method"] == "experimental/serverStatus" && m["params"]["quiescent"] == true
    });
    assert_eq!(status["params"]["health"], "ok");
    // The limit on indexed files holds: one of the two was left out, and
    // the log says so.
    assert_eq!(status["params"]["indexed"], 1);
    assert_eq!(status["params"]["message"], "1 cable indexed");
    let log = server.wait_for(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("limits.maxIndexedFiles"))
    });
    assert_eq!(log["params"]["type"], 2);
    assert_eq!(server.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_status_notifications_unless_asked() {
    let mut server = Server::start();
    initialize_with(&mut server, json!({}), Value::Null, Value::Null);
    let (uri, text) = example("clean-07DUSHANBE1420.cable");
    server.open(&uri, &text);
    server.diagnostics_where(&uri, |_| true);
    let response = server.request("shutdown", Value::Null);
    assert!(response.get("error").is_none());
    // Everything the server sent before answering shutdown was read by now.
    assert!(
        !server
            .pending()
            .any(|m| m["method"] == "experimental/serverStatus"),
        "status sent unasked"
    );
}
