//! One pass over a line's bytes before lexing it: which marker characters
//! it holds. The lexers consult it instead of searching the line again for
//! each of their patterns, so a line of prose is read a couple of times,
//! not a dozen. Also the census of letters and words that the heading test
//! takes of short lines.

patterns! {
    SCAN_PATTERNS:
    /// Every literal that a mid-line header keyword (`KEYWORD_HINT`) or a
    /// block keyword (`BLOCK_HINT`) contains: a line without any of them
    /// has neither, and skips both searches.
    HINTS = "SIPDIS|E\\.O\\.|EO 1|TAG|Tags:|SUBJECT:|Subject:|REF:|CLASSIFIED|eason|EASON|ummary|UMMARY|omment|OMMENT|NOTE|Note";
}

const SPACE: u16 = 1;
const LETTER: u16 = 1 << 1;
const LOWER: u16 = 1 << 2;
const ANGLE: u16 = 1 << 3;
const BRACKET: u16 = 1 << 4;
const NON_ASCII: u16 = 1 << 5;
const DIGIT: u16 = 1 << 6;
/// An ASCII byte that is no letter, digit or white space and neither `-`
/// nor `,`: what a list of TAGS codes never holds.
const OTHER: u16 = 1 << 7;

/// What each byte is: for ASCII, as the `char` methods say (whitespace,
/// alphabetic, lower case) plus the markers the lexers look for.
static CLASS: [u16; 256] = {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = if !b.is_ascii() {
            NON_ASCII
        } else if is_ascii_space(b) {
            SPACE
        } else if b.is_ascii_lowercase() {
            LETTER | LOWER
        } else if b.is_ascii_uppercase() {
            LETTER
        } else if b.is_ascii_digit() {
            DIGIT
        } else {
            match b {
                b'<' => ANGLE | OTHER,
                b'[' => BRACKET | OTHER,
                b'-' | b',' => 0,
                _ => OTHER,
            }
        };
        i += 1;
    }
    table
};

/// Where the last ASCII white space byte of eight ASCII bytes is, if any:
/// each byte tested at once in one 64-bit word (a byte under `0x80` plus
/// `0x80 - k` sets its top bit exactly when it is at least `k`, and no
/// carry crosses into the next byte).
fn last_space_of_eight(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const TOPS: u64 = ONES * 0x80;
    let word = u64::from_le_bytes(bytes.try_into().ok()?);
    let at_least = |k: u64| word + ONES * (0x80 - k);
    // `\t` to `\r`, or a space (`0x20`: at least 0x20 and not 0x21).
    let control = at_least(0x09) & !at_least(0x0e);
    let space = at_least(0x20) & !at_least(0x21);
    let found = (control | space) & TOPS;
    (found != 0).then(|| 7 - found.leading_zeros() as usize / 8)
}

/// Whether an ASCII byte is white space as the patterns' `\s` (and
/// `char::is_whitespace`) mean it: tab, line feed, vertical tab, form
/// feed, carriage return, space.
pub const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Counts over a line's characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Census {
    /// Alphabetic characters.
    pub letters: usize,
    /// Whitespace-separated words.
    pub words: usize,
}

impl Census {
    /// Counts the characters of `text`, in Unicode's terms.
    pub fn of(text: &str) -> Census {
        // Most lines are ASCII: bytes are characters, classified by table.
        if text.is_ascii() {
            let (mut letters, mut words, mut before) = (0, 0, SPACE);
            for &b in text.as_bytes() {
                let class = CLASS[usize::from(b)];
                letters += usize::from(class & LETTER != 0);
                // A word starts where white space is followed by none.
                words += usize::from(before & !class & SPACE);
                before = class;
            }
            Census { letters, words }
        } else {
            Census {
                letters: text.chars().filter(|c| c.is_alphabetic()).count(),
                words: text.split_whitespace().count(),
            }
        }
    }
}

/// What one pass over a line found.
#[derive(Clone, Copy, Debug)]
pub struct LineScan {
    /// Classes of all the line's bytes, or-ed together.
    seen: u16,
    /// Whether the line holds a literal of a mid-line header keyword or
    /// a block keyword.
    hints: bool,
    /// Bytes of white space opening the line.
    lead: usize,
}

impl LineScan {
    /// Scans a line (without its terminator).
    pub fn of(line: &str) -> LineScan {
        LineScan::with_hints(line, HINTS.is_match(line))
    }

    /// Scans a line whose keyword literals were searched for already
    /// (`hints`: whether it holds one).
    pub fn with_hints(line: &str, hints: bool) -> LineScan {
        // Eight bytes a step, without a loop test between them, into two
        // accumulators: one chain of eight dependent ors a step took a
        // cycle a byte.
        let class = |b: u8| CLASS[usize::from(b)];
        let mut chunks = line.as_bytes().chunks_exact(8);
        let (low, high) = (&mut chunks).fold((0, 0), |(low, high), c| {
            (
                low | class(c[0]) | class(c[1]) | class(c[2]) | class(c[3]),
                high | class(c[4]) | class(c[5]) | class(c[6]) | class(c[7]),
            )
        });
        let mut seen = low | high;
        for &b in chunks.remainder() {
            seen |= class(b);
        }
        let lead = line.len() - line.trim_start().len();
        LineScan { seen, hints, lead }
    }

    /// The scanned line without the white space opening it (what
    /// `line.trim_start()` gives, without searching for it again).
    pub fn opening<'a>(&self, line: &'a str) -> &'a str {
        line.get(self.lead..).unwrap_or(line)
    }

    /// Where keyword literals start in a whole text, in order. A literal
    /// never spans a line end, so the lines holding one are the lines that
    /// hold one of these offsets.
    pub fn hint_offsets(text: &str) -> impl Iterator<Item = usize> {
        HINTS.find_iter(text).map(|m| m.start())
    }

    /// Whether some character of `line`, the scanned line, is lower case
    /// in Unicode's terms.
    pub fn lower(&self, line: &str) -> bool {
        if self.seen & NON_ASCII == 0 {
            self.seen & LOWER != 0
        } else {
            line.chars().any(char::is_lowercase)
        }
    }

    /// Whether the line may hold a digit as patterns' `\d` means it: an
    /// ASCII digit, or any non-ASCII character.
    pub fn may_have_digit(&self) -> bool {
        self.seen & (DIGIT | NON_ASCII) != 0
    }

    /// Whether `text` (ASCII when the scanned line is) has two to eight
    /// words, each of four characters or more opening with a capital: the
    /// words of a title-case heading. `last` is `text`'s [`Self::last_word`].
    pub fn title_words(&self, text: &str, last: &str) -> bool {
        if self.seen & NON_ASCII != 0 {
            return text
                .split_whitespace()
                .all(|w| w.chars().count() < 4 || w.starts_with(char::is_uppercase))
                && (2..=8).contains(&text.split_whitespace().take(9).count());
        }
        // The last word first: most prose lines end with a long word in
        // lower case, which settles it without reading the line.
        if last.len() >= 4 && !last.as_bytes()[0].is_ascii_uppercase() {
            return false;
        }
        let b = text.as_bytes();
        let (mut i, mut words) = (0, 0);
        loop {
            while b.get(i).is_some_and(|&c| is_ascii_space(c)) {
                i += 1;
            }
            if i == b.len() {
                return words >= 2;
            }
            let start = i;
            while b.get(i).is_some_and(|&c| !is_ascii_space(c)) {
                i += 1;
            }
            words += 1;
            if words > 8 || i - start >= 4 && !b[start].is_ascii_uppercase() {
                return false;
            }
        }
    }

    /// What follows the last white space of `text` (ASCII when the scanned
    /// line is), or all of it: `text.rsplit(char::is_whitespace).next()`.
    pub fn last_word<'a>(&self, text: &'a str) -> &'a str {
        if self.seen & NON_ASCII != 0 {
            return text.rsplit(char::is_whitespace).next().unwrap_or(text);
        }
        let b = text.as_bytes();
        // Most last words are shorter than eight bytes: the white space
        // before one is found among the last eight bytes at once.
        let space = match b
            .len()
            .checked_sub(8)
            .and_then(|at| Some((at, b.get(at..)?)))
        {
            Some((at, tail)) => match last_space_of_eight(tail) {
                Some(i) => Some(at + i),
                None => b[..at].iter().rposition(|&c| is_ascii_space(c)),
            },
            None => b.iter().rposition(|&c| is_ascii_space(c)),
        };
        space
            .and_then(|space| text.get(space + 1..))
            .unwrap_or(text)
    }

    /// `text` (a part of the scanned line) without the white space closing
    /// it: `text.trim_end()`, by bytes when the line is ASCII.
    pub fn trim_end<'a>(&self, text: &'a str) -> &'a str {
        if self.seen & NON_ASCII != 0 {
            return text.trim_end();
        }
        let b = text.as_bytes();
        let end = b
            .iter()
            .rposition(|&c| !is_ascii_space(c))
            .map_or(0, |i| i + 1);
        text.get(..end).unwrap_or(text)
    }

    /// Whether the line is all ASCII.
    pub fn ascii(&self) -> bool {
        self.seen & NON_ASCII == 0
    }

    /// Whether the line is ASCII and holds only capitals, digits, white
    /// space, hyphens and commas: the characters of a list of TAGS codes.
    pub fn codes_only(&self) -> bool {
        self.seen & (LOWER | OTHER | NON_ASCII) == 0
    }

    /// Whether the line holds an ASCII lower-case letter.
    pub fn ascii_lower(&self) -> bool {
        self.seen & LOWER != 0
    }

    /// Whether the line holds `<`.
    pub fn angle(&self) -> bool {
        self.seen & ANGLE != 0
    }

    /// Whether the line holds `[`.
    pub fn bracket(&self) -> bool {
        self.seen & BRACKET != 0
    }

    /// Whether the line may hold a mid-line header keyword or a block
    /// keyword: it holds one of their literals.
    pub fn hints(&self) -> bool {
        self.hints
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The census as the `char` methods count it, as the oracle.
    fn census_by_chars(text: &str) -> Census {
        let mut census = Census {
            letters: 0,
            words: 0,
        };
        let mut in_word = false;
        for c in text.chars() {
            census.words += usize::from(!c.is_whitespace() && !in_word);
            in_word = !c.is_whitespace();
            census.letters += usize::from(c.is_alphabetic());
        }
        census
    }

    #[test]
    fn the_hints_hold_every_keyword_and_block_literal() {
        let hints: Vec<&str> = HINTS.as_str().split('|').collect();
        for (name, pattern) in crate::syntax::lexer_patterns() {
            if ["KEYWORD_HINT", "BLOCK_HINT"].contains(name) {
                for literal in pattern.as_str().split('|') {
                    assert!(hints.contains(&literal), "{name}: {literal}");
                }
            }
        }
    }

    #[test]
    fn every_ascii_character_counts_as_the_char_methods_say() {
        let all: String = (0..128u8).map(char::from).collect();
        for text in [all.as_str(), "  Two words\t", "UPPER CASE", "\x0bvt\x0cff"] {
            assert_eq!(Census::of(text), census_by_chars(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_last_space_of_eight_bytes_is_found_as_by_a_search(
            bytes in proptest::array::uniform8(proptest::prop_oneof![0u8..0x80, 0x08u8..0x0f, 0x1fu8..0x22]),
        ) {
            proptest::prop_assert_eq!(
                last_space_of_eight(&bytes),
                bytes.iter().rposition(|&b| is_ascii_space(b))
            );
        }

        #[test]
        fn codes_only_lines_hold_only_the_characters_of_codes(
            text in "([A-Z0-9]{1,4}|-|,| |\t|\u{b}|a|[.]|é|[(]|<|\\[){0,8}",
        ) {
            let codes = text.bytes().all(|b| {
                b.is_ascii_uppercase() || b.is_ascii_digit() || b"-, \t\x0b".contains(&b)
            });
            proptest::prop_assert_eq!(LineScan::of(&text).codes_only(), codes, "{:?}", text);
        }

        #[test]
        fn the_scan_sees_what_the_char_methods_see(text in "([ -~\t\u{a0}\u{b}é¶’]|Ab|Abcd|abcd|ÉCOLE){0,40}") {
            let scan = LineScan::of(&text);
            proptest::prop_assert_eq!(Census::of(&text), census_by_chars(&text));
            proptest::prop_assert_eq!(
                scan.lower(&text),
                text.chars().any(char::is_lowercase)
            );
            proptest::prop_assert_eq!(scan.opening(&text), text.trim_start());
            proptest::prop_assert_eq!(scan.angle(), text.contains('<'));
            proptest::prop_assert_eq!(scan.bracket(), text.contains('['));
            proptest::prop_assert_eq!(
                scan.title_words(&text, scan.last_word(&text)),
                text.split_whitespace()
                    .all(|w| w.chars().count() < 4 || w.starts_with(char::is_uppercase))
                    && (2..=8).contains(&text.split_whitespace().count())
            );
            proptest::prop_assert_eq!(scan.trim_end(&text), text.trim_end());
            proptest::prop_assert_eq!(
                Some(scan.last_word(&text)),
                text.rsplit(char::is_whitespace).next()
            );
            if text.chars().any(|c| c.is_ascii_digit()) {
                proptest::prop_assert!(scan.may_have_digit());
            }
            proptest::prop_assert_eq!(
                scan.ascii_lower(),
                text.bytes().any(|b| b.is_ascii_lowercase())
            );
        }
    }
}
