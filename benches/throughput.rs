//! Throughput benchmark: full parse of the real corpus, incremental
//! re-parse against a full parse of a large document, diagnostics, and
//! summaries. `cargo bench --bench throughput` prints a table; see
//! docs/PERFORMANCE.md for the method and the figures.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use cable_ls::analysis::diagnose;
use cable_ls::document::Document;
use cable_ls::ide::folding::folds;
use cable_ls::ide::symbols::document_symbols;
use cable_ls::syntax::{LexedText, parse};
use cable_ls::text::Encoding;
use cable_ls::workspace::summarize;

#[path = "../tests/common/mod.rs"]
mod common;

/// Runs `f` until at least `budget` has passed (and at least three times);
/// returns the median time of one run.
fn measure(budget: Duration, mut f: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 3 || start.elapsed() < budget {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

fn corpus() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cablegate");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

/// Typing `x` at column 20 of `line` (UTF-16, as a client sends it), or
/// deleting it again.
fn keystroke(doc: &mut Document, line: u32, insert: bool) {
    if insert {
        common::edit_at(doc, Some(((line, 20), (line, 20))), "x", Encoding::Utf16);
    } else {
        common::edit_at(doc, Some(((line, 20), (line, 21))), "", Encoding::Utf16);
    }
}

fn main() {
    let budget = Duration::from_secs(2);
    let mut texts = corpus();
    if texts.is_empty() {
        eprintln!("../shared/corpus/cablegate is absent: measuring the sample cables instead");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                texts.push(t);
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    println!("{} cables, {:.1} MB", texts.len(), bytes as f64 / 1e6);
    println!("| what | per run | throughput |");
    println!("|---|---|---|");
    let row = |what: &str, time: Duration, size: usize| {
        println!(
            "| {what} | {:.1} ms | {:.0} MB/s |",
            time.as_secs_f64() * 1e3,
            mb_per_s(size, time)
        );
    };

    let lexed: Vec<LexedText> = texts.iter().map(|t| LexedText::new(t)).collect();
    let cables: Vec<_> = lexed
        .iter()
        .zip(&texts)
        .map(|(l, t)| l.assemble(t))
        .collect();
    row(
        "lex the corpus (one core)",
        measure(budget, || {
            for t in &texts {
                black_box(LexedText::new(t));
            }
        }),
        bytes,
    );
    row(
        "assemble the corpus",
        measure(budget, || {
            for (l, t) in lexed.iter().zip(&texts) {
                black_box(l.assemble(t));
            }
        }),
        bytes,
    );
    row(
        "full parse of the corpus",
        measure(budget, || {
            for t in &texts {
                black_box(parse(t));
            }
        }),
        bytes,
    );
    row(
        "diagnostics of the corpus",
        measure(budget, || {
            for (t, c) in texts.iter().zip(&cables) {
                black_box(diagnose(t, c));
            }
        }),
        bytes,
    );
    row(
        "summaries of the corpus",
        measure(budget, || {
            for (t, c) in texts.iter().zip(&cables) {
                black_box(summarize(t, c));
            }
        }),
        bytes,
    );

    // A 5 MB document: a full parse against one keystroke's re-lex.
    let mut big = String::new();
    for t in texts.iter().cycle() {
        if big.len() >= 5_000_000 {
            break;
        }
        big.push_str(t);
    }
    let full = measure(budget, || {
        black_box(parse(&big));
    });
    row("full parse, 5 MB document", full, big.len());
    let mut doc = Document::new(&big, 1);
    let middle = common::prose_line(&big);
    let mut flip = false;
    let lex = measure(budget, || {
        flip = !flip;
        keystroke(&mut doc, middle, flip);
    });
    row("one-character edit, re-lex only (5 MB)", lex, big.len());
    let to_diagnostics = measure(budget, || {
        flip = !flip;
        keystroke(&mut doc, middle, flip);
        black_box(doc.analysis());
    });
    row(
        "one-character edit to diagnostics (5 MB)",
        to_diagnostics,
        big.len(),
    );
    // What an editor asks for after each pause in typing besides the
    // diagnostics: the outline and the folds of the whole document.
    let analysed = doc.analysis();
    let outlined = measure(budget, || {
        black_box(document_symbols(&analysed.text, &analysed.cable, None));
    });
    row("outline, 5 MB document", outlined, big.len());
    let folded = measure(budget, || {
        black_box(folds(&analysed.text, &analysed.cable));
    });
    row("folding ranges, 5 MB document", folded, big.len());
    // A 5 MB document of the annotated flavour: thousands of entity tags,
    // each checked against the keywords, markup and paragraph anchors.
    let annotated = include_str!("../examples/annotated-05DUSHANBE1921.cable");
    let big_annotated = annotated.repeat(5_000_000 / annotated.len() + 1);
    let cable = parse(&big_annotated);
    let diagnosed = measure(budget, || {
        black_box(diagnose(&big_annotated, &cable));
    });
    row(
        "diagnostics, 5 MB annotated document",
        diagnosed,
        big_annotated.len(),
    );
    println!(
        "\nincremental re-lex is {:.0}x cheaper than a full parse of the 5 MB document",
        full.as_secs_f64() / lex.as_secs_f64()
    );
}
