//! Every real cable of the shared corpus parses and checks without a panic,
//! with every diagnostic range and fold inside its text on character
//! boundaries, and incremental edits on a sample agree with fresh parses.
//! Skipped (with a message) where the corpus is not present.

mod common;

use std::path::PathBuf;

use cable_ls::analysis::diagnose;
use cable_ls::document::Document;
use cable_ls::ide::folding::folds;
use cable_ls::syntax::{LexedText, parse};
use cable_ls::text::Encoding;

use common::corpora;

/// The first corpus.
fn corpus() -> Option<Vec<PathBuf>> {
    corpora::paths(corpora::NAMES[0])
}

/// A file's text, decoded as the checker decodes it.
fn read(path: &std::path::Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).expect("readable")).into_owned()
}

#[test]
fn every_corpus_cable_parses_and_checks() {
    let Some(files) = corpus() else {
        common::skipped("../shared/corpus/cablegate is not present");
        return;
    };
    assert!(files.len() > 1000, "corpus has {} files", files.len());
    let mut with_id = 0;
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).into_owned();
        let cable = parse(&text);
        for d in diagnose(&text, &cable) {
            assert!(
                d.span.start <= d.span.end && d.span.end <= text.len(),
                "{}: {d:?}",
                path.display()
            );
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            assert!(!d.message.is_empty());
        }
        // Folds lie inside the text on character boundaries, in order.
        let folds = folds(&text, &cable);
        for f in &folds {
            assert!(f.span.start < f.span.end && f.span.end <= text.len());
            assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        }
        assert!(
            folds.is_sorted_by_key(|f| f.span.start),
            "{}",
            path.display()
        );
        // The canonical id agrees with the file name when the year is known.
        if let Some(id) = &cable.id {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if id.id == stem {
                with_id += 1;
            }
        }
    }
    // Nearly every cable's derived id is its file name (the collection's id).
    assert!(
        with_id * 100 >= files.len() * 90,
        "{with_id} of {} ids match",
        files.len()
    );
}

#[test]
fn incremental_edits_agree_on_a_sample() {
    let Some(files) = corpus() else {
        common::skipped("../shared/corpus/cablegate is not present");
        return;
    };
    for path in files.iter().step_by(37) {
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).into_owned();
        let mut doc = Document::new(&text, 1);
        let lines = u32::try_from(text.lines().count()).unwrap_or(u32::MAX);
        // Deterministic edits spread over the text: joins, splits, typing.
        for (i, insert) in ["\n", "", "¶1. (S) ", "’", "\r\n\r\n"].iter().enumerate() {
            let line = lines * (i as u32 + 1) / 6;
            common::edit_at(
                &mut doc,
                Some(((line, 3), (line + (i as u32 % 2), 0))),
                insert,
                if i % 2 == 0 {
                    Encoding::Utf8
                } else {
                    Encoding::Utf16
                },
            );
            let now = doc.text.to_string();
            assert_eq!(
                doc.lexed(),
                Some(&LexedText::new(&now)),
                "{}",
                path.display()
            );
            assert_eq!(doc.analysis().cable, parse(&now), "{}", path.display());
        }
    }
}

/// The README's table gives, per code, its severity and how many cables of
/// each corpus get it; all must stay true.
#[test]
fn readme_table_matches_the_corpus() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let rows: Vec<(String, String, [usize; 2])> = readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| l.split('|').map(str::trim).collect::<Vec<&str>>())
        // Code rows: `group/name`; other tables (settings) have no slash.
        .filter(|cells| cells[1].contains('/'))
        .map(|cells| {
            (
                cells[1].trim_matches('`').to_string(),
                cells[2].to_string(),
                [
                    cells[3].parse().expect("count"),
                    cells[4].parse().expect("count (b)"),
                ],
            )
        })
        .collect();
    let codes = cable_ls::analysis::Code::ALL;
    assert_eq!(rows.len(), codes.len(), "one row per code");
    for (code, severity, _) in &rows {
        let known = cable_ls::analysis::Code::parse(code).expect("a known code");
        assert_eq!(known.severity().as_str(), severity, "{code}");
    }
    for (column, name) in corpora::NAMES.iter().enumerate() {
        let Some(files) = corpora::paths(name) else {
            common::skipped(&format!(
                "the counts of {name}: ../shared/corpus/{name} is not present"
            ));
            continue;
        };
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for path in &files {
            let text = read(path);
            let cable = parse(&text);
            let mut seen: Vec<&str> = diagnose(&text, &cable)
                .iter()
                .map(|d| d.code.as_str())
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for code in seen {
                *counts.entry(code).or_default() += 1;
            }
        }
        let table: std::collections::BTreeMap<&str, usize> = rows
            .iter()
            .map(|(c, _, n)| (c.as_str(), n[column]))
            .filter(|(_, n)| *n > 0)
            .collect();
        assert_eq!(
            table, counts,
            "README counts for {name} (left) vs the corpus (right)"
        );
    }
}
