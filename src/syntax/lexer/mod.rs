//! The per-line lexer: one line of text in, its shape and inline items out,
//! with spans relative to the line start.
//!
//! Lexing is context-free: a line lexes the same wherever it sits, so an
//! edit only re-lexes the lines it touches. Deciding what a line *means*
//! (a `TO` line in the transmission header versus prose) is the assembler's
//! job.

pub(super) mod lex_body;
pub(super) mod lex_fields;
pub(super) mod lex_header;

use super::line::{Item, LexedLine, Shape};
use super::line_scan::LineScan;
use super::model::*;
use super::residue::{self, Residue, ResidueKind};
use super::shift::Shift;
use lex_body::lex_body;
use lex_fields::lex_fields;
use lex_header::{lex_shape, line_end, page_marks};

/// Lexes one line. `line` may include its terminator (`\n`, `\r\n`, `\r`).
pub fn lex_line(line: &str) -> LexedLine {
    lex_scanned(line, LineScan::of)
}

/// Lexes every line of a text. Keyword literals are searched for once over
/// the whole text, which is much cheaper than a search per line.
pub fn lex_lines(text: &str) -> Vec<LexedLine> {
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let mut hints = LineScan::hint_offsets(text).peekable();
    let mut end = 0;
    for line in split_lines(text) {
        end += line.len();
        let mut hinted = false;
        while hints.next_if(|&at| at < end).is_some() {
            hinted = true;
        }
        lines.push(lex_scanned(line, |content| {
            LineScan::with_hints(content, hinted)
        }));
    }
    lines
}

/// Lexes one line, given how to scan its content.
fn lex_scanned(line: &str, scan: impl FnOnce(&str) -> LineScan) -> LexedLine {
    let content = line.trim_end_matches(['\n', '\r']);
    let reading = residue::read(content);
    let text = &content[reading.start..reading.end];
    let scan = scan(text);
    let (mut shape, mut items) = match lost_break(text, &scan) {
        // A banner run onto the line starts the line that followed (an
        // export's header and text fields): the line's shape is its first
        // part's.
        Some(at) => {
            let first = &text[..at];
            let (shape, mut items) = lex_text(first, &LineScan::with_hints(first, scan.hints()));
            let rest = &text[at..];
            let mut more = lex_items(rest, &LineScan::with_hints(rest, scan.hints()));
            more.shift_by(at);
            items.append(&mut more);
            (shape, items)
        }
        None => lex_text(text, &scan),
    };
    if reading.start > 0 {
        shape.shift_by(reading.start);
        items.shift_by(reading.start);
    }
    let mut residue: Vec<Residue> = reading.prefix.into_iter().collect();
    if let Some(span) = reading.line_end {
        residue.push(Residue {
            kind: ResidueKind::LineEnd,
            span,
        });
    }
    let (ending, trailing_number) = line_end(text, &shape);
    let shift = |mut n: Field<u32>| {
        n.span.shift_by(reading.start);
        n
    };
    LexedLine {
        len: line.len(),
        content_len: reading.end,
        shape,
        items,
        residue,
        ending,
        trailing_number: trailing_number.map(shift),
    }
}

/// A line's shape and items.
fn lex_text(text: &str, scan: &LineScan) -> (Shape, Vec<Item>) {
    let mut items = lex_items(text, scan);
    let shape = lex_shape(text, scan, &items);
    if let Shape::Text(_) = shape
        && scan.may_have_digit()
        && text.contains(" OF ")
    {
        for page in page_marks(text) {
            let at = items.partition_point(|i| item_start(i) <= page.span.start);
            items.insert(at, Item::PageBreak(page));
        }
    }
    (shape, items)
}

/// A line's items, in order.
fn lex_items(text: &str, scan: &LineScan) -> Vec<Item> {
    let mut items = Vec::new();
    lex_fields(text, scan, &mut items);
    lex_body(text, scan, &mut items);
    items.sort_by_key(item_start);
    items
}

/// Where a line break was lost before a banner: after a tab, as in an
/// export row's `RUCNIRA/IRAN COLLECTIVE\tC O N F I D E N T I A L …`;
/// after an export field's closing quote (`WASHINGTON DC"C O N F …`,
/// `3624","UNCLAS BUENOS AIRES 000062`); or glued to the digits ending
/// the field before (`Cable dated:2010-02-16T06:54:00C O N F …`).
fn lost_break(text: &str, scan: &LineScan) -> Option<usize> {
    if !scan.may_have_digit() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut after_tab = memchr::memchr_iter(b'\t', bytes)
        .filter(|&tab| tab > 0)
        .map(|tab| tab + 1);
    // A glued banner opens with its classification's first letter.
    let mut glued = memchr::memchr3_iter(b'C', b'S', b'U', bytes)
        .filter(|&at| at > 0 && (bytes[at - 1] == b'"' || bytes[at - 1].is_ascii_digit()));
    let banner_at = |at: &usize| lex_fields::banner(&text[*at..]).is_some();
    // Without collecting the places: most lines have none.
    match (after_tab.find(banner_at), glued.find(banner_at)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Where an item starts within its line.
pub fn item_start(item: &Item) -> usize {
    match item {
        Item::ExtractNotice(span)
        | Item::SubjectText(span)
        | Item::Markup(span)
        | Item::Caption(span)
        | Item::TagContinuation(span)
        | Item::BlockOpen(_, span)
        | Item::BlockClose(_, span)
        | Item::Keyword { span, .. }
        | Item::Number { span, .. } => span.start,
        Item::Banner(banner) => banner.span.start,
        Item::Classification(c) => c.span.start,
        Item::GarbledBanner(s) => s.start,
        Item::Eo(eo) => eo.span.start,
        Item::Tags(tags) => tags.span.start,
        Item::Refs(refs) => refs.first().map_or(0, |r| r.span.start),
        Item::ClassifiedBy(c) => c.span.start,
        Item::Reason(r) => r.span.start,
        Item::ReasonLetters(l) => l.first().map_or(0, |l| l.span.start),
        Item::Mark(mark) => mark.span.start,
        Item::Entity(entity) => entity.span.start,
        Item::PageBreak(page) => page.span.start,
    }
}

/// Splits text into lines the way LSP counts them: each ends after `\n`,
/// `\r\n` or a lone `\r`; the last may have no terminator. Empty text has
/// one empty line.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let Some(at) = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map(|i| start + i) else {
            done = true;
            return Some(&text[start..]);
        };
        let end = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
        let line = &text[start..end];
        start = end;
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_lines_follows_lsp() {
        let lines: Vec<_> = split_lines("a\nb\r\nc\rd").collect();
        assert_eq!(lines, ["a\n", "b\r\n", "c\r", "d"]);
        let lines: Vec<_> = split_lines("a\n").collect();
        assert_eq!(lines, ["a\n", ""]);
        assert_eq!(split_lines("").collect::<Vec<_>>(), [""]);
        // U+2028 and form feed are not line ends.
        assert_eq!(split_lines("a\u{2028}b\u{c}c").count(), 1);
    }
}
