//! The syntax model of one cable: every element with its byte span.
//!
//! The model is produced by [`crate::syntax::parse`] (or incrementally by
//! [`crate::syntax::LexedText`]) and is a plain value: it owns no text, so
//! element text is read back through its [`Span`].

pub use super::residue::{Residue, ResidueKind};

/// A half-open byte range `start..end` into the document text.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The same span moved `by` bytes to the right.
    pub const fn shift(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }

    /// The text this span covers, or `""` when it does not fit `text`.
    pub fn text(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether `offset` lies inside the span (the end counts, so a cursor
    /// just after a word still touches it).
    pub fn touches(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    /// Number of bytes covered.
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// Which of the published shapes a cable file has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// A transmission header (`VZCZC…`, `DE …`, `FM`/`TO`) precedes the cable.
    Telegraphic,
    /// "This record is a partial extract of the original cable…"
    PartialExtract,
    /// Tokenised text with inline `[PER …  ]` entity tags and HTML residue.
    Annotated,
    /// A cable header without a transmission header, or no structure found.
    Plain,
}

/// Classification level, ordered from least to most restrictive.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Level {
    /// UNCLASSIFIED.
    Unclassified,
    /// Unclassified with a handling caveat: SBU, LOU, FOUO, EFTO.
    Sensitive,
    /// CONFIDENTIAL.
    Confidential,
    /// SECRET.
    Secret,
    /// TOP SECRET.
    TopSecret,
}

impl Level {
    /// Rank for comparisons: unclassified and its caveats count as one.
    pub fn rank(self) -> u8 {
        match self {
            Level::Unclassified | Level::Sensitive => 0,
            Level::Confidential => 1,
            Level::Secret => 2,
            Level::TopSecret => 3,
        }
    }

    /// The full name a reader expects.
    pub fn name(self) -> &'static str {
        match self {
            Level::Unclassified => "UNCLASSIFIED",
            Level::Sensitive => "SENSITIVE BUT UNCLASSIFIED",
            Level::Confidential => "CONFIDENTIAL",
            Level::Secret => "SECRET",
            Level::TopSecret => "TOP SECRET",
        }
    }
}

/// A value parsed out of the text, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field<T> {
    /// Where the value is written.
    pub span: Span,
    /// The value.
    pub value: T,
}

/// `VZCZCXRO1864`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartLine {
    /// The whole line.
    pub span: Span,
    /// The channel letters and number after `VZCZC`.
    pub channel: Span,
}

/// `RR RUEHDBU RUEHFL`: doubled precedence prosign and routing indicators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrecedenceLine {
    /// The whole line.
    pub span: Span,
    /// `RR`, `OO`, `PP` or `ZZ`.
    pub prosign: Span,
    /// Each routing indicator.
    pub routing: Vec<Span>,
}

/// `DE RUEHDBU #1151/01 2891223`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeLine {
    /// The whole line.
    pub span: Span,
    /// The station routing indicator, when present.
    pub station: Option<Span>,
    /// `#1151`: the cable serial modulo 10,000.
    pub serial: Option<Field<u32>>,
    /// `/01`: the section number.
    pub section: Option<Field<u32>>,
    /// `289`: day of the year of the date-time group.
    pub day_of_year: Option<Field<u32>>,
    /// `1223`: hour and minute.
    pub time: Option<Field<(u32, u32)>>,
    /// Whether the line has the expected `DE RI #SSSS[/nn] JJJHHMM` shape.
    pub well_formed: bool,
}

/// `ZNY CCCCC ZZH`: the classification line of the transmission header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZnLine {
    /// The whole line.
    pub span: Span,
    /// The five-letter classification group (`CCCCC`).
    pub code: Span,
    /// The level the group stands for, when it is a known group.
    pub level: Option<Level>,
}

/// `O P 101039Z MAY 06`: the date-time group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dtg {
    /// The whole line.
    pub span: Span,
    /// Precedence letters (one or two of `Z`, `O`, `P`, `R`).
    pub precedence: Vec<Field<char>>,
    /// Day of month as written.
    pub day: Field<u32>,
    /// Hour as written.
    pub hour: Field<u32>,
    /// Minute as written.
    pub minute: Field<u32>,
    /// The `Z` zone letter, when present.
    pub zone: Option<Span>,
    /// Month: 1-12 when the abbreviation is known.
    pub month: Field<Option<u32>>,
    /// Two-digit year as written (`06`), or `None` when not two digits.
    pub year: Field<Option<u32>>,
    /// Text after the year (operating signals such as `ZDK`).
    pub trailing: Option<Span>,
}

/// A `TO`/`INFO` addressee: `RUEHC/SECSTATE WASHDC IMMEDIATE 7466`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutingEntry {
    /// The whole entry.
    pub span: Span,
    /// The routing indicator before `/`.
    pub routing: Option<Span>,
    /// The addressee (office and place).
    pub addressee: Option<Span>,
    /// `IMMEDIATE`, `PRIORITY`, `ROUTINE` or `FLASH`.
    pub precedence: Option<Span>,
    /// The addressee's message serial.
    pub serial: Option<Span>,
}

/// Whether a routing entry came from a `TO` or an `INFO` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddresseeKind {
    /// Action addressee.
    To,
    /// Information addressee.
    Info,
}

/// The ACP-127 transmission header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transmission {
    /// Span from the first to the last header line.
    pub span: Span,
    /// `VZCZC…`.
    pub start: Option<StartLine>,
    /// `RR RUEHDBU`.
    pub precedence: Option<PrecedenceLine>,
    /// `DE …`.
    pub de: Option<DeLine>,
    /// `ZNY CCCCC ZZH`.
    pub zn: Option<ZnLine>,
    /// Date-time group.
    pub dtg: Option<Dtg>,
    /// `FM AMEMBASSY DUSHANBE`: the originator.
    pub from: Option<Span>,
    /// `TO` and `INFO` addressees in order.
    pub addressees: Vec<(AddresseeKind, RoutingEntry)>,
    /// `BT` and `NNNN` markers.
    pub markers: Vec<Span>,
}

/// `C O N F I D E N T I A L SECTION 01 OF 02 DUSHANBE 001151`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// The whole banner.
    pub span: Span,
    /// The classification words as written.
    pub classification: Field<Level>,
    /// `SECTION n OF m`.
    pub section: Option<Field<(u32, u32)>>,
    /// The post as written (`NEW DELHI`).
    pub post: Option<Span>,
    /// The serial as written (`001151`).
    pub serial: Option<Field<u32>>,
    /// The post as it appears in canonical ids (`NEWDELHI`).
    pub station: String,
}

/// Declassification instruction of the E.O. line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decl {
    /// A calendar date `(year, month, day)`.
    Date(i32, u32, u32),
    /// `N/A`, for unclassified cables.
    NotApplicable,
    /// An exemption code such as `1.6X6` or `OADR`.
    Exemption,
    /// An event, in words: `TEN YEARS AFTER KOREAN UNIFICATION`.
    Event,
    /// A value cut short where a truncated preview ends (`DECL: 08...`).
    CutShort,
    /// Text that is none of the above.
    Unparsed,
}

/// `E.O. 12958: DECL: 10/16/2019`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EoLine {
    /// The whole field.
    pub span: Span,
    /// The order number (`12958`).
    pub order: Option<Span>,
    /// The declassification instruction, when written.
    pub decl: Option<Field<Decl>>,
}

/// One item of the TAGS line, without markdown residue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagItem {
    /// Where the code is written.
    pub span: Span,
    /// The code, upper-cased.
    pub code: String,
}

/// `TAGS: PREL PGOV`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagsLine {
    /// The whole field.
    pub span: Span,
    /// The keyword as written (`TAGS`, `TAGES`, …).
    pub keyword: Span,
    /// The items.
    pub items: Vec<TagItem>,
}

/// A reference to another cable, as `REF` items and body text write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CableRef {
    /// Two-digit year when written (`05 MOSCOW 1234`).
    pub year: Option<Field<u32>>,
    /// The originating post as written.
    pub origin: Span,
    /// The serial as written.
    pub serial: Field<u32>,
    /// Canonical id: year, origin without spaces, serial without zeros. The
    /// year is the citing cable's when the item gives none and the citing
    /// cable's own year is known; otherwise the id starts with the origin.
    pub id: String,
}

/// One item of the REF field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefItem {
    /// The whole item, letter included.
    pub span: Span,
    /// The item letter (`A` in `A. STATE 72746`).
    pub letter: Option<Field<char>>,
    /// The cited cable, when the item is a cable reference.
    pub cable: Option<CableRef>,
}

/// `CLASSIFIED BY: … REASON: 1.4 (b), (d)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassifiedBy {
    /// The whole field.
    pub span: Span,
    /// The classifying official as written.
    pub authority: Option<Span>,
}

/// The reason clause: `1.4 (b), (d)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    /// The whole clause from the keyword.
    pub span: Span,
    /// The section (`1.4` or `1.5`).
    pub section: Option<Span>,
    /// Each letter, lower-cased.
    pub letters: Vec<Field<char>>,
}

/// How a paragraph number was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberStyle {
    /// `¶3.`
    Pilcrow,
    /// `3.`, `3)` or `3 (C)`.
    Plain,
    /// `- 13.`: a list dash before the number.
    Dashed,
    /// `$\P3$`: LaTeX residue for a pilcrow.
    Latex,
    /// `<a id='par3' …>¶</a>3 .`
    Anchor,
    /// `… end of sentence. 4. (C) …`: run onto the previous line.
    RunIn,
}

/// A portion mark such as `(C)` or `(S//NF)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortionMark {
    /// The mark with its brackets.
    pub span: Span,
    /// The marking text inside the brackets, normalised (`S//NF`).
    pub text: String,
    /// The level it carries, when the marking is known.
    pub level: Option<Level>,
    /// Whether the opening bracket is present.
    pub opened: bool,
    /// Whether the closing bracket is present.
    pub closed: bool,
}

/// A numbered paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// From the number to the end of its last line.
    pub span: Span,
    /// The number token as written (`¶3.`, `15.`, `$\P3$`).
    pub number_span: Span,
    /// The number as written.
    pub number: u32,
    /// The last number it covers: `number`, or for a paragraph answering
    /// several numbered items at once (`4-12.`), the range's end.
    pub through: u32,
    /// How it was written.
    pub style: NumberStyle,
    /// The portion mark, when present.
    pub mark: Option<PortionMark>,
}

impl Paragraph {
    /// Its number as a reader cites it: `4`, or a range's `4-12`.
    pub fn label(&self) -> String {
        if self.through > self.number {
            format!("{}-{}", self.number, self.through)
        } else {
            self.number.to_string()
        }
    }
}

/// A page-break line of a multi-section cable: `DUSHANBE 00000862 002 OF 003`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageBreak {
    /// The line.
    pub span: Span,
    /// Serial as written.
    pub serial: u32,
    /// `n OF m`.
    pub page: Field<(u32, u32)>,
    /// Whether it is a later page of section `n` (`002.2 OF 004`).
    pub continued: bool,
}

/// Which block a `SUMMARY:`/`COMMENT:`/`NOTE:` opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// `SUMMARY: … END SUMMARY.`
    Summary,
    /// `COMMENT: … END COMMENT.`
    Comment,
    /// `(NOTE: … END NOTE.)`
    Note,
}

/// A summary, comment or note block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// From the opening keyword to the end of the closing one (or of the
    /// paragraph when it is never closed).
    pub span: Span,
    /// The opening keyword.
    pub opener: Span,
    /// Which block.
    pub kind: BlockKind,
    /// Whether an `END …` keyword closes it.
    pub closed: bool,
}

/// An inline entity tag of the annotated flavour: `[PER Emomali Rahmonov  ]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityTag {
    /// From `[` to `]` (or to the end of the line when never closed).
    pub span: Span,
    /// `[PER`.
    pub opener: Span,
    /// The type as written (`PER`).
    pub kind: Span,
    /// The tagged text, trimmed.
    pub text: Span,
    /// Whether a closing `]` was found on the same line.
    pub closed: bool,
    /// Whether the type is one of PER, ORG, LOC, MISC.
    pub known_type: bool,
}

/// The cable's canonical identifier and how sure we are of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CableId {
    /// `06DUSHANBE862`.
    pub id: String,
    /// Where the year came from.
    pub year_source: YearSource,
}

/// Where the year of a canonical id came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearSource {
    /// The date-time group.
    Dtg,
    /// The declassification date minus ten years (a weak guess).
    DeclGuess,
}

/// A HTML residue element of the annotated flavour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Markup {
    /// The tag as written.
    pub span: Span,
}

/// One parsed cable: everything the analyses need, by byte span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cable {
    /// Shape of the file.
    pub flavour: Flavour,
    /// The ACP-127 transmission header, when present.
    pub transmission: Option<Transmission>,
    /// The classification banner.
    pub banner: Option<Banner>,
    /// Each `SIPDIS` caption.
    pub sipdis: Vec<Span>,
    /// Addressee captions such as `STATE FOR EUR/CACEN`.
    pub captions: Vec<Span>,
    /// The E.O. line.
    pub eo: Option<EoLine>,
    /// The TAGS line.
    pub tags: Option<TagsLine>,
    /// The SUBJECT field, all its lines.
    pub subject: Option<Field<()>>,
    /// The whole REF field.
    pub ref_field: Option<Span>,
    /// Each REF item.
    pub refs: Vec<RefItem>,
    /// The CLASSIFIED BY field.
    pub classified_by: Option<ClassifiedBy>,
    /// The REASON clause.
    pub reason: Option<Reason>,
    /// Numbered paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Section headings in the body.
    pub headings: Vec<Span>,
    /// Page-break lines.
    pub page_breaks: Vec<PageBreak>,
    /// Summary, comment and note blocks.
    pub blocks: Vec<Block>,
    /// The drafter's surname at the end.
    pub signature: Option<Span>,
    /// Entity tags in order.
    pub entities: Vec<EntityTag>,
    /// HTML residue (`<code><pre>`, anchors).
    pub markup: Vec<Markup>,
    /// Header keywords (`TAGS`, `SUBJECT:` …) in order, for boundary checks.
    pub keywords: Vec<Span>,
    /// The classification words of a banner too misspelt to read.
    pub garbled_banner: Option<Span>,
    /// The partial-extract notice, when present.
    pub extract_notice: Option<Span>,
    /// Canonical id of the cable.
    pub id: Option<CableId>,
    /// Export and mirror residue the text was read through.
    pub residue: Vec<Residue>,
    /// The part of the file this cable was read from.
    pub span: Span,
    /// The file's other cables, or other copies of this one, in order.
    pub others: Vec<Other>,
}

/// How another cable in the same file relates to the one read as the file's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The same cable again: a truncated preview, or an export's copy.
    Copy,
    /// A different cable (another post or serial) run into the file.
    Another,
}

/// Another cable in the same file, read on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Other {
    /// How it relates to the file's cable.
    pub relation: Relation,
    /// The cable.
    pub cable: Cable,
}
