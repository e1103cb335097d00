//! Lexed lines kept across edits: an edit re-lexes only the lines it
//! touches and reuses every other line as it was (lines hold line-relative
//! spans, so nothing needs shifting), then the assembler rebuilds the model.

use ropey::Rope;

use super::assemble::assemble;
use super::lexer::{LexedLine, lex_lines};
use super::model::Cable;

/// A document's lexed lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexedText {
    lines: Vec<LexedLine>,
}

impl LexedText {
    /// Lexes a whole text.
    pub fn new(text: &str) -> Self {
        LexedText {
            lines: lex_lines(text),
        }
    }

    /// The lexed lines in order.
    pub fn lines(&self) -> &[LexedLine] {
        &self.lines
    }

    /// Builds the syntax model.
    pub fn cable(&self) -> Cable {
        assemble(&self.lines)
    }

    /// Updates the lines after `text` had bytes `start..old_end` replaced by
    /// `new_len` bytes. `text` is the document after the edit. Returns how
    /// many lines were re-lexed.
    pub fn edit(&mut self, text: &Rope, start: usize, old_end: usize, new_len: usize) -> usize {
        let old_end = old_end.max(start);
        // Line index and start offset of the line holding `offset`.
        let locate = |lines: &[LexedLine], offset: usize| {
            let mut at = 0;
            for (i, line) in lines.iter().enumerate() {
                if offset < at + line.len || i + 1 == lines.len() {
                    return (i, at);
                }
                at += line.len;
            }
            (0, 0)
        };
        let (mut first, mut region_start) = locate(&self.lines, start);
        // A `\r` at the end of the previous line may now pair with a `\n`.
        if first > 0 {
            first -= 1;
            region_start -= self.lines[first].len;
        }
        let (mut last, last_start) = locate(&self.lines, old_end);
        let mut old_region_end = last_start + self.lines[last].len;
        let doc_len = text.len_bytes();
        // Where an old offset after the edit lands in the new text.
        let delta = |end: usize| (end + start + new_len).saturating_sub(old_end);
        // Extend until the region ends on a line boundary of the new text.
        loop {
            let new_end = delta(old_region_end).min(doc_len);
            let ends_cleanly = new_end >= doc_len || {
                let prev = byte_at(text, new_end - 1);
                let here = byte_at(text, new_end);
                (prev == Some(b'\n') || prev == Some(b'\r'))
                    && !(prev == Some(b'\r') && here == Some(b'\n'))
            };
            if ends_cleanly || last + 1 >= self.lines.len() {
                break;
            }
            last += 1;
            old_region_end += self.lines[last].len;
        }
        let new_end = delta(old_region_end).min(doc_len);
        // A region reaching the end of the text also replaces the final
        // empty line that follows a last terminator.
        if new_end >= doc_len {
            last = self.lines.len() - 1;
        }
        let region = slice_to_string(text, region_start, new_end);
        let mut fresh: Vec<LexedLine> = lex_lines(&region);
        // `split_lines` ends with an empty line after a final terminator;
        // that line belongs to the next, reused line unless at the end.
        if new_end < doc_len && fresh.last().is_some_and(|l| l.len == 0) {
            fresh.pop();
        }
        let count = fresh.len();
        self.lines.splice(first..=last, fresh);
        count
    }
}

fn byte_at(text: &Rope, at: usize) -> Option<u8> {
    (at < text.len_bytes()).then(|| text.byte(at))
}

/// The bytes `start..end` of a rope as a string; bounds are clamped and
/// moved to character boundaries.
fn slice_to_string(text: &Rope, start: usize, end: usize) -> String {
    let len = text.len_bytes();
    let end = end.min(len);
    let start = start.min(end);
    let char_start = text.byte_to_char(start);
    let char_end = text.byte_to_char(end);
    text.slice(char_start..char_end).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, start: usize, end: usize, insert: &str) -> (LexedText, LexedText) {
        let mut lexed = LexedText::new(text);
        let mut rope = Rope::from_str(text);
        let cs = rope.byte_to_char(start);
        let ce = rope.byte_to_char(end);
        rope.remove(cs..ce);
        rope.insert(cs, insert);
        lexed.edit(&rope, start, end, insert.len());
        (lexed, LexedText::new(&rope.to_string()))
    }

    #[test]
    fn edits_match_fresh_lexing() {
        let text = "VZCZCXRO1864\r\nRR RUEHDBU\nDE RUEHDBU #1151/01 2891223\n\n¶1. (C) One.\n\n¶2. (C) Two.\n";
        for (start, end, insert) in [
            (0, 0, "x"),
            (12, 13, ""),
            (13, 14, ""),
            (12, 14, "\n\n"),
            (text.len(), text.len(), "\n3. (S) three"),
            (50, 60, "¶"),
            (0, text.len(), ""),
            (5, 5, "\r"),
            (14, 14, "\n"),
        ] {
            let (incremental, fresh) = apply(text, start, end, insert);
            assert_eq!(incremental, fresh, "edit {start}..{end} {insert:?}");
        }
    }
}
