//! Lexes or parses every cable of a folder (the real corpus,
//! `../shared/corpus/cablegate`, for the figures in docs/PERFORMANCE.md)
//! fifteen times and prints the best pass:
//! steadier than a bench's median on a machine whose load moves timings
//! by a third.
//!
//! ```sh
//! cargo run --release --example best-of -- lex|parse DIR
//! ```

use std::time::Instant;

use cable_ls::syntax::{LexedText, parse};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(what), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: best-of lex|parse DIR");
        std::process::exit(2);
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("best-of: cannot read {dir}");
        std::process::exit(2);
    };
    let texts: Vec<String> = entries
        .flatten()
        .filter_map(|e| std::fs::read(e.path()).ok())
        .map(cable_ls::text::lossy_utf8)
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut best = f64::MAX;
    for _ in 0..15 {
        let start = Instant::now();
        for text in &texts {
            if what == "lex" {
                std::hint::black_box(LexedText::new(text));
            } else {
                std::hint::black_box(parse(text));
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{what}: {} files, best of 15 passes {:.1} ms, {:.0} MB/s",
        texts.len(),
        best * 1e3,
        bytes as f64 / best / 1e6
    );
}
