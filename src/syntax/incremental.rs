//! Lexed lines kept across edits: an edit re-lexes only the lines it
//! touches and reuses every other line as it was (lines hold line-relative
//! spans, so nothing needs shifting).
//!
//! The model built from the lines is kept too. An edit inside one line that
//! leaves that line's items as they were, only moved, moves the model's
//! offsets the same way: the model is remapped instead of rebuilt, which is
//! what typing in a long document costs. Any other edit drops the model,
//! and the next request assembles it again.

use ropey::Rope;

use super::assemble::assemble;
use super::lexer::lex_lines;
use super::line::{Item, LexedLine, Shape};
use super::model::Cable;
use super::shift::Shift;

/// A document's lexed lines, and the model built from them once asked for.
#[derive(Clone, Debug)]
pub struct LexedText {
    lines: Vec<LexedLine>,
    /// `assemble(text, &lines)`, when known.
    model: Option<Cable>,
}

/// Two lexed texts are equal when their lines are; the model is derived
/// from them.
impl PartialEq for LexedText {
    fn eq(&self, other: &Self) -> bool {
        self.lines == other.lines
    }
}

impl Eq for LexedText {}

impl LexedText {
    /// Lexes a whole text.
    pub fn new(text: &str) -> Self {
        LexedText {
            lines: lex_lines(text),
            model: None,
        }
    }

    /// The lexed lines in order.
    pub fn lines(&self) -> &[LexedLine] {
        &self.lines
    }

    /// Builds the syntax model from the lines and the text they were lexed
    /// from.
    pub fn assemble(&self, text: &str) -> Cable {
        assemble(text, &self.lines)
    }

    /// The syntax model: the one kept across edits when there is one, else
    /// assembled now (from `text`, the current text) and kept.
    pub fn cable(&mut self, text: &str) -> Cable {
        self.model
            .get_or_insert_with(|| assemble(text, &self.lines))
            .clone()
    }

    /// Whether the model is kept, so that [`LexedText::cable`] will not
    /// assemble.
    pub fn has_model(&self) -> bool {
        self.model.is_some()
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
        self.model = self.model.take().and_then(|mut model| {
            // The codes of the lines continuing the TAGS field are read
            // from the text, not the lines: an edit there rebuilds.
            if model
                .tags
                .as_ref()
                .is_some_and(|t| t.span.start <= old_end && start <= t.span.end)
            {
                return None;
            }
            let remap = Remap::of_edit(
                &self.lines[first..=last],
                &fresh,
                &self.lines[last + 1..],
                region_start,
                start,
                old_end,
                new_len,
            )?;
            model.map_offsets(&mut |o| remap.apply(o));
            Some(model)
        });
        let count = fresh.len();
        self.lines.splice(first..=last, fresh);
        count
    }
}

/// How an edit inside one line moves offsets: `removed` bytes at `at`
/// replaced by `inserted` bytes. Offsets before `at` stay, offsets after
/// the removed bytes move by the difference, offsets inside them land on
/// `at`. An offset at `at` itself, when nothing is removed, moves after the
/// inserted bytes if `ties_move` (typing at the end of a word extends it)
/// and stays otherwise (typing before a word keeps where it starts).
#[derive(Clone, Copy, Debug)]
struct Remap {
    at: usize,
    removed: usize,
    inserted: usize,
    ties_move: bool,
}

impl Remap {
    fn apply(self, offset: usize) -> usize {
        if offset < self.at || (offset == self.at && !self.ties_move) {
            offset
        } else if offset >= self.at + self.removed {
            offset - self.removed + self.inserted
        } else {
            self.at
        }
    }

    /// The remap of the edit of bytes `start..old_end` into `new_len` bytes,
    /// when it carries the old model to the model of the new lines: the
    /// re-lexed region (`old` lines from `region_start`, `fresh` after the
    /// edit) is the same lines, all unchanged but the one holding the edit,
    /// which is its old self with offsets moved.
    ///
    /// Why that suffices: the assembler reads only the lines (and the text
    /// of the lines continuing the TAGS field, where the caller does not
    /// remap), and of their
    /// offsets it only compares them, copies them and adds line starts. An
    /// edit inside one line's content moves no line start but those after
    /// it, by the same difference as the offsets after the edit. So when
    /// the remap keeps the order of that line's offsets (distinct offsets
    /// stay distinct), every comparison the assembler makes comes out the
    /// same, and its output is the old output remapped. At the very start
    /// of a line, offsets there stay: the line's start is also where the
    /// line before ends, and that does not move.
    fn of_edit(
        old: &[LexedLine],
        fresh: &[LexedLine],
        after: &[LexedLine],
        region_start: usize,
        start: usize,
        old_end: usize,
        new_len: usize,
    ) -> Option<Remap> {
        if old.len() != fresh.len() {
            return None;
        }
        let mut line_start = region_start;
        let mut edited = None;
        for (i, (before, after)) in old.iter().zip(fresh).enumerate() {
            let inside = line_start <= start && old_end <= line_start + before.content_len;
            if inside && edited.is_none() {
                edited = Some((i, line_start));
            } else if before != after {
                return None;
            }
            line_start += before.len;
        }
        let (i, line_start) = edited?;
        let conventions: &[bool] = if start > line_start {
            &[true, false]
        } else {
            &[false]
        };
        let line = &old[i];
        // The codes of a TAGS continuation are read from the text when the
        // model is built, so an edit among them rebuilds it.
        let (local_start, local_end) = (start - line_start, old_end - line_start);
        if line.items.iter().any(|item| {
            matches!(item, Item::TagContinuation(s) if s.start <= local_end && local_start <= s.end)
        }) {
            return None;
        }
        let mut offsets = vec![0];
        line.clone().map_offsets(&mut |o| {
            offsets.push(o);
            o
        });
        offsets.sort_unstable();
        offsets.dedup();
        conventions.iter().find_map(|&ties_move| {
            let local = Remap {
                at: start - line_start,
                removed: old_end - start,
                inserted: new_len,
                ties_move,
            };
            let mut moved = line.clone();
            moved.map_offsets(&mut |o| local.apply(o));
            // How the line's text ends is read only for a number opening
            // the next line that is not blank: typing at the end of a line
            // of prose changes nothing else.
            match number_follows(old[i + 1..].iter().chain(after)) {
                None => {
                    moved.ending = fresh[i].ending;
                    moved.trailing_number.clone_from(&fresh[i].trailing_number);
                }
                // A marked number's ending is not read, its digits are.
                Some(true) => moved.ending = fresh[i].ending,
                Some(false) => {}
            }
            let keeps_order = offsets
                .windows(2)
                .all(|pair| local.apply(pair[0]) < local.apply(pair[1]));
            (moved == fresh[i] && keeps_order).then_some(Remap { at: start, ..local })
        })
    }
}

/// Whether the first of `lines` that is not blank opens with a number, and
/// if so whether a known portion mark follows it.
fn number_follows<'a>(mut lines: impl Iterator<Item = &'a LexedLine>) -> Option<bool> {
    let line = lines.find(|l| !matches!(l.shape, Shape::Blank))?;
    match line.items.as_slice() {
        [
            Item::Number {
                text_before: None, ..
            },
            Item::Mark(m),
            ..,
        ] => Some(m.level.is_some()),
        [
            Item::Number {
                text_before: None, ..
            },
            ..,
        ] => Some(false),
        _ => None,
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
    use crate::syntax::Span;

    /// Edits `text` and `lexed` (lexed from it) alike; returns the new text.
    fn edit(lexed: &mut LexedText, text: &str, start: usize, end: usize, insert: &str) -> String {
        let mut rope = Rope::from_str(text);
        let cs = rope.byte_to_char(start);
        let ce = rope.byte_to_char(end);
        rope.remove(cs..ce);
        rope.insert(cs, insert);
        lexed.edit(&rope, start, end, insert.len());
        rope.to_string()
    }

    fn apply(text: &str, start: usize, end: usize, insert: &str) -> (LexedText, LexedText) {
        let mut lexed = LexedText::new(text);
        let now = edit(&mut lexed, text, start, end, insert);
        (lexed, LexedText::new(&now))
    }

    /// Applies the edit to a text whose model is kept; returns whether the
    /// model survived, after checking it against a fresh parse.
    fn keeps_model(text: &str, start: usize, end: usize, insert: &str) -> bool {
        let mut lexed = LexedText::new(text);
        lexed.cable(text);
        let now = edit(&mut lexed, text, start, end, insert);
        let kept = lexed.has_model();
        assert_eq!(lexed.cable(&now), crate::syntax::parse(&now));
        kept
    }

    #[test]
    fn typing_inside_a_line_remaps_the_model() {
        let text = "SUBJECT: TALKS\n\n¶1. (C) Karasin said “no”.\n\n¶2. (S) [PER Rahmonov ] agreed.\nHOAGLAND\n";
        let at = |needle: &str| text.find(needle).unwrap();
        // Inside a word, at the end of a line, inside an entity's text,
        // deleting a character, replacing a quote mark.
        assert!(keeps_model(text, at("rasin"), at("rasin"), "a"));
        assert!(keeps_model(
            text,
            at("”.") + "”.".len(),
            at("”.") + "”.".len(),
            " Yes"
        ));
        assert!(keeps_model(text, at("hmonov"), at("hmonov"), "x"));
        assert!(keeps_model(text, at("said"), at("said") + 1, ""));
        assert!(keeps_model(text, at("“"), at("“") + "“".len(), "\""));
        // Edits that change a line's items rebuild the model.
        assert!(!keeps_model(text, at("1. (C)"), at("1. (C)") + 1, "3"));
        assert!(!keeps_model(text, at("(S)") + 1, at("(S)") + 2, "C"));
        assert!(!keeps_model(text, at("TALKS"), at("TALKS"), "\n"));
        // Before a word, and at a line start, where offsets there stay.
        assert!(keeps_model(text, at("said"), at("said"), "x"));
        // Typing at the end of a line a number follows may change what the
        // number is: `paragraph` before `¶4.` refers to it.
        let refers = "¶1. (U) This is an action request. Please see paragraph\n\n¶4. Details.\n";
        let end = refers.find("paragraph").unwrap() + "paragraph".len();
        assert!(!keeps_model(refers, end, end, "s are attached."));
        let prose = "¶1. (C) Karasin said\nthat talks would resume.\n";
        let that = prose.find("that").unwrap();
        assert!(keeps_model(prose, that, that, "x"));
        assert!(keeps_model(prose, that, that + 1, ""));
        // Unless the line's items change: the signature is no longer one.
        assert!(!keeps_model(text, at("HOAGLAND"), at("HOAGLAND"), "x"));
        // Across lines, the edit is not inside a line.
        assert!(!keeps_model(text, at("agreed"), at("HOAGLAND") + 2, ""));
    }

    #[test]
    fn editing_the_tags_field_rebuilds_the_model() {
        // The codes of a continuation line are read from the text: a
        // changed code leaves the line's items as they were, only its
        // model is different.
        let text = "TAGS: PREL, PGOV,\nKDEM, TI\nSUBJECT: TALKS\n\n¶1. (C) Talks resumed.\nACTION REQUEST, NOT PREL\n";
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(!keeps_model(text, at("KDEM"), at("KDEM") + 1, "P"));
        assert!(!keeps_model(text, at(" TI") + 1, at(" TI") + 2, "K"));
        // A line of capitals that only looks like codes rebuilds it too:
        // whether it continues the field is the assembler's to say.
        assert!(!keeps_model(text, at("NOT PREL"), at("NOT PREL") + 1, "K"));
        // Prose keeps it.
        assert!(keeps_model(text, at("resumed"), at("resumed") + 1, "x"));
    }

    proptest::proptest! {
        /// Any one-letter change in a TAGS field and the lines around it
        /// leaves the kept model equal to a fresh parse (`keeps_model`
        /// checks), whether the code it touches is on the TAGS line, a
        /// continuation line or a line of capitals after the field.
        #[test]
        fn letters_changed_in_and_around_the_tags_field(
            lines in proptest::collection::vec(
                proptest::collection::vec("[A-Z]{2,5}", 1..4), 1..5),
            pick in 0usize..1000,
            letter in "[A-Z ,a]",
        ) {
            let mut text = String::from("TAGS: PREL,\n");
            for codes in &lines {
                text.push_str(&codes.join(", "));
                text.push('\n');
            }
            text.push_str("SUBJECT: TALKS\n\nNOT PREL, PGOV\n");
            // A letter of a code, anywhere in the text.
            let letters: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| c.is_ascii_uppercase())
                .map(|(i, _)| i)
                .collect();
            let at = letters[pick % letters.len()];
            keeps_model(&text, at, at + 1, &letter);
        }
    }

    #[test]
    fn a_remap_that_would_merge_offsets_is_refused() {
        use crate::syntax::line::{Ending, Shape, TextTraits};
        let line = |content_len: usize, last_word: Span| LexedLine {
            len: content_len + 1,
            content_len,
            shape: Shape::Text(TextTraits {
                content: Span::new(0, content_len),
                last_word: Some(last_word),
                ..TextTraits::default()
            }),
            items: Vec::new(),
            residue: Vec::new(),
            ending: Ending::Closed,
            trailing_number: None,
        };
        // Deleting bytes 1..4 would make the word 3..4 empty: its two
        // offsets become one, and the assembler could then decide
        // differently, even though the moved line is a plausible lexing.
        let old = line(5, Span::new(3, 4));
        let moved = line(2, Span::new(1, 1));
        assert!(Remap::of_edit(std::slice::from_ref(&old), &[moved], &[], 0, 1, 4, 0).is_none());
        // Deleting 1..3 keeps the offsets apart.
        let moved = line(3, Span::new(1, 2));
        assert!(Remap::of_edit(&[old], &[moved], &[], 0, 1, 3, 0).is_some());
    }

    #[test]
    fn sipdis_captions_move_with_an_edit() {
        let text = "S E C R E T DUSHANBE 001921 SIPDIS STATE FOR P EO 12958 DECL: 12/2/2015\n\n¶1. (C) Text.\n";
        let caption = text.find("STATE").unwrap();
        assert!(keeps_model(text, caption, caption, "X"));
        assert!(keeps_model(text, caption + 1, caption + 1, "X"));
        assert!(keeps_model(text, caption + 1, caption + 2, ""));
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
