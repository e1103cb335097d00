//! The workspace index under churn, end to end over stdio: files deleted
//! and rewritten while the first indexing runs, and a folder of 100,000
//! tiny files. The index must end up equal to what is on disk.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::Server;
use serde_json::{Value, json};

/// A small cable numbered `n`; it cites STATE 72746 when `cites`.
fn cable(n: usize, cites: bool) -> String {
    let reference = if cites { "REF: STATE 72746\n\n" } else { "" };
    format!(
        "UNCLAS DUSHANBE {n:06}\n\nE.O. 12958: DECL: 05/10/2016\nTAGS: PREL TI\nSUBJECT: REPORT NUMBER {n}\n{reference}\n¶1. (U) Text of report {n}.\n"
    )
}

const CITED: &str = "UNCLAS STATE 072746\n\nE.O. 12958: DECL: 05/10/2016\nTAGS: PREL\nSUBJECT: THE CITED CABLE\n\n¶1. (U) Posts should report.\n";

fn folder(name: &str) -> PathBuf {
    let dir = common::scratch_dir(&format!("churn-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn start(dir: &Path) -> Server {
    let mut server = Server::start();
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(dir),
               "capabilities": {"experimental": {"serverStatusNotification": true}}}),
    );
    server.notify("initialized", json!({}));
    server
}

/// The names of the files citing the cited cable, sorted.
fn citing(server: &mut Server, cited: &str) -> Vec<String> {
    let response = server.request(
        "textDocument/references",
        json!({"textDocument": {"uri": cited}, "position": {"line": 0, "character": 8},
               "context": {"includeDeclaration": false}}),
    );
    let mut names: Vec<String> = response["result"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|l| l["uri"].as_str()?.rsplit('/').next().map(String::from))
        .collect();
    names.sort();
    names
}

fn quiescent(server: &mut Server) -> Value {
    server.wait_for(|m| {
        m["method"] == "experimental/serverStatus" && m["params"]["quiescent"] == true
    })
}

/// A folder holding the cited cable and `n` cables citing it.
fn citing_folder(name: &str, n: usize) -> PathBuf {
    let dir = folder(name);
    std::fs::write(dir.join("cited.cable"), CITED).unwrap();
    for i in 0..n {
        std::fs::write(dir.join(format!("c{i:05}.cable")), cable(i, true)).unwrap();
    }
    dir
}

#[test]
fn files_deleted_and_rewritten_while_indexing() {
    const N: usize = 1500;
    let dir = citing_folder("rewrite", N);
    let mut server = start(&dir);
    // While the index is being built: delete the first third, rewrite the
    // second third without its REF, leave the rest.
    for n in 0..N / 3 {
        std::fs::remove_file(dir.join(format!("c{n:05}.cable"))).unwrap();
    }
    for n in N / 3..2 * N / 3 {
        std::fs::write(dir.join(format!("c{n:05}.cable")), cable(n, false)).unwrap();
    }
    quiescent(&mut server);
    let expected: Vec<String> = (2 * N / 3..N).map(|n| format!("c{n:05}.cable")).collect();
    let cited = uri(&dir.join("cited.cable"));
    // The watcher's last events may still be on their way: poll.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut found = citing(&mut server, &cited);
    while found != expected && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        found = citing(&mut server, &cited);
    }
    assert_eq!(found.len(), expected.len());
    assert_eq!(found, expected);
    assert_eq!(server.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_folder_of_100_000_tiny_files() {
    const N: usize = 100_000;
    let dir = folder("tiny");
    for n in 0..N {
        let sub = dir.join(format!("d{:03}", n / 1000));
        if n % 1000 == 0 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        std::fs::write(
            sub.join(format!("{n}.cable")),
            format!("UNCLAS DUSHANBE {n:06}\nE.O. 12958: DECL: 05/10/2016\n"),
        )
        .unwrap();
    }
    let mut server = start(&dir);
    // Requests are answered while the index is built.
    let symbols = server.request("workspace/symbol", json!({"query": "DUSHANBE"}));
    assert!(symbols["result"].is_array(), "{symbols}");
    // Indexing takes seconds on an idle machine and several times that on
    // a loaded one: what is tested is that it ends, not how fast (the
    // workspace bench measures that).
    server.set_timeout(std::time::Duration::from_secs(180));
    let done = quiescent(&mut server);
    assert_eq!(done["params"]["indexed"], N, "{done}");
    let symbols = server.request("workspace/symbol", json!({"query": "06DUSHANBE99999"}));
    assert!(
        !symbols["result"].as_array().unwrap().is_empty(),
        "{symbols}"
    );
    assert_eq!(server.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Reopening a workspace reuses the on-disk index cache for unchanged
/// files, re-reads changed ones, and rebuilds a corrupt cache.
#[test]
fn the_index_cache_is_reused_and_checked() {
    const N: usize = 200;
    let dir = citing_folder("cache", N);
    let cited = uri(&dir.join("cited.cable"));
    let note = |server: &mut Server, text: &str| {
        let text = text.to_string();
        server.wait_for(move |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains(&text))
        })["params"]["message"]
            .as_str()
            .unwrap()
            .to_string()
    };

    let mut first = start(&dir);
    quiescent(&mut first);
    assert_eq!(citing(&mut first, &cited).len(), N);
    assert_eq!(first.shutdown(), Some(0));
    let home = common::scratch_dir("cache");
    let cache = cable_ls::workspace::cache::location(&home, std::slice::from_ref(&dir));
    let written = std::fs::metadata(&cache)
        .and_then(|m| m.modified())
        .unwrap();

    // Nothing changed on disk: the cache is used whole and not rewritten,
    // and a buffer opened meanwhile wins over the cached file.
    let mut again = start(&dir);
    again.open(&uri(&dir.join("c00002.cable")), &cable(2, false));
    quiescent(&mut again);
    let reused = note(&mut again, "unchanged since the index cache was written");
    assert!(
        reused.starts_with(&format!("{} of {}", N + 1, N + 1)),
        "{reused}"
    );
    // The buffer's summary enters the index after a short pause.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while citing(&mut again, &cited).len() != N - 1 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(citing(&mut again, &cited).len(), N - 1);
    assert_eq!(again.shutdown(), Some(0));
    let kept = std::fs::metadata(&cache)
        .and_then(|m| m.modified())
        .unwrap();
    assert_eq!(kept, written, "an up-to-date cache is left as it is");

    // One file loses its REF (its size changes, so it is read again) and
    // one is deleted (it leaves the index).
    std::fs::write(dir.join("c00000.cable"), cable(0, false)).unwrap();
    std::fs::remove_file(dir.join("c00001.cable")).unwrap();
    let mut second = start(&dir);
    let done = quiescent(&mut second);
    assert_eq!(done["params"]["indexed"], N);
    let reused = note(&mut second, "unchanged since the index cache was written");
    assert!(reused.starts_with(&format!("{} of {N}", N - 1)), "{reused}");
    assert_eq!(citing(&mut second, &cited).len(), N - 2);
    assert_eq!(second.shutdown(), Some(0));

    // A torn cache file is ignored, with a message, and rebuilt.
    assert!(cache.is_file(), "{} was written", cache.display());
    let whole = std::fs::read(&cache).unwrap();
    std::fs::write(&cache, &whole[..whole.len() / 2]).unwrap();
    let mut third = start(&dir);
    quiescent(&mut third);
    let ignored = note(&mut third, "ignored the index cache");
    assert!(ignored.contains("rebuilding"), "{ignored}");
    assert_eq!(citing(&mut third, &cited).len(), N - 2);
    assert_eq!(third.shutdown(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
