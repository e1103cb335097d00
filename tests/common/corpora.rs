//! The two real corpora (`../shared/corpus/cablegate` and `cablegate-b`),
//! read and summarised as the server indexes them, for the tests that
//! measure navigation over real cables.

use std::path::PathBuf;

use cable_ls::syntax::{Cable, parse};
use cable_ls::workspace::{Index, Summary, summarize_named};

/// One cable file of the corpora, read and summarised.
pub struct File {
    /// Its document key: `file:///CORPUS/NAME`.
    pub doc: String,
    /// Its path below `../shared/corpus`: `CORPUS/NAME`.
    pub path: String,
    /// Its file name.
    pub name: String,
    pub text: String,
    pub cable: Cable,
    pub summary: Summary,
}

/// The two corpora's names, folders of `../shared/corpus`.
pub const NAMES: [&str; 2] = ["cablegate", "cablegate-b"];

/// The files of one corpus, in order, or `None` when it is not present.
pub fn paths(corpus: &str) -> Option<Vec<PathBuf>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(corpus);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    Some(paths)
}

/// Both corpora, or `None` (after saying so) when either is absent.
pub fn corpora() -> Option<Vec<File>> {
    let mut files = Vec::new();
    for corpus in NAMES {
        let Some(paths) = paths(corpus) else {
            super::skipped(&format!("../shared/corpus/{corpus} is not present"));
            return None;
        };
        for path in paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            let cable = parse(&text);
            let summary = summarize_named(Some(&name), &text, &cable);
            files.push(File {
                doc: format!("file:///{corpus}/{name}"),
                path: format!("{corpus}/{name}"),
                name,
                text,
                cable,
                summary,
            });
        }
    }
    Some(files)
}

/// The index of all the files.
pub fn index(files: &[File]) -> Index {
    let mut index = Index::default();
    for f in files {
        index.upsert(&f.doc, f.summary.clone(), false);
    }
    index
}
