//! Body items inside a line: paragraph numbers and portion marks, entity
//! tags, HTML residue, and summary/comment/note keywords.

use super::lex_header::MONTHS;
use crate::syntax::cursor::{Cursor, is_word};
use crate::syntax::line::Item;
use crate::syntax::line_scan::{LineScan, is_ascii_space};
use crate::syntax::model::*;

patterns! {
    BODY_PATTERNS:
    ANCHOR = r"<a id='par\d+' href='#par\d+'>¶</a>\s*(\d{1,3})\s*\.?";
    /// A paragraph number run onto the end of the previous paragraph's line
    /// (`… in India. 20. (S) Information Sharing`), its heading's (`RUSSIAN
    /// MOTIVATIONS ------- 7. (C) Given`) or a field's (`ARTICLE 98: 5. (C)`,
    /// `REASON: 1.4 (b), (d) 1. (S) Summary`): a number after white space
    /// with its portion mark (group 3), or without one, a capital after it
    /// or the end of the line (`------ Health ------ 5.`, its text on the
    /// next line). Which candidates are numbers is [`run_in_context`]'s to say.
    RUN_IN = r#"[\s\-](¶?)(\d{1,3})\.(?:\s{0,3}(\(\s?(?:U|C|S|SBU|TS|LOU)[/A-Z ,]{0,20}\))(?:[\s,:.]|$)|\s+[A-Z]|\s*$)"#;
    MARKUP = r"</?code>|</?pre>|<a id='par\d+' href='#par\d+'>¶</a>";
    /// An entity tag's opener: the oracle of [`entity_kinds`].
    ENTITY_OPEN = r"\[([A-Z]{2,5}) ";
    /// Literals one of which every block keyword contains.
    BLOCK_HINT = "ummary|UMMARY|omment|OMMENT|NOTE|Note";
    /// Summary, comment and note keywords: the oracle of [`block_matches`].
    BLOCK = r"(?-u:\b)(?P<end>END|End|end)\s+(?P<ekind>SUMMARY|Summary|COMMENT|Comment|NOTE|Note)(?-u:\b)|(?-u:\b)(?:BEGIN\s+)?(?P<kind>SUMMARY|Summary|COMMENT|Comment)\s*[:.]|\(\s*(?P<note>NOTE|Note)\s*:";
}

/// Finds body items on a line.
pub fn lex_body(line: &str, scan: &LineScan, items: &mut Vec<Item>) {
    // Each pattern runs only where a cheap test says it can match.
    let first = scan.opening(line).chars().next();
    if first.is_some_and(|c| c.is_ascii_digit() || matches!(c, '¶' | '-' | '$' | '(')) {
        number(line, items);
    }
    let angle = scan.angle();
    if angle && line.contains("<a id=") {
        anchors(line, items);
    }
    if scan.may_have_digit() && may_run_in(line) {
        run_ins(line, items);
    }
    if angle {
        for m in MARKUP.find_iter(line) {
            items.push(Item::Markup(Span::new(m.start(), m.end())));
        }
    }
    if scan.bracket() {
        entities(line, items);
    }
    if scan.hints() && may_hold_block(line) {
        blocks(line, items);
    }
}

/// Whether `line` may hold a `RUN_IN` number: white space or a dash,
/// one to three digits, a full stop, and then a bracket (after at most one
/// white space), white space or the end of the line. A cheap test that keeps the pattern off
/// most lines holding a digit.
fn may_run_in(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr_iter(b'.', b).any(|at| {
        let digits = b[..at]
            .iter()
            .rev()
            .take_while(|d| d.is_ascii_digit())
            .count();
        if !(1..=3).contains(&digits) {
            return false;
        }
        let before = line[..at - digits]
            .strip_suffix('¶')
            .unwrap_or(&line[..at - digits]);
        if !before.ends_with(|c: char| c.is_whitespace() || c == '-') {
            return false;
        }
        let after = &b[at + 1..];
        match after {
            [b'(', ..] => true,
            [s, b'(', ..] if s.is_ascii_whitespace() => true,
            [s, ..] => s.is_ascii_whitespace() || !s.is_ascii(),
            [] => true,
        }
    })
}

/// Words after which an unmarked number names a thing in a list of its
/// own (`Proposal 3. Serbian security forces …`); with a portion mark it is
/// a paragraph's (`AN INDECENT PROPOSAL 3. (S/NF) El-Meyet said …`).
const LIST_WORDS: &[&str] = &[
    "proposal",
    "proposals",
    "recommendation",
    "recommendations",
    "option",
    "options",
    "step",
    "steps",
    "question",
    "questions",
    "phase",
    "stage",
    "round",
    "resolution",
    "resolutions",
    "law",
    "decree",
    "rule",
    "priority",
    "goal",
    "objective",
    "issue",
    "case",
    "appendix",
    "attachment",
    "enclosure",
    "figure",
    "table",
    "group",
    "level",
    "class",
    "category",
    "day",
    "week",
    "year",
    "volume",
    "title",
    "clause",
];

/// Words after which a number is one the text refers to (`para 5. (C)`,
/// `Section 2. (C)`), not a paragraph's.
const REFERRING_WORDS: &[&str] = &[
    "para",
    "paras",
    "paragraph",
    "paragraphs",
    "section",
    "sections",
    "article",
    "articles",
    "page",
    "pages",
    "item",
    "items",
    "no",
    "number",
    "ref",
    "reftel",
    "see",
    "point",
    "points",
    "annex",
    "chapter",
    "tab",
    "part",
];

/// Whether the text before a mid-line number lets it be a paragraph's:
/// a marked number after any text but a word that refers to numbers; an
/// unmarked one after the end of a sentence or a heading's dashes, or
/// with a capital after it (`at_end` false) after any word but a month's
/// (`Source - IPS News 10. Brazil: …`; the assembler takes such a number
/// only as the paragraph expected).
fn run_in_context(before: &str, marked: bool, at_end: bool) -> bool {
    let text = before.trim_end();
    let Some(last) = text.chars().next_back() else {
        return false;
    };
    let word: String = text
        .rsplit(|c: char| !c.is_alphabetic())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    let ends_with_word = last.is_alphabetic();
    if ends_with_word
        && (REFERRING_WORDS.contains(&word.as_str())
            || !marked && LIST_WORDS.contains(&word.as_str()))
    {
        return false;
    }
    // A dash ends a heading's row of dashes, not a hyphenated range.
    if last == '-' && !(text.ends_with("--") || text.ends_with(" -")) {
        return false;
    }
    marked
        || matches!(last, '.' | '!' | '?' | '"' | '”' | ')' | '-')
        || ends_with_word && !at_end && !MONTHS.contains(&word.as_str())
}

/// The words a block keyword names, as `BLOCK` spells them.
const BLOCK_WORDS: [&str; 6] = ["SUMMARY", "Summary", "COMMENT", "Comment", "NOTE", "Note"];

/// Whether `line` may hold a `BLOCK` keyword: one of its words followed by
/// a colon or full stop (`(NOTE:` too), or after `END`. A cheap test that
/// keeps the pattern off prose that only mentions a comment or a summary.
fn may_hold_block(line: &str) -> bool {
    BLOCK_HINT.find_iter(line).any(|hint| {
        // The hint is the word without its first letter, or all of it.
        let word_start = BLOCK_WORDS.iter().find_map(|w| {
            let start = hint.end().checked_sub(w.len())?;
            (line.get(start..hint.end()) == Some(w)).then_some(start)
        });
        let Some(start) = word_start else {
            return false;
        };
        let after = line[hint.end()..].trim_start();
        let before = line[..start].trim_end();
        after.starts_with([':', '.']) || ["END", "End", "end"].iter().any(|w| before.ends_with(w))
    })
}

/// A paragraph number opening a line, as [`opening_number`] reads it.
#[derive(Debug, PartialEq, Eq)]
struct Opening {
    /// Where the number and its punctuation end (the match starts at 0).
    end: usize,
    /// The digits.
    digits: Span,
    /// How the number is written.
    style: NumberStyle,
}

/// Whether `line` has white space at `at`: its length, or 0.
fn space_at(line: &str, at: usize) -> usize {
    match line.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => usize::from(is_ascii_space(b)),
        Some(_) => line
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        None => 0,
    }
}

/// Where the white space starting at `at` ends.
fn skip_spaces(line: &str, mut at: usize) -> usize {
    loop {
        match space_at(line, at) {
            0 => return at,
            n => at += n,
        }
    }
}

/// Where the white space starting at `at` ends, if there is some (`\s+`).
fn spaces1(line: &str, at: usize) -> Option<usize> {
    let end = skip_spaces(line, at);
    (end > at).then_some(end)
}

/// Where a run of one to three ASCII digits at `at` ends, if there is one.
fn digits_at(line: &str, at: usize) -> Option<usize> {
    let count = line.as_bytes()[at.min(line.len())..]
        .iter()
        .take(3)
        .take_while(|b| b.is_ascii_digit())
        .count();
    (count > 0).then_some(at + count)
}

/// Reads a paragraph number at the start of a line: `¶3.`, `3.`, `3)`,
/// `3 (C)`, `3, (C)`, `- 13.`, `$\P3$ .` (white space is Unicode's, digits ASCII).
/// Written by hand: it is tried on every line opening with a digit, and the
/// equivalent pattern (the oracle of its test) cost a capture search each.
fn opening_number(line: &str) -> Option<Opening> {
    let bytes = line.as_bytes();
    let lead = skip_spaces(line, 0);
    let at = |i: usize| bytes.get(i).copied();
    if line[lead..].starts_with('¶') {
        let first = lead + '¶'.len_utf8();
        let start = first + space_at(line, first);
        let end = digits_at(line, start)?;
        let after = skip_spaces(line, end);
        let stop = after + usize::from(matches!(at(after), Some(b'.' | b')')));
        return Some(Opening {
            end: stop,
            digits: Span::new(start, end),
            style: NumberStyle::Pilcrow,
        });
    }
    let dashed = at(lead) == Some(b'-');
    // `3.`, `3)`, `3 (`, `- 13.`: the dash needs white space after it.
    let plain_start = if dashed {
        let after = skip_spaces(line, lead + 1);
        (after > lead + 1).then_some(after)
    } else {
        Some(lead)
    };
    if let Some(start) = plain_start
        && let Some(end) = digits_at(line, start)
    {
        // `\s?[.)]` first, then `\s?,\s*\(` (`2, (C)`), then `\s*[([$]`.
        let one = end + space_at(line, end);
        let stop = if matches!(at(one), Some(b'.' | b')')) {
            Some(one + 1)
        } else if at(one) == Some(b',') && at(skip_spaces(line, one + 1)) == Some(b'(') {
            Some(skip_spaces(line, one + 1) + 1)
        } else {
            let after = skip_spaces(line, end);
            matches!(at(after), Some(b'(' | b'[' | b'$')).then_some(after + 1)
        };
        if let Some(stop) = stop {
            return Some(Opening {
                end: stop,
                digits: Span::new(start, end),
                style: if dashed {
                    NumberStyle::Dashed
                } else {
                    NumberStyle::Plain
                },
            });
        }
    }
    // `$\P3$`, `- $\P3$ .`: LaTeX residue.
    let latex = if dashed {
        skip_spaces(line, lead + 1)
    } else {
        lead
    };
    let marker = line[latex..].strip_prefix("$\\P")?;
    let first = line.len() - marker.len();
    let start = first + space_at(line, first);
    let end = digits_at(line, start)?;
    if at(end) != Some(b'$') {
        return None;
    }
    let after = skip_spaces(line, end + 1);
    Some(Opening {
        end: after + usize::from(at(after) == Some(b'.')),
        digits: Span::new(start, end),
        style: NumberStyle::Latex,
    })
}

/// Reads a range of paragraph numbers opening a line, `4-12.` or
/// `¶4-14. (U)`, where one paragraph answers several numbered questions:
/// the opening, with the digits of the first number, and the last number.
/// Whether it is a paragraph's or a date's (`November` / `18-20. The`) is
/// the assembler's to judge.
fn opening_range(line: &str) -> Option<(Opening, u32)> {
    let lead = skip_spaces(line, 0);
    let (start, style) = match line[lead..].strip_prefix('¶') {
        Some(rest) => (line.len() - rest.len(), NumberStyle::Pilcrow),
        None => (lead, NumberStyle::Plain),
    };
    let start = start + space_at(line, start);
    let end = digits_at(line, start).filter(|&e| e - start <= 2)?;
    let dash = line.as_bytes().get(end).copied()?;
    let last_start = end + usize::from(dash == b'-');
    let last_end =
        digits_at(line, last_start).filter(|&e| e > last_start && e - last_start <= 2)?;
    let stop = last_end + 1;
    if line.as_bytes().get(last_end) != Some(&b'.')
        || !line
            .as_bytes()
            .get(stop)
            .is_none_or(|b| b.is_ascii_whitespace())
    {
        return None;
    }
    let (first, last): (u32, u32) = (
        line[start..end].parse().ok()?,
        line[last_start..last_end].parse().ok()?,
    );
    (first > 0 && last > first && last - first <= 40).then_some((
        Opening {
            end: stop,
            digits: Span::new(start, end),
            style,
        },
        last,
    ))
}

/// A paragraph number after a stray `(` opening its line, where a known
/// portion mark follows: `(11. (C) Comment:`.
fn opening_after_bracket(line: &str) -> Option<Opening> {
    let lead = skip_spaces(line, 0);
    let start = lead + usize::from(line[lead..].starts_with('('));
    if start == lead || !line[start..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let end = digits_at(line, start)?;
    (line.as_bytes().get(end) == Some(&b'.'))
        .then_some(Opening {
            end: end + 1,
            digits: Span::new(start, end),
            style: NumberStyle::Plain,
        })
        .filter(|o| portion_mark(line, o.end).is_some_and(|m| m.level.is_some()))
}

fn number(line: &str, items: &mut Vec<Item>) {
    let single = || opening_number(line).map(|o| (o, None));
    let bracketed = || opening_after_bracket(line).map(|o| (o, None));
    if let Some((Opening { end, digits, style }, through)) = opening_range(line)
        .map(|(o, last)| (o, Some(last)))
        .or_else(single)
        .or_else(bracketed)
    {
        // `¶2000. THE GOC` is a year and `02.12.2010` a date, not paragraphs.
        let after = &line[digits.end..];
        if after.starts_with(|c: char| c.is_ascii_digit())
            || after
                .strip_prefix('.')
                .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()))
        {
            return;
        }
        let Ok(number) = digits.text(line).parse() else {
            return;
        };
        // The span ends after the number's own punctuation, not at the mark.
        let whole = &line[..end];
        let end = if style == NumberStyle::Latex {
            end
        } else {
            whole.trim_end_matches(['(', '[', '$', ' ']).len()
        };
        let lead = whole.len() - whole.trim_start().len();
        let end = line[..end].trim_end().len();
        items.push(Item::Number {
            span: Span::new(lead, end),
            number,
            through: through.unwrap_or(number),
            style,
            text_before: None,
        });
        if let Some(mark) = portion_mark(line, end) {
            items.push(Item::Mark(mark));
        }
    } else if let Some(mark) =
        portion_mark(line, 0).filter(|m| m.opened && m.closed && m.level.is_some())
    {
        // A mark opening the line continues an anchor on the line before
        // (annotated flavour).
        items.push(Item::Mark(mark));
    }
}

fn anchors(line: &str, items: &mut Vec<Item>) {
    for caps in ANCHOR.captures_iter(line) {
        let (Some(all), Some(digits)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let Ok(number) = digits.as_str().parse() else {
            continue;
        };
        items.push(Item::Number {
            span: Span::new(all.start(), line[..all.end()].trim_end().len()),
            number,
            through: number,
            style: NumberStyle::Anchor,
            text_before: Some(line[..all.start()].trim_end().len()),
        });
        if let Some(mark) = portion_mark(line, all.end()) {
            items.push(Item::Mark(mark));
        }
    }
}

fn run_ins(line: &str, items: &mut Vec<Item>) {
    for caps in RUN_IN.captures_iter(line) {
        let (Some(pilcrow), Some(digits)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let marked = caps.get(3).is_some();
        let at_end = caps.get(0).is_some_and(|all| all.end() == line.len());
        if !run_in_context(&line[..pilcrow.start()], marked, at_end) {
            continue;
        }
        let Ok(number) = digits.as_str().parse() else {
            continue;
        };
        let end = digits.end() + 1;
        items.push(Item::Number {
            span: Span::new(pilcrow.start(), end),
            number,
            through: number,
            style: NumberStyle::RunIn,
            text_before: Some(line[..pilcrow.start()].trim_end().len()),
        });
        if marked && let Some(mark) = portion_mark(line, end) {
            items.push(Item::Mark(mark));
        }
    }
}

/// Parses a portion mark starting at `at` (after optional spaces):
/// `(C)`, `(S//NF)`, `(S//REL TO USA, ACGU)`, `( C )`, `( [ORG S  ] )`, and
/// with a bracket missing, `SBU)` and `(SBU During`.
pub fn portion_mark(line: &str, at: usize) -> Option<PortionMark> {
    let rest = line.get(at..)?;
    let bytes = rest.as_bytes();
    let spaces = |mut i: usize| {
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    };
    let start = spaces(0);
    let opened = bytes.get(start) == Some(&b'(');
    let mut i = if opened { spaces(start + 1) } else { start };
    // An entity tag wrapped around the marking: `( [ORG S  ] )`.
    let mut wrapped = false;
    if bytes.get(i) == Some(&b'[')
        && let Some(space) = rest[i..].find(' ')
        && rest[i + 1..i + space]
            .bytes()
            .all(|b| b.is_ascii_uppercase())
    {
        wrapped = true;
        i = spaces(i + space);
    }
    let mark = |text: &str, end: usize, opened: bool, closed: bool| {
        let text = crate::text::squeeze_spaces(text);
        Some(PortionMark {
            span: Span::new(at + start, at + end),
            level: mark_level(&text),
            text,
            opened,
            closed,
        })
    };
    // The whole marking up to its closing bracket.
    // A release list may be long: `(S/REL FRANCE, BRITAIN, …, AND QATAR)`.
    let reach = if rest[i..].starts_with(['S', 'C', 'T']) && rest[i..].contains("REL") {
        160
    } else {
        48
    };
    if opened && let Some(close) = rest[i..].find(')').filter(|c| *c <= reach) {
        let mut content = rest[i..i + close].trim();
        if wrapped {
            content = content.trim_end_matches([']', ' ']);
        }
        if is_marking(content) {
            return mark(content, i + close + 1, true, true);
        }
    }
    // A release list going on to the next line: `(S//REL CHINA, AFGHANISTAN,`.
    if opened && !rest[i..].contains(')') {
        let content = rest[i..].trim_end();
        if let Some(list) = content.strip_suffix(',')
            && list.contains("REL")
            && is_marking(list)
        {
            return mark(list, i + content.len(), true, true);
        }
    }
    // A marking word with one bracket missing.
    let word_end = rest[i..]
        .find(|c: char| !(c.is_ascii_uppercase() || c == '/'))
        .map_or(rest.len(), |e| i + e);
    let word = &rest[i..word_end];
    if word.is_empty() || word.len() > 16 || mark_level(word).is_none() {
        return None;
    }
    if !opened && bytes.get(word_end) == Some(&b')') {
        return mark(word, word_end + 1, false, true);
    }
    let followed_by_text = bytes.get(word_end) == Some(&b' ')
        && bytes
            .get(spaces(word_end))
            .is_some_and(|b| b.is_ascii_alphabetic());
    (opened && followed_by_text).then(|| mark(word, word_end, true, false))?
}

/// Whether text inside brackets reads as a marking: capitals, slashes,
/// commas and spaces, starting with a short level word, or a level spelled
/// out (`Secret/Rel Armenia`). Text opening with a capitalised word
/// (`(Afghanistan)`, `(Economic)`: a press summary's topic labels) or an
/// organisation's initials (`(EU)`) is not one.
fn is_marking(content: &str) -> bool {
    let head_len = content
        .find(|c: char| !c.is_ascii_uppercase())
        .unwrap_or(content.len());
    let capitalised = |w: &str| {
        let mut letters = w.chars();
        letters.next().is_some_and(|c| c.is_ascii_uppercase())
            && letters.as_str().len() >= 2
            && letters.all(|c| c.is_ascii_lowercase())
    };
    let spelled_out = SPELLED_LEVELS
        .iter()
        .any(|(word, _)| content.split(['/', ' ']).next() == Some(word));
    let topical = !spelled_out
        && content
            .split(['/', ',', ' ', '-'])
            .next()
            .is_some_and(capitalised);
    ((1..=5).contains(&head_len) || spelled_out)
        && !topical
        // A single letter other than a level's is a list's (`4 (B) and (D)`).
        && (content.len() > 1 || matches!(content, "U" | "C" | "S"))
        && !ORGANISATIONS.contains(&content)
        && content
            .chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, '/' | ',' | ' ' | '-'))
}

/// Initials in brackets that name an organisation, not a marking.
const ORGANISATIONS: &[&str] = &[
    "EU", "UN", "US", "UK", "AU", "OAS", "NATO", "OSCE", "IAEA", "WTO", "IMF", "ASEAN", "GCC",
];

/// Levels spelled out in a marking (`(Secret/Rel Armenia)`), in either case.
const SPELLED_LEVELS: &[(&str, Level)] = &[
    ("SECRET", Level::Secret),
    ("Secret", Level::Secret),
    ("CONFIDENTIAL", Level::Confidential),
    ("Confidential", Level::Confidential),
    ("UNCLASSIFIED", Level::Unclassified),
    ("Unclassified", Level::Unclassified),
];

/// The level a portion marking carries: `C`, `S//NF`, `SBU`, `U//FOUO`,
/// `S-ENTIRE TEXT` (an older form), `Secret/Rel Armenia`.
pub fn mark_level(text: &str) -> Option<Level> {
    let head = text.split(['/', ' ', ',', '-']).next().unwrap_or(text);
    if let Some((_, level)) = SPELLED_LEVELS.iter().find(|(word, _)| *word == head) {
        return Some(*level);
    }
    Some(match head {
        "U" => {
            if text.contains("FOUO") || text.contains("SBU") {
                Level::Sensitive
            } else {
                Level::Unclassified
            }
        }
        "SBU" | "LOU" | "FOUO" | "EFTO" => Level::Sensitive,
        "C" => Level::Confidential,
        "S" => Level::Secret,
        "TS" => Level::TopSecret,
        _ => return None,
    })
}

/// Entity tags: `[TYPE text  ]`, closed by the first `]` on the line unless
/// another opener comes first.
/// The kinds of the entity openers in a line (`[PER `), in order: what
/// `ENTITY_OPEN` finds, read by hand (a bracket, a run of two to five
/// capitals, a space; a match holds no other bracket, so each bracket is
/// tried). An opener spans from the byte before its kind to the one after.
fn entity_kinds(line: &str) -> Vec<Span> {
    let b = line.as_bytes();
    memchr::memchr_iter(b'[', b)
        .filter_map(|at| {
            let start = at + 1;
            let len = b[start..]
                .iter()
                .take(6)
                .take_while(|c| c.is_ascii_uppercase())
                .count();
            let kind = Span::new(start, start + len);
            ((2..=5).contains(&len) && b.get(kind.end) == Some(&b' ')).then_some(kind)
        })
        .collect()
}

fn entities(line: &str, items: &mut Vec<Item>) {
    let kinds = entity_kinds(line);
    for (i, &kind) in kinds.iter().enumerate() {
        // The opener without its space, and where the tag's text may start.
        let opener = Span::new(kind.start - 1, kind.end);
        let after = kind.end + 1;
        let next_open = kinds.get(i + 1).map_or(line.len(), |k| k.start - 1);
        let close = line[after..next_open].find(']').map(|j| after + j);
        let inner_end = close.unwrap_or(next_open);
        let inner = &line[after..inner_end];
        let lead = inner.len() - inner.trim_start().len();
        let text_start = after + lead;
        let text = Span::new(text_start, text_start + inner.trim().len());
        let span = match close {
            Some(c) => Span::new(opener.start, c + 1),
            None => Span::new(
                opener.start,
                line[..inner_end].trim_end().len().max(opener.end),
            ),
        };
        items.push(Item::Entity(EntityTag {
            span,
            opener,
            kind,
            text,
            closed: close.is_some(),
            known_type: matches!(kind.text(line), "PER" | "ORG" | "LOC" | "MISC"),
        }));
    }
}

/// A block keyword `BLOCK` matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct BlockMatch {
    /// The whole match.
    all: Span,
    /// `END` before a closing keyword's word (its `end` group).
    end: Option<Span>,
    /// The block's word (`ekind`, `kind` or `note`).
    word: Span,
    /// Which group the word is: closing, opening, or a `(NOTE:` opening.
    form: BlockForm,
}

/// Which of `BLOCK`'s alternatives matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BlockForm {
    /// `END SUMMARY`.
    Close,
    /// `SUMMARY:`, `BEGIN COMMENT.`.
    Open,
    /// `(NOTE:`.
    Note,
}

/// Every `BLOCK` match in a line, in order, read by hand (white space as
/// Unicode's, like the pattern's `\s`; its `(?-u:\b)` sees bytes).
///
/// Each match holds a block word, so holds a `BLOCK_HINT` literal, and
/// starts at most `BEGIN` and white space before that word: only those
/// stretches of the line are read (a paragraph on one line that mentions
/// a comment is not read byte by byte).
fn block_matches(line: &str) -> Vec<BlockMatch> {
    let b = line.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    for hint in BLOCK_HINT.find_iter(line) {
        i = i.max(earliest_block_start(line, hint.start()));
        while i < hint.end() {
            // Each alternative opens with one of these bytes.
            let may_open = matches!(b[i], b'E' | b'e' | b'B' | b'S' | b'C' | b'(');
            if may_open && let Some(m) = block_at(line, i, i == 0 || !is_word(&b[i - 1])) {
                i = m.all.end;
                found.push(m);
            } else {
                i += 1;
            }
        }
    }
    found
}

/// Where a `BLOCK` match whose word holds the hint literal at `hint` may
/// start at the earliest: the word starts at most a byte before the hint,
/// and `BEGIN`, `END` or `(` and white space may precede it.
fn earliest_block_start(line: &str, hint: usize) -> usize {
    let mut word = hint.saturating_sub(1);
    while !line.is_char_boundary(word) {
        word -= 1;
    }
    line[..word].trim_end().len().saturating_sub("BEGIN".len())
}

/// The block word at the cursor, spelt as `BLOCK` spells it (exactly one
/// of `BLOCK_WORDS`).
fn block_word(c: &mut Cursor, words: &[&str]) -> Option<Span> {
    let start = c.at;
    words
        .iter()
        .find_map(|w| c.literal(w.as_bytes()))
        .map(|()| Span::new(start, c.at))
}

/// The `BLOCK` match starting at byte `start` of a line (an ASCII byte),
/// if any; `word_start` says whether a word starts there (`(?-u:\b)`).
fn block_at(line: &str, start: usize, word_start: bool) -> Option<BlockMatch> {
    let mut c = Cursor::at(line, start);
    let first = c.peek()?;
    if word_start && matches!(first, b'E' | b'e') {
        // `END\s+WORD\b`
        let end = block_word(&mut c, &["END", "End", "end"])?;
        c.at = spaces1(line, c.at)?;
        let word = block_word(&mut c, &BLOCK_WORDS)?;
        return c.word_ends().then_some(BlockMatch {
            all: Span::new(start, c.at),
            end: Some(end),
            word,
            form: BlockForm::Close,
        });
    }
    if word_start && matches!(first, b'B' | b'S' | b'C') {
        // `(?:BEGIN\s+)?WORD\s*[:.]`
        let mut begun = c;
        if begun.literal(b"BEGIN").is_some()
            && let Some(at) = spaces1(line, begun.at)
        {
            begun.at = at;
            if let Some(m) = opening_word(line, begun, start) {
                return Some(m);
            }
        }
        return opening_word(line, c, start);
    }
    if first == b'(' {
        // `\(\s*(?:NOTE|Note)\s*:`
        c.at += 1;
        c.at = skip_spaces(line, c.at);
        let word = block_word(&mut c, &["NOTE", "Note"])?;
        c.at = skip_spaces(line, c.at);
        c.literal(b":")?;
        return Some(BlockMatch {
            all: Span::new(start, c.at),
            end: None,
            word,
            form: BlockForm::Note,
        });
    }
    None
}

/// `(SUMMARY|Summary|COMMENT|Comment)\s*[:.]` at the cursor, for a match
/// starting at `start`.
fn opening_word(line: &str, mut c: Cursor, start: usize) -> Option<BlockMatch> {
    let word = block_word(&mut c, &BLOCK_WORDS[..4])?;
    c.at = skip_spaces(line, c.at);
    if !matches!(c.peek(), Some(b':' | b'.')) {
        return None;
    }
    Some(BlockMatch {
        all: Span::new(start, c.at + 1),
        end: None,
        word,
        form: BlockForm::Open,
    })
}

fn blocks(line: &str, items: &mut Vec<Item>) {
    let kind_of = |word: &str| match word.to_ascii_uppercase().as_str() {
        "SUMMARY" => BlockKind::Summary,
        "COMMENT" => BlockKind::Comment,
        _ => BlockKind::Note,
    };
    for m in block_matches(line) {
        let word = m.word.text(line);
        match m.form {
            BlockForm::Close => {
                let start = m.end.map_or(m.all.start, |end| end.start);
                items.push(Item::BlockClose(
                    kind_of(word),
                    Span::new(start, m.word.end),
                ));
            }
            BlockForm::Open | BlockForm::Note => {
                // An opener starts a sentence: after the line start, a
                // mark, a bracket or a full stop.
                let before = line[..m.all.start].trim_end();
                let starts_sentence = before.is_empty()
                    || before.ends_with(['(', ')', '.', ':', ']', '>', '"', '“', '”'])
                    || word != "Summary" && word != "Comment";
                if starts_sentence {
                    let start = if m.form == BlockForm::Note {
                        m.all.start
                    } else {
                        m.word.start
                    };
                    items.push(Item::BlockOpen(kind_of(word), Span::new(start, m.all.end)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(line: &str) -> Vec<Item> {
        let mut items = Vec::new();
        lex_body(line, &LineScan::of(line), &mut items);
        items
    }

    fn number_of(line: &str) -> Option<(u32, NumberStyle, String)> {
        body(line).into_iter().find_map(|i| match i {
            Item::Number {
                span,
                number,
                style,
                ..
            } => Some((number, style, span.text(line).to_string())),
            _ => None,
        })
    }

    fn mark_of(line: &str) -> Option<(String, bool, bool)> {
        body(line).into_iter().find_map(|i| match i {
            Item::Mark(m) => Some((m.text, m.opened, m.closed)),
            _ => None,
        })
    }

    /// The pattern the hand-written paragraph-number reader replaced (with
    /// ASCII digits), as its oracle.
    fn opening_by_pattern(line: &str) -> Option<Opening> {
        let pattern = regex::Regex::new(
            r"^\s*(?:(¶)\s?([0-9]{1,3})\s*[.)]?|(-\s+)?([0-9]{1,3})(?:\s?[.)]|\s?,\s*\(|\s*(?:\(|\[|\$))|(-\s*)?\$\\P\s?([0-9]{1,3})\$\s*\.?)",
        )
        .unwrap();
        let caps = pattern.captures(line)?;
        let (style, digits) = if let Some(d) = caps.get(2) {
            (NumberStyle::Pilcrow, d)
        } else if let Some(d) = caps.get(4) {
            let dashed = caps.get(3).is_some();
            let style = if dashed {
                NumberStyle::Dashed
            } else {
                NumberStyle::Plain
            };
            (style, d)
        } else {
            (NumberStyle::Latex, caps.get(6)?)
        };
        Some(Opening {
            end: caps.get(0)?.end(),
            digits: Span::new(digits.start(), digits.end()),
            style,
        })
    }

    proptest::proptest! {
        #[test]
        fn opening_numbers_read_as_the_pattern_did(
            line in "[ \t\u{a0}\u{b}\u{2003}]{0,2}(-[ \u{a0}]{0,2})?(¶|\\$\\\\P)?[ \u{a0}]?[0-9]{0,4}[ \u{a0}]{0,2}[.),(\\[$]?[ ]?[$.0-9A-Z(]{0,3}"
        ) {
            proptest::prop_assert_eq!(opening_number(&line), opening_by_pattern(&line), "{:?}", line);
        }
    }

    impl BlockMatch {
        /// The match of `BLOCK` that `caps` holds.
        fn of(caps: &regex::Captures) -> Option<BlockMatch> {
            let span = |m: regex::Match| Span::new(m.start(), m.end());
            let all = span(caps.get(0)?);
            let (word, form) = if let Some(k) = caps.name("ekind") {
                (k, BlockForm::Close)
            } else if let Some(k) = caps.name("kind") {
                (k, BlockForm::Open)
            } else {
                (caps.name("note")?, BlockForm::Note)
            };
            Some(BlockMatch {
                all,
                end: caps.name("end").map(span),
                word: span(word),
                form,
            })
        }
    }

    /// The block keywords `BLOCK` finds in a line.
    fn blocks_by_pattern(line: &str) -> Vec<BlockMatch> {
        BLOCK
            .captures_iter(line)
            .filter_map(|caps| BlockMatch::of(&caps))
            .collect()
    }

    #[test]
    fn block_keywords_by_example() {
        for line in [
            "END SUMMARY. BEGIN COMMENT: x (NOTE: y END NOTE) Summary: z",
            "BEGIN NOTE: x BEGIN  Summary . ENDNOTE End\tComment_ (Note :",
            "xEND SUMMARY BEGINSUMMARY: SUMMARYx: ( Note:",
            "(\u{a0}NOTE\u{2003}: x END\u{a0}NOTE ¶ BEGIN\u{2003}Comment\u{a0}.",
        ] {
            assert_eq!(block_matches(line), blocks_by_pattern(line), "{line:?}");
        }
    }

    /// The entity kinds `ENTITY_OPEN` finds in a line.
    fn entity_kinds_by_pattern(line: &str) -> Vec<Span> {
        ENTITY_OPEN
            .captures_iter(line)
            .filter_map(|caps| caps.get(1))
            .map(|m| Span::new(m.start(), m.end()))
            .collect()
    }

    #[test]
    fn entity_openers_by_example() {
        for line in [
            "met [PER Emomali Rahmonov ] and [ORG HOAGLAND",
            "[A x [AB x [ABCDE x [ABCDEF x [AB]x [[LOC y",
            "¶[MISC a] [per b] [PER\tc]",
        ] {
            assert_eq!(
                entity_kinds(line),
                entity_kinds_by_pattern(line),
                "{line:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        #[test]
        fn entity_openers_read_as_the_pattern_does(
            line in "(\\[|\\[\\[|[A-Z]{1,7}| |  |a|\\]|¶|PER |\\[ORG ){0,8}",
        ) {
            proptest::prop_assert_eq!(entity_kinds(&line), entity_kinds_by_pattern(&line));
        }

        #[test]
        fn the_block_test_passes_every_block_keyword(
            line in "[a-z (]{0,3}(END|End|end|BEGIN|x|\\()?[ \u{a0}]{0,2}(SUMMARY|Summary|summary|COMMENT|Comment|NOTE|Note)[ \u{a0}]{0,2}[:.x]?"
        ) {
            proptest::prop_assert!(!BLOCK.is_match(&line) || may_hold_block(&line), "{:?}", line);
        }

        #[test]
        fn block_keywords_read_as_the_pattern_does(
            line in "(END|End|end|BEGIN|SUMMARY|Summary|COMMENT|Comment|NOTE|Note|\\(|:|\\.| |  |\t|\u{a0}|\u{2003}|x|é|¶|_|E|B|S|C){0,8}"
        ) {
            proptest::prop_assert_eq!(block_matches(&line), blocks_by_pattern(&line));
        }

        #[test]
        fn the_run_in_test_passes_every_run_in_number(
            line in "[a-z ]{0,3}[.!?\"”x:-]?[ \u{a0}]{0,2}¶?[0-9]{0,4}[.,][ \u{a0}\t]{0,2}(\\((U|C|S//NF|x)\\)|[A-Z])[ x]"
        ) {
            proptest::prop_assert!(!RUN_IN.is_match(&line) || may_run_in(&line), "{:?}", line);
        }
    }

    #[test]
    fn the_cheap_tests_turn_prose_away() {
        assert!(!may_hold_block("We will comment on the summary later."));
        assert!(!may_hold_block("The Summary of the report"));
        assert!(may_hold_block("END SUMMARY."));
        assert!(may_hold_block("Summary: the talks"));
        assert!(may_hold_block("(Note : the talks"));
        assert!(may_hold_block("the talks. End Comment"));
        assert!(!may_run_in("He left (for good)."));
        assert!(!may_run_in("in May. (The talks"));
        assert!(!may_run_in("¶3. (C) Comment: the talks"));
        assert!(!may_run_in("in 2009. (The talks"));
        assert!(!may_run_in("in 2009.5 percent"));
        assert!(!may_run_in("¶3. The talks"));
        assert!(may_run_in("in India. 20. (S) Information"));
        assert!(may_run_in("in India. 20.(S) Information"));
        assert!(may_run_in("in India. 20.\u{a0}(S) Information"));
    }

    #[test]
    fn opening_numbers_read_as_the_pattern_did_on_examples() {
        for line in [
            "¶3. (C) text",
            "¶ 12 .",
            "3.",
            "3)",
            "3 (C)",
            "3  (C)",
            "3 [PER",
            "3 $",
            "- 13.",
            "-13.",
            "- $\\P3$ .",
            "$\\P 3$",
            "$\\P3",
            "2009 was",
            "¶2000. THE",
            "02.12.2010",
            "\u{a0}4.",
            "4\u{a0}.",
            "¶\u{a0}4",
            "- 4 (S)",
            "1234.",
            "",
        ] {
            assert_eq!(opening_number(line), opening_by_pattern(line), "{line:?}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(
            number_of("¶1. (C) Summary"),
            Some((1, NumberStyle::Pilcrow, "¶1.".into()))
        );
        assert_eq!(
            number_of("15. (C) Ambassador"),
            Some((15, NumberStyle::Plain, "15.".into()))
        );
        assert_eq!(
            number_of("- 11. (C) Poloff"),
            Some((11, NumberStyle::Dashed, "- 11.".into()))
        );
        assert_eq!(
            number_of("- $\\P3$ . (C) COMMENT."),
            Some((3, NumberStyle::Latex, "- $\\P3$ .".into()))
        );
        assert_eq!(
            number_of("2.(C) text"),
            Some((2, NumberStyle::Plain, "2.".into()))
        );
        assert_eq!(
            number_of("1 (C) text"),
            Some((1, NumberStyle::Plain, "1".into()))
        );
        assert_eq!(
            number_of("1) (U) text"),
            Some((1, NumberStyle::Plain, "1)".into()))
        );
        assert_eq!(
            number_of("4-12. (U) Official data"),
            Some((4, NumberStyle::Plain, "4-12.".into()))
        );
        assert_eq!(
            number_of("¶4-14. (U) Official data"),
            Some((4, NumberStyle::Pilcrow, "¶4-14.".into()))
        );
        assert_eq!(
            number_of("(11. (C) Comment: As noted"),
            Some((11, NumberStyle::Plain, "(11.".into()))
        );
        assert_eq!(number_of("(11. The list"), None);
        assert_eq!(number_of("2009-2010. The"), None);
        assert_eq!(number_of("12-4. The"), None);
        assert_eq!(number_of("4-12.5 percent"), None);
        assert_eq!(number_of("¶2000. THE GOC"), None);
        assert_eq!(number_of("12 Uzbek officials"), None);
        let line = "REASON: 1.4 ( b ) , ( d ) <a id='par1' href='#par1'>¶</a>1 . ";
        assert_eq!(
            number_of(line).map(|n| (n.0, n.1)),
            Some((1, NumberStyle::Anchor))
        );
    }

    #[test]
    fn marks() {
        assert_eq!(mark_of("¶9. SBU) The"), Some(("SBU".into(), false, true)));
        assert_eq!(
            mark_of("¶5. (SBU During"),
            Some(("SBU".into(), true, false))
        );
        assert_eq!(mark_of("1. (S//NF) x"), Some(("S//NF".into(), true, true)));
        assert_eq!(
            mark_of("( [ORG S  ] ) President"),
            Some(("S".into(), true, true))
        );
        assert_eq!(
            mark_of("( C ) The Ambassador"),
            Some(("C".into(), true, true))
        );
        assert_eq!(mark_of("1. (SE) x"), Some(("SE".into(), true, true)));
        assert_eq!(mark_of("1. (NOTE: x"), None);
        assert_eq!(
            mark_of("¶2. (S//REL TO USA, ACGU) Details"),
            Some(("S//REL TO USA, ACGU".into(), true, true))
        );
        assert_eq!(
            mark_of("¶1. (C NF) President"),
            Some(("C NF".into(), true, true))
        );
        assert_eq!(mark_of("1. The (C) x"), None);
    }

    #[test]
    fn entity_tags() {
        let line = "met [PER Emomali Rahmonov  ] and [ORG HOAGLAND NNNN</pre></code>  ] [PER x";
        let tags: Vec<_> = body(line)
            .into_iter()
            .filter_map(|i| match i {
                Item::Entity(e) => Some((
                    e.kind.text(line).to_string(),
                    e.text.text(line).to_string(),
                    e.closed,
                )),
                _ => None,
            })
            .collect();
        assert_eq!(
            tags,
            [
                ("PER".into(), "Emomali Rahmonov".into(), true),
                ("ORG".into(), "HOAGLAND NNNN</pre></code>".into(), true),
                ("PER".into(), "x".into(), false)
            ]
        );
        assert!(
            body("[RusAl Chairman Oleg] Deripaska [PREL](#)")
                .iter()
                .all(|i| !matches!(i, Item::Entity(_)))
        );
    }

    #[test]
    fn block_keywords() {
        let kinds: Vec<_> =
            body("¶1. (C) Summary: text. END SUMMARY. (NOTE: x END NOTE.) COMMENT. y")
                .into_iter()
                .filter_map(|i| match i {
                    Item::BlockOpen(k, _) => Some((k, true)),
                    Item::BlockClose(k, _) => Some((k, false)),
                    _ => None,
                })
                .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Summary, true),
                (BlockKind::Summary, false),
                (BlockKind::Note, true),
                (BlockKind::Note, false),
                (BlockKind::Comment, true)
            ]
        );
    }
}
