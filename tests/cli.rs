//! The command line: `cable-ls check` output, exit codes and file discovery.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use expect_test::expect;

fn cable_ls(args: &[&str], dir: &Path) -> (String, i32) {
    let (out, _, code) = cable_ls_both(args, dir);
    (out, code)
}

/// Stdout, stderr and the exit code.
fn cable_ls_both(args: &[&str], dir: &Path) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_cable-ls"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("cable-ls runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh empty folder of this test process.
fn scratch(name: &str) -> PathBuf {
    let dir = common::scratch_dir(&format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn check_examples_reads_like_rustc() {
    let (out, code) = cable_ls(
        &[
            "check",
            "examples/extract-05DUSHANBE1839.cable",
            "examples/telegraphic-06DUSHANBE862.cable",
        ],
        &manifest(),
    );
    assert_eq!(code, 0);
    expect![[r#"
        warning[header/unknown-tag]: `EU` is a common mistake: the tag for European Union is `EUN`.
          --> examples/extract-05DUSHANBE1839.cable:14:48
           |
        14 | …PINR](#) [MARR](#) [EU](#) [RS](#) [UZ](#) [TI](#)
           |                      ^^

        warning[paragraph/malformed-marking]: This portion mark lacks its `(`: write `(SBU)`.
          --> examples/telegraphic-06DUSHANBE862.cable:80:5
           |
        80 | ¶9. SBU) The Assistant Secretary delivered the invitation to the Istanbul regional electricity confe…
           |     ^^^^

        checked 2 files: 0 errors, 2 warnings, 0 info
    "#]]
    .assert_eq(&out);
}

#[test]
fn check_all_examples() {
    let (out, code) = cable_ls(&["check", "--format", "json", "examples"], &manifest());
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["summary"]["files"], 6);
    let mut codes: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d["file"].as_str().unwrap().trim_start_matches("examples/"),
                d["range"]["start"]["line"],
                d["range"]["start"]["column"],
                d["code"].as_str().unwrap()
            )
        })
        .collect();
    codes.sort();
    expect![[r#"
        annotated-05DUSHANBE1921.cable 1:194 entity/spans-boundary
        annotated-05DUSHANBE1921.cable 52:1 entity/spans-boundary
        extract-05DUSHANBE1839.cable 14:48 header/unknown-tag
        telegraphic-06DUSHANBE862.cable 80:5 paragraph/malformed-marking
        telegraphic-06MOSCOW5030.cable 31:1 paragraph/ocr-pilcrow
        telegraphic-06MOSCOW5030.cable 32:1 paragraph/ocr-pilcrow
        telegraphic-06MOSCOW5030.cable 33:1 paragraph/ocr-pilcrow
        telegraphic-09DUSHANBE1151.cable 42:1 paragraph/ocr-pilcrow
        telegraphic-09DUSHANBE1151.cable 46:1 paragraph/ocr-pilcrow
        telegraphic-09DUSHANBE1151.cable 48:1 paragraph/ocr-pilcrow"#]]
    .assert_eq(&codes.join("\n"));
    let first = &doc["diagnostics"][0];
    assert_eq!(first["severity"], "warning");
    assert!(first["range"]["offsets"]["start"].is_u64());
}

#[test]
fn errors_set_the_exit_code() {
    let dir = scratch("errors");
    std::fs::write(
        dir.join("high.cable"),
        "C O N F I D E N T I A L DUSHANBE 001151\n\nTAGS: PREL\nSUBJECT: X\n\n¶1. (S) Too high.\n",
    )
    .unwrap();
    let (out, code) = cable_ls(&["check", "high.cable"], &dir);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[paragraph/marking-exceeds-classification]"));
    assert!(out.ends_with("checked 1 file: 1 error, 0 warnings, 0 info\n"));
}

/// A path that cannot be read is an error: said on stderr, counted in the
/// summary, listed in the JSON document's `problems`.
#[test]
fn a_missing_path_is_an_error_on_stderr() {
    let dir = scratch("missing");
    let (out, err, code) = cable_ls_both(&["check", "missing.cable"], &dir);
    assert_eq!(code, 1);
    assert_eq!(err, "error: missing.cable: no such file or folder\n");
    assert_eq!(out, "checked 0 files: 1 error, 0 warnings, 0 info\n");
    let (out, err, code) = cable_ls_both(&["check", "--format", "json", "missing.cable"], &dir);
    assert_eq!(code, 1);
    assert_eq!(err, "error: missing.cable: no such file or folder\n");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        doc["problems"],
        serde_json::json!(["missing.cable: no such file or folder"])
    );
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["summary"]["files"], 0);
}

/// A binary file named directly is checked, and its excerpts show control
/// characters as pictures, never as the bytes themselves.
#[test]
fn excerpts_escape_control_characters() {
    let dir = scratch("binary");
    std::fs::write(
        dir.join("blob.bin"),
        b"\x1b[2J\x1b[31mUNCLAS\x07\x00\x7f \xff\x01\n\x00\x00\x00\n",
    )
    .unwrap();
    let (out, _, _) = cable_ls_both(&["check", "blob.bin"], &dir);
    assert!(
        out.bytes().all(|b| b >= 0x20 || b == b'\n'),
        "control bytes reached the output: {out:?}"
    );
    assert!(out.contains("1 | ␛[2J␛[31mUNCLAS␇␀␡ �␁"), "{out}");
    // The marks stay under the bad byte: ten pictures and letters before it.
    let excerpt: Vec<&str> = out.lines().skip_while(|l| !l.starts_with("1 | ")).collect();
    let at = excerpt[0].chars().position(|c| c == '�').unwrap();
    assert_eq!(excerpt[1].chars().position(|c| c == '^'), Some(at), "{out}");
}

/// A folder without cables says what it passed over and why.
#[test]
fn files_passed_over_are_counted() {
    let dir = scratch("passed");
    std::fs::write(dir.join("notes.txt"), "Shopping list: milk, bread.\n").unwrap();
    std::fs::write(dir.join("README.md"), "# Cables\n").unwrap();
    std::fs::write(dir.join("photo.jpg"), [0xff, 0xd8]).unwrap();
    let (out, _, code) = cable_ls_both(&["check", "."], &dir);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "checked 0 files: 0 errors, 0 warnings, 0 info\n\
         passed over 3 files: 1 .txt file whose start does not look like a cable, \
         2 named neither .cable nor .txt\n"
    );
    let (out, _, _) = cable_ls_both(&["check", "--format", "json", "."], &dir);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        doc["summary"]["passed_over"],
        serde_json::json!({"not_cables": 1, "other_names": 2})
    );
}

/// Started on a terminal (a pseudo-terminal from `script`), the server
/// says on stderr what it speaks and how to check files, then serves as
/// usual and ends when the input does.
#[test]
fn a_terminal_gets_a_hint() {
    let script = Command::new("script").arg("--version").output();
    if script.is_err() {
        common::skipped("`script` (util-linux) is not installed");
        return;
    }
    let mut child = Command::new("script")
        .args([
            "-q",
            "-e",
            "-c",
            env!("CARGO_BIN_EXE_cable-ls"),
            "/dev/null",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script runs");
    // Ctrl-D: the end of the terminal's input.
    use std::io::Write;
    let mut stdin = child.stdin.take().expect("stdin");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let _ = stdin.write_all(b"\x04");
    drop(stdin);
    let out = child.wait_with_output().expect("script ends");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("cable-ls speaks the Language Server Protocol on stdin and stdout")
            && text.contains("`cable-ls check PATH` checks files"),
        "{text}"
    );
    // Not on a terminal, nothing is said: a client reads stderr as a log.
    let piped = Command::new(env!("CARGO_BIN_EXE_cable-ls"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("cable-ls runs");
    assert_eq!(String::from_utf8_lossy(&piped.stderr), "");
}

#[test]
fn folders_yield_cable_files_only() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::create_dir_all(dir.join("ignored")).unwrap();
    std::fs::write(dir.join("a.cable"), "UNCLAS DUSHANBE 000001\n").unwrap();
    std::fs::write(
        dir.join("sub/b.txt"),
        "\n\nVZCZCXRO1864\nDE RUEHDBU #0001 2891223\n",
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "Shopping list: milk, bread.\n").unwrap();
    std::fs::write(dir.join("ignored/c.cable"), "UNCLAS X 000002\n").unwrap();
    std::fs::write(dir.join(".ignore"), "ignored/\n").unwrap();
    let (out, _) = cable_ls(&["check", "--format", "json", "."], &dir);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["summary"]["files"], 2, "{out}");
    let files: std::collections::BTreeSet<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert!(
        files
            .iter()
            .all(|f| f.ends_with("a.cable") || f.ends_with("b.txt")),
        "{files:?}"
    );
}

#[test]
fn version_and_help() {
    let (out, code) = cable_ls(&["--version"], &manifest());
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("cable-ls {}", env!("CARGO_PKG_VERSION"))
    );
    let (out, code) = cable_ls(&["--help"], &manifest());
    assert_eq!(code, 0);
    assert!(out.contains("check") && out.contains("serve"));
}
