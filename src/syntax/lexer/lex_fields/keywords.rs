//! Header keywords in a line: one the line opens with (any case, every
//! spelling: `Subj:`, `REFTELS:`, `E. O. 12958`) and the unambiguous
//! upper-case forms anywhere after it (the annotated flavour runs several
//! fields together on one line).
//!
//! ASCII lines, nearly all, are read by hand as the patterns would read
//! them; other lines go to the patterns (whose `\s` and `\d` are
//! Unicode's). The patterns stay as the readers' test oracles: a capture
//! search cost more than a microsecond, and every keyword line ran one or
//! two.

use regex::Captures;

use crate::syntax::cursor::{Cursor, is_word};
use crate::syntax::line::Keyword;
use crate::syntax::line_scan::is_ascii_space;
use crate::syntax::model::Span;

patterns! {
    KEYWORD_PATTERNS:
    /// Keywords accepted at the start of a line, in any case.
    LINE_KEYWORD = r"^\s*(?:<code><pre>)?\s*(?i:(SIPDIS)(?-u:\b)|(E\.?\s?O\.?\s?:?\s?1\d{4})(?-u:\b):?|(TAG(?:S|ES)?)(?:\s*:|\s)|(SUBJ(?:ECT)?)\s*:|(REF(?:S|TEL|TELS)?)\s*:|(CLASSIFIED\s+BY)(?-u:\b)\s*:?)";
    /// Keywords accepted anywhere in a line: upper case, unambiguous forms.
    /// The forms too distinctive to be part of a word (`SIPDIS`, `E.O.
    /// 12958`, `TAGS:`, `SUBJECT:`, `REF:`) also where a lost line break
    /// glued them to the word before (`003352SIPDIS`, `2019TAGS:`). After
    /// a colon, TAGS may be followed by codes run together (`TAGS:
    /// KFRDCVISCMGT…`); at a word's start, `Tags:` and `Subject:` (a header
    /// run onto one line: `decl: 01/07/2014 Tags: prel, pgov Subject: …`)
    /// and `TAG PTER,` (the keyword's singular) count too.
    MID_KEYWORD = r"(?:(SIPDIS)(?-u:\b)|(E\.O\.\s?1\d{4}|(?-u:\b)EO\s1\d{4})(?-u:\b):?|(?-u:\b)(TAGS)\s*:?\s+(?:\[|[A-Z]{2,5}(?-u:\b))|(TAGS)\s*:\s+(?:\[|[A-Z]{2,}(?-u:\b))|(?-u:\b)(Tags):\s+[A-Za-z]{2,5}(?-u:\b)|(?-u:\b)(TAG)\s+[A-Z]{2,5},|(SUBJECT):|(?-u:\b)(Subject):|(REF):|(?-u:\b)(CLASSIFIED\s+BY)(?-u:\b)\s*:?)|(?i:(?-u:\b)(reasons?)(?-u:\b)\s*:?\s*1\.[45])";
    /// Literals one of which every mid-line keyword contains.
    KEYWORD_HINT = r"SIPDIS|E\.O\.|EO 1|TAG|Tags:|SUBJECT:|Subject:|REF:|CLASSIFIED|eason|EASON";
}

/// The keywords in the order of [`LINE_KEYWORD`]'s capture groups.
const LINE_KINDS: &[Keyword] = &[
    Keyword::Sipdis,
    Keyword::Eo,
    Keyword::Tags,
    Keyword::Subject,
    Keyword::Ref,
    Keyword::ClassifiedBy,
    Keyword::Reason,
];

/// The keywords in the order of [`MID_KEYWORD`]'s capture groups.
const MID_KINDS: &[Keyword] = &[
    Keyword::Sipdis,
    Keyword::Eo,
    Keyword::Tags,
    Keyword::Tags,
    Keyword::Tags,
    Keyword::Tags,
    Keyword::Subject,
    Keyword::Subject,
    Keyword::Ref,
    Keyword::ClassifiedBy,
    Keyword::Reason,
];

/// One keyword a pattern matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Match {
    /// Which keyword (the pattern's group).
    keyword: Keyword,
    /// The keyword as written (the group's span).
    span: Span,
    /// Where the whole match ends.
    end: usize,
}

impl Match {
    /// The match of a keyword pattern whose groups stand for `kinds`: its
    /// first group that took part.
    fn of(caps: &Captures, kinds: &[Keyword]) -> Option<Match> {
        let end = caps.get(0)?.end();
        (1..caps.len()).zip(kinds).find_map(|(group, &keyword)| {
            let m = caps.get(group)?;
            Some(Match {
                keyword,
                span: Span::new(m.start(), m.end()),
                end,
            })
        })
    }
}

/// Keywords on the line from byte `from`, in order, with their spans.
/// `opening` is where a field may open (its `field_opening`); `hints` says
/// whether the line holds a literal of a mid-line keyword; `ascii` whether
/// it is all ASCII.
pub fn find_keywords(
    line: &str,
    opening: &str,
    from: usize,
    hints: bool,
    ascii: bool,
) -> Vec<(Keyword, Span)> {
    let mut found = Vec::new();
    let mut pos = from;
    if from == 0 && may_open_field(opening) {
        let first = if ascii {
            line_keyword(line)
        } else {
            LINE_KEYWORD
                .captures(line)
                .as_ref()
                .and_then(|c| Match::of(c, LINE_KINDS))
        };
        if let Some(m) = first {
            found.push((m.keyword, m.span));
            pos = m.end;
        }
    }
    let Some(rest) = line.get(pos..) else {
        return found;
    };
    // A literal search keeps the full pattern off ordinary prose.
    if !hints || !KEYWORD_HINT.is_match(rest) {
        return found;
    }
    let mut push = |m: Match| {
        found.push((m.keyword, Span::new(pos + m.span.start, pos + m.span.end)));
    };
    if ascii {
        mid_keywords(rest, &mut push);
    } else {
        MID_KEYWORD
            .captures_iter(rest)
            .filter_map(|caps| Match::of(&caps, MID_KINDS))
            .for_each(push);
    }
    found
}

/// Whether a line's opening (after blanks and `<code><pre>`) may be one
/// of the keywords the line-start pattern accepts: `SIPDIS`, `E.O.` (in
/// all its spellings), `TAGS`, `SUBJECT`, `REF`, `CLASSIFIED BY`.
fn may_open_field(opening: &str) -> bool {
    // Each keyword opens with one of these letters.
    let first = opening.as_bytes().first().map(u8::to_ascii_uppercase);
    if !matches!(first, Some(b'E' | b'S' | b'T' | b'R' | b'C')) {
        return false;
    }
    // `E.O.`, `EO`, `E O`: an `E` then a stop, an `O` or white space.
    let eo = opening
        .strip_prefix(['E', 'e'])
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| matches!(c, '.' | 'O' | 'o') || c.is_whitespace());
    eo || ["SIPDIS", "TAG", "SUBJ", "REF", "CLASSIFIED"]
        .iter()
        .any(|p| starts_with_ignoring_case(opening, p))
}

/// Whether `text` starts with the ASCII `prefix`, in any case.
fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Tries each of `suffixes` after the cursor in turn (in any case), as an
/// alternation of them does, and takes the first that `tail` accepts:
/// where the suffix ends and where the tail does.
fn first_suffix(
    c: Cursor,
    suffixes: &[&[u8]],
    tail: impl Fn(&mut Cursor) -> bool,
) -> Option<(usize, usize)> {
    suffixes.iter().find_map(|suffix| {
        let mut t = c;
        t.literal_ignoring_case(suffix)?;
        let suffix_end = t.at;
        tail(&mut t).then_some((suffix_end, t.at))
    })
}

/// `1\d{4}(?-u:\b)`: an executive order's number.
fn order_number(c: &mut Cursor) -> Option<()> {
    c.literal(b"1")?;
    let digits = c.run(u8::is_ascii_digit, 4);
    (digits.end - digits.start == 4 && c.word_ends()).then_some(())
}

/// `CLASSIFIED\s+BY(?-u:\b)` (in any case when `any_case`), then
/// `\s*:?`: where `BY` ends, and where the match does.
fn classified_by(mut c: Cursor, any_case: bool) -> Option<(usize, usize)> {
    let word = |c: &mut Cursor, word: &[u8]| {
        if any_case {
            c.literal_ignoring_case(word)
        } else {
            c.literal(word)
        }
    };
    word(&mut c, b"CLASSIFIED")?;
    c.spaces1()?;
    word(&mut c, b"BY")?;
    if !c.word_ends() {
        return None;
    }
    let by = c.at;
    c.spaces();
    c.optional(b':');
    Some((by, c.at))
}

/// [`LINE_KEYWORD`] read by hand on an ASCII line.
fn line_keyword(line: &str) -> Option<Match> {
    let mut c = Cursor::new(line);
    c.spaces();
    c.literal(b"<code><pre>");
    c.spaces();
    let start = c.at;
    let found = |keyword, group_end, end| {
        Some(Match {
            keyword,
            span: Span::new(start, group_end),
            end,
        })
    };
    match c.peek()?.to_ascii_lowercase() {
        b's' if c.literal_ignoring_case(b"SIPDIS").is_some() => {
            if c.word_ends() {
                found(Keyword::Sipdis, c.at, c.at)
            } else {
                None
            }
        }
        b's' => {
            c.literal_ignoring_case(b"SUBJ")?;
            let (group_end, end) = first_suffix(c, &[b"ECT", b""], |t| {
                t.spaces();
                t.optional(b':')
            })?;
            found(Keyword::Subject, group_end, end)
        }
        b'e' => {
            c.literal_ignoring_case(b"E")?;
            c.optional(b'.');
            c.optional_space();
            c.literal_ignoring_case(b"O")?;
            c.optional(b'.');
            c.optional_space();
            c.optional(b':');
            c.optional_space();
            order_number(&mut c)?;
            let group_end = c.at;
            c.optional(b':');
            found(Keyword::Eo, group_end, c.at)
        }
        b't' => {
            c.literal_ignoring_case(b"TAG")?;
            // `\s*:`, else one byte of white space.
            let (group_end, end) = first_suffix(c, &[b"S", b"ES", b""], |t| {
                let mut colon = *t;
                colon.spaces();
                if colon.optional(b':') {
                    *t = colon;
                    true
                } else {
                    let space = t.peek().is_some_and(is_ascii_space);
                    t.at += usize::from(space);
                    space
                }
            })?;
            found(Keyword::Tags, group_end, end)
        }
        b'r' => {
            c.literal_ignoring_case(b"REF")?;
            let (group_end, end) = first_suffix(c, &[b"S", b"TEL", b"TELS", b""], |t| {
                t.spaces();
                t.optional(b':')
            })?;
            found(Keyword::Ref, group_end, end)
        }
        b'c' => {
            let (group_end, end) = classified_by(c, true)?;
            found(Keyword::ClassifiedBy, group_end, end)
        }
        _ => None,
    }
}

/// `TAGS`, then a colon or (at a word's start) white space, then `[` or a
/// code: two to five capitals, or after a colon any run of two or more:
/// where the match ends.
fn tags_at(mut c: Cursor, boundary: bool) -> Option<usize> {
    c.literal(b"TAGS")?;
    let spaces = c.spaces();
    let colon = c.optional(b':');
    if colon {
        c.spaces1()?;
    } else if spaces == 0 || !boundary {
        return None;
    }
    if !c.optional(b'[') {
        let code = c.run(u8::is_ascii_uppercase, if colon { usize::MAX } else { 6 });
        let len = code.end - code.start;
        let fits = if colon {
            len >= 2
        } else {
            (2..=5).contains(&len)
        };
        if !fits || !c.word_ends() {
            return None;
        }
    }
    Some(c.at)
}

/// Every [`MID_KEYWORD`] match in an ASCII text, read by hand, in order.
fn mid_keywords(text: &str, found: &mut impl FnMut(Match)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let may_start = matches!(b[i], b'S' | b'E' | b'T' | b'R' | b'C' | b'r');
        let boundary = i == 0 || !is_word(&b[i - 1]);
        if may_start && let Some(m) = mid_keyword_at(text, i, boundary) {
            found(m);
            i = m.end;
        } else {
            i += 1;
        }
    }
}

/// The [`MID_KEYWORD`] match starting at byte `start` of an ASCII text;
/// `boundary` says whether a word starts there.
fn mid_keyword_at(text: &str, start: usize, boundary: bool) -> Option<Match> {
    let found = |keyword, len: usize, end| {
        Some(Match {
            keyword,
            span: Span::new(start, start + len),
            end,
        })
    };
    let mut c = Cursor::at(text, start);
    match text.as_bytes()[start] {
        b'S' if c.literal(b"SIPDIS").is_some() => {
            if c.word_ends() {
                found(Keyword::Sipdis, 6, c.at)
            } else {
                None
            }
        }
        b'S' => {
            if c.literal(b"SUBJECT:").is_none() {
                if !boundary {
                    return None;
                }
                c.literal(b"Subject:")?;
            }
            found(Keyword::Subject, 7, c.at)
        }
        b'E' => {
            if c.literal(b"E.O.").is_some() {
                c.optional_space();
            } else {
                if !boundary {
                    return None;
                }
                c.literal(b"EO")?;
                if !c.peek().is_some_and(is_ascii_space) {
                    return None;
                }
                c.at += 1;
            }
            order_number(&mut c)?;
            let group_end = c.at;
            c.optional(b':');
            found(Keyword::Eo, group_end - start, c.at)
        }
        b'T' => {
            if let Some(end) = tags_at(c, boundary) {
                return found(Keyword::Tags, 4, end);
            }
            if !boundary {
                return None;
            }
            // `Tags: prel`: two to five letters, in any case.
            let mut t = c;
            if t.literal(b"Tags:").is_some() && t.spaces1().is_some() {
                let code = t.run(u8::is_ascii_alphabetic, 6);
                if (2..=5).contains(&(code.end - code.start)) && t.word_ends() {
                    return found(Keyword::Tags, 4, t.at);
                }
            }
            // `TAG PTER,`.
            c.literal(b"TAG")?;
            c.spaces1()?;
            let code = c.run(u8::is_ascii_uppercase, 6);
            if !(2..=5).contains(&(code.end - code.start)) {
                return None;
            }
            c.literal(b",")?;
            found(Keyword::Tags, 3, c.at)
        }
        b'R' if c.literal(b"REF:").is_some() => found(Keyword::Ref, 3, c.at),
        b'C' if boundary => {
            let (group_end, end) = classified_by(c, false)?;
            found(Keyword::ClassifiedBy, group_end - start, end)
        }
        b'R' | b'r' if boundary => {
            c.literal_ignoring_case(b"REASON")?;
            let before_s = c;
            if !(c.literal_ignoring_case(b"S").is_some() && c.word_ends()) {
                c = before_s;
                if !c.word_ends() {
                    return None;
                }
            }
            let group_end = c.at;
            c.spaces();
            c.optional(b':');
            c.spaces();
            c.literal(b"1.")?;
            if !matches!(c.peek(), Some(b'4' | b'5')) {
                return None;
            }
            found(Keyword::Reason, group_end - start, c.at + 1)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(line: &str) {
        assert!(line.is_ascii());
        let first = LINE_KEYWORD
            .captures(line)
            .as_ref()
            .and_then(|c| Match::of(c, LINE_KINDS));
        assert_eq!(line_keyword(line), first, "line: {line:?}");
        let mut hand = Vec::new();
        mid_keywords(line, &mut |m| hand.push(m));
        let pattern: Vec<Match> = MID_KEYWORD
            .captures_iter(line)
            .filter_map(|caps| Match::of(&caps, MID_KINDS))
            .collect();
        assert_eq!(hand, pattern, "mid: {line:?}");
        let opening = super::super::field_opening(line.trim_start());
        assert_eq!(
            find_keywords(line, opening, 0, true, true),
            find_keywords(line, opening, 0, true, false),
            "all: {line:?}"
        );
    }

    #[test]
    fn real_keyword_lines_read_as_their_patterns() {
        for line in [
            "SUBJECT: MEETING WITH THE MINISTER",
            "Subj:  Visit",
            "REFTELS: A. STATE 1234",
            "REF: STATE 214783",
            "REFS : A) 09 MOSCOW 1",
            "TAGS: PREL, PGOV",
            "TAGES PREL",
            "TAGS PREL",
            "E.O. 12958: DECL: 12/2/2015",
            "E. O. 12958",
            "EO 12958 DECL: N/A",
            "E.O.: 12958",
            "CLASSIFIED BY: Joe Smith, Ambassador, REASONS: 1.4 (B) AND (D)",
            "Classified by DCM Jane Doe for reasons 1.4(b) and (d)",
            "<code><pre>SIPDIS STATE FOR P",
            "S E C R E T DUSHANBE 001921 SIPDIS STATE FOR P EO 12958 DECL: 12/2/2015 TAGS PREL , PGOV , RS , [ORG TI SUBJECT: MEETING  ] WITH X REF: STATE 214783 CLASSIFIED BY: Joe",
            "for the reason: 1.5 that",
            "E.O. 12958: N/A TAGS: KFRDCVISCMGTCASCKOCIASECPHUMSMIGEG",
            "E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu Subject: turkish p.m.",
            "E.O. 12958:  DECL: 03/20/2019 TAG PTER, PGOV, ASEC",
        ] {
            same(line);
        }
    }

    #[test]
    fn near_misses_are_turned_away_as_their_patterns_do() {
        for line in [
            "SIPDISX",
            "SUBJECTS: x",
            "TAGSX PREL",
            "TAGS:PREL",
            "TAGS PRELIM",
            "TAGS PREL1",
            "E.O. 129581",
            "EO12958",
            "REFTELSX:",
            "CLASSIFIEDBY",
            "CLASSIFIED BYE",
            "XSIPDIS",
            "the reasons 1.6",
            "treason: 1.4",
            "reasonsx 1.4",
            "xTags: prel",
            "Tags:prel",
            "Tags: prelim",
            "the TAG PRICE is",
            "a TAGPREL, b",
            "xSubject: y",
        ] {
            same(line);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn keywords_read_as_their_patterns(
            line in "(SIPDIS|sipdis|SUBJ|ect|ECT|SUBJECT:|E|e|\\.|O|o|EO|E\\.O\\.|1|12958|[0-9]|TAG|TAGS|ES|s|S|REF|TEL|TELS|REF:|CLASSIFIED|BY|by|REASON|Reason|reasons|1\\.4|1\\.5|:|\\[|PREL|Tags|Subject|[A-Z]{1,6}|[a-z_]{1,2}| |\t|\u{b}|<code><pre>|,){0,12}",
        ) {
            same(&line);
        }
    }
}
