//! The diagnostic type and the table of stable codes.

use crate::syntax::Span;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The text is wrong or will mislead a reader.
    Error,
    /// Probably a defect; worth a look.
    Warning,
    /// A repair hint.
    Information,
}

impl Severity {
    /// Lower-case name, as printed and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $doc:literal, $example:literal;)+) => {
        /// A diagnostic code. The strings are a public interface: never
        /// rename one.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $doc] $variant,)+
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The stable code string, e.g. `paragraph/gap`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)+ }
            }

            /// The severity diagnostics with this code carry.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)+ }
            }

            /// What the code reports, in one sentence.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $doc,)+ }
            }

            /// A short line of cable text that triggers it.
            pub fn example(self) -> &'static str {
                match self { $(Code::$variant => $example,)+ }
            }

            /// The code for a string, if it is one.
            pub fn parse(s: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str() == s)
            }
        }
    };
}

codes! {
    InvalidUtf8 = "file/invalid-utf8", Warning,
        "The file is not valid UTF-8; the bad bytes were read as U+FFFD.", "a Latin-1 `\\xE9` in `Caf\\xE9`";
    MoreNotShown = "file/more-not-shown", Information,
        "The document has more diagnostics than are shown; the rest are summarised in one.", "a 5 MB file of broken numbering";
    TooLarge = "file/too-large", Warning,
        "The document is larger than the configured limit for analysis; it is kept but not analysed.", "a 200 MB file";
    MultipleCables = "file/multiple-cables", Warning,
        "The file holds more than one cable (a second transmission header or banner of another post or serial); each is checked on its own.", "`MOSCOW 001519` followed by `C O N F I D E N T I A L MOSCOW 002237`";
    RepeatedPreview = "file/repeated-preview", Warning,
        "The file holds the cable's text more than once (a truncated preview and the full text, or an export's copy); one copy is checked.", "`¶1. (U) This is an action request. Please se...` before the full text";
    ExportResidue = "file/export-residue", Warning,
        "The file holds residue of an export or a mirror around the cable text (export rows, `\\` line ends, metadata lines); the cable is read through it.", "`27613,2/24/2005 16:09,05BOGOTA1775,\"Embassy Bogota\",…`";
    MissingClassification = "header/missing-classification", Warning,
        "The cable has no classification banner.", "(no `C O N F I D E N T I A L … DUSHANBE 001151` line)";
    MissingSubject = "header/missing-subject", Warning,
        "The cable has no SUBJECT line.", "(no `SUBJECT:` line)";
    MissingTags = "header/missing-tags", Warning,
        "The cable has no TAGS line.", "(no `TAGS:` line)";
    MalformedDtg = "header/malformed-dtg", Error,
        "The date-time group has an impossible day, hour, minute, month or year.", "`R 321223Z OCT 09`";
    MalformedDe = "header/malformed-de", Error,
        "The DE line is not `DE <routing indicator> #<serial>[/<section>] <day><hour><minute>`.", "`DE RUEHDBU #11X1 2891223`";
    PostMismatch = "header/post-mismatch", Warning,
        "The transmission header's originator and the banner name different posts: the header of one cable with the text of another.", "`FM AMEMBASSY PARIS` with banner `S E C R E T MOSCOW 005154`";
    SerialMismatch = "header/serial-mismatch", Warning,
        "The serial in the DE line differs from the banner serial.", "`DE RUEHDBU #1152/01 …` with banner `DUSHANBE 001151`";
    JulianMismatch = "header/julian-mismatch", Warning,
        "The day of the year in the DE line differs from the date-time group's date.", "`DE RUEHDBU #1151/01 2901223` with `R 161223Z OCT 09` (day 289)";
    ClassificationMismatch = "header/classification-mismatch", Warning,
        "The ZN classification line and the banner give different classifications.", "`ZNY SSSSS ZZH` with banner `C O N F I D E N T I A L`";
    MalformedDecl = "header/malformed-decl", Warning,
        "The declassification date cannot be read, falls before the cable's own date, or more than 75 years after it.", "`E.O. 12958: DECL: 13/45/2019`";
    MalformedReason = "header/malformed-reason", Warning,
        "A classification reason letter lies outside 1.4 (a)-(h).", "`REASON: 1.4 (b), (k)`";
    UnknownTag = "header/unknown-tag", Warning,
        "A TAGS item is a likely mistake for a known tag (near miss, run-together tags, wrong country code).", "`TAGS: PREL PHUMPREL RU`";
    SectionMismatch = "header/section-mismatch", Warning,
        "The banner's `SECTION n OF m` disagrees with the page-break lines.", "banner `SECTION 01 OF 02` with page line `DUSHANBE 00000862 002 OF 003`";
    MalformedRouting = "header/malformed-routing", Warning,
        "A TO/INFO entry is not `<routing indicator>/<addressee>`.", "`INFO EUROPEAN POLITICAL COLLECTIVE`";
    ParagraphGap = "paragraph/gap", Warning,
        "A paragraph number was skipped.", "`¶2.` followed by `¶4.`";
    ParagraphDuplicate = "paragraph/duplicate", Warning,
        "Two paragraphs in a row carry the same number.", "`¶3.` followed by `¶3.`";
    ParagraphOutOfOrder = "paragraph/out-of-order", Warning,
        "A paragraph number goes backwards (other than a list restarting at 1).", "`¶5.` followed by `¶3.`";
    OcrPilcrow = "paragraph/ocr-pilcrow", Warning,
        "A paragraph number is a misread `¶`: `15.` after `¶4.`, `- 11.`, or `$\\P3$`.", "`¶4. (C) …` then `15. (C) …`";
    RunIn = "paragraph/run-in", Information,
        "A paragraph number stands in the middle of a line: the line break before it was lost.", "`… in India. 20. (S) Information Sharing …`";
    MalformedMarking = "paragraph/malformed-marking", Warning,
        "A portion mark is missing a bracket or is not a known marking.", "`¶9. SBU) The …`";
    MarkingExceedsClassification = "paragraph/marking-exceeds-classification", Error,
        "A paragraph is marked above the cable's classification.", "`¶2. (S) …` in a CONFIDENTIAL cable";
    EntityUnclosed = "entity/unclosed", Error,
        "An entity tag is opened and never closed.", "`[PER Emomali Rahmonov said`";
    EntityUnknownType = "entity/unknown-type", Warning,
        "An entity tag has a type other than PER, ORG, LOC or MISC.", "`[PERS Rahmonov  ]`";
    EntityEmpty = "entity/empty", Warning,
        "An entity tag contains no text.", "`[PER   ]`";
    EntitySpansBoundary = "entity/spans-boundary", Warning,
        "An entity tag runs across a paragraph break, a header keyword or markup.", "`[ORG TI SUBJECT: MEETING  ]`";
}

/// Another place that explains a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// Why it matters.
    pub message: String,
}

/// One finding, by byte span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// Severity (from the code).
    pub severity: Severity,
    /// What is wrong.
    pub span: Span,
    /// A sentence a reader understands.
    pub message: String,
    /// Other places that explain it.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A diagnostic with the code's severity and no related places.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            span,
            message: message.into(),
            related: Vec::new(),
        }
    }

    /// Adds a related place.
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
}
