//! `cable-ls check`: diagnostics for files and folders, for people and CI.

use std::io::Write;
use std::path::PathBuf;

use super::Format;
use super::render::{FileReport, render_human, render_json};
use crate::analysis::{Severity, decode, diagnose};
use crate::syntax::parse;
use crate::workspace::discover::discover;

/// Checks `paths`, prints the report to `out`, and returns the exit code:
/// 1 when an error-severity diagnostic was found or a path failed, else 0.
pub fn run(paths: &[PathBuf], format: Format, out: &mut impl Write) -> std::io::Result<i32> {
    let mut problems = Vec::new();
    let files = discover(paths, &mut problems);
    let mut reports = Vec::with_capacity(files.len());
    for path in files {
        match std::fs::read(&path) {
            Ok(bytes) => {
                let (text, invalid) = decode(&bytes);
                let cable = parse(&text);
                let mut diagnostics = diagnose(&text, &cable);
                diagnostics.splice(0..0, invalid);
                reports.push(FileReport {
                    path,
                    text,
                    diagnostics,
                });
            }
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    match format {
        Format::Human => render_human(&reports, &problems, out)?,
        Format::Json => render_json(&reports, &problems, out)?,
    }
    let errors = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity == Severity::Error);
    Ok(i32::from(errors || !problems.is_empty()))
}
