//! Reference tables shipped with the binary: TAGS meanings, stations and
//! routing indicators (copied from the project's `data/` folder, sources in
//! `data/SOURCES.md`). Parsed once, on first use.

use std::collections::HashMap;
use std::sync::LazyLock;

/// What kind of TAGS code a row describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagKind {
    /// Four-letter subject tag (`PREL`).
    Subject,
    /// `K` program tag (`KDEM`).
    Program,
    /// Two-letter geographic tag (`TI`).
    Geographic,
    /// Organisation tag (`NATO`).
    Organization,
}

/// One row of `tags.tsv`.
#[derive(Clone, Debug)]
pub struct TagInfo {
    /// The code.
    pub code: &'static str,
    /// Its kind.
    pub kind: TagKind,
    /// Its meaning, empty when unknown.
    pub meaning: &'static str,
    /// How many cables of the reference corpus carry it.
    pub usage: u32,
}

const TAGS_TSV: &str = include_str!("../data/tags.tsv");
const STATIONS_TSV: &str = include_str!("../data/stations.tsv");
const ROUTING_TSV: &str = include_str!("../data/routing.tsv");

/// Rows of a TSV file without its header row.
fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines().skip(1).map(|line| line.split('\t').collect())
}

static TAGS: LazyLock<HashMap<&'static str, Vec<TagInfo>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<TagInfo>> = HashMap::new();
    for row in rows(TAGS_TSV) {
        let [code, kind, meaning, _source, usage, ..] = row[..] else {
            continue;
        };
        let kind = match kind {
            "subject" => TagKind::Subject,
            "program" => TagKind::Program,
            "geographic" => TagKind::Geographic,
            _ => TagKind::Organization,
        };
        let usage = usage.trim().parse().unwrap_or(0);
        map.entry(code).or_default().push(TagInfo {
            code,
            kind,
            meaning,
            usage,
        });
    }
    map
});

/// The rows for a TAGS code (a code may have several kinds).
pub fn tag(code: &str) -> &'static [TagInfo] {
    TAGS.get(code).map(Vec::as_slice).unwrap_or(&[])
}

/// Every known TAGS code.
pub fn tag_codes() -> impl Iterator<Item = &'static str> {
    TAGS.keys().copied()
}

static STATIONS: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for row in rows(STATIONS_TSV) {
        let [station, banner, ..] = row[..] else {
            continue;
        };
        map.insert(station.to_string(), station);
        if !banner.is_empty() {
            map.insert(compact(banner), station);
        }
    }
    for (alias, station) in [("SECSTATE", "STATE"), ("USUN", "USUNNEWYORK")] {
        map.entry(alias.to_string()).or_insert(station);
    }
    map
});

/// Upper-cases and removes spaces: `Sao Paulo` → `SAOPAULO`.
pub fn compact(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The canonical station for a post name as written (`SAO PAULO`,
/// `SECSTATE`), when the name is a known post.
pub fn station(name: &str) -> Option<&'static str> {
    STATIONS.get(&compact(name)).copied()
}

/// The post as it appears in canonical ids: the known station when there is
/// one, else the name compacted.
pub fn canonical_post(name: &str) -> String {
    station(name).map_or_else(|| compact(name), str::to_string)
}

static ROUTING: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for row in rows(ROUTING_TSV) {
        if let [ri, addressee, ..] = row[..] {
            map.entry(ri).or_default().push(addressee);
        }
    }
    map
});

/// The addressees the built-in table knows for a routing indicator.
pub fn routing_addressees(ri: &str) -> &'static [&'static str] {
    ROUTING.get(ri).map(Vec::as_slice).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load() {
        assert_eq!(tag("PREL")[0].kind, TagKind::Subject);
        assert_eq!(tag("TI")[0].meaning, "Tajikistan");
        assert!(tag("ZZZZ").is_empty());
        assert_eq!(station("Sao Paulo"), Some("SAOPAULO"));
        assert_eq!(canonical_post("SECSTATE"), "STATE");
        assert_eq!(canonical_post("NEW DELHI"), "NEWDELHI");
        assert!(
            routing_addressees("RUEHC")
                .iter()
                .any(|a| a.contains("SECSTATE"))
        );
    }
}
