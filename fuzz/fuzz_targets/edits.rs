//! Sequences of edits with arbitrary positions in UTF-8 and UTF-16
//! (splitting characters and surrogate pairs, reversed, out of range): the
//! incremental document always equals a fresh parse of its text.
#![no_main]

use cable_ls::document::{Change, Document};
use cable_ls::syntax::LexedText;
use cable_ls::text::Encoding;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // First half: the starting text; then 7-byte edit records.
    let split = data.len() / 2;
    let (text, _) = cable_ls::analysis::decode(&data[..split]);
    let mut doc = Document::new(&text, 1);
    for record in data[split..].chunks(7) {
        let [a, b, c, d, e, f, g] = record else { break };
        let encoding = if e & 1 == 0 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let insert = match f % 6 {
            0 => "",
            1 => "\n",
            2 => "’",
            3 => "😀",
            4 => "¶1. (S) ",
            _ => "\r",
        };
        let change = Change {
            range: Some((
                (u32::from(*a % 64), u32::from(*b)),
                (u32::from(*c % 64), u32::from(*d)),
            )),
            text: insert.repeat(usize::from(*g % 3)),
        };
        doc.apply(&change, encoding);
        let now = doc.text.to_string();
        assert_eq!(doc.lexed(), Some(&LexedText::new(&now)));
    }
});
