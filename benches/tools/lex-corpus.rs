//! Lexes every cable of a folder once (the real corpus,
//! `../shared/corpus/cablegate`, for the figures in docs/PERFORMANCE.md) and prints how many lines it lexed; with
//! `--parse`, parses each instead (lexing and assembling) and prints how
//! many paragraphs it found; with `--summaries`, parses and summarises each
//! (what indexing does) and prints how many names it found. Meant to be run under
//! `valgrind --tool=callgrind`, whose instruction count does not move with
//! the machine's load the way timings do:
//!
//! ```sh
//! cargo build --release --example lex-corpus
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/lex-corpus DIR
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/lex-corpus --parse DIR
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/lex-corpus --summaries DIR
//! ```

use cable_ls::syntax::{LexedText, parse};
use cable_ls::workspace::summarize;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some(flag @ ("--parse" | "--summaries")) => {
            let flag = flag.to_owned();
            args.remove(0);
            flag
        }
        _ => "--lex".to_owned(),
    };
    let (Some(dir), true) = (args.pop(), args.is_empty()) else {
        eprintln!("usage: lex-corpus [--parse|--summaries] DIR");
        std::process::exit(2);
    };
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
    if mode == "--summaries" {
        let names: usize = texts
            .iter()
            .map(|t| summarize(t, &parse(t)).mentions.len())
            .sum();
        println!("{} files, {names} name mentions", texts.len());
    } else if mode == "--parse" {
        let paragraphs: usize = texts.iter().map(|t| parse(t).paragraphs.len()).sum();
        println!("{} files, {paragraphs} paragraphs", texts.len());
    } else {
        let lines: usize = texts.iter().map(|t| LexedText::new(t).lines().len()).sum();
        println!("{} files, {lines} lines", texts.len());
    }
}
