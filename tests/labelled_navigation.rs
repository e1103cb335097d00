//! The labelled navigation set: people, places and organisations, cited
//! cables and TAGS codes, each with the mentions or citations a person
//! found by reading the cables of ../shared/corpus
//! (`tests/labelled/navigation/*.txt`, which say how they were chosen).
//! References are asked from one mention of each target over both corpora
//! indexed, and compared line by line with the labels: precision and
//! recall per target are printed, and every target must reach its
//! category's floor. Skipped (with a message) where the corpora are not present.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use cable_ls::ide::{FileView, navigate};
use common::corpora::{File, corpora, index};

/// A place in the corpora: `CORPUS/NAME` and a line (1-based).
type Line = (String, usize);

/// One labelled target.
struct Target {
    name: String,
    /// Where references are asked from, and the text the cursor is put on.
    from: Line,
    text: String,
    /// Each mention: a file and its first and last line.
    mentions: Vec<(String, usize, usize)>,
    /// Why the target is known to fall short of its floor, if it is.
    short: Option<String>,
}

/// Reads a label file (format in its header).
fn targets(file: &str) -> Vec<Target> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/labelled/navigation")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out: Vec<Target> = Vec::new();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("# ") && *l != "#")
    {
        if let Some(name) = line.strip_prefix("## ") {
            out.push(Target {
                name: name.to_string(),
                from: (String::new(), 0),
                text: String::new(),
                mentions: Vec::new(),
                short: None,
            });
            continue;
        }
        let target = out
            .last_mut()
            .unwrap_or_else(|| panic!("{file}: {line} before any target"));
        if let Some(why) = line.strip_prefix("short: ") {
            target.short = Some(why.to_string());
        } else if let Some(rest) = line.strip_prefix("from ") {
            let (at, text) = rest.split_once(' ').unwrap();
            target.from = parse_line(at);
            target.text = text.to_string();
        } else {
            let (path, lines) = line
                .rsplit_once(':')
                .unwrap_or_else(|| panic!("{file}: {line}"));
            let (first, last) = lines.split_once('-').unwrap_or((lines, lines));
            target.mentions.push((
                path.to_string(),
                first.parse().unwrap(),
                last.parse().unwrap(),
            ));
        }
    }
    out
}

fn parse_line(at: &str) -> Line {
    let (path, line) = at.rsplit_once(':').unwrap();
    (path.to_string(), line.parse().unwrap())
}

/// Where each line of a text starts (lines end at `\n`, `\r\n` or `\r`).
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || b == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            starts.push(i + 1);
        }
    }
    starts
}

/// The measurement of one target.
struct Score {
    precision: f64,
    recall: f64,
    found: usize,
    wrong: Vec<Line>,
    missed: Vec<(String, usize, usize)>,
}

fn measure(
    files: &[File],
    by_path: &HashMap<&str, &File>,
    index: &cable_ls::workspace::Index,
    t: &Target,
) -> Score {
    let file = by_path
        .get(t.from.0.as_str())
        .unwrap_or_else(|| panic!("{}: no file {}", t.name, t.from.0));
    let starts = line_starts(&file.text);
    let line_start = starts[t.from.1 - 1];
    let line_end = starts.get(t.from.1).copied().unwrap_or(file.text.len());
    let column = file.text[line_start..line_end]
        .find(&t.text)
        .unwrap_or_else(|| {
            panic!(
                "{}: `{}` is not on {}:{}",
                t.name, t.text, t.from.0, t.from.1
            )
        });
    let view = FileView {
        doc: &file.doc,
        text: &file.text,
        cable: &file.cable,
        summary: &file.summary,
    };
    let found = navigate::references(&view, index, line_start + column, false);
    let docs: HashMap<&str, &File> = files.iter().map(|f| (f.doc.as_str(), f)).collect();
    let lines: BTreeSet<Line> = found
        .iter()
        .map(|l| {
            let f = docs[l.doc.as_str()];
            let starts = line_starts(&f.text);
            (
                f.path.clone(),
                starts.partition_point(|&s| s <= l.span.start),
            )
        })
        .collect();
    let covers = |(path, line): &Line, (p, a, b): &(String, usize, usize)| {
        path == p && (a..=b).contains(&line)
    };
    let wrong: Vec<Line> = lines
        .iter()
        .filter(|l| !t.mentions.iter().any(|m| covers(l, m)))
        .cloned()
        .collect();
    let missed: Vec<_> = t
        .mentions
        .iter()
        .filter(|m| !lines.iter().any(|l| covers(l, m)))
        .cloned()
        .collect();
    let ratio = |n: usize, of: usize| if of == 0 { 1.0 } else { n as f64 / of as f64 };
    Score {
        precision: ratio(lines.len() - wrong.len(), lines.len()),
        recall: ratio(t.mentions.len() - missed.len(), t.mentions.len()),
        found: lines.len(),
        wrong,
        missed,
    }
}

/// Measures every target of a label file, prints the scores, and returns
/// what is wrong: a target below the floors, with what it got wrong; or
/// one marked as falling short (`short:`) that no longer does.
fn run(file: &str, precision: f64, recall: f64) -> Vec<String> {
    let Some(files) = corpora() else {
        return Vec::new();
    };
    let index = index(&files);
    let by_path: HashMap<&str, &File> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut failing = Vec::new();
    println!("{file}: target, labelled, found, precision, recall");
    for t in targets(file) {
        for (path, first, last) in &t.mentions {
            let f = by_path
                .get(path.as_str())
                .unwrap_or_else(|| panic!("{}: no file {path}", t.name));
            assert!(
                first <= last && *last <= line_starts(&f.text).len(),
                "{}: {path}:{first}-{last}",
                t.name
            );
        }
        let s = measure(&files, &by_path, &index, &t);
        println!(
            "  {:<20} {:>4} {:>4}  {:.3}  {:.3}",
            t.name,
            t.mentions.len(),
            s.found,
            s.precision,
            s.recall
        );
        let below = s.precision < precision || s.recall < recall;
        match (&t.short, below) {
            (Some(why), true) => {
                println!("    KNOWN SHORTFALL: {why}");
                continue;
            }
            (Some(_), false) => {
                failing.push(format!(
                    "{}: reaches the floors now; remove its `short:` line",
                    t.name
                ));
                continue;
            }
            (None, _) => {}
        }
        if below {
            let show = |v: Vec<String>| v.into_iter().take(12).collect::<Vec<_>>().join(" ");
            failing.push(format!(
                "{}: precision {:.3}, recall {:.3}\n  not labelled: {}\n  missed: {}",
                t.name,
                s.precision,
                s.recall,
                show(s.wrong.iter().map(|(p, l)| format!("{p}:{l}")).collect()),
                show(
                    s.missed
                        .iter()
                        .map(|(p, a, b)| format!("{p}:{a}-{b}"))
                        .collect()
                ),
            ));
        }
    }
    failing
}

#[test]
fn people_are_found_with_their_mentions_and_no_one_else_s() {
    let failing = run("people.txt", 0.95, 0.90);
    assert!(failing.is_empty(), "{}", failing.join("\n"));
}

#[test]
fn places_and_organisations_are_found_in_every_spelling() {
    let failing = run("places.txt", 0.95, 0.90);
    assert!(failing.is_empty(), "{}", failing.join("\n"));
}

#[test]
fn cited_cables_are_found_with_every_citation() {
    let failing = run("cables.txt", 0.95, 0.90);
    assert!(failing.is_empty(), "{}", failing.join("\n"));
}

#[test]
fn tags_codes_are_found_in_every_tags_field() {
    let failing = run("tags.txt", 0.95, 0.90);
    assert!(failing.is_empty(), "{}", failing.join("\n"));
}
