//! Conversions between byte offsets and (line, column) positions over a
//! rope, in the column units the client negotiated.
//!
//! Lines end at `\n`, `\r\n` or `\r` only (ropey is built with `cr_lines`
//! and without `unicode_lines`), as the LSP specification counts them.
//! Every conversion clamps: an offset past the end, a line past the last, a
//! column past the line end or inside a character all land on the nearest
//! valid character boundary before it.

use ropey::Rope;

/// Units of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Unicode scalar values (what a person counts).
    Utf32,
}

/// The zero-based line and column of a byte offset.
pub fn offset_to_position(text: &Rope, offset: usize, encoding: Encoding) -> (u32, u32) {
    let offset = offset.min(text.len_bytes());
    let char_idx = text.byte_to_char(offset);
    let line = text.char_to_line(char_idx);
    let line_char = text.line_to_char(line);
    let column = match encoding {
        Encoding::Utf8 => text.char_to_byte(char_idx) - text.line_to_byte(line),
        Encoding::Utf16 => text.char_to_utf16_cu(char_idx) - text.char_to_utf16_cu(line_char),
        Encoding::Utf32 => char_idx - line_char,
    };
    (saturate(line), saturate(column))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The byte offset of a zero-based line and column, clamped into the text.
pub fn position_to_offset(text: &Rope, line: u32, column: u32, encoding: Encoding) -> usize {
    let line = line as usize;
    if line >= text.len_lines() {
        return text.len_bytes();
    }
    let line_start = text.line_to_byte(line);
    let slice = text.line(line);
    // The line without its terminator.
    let mut content_chars = slice.len_chars();
    while content_chars > 0 && matches!(slice.char(content_chars - 1), '\n' | '\r') {
        content_chars -= 1;
    }
    let column = column as usize;
    let char_in_line = match encoding {
        Encoding::Utf8 => {
            let max = slice.char_to_byte(content_chars);
            slice.byte_to_char(column.min(max))
        }
        Encoding::Utf16 => {
            let max = slice.char_to_utf16_cu(content_chars);
            slice.utf16_cu_to_char(column.min(max))
        }
        Encoding::Utf32 => column.min(content_chars),
    };
    line_start + slice.char_to_byte(char_in_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_multibyte_text() {
        let text = Rope::from_str("a’b\r\n“x” ¶1\rz😀y\n");
        // ’ is 3 bytes, 1 UTF-16 unit; 😀 is 4 bytes, 2 units.
        assert_eq!(offset_to_position(&text, 4, Encoding::Utf8), (0, 4));
        assert_eq!(offset_to_position(&text, 4, Encoding::Utf16), (0, 2));
        assert_eq!(position_to_offset(&text, 0, 2, Encoding::Utf16), 4);
        // Inside ’ (byte 2) floors to its start.
        assert_eq!(position_to_offset(&text, 0, 2, Encoding::Utf8), 1);
        assert_eq!(offset_to_position(&text, 2, Encoding::Utf8), (0, 1));
        // A lone \r ends a line.
        let z = text.to_string().find('z').unwrap();
        assert_eq!(offset_to_position(&text, z, Encoding::Utf16), (2, 0));
        // Inside the surrogate pair floors to the emoji's start.
        assert_eq!(position_to_offset(&text, 2, 2, Encoding::Utf16), z + 1);
        assert_eq!(position_to_offset(&text, 2, 3, Encoding::Utf16), z + 5);
        // Past the line end clamps to the line end, before the terminator.
        assert_eq!(position_to_offset(&text, 0, 99, Encoding::Utf16), 5);
        // Past the last line clamps to the end.
        assert_eq!(
            position_to_offset(&text, 99, 0, Encoding::Utf8),
            text.len_bytes()
        );
        assert_eq!(offset_to_position(&text, 999, Encoding::Utf8), (3, 0));
    }

    #[test]
    fn unicode_separators_do_not_end_lines() {
        let text = Rope::from_str("a\u{2028}b\u{85}c\u{c}d");
        assert_eq!(text.len_lines(), 1);
    }
}
