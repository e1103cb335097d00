//! Names: entity tags and capitalised proper names in plain text, each with
//! a normalised key so that `[PER Rahmonov  ]`, `Rahmonov`, `RAHMONOV’s`
//! and `President Rahmonov` meet.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::fast_hash::FastHash;
use crate::syntax::MONTH_NAMES;
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

/// Words that start sentences or name roles (with [`TITLES`] and the
/// months' names), never people or places on their own.
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
    "an",
    "and",
    "another",
    "any",
    "as",
    "at",
    "because",
    "before",
    "begin",
    "both",
    "but",
    "by",
    "classified",
    "comment",
    "congress",
    "despite",
    "do",
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
    "ministry",
    "more",
    "most",
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
    "previous",
    "reason",
    "reasons",
    "ref",
    "reftel",
    "says",
    "section",
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
    "state",
    "department",
    "defense",
    "poloff",
    "polcouns",
    "econoff",
    "pol",
    "article",
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
    "is",
    "was",
    "has",
    "had",
    "will",
    "said",
    "told",
    "met",
];

/// Role words that open a new name inside a run of capitalised words:
/// `Foreign Policy Advisor Simon McDonald` names Simon McDonald.
const TITLES: &[&str] = &[
    "ambassador",
    "assistant",
    "chairman",
    "chief",
    "consul",
    "deputy",
    "director",
    "minister",
    "president",
    "prime",
    "secretary",
    "senator",
    "king",
    "advisor",
    "adviser",
    "spokesman",
    "spokeswoman",
    "governor",
    "mayor",
    "vice",
    "leader",
    "envoy",
    "commander",
    "undersecretary",
    "counselor",
    "speaker",
    "admiral",
    "lady",
    "rabbi",
    "mr",
    "mrs",
    "ms",
    "dr",
    "charge",
];

/// Compass words: not names alone, but part of one in front of another
/// word (`South Ossetia` is not `North Ossetia`).
const COMPASS: &[&str] = &["north", "south", "east", "west"];

/// The one spelling the index keeps for organisations the cables spell
/// several ways.
const SPELLINGS: &[(&str, &str)] = &[
    ("hezbollah", "hizballah"),
    ("hizbollah", "hizballah"),
    ("hizbullah", "hizballah"),
    ("hizaballah", "hizballah"),
    ("al-qaeda", "al-qaida"),
    ("al qaeda", "al-qaida"),
    ("al qaida", "al-qaida"),
    ("al-qa'ida", "al-qaida"),
];

/// The index's spelling of a normalised name.
pub fn canonical_spelling(key: &str) -> &str {
    SPELLINGS
        .iter()
        .find(|(variant, _)| *variant == key)
        .map_or(key, |(_, canonical)| canonical)
}

/// Whether a word (any case) is one of `list` (lower-case ASCII words).
fn one_of(list: &[&str], word: &str) -> bool {
    let word = word.trim_end_matches('.');
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}
/// The role and function words, each as [`packed`] gives it.
static STOP_WORDS: LazyLock<HashSet<u128, FastHash>> = LazyLock::new(|| {
    NOT_NAMES
        .iter()
        .chain(TITLES)
        .chain(MONTH_NAMES)
        .filter_map(|w| packed(w.as_bytes()))
        .collect()
});

/// A word of up to 15 bytes as one number, for matching against the
/// stop words (all lower-case ASCII letters): its bytes with bit 5 set,
/// then its length in the last byte. Setting bit 5 lower-cases `A`-`Z`, and
/// maps no other byte into `a`-`z`, so a word matches a stop word exactly
/// when its lower-case form is one. Comparing two is one comparison,
/// hashing one two multiplies.
fn packed(word: &[u8]) -> Option<u128> {
    let len = u8::try_from(word.len()).ok().filter(|&n| n < 16)?;
    let mut bytes = [0u8; 16];
    bytes[..word.len()].copy_from_slice(word);
    let case = u128::from_le_bytes([0x20; 16])
        .checked_shr(8 * (16 - u32::from(len)))
        .unwrap_or(0);
    Some((u128::from_le_bytes(bytes) | case) | (u128::from(len) << 120))
}

/// The stop words' shapes: bit `l` of `SHAPES[n][f]` is set when a stop
/// word of `n` letters opens with letter `f` and closes with letter `l`
/// (`a` is 0). Most capitalised words have no stop word's shape, which
/// takes three byte reads to tell, not a hash of the word.
static SHAPES: [[u32; 26]; 16] = {
    let mut shapes = [[0; 26]; 16];
    let lists = [NOT_NAMES, TITLES, MONTH_NAMES];
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            let w = lists[l][i].as_bytes();
            shapes[w.len()][(w[0] - b'a') as usize] |= 1 << (w[w.len() - 1] - b'a');
            i += 1;
        }
        l += 1;
    }
    shapes
};

/// Whether an ASCII word has the length, first and last letter (in any
/// case) of some stop word: a necessary condition for being one.
fn has_stop_word_shape(word: &[u8]) -> bool {
    // Setting bit 5 maps `A`-`Z` onto `a`-`z` and no other byte into them.
    let letter = |b: u8| (b | 0x20).wrapping_sub(b'a');
    match (word.first(), word.last()) {
        (Some(&first), Some(&last)) => SHAPES
            .get(word.len())
            .and_then(|row| row.get(usize::from(letter(first))))
            .is_some_and(|ends| u32::from(letter(last)) < 26 && ends >> letter(last) & 1 != 0),
        _ => false,
    }
}

/// Whether a word (any case) is a role or function word.
fn stop_word(word: &str) -> bool {
    if word.is_ascii() {
        return has_stop_word_shape(word.as_bytes())
            && packed(word.as_bytes()).is_some_and(|w| STOP_WORDS.contains(&w));
    }
    packed(word.to_lowercase().as_bytes()).is_some_and(|w| STOP_WORDS.contains(&w))
}

/// Writes the normalised form of a name into `out`, replacing what it
/// held: lower case, possessive removed, middle initials left out, spacing
/// of the tokenised flavour undone (`U.S. - Russia` = `U.S.-Russia`), curly
/// apostrophes straightened, trailing punctuation dropped.
fn normalize_into(name: &str, out: &mut String) {
    out.clear();
    if name.is_ascii() {
        normalize_ascii(name, out);
    } else {
        out.push_str(&normalize_any(name));
    }
}

/// [`normalize_into`] for any text.
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
    let words: Vec<&str> = straight
        .split_whitespace()
        .filter(|w| !initial(w))
        .collect();
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

/// Whether a word is a middle initial (`M.`), which a name's key leaves out:
/// `Clifford M. Sobel` is `clifford sobel`.
fn initial(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 2 && b[0].is_ascii_uppercase() && b[1] == b'.'
}

/// [`normalize_into`] for ASCII text, in one pass over its bytes, appended to
/// `out`.
fn normalize_ascii(name: &str, out: &mut String) {
    // Whether the previous word was punctuation only (it joins its
    // neighbours without a space).
    let mut previous_joins = None;
    let words = name
        .split(|c: char| c.is_ascii_whitespace() || c == '\u{b}')
        .filter(|word| !word.is_empty());
    for word in words.filter(|w| !initial(w)) {
        let joins = !word.bytes().any(|b| b.is_ascii_alphanumeric());
        if previous_joins == Some(false) && !joins && !word.starts_with(['\'', '`']) {
            out.push(' ');
        }
        let from = out.len();
        out.push_str(word);
        if let Some(added) = out.get_mut(from..) {
            added.make_ascii_lowercase();
        }
        if word.contains('`') {
            let added = out.split_off(from).replace('`', "'");
            out.push_str(&added);
        }
        previous_joins = Some(joins);
    }
    drop_ascii_ending(out);
}

/// Drops a possessive (`'s`, `'`), then any punctuation, from the end of a
/// normalised ASCII name.
fn drop_ascii_ending(out: &mut String) {
    if out.ends_with("'s") {
        out.truncate(out.len() - 2);
    } else if out.ends_with('\'') {
        out.pop();
    }
    while out.ends_with(|c: char| !c.is_ascii_alphanumeric()) {
        out.pop();
    }
}

/// [`normalize_into`] for a run of capitalised words one space apart or
/// across a middle initial (as [`runs_in_line`] finds them). On ASCII without
/// an initial, where such words are letters, apostrophes and hyphens opening
/// with a letter, that is lower-casing and dropping the ending: no spacing to
/// undo, no quote to straighten.
fn normalize_run(name: &str, out: &mut String) {
    if name.is_ascii() && !name.contains('.') {
        out.clear();
        out.push_str(name);
        out.make_ascii_lowercase();
        drop_ascii_ending(out);
    } else {
        normalize_into(name, out);
    }
}

/// The last word of a normalised name of several words, when it is long
/// enough to stand for the name (`rahmonov` for `emomali rahmonov`).
pub fn surname_of(key: &str) -> Option<&str> {
    // Names are short: a byte loop beats a vectorised search's set-up.
    let last = key.get(key.bytes().rposition(|b| b == b' ')? + 1..)?;
    (last.len() >= 3 && (last.is_ascii() || last.chars().count() >= 3)).then_some(last)
}

/// The first word of a normalised name of several words, when it is long
/// enough to stand for the name alone (`gamal` for `gamal mubarak`).
pub fn given_name_of(key: &str) -> Option<&str> {
    let (first, _) = key.split_once(' ')?;
    (first.chars().count() >= 3).then_some(first)
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

/// Every mention in a cable, each given to `found` as its span, its
/// normalised name and its kind: the entity tags (annotated flavour), then
/// the capitalised names of the body text outside tags. Names are lent from
/// a buffer, so a caller keeps what it needs without an allocation per
/// mention.
pub fn mentions(text: &str, cable: &Cable, found: &mut impl FnMut(Span, &str, Option<EntityKind>)) {
    let mut key = String::new();
    for e in &cable.entities {
        if e.closed && e.known_type && !e.text.is_empty() {
            normalize_into(e.text.text(text), &mut key);
            if !key.is_empty() {
                found(
                    e.text,
                    canonical_spelling(&key),
                    EntityKind::parse(e.kind.text(text)),
                );
            }
        }
    }
    // The annotated flavour tags its names; untagged capitals there are
    // mostly sentence starts and titles.
    if cable.flavour == Flavour::Annotated {
        return;
    }
    let tagged: Vec<Span> = cable.entities.iter().map(|e| e.span).collect();
    let markup: Vec<Span> = cable.markup.iter().map(|m| m.span).collect();
    let start = body_start(cable);
    let body = text.get(start..).unwrap_or("");
    // The SUBJECT and CLASSIFIED BY fields name people too (`Classified By:
    // Ambassador Clifford Sobel`); their lines in capitals are read below.
    let header = [
        cable.subject.as_ref().map(|f| f.span),
        cable
            .classified_by
            .as_ref()
            .map(|c| c.authority.unwrap_or(c.span)),
    ];
    let mut runs = Runs::default();
    for field in header.iter().flatten() {
        add_name_runs(field.text(text), field.start, &mut runs);
    }
    add_name_runs(body, start, &mut runs);
    // A lone word opening a sentence counts only if the text also uses it
    // mid-sentence (`Karasin said …` then `… Ambassador Karasin`), as a
    // name or a surname. Such words are few: they are looked up, not the
    // many names mid-sentence.
    let mut mid_sentence: HashMap<&str, bool, FastHash> = runs
        .list
        .iter()
        .filter(|r| r.sentence_start)
        .map(|r| runs.key(r))
        .filter(|key| !key.contains(' '))
        .map(|key| (key, false))
        .collect();
    if !mid_sentence.is_empty() {
        for run in runs.list.iter().filter(|r| !r.sentence_start) {
            let key = runs.key(run);
            for word in [Some(key), surname_of(key), given_name_of(key)]
                .into_iter()
                .flatten()
            {
                if let Some(used) = mid_sentence.get_mut(word) {
                    *used = true;
                }
            }
        }
    }
    // Spans in text order: the one that may contain a run is the last one
    // starting at or before it.
    let within = |spans: &[Span], run: Span| {
        let i = spans.partition_point(|s| s.start <= run.start);
        i > 0 && spans[i - 1].end >= run.end
    };
    let mut known: HashSet<String, FastHash> = HashSet::default();
    for run in &runs.list {
        let key = runs.key(run);
        if !within(&tagged, run.span)
            && !within(&markup, run.span)
            && (!run.sentence_start || mid_sentence.get(key) != Some(&false))
        {
            found(run.span, canonical_spelling(key), None);
            known.insert(key.to_string());
            known.extend(surname_of(key).map(str::to_string));
            known.extend(given_name_of(key).map(str::to_string));
        }
    }
    // Capitals: the SUBJECT and CLASSIFIED BY lines, headings, signatures
    // and whole cables written in capitals.
    let regions = header
        .into_iter()
        .flatten()
        .chain(std::iter::once(Span::new(start, text.len())));
    let lines: Vec<(usize, &str)> = regions
        .flat_map(|region| {
            let mut at = region.start;
            split_lines(region.text(text)).map(move |line| {
                let here = at;
                at += line.len();
                (here, line)
            })
        })
        .filter(|(_, line)| !line.bytes().any(|b| b.is_ascii_lowercase()))
        .collect();
    for (span, key) in capital_mentions(&lines, &mut known) {
        if !within(&tagged, span) && !within(&markup, span) {
            found(span, canonical_spelling(&key), None);
        }
    }
}

/// The words of a line in capitals (letters, apostrophes, hyphens; two
/// letters or more), grouped into runs as [`joins_run`] joins them.
fn capital_runs(line: &str) -> Vec<Vec<(usize, usize)>> {
    let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut last_end = None;
    let mut at = 0;
    let bytes = line.as_bytes();
    while at < bytes.len() {
        if !bytes[at].is_ascii_uppercase() || at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len()
            && (bytes[at].is_ascii_uppercase() || matches!(bytes[at], b'\'' | b'-'))
        {
            at += 1;
        }
        // A curly apostrophe's possessive.
        if line[at..].starts_with("’S") {
            at += "’S".len();
        }
        let end = at;
        if end - start < 2 || at < bytes.len() && bytes[at].is_ascii_digit() {
            continue;
        }
        match last_end {
            Some(last) if joins_run(&line[last..start]) => {
                if let Some(run) = runs.last_mut() {
                    run.push((start, end));
                }
            }
            _ => runs.push(vec![(start, end)]),
        }
        last_end = Some(end);
    }
    runs
}

/// A run of words in capitals: its line's offset, its line, its words.
type LineRun<'a> = (usize, &'a str, Vec<(usize, usize)>);

/// Names in lines written in capitals, where case cannot tell a name from
/// a word: the words after a title (`MDC PRESIDENT MORGAN TSVANGIRAI IS`),
/// up to three, and then anywhere the names the cable uses elsewhere
/// (`known`, which the titles' names join).
fn capital_mentions(
    lines: &[(usize, &str)],
    known: &mut HashSet<String, FastHash>,
) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let mut key = String::new();
    let runs: Vec<LineRun> = lines
        .iter()
        .flat_map(|&(base, line)| capital_runs(line).into_iter().map(move |r| (base, line, r)))
        .collect();
    // Every word in order, with whether it continues the run of the one
    // before: in the same run, or opening the line after a run that ended
    // its line (`MDC PRESIDENT` / `MORGAN TSVANGIRAI`).
    let mut words: Vec<(Span, &str, bool)> = Vec::new();
    // Where the line after the last run's line starts, when that run ended
    // its line: a run opening that line, and only that one, goes on from it.
    let mut ended_before = None;
    for (base, line, run) in &runs {
        for (k, &(s, e)) in run.iter().enumerate() {
            let joins = k > 0 || ended_before == Some(*base) && line[..s].trim().is_empty();
            words.push((Span::new(base + s, base + e), &line[s..e], joins));
        }
        ended_before = run
            .last()
            .filter(|&&(_, e)| line[e..].trim().is_empty())
            .map(|_| base + line.len());
    }
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for k in 0..words.len() {
        if !one_of(TITLES, words[k].1) {
            continue;
        }
        let mut end = k;
        while end + 1 < words.len()
            && end < k + 3
            && words[end + 1].2
            && !stop_word(words[end + 1].1)
            && !one_of(TITLES, words[end + 1].1)
            && !possessive(&words[end].1.to_lowercase())
        {
            end += 1;
        }
        if end > k {
            let name: Vec<&str> = words[k + 1..=end].iter().map(|w| w.1).collect();
            normalize_into(&name.join(" "), &mut key);
            if !key.is_empty() {
                let span = Span::new(words[k + 1].0.start, words[end].0.end);
                known.insert(key.clone());
                known.extend(surname_of(&key).map(str::to_string));
                taken.push((span.start, span.end));
                out.push((span, key.clone()));
            }
        }
    }
    for (base, line, run) in &runs {
        let mut k = 0;
        while k < run.len() {
            let mut matched = 0;
            for len in (1..=3.min(run.len() - k)).rev() {
                let span = Span::new(base + run[k].0, base + run[k + len - 1].1);
                if taken.iter().any(|&(s, e)| s < span.end && span.start < e) {
                    continue;
                }
                normalize_into(&line[run[k].0..run[k + len - 1].1], &mut key);
                if known.contains(key.as_str()) && !stop_word(&key) {
                    out.push((span, key.clone()));
                    matched = len;
                    break;
                }
            }
            k += matched.max(1);
        }
    }
    out
}

/// A run of capitalised words that may name someone or something.
struct Run {
    span: Span,
    /// Where its normalised name is in [`Runs::keys`].
    key: (u32, u32),
    sentence_start: bool,
}

/// The runs of a text, their names written one after another in one
/// string.
#[derive(Default)]
struct Runs {
    list: Vec<Run>,
    keys: String,
}

impl Runs {
    /// The normalised name of a run.
    fn key(&self, run: &Run) -> &str {
        self.keys
            .get(run.key.0 as usize..run.key.1 as usize)
            .unwrap_or("")
    }
}

/// Adds to `runs` the maximal runs of capitalised words on each line of
/// `body` (which starts at `base`), with leading role words dropped
/// (`President Rahmonov` → `Rahmonov`). Lines without lower-case letters
/// (all-capitals cables and headings) give none.
fn add_name_runs(body: &str, base: usize, runs: &mut Runs) {
    let mut words = Vec::new();
    let mut key = String::new();
    let mut line_start = 0;
    // Whether the last line with text ended inside a sentence
    // (`… Foreign Minister` / `Lavrov said`).
    let mut continued = false;
    // Whether the last run ended the line before this one.
    let mut run_ended_line = false;
    for line in split_lines(body) {
        let text = line.trim_end();
        let before = runs.list.len();
        // A capitalised word holds a lower-case letter; most lines are
        // ASCII, and all-capitals ones are skipped here.
        if line.bytes().any(|b| b.is_ascii_lowercase() || b >= 0x80) {
            words.clear();
            capitalised_words(line, &mut words);
            runs_in_line(line, &words, base + line_start, continued, &mut key, runs);
            let indent = line.len() - line.trim_start().len();
            let opens = |r: &Run| {
                let at = r.span.start - base - line_start;
                at == indent || at == indent + 3 && ["al-", "el-"].contains(&&line[indent..at])
            };
            if run_ended_line && runs.list.get(before).is_some_and(opens) {
                join_broken_name(body, base, before, &mut key, runs);
            }
        }
        let line_end = base + line_start + text.len();
        run_ended_line =
            runs.list.len() > before && runs.list.last().is_some_and(|r| r.span.end == line_end);
        continued = text.ends_with(|c: char| c.is_alphabetic() || c == ',');
        line_start += line.len();
    }
}

/// Joins the run at `at`, which opens a line, to the one before it, which
/// ended the line before: a name broken across lines (`Hamid` / `Karzai`),
/// unless the first part is possessive. `body` starts at `base`; `key` is
/// working space.
fn join_broken_name(body: &str, base: usize, at: usize, key: &mut String, runs: &mut Runs) {
    let (Some(first), Some(second)) = (
        at.checked_sub(1).and_then(|i| runs.list.get(i)),
        runs.list.get(at),
    ) else {
        return;
    };
    let span = Span::new(first.span.start, second.span.end);
    let (Some(part), Some(whole)) = (
        body.get(first.span.start - base..first.span.end - base),
        body.get(span.start - base..span.end - base),
    ) else {
        return;
    };
    if possessive(part) {
        return;
    }
    normalize_into(whole, key);
    let (Ok(start), Ok(end)) = (
        u32::try_from(runs.keys.len()),
        u32::try_from(runs.keys.len() + key.len()),
    ) else {
        return;
    };
    runs.keys.push_str(key);
    let sentence_start = first.sentence_start;
    runs.list[at - 1] = Run {
        span,
        key: (start, end),
        sentence_start,
    };
    runs.list.remove(at);
}

/// Whether a character may continue a word once it has started.
fn joins_word(c: char) -> bool {
    matches!(c, '\'' | '’' | '-')
}

/// The capitalised words of a line, as byte ranges. A word is a letter
/// followed by letters, apostrophes and hyphens; it is capitalised when it
/// opens with an upper-case letter, has three characters or more and a
/// lower-case letter after the first.
///
/// Only upper-case letters can open one, so the scan looks for those (any
/// byte of `A`-`Z`, and non-ASCII characters) and reads just the words they
/// start: most of a line's bytes are looked at once, with no decoding.
fn capitalised_words(line: &str, words: &mut Vec<(usize, usize)>) {
    let bytes = line.as_bytes();
    let mut at = 0;
    while let Some(start) = next_capital(bytes, at) {
        let Some(first) = line.get(start..).and_then(|rest| rest.chars().next()) else {
            // Not a character boundary: a continuation byte, skipped.
            at = start + 1;
            continue;
        };
        at = start + first.len_utf8();
        if !first.is_uppercase() || inside_word(line, start) && !after_prefix(line, start) {
            continue;
        }
        let (end, count, lower) = word_rest(line, at);
        if count >= 2 && lower {
            words.push((start, end));
        }
        at = end;
    }
}

/// Where the word continued at `at` ends, with how many characters it has
/// from `at` on and whether one of them is lower case. ASCII is read by
/// bytes; from the first other character on, by characters.
fn word_rest(line: &str, at: usize) -> (usize, usize, bool) {
    let mut count = 0;
    let mut lower = false;
    let mut end = at;
    while let Some(&b) = line.as_bytes().get(end) {
        if b.is_ascii_alphabetic() || b == b'\'' || b == b'-' {
            count += 1;
            lower |= b.is_ascii_lowercase();
            end += 1;
        } else if b < 0x80 {
            return (end, count, lower);
        } else {
            break;
        }
    }
    for c in line.get(end..).unwrap_or("").chars() {
        if !(c.is_alphabetic() || joins_word(c)) {
            break;
        }
        count += 1;
        lower |= c.is_lowercase();
        end += c.len_utf8();
    }
    (end, count, lower)
}

/// Where the next byte from `from` on is `A`-`Z` or not ASCII, looked for
/// eight bytes at a time.
fn next_capital(bytes: &[u8], from: usize) -> Option<usize> {
    const EACH: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = EACH * 0x80;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut done = from;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // Each byte's low seven bits plus a constant sets its high bit
        // from `A` on, and from past `Z` on; no carry crosses bytes.
        let low = x & !HIGH;
        let from_a = low + EACH * u64::from(0x80 - b'A');
        let past_z = low + EACH * u64::from(0x80 - b'Z' - 1);
        let found = ((from_a & !past_z & !x) | x) & HIGH;
        if found != 0 {
            return Some(done + (found.trailing_zeros() / 8) as usize);
        }
        done += 8;
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|b| b.is_ascii_uppercase() || *b >= 0x80)
        .map(|i| done + i)
}

/// Whether the letter at `at` follows a lower-case prefix and a hyphen that
/// open a word (`post-Mubarak`, `anti-Hizballah`): the name starts there.
fn after_prefix(line: &str, at: usize) -> bool {
    let Some(before) = line.get(..at).and_then(|b| b.strip_suffix('-')) else {
        return false;
    };
    let prefix = before.len()
        - before
            .trim_end_matches(|c: char| c.is_ascii_lowercase())
            .len();
    let opens = before[..before.len() - prefix]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphabetic() || joins_word(c)));
    prefix > 0 && opens
}

/// Whether the letter at `at` continues a word: letters, then any
/// apostrophes and hyphens, come right before it.
fn inside_word(line: &str, at: usize) -> bool {
    match at.checked_sub(1).and_then(|i| line.as_bytes().get(i)) {
        None => false,
        Some(b) if b.is_ascii_alphabetic() => true,
        Some(b'\'' | b'-' | 0x80..) => line
            .get(..at)
            .and_then(|before| before.trim_end_matches(joins_word).chars().next_back())
            .is_some_and(char::is_alphabetic),
        Some(_) => false,
    }
}

/// The particles that join the words of a name (`Youssry El Gamal`,
/// `Nouri al-Maliki`, `Sharm El Sheikh`), with the spaces or hyphen around
/// them.
const PARTICLES: &[&str] = &[
    " al-", " el-", " Al ", " El ", " al ", " el ", " bin ", " ibn ", " de ", " da ", " dos ",
];

/// Whether the text between two capitalised words keeps them in one name:
/// one space, a middle initial (`Clifford M. Sobel`) or a particle.
fn joins_run(between: &str) -> bool {
    let b = between.as_bytes();
    between == " "
        || b.len() == 4 && b[0] == b' ' && b[1].is_ascii_uppercase() && &b[2..] == b". "
        || PARTICLES.contains(&between)
}

/// Whether a capitalised word is possessive (`Brown's`, `Brown’s`): the
/// name ends there.
fn possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s")
}

/// The name runs of a line, given its capitalised words in order: words
/// one space apart (or across a middle initial) are next to each other in
/// the line. A run is cut after a possessive and before a title, so that
/// `Prime Minister Brown's Foreign Policy Advisor Simon McDonald` names
/// Brown and Simon McDonald. `continued` says the line goes on from one
/// that did not end a sentence (its first word then does not open one).
/// `key` is working space.
fn runs_in_line(
    line: &str,
    words: &[(usize, usize)],
    base: usize,
    continued: bool,
    key: &mut String,
    runs: &mut Runs,
) {
    let word = |k: usize| &line[words[k].0..words[k].1];
    let mut i = 0;
    while i < words.len() {
        let (s, _) = words[i];
        let before = line[..s].trim_end();
        let sentence_start = before.is_empty() && !continued
            || before.ends_with(['.', '!', '?', ':', '"', '“', '(', ')', '¶']);
        // Extend over capitalised words that join, up to a possessive or a
        // title after the first word.
        let mut j = i;
        while j + 1 < words.len()
            && !possessive(word(j))
            && joins_run(&line[words[j].1..words[j + 1].0])
            && !one_of(TITLES, word(j + 1))
        {
            j += 1;
        }
        // Drop role and function words from the front (but not a compass
        // word before a name: `South Ossetia`).
        let mut first = i;
        while first <= j && stop_word(word(first)) && !(first < j && one_of(COMPASS, word(first))) {
            first += 1;
        }
        // And from the back: `Nazarov May 8` is Nazarov.
        let mut last = j;
        while last > first && stop_word(word(last)) {
            last -= 1;
        }
        if first <= j {
            // A capitalised particle before the name is part of it
            // (`Minister El Gamal`).
            let mut from = words[first].0;
            if let Some(rest) = line[..from]
                .strip_suffix("El ")
                .or_else(|| line[..from].strip_suffix("Al "))
                && !rest.ends_with(|c: char| c.is_alphanumeric())
            {
                from = rest.len();
            }
            normalize_run(&line[from..words[last].1], key);
            let at = u32::try_from(runs.keys.len());
            let end = u32::try_from(runs.keys.len() + key.len());
            if let (Ok(at), Ok(end)) = (at, end)
                && !key.is_empty()
                && !stop_word(key)
            {
                runs.keys.push_str(key);
                runs.list.push(Run {
                    span: Span::new(base + from, base + words[last].1),
                    key: (at, end),
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

    /// The general definition of a word (letters, then letters,
    /// apostrophes and hyphens), read character by character.
    fn split_words(line: &str) -> Vec<(usize, usize)> {
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in line.char_indices() {
            let part = c.is_alphabetic() || (start.is_some() && joins_word(c));
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
            words.push((s, line.len()));
        }
        words
    }

    /// The general definition of a capitalised word.
    fn capitalised(word: &str) -> bool {
        let mut chars = word.chars();
        chars.next().is_some_and(char::is_uppercase)
            && word.chars().count() >= 3
            && chars.any(char::is_lowercase)
    }

    fn capitalised_by_definition(line: &str) -> Vec<(usize, usize)> {
        let mut words = Vec::new();
        for (s, e) in split_words(line) {
            let word = &line[s..e];
            // A lower-case prefix and a hyphen before a capital: the word
            // from the capital on.
            let prefix = word.len()
                - word
                    .trim_start_matches(|c: char| c.is_ascii_lowercase())
                    .len();
            let after = &word[prefix..];
            if capitalised(word) {
                words.push((s, e));
            } else if prefix > 0
                && let Some(rest) = after.strip_prefix('-')
                && capitalised(rest)
            {
                words.push((s + prefix + 1, e));
            }
        }
        words
    }

    fn capitalised_by_scan(line: &str) -> Vec<(usize, usize)> {
        let mut words = Vec::new();
        capitalised_words(line, &mut words);
        words
    }

    fn normalize(name: &str) -> String {
        let mut out = String::new();
        normalize_into(name, &mut out);
        out
    }

    /// Every mention of a text, in text order.
    fn all_mentions(text: &str) -> Vec<Mention> {
        let cable = parse(text);
        let mut found = Vec::new();
        mentions(text, &cable, &mut |span, key: &str, kind| {
            found.push(Mention {
                span,
                key: key.to_string(),
                kind,
            })
        });
        found.sort_by_key(|m| m.span.start);
        found
    }

    proptest::proptest! {
        #[test]
        fn ascii_normalisation_is_the_general_one(name in "[ \t\u{b}a-zA-Z0-9.'`,-]{0,30}") {
            let mut ascii = String::new();
            normalize_ascii(&name, &mut ascii);
            proptest::prop_assert_eq!(ascii, normalize_any(&name));
        }

        #[test]
        fn the_scan_finds_the_capitalised_words(
            line in "([ .,'’-]|Ab|Abc|ABC|abc|Abc-de|O'Neil|x|É|é|Éta|ß|Ǆa|\u{212a}|\u{2126}|¶|“|1){0,12}"
        ) {
            proptest::prop_assert_eq!(capitalised_by_scan(&line), capitalised_by_definition(&line));
        }

        #[test]
        fn capitals_are_found_eight_bytes_at_a_time(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
            from in 0usize..45,
        ) {
            let one_by_one = bytes
                .get(from..)
                .and_then(|rest| rest.iter().position(|b| b.is_ascii_uppercase() || *b >= 0x80))
                .map(|i| from + i);
            proptest::prop_assert_eq!(next_capital(&bytes, from), one_by_one);
        }

        #[test]
        fn runs_are_normalised_as_any_name_is(
            line in "([ .,'’-]|  |Ab|Abc|Abc's|Abc'|Abc-|ABC|abc|Abc-de|O'Neil|x|É|Éta|Karasin’s|The|May|1){0,12}"
        ) {
            let mut runs = Runs::default();
            add_name_runs(&line, 0, &mut runs);
            for run in &runs.list {
                proptest::prop_assert_eq!(runs.key(run), normalize(run.span.text(&line)));
            }
        }

        #[test]
        fn a_surname_is_the_last_of_several_words(key in "[a ’é-]{0,12}") {
            let last = key.rsplit(' ').next().unwrap_or("");
            let expected = (last.len() < key.len() && last.chars().count() >= 3).then_some(last);
            proptest::prop_assert_eq!(surname_of(&key), expected);
        }

        #[test]
        fn the_scan_finds_the_capitalised_words_of_any_text(line in "\\PC{0,40}") {
            proptest::prop_assert_eq!(capitalised_by_scan(&line), capitalised_by_definition(&line));
        }
    }

    #[test]
    fn capitalised_words_by_example() {
        let line =
            "¶2. Karasin’s aide, O'Neil-Smith, met ÉTIENNE and Éloïse in iPhone McDonald x-Abc USA";
        let found: Vec<&str> = capitalised_by_scan(line)
            .into_iter()
            .map(|(s, e)| &line[s..e])
            .collect();
        // After a lower-case prefix and a hyphen (`post-Mubarak`), a name.
        assert_eq!(
            found,
            ["Karasin’s", "O'Neil-Smith", "Éloïse", "McDonald", "Abc"]
        );
        assert_eq!(capitalised_by_scan(line), capitalised_by_definition(line));
    }

    #[test]
    fn stop_words_are_found_in_any_case() {
        assert!(NOT_NAMES.iter().all(|w| w.len() < 16 && stop_word(w)));
        let title = |w: &str| w[..1].to_uppercase() + &w[1..];
        assert!(NOT_NAMES.iter().all(|w| stop_word(&title(w))));
        assert!(NOT_NAMES.iter().all(|w| stop_word(&w.to_uppercase())));
        assert!(MONTH_NAMES.iter().all(|w| stop_word(&title(w))));
        assert!(
            !stop_word("Jan"),
            "`Jan` is a given name as well as a month's abbreviation"
        );
        assert!(stop_word("Ambassador") && stop_word("AMBASSADOR") && stop_word("\u{212a}ing"));
        assert!(!stop_word("Karasin") && !stop_word("") && !stop_word("ambassadorship"));
        assert!(!stop_word("the\0") && !stop_word("Tajikistan’s"));
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
        let found: Vec<(String, Option<String>)> = all_mentions(text)
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

    /// The mentions of a cable's text, as `written → key`.
    fn written(text: &str) -> Vec<String> {
        all_mentions(text)
            .into_iter()
            .map(|m| format!("{} → {}", m.span.text(text), m.key))
            .collect()
    }

    #[test]
    fn names_where_they_were_lost() {
        let text = "UNCLAS MOSCOW 000001\nSUBJECT: LAVROV MEETS THE AMBASSADOR\n\n\
            ¶1. (U) Prime Minister Brown's Foreign Policy Advisor Simon McDonald met Foreign\n\
            Minister\nLavrov on the post-Mubarak era and the Lavrov-Lieberman talks. Ambassador\n\
            Clifford M. Sobel saw Hezbollah and Hizballah in South Ossetia.\n\nSOBEL\n";
        assert_eq!(
            written(text),
            [
                "LAVROV → lavrov",
                "Brown's → brown",
                "Policy → policy",
                "Simon McDonald → simon mcdonald",
                "Lavrov → lavrov",
                "Mubarak → mubarak",
                "Lavrov-Lieberman → lavrov-lieberman",
                "Clifford M. Sobel → clifford sobel",
                "Hezbollah → hizballah",
                "Hizballah → hizballah",
                "South Ossetia → south ossetia",
                "SOBEL → sobel",
            ]
        );
    }

    #[test]
    fn names_in_a_cable_written_in_capitals() {
        let text = "CONFIDENTIAL HARARE 005461\nSUBJECT: MDC ON A DEAL\n\n\
            ¶1. (C) THE OPPOSITION HAS FEELERS ABOUT PRESIDENT MUGABE’S DEPARTURE. MDC PRESIDENT\n\
            MORGAN TSVANGIRAI IS WILLING TO AGREE TO AN EXIT FOR MUGABE. TSVANGIRAI SAID SO.\n";
        assert_eq!(
            written(text),
            [
                "MUGABE’S → mugabe",
                "MORGAN TSVANGIRAI → morgan tsvangirai",
                "MUGABE → mugabe",
                "TSVANGIRAI → tsvangirai",
            ]
        );
    }

    #[test]
    fn names_broken_across_lines_with_particles_and_in_the_header() {
        let text = "UNCLAS CAIRO 000001\nSUBJECT: CODEL KERRY MEETS PRESIDENT MUBARAK\n\n\
            Classified By: AMBASSADOR CLIFFORD SOBEL FOR REASONS 1.4 (B)\n\n\
            ¶1. (C) Prime Minister Nouri\nal-Maliki met Afghan President Hamid\n\
            Karzai and Minister El Gamal with Parliament Speaker Nabih Berri.\n\n\
            CAIRO 00000001  002 OF 002\n";
        assert_eq!(
            written(text),
            [
                "MUBARAK → mubarak",
                "CLIFFORD SOBEL → clifford sobel",
                "Nouri\nal-Maliki → nouri al-maliki",
                "Afghan → afghan",
                "Hamid\nKarzai → hamid karzai",
                "El Gamal → el gamal",
                "Parliament → parliament",
                "Nabih Berri → nabih berri",
            ]
        );
    }

    #[test]
    fn entity_tags_are_mentions() {
        let text = "<code><pre>S E C R E T DUSHANBE 001921 <a id='par1' href='#par1'>¶</a>1 . \n( C ) The Ambassador met President [PER Emomali Rahmonov  ] in [LOC Dushanbe  ] .\n";
        let found: Vec<(String, Option<EntityKind>)> = all_mentions(text)
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
