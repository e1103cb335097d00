//! Finding the cable files under the paths given on the command line or
//! opened as workspace folders.
//!
//! A walked `.txt` file is a cable only if its start looks like one. That
//! is decided by whoever reads the file anyway ([`Found::accepts`]), so a
//! folder of a quarter of a million cables is read once, not twice.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::syntax::looks_like_cable;

/// How many bytes of a `.txt` file decide whether it is a cable.
const SNIFFED_BYTES: u64 = 16 * 1024;

/// A file that is, or may be, a cable.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    /// Where it is.
    pub path: PathBuf,
    /// Whether its text must still show that it is a cable (a `.txt` file
    /// found by walking a folder).
    pub sniff: bool,
}

impl Found {
    /// Whether the file, whose text is `text`, is a cable.
    pub fn accepts(&self, text: &str) -> bool {
        !self.sniff || looks_like_cable(text)
    }
}

/// Whether a file found while walking a folder is a cable: `.cable`, or a
/// `.txt` whose start looks like one (only that start is read).
pub fn is_cable_file(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("cable") => true,
        Some("txt") => {
            let mut head = Vec::new();
            std::fs::File::open(path)
                .and_then(|f| f.take(SNIFFED_BYTES).read_to_end(&mut head))
                .is_ok_and(|_| looks_like_cable(&String::from_utf8_lossy(&head)))
        }
        _ => false,
    }
}

/// Files named directly are taken as they are; folders are walked
/// (honouring `.gitignore` and `.ignore`) for `.cable` and `.txt` files,
/// the latter to be sniffed. The result is sorted and without duplicates.
/// Unreadable entries are reported in `problems`.
pub fn discover(paths: &[PathBuf], problems: &mut Vec<String>) -> Vec<Found> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(Found {
                path: path.clone(),
                sniff: false,
            });
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
                    let sniff = match p.extension().and_then(|e| e.to_str()) {
                        Some("cable") => false,
                        Some("txt") => true,
                        _ => continue,
                    };
                    if entry.file_type().is_some_and(|t| t.is_file()) {
                        files.push(Found {
                            path: p.to_path_buf(),
                            sniff,
                        });
                    }
                }
                Err(e) => problems.push(e.to_string()),
            }
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    files
}
