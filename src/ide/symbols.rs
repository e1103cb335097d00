//! The outline of a cable and the workspace-wide symbol search.

use super::Location;
use crate::semantics::names::body_start;
use crate::syntax::{BlockKind, Cable, Span};
use crate::workspace::{FileId, Index};

/// What a symbol stands for (mapped to LSP symbol kinds at the edge).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// The cable itself.
    Cable,
    /// The transmission header or a header field.
    Field,
    /// A REF item.
    Reference,
    /// A section heading.
    Section,
    /// A numbered paragraph.
    Paragraph,
    /// A summary, comment or note block.
    Block,
    /// A person, organisation or place.
    Name,
}

/// One entry of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// What the reader sees.
    pub name: String,
    /// A second line.
    pub detail: Option<String>,
    /// Its kind.
    pub kind: SymbolKind,
    /// The whole element.
    pub span: Span,
    /// The identifying text within it.
    pub selection: Span,
    /// Nested entries.
    pub children: Vec<Symbol>,
}

/// The words of `text` on one line, cut to `limit` characters with `…`
/// when longer. Reads only as many words as it keeps: a paragraph's first
/// words, not the whole paragraph.
fn squeeze(text: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word.chars().count();
        if chars > limit {
            let cut: String = out.chars().take(limit).collect();
            return format!("{}…", cut.trim_end());
        }
    }
    out
}

fn leaf(name: String, detail: Option<String>, kind: SymbolKind, span: Span) -> Symbol {
    Symbol {
        name,
        detail,
        kind,
        span,
        selection: span,
        children: Vec::new(),
    }
}

/// The outline: the cable (id and subject) → header fields (REF items
/// inside REF) → summary and section headings → paragraphs → notes and
/// comments. The cable is named by `id`, its canonical id (see
/// [`crate::workspace::identity`]: the file's name when it is one), else by
/// the text's.
pub fn document_symbols(text: &str, cable: &Cable, id: Option<&str>) -> Vec<Symbol> {
    let mut header = Vec::new();
    if let Some(t) = &cable.transmission {
        let detail = t.dtg.as_ref().map(|d| squeeze(d.span.text(text), 40));
        header.push(leaf(
            "Transmission header".into(),
            detail,
            SymbolKind::Field,
            t.span,
        ));
    }
    if let Some(b) = &cable.banner {
        header.push(leaf(
            squeeze(b.span.text(text), 80),
            None,
            SymbolKind::Field,
            b.span,
        ));
    }
    if let Some(eo) = &cable.eo {
        header.push(leaf(
            "E.O.".into(),
            Some(squeeze(eo.span.text(text), 60)),
            SymbolKind::Field,
            eo.span,
        ));
    }
    if let Some(tags) = &cable.tags {
        let codes: Vec<&str> = tags.items.iter().map(|i| i.code.as_str()).collect();
        let mut s = leaf(
            "TAGS".into(),
            Some(codes.join(" ")),
            SymbolKind::Field,
            tags.span,
        );
        s.selection = tags.keyword;
        header.push(s);
    }
    if let Some(subject) = &cable.subject {
        header.push(leaf(
            "SUBJECT".into(),
            Some(squeeze(subject.span.text(text), 80)),
            SymbolKind::Field,
            subject.span,
        ));
    }
    if let Some(field) = cable.ref_field {
        let children = cable
            .refs
            .iter()
            .map(|r| {
                let label = r
                    .letter
                    .as_ref()
                    .map_or("REF".to_string(), |l| format!("REF {}", l.value));
                let detail = r
                    .cable
                    .as_ref()
                    .map_or_else(|| squeeze(r.span.text(text), 60), |c| c.id.clone());
                leaf(label, Some(detail), SymbolKind::Reference, r.span)
            })
            .collect();
        header.push(Symbol {
            name: "REF".into(),
            detail: Some(format!(
                "{} item{}",
                cable.refs.len(),
                if cable.refs.len() == 1 { "" } else { "s" }
            )),
            kind: SymbolKind::Field,
            span: field,
            selection: field,
            children,
        });
    }
    if let Some(c) = &cable.classified_by {
        header.push(leaf(
            "CLASSIFIED BY".into(),
            c.authority.map(|a| squeeze(a.text(text), 60)),
            SymbolKind::Field,
            c.span,
        ));
    }
    let body = body_symbols(text, cable);
    let mut children = header;
    children.extend(body);
    let whole = Span::new(0, text.len());
    let name = id
        .or(cable.id.as_ref().map(|i| i.id.as_str()))
        .unwrap_or("Cable")
        .to_string();
    let detail = cable
        .subject
        .as_ref()
        .map(|s| squeeze(s.span.text(text), 80));
    let selection = cable.banner.as_ref().map_or(Span::new(0, 0), |b| b.span);
    vec![Symbol {
        name,
        detail,
        kind: SymbolKind::Cable,
        span: whole,
        selection,
        children,
    }]
}

fn block_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Summary => "Summary",
        BlockKind::Comment => "Comment",
        BlockKind::Note => "Note",
    }
}

/// Headings own the paragraphs up to the next heading; paragraphs own the
/// blocks that start inside them; blocks outside paragraphs stand alone.
fn body_symbols(text: &str, cable: &Cable) -> Vec<Symbol> {
    let start = body_start(cable);
    let blocks: Vec<Symbol> = cable
        .blocks
        .iter()
        .filter(|b| b.span.start >= start)
        .map(|b| {
            let mut s = leaf(
                block_name(b.kind).into(),
                Some(squeeze(b.span.text(text), 60)),
                SymbolKind::Block,
                b.span,
            );
            s.selection = b.opener;
            s
        })
        .collect();
    let mut used = vec![false; blocks.len()];
    // The blocks by where they start, so each paragraph finds those
    // starting inside it by binary search (a 5 MB document has thousands
    // of both).
    let mut by_start: Vec<usize> = (0..blocks.len()).collect();
    by_start.sort_by_key(|&i| blocks[i].span.start);
    let mut paragraphs: Vec<Symbol> = Vec::new();
    for p in &cable.paragraphs {
        let mark = p
            .mark
            .as_ref()
            .map(|m| format!(" ({})", m.text))
            .unwrap_or_default();
        let first_words = text.get(p.number_span.end..p.span.end).unwrap_or("");
        let first_words = first_words
            .trim_start()
            .strip_prefix(p.mark.as_ref().map_or("", |m| m.span.text(text)))
            .unwrap_or(first_words);
        let mut s = leaf(
            format!("¶{}{mark}", p.label()),
            Some(squeeze(first_words, 60)),
            SymbolKind::Paragraph,
            p.span,
        );
        s.selection = p.number_span;
        let from = by_start.partition_point(|&i| blocks[i].span.start < p.span.start);
        let mut inside: Vec<usize> = by_start[from..]
            .iter()
            .copied()
            .take_while(|&i| blocks[i].span.start < p.span.end)
            .filter(|&i| !used[i])
            .collect();
        inside.sort_unstable();
        for i in inside {
            used[i] = true;
            let mut b = blocks[i].clone();
            b.span.end = b.span.end.min(p.span.end);
            s.children.push(b);
        }
        paragraphs.push(s);
    }
    let mut top: Vec<Symbol> = blocks
        .into_iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(b, _)| b)
        .collect();
    // Group paragraphs under the heading before them.
    let mut current: Option<Symbol> = None;
    let mut headings = cable
        .headings
        .iter()
        .filter(|h| h.start >= start)
        .peekable();
    for p in paragraphs {
        while let Some(h) = headings.next_if(|h| h.start <= p.span.start) {
            if let Some(done) = current.take() {
                top.push(done);
            }
            current = Some(leaf(
                squeeze(h.text(text), 80),
                None,
                SymbolKind::Section,
                *h,
            ));
        }
        match &mut current {
            Some(section) => {
                section.span.end = section.span.end.max(p.span.end);
                section.children.push(p);
            }
            None => top.push(p),
        }
    }
    top.extend(current);
    for h in headings {
        top.push(leaf(
            squeeze(h.text(text), 80),
            None,
            SymbolKind::Section,
            *h,
        ));
    }
    top.sort_by_key(|s| s.span.start);
    top
}

/// A workspace symbol: a name, what it is, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    /// The name.
    pub name: String,
    /// What it is.
    pub kind: SymbolKind,
    /// A second line (the subject, or the cable a name is in).
    pub detail: Option<String>,
    /// Where.
    pub location: Location,
}

/// Most results a workspace symbol query returns. When more match, a last
/// entry says so (the protocol has no word for a cut list).
pub const WORKSPACE_SYMBOL_LIMIT: usize = 256;

/// A cable id as a query may write it: the canonical id (`09MOSCOW105`),
/// or a REF item's form (`MOSCOW 1111`, `CAIRO47`, `07 ISLAMABAD 1852`,
/// `2007 NEW DELHI 0042`). Gives the two-digit year when written, and the
/// post and serial as the canonical id writes them.
fn id_query(query: &str) -> Option<(Option<String>, String)> {
    let query = query.trim();
    let digits_at_end = query.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (head, serial) = query.split_at(query.len() - digits_at_end);
    let serial: u32 = serial.parse().ok()?;
    let head = head.trim_end();
    let year_len = head.bytes().take_while(u8::is_ascii_digit).count();
    let (year, post) = head.split_at(year_len);
    let year = match year_len {
        0 => None,
        2 | 4 => Some(year[year_len - 2..].to_string()),
        _ => return None,
    };
    let post = post.trim_start();
    let letters = |c: char| c.is_ascii_alphabetic() || c == ' ';
    if post.is_empty() || !post.chars().all(letters) {
        return None;
    }
    let post = crate::reference::canonical_post(&post.to_ascii_uppercase());
    Some((year, format!("{post}{serial}")))
}

/// The two-digit years, most recent first (the collection spans 1966–2010).
fn years_newest_first() -> impl Iterator<Item = String> {
    (0..=40)
        .rev()
        .chain((41..100).rev())
        .map(|y| format!("{y:02}"))
}

/// Cables whose id is the query (in either form), then those whose id
/// starts with it, then those whose subject holds every query word, then
/// names starting with the query: the name the query spells first, then
/// names by how many cables mention them.
pub fn workspace_symbols(index: &Index, query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.trim();
    let mut out = Vec::new();
    let mut cut = false;
    let mut seen: Vec<FileId> = Vec::new();
    let mut cable = |file: FileId, out: &mut Vec<WorkspaceSymbol>, cut: &mut bool| {
        if seen.contains(&file) {
            return;
        }
        let Some(entry) = index.entry(file) else {
            return;
        };
        let s = &entry.summary;
        if let Some(id) = &s.id {
            if out.len() >= WORKSPACE_SYMBOL_LIMIT {
                *cut = true;
                return;
            }
            seen.push(file);
            out.push(WorkspaceSymbol {
                name: id.clone(),
                kind: SymbolKind::Cable,
                detail: s.subject.clone(),
                location: Location {
                    doc: entry.doc.clone(),
                    span: s.banner.unwrap_or_default(),
                },
            });
        }
    };
    // The cable the query names, in any year when it gives none.
    if let Some((year, rest)) = id_query(query) {
        let ids: Vec<String> = match year {
            Some(y) => vec![format!("{y}{rest}")],
            None => years_newest_first().map(|y| format!("{y}{rest}")).collect(),
        };
        for id in ids {
            for &file in index.with_id(&id) {
                cable(file, &mut out, &mut cut);
            }
        }
    }
    // Cables by id prefix (ids are upper case), from the sorted id list.
    let upper = query.to_uppercase();
    'ids: for (_, files) in index.ids_with_prefix(&upper) {
        for &file in files {
            cable(file, &mut out, &mut cut);
            if cut {
                break 'ids;
            }
        }
    }
    // Cables whose subject has a word starting with each word of the
    // query, from the subject words' sorted list.
    let words: Vec<&str> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if !words.is_empty() && !cut {
        for file in index.subjects_with_words(&words) {
            cable(file, &mut out, &mut cut);
            if cut {
                break;
            }
        }
    }
    // Names by prefix of their normalised key, from the sorted name list:
    // the query itself first, then the names more cables mention.
    if query.chars().count() >= 2 && !cut {
        let lower = query.to_lowercase();
        let mut keys: Vec<(&str, &[FileId])> = index.names_with_prefix(&lower).collect();
        keys.sort_by(|a, b| {
            (b.0 == lower)
                .cmp(&(a.0 == lower))
                .then(b.1.len().cmp(&a.1.len()))
                .then(a.0.cmp(b.0))
        });
        'names: for (key, files) in keys {
            for &file in files {
                let Some(entry) = index.entry(file) else {
                    continue;
                };
                let Some(m) = entry.summary.mentions.first(key) else {
                    continue;
                };
                if out.len() >= WORKSPACE_SYMBOL_LIMIT {
                    cut = true;
                    break 'names;
                }
                out.push(WorkspaceSymbol {
                    name: super::name_search::display(m.key),
                    kind: SymbolKind::Name,
                    detail: entry.summary.id.clone(),
                    location: Location {
                        doc: entry.doc.clone(),
                        span: m.span,
                    },
                });
            }
        }
    }
    if cut && let Some(last) = out.last() {
        let location = last.location.clone();
        out.push(WorkspaceSymbol {
            name: format!(
                "… more than {WORKSPACE_SYMBOL_LIMIT} results: type more of the id or name"
            ),
            kind: SymbolKind::Field,
            detail: None,
            location,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// Squeezing word by word gives what squeezing the whole text and
        /// then cutting it gives.
        #[test]
        fn squeezing_stops_early_with_the_same_result(
            text in "([ \t\n\u{a0}]|[a-z]{1,4}|é|¶){0,30}",
            limit in 0usize..20,
        ) {
            let words = crate::text::squeeze_spaces(&text);
            let whole = if words.chars().count() > limit {
                format!("{}…", words.chars().take(limit).collect::<String>().trim_end())
            } else {
                words
            };
            proptest::prop_assert_eq!(super::squeeze(&text, limit), whole);
        }
    }
}
