//! Text positions: byte offsets inside, line and column at the edges; a
//! rope's text as one string; words squeezed onto one line.

mod line_index;
mod position;

pub use line_index::LineIndex;
pub use position::{Encoding, offset_to_position, position_to_offset};

/// The whole text of a rope, allocated once. (`Rope::to_string` goes
/// through the formatting machinery and grows its string as it goes: for a
/// 5 MB document that was a sixth of the time from keystroke to
/// diagnostics.)
pub fn rope_text(rope: &ropey::Rope) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    for chunk in rope.chunks() {
        text.push_str(chunk);
    }
    text
}

/// The words of `text` joined by single spaces (`text.split_whitespace()`
/// joined with `" "`), in one string.
pub fn squeeze_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// File bytes as text, invalid UTF-8 sequences replaced with U+FFFD.
///
/// Valid text, nearly every file, is checked by `str::from_utf8` (a fast
/// ASCII path) and kept without copying; `String::from_utf8_lossy` walks
/// every file chunk by chunk, several times slower.
pub fn lossy_utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn squeezed_spaces_join_the_words(text in "([ \t\n\u{a0}\u{2003}]|[A-Z/]{1,3}|é){0,8}") {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(super::squeeze_spaces(&text), joined);
        }
    }

    #[test]
    fn bytes_become_text_with_invalid_sequences_replaced() {
        assert_eq!(super::lossy_utf8("¶1. “a”".as_bytes().to_vec()), "¶1. “a”");
        assert_eq!(
            super::lossy_utf8(b"a\xffb\xe2\x80".to_vec()),
            "a\u{FFFD}b\u{FFFD}"
        );
    }

    #[test]
    fn a_rope_gives_its_text_whole() {
        let text = "¶1. (C) “Quoted” text’s end\r\n".repeat(2000);
        let rope = ropey::Rope::from_str(&text);
        assert!(rope.chunks().count() > 1);
        assert_eq!(super::rope_text(&rope), text);
    }
}
