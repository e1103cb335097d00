//! A position in a line, for the hand-written readers that stand in for
//! patterns: literals and `(?-u:\b)` (a change between [`is_word`] and
//! not) are read byte by byte on any line; white space is ASCII's
//! ([`is_ascii_space`]), which is the patterns' `\s` on ASCII lines.

use super::line_scan::is_ascii_space;
use super::model::Span;

/// A position in a line. Copy it to try a branch and come back.
#[derive(Clone, Copy)]
pub struct Cursor<'a> {
    bytes: &'a [u8],
    /// The byte offset reached.
    pub at: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `line`.
    pub fn new(line: &'a str) -> Cursor<'a> {
        Cursor::at(line, 0)
    }

    /// A cursor at byte `at` of `line`.
    pub fn at(line: &'a str, at: usize) -> Cursor<'a> {
        Cursor {
            bytes: line.as_bytes(),
            at,
        }
    }

    /// The byte at the cursor.
    pub fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Skips white space (`\s`); how many bytes.
    pub fn spaces(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(is_ascii_space) {
            self.at += 1;
        }
        self.at - start
    }

    /// Skips white space that must be there (`\s+`).
    pub fn spaces1(&mut self) -> Option<()> {
        (self.spaces() > 0).then_some(())
    }

    /// Takes up to `max` bytes that pass `test`: their span.
    pub fn run(&mut self, test: fn(&u8) -> bool, max: usize) -> Span {
        let start = self.at;
        while self.at - start < max && self.peek().as_ref().is_some_and(test) {
            self.at += 1;
        }
        Span::new(start, self.at)
    }

    /// Takes a run of exactly `len` bytes that pass `test`, not followed
    /// by another.
    pub fn exactly(&mut self, test: fn(&u8) -> bool, len: usize) -> Option<Span> {
        let run = self.run(test, len + 1);
        (run.end - run.start == len).then_some(run)
    }

    /// Takes `literal`.
    pub fn literal(&mut self, literal: &[u8]) -> Option<()> {
        let end = self.at + literal.len();
        (self.bytes.get(self.at..end) == Some(literal)).then(|| self.at = end)
    }

    /// Takes `literal` written in any case (`(?i:literal)` on ASCII).
    pub fn literal_ignoring_case(&mut self, literal: &[u8]) -> Option<()> {
        let end = self.at + literal.len();
        self.bytes
            .get(self.at..end)
            .is_some_and(|head| head.eq_ignore_ascii_case(literal))
            .then(|| self.at = end)
    }

    /// Takes the byte at the cursor if it is `byte` (`byte?`).
    pub fn optional(&mut self, byte: u8) -> bool {
        let taken = self.peek() == Some(byte);
        self.at += usize::from(taken);
        taken
    }

    /// Takes one byte of white space if there is one (`\s?`).
    pub fn optional_space(&mut self) {
        self.at += usize::from(self.peek().is_some_and(is_ascii_space));
    }

    /// Whether a word ends at the cursor (`(?-u:\b)` after a word
    /// character).
    pub fn word_ends(&self) -> bool {
        !self.peek().as_ref().is_some_and(is_word)
    }

    /// Whether only white space is left (`\s*$`).
    pub fn ends(&mut self) -> bool {
        self.spaces();
        self.at == self.bytes.len()
    }
}

/// An ASCII word character, as `(?-u:\b)` sees it.
pub fn is_word(b: &u8) -> bool {
    b.is_ascii_alphanumeric() || *b == b'_'
}
