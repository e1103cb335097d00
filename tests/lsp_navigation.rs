//! End-to-end navigation over stdio against a temporary workspace folder:
//! background indexing with progress, hover, outline, definition,
//! references, workspace symbols, and the index following the disk.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Server, example};
use serde_json::{Value, json};

const CITING: &str = "VZCZCXRO9482
OO RUEHDBU
DE RUEHDBU #0862/01 1301039
ZNY CCCCC ZZH
O P 101039Z MAY 06
FM AMEMBASSY DUSHANBE
TO RUEHC/SECSTATE WASHDC IMMEDIATE 7466

C O N F I D E N T I A L DUSHANBE 000862

E.O. 12958: DECL: 5/10/2016
TAGS: PGOV PREL TI
SUBJECT: BOUCHER MEETS FM NAZAROV
REF: STATE 72746

¶1. (C) Boucher delivered the reftel demarche to Foreign Minister Talbak Nazarov’s office.
";

const CITED: &str = "VZCZCXYZ0001
RR RUEHC
DE RUEHC #2746 1251200
ZNY UUUUU ZZH
R 051200Z MAY 06
FM SECSTATE WASHDC
TO RUEHDBU/AMEMBASSY DUSHANBE 0001

UNCLAS STATE 072746

E.O. 12958: N/A
TAGS: PREL KDEM
SUBJECT: DEMARCHE ON THE SHANGHAI COOPERATION ORGANIZATION

¶1. (U) Posts should raise the SCO with Nazarov.
";

fn folder(name: &str) -> PathBuf {
    let dir = common::scratch_dir(&format!("nav-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("citing.cable"), CITING).unwrap();
    std::fs::write(dir.join("cited.txt"), CITED).unwrap();
    std::fs::write(dir.join("notes.txt"), "Nothing to see here.\n").unwrap();
    dir
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Starts a server on `dir` and waits until indexing is reported done.
fn start(dir: &Path, watch: bool) -> Server {
    start_with(
        dir,
        json!({"didChangeWatchedFiles": {"dynamicRegistration": watch}}),
    )
}

/// Starts a server on `dir` for a client with these workspace
/// capabilities, and waits until indexing is reported done.
fn start_with(dir: &Path, workspace: Value) -> Server {
    let mut server = Server::start();
    let caps = json!({
        "window": {"workDoneProgress": true},
        "workspace": workspace,
        "general": {"positionEncodings": ["utf-16"]}
    });
    let response = server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(dir), "capabilities": caps,
               "workspaceFolders": [{"uri": uri(dir), "name": "ws"}]}),
    );
    assert_eq!(response["result"]["capabilities"]["hoverProvider"], true);
    server.notify("initialized", json!({}));
    let end =
        server.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    assert_eq!(
        end["params"]["value"]["message"],
        "indexed 2 cables (0 skipped)"
    );
    server
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// The response to `textDocument/references` at a position.
fn references(
    server: &mut Server,
    uri: &str,
    line: u32,
    character: u32,
    declaration: bool,
) -> Value {
    server.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character},
               "context": {"includeDeclaration": declaration}}),
    )
}

/// `(file name, line, character)` of each location.
fn places(list: &Value) -> Vec<(String, u64, u64)> {
    let mut out: Vec<_> = list
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|l| {
            let name = l["uri"]
                .as_str()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            (
                name,
                l["range"]["start"]["line"].as_u64().unwrap_or(0),
                l["range"]["start"]["character"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn navigation_across_the_workspace() {
    let dir = folder("main");
    let mut server = start(&dir, true);
    let citing = uri(&dir.join("citing.cable"));
    server.open(&citing, CITING);

    // Hover on a TAGS item counts the cables carrying it.
    let hover = server.request("textDocument/hover", at(&citing, 11, 12));
    let text = hover["result"]["contents"]["value"].as_str().unwrap_or("");
    assert!(text.starts_with("**PREL**"), "{text}");
    assert!(
        text.contains("Carried by 2 cables in the workspace."),
        "{text}"
    );
    assert_eq!(
        hover["result"]["range"]["start"],
        json!({"line": 11, "character": 11})
    );

    // Definition from the REF item opens the cited cable at its banner.
    let def = server.request("textDocument/definition", at(&citing, 13, 8));
    assert_eq!(
        places(&json!([def["result"].clone()])),
        [("cited.txt".to_string(), 8, 0)]
    );
    // And from `reftel` in the body.
    let def = server.request("textDocument/definition", at(&citing, 15, 34));
    assert_eq!(
        places(&json!([def["result"].clone()])),
        [("cited.txt".to_string(), 8, 0)]
    );

    // References to the full name: the SUBJECT line's capitals too, and not
    // the bare `Nazarov` of a cable that never names Talbak Nazarov.
    // Line 15 has `’` before the name: UTF-16 columns count it as one.
    let refs = references(&mut server, &citing, 15, 76, false);
    assert_eq!(
        places(&refs["result"]),
        [
            ("citing.cable".to_string(), 12, 26),
            ("citing.cable".to_string(), 15, 66)
        ]
    );

    // The outline lists the paragraph.
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": citing}}),
    );
    let root = &symbols["result"][0];
    assert_eq!(root["name"], "06DUSHANBE862");
    let names: Vec<&str> = root["children"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(names.contains(&"¶1 (C)"), "{names:?}");

    // Workspace symbols find cables by subject words.
    let found = server.request("workspace/symbol", json!({"query": "shanghai"}));
    assert_eq!(found["result"][0]["name"], "06STATE72746");

    // An edit that removes the REF: the cited cable loses its citation.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": citing, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 13, "character": 0}, "end": {"line": 14, "character": 0}}, "text": ""}
        ]}),
    );
    let cited = uri(&dir.join("cited.txt"));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let refs = references(&mut server, &cited, 8, 10, false);
        if refs["result"].as_array().is_some_and(Vec::is_empty) {
            break;
        }
        assert!(Instant::now() < deadline, "citation still there: {refs}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn references_past_the_limit_are_cut_with_a_warning() {
    let dir = folder("limit");
    let mut server = start(&dir, true);
    let citing = uri(&dir.join("citing.cable"));
    server.open(&citing, CITING);
    // The open cable names Talbak Nazarov twice; with room for one, its
    // first is listed and the user is told there were more.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"cable-ls": {"limits": {"maxReferences": 1}}}}),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let refs = loop {
        let refs = references(&mut server, &citing, 15, 76, false);
        if refs["result"].as_array().is_some_and(|l| l.len() < 2) {
            break refs;
        }
        assert!(Instant::now() < deadline, "not limited: {refs}");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(
        places(&refs["result"]),
        [("citing.cable".to_string(), 12, 26)]
    );
    let warning = server.wait_for(|m| m["method"] == "window/showMessage");
    assert_eq!(warning["params"]["type"], 2);
    assert_eq!(
        warning["params"]["message"],
        "More than 1 references: 1 are listed, the open cable's first (setting limits.maxReferences)"
    );
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn workspace_symbols_are_resolved_on_demand_for_clients_that_can() {
    let dir = folder("resolve");
    let mut server = start_with(
        &dir,
        json!({"symbol": {"resolveSupport": {"properties": ["location.range"]}}}),
    );
    // Listed with their file only, and resolved one by one.
    let found = server.request("workspace/symbol", json!({"query": "shanghai"}));
    let symbol = &found["result"][0];
    assert_eq!(symbol["name"], "06STATE72746");
    assert_eq!(
        symbol["location"],
        json!({"uri": uri(&dir.join("cited.txt"))})
    );
    let resolved = server.request("workspaceSymbol/resolve", symbol.clone());
    assert_eq!(
        resolved["result"]["location"]["range"],
        json!({"start": {"line": 8, "character": 0}, "end": {"line": 8, "character": 19}})
    );
    // A name in the cited cable (its container), after `¶`: one UTF-16
    // unit, two bytes.
    let found = server.request("workspace/symbol", json!({"query": "nazarov"}));
    let symbol = found["result"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["containerName"] == "06STATE72746"))
        .cloned()
        .unwrap_or_else(|| panic!("a name in the cited cable: {found}"));
    let resolved = server.request("workspaceSymbol/resolve", symbol);
    let range = &resolved["result"]["location"]["range"];
    assert_eq!(range["start"]["line"], 14, "{resolved}");
    let line: Vec<u16> = CITED.lines().nth(14).unwrap().encode_utf16().collect();
    let (start, end) = (
        range["start"]["character"].as_u64().unwrap() as usize,
        range["end"]["character"].as_u64().unwrap() as usize,
    );
    assert_eq!(String::from_utf16_lossy(&line[start..end]), "Nazarov");
    // A symbol that is not ours comes back as it was.
    let foreign = json!({"name": "x", "kind": 1, "location": {"uri": "file:///nowhere.cable"}});
    let back = server.request("workspaceSymbol/resolve", foreign.clone());
    assert_eq!(back["result"], foreign);
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn the_index_follows_files_changed_on_disk() {
    // A client that cannot watch files: the server watches them itself.
    let dir = folder("watch");
    let mut server = start(&dir, false);
    let (_, extra) = example("telegraphic-06DUSHANBE862.cable");
    std::fs::write(
        dir.join("new.cable"),
        extra.replace("REF: STATE 72746", "REF: STATE 72746\n\nB. MOSCOW 1"),
    )
    .unwrap();
    let cited = uri(&dir.join("cited.txt"));
    server.open(&cited, CITED);
    // The files citing it (a file cites it in its REF line and its reftel).
    let refs_to_cited = |server: &mut Server| {
        let mut files = places(&references(server, &cited, 8, 10, false)["result"]);
        files.dedup_by(|a, b| a.0 == b.0);
        files
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    while refs_to_cited(&mut server).len() < 2 {
        assert!(Instant::now() < deadline, "the new file was not indexed");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::remove_file(dir.join("citing.cable")).unwrap();
    while refs_to_cited(&mut server).len() != 1 {
        assert!(
            Instant::now() < deadline,
            "the deleted file is still indexed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(refs_to_cited(&mut server)[0].0, "new.cable");
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn watched_file_notifications_update_the_index() {
    let dir = folder("notify");
    let mut server = start(&dir, true);
    // The server asked the client to watch cable files.
    let registration = server.wait_for(|m| m["method"] == "client/registerCapability");
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    let cited = uri(&dir.join("cited.txt"));
    server.open(&cited, CITED);
    std::fs::rename(dir.join("citing.cable"), dir.join("renamed.cable")).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [
            {"uri": uri(&dir.join("citing.cable")), "type": 3},
            {"uri": uri(&dir.join("renamed.cable")), "type": 1}
        ]}),
    );
    let refs = references(&mut server, &cited, 8, 10, true);
    assert_eq!(
        places(&refs["result"]),
        [
            ("cited.txt".to_string(), 8, 0),
            ("renamed.cable".to_string(), 13, 5),
            ("renamed.cable".to_string(), 15, 30)
        ]
    );
    assert_eq!(server.shutdown(), Some(0));
}

/// Binary files, a file over the indexing limit, a symbolic-link loop and
/// a link leading out of the workspace: indexing finishes, says what it
/// skipped, and the server answers as before.
#[test]
fn hostile_files_in_the_workspace() {
    let dir = folder("hostile");
    std::fs::write(
        dir.join("binary.cable"),
        [0u8, 159, 146, 150, 255, 0, 13, 10, 7].repeat(1000),
    )
    .unwrap();
    std::fs::write(dir.join("binary.txt"), [0u8, 255, 254, 0].repeat(1000)).unwrap();
    let huge = std::fs::File::create(dir.join("huge.cable")).unwrap();
    huge.set_len(17 * 1024 * 1024).unwrap();
    let outside = common::scratch_dir("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.cable"), CITED).unwrap();
    // An unreadable file (root reads it anyway), a named pipe that would
    // block a reader forever, and a link to nothing.
    let locked = dir.join("locked.cable");
    std::fs::write(&locked, CITED.replace("072746", "072747")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(dir.join("nowhere.cable"), dir.join("dangling.cable")).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        let fifo = std::process::Command::new("mkfifo")
            .arg(dir.join("pipe.cable"))
            .status();
        assert!(fifo.is_ok_and(|s| s.success()), "mkfifo");
    }
    let readable = std::fs::read(&locked).is_ok();
    let mut server = Server::start();
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&dir), "capabilities": {"window": {"workDoneProgress": true}}}),
    );
    server.notify("initialized", json!({}));
    let end =
        server.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    // citing, cited, and the binary .cable (read lossily); the huge one
    // skipped, and the locked one unless we run as root; never the pipe.
    let expected = if readable {
        "indexed 4 cables (1 skipped)"
    } else {
        "indexed 3 cables (2 skipped)"
    };
    assert_eq!(end["params"]["value"]["message"], expected, "{end}");
    // Requests about files never opened read them from disk: not the pipe.
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&dir.join("pipe.cable"))},
               "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover["result"], Value::Null, "{hover}");
    let skipped = server.wait_for(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("huge.cable")
    });
    assert!(
        skipped["params"]["message"]
            .as_str()
            .unwrap()
            .contains("limit")
    );
    // Nothing from outside the workspace: only the one real citation (its
    // REF item and its body's reftel).
    let cited = uri(&dir.join("cited.txt"));
    let refs = references(&mut server, &cited, 8, 10, true);
    assert_eq!(
        places(&refs["result"]),
        [
            ("cited.txt".to_string(), 8, 0),
            ("citing.cable".to_string(), 13, 5),
            ("citing.cable".to_string(), 15, 30)
        ]
    );
    assert_eq!(server.shutdown(), Some(0));
}

/// Whether a message is a log message containing `words`.
fn log_of(words: &str) -> impl Fn(&Value) -> bool + '_ {
    move |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains(words))
    }
}

/// Routine messages (ready, settings ignored, indexing, a file skipped, a
/// malformed message, a change to a closed document) reach the client's
/// log and never stderr, which editors show as errors (Neovim logs each
/// stderr line as `[ERROR]`); the server says it is ready once.
#[test]
fn routine_messages_go_to_the_clients_log_only() {
    let dir = folder("log-only");
    let huge = std::fs::File::create(dir.join("huge.cable")).unwrap();
    huge.set_len(17 * 1024 * 1024).unwrap();
    let mut server = Server::start();
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(&dir), "capabilities": {},
               "initializationOptions": {"diagnostics": {"disabled": "paragraph"}}}),
    );
    server.notify("initialized", json!({}));
    let ready = server.wait_for(log_of(" ready"));
    let ready = ready["params"]["message"].as_str().unwrap_or_default();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        ready.starts_with(&format!("cable-ls {version} ready: ")),
        "{ready}"
    );
    server.wait_for(log_of("ignored the settings"));
    server.wait_for(log_of("huge.cable"));
    server.wait_for(log_of("indexed 2 cables (1 skipped)"));
    server.send_raw(b"[]");
    server.wait_for(log_of("-32600"));
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&dir.join("citing.cable")), "version": 2},
               "contentChanges": [{"text": "x"}]}),
    );
    server.wait_for(log_of("not open"));
    assert!(server.pending().all(|m| !log_of(" ready")(m)));
    let (code, stderr) = server.shutdown_with_stderr();
    assert_eq!(code, Some(0));
    assert_eq!(stderr, "");
}
