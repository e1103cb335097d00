//! Reading a classification banner (`C O N F I D E N T I A L SECTION 01 OF
//! 02 DUSHANBE 001151`): what [`BANNER`] matches, read by hand on ASCII
//! lines and by the pattern on others (whose `\s` and `\d` are Unicode's).
//!
//! The pattern is anchored, so its match is the first way through its
//! choices in their order of preference: the classification's spellings
//! in turn, the section part taken or not, the post one word long and then
//! longer. The reader tries them in that order. Every banner-shaped line
//! ran a capture search of the pattern, thousands of instructions each.

use regex::Captures;

use super::BANNER;
use crate::syntax::cursor::Cursor;
use crate::syntax::line_scan::is_ascii_space;
use crate::syntax::model::Span;

/// What a banner's groups hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BannerGroups {
    /// The classification words.
    pub class: Span,
    /// The section keyword (`SECTION`, or `SCTION` as some banners spell
    /// it) and the section and section-count numbers.
    pub section: Option<(Span, Span, Span)>,
    /// The post's words.
    pub post: Span,
    /// The serial.
    pub serial: Span,
}

impl BannerGroups {
    /// The groups of a [`BANNER`] match.
    fn of(caps: &Captures) -> Option<BannerGroups> {
        let span = |group| caps.get(group).map(|m| Span::new(m.start(), m.end()));
        // The spaced spelling's groups come first, then the plain one's.
        let first = if span(1).is_some() { 1 } else { 5 };
        Some(BannerGroups {
            class: span(first)?,
            section: match (span(first + 1), span(first + 2), span(first + 3)) {
                (Some(keyword), Some(n), Some(m)) => Some((keyword, n, m)),
                _ => None,
            },
            post: span(9)?,
            serial: span(10)?,
        })
    }
}

/// The banner opening `line`, if it has one.
pub fn read(line: &str) -> Option<BannerGroups> {
    if line.is_ascii() {
        read_ascii(line)
    } else {
        BANNER.captures(line).as_ref().and_then(BannerGroups::of)
    }
}

/// [`BANNER`] read by hand on an ASCII line.
fn read_ascii(line: &str) -> Option<BannerGroups> {
    let mut c = Cursor::new(line);
    c.spaces();
    c.literal_ignoring_case(b"<code><pre>");
    c.spaces();
    let start = c.at;
    for (class_end, letter_spaced) in class_ends(c) {
        let class = Span::new(start, class_end);
        let at = Cursor::at(line, class_end);
        if let Some(section) = section(at)
            && let Some((post, serial)) = post_and_serial(Cursor::at(line, section.2.end), false)
        {
            return Some(BannerGroups {
                class,
                section: Some(section),
                post,
                serial,
            });
        }
        // After a spelling with its letters apart a lost space leaves the
        // post glued to it (`C O N F I D E N T I A LCAIRO 000079`).
        if let Some((post, serial)) = post_and_serial(at, !letter_spaced) {
            return Some(BannerGroups {
                class,
                section: None,
                post,
                serial,
            });
        }
    }
    None
}

/// `W\sO\sR\sD`: the letters of `word` in any case, one byte of white
/// space between each; where it ends.
fn spaced(mut c: Cursor, word: &[u8]) -> Option<usize> {
    for (i, letter) in word.iter().enumerate() {
        if i > 0 {
            if !c.peek().is_some_and(is_ascii_space) {
                return None;
            }
            c.at += 1;
        }
        c.literal_ignoring_case(std::slice::from_ref(letter))?;
    }
    Some(c.at)
}

/// `word` in any case, then for each of `more`, white space and it; where
/// the last ends.
fn words(mut c: Cursor, first: &[u8], more: &[&[u8]]) -> Option<usize> {
    c.literal_ignoring_case(first)?;
    for word in more {
        c.spaces1()?;
        c.literal_ignoring_case(word)?;
    }
    Some(c.at)
}

/// Where each of the classification's spellings that fits at the cursor
/// ends, in the pattern's order of preference, and whether it is spelt
/// with its letters apart.
fn class_ends(c: Cursor) -> Vec<(usize, bool)> {
    let at = |end: usize| {
        let mut moved = c;
        moved.at = end;
        moved
    };
    let mut ends = Vec::new();
    ends.extend(spaced(c, b"CONFIDENTIAL"));
    ends.extend(spaced(c, b"SECRET"));
    ends.extend(spaced(c, b"TOP").and_then(|end| {
        let mut c = at(end);
        c.spaces1()?;
        spaced(c, b"SECRET")
    }));
    ends.extend(spaced(c, b"UNCLASSIFIED"));
    let letter_spaced = ends.len();
    // `UNCLAS(?:SIFIED)?(?:\s+E\sF\sT\sO)?`: each optional part taken first.
    if let Some(unclas) = words(c, b"UNCLAS", &[]) {
        for base in [words(at(unclas), b"SIFIED", &[]), Some(unclas)]
            .into_iter()
            .flatten()
        {
            let mut efto = at(base);
            if efto.spaces1().is_some() {
                ends.extend(spaced(efto, b"EFTO"));
            }
            ends.push(base);
        }
    }
    ends.extend(words(c, b"CONFIDENTIAL", &[]));
    ends.extend(words(c, b"TOP", &[b"SECRET"]));
    ends.extend(words(c, b"SECRET", &[]));
    ends.extend(words(c, b"LIMITED", &[b"OFFICIAL", b"USE"]));
    ends.into_iter()
        .enumerate()
        .map(|(i, end)| (end, i < letter_spaced))
        .collect()
}

/// A run of one to three digits at the cursor (`\d{1,3}`, where white
/// space must follow).
fn small_number(c: &mut Cursor) -> Option<Span> {
    let run = c.run(u8::is_ascii_digit, 4);
    (1..=3).contains(&(run.end - run.start)).then_some(run)
}

/// `\s+(SE?CTION)\s*(\d{1,3})\s+OF\s+(\d{1,3})` in any case: the keyword
/// and the two numbers. Banners spell it `SCTION` and run the number onto
/// it (`SECTION01 OF 03`).
fn section(mut c: Cursor) -> Option<(Span, Span, Span)> {
    c.spaces1()?;
    let start = c.at;
    c.literal_ignoring_case(b"S")?;
    c.literal_ignoring_case(b"E");
    c.literal_ignoring_case(b"CTION")?;
    let keyword = Span::new(start, c.at);
    c.spaces();
    let number = small_number(&mut c)?;
    c.spaces1()?;
    c.literal_ignoring_case(b"OF")?;
    c.spaces1()?;
    let count = small_number(&mut c)?;
    Some((keyword, number, count))
}

/// A post word: a letter, then letters, stops, apostrophes and hyphens.
fn post_word(c: &mut Cursor) -> Option<()> {
    if !c.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    c.run(
        |b| b.is_ascii_alphabetic() || matches!(b, b'.' | b'\'' | b'-'),
        usize::MAX,
    );
    Some(())
}

/// `\s+(POST)\s+(\d{3,7})(?:(?-u:\b)|[A-Z])`, the post one to five words one white
/// space apart, as few as will do: the post's and the serial's spans. After
/// a section's count the post may follow without white space
/// (`SECTION 02 OF 03QRIPOLI 000583`): `spaced` is false there.
fn post_and_serial(mut c: Cursor, spaced: bool) -> Option<(Span, Span)> {
    if spaced {
        c.spaces1()?;
    } else {
        c.spaces();
    }
    let start = c.at;
    post_word(&mut c)?;
    for extra in 0..=4 {
        let post = Span::new(start, c.at);
        let mut serial = c;
        if serial.spaces1().is_some() {
            let digits = serial.run(u8::is_ascii_digit, 8);
            let ends = serial.word_ends() || serial.peek().is_some_and(|b| b.is_ascii_uppercase());
            if (3..=7).contains(&(digits.end - digits.start)) && ends {
                return Some((post, digits));
            }
        }
        if extra == 4 || !c.peek().is_some_and(is_ascii_space) {
            return None;
        }
        c.at += 1;
        post_word(&mut c)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(line: &str) {
        assert!(line.is_ascii());
        let by_pattern = BANNER.captures(line).as_ref().and_then(BannerGroups::of);
        assert_eq!(read_ascii(line), by_pattern, "{line:?}");
    }

    #[test]
    fn real_banners_read_as_the_pattern_does() {
        for line in [
            "C O N F I D E N T I A L SECTION 01 OF 02 DUSHANBE 001151",
            "UNCLAS SECTION 01 OF 03 NEW DELHI 009127 ",
            "<code><pre>S E C R E T DUSHANBE 001921 SIPDIS STATE FOR P",
            "UNCLAS EFTO ADDIS ABABA 000123",
            "UNCLAS EFTO 000123",
            "LIMITED OFFICIAL USE MOSCOW 005030",
            "TOP SECRET STATE 123456",
            "T O P  S E C R E T STATE 123456",
            "Confidential Section 2 of 3 Tunis 000193",
            "SECRET SECTION 1 OF 2 SECTION 0001 000193",
            "UNCLASSIFIED SECTION 01 OF 02 A B C D E 1234",
            "UNCLASSIFIED A B C D E F 1234",
            "SECRET ST. PETERSBURG 00123X",
            "SECRET ST. PETERSBURG 12345678",
            "SECRET SECTION 0001 OF 02 TUNIS 000193",
            "UNCLAS E F T O TUNIS 000193",
            "<CODE><PRE>SECRET TUNIS 000193",
            "U N C L A S S I F I E D TUNIS 000193",
            "UNCLAS SECTION01 OF 03 SAN JOSE 000525 ",
            "C O N F I D E N T I A L SCTION 02 OF 02 SAO PAULO 000335 ",
            "S E C R E T SECTION 02 OF 03QRIPOLI 000583 ",
            "SECRET SECTION 1 OF 2TUNIS 000193",
            "SECRET SECTIO 1 OF 2 TUNIS 000193",
            "SECRET SECTION 1 OF 2 3 TUNIS 000193",
            "C O N F I D E N T I A LCAIRO 000079 SIPDIS",
            "CONFIDENTIALCAIRO 000079",
            "S E C R E TSECTION 01 OF 02 TUNIS 000193",
        ] {
            same(line);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn banners_read_as_the_pattern_does(
            line in "[ \t]{0,2}(<code><pre>|<CODE><pre>)?[ ]?(C O N F I D E N T I A L|S E C R E T|T O P  S E C R E T|U N C L A S S I F I E D|UNCLAS|Unclassified|UNCLAS EFTO|UNCLAS E F T O|CONFIDENTIAL|TOP SECRET|Secret|LIMITED  OFFICIAL USE|SE CRET)( |  |\t|SECTION|section|SCTION|SECTIO|OF|[0-9]{1,4}|[A-Z]{1,4}|[a-z]{1,3}|EFTO|ST\\.|O'|-|_|x1){0,8}",
        ) {
            same(&line);
        }

        #[test]
        fn banner_shaped_lines_read_as_the_pattern_does(
            line in "[ ]?(<code><pre>|<CODE><PRE>)?(C O N F I D E N T I A L|S E C R E T|T O P  S E C R E T|U N C L A S S I F I E D|UNCLASSIFIED|UNCLAS|UNCLAS E F T O|UNCLAS  EFTO|CONFIDENTIAL|TOP SECRET|SECRET|LIMITED OFFICIAL USE)( ?(SECTION|Section|SCTION) ?[0-9]{1,4} (OF|of) [0-9]{1,4})?( |  )?([A-Za-z.'-]{1,5}( |  |	)){1,6}[0-9]{2,8}[ x_.]?",
        ) {
            same(&line);
        }
    }
}
