//! Names: entity tags and capitalised proper names in plain text, each with
//! a normalised key so that `[PER Rahmonov  ]`, `Rahmonov`, `RAHMONOV’s`
//! and `President Rahmonov` meet.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::fast_hash::FastHash;
use crate::syntax::lexer::split_lines;
use crate::syntax::{Cable, Flavour, Span};

/// One mention of a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Where it is written (for an entity tag, the tagged text).
    pub span: Span,
    /// The normalised name.
    pub key: String,
    /// The entity type when tagged.
    pub kind: Option<EntityKind>,
}

impl Mention {
    /// For a name of several words, its last word (`rahmonov` for
    /// `emomali rahmonov`), so a surname finds the full name too.
    pub fn surname(&self) -> Option<&str> {
        surname_of(&self.key)
    }
}

/// The entity types of the annotated flavour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    /// `PER`: a person.
    Per,
    /// `ORG`: an organisation.
    Org,
    /// `LOC`: a place.
    Loc,
    /// `MISC`: anything else named.
    Misc,
}

impl EntityKind {
    /// Every kind, in order.
    pub const ALL: [EntityKind; 4] = [Self::Per, Self::Org, Self::Loc, Self::Misc];

    /// The type as tagged (`PER`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Per => "PER",
            Self::Org => "ORG",
            Self::Loc => "LOC",
            Self::Misc => "MISC",
        }
    }

    /// The kind a tag's type names, if it is one of the four.
    pub fn parse(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == tag)
    }
}

/// Words that start sentences or name roles, never people or places on
/// their own.
const NOT_NAMES: &[&str] = &[
    "a",
    "about",
    "according",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "ambassador",
    "an",
    "and",
    "another",
    "any",
    "as",
    "assistant",
    "at",
    "because",
    "before",
    "begin",
    "both",
    "but",
    "by",
    "chairman",
    "chief",
    "classified",
    "comment",
    "congress",
    "consul",
    "deputy",
    "despite",
    "director",
    "do",
    "dr",
    "during",
    "each",
    "embassy",
    "end",
    "even",
    "every",
    "first",
    "for",
    "foreign",
    "former",
    "from",
    "general",
    "government",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "instead",
    "it",
    "its",
    "last",
    "like",
    "many",
    "meanwhile",
    "minister",
    "ministry",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "my",
    "neither",
    "new",
    "no",
    "nor",
    "not",
    "note",
    "now",
    "of",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "over",
    "per",
    "post",
    "president",
    "previous",
    "prime",
    "reason",
    "reasons",
    "ref",
    "reftel",
    "says",
    "secretary",
    "section",
    "senator",
    "she",
    "since",
    "so",
    "some",
    "source",
    "still",
    "subject",
    "such",
    "summary",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "today",
    "under",
    "unless",
    "until",
    "upon",
    "we",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "with",
    "within",
    "without",
    "yet",
    "you",
    "your",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
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
    "state",
    "department",
    "defense",
    "king",
    "poloff",
    "polcouns",
    "econoff",
    "pol",
    "article",
    "charge",
    "plans",
    "plan",
    "presidency",
    "interior",
    "justice",
    "west",
    "east",
    "north",
    "south",
    "party",
    "council",
    "office",
    "national",
    "consulate",
    "mission",
    "affairs",
];

static STOP_WORDS: LazyLock<HashSet<&'static str, FastHash>> =
    LazyLock::new(|| NOT_NAMES.iter().copied().collect());

/// Whether a word (any case) is a role or function word.
fn stop_word(word: &str) -> bool {
    if word.len() > 12 {
        return false;
    }
    // ASCII words, nearly all of them, are lowered without allocating.
    if word.is_ascii() {
        let mut lower = [0u8; 12];
        let lower = &mut lower[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).is_ok_and(|w| STOP_WORDS.contains(w));
    }
    STOP_WORDS.contains(word.to_lowercase().as_str())
}

/// The normalised form of a name: lower case, possessive removed, spacing
/// of the tokenised flavour undone (`U.S. - Russia` = `U.S.-Russia`), curly
/// apostrophes straightened, trailing punctuation dropped.
pub fn normalize(name: &str) -> String {
    if name.is_ascii() {
        normalize_ascii(name)
    } else {
        normalize_any(name)
    }
}

/// [`normalize`] for any text.
fn normalize_any(name: &str) -> String {
    let straight: String = name
        .chars()
        .map(|c| {
            if matches!(c, '’' | '‘' | '`') {
                '\''
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = straight.split_whitespace().collect();
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let joins = |w: &str| w.chars().all(|c| !c.is_alphanumeric());
        if i > 0 && !joins(word) && !joins(words[i - 1]) && !word.starts_with('\'') {
            out.push(' ');
        }
        out.push_str(word);
    }
    let mut out = out.to_lowercase();
    for suffix in ["'s", "'"] {
        if let Some(stripped) = out.strip_suffix(suffix) {
            out = stripped.to_string();
            break;
        }
    }
    out.trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// [`normalize`] for ASCII text, in one pass over its bytes and one
/// allocation.
fn normalize_ascii(name: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(name.len());
    // Whether the previous word was punctuation only (it joins its
    // neighbours without a space).
    let mut previous_joins = None;
    let words = name
        .as_bytes()
        .split(|b| b.is_ascii_whitespace() || *b == 0x0b)
        .filter(|word| !word.is_empty());
    for word in words {
        let joins = !word.iter().any(u8::is_ascii_alphanumeric);
        if previous_joins == Some(false) && !joins && !matches!(word[0], b'\'' | b'`') {
            out.push(b' ');
        }
        out.extend(word.iter().map(|&b| match b {
            b'`' => b'\'',
            b => b.to_ascii_lowercase(),
        }));
        previous_joins = Some(joins);
    }
    if out.ends_with(b"'s") {
        out.truncate(out.len() - 2);
    } else if out.ends_with(b"'") {
        out.pop();
    }
    while out.last().is_some_and(|b| !b.is_ascii_alphanumeric()) {
        out.pop();
    }
    // ASCII in, ASCII out.
    String::from_utf8(out).unwrap_or_default()
}

/// The last word of a normalised name of several words, when it is long
/// enough to stand for the name (`rahmonov` for `emomali rahmonov`).
pub fn surname_of(key: &str) -> Option<&str> {
    let last = key.rsplit(' ').next()?;
    (last.len() < key.len() && last.chars().count() >= 3).then_some(last)
}

/// Where the body starts: after the last cable-header field.
pub fn body_start(cable: &Cable) -> usize {
    [
        cable.banner.as_ref().map(|b| b.span.end),
        cable.eo.as_ref().map(|e| e.span.end),
        cable.tags.as_ref().map(|t| t.span.end),
        cable.subject.as_ref().map(|s| s.span.end),
        cable.ref_field.map(|r| r.end),
        cable.classified_by.as_ref().map(|c| c.span.end),
        cable.reason.as_ref().map(|r| r.span.end),
        cable.transmission.as_ref().map(|t| t.span.end),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0)
}

/// A capitalised word: an upper-case letter, then at least one lower-case
/// letter among the rest.
fn capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() >= 3
        && chars.any(char::is_lowercase)
}

/// Every mention in a cable: its entity tags (annotated flavour) and the
/// capitalised names of its body text outside tags.
pub fn mentions(text: &str, cable: &Cable) -> Vec<Mention> {
    let mut out: Vec<Mention> = cable
        .entities
        .iter()
        .filter(|e| e.closed && e.known_type && !e.text.is_empty())
        .map(|e| Mention {
            span: e.text,
            key: normalize(e.text.text(text)),
            kind: EntityKind::parse(e.kind.text(text)),
        })
        .filter(|m| !m.key.is_empty())
        .collect();
    // The annotated flavour tags its names; untagged capitals there are
    // mostly sentence starts and titles.
    if cable.flavour == Flavour::Annotated {
        return out;
    }
    let tagged: Vec<Span> = cable.entities.iter().map(|e| e.span).collect();
    let markup: Vec<Span> = cable.markup.iter().map(|m| m.span).collect();
    let start = body_start(cable);
    let body = text.get(start..).unwrap_or("");
    let runs = name_runs(body, start);
    // A lone word opening a sentence counts only if the text also uses it
    // mid-sentence (`Karasin said …` then `… Ambassador Karasin`).
    let mid_sentence: HashSet<&str, FastHash> = runs
        .iter()
        .filter(|r| !r.sentence_start)
        .flat_map(|r| [Some(r.key.as_str()), surname_of(&r.key)])
        .flatten()
        .collect();
    // Spans in text order: the one that may contain a run is the last one
    // starting at or before it.
    let within = |spans: &[Span], run: Span| {
        let i = spans.partition_point(|s| s.start <= run.start);
        i > 0 && spans[i - 1].end >= run.end
    };
    let keep: Vec<bool> = runs
        .iter()
        .map(|run| {
            !within(&tagged, run.span)
                && !within(&markup, run.span)
                && (!run.sentence_start
                    || run.key.contains(' ')
                    || mid_sentence.contains(run.key.as_str()))
        })
        .collect();
    out.extend(
        runs.into_iter()
            .zip(keep)
            .filter(|(_, keep)| *keep)
            .map(|(run, _)| Mention {
                span: run.span,
                key: run.key,
                kind: None,
            }),
    );
    out.sort_by_key(|m| m.span.start);
    out
}

struct Run {
    span: Span,
    key: String,
    sentence_start: bool,
}

/// Maximal runs of capitalised words on one line, with leading role words
/// dropped (`President Rahmonov` → `Rahmonov`). Lines without lower-case
/// letters (all-capitals cables and headings) give none.
fn name_runs(body: &str, base: usize) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut words = Vec::new();
    let mut line_start = 0;
    for line in split_lines(body) {
        // Most lines are ASCII: their bytes are their characters.
        let ascii = line.is_ascii();
        let has_lower = if ascii {
            line.bytes().any(|b| b.is_ascii_lowercase())
        } else {
            line.chars().any(char::is_lowercase)
        };
        if has_lower {
            words.clear();
            if ascii {
                capitalised_ascii_words(line, &mut words);
            } else {
                split_words(line.char_indices(), &mut words);
                words.retain(|&(s, e)| capitalised(&line[s..e]));
            }
            runs_in_line(line, &words, base + line_start, &mut runs);
        }
        line_start += line.len();
    }
    runs
}

/// The capitalised words (see [`capitalised`]) of an ASCII line, as
/// [`split_words`] splits it: what [`runs_in_line`] needs, without
/// collecting every other word first.
fn capitalised_ascii_words(line: &str, words: &mut Vec<(usize, usize)>) {
    let bytes = line.as_bytes();
    let mut start = None;
    let mut push = |s: usize, e: usize| {
        let word = &bytes[s..e];
        if word.len() >= 3
            && word[0].is_ascii_uppercase()
            && word[1..].iter().any(u8::is_ascii_lowercase)
        {
            words.push((s, e));
        }
    };
    for (i, &b) in bytes.iter().enumerate() {
        let part = b.is_ascii_alphabetic() || (start.is_some() && matches!(b, b'\'' | b'-'));
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push(s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(s, bytes.len());
    }
}

/// The words of a line, as byte ranges, from its characters and their
/// offsets: a word holds letters, and apostrophes and hyphens inside.
fn split_words(chars: impl Iterator<Item = (usize, char)>, words: &mut Vec<(usize, usize)>) {
    let mut start = None;
    let mut end = 0;
    for (i, c) in chars {
        end = i + c.len_utf8();
        let part = c.is_alphabetic() || (start.is_some() && matches!(c, '\'' | '’' | '-'));
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, end));
    }
}

/// The name runs of a line, given its capitalised words in order: two
/// words one space apart are next to each other in the line.
fn runs_in_line(line: &str, words: &[(usize, usize)], base: usize, runs: &mut Vec<Run>) {
    let mut i = 0;
    while i < words.len() {
        let (s, _) = words[i];
        let before = line[..s].trim_end();
        let sentence_start =
            before.is_empty() || before.ends_with(['.', '!', '?', ':', '"', '“', '(', ')', '¶']);
        // Extend over capitalised words separated by one space.
        let mut j = i;
        while j + 1 < words.len() && &line[words[j].1..words[j + 1].0] == " " {
            j += 1;
        }
        // Drop role and function words from the front.
        let mut first = i;
        while first <= j && stop_word(&line[words[first].0..words[first].1]) {
            first += 1;
        }
        // And from the back: `Nazarov May 8` is Nazarov.
        let mut last = j;
        while last > first && stop_word(&line[words[last].0..words[last].1]) {
            last -= 1;
        }
        if first <= j {
            let span = Span::new(base + words[first].0, base + words[last].1);
            let key = normalize(&line[words[first].0..words[last].1]);
            if !key.is_empty() && !STOP_WORDS.contains(key.as_str()) {
                runs.push(Run {
                    span,
                    key,
                    sentence_start: sentence_start && first == i,
                });
            }
        }
        i = j + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    proptest::proptest! {
        #[test]
        fn ascii_normalisation_is_the_general_one(name in "[ \t\u{b}a-zA-Z0-9.'`,-]{0,30}") {
            proptest::prop_assert_eq!(normalize_ascii(&name), normalize_any(&name));
        }

        #[test]
        fn ascii_capitalised_words_are_the_general_ones(
            line in "([ .,'-]|Ab|Abc|ABC|abc|Abc-de|O'Neil|x){0,12}"
        ) {
            let mut general = Vec::new();
            split_words(line.char_indices(), &mut general);
            general.retain(|&(s, e)| capitalised(&line[s..e]));
            let mut ascii = Vec::new();
            capitalised_ascii_words(&line, &mut ascii);
            proptest::prop_assert_eq!(ascii, general);
        }
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize("Rahmonov’s"), "rahmonov");
        assert_eq!(normalize("Karasin`s"), "karasin");
        assert_eq!(normalize("U.S. - Russia"), "u.s.-russia");
        assert_eq!(normalize("U.S.-Russia"), "u.s.-russia");
        assert_eq!(normalize("Uzbekistan."), "uzbekistan");
        assert_eq!(normalize("Emomali  Rahmonov"), "emomali rahmonov");
        assert_eq!(normalize("RUSSIA"), "russia");
    }

    #[test]
    fn names_in_plain_text() {
        let text = "UNCLAS DUSHANBE 000001\nSUBJECT: X\n\n¶1. (U) Deputy Foreign Minister Grigory Karasin met Ambassador Popov. Karasin said the Dushanbe Hyatt was fine. The talks ended.\n";
        let cable = parse(text);
        let found: Vec<(String, Option<String>)> = mentions(text, &cable)
            .into_iter()
            .map(|m| (m.surname().map(str::to_string), m.key))
            .map(|(surname, key)| (key, surname))
            .collect();
        assert_eq!(
            found,
            [
                ("grigory karasin".to_string(), Some("karasin".to_string())),
                ("popov".to_string(), None),
                ("karasin".to_string(), None),
                ("dushanbe hyatt".to_string(), Some("hyatt".to_string())),
            ]
        );
    }

    #[test]
    fn entity_tags_are_mentions() {
        let text = "<code><pre>S E C R E T DUSHANBE 001921 <a id='par1' href='#par1'>¶</a>1 . \n( C ) The Ambassador met President [PER Emomali Rahmonov  ] in [LOC Dushanbe  ] .\n";
        let cable = parse(text);
        let found: Vec<(String, Option<EntityKind>)> = mentions(text, &cable)
            .into_iter()
            .map(|m| (m.key, m.kind))
            .collect();
        assert_eq!(
            found,
            [
                ("emomali rahmonov".to_string(), Some(EntityKind::Per)),
                ("dushanbe".to_string(), Some(EntityKind::Loc))
            ]
        );
    }
}
