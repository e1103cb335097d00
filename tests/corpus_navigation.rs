//! Navigation over both real corpora indexed as the server indexes them:
//! every file named by a canonical id is the first workspace symbol for
//! that id, and every REF item citing a cable of the corpora leads to it.
//! Skipped (with a message) where the corpora are not present.

mod common;

use std::collections::HashMap;

use cable_ls::ide::symbols::{SymbolKind, workspace_symbols};
use cable_ls::ide::{FileView, navigate};
use cable_ls::workspace::identity::id_of_file_name;
use common::corpora::{corpora, index};

#[test]
fn every_file_named_by_an_id_is_found_first_by_it() {
    let Some(files) = corpora() else { return };
    let index = index(&files);
    let mut named = 0;
    let mut wrong = Vec::new();
    for f in &files {
        let Some(id) = id_of_file_name(&f.name) else {
            continue;
        };
        named += 1;
        let found = workspace_symbols(&index, id);
        let first = found.first();
        let ok = first.is_some_and(|s| {
            s.kind == SymbolKind::Cable && s.name == id && s.location.doc == f.doc
        });
        if !ok {
            wrong.push(format!(
                "{}: {:?}",
                f.name,
                first.map(|s| (&s.name, &s.location.doc))
            ));
        }
    }
    assert!(named > 4000, "{named} files named by an id");
    assert!(
        wrong.is_empty(),
        "{} of {named} not found first:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_ref_item_citing_a_corpus_cable_leads_to_it() {
    let Some(files) = corpora() else { return };
    let index = index(&files);
    let by_id: HashMap<&str, &str> = files
        .iter()
        .filter_map(|f| Some((id_of_file_name(&f.name)?, f.doc.as_str())))
        .collect();
    let (mut cited, mut wrong) = (0, Vec::new());
    for f in &files {
        let view = FileView {
            doc: &f.doc,
            text: &f.text,
            cable: &f.cable,
            summary: &f.summary,
        };
        for (i, item) in f.cable.refs.iter().enumerate() {
            let Some(id) = view.cited(i) else { continue };
            let Some(&target) = by_id.get(id) else {
                continue;
            };
            if target == f.doc {
                continue;
            }
            cited += 1;
            let found = navigate::definition(&view, &index, item.span.start);
            if !found.iter().any(|l| l.doc == target) {
                wrong.push(format!("{} REF {id}: {found:?}", f.name));
            }
        }
    }
    assert!(cited > 100, "{cited} REF items cite corpus cables");
    assert!(
        wrong.is_empty(),
        "{} of {cited} REF items do not lead to their cable:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
