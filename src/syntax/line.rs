//! What the lexer makes of a line: its shape, the items found in it, and the
//! lexed line that holds them, with spans relative to the line start. Shared
//! by the lexer and its readers, the assembler, offset shifting and the
//! incremental re-lexer.

use super::model::*;
use super::residue::Residue;

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
    /// A line longer than a hard-wrapped one, not referring on: it holds
    /// a paragraph of its own, so a number opening the next line opens
    /// the next paragraph, blank line or not.
    Whole,
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
        /// The last number it covers: its value, or for a range (`4-12.`)
        /// the range's end.
        through: u32,
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
