//! The VS Code extension in a real VS Code workbench (code-server in
//! Chromium, driven by playwright-core): packages the `.vsix` with the
//! server binary inside, installs it, and runs `editors/vscode/e2e/run.mjs`
//! against a workspace of the example cables. Needs the toolchain that
//! `editors/vscode/e2e/install-deps.sh` installs, named by
//! `CABLE_LS_VSCODE_CACHE` (set by `.ci/run`); skipped, with a message,
//! without it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Node.js folder of the toolchain cache.
fn node_bin(cache: &Path) -> Option<PathBuf> {
    std::fs::read_dir(cache)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("node-"))
        })
        .map(|p| p.join("bin"))
}

#[test]
fn vscode_extension_end_to_end() {
    let Ok(cache) = std::env::var("CABLE_LS_VSCODE_CACHE") else {
        common::skipped(
            "CABLE_LS_VSCODE_CACHE names no code-server toolchain (see editors/vscode/e2e/install-deps.sh)",
        );
        return;
    };
    let cache = PathBuf::from(cache);
    let node = node_bin(&cache).expect("the cache holds Node.js");
    let path = format!(
        "{}:{}",
        node.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let extension = root.join("editors/vscode");

    let packaged = Command::new("bash")
        .arg("scripts/package.sh")
        .current_dir(&extension)
        .env("PATH", &path)
        .env("CABLE_LS_BIN", env!("CARGO_BIN_EXE_cable-ls"))
        .output()
        .expect("bash runs");
    assert!(
        packaged.status.success(),
        "packaging failed:\n{}",
        String::from_utf8_lossy(&packaged.stderr)
    );
    // The script prints the package's path last.
    let stdout = String::from_utf8_lossy(&packaged.stdout);
    let vsix = stdout.lines().last().unwrap_or_default().trim().to_string();

    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("vscode-e2e");
    let workspace = out.with_file_name("vscode-e2e-workspace");
    let _ = std::fs::remove_dir_all(&workspace);
    std::fs::create_dir_all(&workspace).unwrap();
    for folder in [root.join("examples"), extension.join("e2e/fixtures")] {
        for entry in std::fs::read_dir(folder).unwrap().flatten() {
            std::fs::copy(entry.path(), workspace.join(entry.file_name())).unwrap();
        }
    }

    let run = Command::new(node.join("node"))
        .arg("e2e/run.mjs")
        .args(["--cache".as_ref(), cache.as_os_str()])
        .args(["--vsix", &vsix])
        .args(["--workspace".as_ref(), workspace.as_os_str()])
        .args(["--file", "telegraphic-06DUSHANBE862.cable"])
        .args(["--out".as_ref(), out.as_os_str()])
        .current_dir(&extension)
        .env("PATH", &path)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    eprintln!("{stdout}");
}
