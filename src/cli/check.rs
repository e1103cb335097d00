//! `cable-ls check`: diagnostics for files and folders, for people and CI.

use std::io::Write;
use std::path::PathBuf;

use rayon::prelude::*;

use super::Format;
use super::render::{FileReport, PassedOver, Renderer};
use crate::analysis::{decode, diagnose};
use crate::syntax::parse;
use crate::workspace::discover::{Found, discover};

/// Checks `paths`, prints the report to `out` and the paths that could
/// not be read to `err`, and returns the exit code: 1 when an
/// error-severity diagnostic was found or a path failed, else 0.
pub fn run(
    paths: &[PathBuf],
    format: Format,
    out: &mut impl Write,
    err: &mut impl Write,
) -> std::io::Result<i32> {
    let mut problems = Vec::new();
    let found = discover(paths, &mut problems);
    let mut passed = PassedOver {
        not_cables: 0,
        other_names: found.other_names,
    };
    let mut renderer = Renderer::new(out, format)?;
    // Files are checked on every core, a batch at a time, and printed in
    // order; only one batch of texts is held at once.
    for batch in found.files.chunks(BATCH) {
        let results: Vec<Result<Option<FileReport>, String>> =
            batch.par_iter().map(check_file).collect();
        for result in results {
            match result {
                Ok(Some(report)) => renderer.file(&report)?,
                Ok(None) => passed.not_cables += 1,
                Err(problem) => problems.push(problem),
            }
        }
    }
    let failed = renderer.saw_errors() || !problems.is_empty();
    for p in &problems {
        writeln!(err, "error: {p}")?;
    }
    err.flush()?;
    renderer.finish(&problems, passed)?;
    Ok(i32::from(failed))
}

/// Files checked in parallel before their reports are printed.
const BATCH: usize = 256;

/// The report on one file; `None` for a `.txt` file that is not a cable.
fn check_file(found: &Found) -> Result<Option<FileReport>, String> {
    let path = &found.path;
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (text, invalid) = decode(bytes);
    if !found.accepts(&text) {
        return Ok(None);
    }
    let cable = parse(&text);
    let mut diagnostics = diagnose(&text, &cable);
    diagnostics.splice(0..0, invalid);
    Ok(Some(FileReport {
        path: path.clone(),
        text,
        diagnostics,
    }))
}
