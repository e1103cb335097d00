//! Helix and the tree-sitter grammar, for real.
//!
//! `helix_end_to_end` runs Helix 25.07.1 (`../shared/editors/helix-25.07.1`,
//! or the folder named by `CABLE_LS_HELIX_DIR`) in tmux with fresh
//! configuration folders and the project's Helix files: the fragment of
//! `editors/helix/languages.toml`, the cable-folder configuration that makes
//! `.txt` files cables, the grammar of `editors/tree-sitter-cable` built by
//! `hx --grammar build`, and its queries. It checks what a user sees:
//! `hx --health cable`, diagnostics in the gutter and the `Space d` picker,
//! the diagnostic's exact range (Helix speaks UTF-8 positions and reads only
//! pushed diagnostics), hover, go to definition, the text objects, colours by
//! classification level on the captured screen, `:set-language cable`, and a
//! 5 MB document highlighted to its end.
//!
//! The `tree_sitter_*` tests run the grammar through the tree-sitter CLI
//! (named by `CABLE_LS_TREE_SITTER`, else `tree-sitter` on `PATH`; `.ci/run`
//! installs it): its corpus tests, the committed parser against
//! `grammar.js`, and every real cable of both corpora plus a 5 MB document.
//!
//! Each test says `SKIPPED test_name: why` on stderr (`common::skipped`:
//! past libtest's capture, so a plain `cargo test` shows it) when what it
//! needs is absent.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

mod common;

use common::{report, skipped};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The seed opened in Helix: 06DUSHANBE862, which cites STATE 72746.
const SEED: &str = "002_d5ef5bcd47d640f7.txt";
/// How long a step may take before the test fails.
const STEP: Duration = Duration::from_secs(30);

/// The heavy tests run one at a time, so that a parse timing is not taken
/// while Helix builds its grammar on the other core.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn shared() -> PathBuf {
    Path::new(ROOT).join("../shared")
}

fn grammar_dir() -> PathBuf {
    Path::new(ROOT).join("editors/tree-sitter-cable")
}

fn run(command: &mut Command) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?} could not start: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Text without its ANSI escape sequences.
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A screen captured with `capture-pane -e`: each row's characters with the
/// foreground colour they are drawn in (the SGR parameters that set it, or
/// "" for the terminal's default).
fn coloured_rows(capture: &str) -> Vec<Vec<(char, String)>> {
    capture
        .lines()
        .map(|line| {
            let mut row = Vec::new();
            let mut fg = String::new();
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                if c != '\x1b' {
                    row.push((c, fg.clone()));
                    continue;
                }
                if chars.peek() != Some(&'[') {
                    continue;
                }
                chars.next();
                let mut params = String::new();
                let mut end = ' ';
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        end = c;
                        break;
                    }
                    params.push(c);
                }
                if end == 'm' {
                    fg = foreground(&params, &fg);
                }
            }
            row
        })
        .collect()
}

/// The foreground colour after an SGR sequence with these parameters.
fn foreground(params: &str, current: &str) -> String {
    let parts: Vec<&str> = params.split(';').collect();
    let mut fg = current.to_string();
    let mut i = 0;
    while i < parts.len() {
        match parts[i] {
            "" | "0" | "39" => fg.clear(),
            "38" if parts.get(i + 1) == Some(&"2") => {
                fg = parts[i..(i + 5).min(parts.len())].join(";");
                i += 4;
            }
            "38" if parts.get(i + 1) == Some(&"5") => {
                fg = parts[i..(i + 3).min(parts.len())].join(";");
                i += 2;
            }
            p if matches!(p.parse::<u8>(), Ok(30..=37 | 90..=97)) => fg = p.to_string(),
            "48" => i += if parts.get(i + 1) == Some(&"2") { 4 } else { 2 },
            _ => {}
        }
        i += 1;
    }
    fg
}

/// The colour of the first character of `needle` in the first row that
/// holds it (after `after` in that row, when given).
fn colour_of(rows: &[Vec<(char, String)>], after: &str, needle: &str) -> String {
    for row in rows {
        let text: String = row.iter().map(|(c, _)| *c).collect();
        let from = match text.find(after) {
            Some(at) => at + after.len(),
            None => continue,
        };
        if let Some(at) = text[from..].find(needle) {
            let index = text[..from + at].chars().count();
            return row[index].1.clone();
        }
    }
    let screen: Vec<String> = rows
        .iter()
        .map(|row| row.iter().map(|(c, _)| *c).collect())
        .collect();
    panic!(
        "no `{needle}` after `{after}` on the screen:\n{}",
        screen.join("\n")
    );
}

/// A tmux server of our own (its own socket), with Helix in its one pane.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    fn start(name: &str, cwd: &Path, env: &[(String, String)], command: &[&str]) -> Tmux {
        let socket =
            std::env::temp_dir().join(format!("cable-ls-helix-{name}-{}.sock", std::process::id()));
        let tmux = Tmux { socket };
        let mut new_session = tmux.command();
        new_session
            .args(["new-session", "-d", "-s", "cable", "-x", "200", "-y", "120"])
            .arg("-c")
            .arg(cwd)
            .args(["env", "-i"]);
        for (key, value) in env {
            new_session.arg(format!("{key}={value}"));
        }
        run(new_session.args(command));
        tmux
    }

    fn command(&self) -> Command {
        let mut command = Command::new("tmux");
        command
            .arg("-S")
            .arg(&self.socket)
            .env("TERM", "xterm-256color");
        command
    }

    /// Key names (`Enter`, `Escape`, `Space`, `C-o`), one press each.
    fn keys(&self, keys: &[&str]) {
        run(self.command().args(["send-keys", "-t", "cable"]).args(keys));
    }

    /// Text typed as it is.
    fn type_text(&self, text: &str) {
        run(self
            .command()
            .args(["send-keys", "-t", "cable", "-l", "--", text]));
    }

    /// Escape, alone: a key sent right after it would arrive in the same
    /// read, and Helix would take the two for Alt and that key.
    fn escape(&self) {
        self.keys(&["Escape"]);
        std::thread::sleep(Duration::from_millis(250));
    }

    /// A command line: `:` and the command, then Enter.
    fn command_line(&self, command: &str) {
        self.escape();
        self.type_text(&format!(":{command}"));
        self.keys(&["Enter"]);
    }

    /// Searches forward and selects the match.
    fn search(&self, pattern: &str) {
        self.escape();
        self.type_text(&format!("/{pattern}"));
        self.keys(&["Enter"]);
    }

    fn capture(&self, colours: bool) -> String {
        let mut command = self.command();
        command.args(["capture-pane", "-p", "-t", "cable"]);
        if colours {
            command.arg("-e");
        }
        String::from_utf8_lossy(&run(&mut command).stdout).into_owned()
    }

    /// Waits until the screen satisfies `ready`; returns it.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture(false);
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > STEP {
                panic!("Helix did not show {what} within {STEP:?}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The status line: the last row that counts the selections.
    fn status(screen: &str) -> &str {
        screen
            .lines()
            .rev()
            .find(|row| row.contains(" sel "))
            .unwrap_or_default()
    }

    /// The cursor's line, from the status line's `line:column`.
    fn line(screen: &str) -> usize {
        Tmux::status(screen)
            .split_whitespace()
            .last()
            .and_then(|position| position.split(':').next())
            .and_then(|line| line.parse().ok())
            .unwrap_or(0)
    }

    /// What the current selection holds, through `:pipe-to`.
    fn selection(&self, scratch: &Path, name: &str) -> String {
        let file = scratch.join(name);
        let _ = std::fs::remove_file(&file);
        self.command_line(&format!("pipe-to cat > '{}'", file.display()));
        let start = Instant::now();
        loop {
            if let Ok(text) = std::fs::read_to_string(&file)
                && !text.is_empty()
            {
                return text;
            }
            if start.elapsed() > STEP {
                panic!(
                    "`:pipe-to` wrote nothing to {}; the screen:\n{}",
                    file.display(),
                    self.capture(false)
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command().arg("kill-server").output();
        let _ = std::fs::remove_file(&self.socket);
    }
}

/// The Helix folder, when it and everything else the test needs is here.
fn helix_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CABLE_LS_HELIX_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared().join("editors/helix-25.07.1"));
    if !dir.join("hx").is_file() || !dir.join("runtime.tar.gz").is_file() {
        skipped(&format!(
            "no Helix in {} (hx and runtime.tar.gz)",
            dir.display()
        ));
        return None;
    }
    if Command::new("tmux").arg("-V").output().is_err() {
        skipped("tmux is not installed");
        return None;
    }
    if !shared().join("seeds").join(SEED).is_file() {
        skipped("../shared/seeds is not present");
        return None;
    }
    Some(dir)
}

/// Fresh home and configuration folders with the project's Helix files, as
/// editors/helix/README.md tells a user to set them up.
struct Setup {
    scratch: PathBuf,
    hx: PathBuf,
    env: Vec<(String, String)>,
    config: PathBuf,
    cables: PathBuf,
}

fn set_up(helix: &Path) -> Setup {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("helix-e2e");
    let _ = std::fs::remove_dir_all(&scratch);
    for dir in [
        "home",
        "config/helix/runtime/queries",
        "cache",
        "cables/.helix",
        "elsewhere/.helix",
    ] {
        std::fs::create_dir_all(scratch.join(dir)).unwrap();
    }
    run(Command::new("tar")
        .arg("xzf")
        .arg(helix.join("runtime.tar.gz"))
        .arg("-C")
        .arg(&scratch));
    let runtime = scratch.join("runtime");
    assert!(
        runtime.join("themes").is_dir(),
        "runtime.tar.gz holds runtime/"
    );

    // ~/.config/helix/languages.toml: the fragment, with this checkout's
    // grammar path written in, and only our grammar to build.
    let config = scratch.join("config/helix");
    let fragment =
        std::fs::read_to_string(Path::new(ROOT).join("editors/helix/languages.toml")).unwrap();
    let placeholder = "/path/to/cable-ls/editors/tree-sitter-cable";
    assert!(
        fragment.contains(placeholder),
        "the fragment's [[grammar]] path is {placeholder}"
    );
    let grammar = grammar_dir().canonicalize().unwrap();
    let languages = format!(
        "use-grammars = {{ only = [\"cable\"] }}\n{}",
        fragment.replace(placeholder, &grammar.to_string_lossy())
    );
    std::fs::write(config.join("languages.toml"), languages).unwrap();
    // The queries, linked into the user's runtime folder; the folder the
    // built grammar goes to.
    std::os::unix::fs::symlink(
        grammar.join("queries"),
        config.join("runtime/queries/cable"),
    )
    .unwrap();
    std::fs::create_dir_all(config.join("runtime/grammars")).unwrap();

    // A folder of cables with the cable-folder configuration: the seed and
    // the cable it cites, both `.txt`.
    let cables = scratch.join("cables");
    std::fs::copy(
        Path::new(ROOT).join("editors/helix/cable-folder-languages.toml"),
        cables.join(".helix/languages.toml"),
    )
    .unwrap();
    std::fs::copy(shared().join("seeds").join(SEED), cables.join(SEED)).unwrap();
    std::fs::copy(
        Path::new(ROOT).join("editors/helix/e2e/06STATE72746.txt"),
        cables.join("06STATE72746.txt"),
    )
    .unwrap();

    // `cable-ls` on PATH, as the fragment expects.
    let server = Path::new(env!("CARGO_BIN_EXE_cable-ls"));
    let path = format!(
        "{}:{}",
        server.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let home = scratch.join("home");
    let env = vec![
        ("HOME".to_string(), home.display().to_string()),
        (
            "XDG_CONFIG_HOME".into(),
            scratch.join("config").display().to_string(),
        ),
        (
            "XDG_CACHE_HOME".into(),
            scratch.join("cache").display().to_string(),
        ),
        (
            "XDG_DATA_HOME".into(),
            home.join(".local/share").display().to_string(),
        ),
        (
            "XDG_STATE_HOME".into(),
            home.join(".local/state").display().to_string(),
        ),
        ("HELIX_RUNTIME".into(), runtime.display().to_string()),
        ("PATH".into(), path),
        ("TERM".into(), "xterm-256color".into()),
        ("COLORTERM".into(), "truecolor".into()),
    ];
    Setup {
        hx: helix.join("hx"),
        scratch,
        env,
        config,
        cables,
    }
}

fn hx(setup: &Setup, args: &[&str]) -> Command {
    let mut command = Command::new(&setup.hx);
    command.args(args).current_dir(&setup.cables).env_clear();
    for (key, value) in &setup.env {
        command.env(key, value);
    }
    command
}

/// A line of the seed, with its line end, as a text object selects it.
fn seed_line(start: &str) -> String {
    let text = std::fs::read_to_string(shared().join("seeds").join(SEED)).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("the seed has a line starting {start}"));
    format!("{line}\n")
}

#[test]
fn helix_end_to_end() {
    let Some(helix) = helix_dir() else { return };
    let _one = one_at_a_time();
    let setup = set_up(&helix);

    // `hx --grammar build` compiles the grammar the fragment names.
    let built = run(&mut hx(&setup, &["--grammar", "build"]));
    let built = String::from_utf8_lossy(&built.stdout);
    assert!(built.contains("1 grammars built now"), "{built}");
    let library = setup.config.join("runtime/grammars/cable.so");
    assert!(
        library.is_file(),
        "{} after the build:\n{built}",
        library.display()
    );

    // `hx --health cable`: the server found, the queries present.
    let health = run(&mut hx(&setup, &["--health", "cable"]));
    let health = plain(&String::from_utf8_lossy(&health.stdout));
    let server = Path::new(env!("CARGO_BIN_EXE_cable-ls"));
    for line in [
        format!("✓ cable-ls: {}", server.display()),
        "Tree-sitter parser: ✓".into(),
        "Highlight queries: ✓".into(),
        "Textobject queries: ✓".into(),
    ] {
        assert!(health.contains(&line), "`{line}` in:\n{health}");
    }

    // `-vv` logs the messages Helix exchanges with the server.
    let log = setup.scratch.join("helix.log");
    let helix = Tmux::start(
        "cables",
        &setup.cables,
        &setup.env,
        &[
            &setup.hx.to_string_lossy(),
            "-vv",
            "--log",
            &log.to_string_lossy(),
            SEED,
        ],
    );
    helix.wait_for("the seed", |s| s.contains("C O N F I D E N T I A L"));
    // The `.txt` file is a cable: the language, then the server's pushed
    // diagnostics in the status line and the gutter.
    helix.command_line("lang");
    helix.wait_for("the language `cable`", |s| {
        s.lines().any(|l| l.trim() == "cable")
    });
    helix.wait_for("diagnostics in the status line", |s| {
        Tmux::status(s).contains('●')
    });
    // (The match stops short of the mark, so that `]d` goes to it.)
    helix.search("¶9");
    let screen = helix.wait_for("the ¶9 line", |s| s.contains("¶9. SBU)"));
    let row = screen.lines().find(|l| l.contains("¶9. SBU)")).unwrap();
    assert!(
        row.starts_with('●'),
        "the gutter marks the ¶9 line:\n{screen}"
    );
    // The next diagnostic selects exactly the broken mark: its range came in
    // UTF-8 positions, past the two-byte `¶`.
    helix.keys(&["]", "d"]);
    assert_eq!(helix.selection(&setup.scratch, "diagnostic"), "SBU)");
    // Those positions were UTF-8 ones, and the diagnostics came pushed.
    lsp_traffic_is_utf8_and_pushed(&log);

    // The diagnostics picker lists it with its code.
    helix.escape();
    helix.keys(&["Space", "d"]);
    // A picker row: severity, source, code, message.
    let picker_row =
        |row: &&str| row.contains("WARN") && row.contains("cable-ls paragraph/malformed-marking");
    helix.wait_for("the diagnostics picker", |s| {
        s.lines().any(|r| picker_row(&r))
    });
    helix.escape();

    // Text objects from the grammar: a paragraph, a header field.
    helix.search("delivered the invitation");
    helix.keys(&["m", "a", "f"]);
    assert_eq!(
        helix.selection(&setup.scratch, "paragraph"),
        seed_line("¶9. SBU)")
    );
    helix.search("SUBJECT: SCA");
    helix.keys(&["m", "a", "e"]);
    assert_eq!(
        helix.selection(&setup.scratch, "field"),
        seed_line("SUBJECT:")
    );

    // Hover on a TAGS item.
    helix.search("PREL");
    helix.escape();
    helix.keys(&["Space", "k"]);
    helix.wait_for("the hover on PREL", |s| s.contains("Political Relations"));
    helix.escape();

    // Colours: the banner and the portion marks by level.
    helix.keys(&["g", "g"]);
    let screen = helix.wait_for("the top of the seed", |s| s.contains("¶16. (U)"));
    let rows = coloured_rows(&helix.capture(true));
    let banner = colour_of(&rows, "", "C O N F I D E N T I A L");
    let confidential = colour_of(&rows, "¶2. ", "(C)");
    let unclassified = colour_of(&rows, "¶16. ", "(U)");
    let prose = colour_of(&rows, "¶2. (C) ", "The Assistant");
    assert_ne!(banner, prose, "the banner is coloured:\n{screen}");
    assert_eq!(banner, confidential, "(C) has the banner's colour");
    assert_ne!(unclassified, confidential, "(U) and (C) differ");
    assert_ne!(unclassified, prose, "(U) is coloured");

    // Go to definition on the REF item opens the cited cable at its banner.
    helix.search("STATE 72746");
    helix.keys(&["g", "d"]);
    let screen = helix.wait_for("the cited cable", |s| {
        Tmux::status(s).contains("06STATE72746.txt")
    });
    assert!(
        Tmux::status(&screen).contains(" 9:1"),
        "at the banner, line 9:\n{screen}"
    );
    let rows = coloured_rows(&helix.capture(true));
    assert_eq!(
        colour_of(&rows, "", "UNCLAS STATE"),
        unclassified,
        "UNCLAS has the colour of (U)"
    );
    helix.command_line("quit-all!");
    drop(helix);

    // A `.txt` cable outside a cable folder: `:set-language cable`. (The
    // empty `.helix` makes the folder Helix's workspace, not a checkout
    // above it.)
    let elsewhere = setup.scratch.join("elsewhere");
    std::fs::copy(
        shared().join("seeds").join(SEED),
        elsewhere.join("cable.txt"),
    )
    .unwrap();
    let helix = Tmux::start(
        "elsewhere",
        &elsewhere,
        &setup.env,
        &[&setup.hx.to_string_lossy(), "cable.txt"],
    );
    let screen = helix.wait_for("the file", |s| s.contains("C O N F I D E N T I A L"));
    std::thread::sleep(Duration::from_secs(1));
    assert!(
        !Tmux::status(&helix.capture(false)).contains('●'),
        "no server before :set-language:\n{screen}"
    );
    helix.command_line("set-language cable");
    helix.wait_for("diagnostics after :set-language cable", |s| {
        Tmux::status(s).contains('●')
    });
    helix.command_line("quit-all!");
    drop(helix);

    // A 5 MB document of real cables, highlighted to its end: Helix stops
    // highlighting a document whose parse takes more than 500 ms. (Without
    // the server here, which would analyse it on the other core meanwhile.)
    let big_folder = setup.scratch.join("big");
    std::fs::create_dir_all(big_folder.join(".helix")).unwrap();
    let workspace = std::fs::read_to_string(setup.cables.join(".helix/languages.toml")).unwrap();
    std::fs::write(
        big_folder.join(".helix/languages.toml"),
        format!("{workspace}language-servers = []\n"),
    )
    .unwrap();
    if let Some(big) = five_megabytes(&big_folder.join("big.txt")) {
        // Helix's budget is wall time: a busy machine can miss it once, so
        // the document gets three tries, and a machine busy with other work
        // throughout is said, not failed.
        let highlighted = (1..=3).any(|attempt| {
            let ok = last_banner_coloured(&setup, &big_folder, &big, &banner);
            if !ok {
                report(&format!(
                    "helix_end_to_end: try {attempt}: the 5 MB document's last banner is not coloured"
                ));
            }
            ok
        });
        let (load, cores) = machine_load();
        if !highlighted && load > cores {
            skipped(&format!(
                "the 5 MB document in Helix: the machine is busy (load {load:.1} on {cores} cores)"
            ));
        } else {
            assert!(
                highlighted,
                "Helix did not highlight the 5 MB document to its end in three tries (load {load:.1} on {cores} cores)"
            );
        }
    }
}

/// Checks in Helix's log of the session's messages that Helix offered UTF-8
/// positions and the server took them, and that the diagnostics came in
/// `textDocument/publishDiagnostics`, Helix asking for none.
fn lsp_traffic_is_utf8_and_pushed(log: &Path) {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let sent = |method: &str| {
        let method = format!("\"method\":\"{method}\"");
        text.lines()
            .filter(move |l| l.contains(" cable-ls -> ") && l.contains(&method))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let initialize = sent("initialize");
    assert!(
        initialize
            .iter()
            .any(|l| l.contains("\"positionEncodings\":[\"utf-8\"")),
        "Helix offers UTF-8 positions first: {initialize:?}"
    );
    let answer = text
        .lines()
        .find(|l| l.contains(" cable-ls <- ") && l.contains("\"result\":{\"capabilities\""))
        .unwrap_or_else(|| panic!("no answer to initialize in {}", log.display()));
    assert!(
        answer.contains("\"positionEncoding\":\"utf-8\""),
        "the server takes UTF-8 positions: {answer}"
    );
    let seed = format!("/{SEED}\"");
    assert!(
        text.lines().any(|l| l.contains(" cable-ls <- ")
            && l.contains("\"method\":\"textDocument/publishDiagnostics\"")
            && l.contains(&seed)
            && l.contains("\"diagnostics\":[{")),
        "the server pushes the seed's diagnostics (log: {})",
        log.display()
    );
    assert_eq!(
        sent("textDocument/diagnostic"),
        Vec::<String>::new(),
        "Helix 25.07 does not pull diagnostics"
    );
}

/// The one-minute load average and the number of cores.
fn machine_load() -> (f64, f64) {
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (load, cores as f64)
}

/// Opens the 5 MB document and says whether its last banner has the
/// colour of the seed's banner.
fn last_banner_coloured(setup: &Setup, folder: &Path, big: &Path, banner: &str) -> bool {
    let helix = Tmux::start(
        "big",
        folder,
        &setup.env,
        &[&setup.hx.to_string_lossy(), &big.to_string_lossy()],
    );
    helix.wait_for("the 5 MB document", |s| Tmux::status(s).contains("big.txt"));
    helix.keys(&["g", "e"]);
    let end = Tmux::line(&helix.wait_for("its last line", |s| Tmux::line(s) > 50_000));
    helix.escape();
    helix.type_text("?C O N F I D E N T I A L");
    helix.keys(&["Enter"]);
    // The search done (not its preview while typing), the selection
    // collapsed so that the banner is drawn in its own colour.
    helix.wait_for("its last banner", |s| {
        let line = Tmux::line(s);
        !s.contains("search:") && line > 50_000 && line < end
    });
    helix.keys(&[";"]);
    let rows = coloured_rows(&helix.capture(true));
    let coloured = colour_of(&rows, "", "C O N F I D E N T I A L") == banner;
    helix.command_line("quit-all!");
    coloured
}

/// The tree-sitter CLI, when it is installed.
fn tree_sitter() -> Option<PathBuf> {
    let cli = std::env::var_os("CABLE_LS_TREE_SITTER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("tree-sitter"));
    match Command::new(&cli).arg("--version").output() {
        Ok(out) if out.status.success() => Some(cli),
        _ => {
            skipped(&format!(
                "no tree-sitter CLI ({}; set CABLE_LS_TREE_SITTER or see editors/tree-sitter-cable/README.md)",
                cli.display()
            ));
            None
        }
    }
}

#[test]
fn tree_sitter_corpus_tests() {
    let Some(cli) = tree_sitter() else {
        return;
    };
    let _one = one_at_a_time();
    let out = run(Command::new(&cli)
        .arg("test")
        .arg("--grammar-path")
        .arg(grammar_dir())
        .current_dir(grammar_dir()));
    let stdout = plain(&String::from_utf8_lossy(&out.stdout));
    assert!(stdout.contains("failed parses: 0"), "{stdout}");
    assert!(!stdout.contains('✗'), "{stdout}");
}

#[test]
fn tree_sitter_parser_is_generated_from_the_grammar() {
    let Some(cli) = tree_sitter() else {
        return;
    };
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tree-sitter-generated");
    let _ = std::fs::remove_dir_all(&out);
    run(Command::new(&cli)
        .args(["generate", "--abi", "14", "--js-runtime", "native", "-o"])
        .arg(&out)
        .arg("grammar.js")
        .current_dir(grammar_dir()));
    for file in [
        "parser.c",
        "grammar.json",
        "node-types.json",
        "tree_sitter/parser.h",
        "tree_sitter/array.h",
        "tree_sitter/alloc.h",
    ] {
        let committed = std::fs::read(grammar_dir().join("src").join(file)).unwrap();
        let generated = std::fs::read(out.join(file)).unwrap();
        assert!(
            committed == generated,
            "src/{file} is not what `tree-sitter generate --abi 14` makes of grammar.js: run it in editors/tree-sitter-cable"
        );
    }
}

/// Concatenates real cables into a document of at least 5 MB.
fn five_megabytes(path: &Path) -> Option<PathBuf> {
    let mut files = corpus_files()?;
    files.sort();
    let mut text = Vec::new();
    for file in files.iter().cycle() {
        if text.len() >= 5_000_000 {
            break;
        }
        text.extend(std::fs::read(file).unwrap());
    }
    std::fs::write(path, text).unwrap();
    Some(path.to_path_buf())
}

fn corpus_files() -> Option<Vec<PathBuf>> {
    let mut files = Vec::new();
    for corpus in ["cablegate", "cablegate-b"] {
        let dir = shared().join("corpus").join(corpus);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            skipped(&format!(
                "the grammar on real cables: {} is not present",
                dir.display()
            ));
            return None;
        };
        files.extend(entries.flatten().map(|e| e.path()));
    }
    Some(files)
}

/// The summary line of `tree-sitter parse --stat`: total and failed parses.
fn parse_stat(stdout: &str) -> (usize, usize) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Total parses:"))
        .unwrap_or_else(|| panic!("no summary in:\n{stdout}"));
    let number = |key: &str| -> usize {
        let at = line.find(key).unwrap() + key.len();
        line[at..]
            .trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    (number("Total parses:"), number("failed parses:"))
}

#[test]
fn tree_sitter_parses_every_real_cable_and_5_mb_fast() {
    let Some(cli) = tree_sitter() else {
        return;
    };
    let Some(files) = corpus_files() else { return };
    let _one = one_at_a_time();
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tree-sitter-corpus");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let library = scratch.join("cable.so");
    run(Command::new(&cli)
        .arg("build")
        .arg("-o")
        .arg(&library)
        .arg(grammar_dir()));
    let parse = || {
        let mut command = Command::new(&cli);
        command.arg("parse").arg("--lib-path").arg(&library).args([
            "--lang-name",
            "cable",
            "--quiet",
        ]);
        command
    };

    // Every file parses, within 10 s each, without an error node.
    let list = scratch.join("paths.txt");
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    std::fs::write(&list, names.join("\n")).unwrap();
    let out = parse()
        .args(["--stat", "--timeout", "10000000", "--paths"])
        .arg(&list)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.code().is_some(),
        "tree-sitter parse died: {}\n{stdout}",
        out.status
    );
    let (total, failed) = parse_stat(&stdout);
    assert_eq!(total, files.len(), "{stdout}");
    assert_eq!(failed, 0, "files with error nodes or timeouts:\n{stdout}");

    // A 5 MB document, best of three.
    let big = five_megabytes(&scratch.join("big.txt")).unwrap();
    let mut best = f64::MAX;
    for _ in 0..3 {
        let out = run(parse().arg("--time").arg(&big));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let ms: f64 = stdout
            .split("Parse:")
            .nth(1)
            .and_then(|t| t.split_whitespace().next())
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("no time in:\n{stdout}"));
        best = best.min(ms);
    }
    let size = std::fs::metadata(&big).unwrap().len();
    report(&format!(
        "tree-sitter-cable: {} real cables parsed without error nodes; {:.1} MB in {best:.0} ms",
        files.len(),
        size as f64 / 1e6
    ));
    assert!(best < 1000.0, "a 5 MB document took {best} ms");
}
