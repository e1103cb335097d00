//! A minimal LSP client that drives the built `cable-ls` binary over stdio,
//! as an editor does.

#![allow(dead_code)]

pub mod bench;
pub mod corpora;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Once;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long `wait_for` waits, unless changed with `set_timeout`.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A message from the server and when its last byte was read, before it
/// was parsed: the moment an editor would have it.
type Arrival = (Instant, Value);

/// A running server and the messages it sent that were not yet consumed.
pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Arrival>,
    pending: Vec<Arrival>,
    next_id: i64,
    timeout: Duration,
    /// Where the bytes sent are also written, when recording.
    record: Option<std::fs::File>,
    /// What the server wrote on stderr, read until it closes it.
    stderr: Option<std::thread::JoinHandle<Vec<u8>>>,
}

/// Says on stderr that a test (or part of one) did not run, and why:
/// `SKIPPED test_name: why`. The test passes all the same.
pub fn skipped(why: &str) {
    match std::thread::current().name() {
        Some(test) if test != "main" => report(&format!("SKIPPED {test}: {why}")),
        _ => report(&format!("SKIPPED: {why}")),
    }
}

/// Writes a line on stderr that shows in a plain `cargo test`. The test
/// harness keeps what passing tests print through `print!` and `eprint!`
/// (shown only with `--nocapture`), but not what is written to the stream
/// itself.
pub fn report(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Applies a change whose range is given as the client gives it (zero-based
/// line and column in `encoding`), converted to bytes against the
/// document's current text as the server converts it.
pub fn edit_at(
    doc: &mut cable_ls::document::Document,
    range: Option<((u32, u32), (u32, u32))>,
    text: &str,
    encoding: cable_ls::text::Encoding,
) {
    let offset =
        |(line, column)| cable_ls::text::position_to_offset(&doc.text, line, column, encoding);
    let range = range.map(|(start, end)| offset(start)..offset(end));
    doc.apply(&cable_ls::document::Change {
        range,
        text: text.to_string(),
    });
}

/// A scratch folder of this test process: `cable-ls-tests/NAME-PID` in
/// the system's temporary folder. The first call in a process removes the
/// folders there whose processes have ended, so the folders of earlier runs
/// (index caches of whole benchmark workspaces among them) do not pile up.
pub fn scratch_dir(name: &str) -> PathBuf {
    static SWEPT: Once = Once::new();
    let root = std::env::temp_dir().join("cable-ls-tests");
    SWEPT.call_once(|| sweep_ended(&root));
    root.join(format!("{name}-{}", std::process::id()))
}

/// Removes the folders under `root` named for a process (`NAME-PID`) that
/// has ended. Processes are looked up in `/proc`; where there is none,
/// nothing is removed.
fn sweep_ended(root: &Path) {
    let processes = Path::new("/proc");
    if !processes.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.rsplit('-').next())
            .filter(|pid| pid.parse::<u32>().is_ok())
        else {
            continue;
        };
        if !processes.join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The URI and text of a sample cable in `examples/`, by file name.
pub fn example(name: &str) -> (String, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("example is UTF-8");
    (format!("file:///examples/{name}"), text)
}

/// Every sample cable in `examples/`, by file name.
pub fn examples() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("examples folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".cable"))
        .collect();
    names.sort();
    names
}

impl Server {
    /// Starts `cable-ls` with stdio pipes.
    pub fn start() -> Server {
        // The index cache goes to a folder of this test run, not the user's.
        let cache = scratch_dir("cache");
        let mut child = Command::new(env!("CARGO_BIN_EXE_cable-ls"))
            .env("XDG_CACHE_HOME", cache)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cable-ls starts");
        let mut stderr = child.stderr.take().expect("stderr");
        let stderr = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            bytes
        });
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    match reader.read_line(&mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let Some(length) = length else { return };
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let arrived = Instant::now();
                let Ok(value) = serde_json::from_slice(&body) else {
                    return;
                };
                if tx.send((arrived, value)).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            incoming: rx,
            pending: Vec::new(),
            next_id: 1,
            timeout: TIMEOUT,
            record: recording(),
            stderr: Some(stderr),
        }
    }

    /// Sends raw bytes, framing included.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        if let Some(record) = self.record.as_mut() {
            record.write_all(bytes).expect("record");
        }
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    /// Sends raw bytes as one framed message body.
    pub fn send_raw(&mut self, body: &[u8]) {
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        bytes.extend_from_slice(body);
        self.send_bytes(&bytes);
    }

    fn send(&mut self, message: Value) {
        self.send_raw(message.to_string().as_bytes());
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Changes how long `wait_for` waits before failing.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Messages received and not yet taken by `wait_for`.
    pub fn pending(&self) -> impl Iterator<Item = &Value> {
        self.pending.iter().map(|(_, m)| m)
    }

    /// Sends a request and waits for its response (the whole message).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Waits for the first message (pending or new) matching `pred`,
    /// answering server-to-client requests on the way.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_for_arrival(pred).1
    }

    /// As `wait_for`, with the time the message's last byte was read.
    pub fn wait_for_arrival(&mut self, pred: impl Fn(&Value) -> bool) -> Arrival {
        if let Some(i) = self.pending.iter().position(|(_, m)| pred(m)) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + self.timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok((arrived, message)) => {
                    if message.get("id").is_some() && message.get("method").is_some() {
                        let id = message["id"].clone();
                        self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
                    }
                    if pred(&message) {
                        return (arrived, message);
                    }
                    self.pending.push((arrived, message));
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "timed out; pending: {:#?}",
                        self.pending().collect::<Vec<_>>()
                    )
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "server closed; pending: {:#?}",
                        self.pending().collect::<Vec<_>>()
                    )
                }
            }
        }
    }

    /// Waits for diagnostics published for `uri` satisfying `pred`.
    pub fn diagnostics_where(&mut self, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        loop {
            let m = self.wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            });
            let list = m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if pred(&list) {
                return list;
            }
        }
    }

    /// Initializes with the given client capabilities.
    pub fn initialize(&mut self, capabilities: Value) -> Value {
        let response = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        );
        self.notify("initialized", json!({}));
        response
    }

    /// Opens a document.
    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "cable", "version": 1, "text": text}}),
        );
    }

    /// Shuts down cleanly and returns the exit code.
    pub fn shutdown(self) -> Option<i32> {
        self.shutdown_with_stderr().0
    }

    /// Shuts down cleanly and returns the exit code and everything the
    /// server wrote on stderr.
    pub fn shutdown_with_stderr(mut self) -> (Option<i32>, String) {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        let code = self.wait_exit();
        let stderr = self
            .stderr
            .take()
            .and_then(|reader| reader.join().ok())
            .unwrap_or_default();
        (code, String::from_utf8_lossy(&stderr).into_owned())
    }

    /// Closes stdin and waits for the process to end.
    pub fn wait_exit(&mut self) -> Option<i32> {
        self.stdin.take();
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("server did not exit");
    }
}

/// With `CABLE_LS_RECORD` set to a folder, a file there for what one
/// server is sent (`TEST-PID-N.lsp`, named for the test's thread): the
/// message layer's fuzzing seeds (see `fuzz/README.md`).
fn recording() -> Option<std::fs::File> {
    static SERVERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let folder = PathBuf::from(std::env::var_os("CABLE_LS_RECORD")?);
    std::fs::create_dir_all(&folder).ok()?;
    let n = SERVERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let test = std::thread::current()
        .name()
        .unwrap_or("server")
        .replace("::", "-");
    std::fs::File::create(folder.join(format!("{test}-{}-{n}.lsp", std::process::id()))).ok()
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `(code, start line, start character, end line, end character)` of each
/// diagnostic, sorted.
pub fn summary(diagnostics: &[Value]) -> Vec<(String, u64, u64, u64, u64)> {
    let mut out: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap_or("").to_string(),
                r["start"]["line"].as_u64().unwrap_or(0),
                r["start"]["character"].as_u64().unwrap_or(0),
                r["end"]["line"].as_u64().unwrap_or(0),
                r["end"]["character"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    out.sort();
    out
}

/// Splits a fixture into its text and the ranges marked in it. A marker
/// line holds spaces, carets under the marked characters of the line
/// above, and a diagnostic code: `    ^^^ paragraph/gap`. Marker lines are
/// removed from the text; ranges are byte offsets into what remains.
pub fn marked(fixture: &str) -> (String, Vec<(String, usize, usize)>) {
    let mut text = String::new();
    let mut marks = Vec::new();
    let mut previous_line_start = 0;
    for line in fixture.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        if trimmed.starts_with('^') {
            let column = line.len() - trimmed.len();
            let carets = trimmed.len() - trimmed.trim_start_matches('^').len();
            let code = trimmed[carets..].trim().to_string();
            let above = &text[previous_line_start..];
            let byte = |chars: usize| {
                above
                    .char_indices()
                    .nth(chars)
                    .map_or(above.trim_end_matches('\n').len(), |(i, _)| i)
            };
            marks.push((
                code,
                previous_line_start + byte(column),
                previous_line_start + byte(column + carets),
            ));
            continue;
        }
        previous_line_start = text.len();
        text.push_str(line);
    }
    marks.sort();
    (text, marks)
}

/// Checks that the diagnostics with `code` are exactly the marked ranges.
pub fn check(code: &str, fixture: &str) {
    let (text, expected) = marked(fixture);
    let expected: Vec<_> = expected.into_iter().filter(|m| m.0 == code).collect();
    let cable = cable_ls::syntax::parse(&text);
    let mut found: Vec<_> = cable_ls::analysis::diagnose(&text, &cable)
        .into_iter()
        .filter(|d| d.code.as_str() == code)
        .map(|d| (d.code.as_str().to_string(), d.span.start, d.span.end))
        .collect();
    found.sort();
    let show = |list: &[(String, usize, usize)]| {
        list.iter()
            .map(|(c, s, e)| format!("{c} {:?}", &text[*s..*e]))
            .collect::<Vec<_>>()
    };
    assert_eq!(show(&found), show(&expected), "diagnostics with {code}");
    assert_eq!(found, expected, "ranges of {code}");
}

/// The messages of the diagnostics with `code`, in order.
pub fn messages(code: &str, text: &str) -> Vec<String> {
    let cable = cable_ls::syntax::parse(text);
    cable_ls::analysis::diagnose(text, &cable)
        .into_iter()
        .filter(|d| d.code.as_str() == code)
        .map(|d| d.message)
        .collect()
}

/// A small workspace written as one fixture: `//- name` starts a file, and
/// `$0` marks the cursor in one of them.
pub struct Workspace {
    /// Files by name, markers removed.
    pub files: Vec<(String, String)>,
    /// The file holding the cursor, and the cursor's byte offset.
    pub cursor: (String, usize),
}

impl Workspace {
    /// Parses a fixture.
    pub fn parse(fixture: &str) -> Workspace {
        let mut files: Vec<(String, String)> = Vec::new();
        let mut cursor = None;
        for line in fixture.split_inclusive('\n') {
            if let Some(name) = line.strip_prefix("//- ") {
                files.push((name.trim().to_string(), String::new()));
                continue;
            }
            let Some((name, text)) = files.last_mut() else {
                continue;
            };
            match line.find("$0") {
                Some(i) => {
                    cursor = Some((name.clone(), text.len() + i));
                    text.push_str(&line.replacen("$0", "", 1));
                }
                None => text.push_str(line),
            }
        }
        Workspace {
            files,
            cursor: cursor.unwrap_or_default(),
        }
    }

    /// The document key of a file.
    pub fn doc(name: &str) -> String {
        format!("file:///ws/{name}")
    }

    /// An index of every file (a file named by a canonical id gets it).
    pub fn index(&self) -> cable_ls::workspace::Index {
        let mut index = cable_ls::workspace::Index::default();
        for (name, text) in &self.files {
            let cable = cable_ls::syntax::parse(text);
            index.upsert(
                &Self::doc(name),
                cable_ls::workspace::summarize_named(Some(name), text, &cable),
                false,
            );
        }
        index
    }

    /// The text of a file.
    pub fn text(&self, name: &str) -> &str {
        &self
            .files
            .iter()
            .find(|(n, _)| n == name)
            .expect("file in fixture")
            .1
    }
}

/// The first prose line (60 bytes or more, ASCII, starting with a letter)
/// from half-way down `text`: where the benches type, as people type.
pub fn prose_line(text: &str) -> u32 {
    text.lines()
        .enumerate()
        .skip(text.lines().count() / 2)
        .find(|(_, l)| {
            l.len() >= 60 && l.is_ascii() && l.starts_with(|c: char| c.is_ascii_alphabetic())
        })
        .map_or(0, |(i, _)| u32::try_from(i).unwrap_or(0))
}
