//! Go to definition, find references and document highlights.

use super::name_search::NameSearch;
use super::target::{Target, body_ref_items, target_at};
use super::{FileView, Location};
use crate::syntax::Span;
use crate::workspace::{FileId, Index, Summary};

/// What a reference search looks for.
enum Key {
    /// A cable, by canonical id: its banner, and the REF items citing it.
    Cable(String),
    /// A name: the person, place or organisation meant.
    Name(NameSearch),
    /// A TAGS code.
    Tag(String),
}

/// The key of the element at `offset`, if references make sense there.
fn key_at(file: &FileView, offset: usize) -> Option<Key> {
    let target = target_at(file.text, file.cable, file.summary, offset)?;
    Some(match target {
        Target::OwnId(_) => Key::Cable(file.summary.id.clone()?),
        Target::Ref { index } => Key::Cable(file.cited(index)?.to_string()),
        Target::BodyRef { letter, .. } => {
            let items = body_ref_items(file.cable, letter);
            Key::Cable(file.cited(*items.first()?)?.to_string())
        }
        Target::Name(m) => Key::Name(NameSearch::for_mention(&m, &file.summary.mentions)),
        Target::Tag { code, .. } => Key::Tag(code),
        _ => return None,
    })
}

/// The places in one summary that match a key. Declarations are the
/// banner of the cable with that id.
fn places(summary: &Summary, key: &Key, declarations: bool) -> Vec<Span> {
    let mut out = Vec::new();
    match key {
        Key::Cable(id) => {
            if declarations && summary.id.as_deref() == Some(id.as_str()) {
                out.extend(summary.banner);
            }
            out.extend(
                summary
                    .citations
                    .iter()
                    .filter(|c| c.id == *id)
                    .map(|c| c.span),
            );
        }
        Key::Name(search) => out.extend(search.in_cable(&summary.mentions).iter().map(|m| m.span)),
        Key::Tag(code) => out.extend(
            summary
                .tags
                .iter()
                .filter(|(t, _)| t == code)
                .map(|(_, s)| *s),
        ),
    }
    out
}

/// Files of the index that may hold places for a key.
fn candidate_files(index: &Index, key: &Key) -> Vec<FileId> {
    let mut files: Vec<FileId> = match key {
        Key::Cable(id) => index
            .citing(id)
            .iter()
            .chain(index.with_id(id))
            .copied()
            .collect(),
        Key::Name(search) => search.files(index),
        Key::Tag(code) => index.tagged(code).to_vec(),
    };
    files.sort_unstable();
    files.dedup();
    files
}

/// The places matching `key` in the workspace, the open file read from
/// its live summary, sorted by document and position: the open file's,
/// then other files' in index order until there are `limit`. Also whether
/// the limit left some out.
fn search(
    file: &FileView,
    index: &Index,
    key: &Key,
    declarations: bool,
    limit: usize,
) -> (Vec<Location>, bool) {
    let mut out: Vec<Location> = places(file.summary, key, declarations)
        .into_iter()
        .map(|span| Location {
            doc: file.doc.to_string(),
            span,
        })
        .collect();
    let mut cut = false;
    for f in candidate_files(index, key) {
        if out.len() >= limit {
            cut = true;
            break;
        }
        let Some(entry) = index.entry(f) else {
            continue;
        };
        if entry.doc == file.doc {
            continue;
        }
        out.extend(
            places(&entry.summary, key, declarations)
                .into_iter()
                .map(|span| Location {
                    doc: entry.doc.clone(),
                    span,
                }),
        );
    }
    cut |= out.len() > limit;
    out.truncate(limit);
    out.sort();
    out.dedup();
    (out, cut)
}

/// Where the element at `offset` is defined: for a REF item, `reftel` or
/// `REF A`, the cited cable's banner (its start, when the banner is lost);
/// when that cable is not in the
/// workspace, a body reference leads to its REF item instead.
pub fn definition(file: &FileView, index: &Index, offset: usize) -> Vec<Location> {
    let Some(target) = target_at(file.text, file.cable, file.summary, offset) else {
        return Vec::new();
    };
    let (items, from_body) = match target {
        Target::Ref { index } => (vec![index], false),
        Target::BodyRef { letter, .. } => (body_ref_items(file.cable, letter), true),
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for i in items {
        let item = &file.cable.refs[i];
        let banners: Vec<Location> = file
            .cited(i)
            .iter()
            .flat_map(|id| index.with_id(id))
            .filter_map(|&f| {
                let e = index.entry(f)?;
                // A cable whose banner is lost is still there: its start.
                Some(Location {
                    doc: e.doc.clone(),
                    span: e.summary.banner.unwrap_or_default(),
                })
            })
            .collect();
        if banners.is_empty() && from_body {
            out.push(Location {
                doc: file.doc.to_string(),
                span: item.span,
            });
        }
        out.extend(banners);
    }
    out.sort();
    out.dedup();
    out
}

/// Every reference to the element at `offset` across the workspace. With
/// `include_declaration`, a cable's banner is included.
pub fn references(
    file: &FileView,
    index: &Index,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    references_up_to(file, index, offset, include_declaration, usize::MAX).0
}

/// The limit on references a request lists unless the user sets another
/// (`limits.maxReferences`).
pub const DEFAULT_REFERENCE_LIMIT: usize = 5_000;

/// [`references`], at most `limit` of them: the open cable's, then other
/// files' in index order, so a name that every cable mentions is not
/// looked for in every cable. Also whether the limit left some out.
pub fn references_up_to(
    file: &FileView,
    index: &Index,
    offset: usize,
    include_declaration: bool,
    limit: usize,
) -> (Vec<Location>, bool) {
    match key_at(file, offset) {
        Some(key) => search(file, index, &key, include_declaration, limit),
        None => (Vec::new(), false),
    }
}

/// The places in the open cable matching the element at `offset`.
pub fn highlights(file: &FileView, offset: usize) -> Vec<Span> {
    let Some(key) = key_at(file, offset) else {
        return Vec::new();
    };
    let mut spans = places(file.summary, &key, true);
    spans.sort();
    spans.dedup();
    spans
}
