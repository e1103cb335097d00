//! What the benches share: the generated workspace, the cable they query
//! from, and percentiles.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use cable_ls::syntax::{Cable, parse};

/// The generated workspace of `n` cables in `target/bench-corpus/N`, made by
/// `benches/tools/make-corpus.rs` the first time (with its large documents
/// in `N-large`) from the real corpus in `../shared/corpus/cablegate`, or
/// from the sample cables in `examples/` where that is absent.
pub fn corpus(n: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join(format!("target/bench-corpus/{n}"));
    if !dir
        .join(format!("c{:06}.txt", n.saturating_sub(1)))
        .exists()
    {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let shared = root.join("../shared/corpus/cablegate");
        let status = Command::new(cargo)
            .args([
                "run",
                "--release",
                "--quiet",
                "--example",
                "make-corpus",
                "--",
            ])
            .arg(n.to_string())
            .arg(&dir)
            .args(shared.is_dir().then_some(&shared))
            .current_dir(root)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "make-corpus failed");
    }
    dir
}

/// How many cables the benches generate: `CABLE_LS_BENCH_CABLES`, else
/// 10,000.
pub fn cables() -> usize {
    std::env::var("CABLE_LS_BENCH_CABLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000)
}

/// The cable of a workspace the benches query from: the last written one
/// that cites another cable and has TAGS and a banner (generated cables
/// cite cables written before them), with its text and model.
pub fn citing_cable(dir: &Path) -> (PathBuf, String, Cable) {
    std::fs::read_dir(dir)
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| {
            let t = std::fs::read_to_string(&p).ok()?;
            let c = parse(&t);
            (c.refs.iter().any(|r| r.cable.is_some()) && c.tags.is_some() && c.banner.is_some())
                .then_some((p, t, c))
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .expect("a citing cable")
}

/// The `p` quantile (0 to 1) of `samples`, sorting them.
pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples.get(i).copied().unwrap_or_default()
}

/// A duration in milliseconds, one decimal.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// "p50 X / p95 Y" of `samples`.
pub fn p50_p95(samples: &mut [Duration]) -> String {
    format!(
        "p50 {} / p95 {}",
        ms(percentile(samples, 0.5)),
        ms(percentile(samples, 0.95))
    )
}
