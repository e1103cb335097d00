//! Finding the cable files under the paths given on the command line or
//! opened as workspace folders.
//!
//! A walked `.txt` file is a cable only if its start looks like one. That
//! is decided by whoever reads the file anyway ([`Found::accepts`], which
//! looks at its first 16 KB), so a folder of a quarter of a million cables
//! is read once, not twice.

use std::path::{Path, PathBuf};

use crate::syntax::looks_like_cable;

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

    /// A file met in a folder: a `.cable`, or a `.txt` to sniff; `None`
    /// for any other name.
    pub fn in_folder(path: &Path) -> Option<Found> {
        let sniff = match path.extension().and_then(|e| e.to_str()) {
            Some("cable") => false,
            Some("txt") => true,
            _ => return None,
        };
        Some(Found {
            path: path.to_path_buf(),
            sniff,
        })
    }
}

/// What [`discover`] found.
#[derive(Debug, Default)]
pub struct Discovered {
    /// The files that are, or may be, cables: sorted, without duplicates.
    pub files: Vec<Found>,
    /// How many files met in the folders were passed over for their name
    /// (neither `.cable` nor `.txt`).
    pub other_names: usize,
}

/// Files named directly are taken as they are; folders are walked
/// (honouring `.gitignore` and `.ignore`) for `.cable` and `.txt` files,
/// the latter to be sniffed. Unreadable entries are reported in
/// `problems`.
pub fn discover(paths: &[PathBuf], problems: &mut Vec<String>) -> Discovered {
    let mut files = Vec::new();
    let mut other_names = 0;
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
        // Each folder's entries by name: the walk then yields paths in
        // order, and the sort below finds them sorted (comparing paths
        // component by component is slow for a few hundred thousand).
        let walk = ignore::WalkBuilder::new(path)
            .follow_links(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walk {
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|t| t.is_file()) {
                        match Found::in_folder(entry.path()) {
                            Some(found) => files.push(found),
                            None => other_names += 1,
                        }
                    }
                }
                Err(e) => problems.push(e.to_string()),
            }
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    Discovered { files, other_names }
}
