//! Where each line of a text starts, for converting many offsets of one
//! text at once: a binary search and a short count per offset, where the
//! rope takes several walks down its tree.

use super::Encoding;

/// The line starts of a text (lines end at `\n`, `\r\n` or `\r`).
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // A `\r` followed by `\n` ends its line at the `\n`.
            if !(bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n')) {
                starts.push(at + 1);
            }
        }
        LineIndex { text, starts }
    }

    /// The zero-based line and column of a byte offset, clamped into the
    /// text and floored onto a character boundary, as
    /// [`super::offset_to_position`] gives them.
    pub fn position(&self, offset: usize, encoding: Encoding) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let before = &self.text[self.starts[line]..offset];
        let column = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
            Encoding::Utf32 => before.chars().count(),
        };
        let saturate = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        (saturate(line), saturate(column))
    }

    /// The text of a zero-based line with its terminator, as the rope's
    /// `line` gives it; empty past the last line.
    pub fn line(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line) else {
            return "";
        };
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::offset_to_position;

    proptest::proptest! {
        #[test]
        fn converts_as_the_rope_does(
            pieces in proptest::collection::vec(0usize..9, 0..3000),
            offsets in proptest::collection::vec(0usize..20_000, 1..40),
        ) {
            // Long lines spanning rope chunks, every line end, 1-4 byte
            // characters.
            const PIECES: [&str; 9] = ["a", "’", "😀", "¶", "\n", "\r\n", "\r", "word ", "é"];
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let rope = ropey::Rope::from_str(&text);
            let index = LineIndex::new(&text);
            for offset in offsets {
                for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                    proptest::prop_assert_eq!(
                        index.position(offset, encoding),
                        offset_to_position(&rope, offset, encoding)
                    );
                }
            }
            for line in 0..=rope.len_lines() {
                let expected = rope.get_line(line).map(String::from).unwrap_or_default();
                proptest::prop_assert_eq!(index.line(line), expected);
            }
        }
    }

    #[test]
    fn line_ends_of_every_kind() {
        let index = LineIndex::new("a\r\nb\rc\nd");
        assert_eq!(index.position(1, Encoding::Utf8), (0, 1));
        assert_eq!(index.position(2, Encoding::Utf8), (0, 2));
        assert_eq!(index.position(3, Encoding::Utf8), (1, 0));
        assert_eq!(index.position(5, Encoding::Utf8), (2, 0));
        assert_eq!(index.position(7, Encoding::Utf8), (3, 0));
        assert_eq!(index.position(99, Encoding::Utf8), (3, 1));
        assert_eq!(index.line(0), "a\r\n");
        assert_eq!(index.line(1), "b\r");
        assert_eq!(index.line(3), "d");
        assert_eq!(index.line(4), "");
    }
}
