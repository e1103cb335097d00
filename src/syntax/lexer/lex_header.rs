//! Whole-line shapes: transmission-header lines, page breaks, and the traits
//! of plain text lines.

mod read;

use read::Groups;

use crate::syntax::line::{Ending, Item, Shape, TextTraits};
use crate::syntax::line_scan::{Census, LineScan, is_ascii_space};
use crate::syntax::model::*;
use crate::syntax::shift::Shift;

patterns! {
    HEADER_PATTERNS:
    START = r"^\s*VZCZC([A-Z0-9]{0,12})\s*$";
    PRECEDENCE = r"^\s*(ZZ|OO|PP|RR)((?:\s+[A-Z]{4,8})+)\s*$";
    DE = r"^DE\s+([A-Z]{4,8})\s+#(\d{1,5})(?:/(\d{1,3}))?\s+(\d{3})(\d{2})(\d{2})\s*$";
    DE_LOOSE = r"^DE\s+([A-Z]{4,8})(?:\s+#|\s*$)";
    ZN = r"^\s*(Z[A-Z]{2})\s+([A-Z]{5})\s+ZZH(?-u:\b)";
    DTG = r"^\s*([ZOPR])(?:\s+([ZOPR]))?\s+(\d\d)(\d\d)(\d\d)(Z?)\s+([A-Za-z]{3,4})\s+(\d{1,4})(?-u:\b)(.*)$";
    FROM = r"^FM\s+(\S.*?)\s*$";
    TO_INFO = r"^(TO|INFO)\s+(\S.*?)\s*$";
    ROUTING = r"^\s*[A-Z0-9]{3,8}/\S";
    MARKER = r"^\s*(BT|NNNN)\s*$";
    PAGE_BREAK = r"^\s*([A-Z][A-Z .'-]*?)\s+(\d{8})\s+(\d{3})(?:[.\s](\d{1,2}))?\s+OF\s+(\d{3})\s*$";
    PAGE_MARK = r"(?-u:\b)(\d{8})\s+(\d{3})(?:[.\s](\d{1,2}))?\s+OF\s+(\d{3})(?-u:\b)";
    CAPTION = r"^\s*[A-Z][A-Z/&.,-]*(?:\s+[A-Z][A-Z/&.,-]*)*\s+(?:FOR|PASS\s+TO|PASS)\s+\S";
}

fn span(caps: &Groups, group: usize) -> Option<Span> {
    caps.get(group)
}

fn number<T: std::str::FromStr>(line: &str, caps: &Groups, group: usize) -> Option<Field<T>> {
    let span = caps.get(group)?;
    Some(Field {
        span,
        value: span.text(line).parse().ok()?,
    })
}

/// The level a ZN classification group stands for.
fn zn_level(code: &str) -> Option<Level> {
    Some(match code {
        "UUUUU" => Level::Unclassified,
        "EEEEE" => Level::Sensitive,
        "CCCCC" => Level::Confidential,
        "SSSSS" => Level::Secret,
        "TTTTT" => Level::TopSecret,
        _ => return None,
    })
}

/// Month number of a three-letter abbreviation.
pub fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let upper = name.to_ascii_uppercase();
    MONTHS
        .iter()
        .position(|m| *m == upper)
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Parses a `TO`/`INFO` entry starting at `offset` in `line`:
/// `[ROUTING/]ADDRESSEE[ PRECEDENCE][ SERIAL]`. Written by hand: as a
/// pattern (a lazy addressee before optional groups) it ran at 2 MB/s on
/// adversarial lines.
fn routing_entry(line: &str, offset: usize) -> RoutingEntry {
    let text = line[offset..].trim_end();
    let shifted = |start: usize, end: usize| Span::new(offset + start, offset + end);
    // `ROUTING/`: one to twelve characters, none of them `/` or a space.
    let routing = text.find('/').filter(|&slash| {
        let prefix = &text[..slash];
        (1..=12).contains(&prefix.chars().count()) && !prefix.chars().any(char::is_whitespace)
    });
    let start = routing.map_or(0, |slash| slash + 1);
    let mut end = text.len();
    let mut serial = None;
    if let Some((token, before)) = last_word(text, start, end)
        && is_serial(&text[token..end])
    {
        serial = Some(shifted(token, end));
        end = before;
    }
    let mut precedence = None;
    if let Some((token, before)) = last_word(text, start, end) {
        match &text[token..end] {
            "IMMEDIATE" => {
                let niact =
                    last_word(text, start, before).filter(|&(t, _)| &text[t..before] == "NIACT");
                let (first, addressee_end) = niact.unwrap_or((token, before));
                precedence = Some(shifted(first, end));
                end = addressee_end;
            }
            "PRIORITY" | "ROUTINE" | "FLASH" => {
                precedence = Some(shifted(token, end));
                end = before;
            }
            _ => {}
        }
    }
    RoutingEntry {
        span: shifted(0, text.len()),
        routing: routing.map(|slash| shifted(0, slash)),
        addressee: (end > start).then(|| shifted(start, end)),
        precedence,
        serial,
    }
}

/// The last word of `text[start..end]` that has white space before it
/// (within that range): its start, and where the white space before it
/// starts.
fn last_word(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let range = &text[start..end];
    if range.is_ascii() {
        // Bytes are characters: no decoding backwards.
        let b = range.as_bytes();
        let space = b.iter().rposition(|&c| is_ascii_space(c))?;
        let before = b[..space]
            .iter()
            .rposition(|&c| !is_ascii_space(c))
            .map_or(0, |i| i + 1);
        return (space + 1 < b.len()).then_some((start + space + 1, start + before));
    }
    let space = range.rfind(char::is_whitespace)?;
    let token = space + range[space..].chars().next().map_or(1, char::len_utf8);
    let before = range[..space].trim_end_matches(char::is_whitespace).len();
    (token < range.len()).then_some((start + token, start + before))
}

/// `1234` or `1234-1240`: one to five digits, twice at most.
fn is_serial(word: &str) -> bool {
    let digits = |s: &str| (1..=5).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    match word.split_once('-') {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(word),
    }
}

/// The shape of a line, given the items already found on it.
pub fn lex_shape(line: &str, scan: &LineScan, items: &[Item]) -> Shape {
    let Some(first) = scan.opening(line).bytes().next() else {
        return Shape::Blank;
    };
    // Every header shape is a short line opening with a capital: skip the
    // patterns for prose.
    if line.len() <= 160
        && first.is_ascii_uppercase()
        && let Some(shape) = header_shape(line, scan)
    {
        return shape;
    }
    Shape::Text(text_traits(line, scan, items))
}

/// The transmission-header or page-break shape of a line, if it has one.
fn header_shape(line: &str, scan: &LineScan) -> Option<Shape> {
    // The line without its opening white space.
    let t = scan.opening(line);
    // Each pattern is tried only when the line opens the way it must.
    let b = t.as_bytes();
    let second_is_space = b.get(1) == Some(&b' ');
    if t.starts_with("VZCZC")
        && let Some(caps) = read::start(line)
    {
        let whole = Span::new(0, line.len());
        return Some(Shape::Start(StartLine {
            span: whole,
            channel: span(&caps, 1).unwrap_or(whole),
        }));
    }
    if b.len() > 3
        && b[0] == b[1]
        && b[2] == b' '
        && let Some(caps) = read::precedence(line)
    {
        let list = caps.get(2).unwrap_or_default();
        let routing = words(line, list);
        return Some(Shape::Precedence(PrecedenceLine {
            span: Span::new(0, line.len()),
            prosign: span(&caps, 1).unwrap_or_default(),
            routing,
        }));
    }
    if line.starts_with("DE ") {
        if let Some(caps) = read::de(line) {
            return Some(Shape::De(Box::new(DeLine {
                span: Span::new(0, line.trim_end().len()),
                station: span(&caps, 1),
                serial: number(line, &caps, 2),
                section: number(line, &caps, 3),
                day_of_year: number(line, &caps, 4),
                time: match (number::<u32>(line, &caps, 5), number::<u32>(line, &caps, 6)) {
                    (Some(h), Some(m)) => Some(Field {
                        span: Span::new(h.span.start, m.span.end),
                        value: (h.value, m.value),
                    }),
                    _ => None,
                },
                well_formed: true,
            })));
        }
        if let Some(caps) = DE_LOOSE.captures(line) {
            return Some(Shape::De(Box::new(DeLine {
                span: Span::new(0, line.trim_end().len()),
                station: caps.get(1).map(|m| Span::new(m.start(), m.end())),
                serial: None,
                section: None,
                day_of_year: None,
                time: None,
                well_formed: false,
            })));
        }
    }
    if b[0] == b'Z'
        && let Some(caps) = read::zn(line)
    {
        let code = span(&caps, 2).unwrap_or_default();
        return Some(Shape::Zn(ZnLine {
            span: Span::new(0, line.trim_end().len()),
            code,
            level: zn_level(code.text(line)),
        }));
    }
    if second_is_space
        && matches!(b[0], b'Z' | b'O' | b'P' | b'R')
        && let Some(caps) = read::dtg(line)
    {
        return Some(Shape::Dtg(Box::new(dtg(line, &caps))));
    }
    if line.starts_with("FM ")
        && let Some(caps) = read::from(line)
    {
        return Some(Shape::From(span(&caps, 1).unwrap_or_default()));
    }
    if (line.starts_with("TO ") || line.starts_with("INFO "))
        && let Some(caps) = read::to_info(line)
    {
        let offset = caps.get(2).map_or(0, |m| m.start);
        let entry = routing_entry(line, offset);
        return Some(if line.starts_with("TO") {
            Shape::To(Box::new(entry))
        } else {
            Shape::Info(Box::new(entry))
        });
    }
    if may_open_routing(b) && ROUTING.is_match(line) {
        let offset = line.len() - line.trim_start().len();
        return Some(Shape::Routing(Box::new(routing_entry(line, offset))));
    }
    let t_end = scan.trim_end(t);
    if matches!(t_end, "BT" | "NNNN")
        && let Some(caps) = read::marker(line)
    {
        return Some(Shape::Marker(span(&caps, 1).unwrap_or_default()));
    }
    if t_end.ends_with(|c: char| c.is_ascii_digit())
        && t.contains(" OF ")
        && let Some(caps) = read::page_break(line)
        && let Some(page) = page_break(line, &caps, caps.get(1).map_or(0, |p| p.start))
    {
        return Some(Shape::PageBreak(page));
    }
    None
}

/// The page break whose serial, page, part and page count are groups 2-5
/// of `caps`, starting at `start`: the post's first byte.
fn page_break(line: &str, caps: &Groups, start: usize) -> Option<PageBreak> {
    let serial = number::<u32>(line, caps, 2)?;
    let page = number::<u32>(line, caps, 3)?;
    let total = number::<u32>(line, caps, 5)?;
    Some(PageBreak {
        span: Span::new(start, total.span.end),
        serial: serial.value,
        page: Field {
            span: Span::new(page.span.start, total.span.end),
            value: (page.value, total.value),
        },
        continued: caps.get(4).is_some(),
    })
}

/// The page-break lines that lost line breaks ran into a text line, before
/// it (`…raise the issue. BRASILIA 00001412 005 OF 006`), after it
/// (`BRASILIA 00000469 002 OF 009 ------`) or both, one or more to a line:
/// the serial and page after one to three capitalised words, the post.
pub(super) fn page_marks(text: &str) -> impl Iterator<Item = PageBreak> + '_ {
    PAGE_MARK
        .captures_iter(text)
        .filter_map(|caps| page_mark(text, &caps))
}

/// The page-break line of one [`PAGE_MARK`] match, if capitalised words
/// (the post) come before it.
fn page_mark(text: &str, caps: &regex::Captures) -> Option<PageBreak> {
    let digits = caps.get(1)?.start();
    let capital = |word: &&str| {
        word.starts_with(|c: char| c.is_ascii_uppercase())
            && word
                .bytes()
                .all(|b| b.is_ascii_uppercase() || matches!(b, b'.' | b'\'' | b'-'))
    };
    // The post's first word: its offset within `text`.
    let post = text[..digits]
        .split_whitespace()
        .rev()
        .take(3)
        .take_while(capital)
        .last()?;
    let start = post.as_ptr() as usize - text.as_ptr() as usize;
    let span = |group: usize| caps.get(group).map(|m| Span::new(m.start(), m.end()));
    let mut groups = Groups::default()
        .with(2, span(1)?)
        .with(3, span(2)?)
        .with(5, span(4)?);
    if let Some(part) = span(3) {
        groups = groups.with(4, part);
    }
    page_break(text, &groups, start)
}

/// Whether a line given without its opening white space may open as
/// `ROUTING` says: three to eight capitals or digits, then `/`.
fn may_open_routing(t: &[u8]) -> bool {
    t.len() > 3
        && t[..3]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && t.iter().take(10).any(|&c| c == b'/')
}

/// Each whitespace-separated word inside `within`.
fn words(line: &str, within: Span) -> Vec<Span> {
    let text = within.text(line);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(Span::new(within.start + s, within.start + i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

fn dtg(line: &str, caps: &Groups) -> Dtg {
    let precedence = [1, 2]
        .into_iter()
        .filter_map(|g| {
            let span = caps.get(g)?;
            Some(Field {
                span,
                value: span.text(line).chars().next()?,
            })
        })
        .collect();
    let field = |g| Field {
        span: span(caps, g).unwrap_or_default(),
        value: number::<u32>(line, caps, g).map_or(0, |f| f.value),
    };
    let month = Field {
        span: caps.get(7).unwrap_or_default(),
        value: caps.get(7).and_then(|m| month_number(m.text(line))),
    };
    let year = Field {
        span: caps.get(8).unwrap_or_default(),
        value: caps
            .get(8)
            .filter(|m| m.end - m.start == 2)
            .and_then(|m| m.text(line).parse().ok()),
    };
    let trailing = caps.get(9).and_then(|m| {
        let text = m.text(line);
        let lead = text.len() - text.trim_start().len();
        let t = text.trim();
        (!t.is_empty()).then(|| Span::new(m.start + lead, m.start + lead + t.len()))
    });
    Dtg {
        span: Span::new(line.len() - line.trim_start().len(), line.trim_end().len()),
        precedence,
        day: field(3),
        hour: field(4),
        minute: field(5),
        zone: span(caps, 6).filter(|s| !s.is_empty()),
        month,
        year,
        trailing,
    }
}

/// Heading, caption and signature traits of a text line.
fn text_traits(line: &str, scan: &LineScan, items: &[Item]) -> TextTraits {
    // Blank out HTML residue and entity brackets so the traits see words only.
    let residue = items
        .iter()
        .any(|i| matches!(i, Item::Markup(_) | Item::Entity(_)));
    let plain: std::borrow::Cow<str> = if residue {
        let mut bytes: Vec<u8> = line.as_bytes().to_vec();
        for item in items {
            match item {
                Item::Markup(s) => blank(&mut bytes, *s),
                Item::Entity(e) => {
                    blank(&mut bytes, e.opener);
                    if e.closed {
                        blank(&mut bytes, Span::new(e.text.end, e.span.end));
                    }
                }
                _ => {}
            }
        }
        std::borrow::Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
    } else {
        std::borrow::Cow::Borrowed(line)
    };
    // Without residue the scan knows where the text starts.
    let opening = if residue {
        plain.trim_start()
    } else {
        scan.opening(line)
    };
    let lead = plain.len() - opening.len();
    let trimmed = if residue {
        opening.trim_end()
    } else {
        scan.trim_end(opening)
    };
    let content = Span::new(lead, lead + trimmed.len());
    // Lines longer than this count as having lower case.
    let has_lower = trimmed.len() > 200
        || if residue {
            trimmed.chars().any(char::is_lowercase)
        } else {
            scan.lower(line)
        };
    let starts_digit = trimmed.starts_with(|c: char| c.is_ascii_digit() || c == '¶' || c == '(');
    let field = || {
        items
            .iter()
            .any(|i| matches!(i, Item::Keyword { .. } | Item::Banner(_)))
    };
    // Headings and titles are short: the counts are taken last, and only
    // for short lines.
    let heading = !has_lower
        && trimmed.len() <= 90
        && !starts_digit
        && !matches!(
            trimmed.as_bytes().last(),
            Some(b'.' | b',' | b';' | b':' | b'-')
        )
        && !field()
        && {
            let census = Census::of(trimmed);
            census.letters >= 3 && census.words <= 12
        };
    // The drafter's name may be followed by the end-of-message marker.
    let signed = trimmed.strip_suffix("NNNN").map_or(trimmed, str::trim_end);
    // The last word, which the title and the signature tests both read.
    let word = scan.last_word(signed);
    let title = has_lower
        && !starts_digit
        && trimmed.len() <= 80
        && !matches!(
            trimmed.as_bytes().last(),
            Some(b'.' | b',' | b';' | b':' | b'-' | b'"')
        )
        && !trimmed.ends_with('”')
        && scan.title_words(
            trimmed,
            if signed.len() == trimmed.len() {
                word
            } else {
                scan.last_word(trimmed)
            },
        )
        && !field();
    let underline = trimmed.len() >= 3 && trimmed.bytes().all(|c| c == b'-' || c == b'=');
    // A caption holds `FOR` or `PASS`.
    let caption = !has_lower && holds_for_or_pass(plain.as_bytes()) && CAPTION.is_match(&plain);
    let alone = word.len() == signed.len();
    let surname = word.len() >= 2 && word.bytes().all(|c| c.is_ascii_uppercase())
        || alone
            && word.len() >= 3
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && word[1..].bytes().all(|c| c.is_ascii_lowercase());
    let after_sentence = || {
        signed[..signed.len() - word.len()]
            .trim_end()
            .ends_with(['.', '"', '”', '!', '?'])
    };
    let last_word = (surname && (alone || after_sentence())).then(|| {
        let end = lead + signed.len();
        Span::new(end - word.len(), end)
    });
    TextTraits {
        heading,
        title,
        caption,
        content,
        last_word,
        underline,
    }
}

/// How a line's text ends, and the number ending it, if any. A heading
/// ends where its paragraph begins, unless it ends in a word a number
/// follows: a line of capitalised words may be prose that ends in a month
/// (`Admiral Francisco Torrente on September` / `¶15. Charge told`).
pub fn line_end(text: &str, shape: &Shape) -> (Ending, Option<Field<u32>>) {
    let trimmed = text.trim();
    let ending = match (shape, ending(trimmed)) {
        (Shape::Blank, _) => return (Ending::Closed, None),
        (_, Ending::Referring) => Ending::Referring,
        (Shape::Text(t), _) if t.heading || t.title => Ending::Closed,
        (_, ending) => ending,
    };
    let lead = text.len() - text.trim_start().len();
    let number = trailing_number(trimmed).map(|mut n| {
        n.span.shift_by(lead);
        n
    });
    (ending, number)
}

/// How a line's trimmed text ends. A line longer than a hard-wrapped one
/// holds a paragraph of its own (the one-line-a-paragraph files): a number
/// opening the next line opens the next paragraph, unless the line ends
/// with a word that refers to it, a month its day follows or another word
/// a number follows (`see para` / `¶6.`, `expected August` / `¶13.`, `the
/// age of` / `¶16.`, `Law No.` / `2.`: the lost line break of a conversion).
fn ending(text: &str) -> Ending {
    let Some(last) = text.chars().next_back() else {
        return Ending::Closed;
    };
    if last == ',' && text.len() <= 90 {
        return Ending::Open;
    }
    let whole = text.len() > 90;
    // `Banking Law No.` / `2.The`: the number is the law's (not after
    // `Answer: No.`).
    let numero = text.strip_suffix('.').is_some_and(|t| {
        ["No", "Nos", "no", "nos"].iter().any(|w| {
            t.strip_suffix(w)
                .and_then(|before| before.strip_suffix(' '))
                .is_some_and(|before| before.ends_with(char::is_alphabetic))
        })
    });
    if numero {
        return Ending::Referring;
    }
    if !last.is_alphanumeric() {
        return if whole { Ending::Whole } else { Ending::Closed };
    }
    let mut words = text
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let word = words.next().unwrap_or("");
    let one_of = |list: &[&str]| list.iter().any(|w| word.eq_ignore_ascii_case(w));
    // `see paragraph`, or a list of numbers going on: `paragraphs 3 and`.
    let referring = one_of(&[
        "para",
        "paras",
        "paragraph",
        "paragraphs",
        "page",
        "pages",
        "see",
    ]) || one_of(MONTHS)
        // A word a number follows, which no paragraph ends with: `under
        // the age of` / `¶16. The GOB`, `Resolution` / `1325.`.
        || [
            "of", "the", "a", "an", "at", "by", "for", "from", "than", "about", "nearly",
            "approximately", "some",
        ]
        .contains(&word)
        || [
            "number", "article", "articles", "resolution", "law", "decree", "chapter", "annex",
            "item", "items", "question", "questions",
        ]
        .iter()
        .any(|w| {
            // As written, or capitalised (`Resolution`).
            word == *w
                || word.len() == w.len()
                    && word.as_bytes()[0] == w.as_bytes()[0].to_ascii_uppercase()
                    && word[1..] == w[1..]
        })
        || one_of(&["and", "or", "to", "through", "thru"])
            && words
                .next()
                .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()));
    if referring {
        Ending::Referring
    } else if whole {
        Ending::Whole
    } else {
        Ending::Open
    }
}

/// Month names and their abbreviations, which a day's number follows.
pub const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// The months' full names: the first twelve of [`MONTHS`].
pub const MONTH_NAMES: &[&str] = MONTHS.split_at(12).0;

/// One or two digits ending a line after white space or a dash.
fn trailing_number(text: &str) -> Option<Field<u32>> {
    let digits = text.len() - text.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let start = text.len() - digits;
    let before = text[..start].chars().next_back()?;
    if !(before.is_whitespace() || before == '-') {
        return None;
    }
    Some(Field {
        span: Span::new(start, text.len()),
        value: text[start..].parse().ok()?,
    })
}

/// Whether `text` holds `FOR` or `PASS`: one search for both.
fn holds_for_or_pass(text: &[u8]) -> bool {
    memchr::memchr2_iter(b'F', b'P', text)
        .any(|at| text[at..].starts_with(b"FOR") || text[at..].starts_with(b"PASS"))
}

fn blank(bytes: &mut [u8], span: Span) {
    if let Some(part) = bytes.get_mut(span.start..span.end) {
        part.fill(b' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(line: &str) -> Shape {
        lex_shape(line, &LineScan::of(line), &[])
    }

    #[test]
    fn words_a_number_follows_refer_on() {
        for line in [
            "prohibits the employment of children under the age of",
            "under the terms of Banking Law No.",
            "as called for in Resolution",
            "please see para",
            "expected to render a decision September",
        ] {
            assert_eq!(ending(line), Ending::Referring, "{line:?}");
        }
        for line in [
            "Answer: No.",
            "Unmonitored Resources - N/A",
            "No.",
            "the talks went on.",
        ] {
            assert_ne!(ending(line), Ending::Referring, "{line:?}");
        }
        let long = "a line long enough to hold the whole paragraph it opens, as the one-line-a-paragraph files write them";
        assert_eq!(ending(long), Ending::Whole);
        assert_eq!(ending(&format!("{long} of")), Ending::Referring);
    }

    /// The pattern the hand-written entry parser replaced, as its oracle.
    fn entry_by_pattern(text: &str) -> RoutingEntry {
        let pattern = regex::Regex::new(
            r"^(?:([^/\s]{1,12})/)?(.*?)(?:\s+((?:NIACT\s+)?IMMEDIATE|PRIORITY|ROUTINE|FLASH))?(?:\s+([0-9]{1,5}(?:-[0-9]{1,5})?))?$",
        )
        .unwrap();
        let caps = Groups::of(&pattern.captures(text).unwrap());
        RoutingEntry {
            span: Span::new(0, text.len()),
            routing: span(&caps, 1),
            addressee: span(&caps, 2).filter(|s| !s.is_empty()),
            precedence: span(&caps, 3),
            serial: span(&caps, 4),
        }
    }

    proptest::proptest! {
        #[test]
        fn the_routing_test_passes_every_routing_line(
            line in "[ \t\u{a0}]{0,2}[A-Z0-9a-z]{2,9}/[/A-Z ’]{0,3}",
        ) {
            let opening = line.trim_start().as_bytes();
            proptest::prop_assert!(!ROUTING.is_match(&line) || may_open_routing(opening), "{:?}", line);
        }

        #[test]
        fn for_or_pass_is_found_as_by_two_searches(text in "(F|FO|FOR|P|PA|PASS|PAS|O|R|S| |é){0,6}") {
            proptest::prop_assert_eq!(
                holds_for_or_pass(text.as_bytes()),
                text.contains("FOR") || text.contains("PASS")
            );
        }

        #[test]
        fn routing_entries_parse_as_the_pattern_did(
            words in proptest::collection::vec(
                "RUEHC/|RUEHC|/|SECSTATE|AMEMBASSY|WASHDC|NIACT|IMMEDIATE|PRIORITY|ROUTINE|FLASH|1234|12345|123456|12-34|7-|’|ÉTAT|A/B/C|[ \t]{1,2}",
                0..8,
            )
        ) {
            let text = words.concat();
            let text = text.trim();
            proptest::prop_assert_eq!(routing_entry(text, 0), entry_by_pattern(text), "{:?}", text);
        }
    }

    #[test]
    fn transmission_lines() {
        assert!(matches!(shape("VZCZCXRO1864"), Shape::Start(_)));
        let Shape::Precedence(p) = shape("RR RUEHDBU RUEHFL") else {
            panic!("precedence")
        };
        assert_eq!(p.routing.len(), 2);
        let Shape::De(de) = shape("DE RUEHDBU #1151/01 2891223") else {
            panic!("de")
        };
        assert!(de.well_formed);
        assert_eq!(de.serial.map(|s| s.value), Some(1151));
        assert_eq!(de.day_of_year.map(|s| s.value), Some(289));
        let Shape::De(de) = shape("DE RUEHDBU #11X1 2891223") else {
            panic!("loose de")
        };
        assert!(!de.well_formed);
        let Shape::Dtg(d) = shape("O P 101039Z MAY 06") else {
            panic!("dtg")
        };
        assert_eq!(d.precedence.len(), 2);
        assert_eq!((d.day.value, d.hour.value, d.minute.value), (10, 10, 39));
        assert_eq!((d.month.value, d.year.value), (Some(5), Some(6)));
        let Shape::To(to) = shape("TO RUEHC/SECSTATE WASHDC IMMEDIATE 7466") else {
            panic!("to")
        };
        let line = "TO RUEHC/SECSTATE WASHDC IMMEDIATE 7466";
        assert_eq!(to.routing.map(|s| s.text(line)), Some("RUEHC"));
        assert_eq!(to.addressee.map(|s| s.text(line)), Some("SECSTATE WASHDC"));
        assert_eq!(to.precedence.map(|s| s.text(line)), Some("IMMEDIATE"));
        assert_eq!(to.serial.map(|s| s.text(line)), Some("7466"));
        assert!(matches!(
            shape("DUSHANBE 00000862 002 OF 003"),
            Shape::PageBreak(_)
        ));
        assert!(matches!(shape("ZNY CCCCC ZZH"), Shape::Zn(_)));
    }

    #[test]
    fn text_traits_find_headings_and_signatures() {
        let Shape::Text(t) = shape("DOMESTIC POLITICS") else {
            panic!("text")
        };
        assert!(t.heading);
        let Shape::Text(t) = shape("HOAGLAND") else {
            panic!("text")
        };
        assert_eq!(t.last_word, Some(Span::new(0, 8)));
        let Shape::Text(t) = shape("under Russian auspices. BURNS") else {
            panic!("text")
        };
        assert!(t.last_word.is_some());
        let Shape::Text(t) = shape("STATE FOR EUR/CACEN, EUR/RUS") else {
            panic!("text")
        };
        assert!(t.caption);
    }
}
