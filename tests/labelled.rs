//! The labelled set: real places in both shared corpora, read by hand, each
//! with the report a careful reader expects there (`report`) or its absence
//! (`quiet`), in `tests/labelled/places.tsv`. The labels come from reading
//! the cables, never from the checker's output.
//!
//! A row whose `open` column is filled names a misreading not fixed yet: it
//! is counted and listed, and the test fails when it starts to hold (so the
//! column is cleared and the row guards the fix from then on). Every other
//! row must hold. Codes that never occur in the real corpora (`entity/*`,
//! `header/malformed-dtg`, `header/malformed-routing`,
//! `paragraph/ocr-pilcrow`, `file/invalid-utf8`, `file/too-large`,
//! `file/more-not-shown`) are covered by the fixtures in `diagnostics.rs`.
//! Skipped, visibly, where `../shared` is absent.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use cable_ls::analysis::diagnose;
use cable_ls::syntax::lexer::split_lines;
use cable_ls::syntax::parse;

/// One labelled place.
struct Place {
    file: String,
    /// The 1-based line, or `None` for anywhere in the file.
    line: Option<usize>,
    code: String,
    report: bool,
    open: String,
    note: String,
}

fn places() -> Vec<Place> {
    let table = include_str!("labelled/places.tsv");
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 6, "six columns: {l}");
            assert!(
                matches!(cols[3], "report" | "quiet"),
                "report or quiet: {l}"
            );
            Place {
                file: cols[0].to_string(),
                line: (cols[1] != "*").then(|| cols[1].parse().expect("a line number")),
                code: cols[2].to_string(),
                report: cols[3] == "report",
                open: cols[4].to_string(),
                note: cols[5].to_string(),
            }
        })
        .collect()
}

/// The 1-based lines at which a file gets a report of each code.
fn reports(text: &str) -> BTreeMap<String, Vec<usize>> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in split_lines(text) {
        starts.push(at);
        at += line.len();
    }
    let mut by_code: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for d in diagnose(text, &parse(text)) {
        let line = starts.partition_point(|&s| s <= d.span.start);
        by_code
            .entry(d.code.as_str().to_string())
            .or_default()
            .push(line);
    }
    by_code
}

#[test]
fn labelled_places_get_the_reports_a_reader_expects() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.join("cablegate").is_dir() || !corpus.join("cablegate-b").is_dir() {
        common::skipped("../shared/corpus/cablegate and cablegate-b are not present");
        return;
    }
    let places = places();
    assert!(places.len() >= 200, "{} places", places.len());
    let mut files: BTreeMap<&str, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
    let mut failures = Vec::new();
    let (mut holding, mut open) = (0, 0);
    for place in &places {
        let found = files.entry(&place.file).or_insert_with(|| {
            let bytes = std::fs::read(corpus.join(&place.file)).expect(&place.file);
            reports(&String::from_utf8_lossy(&bytes))
        });
        let lines = found.get(&place.code).map_or(&[][..], Vec::as_slice);
        let reported = match place.line {
            Some(line) => lines.contains(&line),
            None => !lines.is_empty(),
        };
        let holds = reported == place.report;
        let at = format!(
            "{}:{} {} ({}): {}",
            place.file,
            place.line.map_or("*".to_string(), |l| l.to_string()),
            place.code,
            if place.report { "report" } else { "quiet" },
            place.note
        );
        match (holds, place.open.is_empty()) {
            (true, true) => holding += 1,
            (false, true) => failures.push(format!("does not hold: {at}; reported at {lines:?}")),
            (true, false) => failures.push(format!(
                "now holds, clear its open column: {at} (was open: {})",
                place.open
            )),
            (false, false) => open += 1,
        }
    }
    common::report(&format!(
        "labelled places: {} hold, {open} open (known misreadings), of {}",
        holding,
        places.len()
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
