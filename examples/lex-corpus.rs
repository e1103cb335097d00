//! Lexes every cable of a folder once (default: the real corpus in
//! `../shared/corpus/cablegate`) and prints how many lines it lexed; with
//! `--summaries`, parses and summarises each instead (what indexing does)
//! and prints how many names it found. Meant to be run under
//! `valgrind --tool=callgrind`, whose instruction count does not move with
//! the machine's load the way timings do:
//!
//! ```sh
//! cargo build --release --example lex-corpus
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/lex-corpus
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/lex-corpus --summaries
//! ```

use cable_ls::syntax::{LexedText, parse};
use cable_ls::workspace::summarize;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let summaries = args.first().is_some_and(|a| a == "--summaries");
    if summaries {
        args.remove(0);
    }
    let dir = args.pop().unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/cablegate").into()
    });
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("lex-corpus: cannot read {dir}");
        std::process::exit(2);
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(cable_ls::text::lossy_utf8)
        .collect();
    if summaries {
        let names: usize = texts
            .iter()
            .map(|t| summarize(t, &parse(t)).mentions.len())
            .sum();
        println!("{} files, {names} name mentions", texts.len());
    } else {
        let lines: usize = texts.iter().map(|t| LexedText::new(t).lines().len()).sum();
        println!("{} files, {lines} lines", texts.len());
    }
}
