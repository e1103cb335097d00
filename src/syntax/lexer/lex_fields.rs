//! Cable-header fields inside a line: banner, extract notice, and the
//! keyword fields (SIPDIS, E.O., TAGS, SUBJECT, REF, CLASSIFIED BY, REASON).
//!
//! In the telegraphic flavour each field starts its own line; in the
//! annotated flavour several run together on one line, so a field is the
//! segment from its keyword to the next keyword.

use crate::reference;
use crate::syntax::cursor::Cursor;
use crate::syntax::line::{Item, Keyword};
use crate::syntax::line_scan::{LineScan, is_ascii_space};
use crate::syntax::model::*;

mod banner;
mod keywords;

pub(crate) use keywords::KEYWORD_PATTERNS;
use keywords::find_keywords;

/// The classification spelt with its letters apart, as banners write it.
const SPACED_CLASSIFICATION: &str = r"C\sO\sN\sF\sI\sD\sE\sN\sT\sI\sA\sL|S\sE\sC\sR\sE\sT|T\sO\sP\s+S\sE\sC\sR\sE\sT|U\sN\sC\sL\sA\sS\sS\sI\sF\sI\sE\sD";
/// The classification in words.
const PLAIN_CLASSIFICATION: &str = r"UNCLAS(?:SIFIED)?(?:\s+E\sF\sT\sO)?|CONFIDENTIAL|TOP\s+SECRET|SECRET|LIMITED\s+OFFICIAL\s+USE";
/// The section part of a banner, after its classification.
const BANNER_SECTION: &str = r"\s+(SE?CTION)\s*(\d{1,3})\s+OF\s+(\d{1,3})\s*";

patterns! {
    FIELD_PATTERNS:
    BANNER = &format!(
        r"(?i)^\s*(?:<code><pre>)?\s*(?:({SPACED_CLASSIFICATION})(?:{BANNER_SECTION}|\s*)|({PLAIN_CLASSIFICATION})(?:{BANNER_SECTION}|\s+))([A-Z][A-Z.'-]*(?:\s[A-Z][A-Z.'-]*){{0,4}}?)\s+(\d{{3,7}})(?:(?-u:\b)|(?-i:[A-Z]))"
    );
    /// A line holding only a classification: `SECRET//NOFORN`.
    CLASSIFICATION_LINE = &format!(
        r"^\s*({SPACED_CLASSIFICATION}|{PLAIN_CLASSIFICATION})(?:\s*//\s*[A-Z][A-Z /]*)?\s*$"
    );
    /// The shape of a banner whatever its first words: `SE C R E T TUNIS 000193`.
    LOOSE_BANNER = r"^\s*([A-Z][A-Z .'-]{4,60}?)\s+(SECTION\s+\d+\s+(?i:OF)\s+\d+\s+[A-Z][A-Z .'-]*?\s+)?\d{6}\s*$";
    NOTICE = r"^\s*This record is a partial extract of the original cable\..*";
    DECL = r"(?i)(?-u:\b)DECL(?-u:\b)\s*:?\s*";
    DATE = r"^(\d{1,4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,4})(?-u:\b)";
    EXEMPTION = r"(?i)^(?:\d\.\d\s*)?(?:25)?X\s?\d|^OADR(?-u:\b)|^MR(?-u:\b)|^DECL(?-u:\b)";
    NOT_APPLICABLE = r"(?i)(?-u:\b)N\s?/\s?A(?-u:\b)";
    REF_CABLE = r"(?-u:\b)(?:(\d{4}|\d{2})\s+)?([A-Za-z][A-Za-z]*(?:[ ][A-Za-z][A-Za-z]*){0,3})\s+(\d{1,7})(?:$|[\s,;.)])";
    REF_LABEL = r"(?:^|[\s;,:])¶?(?:\(([A-Za-z])\)|([A-Z])[.)])(?:\s|$)";
    /// A line that continues a REF list: it starts with a label or a cable.
    REF_CONTINUATION = r"^\s*(?:¶?(?:\([A-Z]\)|[A-Z][.)])\s+(?:\d{2,4}\s+)?[A-Za-z]+|(?:\d{2,4}\s+)?[A-Z]{3,}(?:\s[A-Z]+)?\s+\d{1,7}\s*(?:$|[,;]))";
    /// A line of tag-like codes only: `SA, NATO`, continuing a TAGS line.
    TAG_LIST = r"^\s*[A-Z][A-Z0-9-]{1,9}(?:\s*,?\s*[A-Z][A-Z0-9-]{1,9})*\s*,?\s*$";
    SECTION_14 = r"1\s?\.\s?[45]";
    LETTERS_ONLY = r"^\s*\(\s*[A-Za-z]\s*\)(?:\s*(?:,|/|&|and|AND)?\s*\(\s*[A-Za-z]\s*\))*\s*\.?\s*$";
}

/// Words that can precede a serial in a REF line without being a post.
const NOT_POSTS: &[&str] = &[
    "AND", "DTD", "DATED", "OF", "NO", "PARA", "PARAS", "SECTION", "THE", "ON", "IN", "TO", "REF",
    "REFTEL", "REFS", "PAGE", "AT", "FROM", "MEMO", "ITEM", "TELCON", "EMAIL", "E-MAIL", "CABLE",
    "PREVIOUS", "NOTAL", "FOR", "A", "B", "C", "D", "E", "F", "G", "H",
];

/// How a banner, a classification line or a garbled one may open.
const BANNER_OPENINGS: [Prefix; 20] = [
    Prefix::new(b"C O"),
    Prefix::new(b"S E"),
    Prefix::new(b"T O"),
    Prefix::new(b"U N"),
    Prefix::new(b"CONF"),
    Prefix::new(b"SECR"),
    Prefix::new(b"UNCL"),
    Prefix::new(b"TOP "),
    Prefix::new(b"LIMI"),
    Prefix::new(b"SE C"),
    Prefix::new(b"SS E"),
    Prefix::new(b"CC O"),
    Prefix::new(b"C ON"),
    Prefix::new(b"O N "),
    Prefix::new(b"E C "),
    Prefix::new(b"NCLA"),
    Prefix::new(b"UUNC"),
    Prefix::new(b"CSE "),
    Prefix::new(b"CO N"),
    Prefix::new(b"C C "),
];

/// Bit k set when some banner opening starts with the k-th capital letter.
const BANNER_FIRST_LETTERS: u32 = {
    let mut letters = 0;
    let mut i = 0;
    while i < BANNER_OPENINGS.len() {
        letters |= 1 << ((BANNER_OPENINGS[i].value >> 24) as u8 - b'A');
        i += 1;
    }
    letters
};

/// Whether a line may open with a classification (so may be a banner),
/// given its [`field_opening`].
fn may_be_banner(opening: &str) -> bool {
    // Most lines open with a letter no opening starts with.
    let first = opening.as_bytes().first().map_or(0, u8::to_ascii_uppercase);
    if !first.is_ascii_uppercase() || BANNER_FIRST_LETTERS & (1 << (first - b'A')) == 0 {
        return false;
    }
    let head = Prefix::head(opening);
    BANNER_OPENINGS.iter().any(|p| p.opens(head))
}

/// Where a field may open in a line given without its opening white space:
/// after `<code><pre>` and the white space after it, if the line opens so.
fn field_opening(opening: &str) -> &str {
    opening
        .strip_prefix("<code><pre>")
        .map_or(opening, str::trim_start)
}

/// An ASCII prefix of up to four bytes, tested in any case against the
/// first four bytes of a text packed into a number: a mask and a compare
/// each, instead of a byte loop each.
#[derive(Clone, Copy)]
struct Prefix {
    /// The prefix in upper case, packed, zero-padded.
    value: u32,
    /// Which bytes of the head the prefix covers.
    mask: u32,
}

impl Prefix {
    /// `prefix`, given in upper case (bytes past the fourth are ignored).
    const fn new(prefix: &[u8]) -> Prefix {
        let (mut value, mut mask) = ([0; 4], [0; 4]);
        let mut i = 0;
        while i < prefix.len() && i < 4 {
            value[i] = prefix[i];
            mask[i] = 0xff;
            i += 1;
        }
        Prefix {
            value: u32::from_be_bytes(value),
            mask: u32::from_be_bytes(mask),
        }
    }

    /// The first four bytes of `text` with ASCII letters in upper case,
    /// packed (zero-padded: no prefix byte is zero).
    fn head(text: &str) -> u32 {
        let mut head = [0; 4];
        for (h, b) in head.iter_mut().zip(text.bytes()) {
            *h = b.to_ascii_uppercase();
        }
        u32::from_be_bytes(head)
    }

    /// Whether a text with this packed `head` opens with the prefix.
    fn opens(self, head: u32) -> bool {
        head & self.mask == self.value
    }
}

/// Whether a line continues a REF list, as [`REF_CONTINUATION`] says: it
/// opens with a label (`(A)`, `A.`, `¶`) and a word, or with a cable that
/// ends with its serial (`06 NEW DELHI 1234,`). ASCII lines, nearly all,
/// are read by hand: the pattern cost more than the rest of such a line's
/// fields.
fn continues_refs(line: &str, scan: &LineScan) -> bool {
    let opening = scan.opening(line);
    if scan.ascii() {
        let c = Cursor::at(line, line.len() - opening.len());
        return labelled_word(c) || cable_with_serial(c);
    }
    // Paragraphs of the PlusD flavour open with `¶`, which only a label may
    // follow.
    let may = match opening.strip_prefix('¶') {
        Some(rest) => label(&mut Cursor::new(rest)).is_some(),
        None => may_continue_refs(line, scan),
    };
    may && REF_CONTINUATION.is_match(line)
}

/// Whether a line's opening (past its white space) is a REF item's label,
/// after the publisher's pilcrow if there is one, then a capital or a digit
/// (`C. USNATO TELCON`, `(C) 07 STATE`, `¶C. EMBASSY EMAIL`; not the reason
/// letters `(C) and (D).`).
fn opens_with_label(opening: &str) -> bool {
    let rest = opening.strip_prefix('¶').unwrap_or(opening);
    let mut c = Cursor::new(rest);
    label(&mut c).and_then(|()| c.spaces1()).is_some()
        && c.peek()
            .is_some_and(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Whether a non-ASCII line's opening may continue a REF list: a label, or
/// a digit or three capitals opening a cable that ends with its serial.
fn may_continue_refs(line: &str, scan: &LineScan) -> bool {
    let opening = scan.opening(line);
    let b = opening.as_bytes();
    opening.starts_with('(')
        || b.first().is_some_and(u8::is_ascii_uppercase) && matches!(b.get(1), Some(b'.' | b')'))
        || scan.may_have_digit()
            && (opening.starts_with(char::is_numeric)
                || b.get(..3)
                    .is_some_and(|head| head.iter().all(u8::is_ascii_uppercase)))
}

/// Takes `(?:\d{2,4}\s+)?`: two to four digits and white space, if there.
fn skip_year(c: &mut Cursor) {
    let mut year = *c;
    let digits = year.run(u8::is_ascii_digit, 5);
    if (2..=4).contains(&digits.len()) && year.spaces1().is_some() {
        *c = year;
    }
}

/// Takes the label `(?:\([A-Z]\)|[A-Z][.)])`.
fn label(c: &mut Cursor) -> Option<()> {
    let opened = c.optional(b'(');
    c.exactly(u8::is_ascii_uppercase, 1)?;
    if opened {
        c.literal(b")")
    } else {
        c.literal(b".").or_else(|| c.literal(b")"))
    }
}

/// `(?:\([A-Z]\)|[A-Z][.)])\s+(?:\d{2,4}\s+)?[A-Za-z]` at the cursor, on
/// an ASCII line: a label, then a word (after a year, if any).
fn labelled_word(mut c: Cursor) -> bool {
    if label(&mut c).and_then(|()| c.spaces1()).is_none() {
        return false;
    }
    skip_year(&mut c);
    c.peek().is_some_and(|b| b.is_ascii_alphabetic())
}

/// `(?:\d{2,4}\s+)?[A-Z]{3,}(?:\s[A-Z]+)?\s+\d{1,7}\s*(?:$|[,;])` at the
/// cursor, on an ASCII line: a cable of one or two words ending with its
/// serial, then the line's end, a comma or a semicolon.
fn cable_with_serial(mut c: Cursor) -> bool {
    skip_year(&mut c);
    if c.run(u8::is_ascii_uppercase, usize::MAX).len() < 3 {
        return false;
    }
    // The post's second word follows exactly one white space.
    let mut second = c;
    second.optional_space();
    let two_words = second.at > c.at && !second.run(u8::is_ascii_uppercase, usize::MAX).is_empty();
    serial_ends(c) || two_words && serial_ends(second)
}

/// `\s+\d{1,7}\s*(?:$|[,;])` at the cursor.
fn serial_ends(mut c: Cursor) -> bool {
    c.spaces1().is_some() && (1..=7).contains(&c.run(u8::is_ascii_digit, 8).len()) && {
        c.spaces();
        matches!(c.peek(), None | Some(b',' | b';'))
    }
}

/// Whether a line is a list of tag-like codes only, as [`TAG_LIST`] says.
/// ASCII lines, nearly all, are read by hand: codes (a capital, then one to
/// nine capitals, digits or hyphens) separated by white space and at most
/// one comma each time, and nothing else.
fn is_tag_list(line: &str, scan: &LineScan) -> bool {
    if !scan.ascii() {
        return TAG_LIST.is_match(line);
    }
    if !scan.codes_only() {
        return false;
    }
    let b = line.as_bytes();
    let mut i = 0;
    let mut codes = false;
    loop {
        while b.get(i).copied().is_some_and(is_ascii_space) {
            i += 1;
        }
        if b.get(i) == Some(&b',') {
            if !codes {
                return false;
            }
            i += 1;
            while b.get(i).copied().is_some_and(is_ascii_space) {
                i += 1;
            }
        }
        if i == b.len() {
            return codes;
        }
        let run = i;
        while b
            .get(i)
            .is_some_and(|&c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'-')
        {
            i += 1;
        }
        if i == run || !splits_into_codes(&b[run..i]) {
            return false;
        }
        codes = true;
    }
}

/// Whether a run of capitals, digits and hyphens splits into codes of two
/// to ten characters that each open with a capital (`SAPREL` is `SA` and
/// `PREL`). Bit k of `reach` says whether the run up to k bytes ahead
/// splits so.
fn splits_into_codes(run: &[u8]) -> bool {
    let mut reach: u32 = 1;
    for c in run {
        if reach & 1 != 0 && c.is_ascii_uppercase() {
            // A code from here ends two to ten bytes on.
            reach |= 0b111_1111_1100;
        }
        reach >>= 1;
    }
    reach & 1 != 0
}

/// Finds banner, notice and keyword fields on a line.
pub fn lex_fields(line: &str, scan: &LineScan, items: &mut Vec<Item>) {
    let opening = scan.opening(line);
    if opening.starts_with("This record")
        && let Some(m) = NOTICE.find(line)
    {
        items.push(Item::ExtractNotice(Span::new(m.start(), m.end())));
        return;
    }
    let mut from = 0;
    let field_opening = field_opening(opening);
    let bannerish = may_be_banner(field_opening);
    // A banner ends with a serial, and so does a misspelt one.
    let serial = scan.may_have_digit();
    if let Some(banner) = (bannerish && serial).then(|| banner(line)).flatten() {
        from = banner.span.end;
        items.push(Item::Banner(Box::new(banner)));
    } else if let Some(class) = (bannerish && line.len() <= 80)
        .then(|| CLASSIFICATION_LINE.captures(line).and_then(|c| c.get(1)))
        .flatten()
    {
        items.push(Item::Classification(Field {
            span: Span::new(class.start(), class.end()),
            value: level_of(class.as_str()),
        }));
        return;
    } else if let Some(words) = (bannerish && serial && line.len() <= 120)
        .then(|| garbled_classification(line))
        .flatten()
    {
        items.push(Item::GarbledBanner(words));
        return;
    }
    let keywords = find_keywords(line, field_opening, from, scan.hints(), scan.ascii());
    for (i, &(keyword, span)) in keywords.iter().enumerate() {
        let end = keywords
            .get(i + 1)
            .map_or(line.len(), |(_, next)| next.start);
        let field = Span::new(span.start, end.max(span.end));
        items.push(Item::Keyword {
            keyword,
            span,
            field,
        });
        // The field's text starts after the keyword's colon, if any.
        let after = &line[span.end..field.end];
        let colon = after
            .trim_start()
            .strip_prefix(':')
            .map_or(0, |rest| after.len() - rest.len());
        let body = Span::new(span.end + colon, field.end);
        match keyword {
            Keyword::Sipdis => {
                if field.end > span.end + 1 {
                    items.push(Item::Caption(Span::new(span.end + 1, field.end)));
                }
            }
            Keyword::Eo => items.push(Item::Eo(eo(line, span, body))),
            Keyword::Tags => items.push(Item::Tags(tags(line, span, body))),
            Keyword::Subject => {
                if let Some(text) = trimmed(line, body) {
                    items.push(Item::SubjectText(text));
                }
            }
            Keyword::Ref => items.push(Item::Refs(refs(line, body))),
            Keyword::ClassifiedBy => items.push(Item::ClassifiedBy(ClassifiedBy {
                span: Span::new(
                    span.start,
                    trimmed(line, field).map_or(field.end, |t| t.end),
                ),
                authority: trimmed(line, body),
            })),
            Keyword::Reason => items.push(Item::Reason(reason(line, span, body))),
        }
    }
    if keywords.is_empty() && from == 0 {
        let short = line.len() <= 200;
        if short && !scan.ascii_lower() && is_tag_list(line, scan) {
            // Its first code opens with a capital, the first letter or digit.
            let first = line.bytes().position(|b| b.is_ascii_alphanumeric());
            items.push(Item::TagContinuation(Span::new(
                first.unwrap_or(0),
                line.len(),
            )));
        }
        // A continuation is kept for its cables, and a cable ends with a
        // serial: lines without a digit are not read for one, unless they
        // open with a label (an item that is not a cable, which the items
        // after it continue).
        let continues_refs = || continues_refs(line, scan);
        // A preview's last, truncated line (`¶C. U...`) is not an item.
        let labelled = || opens_with_label(opening) && !line.trim_end().ends_with("...");
        if short && (scan.may_have_digit() || labelled()) && continues_refs() {
            let refs = refs(line, Span::new(0, line.len()));
            if refs.iter().any(|r| r.cable.is_some()) || labelled() {
                items.push(Item::Refs(refs));
            }
        } else if short
            && opening.starts_with('(')
            && LETTERS_ONLY.is_match(line)
            && (scan.may_have_digit() || !continues_refs())
        {
            let letters = reason_letters(line, Span::new(0, line.len()));
            if !letters.is_empty() {
                items.push(Item::ReasonLetters(letters));
            }
        }
    }
}

fn trimmed(line: &str, span: Span) -> Option<Span> {
    let text = span.text(line);
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let lead = text.len() - text.trim_start().len();
    Some(Span::new(span.start + lead, span.start + lead + t.len()))
}

fn level_of(classification: &str) -> Level {
    let squeezed: String = classification
        .split_whitespace()
        .collect::<String>()
        .to_ascii_uppercase();
    match squeezed.as_str() {
        "CONFIDENTIAL" => Level::Confidential,
        "SECRET" => Level::Secret,
        "TOPSECRET" => Level::TopSecret,
        "UNCLASEFTO" | "UNCLASSIFIEDEFTO" | "LIMITEDOFFICIALUSE" => Level::Sensitive,
        _ => Level::Unclassified,
    }
}

/// Parses a classification banner at the start of a line. Its serial may
/// run into the next field where a line break was lost (`ANKARA
/// 003352SIPDIS`), when it is padded as banners write it.
pub fn banner(line: &str) -> Option<Banner> {
    let groups = banner::read(line)?;
    let (class, post, serial) = (groups.class, groups.post, groups.serial);
    let glued = line
        .as_bytes()
        .get(serial.end)
        .is_some_and(u8::is_ascii_uppercase);
    if glued && serial.len() < 5 {
        return None;
    }
    let section = match groups.section {
        Some((keyword, n, m)) => Some(Field {
            span: Span::new(keyword.start, m.end),
            value: (n.text(line).parse().ok()?, m.text(line).parse().ok()?),
        }),
        None => None,
    };
    Some(Banner {
        span: Span::new(class.start, serial.end),
        classification: Field {
            span: class,
            value: level_of(class.text(line)),
        },
        section,
        post: Some(post),
        serial: Some(Field {
            span: serial,
            value: serial.text(line).parse().ok()?,
        }),
        station: reference::canonical_post(post.text(line)),
    })
}

/// The classification words of a banner-shaped line whose classification
/// is misspelt or misspaced (`SE C R E T`, `C ONFIDENTIAL`, `SS E C R E T`).
/// Only called when the line is not a well-formed banner.
fn garbled_classification(line: &str) -> Option<Span> {
    let caps = LOOSE_BANNER.captures(line)?;
    let words = caps.get(1)?;
    let has_section = caps.get(2).is_some();
    // Word boundaries where the classification may end and the post begin.
    let text = words.as_str();
    let mut ends: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
    if has_section {
        ends = vec![text.len()];
    }
    let distance = |end: usize| {
        let squeezed: String = text[..end].split_whitespace().collect();
        ["CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLAS"]
            .iter()
            .map(|c| edit_distance(&squeezed, c))
            .min()
            .unwrap_or(usize::MAX)
    };
    let end = ends.into_iter().min_by_key(|&e| distance(e))?;
    (distance(end) <= 2)
        .then(|| Span::new(words.start(), words.start() + text[..end].trim_end().len()))
}

/// Levenshtein distance between two short ASCII words.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

fn eo(line: &str, keyword: Span, body: Span) -> EoLine {
    let order = line[keyword.start..keyword.end]
        .find(|c: char| c.is_ascii_digit())
        .map(|i| Span::new(keyword.start + i, keyword.start + i + 5));
    let text = body.text(line);
    let decl = if let Some(m) = DECL.find(text) {
        let at = body.start + m.end();
        decl_value(line, at, body.end)
    } else {
        NOT_APPLICABLE.find(text).map(|m| Field {
            span: Span::new(body.start + m.start(), body.start + m.end()),
            value: Decl::NotApplicable,
        })
    };
    let end = trimmed(line, body).map_or(keyword.end, |t| t.end);
    EoLine {
        span: Span::new(keyword.start, end),
        order,
        decl,
    }
}

fn decl_value(line: &str, at: usize, end: usize) -> Option<Field<Decl>> {
    let text = line.get(at..end)?;
    if let Some(caps) = DATE.captures(text) {
        let m = caps.get(0)?;
        let span = Span::new(at + m.start(), at + m.end());
        let n = |g: usize| caps.get(g).and_then(|x| x.as_str().parse::<i32>().ok());
        let (a, b, c) = (n(1)?, n(2)?, n(3)?);
        let a_len = caps.get(1).map_or(0, |x| x.len());
        let c_len = caps.get(3).map_or(0, |x| x.len());
        let value = if a_len == 4 {
            date(a, b, c)
        } else if c_len == 4 {
            date(c, a, b)
        } else if c_len == 2 {
            date(2000 + c, a, b)
        } else {
            None
        };
        return Some(Field {
            span,
            value: value.unwrap_or(Decl::Unparsed),
        });
    }
    let word_end = text
        .find(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .unwrap_or(text.len());
    let word = &text[..word_end];
    if word.is_empty() {
        return None;
    }
    let span = Span::new(at, at + word_end);
    let value = if NOT_APPLICABLE.is_match(word) {
        Decl::NotApplicable
    } else if EXEMPTION.is_match(text) {
        Decl::Exemption
    } else if word.contains("...") {
        Decl::CutShort
    } else if word.starts_with(|c: char| c.is_ascii_digit()) {
        if let Some((date, len)) = date_in_words(text) {
            return Some(Field {
                span: Span::new(at, at + len),
                value: date,
            });
        }
        // `1.6 FIVE YEARS AFTER CLOSURE OF ICTY`: a section of the order
        // or a number, then the event in words.
        let words = text[word_end..]
            .split_whitespace()
            .filter(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic()));
        if words.count() >= 2 {
            Decl::Event
        } else {
            Decl::Unparsed
        }
    } else {
        Decl::Event
    };
    Some(Field { span, value })
}

/// A date with its month in words, day first: `08 OCTOBER 2019`; the date
/// and how long it is.
fn date_in_words(text: &str) -> Option<(Decl, usize)> {
    let mut words = text.split_whitespace();
    let day: i32 = words.next()?.parse().ok()?;
    let month_word = words.next()?.trim_end_matches(',').to_ascii_lowercase();
    // The full names come first in the list.
    let month = super::lex_header::MONTH_NAMES
        .iter()
        .position(|m| *m == month_word || (month_word.len() >= 3 && m.starts_with(&month_word)))?;
    let year_word = words.next()?;
    let year_digits = year_word.trim_end_matches(|c: char| !c.is_ascii_digit());
    if year_digits.len() != 4 {
        return None;
    }
    let year: i32 = year_digits.parse().ok()?;
    let decl = date(year, month as i32 + 1, day)?;
    let len = text.find(year_word)? + year_digits.len();
    Some((decl, len))
}

/// A valid calendar date as a [`Decl`], or `None`.
fn date(year: i32, month: i32, day: i32) -> Option<Decl> {
    let month = u32::try_from(month).ok()?;
    let day = u32::try_from(day).ok()?;
    (crate::syntax::date::days_in_month(year, month)? >= day && day >= 1)
        .then_some(Decl::Date(year, month, day))
}

/// The codes of a line that continues the TAGS field (one lexed as
/// [`Item::TagContinuation`]), with spans relative to the line.
pub fn tag_codes(line: &str) -> Vec<TagItem> {
    tags(line, Span::new(0, 0), Span::new(0, line.len())).items
}

fn tags(line: &str, keyword: Span, body: Span) -> TagsLine {
    let mut items = Vec::new();
    let text = body.text(line);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
                i += 1;
            }
            // `[ORG TI …` entity openers and `](#)` markdown residue are not tags.
            let entity_opener = start > 0
                && bytes[start - 1] == b'['
                && bytes.get(i) == Some(&b' ')
                && matches!(&text[start..i], "PER" | "ORG" | "LOC" | "MISC");
            if !entity_opener {
                items.push(TagItem {
                    span: Span::new(body.start + start, body.start + i),
                    code: text[start..i].to_ascii_uppercase(),
                });
            }
        } else {
            i += 1;
            // Skip the rest of a multi-byte character.
            while i < bytes.len() && !text.is_char_boundary(i) {
                i += 1;
            }
        }
    }
    let end = trimmed(line, body).map_or(keyword.end, |t| t.end);
    TagsLine {
        span: Span::new(keyword.start, end),
        keyword,
        items,
    }
}

/// REF items within `body`: lettered labels and cable references.
pub fn refs(line: &str, body: Span) -> Vec<RefItem> {
    let text = body.text(line);
    let labels: Vec<(usize, Field<char>)> = REF_LABEL
        .captures_iter(text)
        .filter_map(|caps| {
            let m = caps.get(1).or_else(|| caps.get(2))?;
            let letter = m.as_str().chars().next()?.to_ascii_uppercase();
            let whole = caps.get(0)?;
            let start = whole.start() + whole.as_str().len()
                - whole
                    .as_str()
                    .trim_start_matches([' ', '\t', ';', ',', ':'])
                    .len();
            Some((
                body.start + start,
                Field {
                    span: Span::new(body.start + m.start(), body.start + m.end()),
                    value: letter,
                },
            ))
        })
        .collect();
    let mut items: Vec<RefItem> = Vec::new();
    let mut search = 0;
    while let Some(caps) = REF_CABLE.captures_at(text, search) {
        let Some(all) = caps.get(0) else { break };
        search = all.end().max(search + 1);
        let (Some(origin), Some(serial)) = (caps.get(2), caps.get(3)) else {
            continue;
        };
        let Some((origin_start, post)) = post_suffix(origin.as_str()) else {
            search = origin.end().max(search);
            continue;
        };
        // A year is only the year when it directly precedes the post.
        let year = caps.get(1).filter(|_| origin_start == 0).and_then(|y| {
            let value: u32 = y.as_str().parse().ok()?;
            Some(Field {
                span: Span::new(body.start + y.start(), body.start + y.end()),
                value: value % 100,
            })
        });
        let origin_span = Span::new(
            body.start + origin.start() + origin_start,
            body.start + origin.end(),
        );
        let Ok(serial_value) = serial.as_str().parse::<u32>() else {
            continue;
        };
        let serial_span = Span::new(body.start + serial.start(), body.start + serial.end());
        let start = year.as_ref().map_or(origin_span.start, |y| y.span.start);
        // The label just before the cable, unless an earlier item used it.
        let before = labels.partition_point(|(at, _)| *at <= start);
        let label = before
            .checked_sub(1)
            .map(|i| &labels[i])
            .filter(|(at, _)| items.last().is_none_or(|prev| prev.span.end <= *at));
        let id = year
            .as_ref()
            .map_or(String::new(), |y| format!("{:02}", y.value))
            + &post
            + &serial_value.to_string();
        items.push(RefItem {
            span: Span::new(label.map_or(start, |(at, _)| *at), serial_span.end),
            letter: label.map(|(_, f)| f.clone()),
            cable: Some(CableRef {
                year,
                origin: origin_span,
                serial: Field {
                    span: serial_span,
                    value: serial_value,
                },
                id,
            }),
        });
    }
    // Labels that introduce something other than a cable. Item starts are
    // in order, so both look-ups are binary searches.
    let starts: Vec<usize> = items.iter().map(|it| it.span.start).collect();
    for (i, (at, letter)) in labels.iter().enumerate() {
        if starts.binary_search(at).is_ok() {
            continue;
        }
        let next_item = starts.get(starts.partition_point(|s| s <= at)).copied();
        let next = labels
            .get(i + 1)
            .map_or(body.end, |(n, _)| *n)
            .min(next_item.unwrap_or(body.end));
        if let Some(span) = trimmed(line, Span::new(*at, next)) {
            items.push(RefItem {
                span,
                letter: Some(letter.clone()),
                cable: None,
            });
        }
    }
    if items.is_empty()
        && let Some(span) = trimmed(line, body)
    {
        items.push(RefItem {
            span,
            letter: None,
            cable: None,
        });
    }
    items.sort_by_key(|item| item.span.start);
    items
}

/// The trailing words of `origin` that name a post: the longest suffix that
/// is a known station, else the last word when it is an upper-case name.
/// Returns the byte offset of the suffix and the canonical post.
fn post_suffix(origin: &str) -> Option<(usize, String)> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(origin.match_indices(' ').map(|(i, _)| i + 1))
        .collect();
    for &start in &starts {
        if let Some(station) = reference::station(&origin[start..]) {
            return Some((start, station.to_string()));
        }
    }
    let last = *starts.last()?;
    let word = &origin[last..];
    let upper = word.len() >= 3 && word.chars().all(|c| c.is_ascii_uppercase());
    (upper && !NOT_POSTS.contains(&word)).then(|| (last, word.to_string()))
}

fn reason(line: &str, keyword: Span, body: Span) -> Reason {
    let text = body.text(line);
    let section = SECTION_14
        .find(text)
        .map(|m| Span::new(body.start + m.start(), body.start + m.end()));
    let letters_from = section.map_or(body.start, |s| s.end);
    let letters = reason_letters(line, Span::new(letters_from, body.end));
    let end = letters
        .last()
        .map(|l| l.span.end)
        .or(section.map(|s| s.end))
        .unwrap_or(keyword.end);
    let end = line[end..]
        .find(|c: char| c != ')' && c != ' ')
        .map_or(line.len(), |i| end + i)
        .min(line.len());
    let end = line[..end].trim_end().len().max(keyword.end);
    Reason {
        span: Span::new(keyword.start, end),
        section,
        letters,
    }
}

/// Single letters in a reason list: `(b), (d)`, `(B) AND (D)`, `(b/d)`,
/// `b and d`. Stops at the first ordinary word, and at the first
/// paragraph's portion mark run onto the line (`1.4 (c)  (S/NF) HMG agrees`).
fn reason_letters(line: &str, within: Span) -> Vec<Field<char>> {
    let text = within.text(line);
    let mut letters = Vec::new();
    // Walk word by word: a word is a maximal run of letters.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word = &text[start..i];
            if word.len() == 1 {
                letters.push(Field {
                    span: Span::new(within.start + start, within.start + i),
                    value: word.chars().next().unwrap_or('?').to_ascii_lowercase(),
                });
            } else if !word.eq_ignore_ascii_case("and") {
                break;
            }
        } else if c == b'(' && opens_portion_mark(&text[i..]) {
            break;
        } else if matches!(c, b'(' | b')' | b',' | b'/' | b'&' | b' ' | b'\t') {
            i += 1;
        } else {
            break;
        }
    }
    letters
}

/// Whether `text`, opening with `(`, opens a portion mark rather than a
/// reason letter: a marking in capitals other than `(C)` (which is reason
/// (c) too), or `(C)` with a capitalised word after it.
fn opens_portion_mark(text: &str) -> bool {
    let Some(close) = text.find(')') else {
        return false;
    };
    let content = text[1..close].trim();
    let after = text[close + 1..].trim_start();
    content.starts_with(|c: char| c.is_ascii_uppercase())
        && super::lex_body::mark_level(content).is_some()
        && (content != "C" || after.starts_with(|c: char| c.is_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(line: &str) -> Vec<Item> {
        let mut items = Vec::new();
        lex_fields(line, &LineScan::of(line), &mut items);
        items
    }

    fn ref_ids(line: &str) -> Vec<(Option<char>, Option<String>)> {
        refs(line, Span::new(0, line.len()))
            .into_iter()
            .map(|r| (r.letter.map(|l| l.value), r.cable.map(|c| c.id)))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn tag_lists_read_as_the_pattern_does(
            line in "([A-Z]{1,12}|[A-Z][0-9-]{1,3}|[A-Z][0-9-]{8,10}|[0-9]{1,3}|-|,|, | |\t|\u{b}|a|;|\u{a0}){0,8}",
        ) {
            proptest::prop_assert_eq!(is_tag_list(&line, &LineScan::of(&line)), TAG_LIST.is_match(&line));
        }

        #[test]
        fn prefixes_open_texts_as_a_byte_compare_says(
            prefix in "[A-Z .]{1,4}",
            lower in proptest::collection::vec(proptest::bool::ANY, 4),
            keep in 0..5usize,
            tail in "([a-zA-Z .]|\u{e9}|\u{0}){0,3}",
        ) {
            // The prefix in mixed case, perhaps cut short, then anything.
            let mixed: String = prefix
                .chars()
                .zip(&lower)
                .map(|(c, &lower)| if lower { c.to_ascii_lowercase() } else { c })
                .take(keep)
                .collect();
            let text = mixed + &tail;
            let by_bytes = text
                .as_bytes()
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()));
            proptest::prop_assert_eq!(
                Prefix::new(prefix.as_bytes()).opens(Prefix::head(&text)),
                by_bytes
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        #[test]
        fn ref_continuations_are_read_as_the_pattern_says(
            line in "[ \u{b}\t]{0,2}¶?(\\([A-Za-z1]\\)|[A-Za-z][.)])?[ \t]{0,2}([0-9]{1,5}[ \t]{0,2}|[0-9]٣ )?[A-Z]{0,5}(é|[ \t]{1,2}[A-Z]{1,4}|[ \t][a-z]{1,4})?[ \t]{0,2}[0-9]{0,8}[ ]{0,2}[,;.]?( [A-Z,;]{0,3}){0,2}",
        ) {
            // Held to the pattern on ASCII lines and on the rest (`¶`, `é`,
            // a digit `\d` takes that is not ASCII).
            proptest::prop_assert_eq!(
                continues_refs(&line, &LineScan::of(&line)),
                REF_CONTINUATION.is_match(&line),
                "{:?}", line
            );
        }
    }

    #[test]
    fn tag_lists_by_example() {
        for (line, is) in [
            ("PREL, PGOV, KDEM", true),
            ("  SA NATO ,", true),
            ("SAPREL", true),
            ("PREL,, PGOV", false),
            (", PREL", false),
            ("A1234567890", false),
            ("PREL PGOV-X", true),
            ("Prel", false),
            ("", false),
        ] {
            assert_eq!(is_tag_list(line, &LineScan::of(line)), is, "{line:?}");
            assert_eq!(TAG_LIST.is_match(line), is, "{line:?}");
        }
    }

    #[test]
    fn a_ref_continuation_without_a_cable_still_keeps_reason_letters_off() {
        // `(C) and (D).` opens as a REF continuation, so is not read as
        // letters, though it holds no cable.
        for (line, letters, refs) in [
            ("(C) and (D).", false, false),
            ("(C) (D)", true, false),
            ("(B), (D).", true, false),
            ("(A) STATE 12345", false, true),
            ("B. 07 MOSCOW 22", false, true),
            ("C. USNATO-EUR/RPM TELCON", false, true),
            ("(C) EMBASSY TELCON", false, true),
        ] {
            let items = items(line);
            let has = |kind: fn(&Item) -> bool| items.iter().any(kind);
            assert_eq!(
                has(|i| matches!(i, Item::ReasonLetters(_))),
                letters,
                "{line:?}"
            );
            assert_eq!(has(|i| matches!(i, Item::Refs(_))), refs, "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_banner_test_is_the_openings_test(
            opening in 0..BANNER_OPENINGS.len(),
            lower in proptest::bool::ANY,
            text in "([CSTUOLENIP]|[csu]|[A-Z]{1,3}| |[.]|é|1){0,5}",
        ) {
            // An opening, in either case, then anything; or anything.
            let bytes = BANNER_OPENINGS[opening].value.to_be_bytes();
            let prefix: String = bytes.iter().filter(|&&b| b != 0).map(|&b| char::from(b)).collect();
            let prefix = if lower { prefix.to_ascii_lowercase() } else { prefix };
            let text = if opening % 2 == 0 { prefix + &text } else { text };
            let head = Prefix::head(&text);
            proptest::prop_assert_eq!(
                may_be_banner(&text),
                BANNER_OPENINGS.iter().any(|p| p.opens(head))
            );
        }
    }

    #[test]
    fn ref_continuations_by_example() {
        for (line, continues) in [
            ("06 NEW DELHI 1234,", true),
            ("STATE 12345", true),
            ("STATE 12345 ; B. 07 MOSCOW 22", true),
            ("  (B) 07 STATE 22", true),
            ("B. Moscow", true),
            ("(C) 2007", false),
            ("STATE 12345678", false),
            ("NEW  DELHI 1234", false),
            ("THE MINISTER SAID ON 12 MAY", false),
            ("GOVERNMENT OF 1990 SAID", false),
            ("¶A. 07 STATE 22", true),
        ] {
            assert_eq!(
                continues_refs(line, &LineScan::of(line)),
                continues,
                "{line:?}"
            );
            assert_eq!(REF_CONTINUATION.is_match(line), continues, "{line:?}");
        }
    }

    #[test]
    fn banner_forms() {
        let b = banner("C O N F I D E N T I A L SECTION 01 OF 02 DUSHANBE 001151").unwrap();
        assert_eq!(b.classification.value, Level::Confidential);
        assert_eq!(b.section.map(|s| s.value), Some((1, 2)));
        assert_eq!(b.serial.map(|s| s.value), Some(1151));
        let line = "UNCLAS SECTION 01 OF 03 NEW DELHI 009127 ";
        let b = banner(line).unwrap();
        assert_eq!(b.post.unwrap().text(line), "NEW DELHI");
        let line = "<code><pre>S E C R E T DUSHANBE 001921 SIPDIS STATE FOR P";
        assert_eq!(banner(line).unwrap().classification.value, Level::Secret);
        assert!(banner("CONFIDENTIAL     PTQ2529").is_none());
    }

    #[test]
    fn ref_lists() {
        assert_eq!(
            ref_ids(" STATE 214783"),
            [(None, Some("STATE214783".into()))]
        );
        assert_eq!(
            ref_ids(" A. STATE 72746 B. DUSHANBE 862"),
            [
                (Some('A'), Some("STATE72746".into())),
                (Some('B'), Some("DUSHANBE862".into()))
            ]
        );
        assert_eq!(
            ref_ids(" A) 05 MOSCOW 1234"),
            [(Some('A'), Some("05MOSCOW1234".into()))]
        );
        assert_eq!(ref_ids(" HILLMEYER E-MAIL DTD 11-18-05"), [(None, None)]);
        assert_eq!(
            ref_ids(" CARACAS 11; 09 CARACAS 495"),
            [
                (None, Some("CARACAS11".into())),
                (None, Some("09CARACAS495".into()))
            ]
        );
        assert_eq!(
            ref_ids(" Abu Dhabi 1384"),
            [(None, Some("ABUDHABI1384".into()))]
        );
        assert_eq!(
            ref_ids(" A. 2008 LONDON 3082"),
            [(Some('A'), Some("08LONDON3082".into()))]
        );
    }

    #[test]
    fn keyword_fields_run_together() {
        let line = "S E C R E T DUSHANBE 001921 SIPDIS STATE FOR P EO 12958 DECL: 12/2/2015 TAGS PREL , PGOV , RS , [ORG TI SUBJECT: MEETING  ] WITH X REF: STATE 214783 CLASSIFIED BY: Joe";
        let found = items(line);
        let eo = found.iter().find_map(|i| match i {
            Item::Eo(eo) => Some(eo.clone()),
            _ => None,
        });
        assert_eq!(eo.unwrap().decl.unwrap().value, Decl::Date(2015, 12, 2));
        let tags = found.iter().find_map(|i| match i {
            Item::Tags(t) => Some(t.clone()),
            _ => None,
        });
        let codes: Vec<_> = tags.unwrap().items.into_iter().map(|t| t.code).collect();
        assert_eq!(codes, ["PREL", "PGOV", "RS", "TI"]);
        assert!(found.iter().any(|i| matches!(i, Item::SubjectText(_))));
        assert!(
            found
                .iter()
                .any(|i| matches!(i, Item::Refs(r) if r.len() == 1))
        );
    }

    #[test]
    fn reasons() {
        for (line, expect) in [
            ("REASON: 1.4 (b), (d)", "bd"),
            ("Classified By: X for reasons 1.4(B) and (D).", "bd"),
            ("Reasons: 1.4 (b/d).", "bd"),
            ("REASON: 1.4 ( b ) , ( d ) <a id='par1'", "bd"),
            ("REASONS: 1.5 (B) AND (D).", "bd"),
            ("REASON: 1.4 (c)  (S/NF) HMG agrees", "c"),
            ("REASON: 1.4 (b), (d) (S) Ambassador", "bd"),
            ("REASON: 1.4 (b), (C) Ambassador", "b"),
            ("REASON: 1.4 (b), (c)", "bc"),
            ("REASON: 1.4 (i)", "i"),
        ] {
            let got: String = items(line)
                .iter()
                .find_map(|i| match i {
                    Item::Reason(r) => Some(r.letters.iter().map(|l| l.value).collect()),
                    _ => None,
                })
                .unwrap_or_default();
            assert_eq!(got, expect, "{line}");
        }
    }

    #[test]
    fn decl_forms() {
        let decl = |line: &str| {
            items(line).iter().find_map(|i| match i {
                Item::Eo(eo) => eo.decl.clone().map(|d| d.value),
                _ => None,
            })
        };
        assert_eq!(
            decl("E.O. 12958: DECL: 10/16/2019"),
            Some(Decl::Date(2019, 10, 16))
        );
        assert_eq!(
            decl("E.O. 12958: DECL: 2020/01/29"),
            Some(Decl::Date(2020, 1, 29))
        );
        assert_eq!(
            decl("EO 12958 DECL: 09/21/10"),
            Some(Decl::Date(2010, 9, 21))
        );
        assert_eq!(decl("E.O. 12958: N/A"), Some(Decl::NotApplicable));
        assert_eq!(decl("E.O. 12958: DECL: 1.6X6"), Some(Decl::Exemption));
        assert_eq!(decl("E.O. 12958: DECL: 13/45/2019"), Some(Decl::Unparsed));
        assert_eq!(decl("E.O. 12958: DECL: 10/16/20I9"), Some(Decl::Unparsed));
        assert_eq!(decl("EO 12958 DECL: CLOSURE OF ICTY"), Some(Decl::Event));
        assert_eq!(
            decl("e.o. 12958: decl: 10/16/2019"),
            Some(Decl::Date(2019, 10, 16))
        );
    }
}
