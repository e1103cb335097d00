//! The per-line lexer: one line of text in, its shape and inline items out,
//! with spans relative to the line start.
//!
//! Lexing is context-free: a line lexes the same wherever it sits, so an
//! edit only re-lexes the lines it touches. Deciding what a line *means*
//! (a `TO` line in the transmission header versus prose) is the assembler's
//! job.

use super::lex_body::lex_body;
use super::lex_fields::lex_fields;
use super::lex_header::{lex_shape, line_end, page_mark};
use super::line_scan::LineScan;
use super::model::*;
use super::residue::{self, Residue, ResidueKind};
use super::shift::Shift;

/// What a whole line looks like, when it has a transmission-header shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Only whitespace.
    Blank,
    /// `VZCZCXRO1864`.
    Start(StartLine),
    /// `RR RUEHDBU`.
    Precedence(PrecedenceLine),
    /// `DE RUEHDBU #1151/01 2891223`.
    De(Box<DeLine>),
    /// `ZNY CCCCC ZZH`.
    Zn(ZnLine),
    /// `R 161223Z OCT 09`.
    Dtg(Box<Dtg>),
    /// `FM AMEMBASSY DUSHANBE`: the originator's span.
    From(Span),
    /// `TO RUEHC/SECSTATE WASHDC 0826`.
    To(Box<RoutingEntry>),
    /// `INFO RUCNCIS/CIS COLLECTIVE`.
    Info(Box<RoutingEntry>),
    /// `RUEHBUL/AMEMBASSY KABUL 0273`: a continuation addressee.
    Routing(Box<RoutingEntry>),
    /// `BT` or `NNNN`.
    Marker(Span),
    /// `DUSHANBE 00000862 002 OF 003`.
    PageBreak(PageBreak),
    /// Anything else.
    Text(TextTraits),
}

/// Cheap facts about a text line that the assembler uses to spot headings,
/// signatures and captions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextTraits {
    /// Upper-case words only, short, not ending a sentence: a heading shape.
    pub heading: bool,
    /// Two to eight capitalised words, not ending a sentence: a title-case
    /// heading shape (`Political Engagement`).
    pub title: bool,
    /// `STATE FOR EUR/CACEN`, `AMEMBASSY X PASS TO Y`: an addressee caption.
    pub caption: bool,
    /// The trimmed text, without HTML residue and entity brackets.
    pub content: Span,
    /// A final upper-case word that may be the drafter's signature.
    pub last_word: Option<Span>,
    /// Whether the line is only a row of dashes (a heading underline).
    pub underline: bool,
}

/// How a line's text ends, which says whether a number opening the next
/// line may continue its sentence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Ending {
    /// With punctuation that may end a paragraph (`.`, `:`, `)`, `"` …).
    #[default]
    Closed,
    /// With a word or a comma: the sentence goes on.
    Open,
    /// With a word that refers to a number (`para`, `page`, `see`, or
    /// `paragraphs 3 and`): the number opening the next line (even after
    /// blank lines, which conversions put there) is the one it refers to.
    Referring,
}

/// Header keywords that open a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyword {
    /// `SIPDIS`.
    Sipdis,
    /// `E.O. 12958`.
    Eo,
    /// `TAGS`.
    Tags,
    /// `SUBJECT:`.
    Subject,
    /// `REF:`.
    Ref,
    /// `CLASSIFIED BY`.
    ClassifiedBy,
    /// `REASON:`.
    Reason,
}

/// Something found inside a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// The partial-extract notice.
    ExtractNotice(Span),
    /// A classification banner.
    Banner(Box<Banner>),
    /// A banner whose classification words are misspelt.
    GarbledBanner(Span),
    /// A line with only a classification (`SECRET//NOFORN`), used when a
    /// cable has no full banner.
    Classification(Field<Level>),
    /// A header keyword and the segment of the line it governs.
    Keyword {
        /// Which keyword.
        keyword: Keyword,
        /// The keyword as written.
        span: Span,
        /// From the keyword to the next keyword or the line end.
        field: Span,
    },
    /// The parsed E.O. field.
    Eo(EoLine),
    /// The parsed TAGS field.
    Tags(TagsLine),
    /// Codes on a line of their own, which continue the TAGS field when
    /// they follow it: from the first code to the line end. Many prose
    /// lines of all-capitals cables look so, so the codes themselves are
    /// read (by `tag_codes`) only when the line does continue the field.
    TagContinuation(Span),
    /// SUBJECT text on this line.
    SubjectText(Span),
    /// REF items on this line (after `REF:` or on a continuation line).
    Refs(Vec<RefItem>),
    /// The CLASSIFIED BY field.
    ClassifiedBy(ClassifiedBy),
    /// The reason clause.
    Reason(Reason),
    /// Reason letters continuing on their own line: `(D)`.
    ReasonLetters(Vec<Field<char>>),
    /// A paragraph number.
    Number {
        /// The number as written.
        span: Span,
        /// Its value.
        number: u32,
        /// How it was written.
        style: NumberStyle,
        /// End of the text before the number on its line, when there is
        /// some.
        text_before: Option<usize>,
    },
    /// A portion mark after a number (or at the start of the line).
    Mark(PortionMark),
    /// An entity tag.
    Entity(EntityTag),
    /// HTML residue.
    Markup(Span),
    /// Addressee captions after `SIPDIS` on the same line (annotated
    /// flavour).
    Caption(Span),
    /// `SUMMARY:`, `COMMENT:`, `(NOTE:`.
    BlockOpen(BlockKind, Span),
    /// `END SUMMARY`, `END COMMENT`, `END NOTE`.
    BlockClose(BlockKind, Span),
    /// A page-break line run into a text line by a lost line break.
    PageBreak(PageBreak),
}

/// One lexed line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexedLine {
    /// Bytes of the line including its terminator.
    pub len: usize,
    /// Bytes of the line without its terminator.
    pub content_len: usize,
    /// Its shape.
    pub shape: Shape,
    /// Items in order of position.
    pub items: Vec<Item>,
    /// Export or mirror residue the line was read through (its cable text
    /// is what lies between).
    pub residue: Vec<Residue>,
    /// How the line's text ends.
    pub ending: Ending,
    /// A number of one or two digits ending the line after white space or
    /// a dash (`PKO/HAITI --------- 1`): the start of a paragraph number
    /// whose rest a lost line break put on the next line.
    pub trailing_number: Option<Field<u32>>,
}

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
        && let Some(page) = page_mark(text)
    {
        let at = items.partition_point(|i| item_start(i) <= page.span.start);
        items.insert(at, Item::PageBreak(page));
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
    let after_tab = memchr::memchr_iter(b'\t', bytes)
        .filter(|&tab| tab > 0)
        .map(|tab| tab + 1);
    // A glued banner opens with its classification's first letter.
    let glued = memchr::memchr3_iter(b'C', b'S', b'U', bytes)
        .filter(|&at| at > 0 && (bytes[at - 1] == b'"' || bytes[at - 1].is_ascii_digit()));
    let mut candidates: Vec<usize> = after_tab.chain(glued).collect();
    candidates.sort_unstable();
    candidates
        .into_iter()
        .find(|&at| super::lex_fields::banner(&text[at..]).is_some())
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
