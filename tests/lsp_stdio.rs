//! End-to-end: the built binary over stdio, as an editor drives it.

mod common;

use cable_ls::text::{Encoding, position_to_offset};
use common::{Server, example, summary};
use serde_json::json;

/// `¶9. SBU)` in examples/telegraphic-06DUSHANBE862.cable: the mark starts after `¶`, which is one UTF-16
/// unit but two UTF-8 bytes.
fn malformed_mark(list: &[serde_json::Value]) -> Option<(u64, u64, u64)> {
    summary(list)
        .into_iter()
        .find(|d| d.0 == "paragraph/malformed-marking")
        .map(|d| (d.1, d.2, d.4))
}

#[test]
fn utf16_positions_by_default() {
    let mut server = Server::start();
    let init = server.initialize(json!({}));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    let (uri, text) = example("telegraphic-06DUSHANBE862.cable");
    server.open(&uri, &text);
    let list = server.diagnostics_where(&uri, |l| !l.is_empty());
    assert_eq!(malformed_mark(&list), Some((79, 4, 8)));
    let d = list
        .iter()
        .find(|d| d["code"] == "paragraph/malformed-marking")
        .unwrap();
    assert_eq!(d["severity"], 2);
    assert_eq!(d["source"], "cable-ls");
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn utf8_positions_when_offered() {
    let mut server = Server::start();
    let init = server.initialize(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    let (uri, text) = example("telegraphic-06DUSHANBE862.cable");
    server.open(&uri, &text);
    let list = server.diagnostics_where(&uri, |l| !l.is_empty());
    assert_eq!(malformed_mark(&list), Some((79, 5, 9)));
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn incremental_edits_update_diagnostics_and_close_clears_them() {
    let mut server = Server::start();
    server.initialize(json!({}));
    let (uri, text) = example("telegraphic-06DUSHANBE862.cable");
    server.open(&uri, &text);
    server.diagnostics_where(&uri, |l| malformed_mark(l).is_some());
    // Type the missing `(` before `SBU)` (UTF-16 column 4 of line 79).
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 79, "character": 4}, "end": {"line": 79, "character": 4}}, "text": "("}
        ]}),
    );
    let list = server.diagnostics_where(&uri, |l| malformed_mark(l).is_none());
    assert!(
        summary(&list)
            .iter()
            .all(|d| d.0 != "paragraph/malformed-marking")
    );
    // Renumber ¶2 (line 57) as ¶3: a gap there and a duplicate at ¶3.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
            {"range": {"start": {"line": 57, "character": 1}, "end": {"line": 57, "character": 2}}, "text": "3"}
        ]}),
    );
    let list = server.diagnostics_where(&uri, |l| {
        l.iter().any(|d| d["code"] == "paragraph/duplicate")
    });
    let found: Vec<_> = summary(&list)
        .into_iter()
        .filter(|d| d.0.starts_with("paragraph/"))
        .map(|d| (d.0, d.1, d.2, d.4))
        .collect();
    assert_eq!(
        found,
        [
            ("paragraph/duplicate".to_string(), 61, 0, 3),
            ("paragraph/gap".to_string(), 57, 0, 3)
        ]
    );
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    server.diagnostics_where(&uri, <[serde_json::Value]>::is_empty);
    assert_eq!(server.shutdown(), Some(0));
}

/// Edits inside curly quotes (splitting them) leave the server with the
/// same diagnostics as a fresh open of the resulting text.
#[test]
fn edits_inside_multibyte_characters_match_a_fresh_open() {
    for encoding in ["utf-8", "utf-16"] {
        let mut server = Server::start();
        server.initialize(json!({"general": {"positionEncodings": [encoding]}}));
        let (uri, text) = example("annotated-05DUSHANBE1921.cable");
        server.open(&uri, &text);
        server.diagnostics_where(&uri, |l| !l.is_empty());
        // Line 3 holds `Rahmonov’s`; column 33 falls inside `’` in UTF-8.
        let edits = [
            ((3, 33), (3, 34), "x"),
            ((6, 0), (8, 5), ""),
            ((0, 190), (0, 200), "¶\n"),
            ((40, 2), (2, 7), "“"),
        ];
        for (version, ((sl, sc), (el, ec), new)) in edits.iter().enumerate() {
            server.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version + 2}, "contentChanges": [
                    {"range": {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}, "text": new}
                ]}),
            );
        }
        // The same edits applied locally give the text the server should
        // hold; a fresh document with that text must get the same result.
        let enc = if encoding == "utf-8" {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let mut rope = ropey::Rope::from_str(&text);
        for ((sl, sc), (el, ec), new) in edits {
            let a = position_to_offset(&rope, sl, sc, enc);
            let b = position_to_offset(&rope, el, ec, enc);
            let (start, end) = (rope.byte_to_char(a.min(b)), rope.byte_to_char(a.max(b)));
            rope.remove(start..end);
            rope.insert(start, new);
        }
        let fresh_uri = "file:///examples/fresh.cable";
        server.open(fresh_uri, &rope.to_string());
        let fresh = server.diagnostics_where(fresh_uri, |_| true);
        let edited = loop {
            let list = server.diagnostics_where(&uri, |_| true);
            if summary(&list) == summary(&fresh) {
                break list;
            }
        };
        assert_eq!(summary(&edited), summary(&fresh));
        assert!(!fresh.is_empty());
        assert_eq!(server.shutdown(), Some(0));
    }
}

#[test]
fn pull_diagnostics_for_pulling_clients() {
    let mut server = Server::start();
    server.initialize(json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}));
    let (uri, text) = example("telegraphic-09DUSHANBE1151.cable");
    server.open(&uri, &text);
    let response = server.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    let items = response["result"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let codes: Vec<_> = summary(&items).into_iter().map(|d| (d.0, d.1)).collect();
    assert_eq!(
        codes,
        [
            ("paragraph/ocr-pilcrow".to_string(), 41),
            ("paragraph/ocr-pilcrow".to_string(), 45),
            ("paragraph/ocr-pilcrow".to_string(), 47)
        ]
    );
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut server = Server::start();
    server.initialize(json!({}));
    server.notify("exit", serde_json::Value::Null);
    assert_eq!(server.wait_exit(), Some(1));
}

/// Helix 25.07: positions in utf-8 first, no pull diagnostics, no dynamic
/// registration of file watching. The fragment we ship parses and names
/// the server it declares.
#[test]
fn helix_configuration_and_capabilities() {
    let fragment = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/editors/helix/languages.toml"
    ))
    .unwrap();
    let config: toml::Table = fragment.parse().expect("valid TOML");
    let language = &config["language"].as_array().unwrap()[0];
    assert_eq!(language["name"].as_str(), Some("cable"));
    assert_eq!(
        language["file-types"].as_array().unwrap()[0].as_str(),
        Some("cable")
    );
    assert_eq!(
        language["language-servers"].as_array().unwrap()[0].as_str(),
        Some("cable-ls")
    );
    assert_eq!(
        config["language-server"]["cable-ls"]["command"].as_str(),
        Some("cable-ls")
    );

    let mut server = Server::start();
    let init = server.initialize(json!({
        "general": {"positionEncodings": ["utf-8", "utf-32", "utf-16"]},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": false}},
        "window": {"workDoneProgress": true}
    }));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    let (uri, text) = example("telegraphic-06DUSHANBE862.cable");
    server.open(&uri, &text);
    let list = server.diagnostics_where(&uri, |l| !l.is_empty());
    assert_eq!(malformed_mark(&list), Some((79, 5, 9)));
    assert_eq!(server.shutdown(), Some(0));
}

/// The folding ranges of an open example, as (start, end, kind) lines.
fn folds(server: &mut Server, name: &str) -> Vec<(u64, u64, String)> {
    let (_, text) = example(name);
    let uri = format!("file:///tmp/{name}");
    server.open(&uri, &text);
    let response = server.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": uri}}),
    );
    response["result"]
        .as_array()
        .unwrap_or_else(|| panic!("no folding ranges: {response}"))
        .iter()
        .map(|r| {
            let line = |key: &str| r[key].as_u64().expect("a line number");
            let kind = r["kind"].as_str().unwrap_or("").to_string();
            (line("startLine"), line("endLine"), kind)
        })
        .collect()
}

#[test]
fn folding_ranges_nest_and_respect_the_clients_limit() {
    let mut server = Server::start();
    let init = server.initialize(json!({}));
    assert_eq!(init["result"]["capabilities"]["foldingRangeProvider"], true);
    let telegraphic = folds(&mut server, "telegraphic-06DUSHANBE862.cable");
    // The transmission header (from its third line, 0-based 2), its two
    // addressee lists, the cable header, then sections and paragraphs.
    assert_eq!(
        telegraphic[..4],
        [
            (2, 31, "imports".to_string()),
            (8, 9, "region".to_string()),
            (10, 31, "region".to_string()),
            (33, 51, "region".to_string()),
        ]
    );
    // Annotated paragraphs start mid-line, so one's last line is the
    // next one's first; editors drop ranges that overlap without nesting.
    for name in [
        "annotated-05DUSHANBE1921.cable",
        "extract-05DUSHANBE1839.cable",
    ] {
        let ranges = folds(&mut server, name);
        assert!(!ranges.is_empty(), "{name}");
        for (i, a) in ranges.iter().enumerate() {
            assert!(a.0 < a.1, "{name}: {a:?}");
            for b in &ranges[i + 1..] {
                let nested = b.1 <= a.1;
                let after = b.0 > a.1;
                assert!(a.0 < b.0 && (nested || after), "{name}: {a:?} {b:?}");
            }
        }
    }
    assert_eq!(server.shutdown(), Some(0));

    let mut limited = Server::start();
    limited.initialize(json!({"textDocument": {"foldingRange": {"rangeLimit": 3}}}));
    let ranges = folds(&mut limited, "telegraphic-06DUSHANBE862.cable");
    assert_eq!(ranges, telegraphic[..3]);
    assert_eq!(limited.shutdown(), Some(0));
}
