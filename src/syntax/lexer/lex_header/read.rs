//! Hand-written readers for the transmission-header patterns. Each reads an
//! ASCII line the way its pattern does and returns the pattern's groups; a
//! line with other characters goes to the pattern itself (whose `\s` and
//! `\d` are Unicode's). The patterns' capture searches cost thousands of
//! instructions a line, and every header line ran one.

use regex::{Captures, Regex};

use super::{DE, DTG, FROM, MARKER, PAGE_BREAK, PRECEDENCE, START, TO_INFO, ZN};
use crate::syntax::cursor::Cursor;
use crate::syntax::line_scan::is_ascii_space;
use crate::syntax::model::Span;

/// The spans of a pattern's capture groups in a line (0: the whole match).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Groups([Option<Span>; 10]);

impl Groups {
    /// The groups of a pattern's match.
    pub fn of(caps: &Captures) -> Groups {
        let mut groups = Groups::default();
        for (slot, m) in groups.0.iter_mut().zip(caps.iter()) {
            *slot = m.map(|m| Span::new(m.start(), m.end()));
        }
        groups
    }

    /// Where group `group` matched, if it did.
    pub fn get(&self, group: usize) -> Option<Span> {
        self.0.get(group).copied().flatten()
    }

    /// The groups with `group` at `span`.
    pub fn with(mut self, group: usize, span: Span) -> Groups {
        self.0[group] = Some(span);
        self
    }
}

/// Reads `line` by hand when it is ASCII, else with `pattern`.
fn read(line: &str, hand: fn(&str) -> Option<Groups>, pattern: &Regex) -> Option<Groups> {
    if line.is_ascii() {
        hand(line)
    } else {
        pattern.captures(line).map(|caps| Groups::of(&caps))
    }
}

/// `VZCZC…`: group 1 the channel.
pub fn start(line: &str) -> Option<Groups> {
    read(line, start_ascii, &START)
}

/// `RR RUEHDBU …`: group 1 the prosign, 2 the routing list.
pub fn precedence(line: &str) -> Option<Groups> {
    read(line, precedence_ascii, &PRECEDENCE)
}

/// `DE RUEHDBU #1151/01 2891223`: groups 1 station, 2 serial, 3 section,
/// 4 day of year, 5 hour, 6 minute.
pub fn de(line: &str) -> Option<Groups> {
    read(line, de_ascii, &DE)
}

/// `ZNY CCCCC ZZH`: groups 1 the `ZN` code, 2 the classification.
pub fn zn(line: &str) -> Option<Groups> {
    read(line, zn_ascii, &ZN)
}

/// `R 161223Z OCT 09`: groups 1-2 precedences, 3 day, 4 hour, 5 minute,
/// 6 zone, 7 month, 8 year, 9 the rest.
pub fn dtg(line: &str) -> Option<Groups> {
    read(line, dtg_ascii, &DTG)
}

/// `FM …`: group 1 the originator.
pub fn from(line: &str) -> Option<Groups> {
    read(line, from_ascii, &FROM)
}

/// `TO …`, `INFO …`: group 1 the keyword, 2 the entry.
pub fn to_info(line: &str) -> Option<Groups> {
    read(line, to_info_ascii, &TO_INFO)
}

/// `BT`, `NNNN`: group 1 the marker.
pub fn marker(line: &str) -> Option<Groups> {
    read(line, marker_ascii, &MARKER)
}

/// `DUSHANBE 00000862 002 OF 003`: groups 1 the post, 2 the serial, 3 the
/// page, 4 the part of a section's later page (`002.2 OF 004`), 5 the page
/// count.
pub fn page_break(line: &str) -> Option<Groups> {
    read(line, page_break_ascii, &PAGE_BREAK)
}

fn is_precedence(b: &u8) -> bool {
    matches!(b, b'Z' | b'O' | b'P' | b'R')
}

/// The whole line as the match, for patterns anchored at both ends.
fn whole(line: &str) -> Groups {
    Groups::default().with(0, Span::new(0, line.len()))
}

/// `^\s*VZCZC([A-Z0-9]{0,12})\s*$`
fn start_ascii(line: &str) -> Option<Groups> {
    let mut c = Cursor::new(line);
    c.spaces();
    c.literal(b"VZCZC")?;
    let channel = c.run(|b| b.is_ascii_uppercase() || b.is_ascii_digit(), 12);
    c.ends().then(|| whole(line).with(1, channel))
}

/// `^\s*(ZZ|OO|PP|RR)((?:\s+[A-Z]{4,8})+)\s*$`
fn precedence_ascii(line: &str) -> Option<Groups> {
    let mut c = Cursor::new(line);
    c.spaces();
    let prosign = c.run(|b| matches!(b, b'Z' | b'O' | b'P' | b'R'), 2);
    let b = line.as_bytes();
    if prosign.end - prosign.start != 2 || b[prosign.start] != b[prosign.start + 1] {
        return None;
    }
    let list_start = c.at;
    let mut list_end = None;
    loop {
        let before = c.at;
        if c.spaces() == 0 || c.peek().is_none() {
            c.at = before;
            break;
        }
        let word = c.run(u8::is_ascii_uppercase, 8);
        if word.end - word.start < 4 {
            return None;
        }
        list_end = Some(c.at);
    }
    let list = Span::new(list_start, list_end?);
    c.ends().then(|| whole(line).with(1, prosign).with(2, list))
}

/// `^DE\s+([A-Z]{4,8})\s+#(\d{1,5})(?:/(\d{1,3}))?\s+(\d{3})(\d{2})(\d{2})\s*$`
fn de_ascii(line: &str) -> Option<Groups> {
    let mut c = Cursor::new(line);
    c.literal(b"DE")?;
    c.spaces1()?;
    let station = c.run(u8::is_ascii_uppercase, 8);
    if station.end - station.start < 4 {
        return None;
    }
    c.spaces1()?;
    c.literal(b"#")?;
    let serial = c.run(u8::is_ascii_digit, 5);
    if serial.is_empty() {
        return None;
    }
    let mut groups = whole(line).with(1, station).with(2, serial);
    if c.literal(b"/").is_some() {
        let section = c.run(u8::is_ascii_digit, 3);
        if section.is_empty() {
            return None;
        }
        groups = groups.with(3, section);
    }
    c.spaces1()?;
    let time = c.exactly(u8::is_ascii_digit, 7)?;
    let at = |offset: usize| time.start + offset;
    c.ends().then(|| {
        groups
            .with(4, Span::new(at(0), at(3)))
            .with(5, Span::new(at(3), at(5)))
            .with(6, Span::new(at(5), at(7)))
    })
}

/// `^\s*(Z[A-Z]{2})\s+([A-Z]{5})\s+ZZH(?-u:\b)`
fn zn_ascii(line: &str) -> Option<Groups> {
    let mut c = Cursor::new(line);
    c.spaces();
    let code_start = c.at;
    c.literal(b"Z")?;
    if c.run(u8::is_ascii_uppercase, 2).end - code_start != 3 {
        return None;
    }
    let code = Span::new(code_start, c.at);
    c.spaces1()?;
    let class = c.run(u8::is_ascii_uppercase, 5);
    if class.end - class.start != 5 {
        return None;
    }
    c.spaces1()?;
    c.literal(b"ZZH")?;
    if !c.word_ends() {
        return None;
    }
    Some(
        Groups::default()
            .with(0, Span::new(0, c.at))
            .with(1, code)
            .with(2, class),
    )
}

/// `^\s*([ZOPR])(?:\s+([ZOPR]))?\s+(\d\d)(\d\d)(\d\d)(Z?)\s+([A-Za-z]{3,4})\s+(\d{1,4})(?-u:\b)(.*)$`
fn dtg_ascii(line: &str) -> Option<Groups> {
    let mut c = Cursor::new(line);
    c.spaces();
    let first = c.run(is_precedence, 1);
    if first.is_empty() {
        return None;
    }
    let mut groups = whole(line).with(1, first);
    // A second precedence letter, when white space and one follow.
    let before = c.at;
    if c.spaces() > 0 && c.peek().as_ref().is_some_and(is_precedence) {
        groups = groups.with(2, c.run(is_precedence, 1));
    } else {
        c.at = before;
    }
    c.spaces1()?;
    let time = c.run(u8::is_ascii_digit, 6);
    if time.end - time.start != 6 {
        return None;
    }
    let zone = c.run(|b| *b == b'Z', 1);
    c.spaces1()?;
    let month = c.run(u8::is_ascii_alphabetic, 4);
    if month.end - month.start < 3 {
        return None;
    }
    c.spaces1()?;
    let year = c.run(u8::is_ascii_digit, 4);
    if year.is_empty() || !c.word_ends() {
        return None;
    }
    let rest = Span::new(c.at, line.len());
    if line.as_bytes()[rest.start..].contains(&b'\n') {
        return None;
    }
    let at = |offset: usize| time.start + offset;
    Some(
        groups
            .with(3, Span::new(at(0), at(2)))
            .with(4, Span::new(at(2), at(4)))
            .with(5, Span::new(at(4), at(6)))
            .with(6, zone)
            .with(7, month)
            .with(8, year)
            .with(9, rest),
    )
}

/// After `keyword` and white space, the rest of the line without its
/// closing white space, when not empty: `(\S.*?)\s*$`.
fn keyword_and_rest(line: &str, keyword: &[u8]) -> Option<Span> {
    let mut c = Cursor::new(line);
    c.literal(keyword)?;
    c.spaces1()?;
    let rest = Span::new(c.at, line.trim_end().len().max(c.at));
    let text = &line.as_bytes()[rest.start..rest.end];
    (!rest.is_empty() && !text.contains(&b'\n')).then_some(rest)
}

/// `^FM\s+(\S.*?)\s*$`
fn from_ascii(line: &str) -> Option<Groups> {
    let rest = keyword_and_rest(line, b"FM")?;
    Some(whole(line).with(1, rest))
}

/// `^(TO|INFO)\s+(\S.*?)\s*$`
fn to_info_ascii(line: &str) -> Option<Groups> {
    let keyword: &[u8] = if line.starts_with("TO") {
        b"TO"
    } else {
        b"INFO"
    };
    let rest = keyword_and_rest(line, keyword)?;
    Some(
        whole(line)
            .with(1, Span::new(0, keyword.len()))
            .with(2, rest),
    )
}

/// `^\s*(BT|NNNN)\s*$`
fn marker_ascii(line: &str) -> Option<Groups> {
    let trimmed = line.trim();
    let lead = line.len() - line.trim_start().len();
    matches!(trimmed, "BT" | "NNNN")
        .then(|| whole(line).with(1, Span::new(lead, lead + trimmed.len())))
}

/// `^\s*([A-Z][A-Z .'-]*?)\s+(\d{8})\s+(\d{3})(?:\.(\d{1,2}))?\s+OF\s+(\d{3})\s*$`
fn page_break_ascii(line: &str) -> Option<Groups> {
    let b = line.as_bytes();
    let mut c = Cursor::new(line);
    c.spaces();
    let post_start = c.at;
    if !c.peek().as_ref().is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    // The post has no digits, so the serial is the first digit run; the
    // post ends where the white space before it starts.
    let digits = post_start + b[post_start..].iter().position(u8::is_ascii_digit)?;
    let post_end = digits
        - b[..digits]
            .iter()
            .rev()
            .take_while(|b| is_ascii_space(**b))
            .count();
    let post = Span::new(post_start, post_end);
    let allowed = |b: &u8| b.is_ascii_uppercase() || matches!(b, b' ' | b'.' | b'\'' | b'-');
    if post_end <= post_start || post_end == digits || !b[post.start..post.end].iter().all(allowed)
    {
        return None;
    }
    c.at = digits;
    let serial = c.exactly(u8::is_ascii_digit, 8)?;
    c.spaces1()?;
    let page = c.exactly(u8::is_ascii_digit, 3)?;
    // `002.2 OF 004`, and with the stop lost, `009 2 OF 012`.
    let part = if c.peek() == Some(b'.') {
        c.at += 1;
        let digits = c.run(u8::is_ascii_digit, 2);
        (!digits.is_empty()).then_some(digits)?;
        Some(digits)
    } else if c.peek().is_some_and(is_ascii_space) {
        let mut ahead = c;
        ahead.at += 1;
        let digits = ahead.run(u8::is_ascii_digit, 2);
        (!digits.is_empty() && ahead.peek().is_some_and(is_ascii_space)).then(|| {
            c = ahead;
            digits
        })
    } else {
        None
    };
    c.spaces1()?;
    c.literal(b"OF")?;
    c.spaces1()?;
    let total = c.exactly(u8::is_ascii_digit, 3)?;
    c.ends().then(|| {
        let groups = whole(line)
            .with(1, post)
            .with(2, serial)
            .with(3, page)
            .with(5, total);
        match part {
            Some(part) => groups.with(4, part),
            None => groups,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compares a reader with its pattern on one ASCII line.
    fn same(line: &str, hand: fn(&str) -> Option<Groups>, pattern: &Regex) {
        let expected = pattern.captures(line).map(|caps| Groups::of(&caps));
        assert_eq!(hand(line), expected, "{line:?}");
    }

    #[test]
    fn readers_read_real_header_lines_as_their_patterns() {
        same("VZCZCXRO1864", start_ascii, &START);
        same("RR RUEHDBU RUEHIK", precedence_ascii, &PRECEDENCE);
        same("DE RUEHDBU #1151/01 2891223", de_ascii, &DE);
        same("DE RUEHMO #5030 2901456", de_ascii, &DE);
        same("ZNY CCCCC ZZH", zn_ascii, &ZN);
        same("R 161223Z OCT 09", dtg_ascii, &DTG);
        same("O P 161223Z OCT 09 ZDK", dtg_ascii, &DTG);
        same("FM AMEMBASSY DUSHANBE", from_ascii, &FROM);
        same("TO RUEHC/SECSTATE WASHDC 0826", to_info_ascii, &TO_INFO);
        same("INFO RUCNCIS/CIS COLLECTIVE", to_info_ascii, &TO_INFO);
        same("BT", marker_ascii, &MARKER);
        same(
            "DUSHANBE 00000862 002 OF 003",
            page_break_ascii,
            &PAGE_BREAK,
        );
        same(
            "ADDIS ABABA  00000862 002 OF 003 ",
            page_break_ascii,
            &PAGE_BREAK,
        );
        same(
            "CARACAS 00001276 002.2 OF 003",
            page_break_ascii,
            &PAGE_BREAK,
        );
    }

    #[test]
    fn readers_turn_away_what_their_patterns_do() {
        same("VZCZCXRO1864ABCDE", start_ascii, &START);
        same("VZCZCXRO1864ABCDEF", start_ascii, &START);
        same("RR RUEHDBUXX", precedence_ascii, &PRECEDENCE);
        same("DUSHANBE00000862 002 OF 003", page_break_ascii, &PAGE_BREAK);
        same(
            "DUSHANBE\t00000862 002 OF 003",
            page_break_ascii,
            &PAGE_BREAK,
        );
        same(
            "DUSHANBE 000008621 002 OF 003",
            page_break_ascii,
            &PAGE_BREAK,
        );
        same("R 161223Z OCT 09X", dtg_ascii, &DTG);
        same("R 161223Z OCT 09\nX", dtg_ascii, &DTG);
        same("ZNY CCCCC ZZHX", zn_ascii, &ZN);
        same("FM A\nB", from_ascii, &FROM);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        #[test]
        fn start_reads_as_its_pattern(line in "[ \\t]{0,2}VZCZC[A-Z0-9a]{0,14}[ \\t]{0,2}x?") {
            same(&line, start_ascii, &START);
        }

        #[test]
        fn precedence_reads_as_its_pattern(
            line in "[ ]{0,2}(RR|OO|PP|ZZ|RO|R)([ \\t]{1,2}[A-Z]{2,10}){0,4}[ \\t]{0,2}[/x]?"
        ) {
            same(&line, precedence_ascii, &PRECEDENCE);
        }

        #[test]
        fn de_reads_as_its_pattern(
            line in "DE[ ]{0,2}[A-Z]{3,9}[ ]{0,2}#?[0-9]{0,6}(/[0-9]{0,4})?[ ]{0,2}[0-9]{5,9}[ ]{0,2}x?"
        ) {
            same(&line, de_ascii, &DE);
        }

        #[test]
        fn zn_reads_as_its_pattern(
            line in "[ ]{0,2}Z[A-Z]{1,3}[ ]{0,2}[A-Z]{4,6}[ ]{1,2}ZZH[ A-Z0-9_.]{0,3}"
        ) {
            same(&line, zn_ascii, &ZN);
        }

        #[test]
        fn dtg_reads_as_its_pattern(
            line in "[ ]{0,2}[ZOPRX]([ ][ZOPRX])?[ ]{0,2}[0-9]{5,7}Z?[ ]{0,2}[A-Za-z]{2,5}[ ]{0,2}[0-9]{1,5}[ A-Za-z0-9_.\\n]{0,4}"
        ) {
            same(&line, dtg_ascii, &DTG);
        }

        #[test]
        fn page_break_reads_as_its_pattern(
            line in "[ ]{0,2}[A-Z1][A-Z .'\\t-]{0,10}[ \\t]{0,2}[0-9]{7,9}[ ]{0,2}[0-9]{2,4}(\\.[0-9x]{0,3})?[ ]{1,2}OF[ ]{1,2}[0-9]{2,4}[ ]{0,2}x?"
        ) {
            same(&line, page_break_ascii, &PAGE_BREAK);
        }

        #[test]
        fn from_to_and_markers_read_as_their_patterns(
            keyword in "(FM|TO|INFO|BT|NNNN)",
            rest in "[ \\t]{0,2}[A-Z/ \\n]{0,6}[ \\t]{0,2}",
        ) {
            let line = format!("{keyword}{rest}");
            same(&line, from_ascii, &FROM);
            if line.starts_with("TO") || line.starts_with("INFO") {
                same(&line, to_info_ascii, &TO_INFO);
            }
            same(&format!(" {line}"), marker_ascii, &MARKER);
            same(&line, marker_ascii, &MARKER);
        }
    }
}
