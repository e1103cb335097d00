//! In-process: the workspace index built from a generated workspace, and
//! each navigation query on it timed server-side (the library calls a
//! request handler makes, without the protocol or the pipe that the
//! workspace bench's round trips include).
//!
//! ```sh
//! cargo bench --bench index                              # 10,000 cables
//! CABLE_LS_BENCH_CABLES=250000 cargo bench --bench index # the full-size collection
//! ```
//!
//! The workspace is the one the workspace bench uses
//! (`target/bench-corpus/N`, made by `benches/tools/make-corpus.rs`). Measured:
//! reading and summarising the files on every core (what indexing does per
//! file; one file's text held at a time per core), putting the summaries in
//! the index with one writer, and each query 200 times (at least ten, and
//! no more than fit in five seconds).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use cable_ls::ide::FileView;
use cable_ls::ide::hover::hover;
use cable_ls::ide::navigate::{DEFAULT_REFERENCE_LIMIT, definition, references, references_up_to};
use cable_ls::ide::symbols::workspace_symbols;
use cable_ls::syntax::parse;
use cable_ls::text::lossy_utf8;
use cable_ls::workspace::{Index, Summary, summarize};
use common::bench::{self, ms, percentile};
use rayon::prelude::*;

/// Times each query runs: this many, or as many as fit in [`BUDGET`] (ten
/// at least).
const RUNS: usize = 200;

/// Time one query's runs may take, past the first ten.
const BUDGET: Duration = Duration::from_secs(5);

fn uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// `query` run [`RUNS`] times (fewer when slow): its p50 / p95 (in ms to
/// the microsecond: most queries take well under one) and how many results
/// it gave.
fn timed(query: impl Fn() -> usize) -> (String, usize) {
    let mut samples: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut results = 0;
    let began = Instant::now();
    while samples.len() < RUNS && (samples.len() < 10 || began.elapsed() < BUDGET) {
        let start = Instant::now();
        results = std::hint::black_box(query());
        samples.push(start.elapsed());
    }
    let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
    let p50 = ms(percentile(&mut samples, 0.5));
    let p95 = ms(percentile(&mut samples, 0.95));
    (format!("p50 {p50} / p95 {p95}"), results)
}

fn main() {
    let n = bench::cables();
    let dir = bench::corpus(n);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();

    let start = Instant::now();
    let summaries: Vec<(String, usize, Summary)> = paths
        .par_iter()
        .filter_map(|p| {
            let text = lossy_utf8(std::fs::read(p).ok()?);
            Some((uri(p), text.len(), summarize(&text, &parse(&text))))
        })
        .collect();
    let summarised = start.elapsed();
    let mb = summaries.iter().map(|(_, len, _)| len).sum::<usize>() as f64 / 1e6;

    let start = Instant::now();
    let mut index = Index::default();
    for (doc, _, summary) in summaries {
        index.upsert(&doc, summary, false);
    }
    let posted = start.elapsed();

    // The queries a reader makes from a cable that cites another.
    let (path, text, cable) = bench::citing_cable(&dir);
    let doc = uri(&path);
    let summary = summarize(&text, &cable);
    let file = FileView {
        doc: &doc,
        text: &text,
        cable: &cable,
        summary: &summary,
    };
    let ref_at = cable
        .refs
        .iter()
        .find_map(|r| r.cable.as_ref())
        .map_or(0, |c| c.origin.start);
    let tag_at = cable
        .tags
        .as_ref()
        .and_then(|t| t.items.first())
        .map_or(0, |i| i.span.start);
    // The name of this cable that the most files mention.
    let name = summary
        .mentions
        .iter()
        .max_by_key(|m| index.mentioning(m.key).len());
    let name_at = name.map_or(0, |m| m.span.start);
    let name_key = name.map_or("", |m| m.key).to_string();
    let station = cable
        .banner
        .as_ref()
        .map_or("STATE".to_string(), |b| b.station.clone());
    // The cited cable, open at the end of its banner (its serial).
    let cited = definition(&file, &index, ref_at).into_iter().next();
    let cited_text = cited
        .as_ref()
        .and_then(|l| std::fs::read(l.doc.strip_prefix("file://")?).ok())
        .map(lossy_utf8)
        .unwrap_or_default();
    let cited_cable = parse(&cited_text);
    let cited_summary = summarize(&cited_text, &cited_cable);
    let cited_doc = cited.as_ref().map_or(String::new(), |l| l.doc.clone());
    let cited_file = FileView {
        doc: &cited_doc,
        text: &cited_text,
        cable: &cited_cable,
        summary: &cited_summary,
    };
    let serial_at = cited.map_or(0, |l| l.span.end.saturating_sub(1));

    let queries: Vec<(String, (String, usize))> = vec![
        (
            "hover on a TAGS item".into(),
            timed(|| usize::from(hover(&file, &index, tag_at).is_some())),
        ),
        (
            "definition from a REF item".into(),
            timed(|| definition(&file, &index, ref_at).len()),
        ),
        (
            "references of the cited cable".into(),
            timed(|| references(&cited_file, &index, serial_at, true).len()),
        ),
        (
            format!("references of a name (`{name_key}`, in the most files), all"),
            timed(|| references(&file, &index, name_at, true).len()),
        ),
        (
            format!("the same, up to the server's default limit ({DEFAULT_REFERENCE_LIMIT})"),
            timed(|| {
                references_up_to(&file, &index, name_at, true, DEFAULT_REFERENCE_LIMIT)
                    .0
                    .len()
            }),
        ),
        (
            format!("workspace symbol (station `{station}`)"),
            timed(|| workspace_symbols(&index, &station).len()),
        ),
        (
            "workspace symbol (name `Nazarov`)".into(),
            timed(|| workspace_symbols(&index, "Nazarov").len()),
        ),
    ];

    println!(
        "Index: {n} cables, {mb:.0} MB, in {}, {} threads",
        dir.display(),
        rayon::current_num_threads()
    );
    println!();
    println!("| measure | value |");
    println!("|---|---:|");
    println!(
        "| read and summarise the files, all cores (parse, names, summary) | {} ({:.0} MB/s) |",
        ms(summarised),
        mb / summarised.as_secs_f64()
    );
    println!(
        "| put the summaries in the index, one writer | {} |",
        ms(posted)
    );
    for (label, (p, results)) in queries {
        println!("| {label} ({results} results) | {p} |");
    }
}
