//! The Neovim plugin in a real, headless Neovim: filetype detection,
//! diagnostics at the right place, hover, outline, references, and an edit.
//! Runs with `nvim` from PATH (Debian's 0.7.2 in CI) and with the binary
//! named by `CABLE_LS_NVIM_EXTRA` (0.11.4 from PyPI in CI); skipped, with a
//! message, for each that is absent.

mod common;

use std::process::Command;

fn run_with(nvim: &str) {
    let Ok(version) = Command::new(nvim).arg("--version").output() else {
        common::skipped(&format!("{nvim} is not installed"));
        return;
    };
    let version = String::from_utf8_lossy(&version.stdout);
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(nvim)
        .args([
            "--headless",
            "--clean",
            "-u",
            "NONE",
            "--cmd",
            "set rtp+=editors/nvim",
            "-c",
            "luafile editors/nvim/tests/e2e.lua",
        ])
        .current_dir(root)
        .env("CABLE_LS", env!("CARGO_BIN_EXE_cable-ls"))
        .env("CABLE_FILE", "examples/telegraphic-06DUSHANBE862.cable")
        .output()
        .expect("nvim runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first_line = version.lines().next().unwrap_or(nvim);
    assert!(
        out.status.success() && stdout.contains("ALL PASSED"),
        "{first_line}\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{first_line}: all passed");
}

#[test]
fn neovim_plugin_end_to_end() {
    run_with("nvim");
}

#[test]
fn neovim_plugin_end_to_end_on_another_version() {
    match std::env::var("CABLE_LS_NVIM_EXTRA") {
        Ok(nvim) => run_with(&nvim),
        Err(_) => common::skipped("CABLE_LS_NVIM_EXTRA names no second Neovim"),
    }
}
