//! Finding the cable files under the paths given on the command line.

use std::path::{Path, PathBuf};

use crate::syntax::looks_like_cable;

/// Whether a file found while walking a folder is a cable: `.cable`, or a
/// `.txt` whose start looks like one.
pub fn is_cable_file(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("cable") => true,
        Some("txt") => std::fs::read(path)
            .map(|bytes| {
                let head = &bytes[..bytes.len().min(16 * 1024)];
                looks_like_cable(&String::from_utf8_lossy(head))
            })
            .unwrap_or(false),
        _ => false,
    }
}

/// Files named directly are taken as they are; folders are walked
/// (honouring `.gitignore` and `.ignore`) for cable files. The result is
/// sorted and without duplicates. Unreadable entries are reported in
/// `problems`.
pub fn discover(paths: &[PathBuf], problems: &mut Vec<String>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        if !path.exists() {
            problems.push(format!("{}: no such file or folder", path.display()));
            continue;
        }
        for entry in ignore::WalkBuilder::new(path).follow_links(false).build() {
            match entry {
                Ok(entry) => {
                    let p = entry.path();
                    if entry.file_type().is_some_and(|t| t.is_file()) && is_cable_file(p) {
                        files.push(p.to_path_buf());
                    }
                }
                Err(e) => problems.push(e.to_string()),
            }
        }
    }
    files.sort();
    files.dedup();
    files
}
