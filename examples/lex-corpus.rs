//! Lexes every cable of a folder once (default: the real corpus in
//! `../shared/corpus/cablegate`) and prints how many lines it lexed. Meant
//! to be run under `valgrind --tool=callgrind`, whose instruction count
//! does not move with the machine's load the way timings do:
//!
//! ```sh
//! cargo build --release --example lex-corpus
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/lex-corpus
//! ```

use cable_ls::syntax::LexedText;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
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
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    let lines: usize = texts.iter().map(|t| LexedText::new(t).lines().len()).sum();
    println!("{} files, {lines} lines", texts.len());
}
