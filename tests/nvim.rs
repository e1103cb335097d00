//! The Neovim plugin in a real, headless Neovim: filetype detection,
//! diagnostics at the right place, hover, outline, references, and an edit.
//! Runs with `nvim` from PATH (Debian's 0.7.2 in CI) and with the binary
//! named by `CABLE_LS_NVIM_EXTRA` (0.11.4 from PyPI in CI); skipped, with a
//! message, for each that is absent. Each Neovim gets the plugin twice: on
//! its runtime path (`--cmd "set rtp+=…"`), and installed as README's plain
//! package install does it.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How the plugin reaches Neovim.
#[derive(Clone, Copy, Debug)]
enum Install {
    /// `--cmd "set rtp+=editors/nvim"` under `--clean -u NONE`; the test
    /// script loads the plugin and calls `setup()`.
    RuntimePath,
    /// README's plain-package install in fresh user folders: `mkdir -p` of
    /// `site/pack/cable/start` in the data folder, a symbolic link to
    /// `editors/nvim` there, and `require("cable_ls").setup()` in
    /// `init.lua`, with `cable-ls` on `PATH`.
    Package,
}

fn run_with(nvim: &str, install: Install) {
    let Ok(version) = Command::new(nvim).arg("--version").output() else {
        common::skipped(&format!("{nvim} is not installed"));
        return;
    };
    let version = String::from_utf8_lossy(&version.stdout);
    let root = env!("CARGO_MANIFEST_DIR");
    let server = Path::new(env!("CARGO_BIN_EXE_cable-ls"));
    let mut command = Command::new(nvim);
    command
        .current_dir(root)
        .env("CABLE_LS", server)
        .env("CABLE_FILE", "examples/telegraphic-06DUSHANBE862.cable");
    match install {
        Install::RuntimePath => {
            command.args([
                "--headless",
                "--clean",
                "-u",
                "NONE",
                "--cmd",
                "set rtp+=editors/nvim",
            ]);
        }
        Install::Package => {
            static RUNS: AtomicUsize = AtomicUsize::new(0);
            let run = RUNS.fetch_add(1, Ordering::Relaxed);
            let home = common::scratch_dir(&format!("nvim-package-{run}"));
            let _ = std::fs::remove_dir_all(&home);
            let start = home.join("data/nvim/site/pack/cable/start");
            std::fs::create_dir_all(&start).expect("pack folder");
            std::os::unix::fs::symlink(
                Path::new(root).join("editors/nvim"),
                start.join("cable-ls"),
            )
            .expect("link");
            let config = home.join("config/nvim");
            std::fs::create_dir_all(&config).expect("config folder");
            std::fs::write(config.join("init.lua"), "require(\"cable_ls\").setup()\n")
                .expect("init.lua");
            let path = std::env::join_paths(
                server.parent().into_iter().map(Path::to_path_buf).chain(
                    std::env::var_os("PATH")
                        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
                        .unwrap_or_default(),
                ),
            )
            .expect("PATH");
            command
                .arg("--headless")
                .env("PATH", path)
                .env("XDG_CONFIG_HOME", home.join("config"))
                .env("XDG_DATA_HOME", home.join("data"))
                .env("XDG_STATE_HOME", home.join("state"))
                .env("XDG_CACHE_HOME", home.join("cache"))
                .env("CABLE_LS_INSTALLED", "1");
        }
    }
    let out = command
        .args(["-c", "luafile editors/nvim/tests/e2e.lua"])
        .output()
        .expect("nvim runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first_line = version.lines().next().unwrap_or(nvim);
    assert!(
        out.status.success() && stdout.contains("ALL PASSED"),
        "{first_line} ({install:?})\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{first_line} ({install:?}): all passed");
}

/// The second Neovim, when `CABLE_LS_NVIM_EXTRA` names one.
fn another_version() -> Option<String> {
    let nvim = std::env::var("CABLE_LS_NVIM_EXTRA").ok();
    if nvim.is_none() {
        common::skipped("CABLE_LS_NVIM_EXTRA names no second Neovim");
    }
    nvim
}

#[test]
fn neovim_plugin_end_to_end() {
    run_with("nvim", Install::RuntimePath);
}

#[test]
fn neovim_plugin_installed_as_a_package() {
    run_with("nvim", Install::Package);
}

#[test]
fn neovim_plugin_end_to_end_on_another_version() {
    if let Some(nvim) = another_version() {
        run_with(&nvim, Install::RuntimePath);
    }
}

#[test]
fn neovim_plugin_installed_as_a_package_on_another_version() {
    if let Some(nvim) = another_version() {
        run_with(&nvim, Install::Package);
    }
}
