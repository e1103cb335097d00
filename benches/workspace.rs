//! End-to-end: the real `cable-ls` binary over stdio on a generated
//! workspace, against `rg` over the same folder in the same run.
//!
//! ```sh
//! cargo bench --bench workspace                              # 10,000 cables
//! CABLE_LS_BENCH_CABLES=250000 cargo bench --bench workspace # the full-size collection
//! ```
//!
//! The workspace is made by `benches/tools/make-corpus.rs` (from
//! `../shared/corpus/cablegate`) into `target/bench-corpus/N` the first
//! time. Measured: `rg --count-matches '¶'` and `cable-ls check` over the
//! folder (warm page cache, both); the server's time from `initialized` to
//! the end of indexing and its peak resident memory; keystroke-to-diagnostics
//! latency in a 100 KB cable while indexing, and in a 5 MB document after
//! it, both typing inside a line and at a line start (the 60 ms debounce
//! subtracted; timed to the diagnostics' last byte read, before the client
//! parses them); request latencies on the built index (round trips seen by
//! the client, an upper bound on the server's share); and a warm start that
//! reads the on-disk index cache.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use cable_ls::text::{Encoding, offset_to_position};
use common::Server;
use common::bench::{self, ms, p50_p95, percentile};
use ropey::Rope;
use serde_json::{Value, json};

/// The server's debounce before publishing diagnostics.
const DEBOUNCE: Duration = Duration::from_millis(60);

fn timed(mut command: Command) -> Duration {
    let start = Instant::now();
    let out = command.output().expect("the command runs");
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "{command:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    start.elapsed()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn position(text: &str, offset: usize) -> Value {
    let (line, character) = offset_to_position(&Rope::from_str(text), offset, Encoding::Utf16);
    json!({"line": line, "character": character})
}

/// A server on `dir`, initialised; returns it and when `initialized` was
/// sent (indexing starts then).
fn start_on(dir: &Path) -> (Server, Instant) {
    let mut server = Server::start();
    server.set_timeout(Duration::from_secs(3600));
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(dir),
        "capabilities": {
            "experimental": {"serverStatusNotification": true},
            // As VS Code does: workspace symbols come with their file
            // only, and a range is resolved when one is chosen.
            "workspace": {"symbol": {"resolveSupport": {"properties": ["location.range"]}}}
        }}),
    );
    let started = Instant::now();
    server.notify("initialized", json!({}));
    (server, started)
}

/// Peak resident memory of a process, from /proc.
fn peak_rss_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Where keystrokes go: the same place every time (the start of a line,
/// where each one changes how the line lexes), or one after the other from
/// a column, as when typing a word inside a line.
#[derive(Clone, Copy)]
enum Typing {
    AtLineStart(u32),
    Along(u32, u32),
}

/// Types `count` characters of `uri` and returns each keystroke's time to
/// its diagnostics, less the debounce: from the edit sent to the last byte
/// of the diagnostics read, before the client parses their JSON. `version` is the document's version
/// before the first edit.
fn keystrokes(
    server: &mut Server,
    uri: &str,
    version: &mut i64,
    count: usize,
    typing: Typing,
) -> Vec<Duration> {
    let mut out = Vec::new();
    for i in 0..count {
        *version += 1;
        let v = *version;
        let (line, character) = match typing {
            Typing::AtLineStart(line) => (line, 0),
            Typing::Along(line, column) => (line, column + i as u32),
        };
        let at = json!({"line": line, "character": character});
        let sent = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [
                {"range": {"start": at, "end": at}, "text": "x"}
            ]}),
        );
        let (arrived, _) = server.wait_for_arrival(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == v
        });
        out.push(arrived.duration_since(sent).saturating_sub(DEBOUNCE));
    }
    out
}

fn main() {
    let n = bench::cables();
    let dir = bench::corpus(n);
    let large = PathBuf::from(format!("{}-large", dir.display()));
    let bytes: u64 = std::fs::read_dir(&dir)
        .expect("corpus")
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "Workspace: {n} cables, {:.0} MB, in {}",
        bytes as f64 / 1e6,
        dir.display()
    );
    println!();

    // The floor: read every byte once. Warm the page cache first.
    let rg = || {
        let mut c = Command::new("rg");
        c.args(["--count-matches", "¶"]).arg(&dir);
        c
    };
    let _ = timed(rg());
    let rg_time = timed(rg());
    let mut check = Command::new(env!("CARGO_BIN_EXE_cable-ls"));
    check.arg("check").arg(&dir);
    let check_time = timed(check);

    // The server indexing the folder, with a cable open and typed into.
    let (mut server, started) = start_on(&dir);
    let typed = std::fs::read_dir(&dir)
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        // The largest cable, repeated up to 100 KB below.
        .max_by_key(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .expect("a cable");
    let mut text = std::fs::read_to_string(&typed).expect("readable");
    while text.len() < 100_000 {
        let more = text.clone();
        text.push_str(&more);
    }
    let typed_uri = "file:///bench/typed-100kb.cable";
    server.open(typed_uri, &text);
    server.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == typed_uri
    });
    let mut version = 1;
    let mut while_indexing = Vec::new();
    let indexed = loop {
        if let Some(done) = server.pending().find(|m| {
            m["method"] == "experimental/serverStatus" && m["params"]["quiescent"] == true
        }) {
            break done.clone();
        }
        if while_indexing.len() < 200 {
            while_indexing.extend(keystrokes(
                &mut server,
                typed_uri,
                &mut version,
                1,
                Typing::AtLineStart(1),
            ));
        } else {
            break server.wait_for(|m| {
                m["method"] == "experimental/serverStatus" && m["params"]["quiescent"] == true
            });
        }
    };
    let index_time = started.elapsed();
    let indexed_files = indexed["params"]["indexed"].as_u64().unwrap_or(0);
    let rss = peak_rss_mb(server.pid());

    // Typing in a 100 KB cable and in a 5 MB document, after indexing.
    let mut small_after = keystrokes(
        &mut server,
        typed_uri,
        &mut version,
        50,
        Typing::AtLineStart(1),
    );
    let big = std::fs::read_to_string(large.join("big-5mb.cable")).expect("5 MB document");
    let big_uri = "file:///bench/big-5mb.cable";
    server.open(big_uri, &big);
    server.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == big_uri
    });
    let mut big_version = 1;
    let prose = common::prose_line(&big);
    let mut big_typing = keystrokes(
        &mut server,
        big_uri,
        &mut big_version,
        30,
        Typing::Along(prose, 20),
    );
    let mut big_line_start = keystrokes(
        &mut server,
        big_uri,
        &mut big_version,
        30,
        Typing::AtLineStart(1),
    );

    // Requests on the built index, at positions found by parsing a cable
    // that cites another.
    let (path, text, cable) = bench::citing_cable(&dir);
    let at =
        |offset| json!({"textDocument": {"uri": uri(&path)}, "position": position(&text, offset)});
    let ref_at = at(cable
        .refs
        .iter()
        .find_map(|r| r.cable.as_ref())
        .map_or(0, |c| c.origin.start));
    let tag_at = at(cable
        .tags
        .as_ref()
        .and_then(|t| t.items.first())
        .map_or(0, |i| i.span.start));
    let banner_at = at(cable.banner.as_ref().map_or(0, |b| b.span.start));
    let station = cable
        .banner
        .as_ref()
        .map_or("STATE".to_string(), |b| b.station.clone());
    // References of the cable the REF item cites, at its banner.
    let cited = server.request("textDocument/definition", ref_at.clone());
    let cited = cited["result"]
        .as_array()
        .and_then(|a| a.first())
        .cloned()
        .unwrap_or(cited["result"].clone());
    let mut with_context = if cited.is_null() {
        banner_at
    } else {
        // On the serial, the end of the banner (the start is the classification).
        let end = &cited["range"]["end"];
        let character = end["character"].as_u64().unwrap_or(1).saturating_sub(1);
        json!({"textDocument": {"uri": cited["uri"]}, "position": {"line": end["line"], "character": character}})
    };
    with_context["context"] = json!({"includeDeclaration": true});
    // The symbol a user would pick last from the name query's list.
    let names = server.request("workspace/symbol", json!({"query": "Nazarov"}));
    let last_name = names["result"]
        .as_array()
        .and_then(|all| all.last())
        .cloned()
        .unwrap_or(Value::Null);
    let queries: Vec<(&str, &str, Value)> = vec![
        ("hover on a TAGS item", "textDocument/hover", tag_at),
        (
            "definition from a REF item",
            "textDocument/definition",
            ref_at.clone(),
        ),
        (
            "references of a cable",
            "textDocument/references",
            with_context,
        ),
        (
            "workspace symbol (station)",
            "workspace/symbol",
            json!({"query": station}),
        ),
        (
            "workspace symbol (name)",
            "workspace/symbol",
            json!({"query": "Nazarov"}),
        ),
        (
            "workspace symbol resolved (the last name found)",
            "workspaceSymbol/resolve",
            last_name,
        ),
    ];
    let mut rows = Vec::new();
    for (label, method, params) in &queries {
        let mut samples = Vec::new();
        let mut size = 0;
        for _ in 0..40 {
            let start = Instant::now();
            let response = server.request(method, params.clone());
            samples.push(start.elapsed());
            size = response["result"]
                .as_array()
                .map_or(usize::from(!response["result"].is_null()), Vec::len);
        }
        let p50 = percentile(&mut samples, 0.5);
        let p95 = percentile(&mut samples, 0.95);
        rows.push((label.to_string(), p50, p95, size));
    }
    let _ = server.shutdown();

    // Warm start: the same folder again, summaries from the on-disk cache
    // the first server wrote. Three starts, the median reported: the first
    // one follows the exit of a server holding the whole index.
    let mut warm_runs: Vec<(Duration, Option<f64>)> = (0..3)
        .map(|_| {
            let (mut warm, started) = start_on(&dir);
            warm.wait_for(|m| {
                m["method"] == "experimental/serverStatus" && m["params"]["quiescent"] == true
            });
            let time = started.elapsed();
            let rss = peak_rss_mb(warm.pid());
            let _ = warm.shutdown();
            (time, rss)
        })
        .collect();
    warm_runs.sort_by_key(|(time, _)| *time);
    let (warm_time, warm_rss) = warm_runs[1];

    println!("| measure | value |");
    println!("|---|---:|");
    println!(
        "| `rg --count-matches '¶'` over the folder | {} |",
        ms(rg_time)
    );
    println!(
        "| `cable-ls check` over the folder | {} ({:.1}× rg) |",
        ms(check_time),
        check_time.as_secs_f64() / rg_time.as_secs_f64()
    );
    println!(
        "| server: `initialized` to index complete ({indexed_files} files) | {} ({:.1}× rg) |",
        ms(index_time),
        index_time.as_secs_f64() / rg_time.as_secs_f64()
    );
    println!(
        "| server: peak resident memory after indexing | {} |",
        rss.map_or("?".into(), |r| format!("{r:.0} MB"))
    );
    println!(
        "| server, warm start: index complete from the on-disk cache (median of 3) | {} (peak {}) |",
        ms(warm_time),
        warm_rss.map_or("?".into(), |r| format!("{r:.0} MB"))
    );
    println!(
        "| keystroke → diagnostics, 100 KB cable, while indexing ({} edits) | {} |",
        while_indexing.len(),
        p50_p95(&mut while_indexing)
    );
    println!(
        "| keystroke → diagnostics, 100 KB cable, after indexing | {} |",
        p50_p95(&mut small_after)
    );
    println!(
        "| keystroke → diagnostics, 5 MB document, typing inside a line | {} |",
        p50_p95(&mut big_typing)
    );
    println!(
        "| keystroke → diagnostics, 5 MB document, at a line start | {} |",
        p50_p95(&mut big_line_start)
    );
    for (label, p50, p95, size) in rows {
        println!(
            "| {label} ({size} results) | p50 {} / p95 {} |",
            ms(p50),
            ms(p95)
        );
    }
}
