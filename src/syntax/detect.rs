//! Recognising a cable among other text files (for `.txt` files).

use super::lexer::{lex_line, split_lines};
use super::line::{Item, Keyword, Shape};

/// How many leading lines are examined.
const LINES_EXAMINED: usize = 60;

/// Whether `text` looks like a cable: a transmission header, a banner, the
/// partial-extract notice, HTML residue or entity tags near its start, or
/// at least two of the E.O., TAGS, SUBJECT and CLASSIFIED BY fields.
pub fn looks_like_cable(text: &str) -> bool {
    // Only the start of the text counts; cap the bytes as well as the lines.
    let head = &text[..text.floor_char_boundary(16 * 1024)];
    let mut fields: Vec<Keyword> = Vec::new();
    for line in split_lines(head).take(LINES_EXAMINED) {
        let lexed = lex_line(line);
        if matches!(
            lexed.shape,
            Shape::Start(_) | Shape::De(_) | Shape::Zn(_) | Shape::Dtg(_)
        ) {
            return true;
        }
        for item in &lexed.items {
            match item {
                Item::Banner(_) | Item::ExtractNotice(_) | Item::Markup(_) => return true,
                Item::Entity(e) if e.closed && e.known_type => return true,
                Item::Keyword { keyword, .. }
                    if matches!(
                        keyword,
                        Keyword::Eo | Keyword::Tags | Keyword::Subject | Keyword::ClassifiedBy
                    ) && !fields.contains(keyword) =>
                {
                    fields.push(*keyword);
                }
                _ => {}
            }
        }
        if fields.len() >= 2 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_flavour() {
        assert!(looks_like_cable("\n\nVZCZCXRO1864\nRR RUEHDBU\n"));
        assert!(looks_like_cable(
            "This record is a partial extract of the original cable. The full text of the original cable is not available.\n"
        ));
        assert!(looks_like_cable(
            "<code><pre>S E C R E T DUSHANBE 001921 SIPDIS"
        ));
        assert!(looks_like_cable("C O N F I D E N T I A L MOSCOW 005030\n"));
        assert!(looks_like_cable("R 281125Z FEB 09\nFM AMCONSUL PESHAWAR\n"));
        assert!(looks_like_cable(
            "E.O. 12958: DECL: 2/28/2019\nTAGS: ASEC PK PTER\n"
        ));
        assert!(!looks_like_cable("Shopping list\n- milk\n- TAGS: none\n"));
        assert!(!looks_like_cable(""));
    }
}
