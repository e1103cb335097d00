//! Property: after every edit of a long random sequence, the incrementally
//! maintained document equals a fresh parse of its text.

mod common;

use cable_ls::analysis::diagnose;
use cable_ls::document::Document;
use cable_ls::syntax::{LexedText, parse};
use cable_ls::text::Encoding;
use proptest::prelude::*;

/// Pieces the texts and insertions are built from: structure that changes
/// how lines lex, line ends of every kind, and multi-byte characters.
const PIECES: &[&str] = &[
    "VZCZCXRO1864\n",
    "DE RUEHDBU #1151/01 2891223\n",
    "ZNY CCCCC ZZH\n",
    "R 161223Z OCT 09\n",
    "TO RUEHC/SECSTATE WASHDC 0826\n",
    "C O N F I D E N T I A L SECTION 01 OF 02 DUSHANBE 001151\n",
    "E.O. 12958: DECL: 10/16/2019\n",
    "TAGS: PREL RU PHUMPREL\n",
    "KDEM, TI\n",
    "SUBJECT: RUSSIAN ",
    "REF: A. STATE 72746 B. DUSHANBE 862\n",
    "REASON: 1.4 (b), (k)\n",
    "¶1. (C) Summary: ",
    "¶2. (S) ",
    "15. (C) ",
    "- 11. (C) ",
    "$\\P3$ . ",
    "SBU) ",
    "END SUMMARY. ",
    "(NOTE: x END NOTE.) ",
    "DUSHANBE 00001151 002 OF 002\n",
    "[PER Emomali Rahmonov  ] ",
    "[ORG TI SUBJECT: ",
    "<a id='par2' href='#par2'>¶</a>2 . ",
    "HOAGLAND\n",
    "S E C R E T DUSHANBE 001921 SIPDIS STATE FOR P EO 12958\n",
    "’",
    "“",
    "”",
    "¶",
    "😀",
    "é",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "a",
    "P",
    " ",
    "Karasin said ",
    "(",
    ")",
    "]",
    "1",
];

fn text_from(indices: &[usize]) -> String {
    indices.iter().map(|&i| PIECES[i % PIECES.len()]).collect()
}

#[derive(Debug, Clone)]
struct Edit {
    start: (u32, u32),
    end: (u32, u32),
    insert: Vec<usize>,
    utf8: bool,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        (0u32..40, 0u32..90),
        (0u32..40, 0u32..90),
        prop::collection::vec(0usize..PIECES.len(), 0..4),
        any::<bool>(),
        0u8..4,
    )
        .prop_map(|(start, end, insert, utf8, shape)| {
            // Mostly short edits near the start, sometimes long or reversed.
            let end = match shape {
                0 => start,
                1 => (start.0, start.1 + end.1 % 5),
                _ => end,
            };
            Edit {
                start,
                end,
                insert,
                utf8,
            }
        })
}

fn check_matches_fresh(doc: &mut Document) -> Result<(), TestCaseError> {
    let text = doc.text.to_string();
    prop_assert_eq!(doc.lexed(), Some(&LexedText::new(&text)));
    let analysis = doc.analysis();
    prop_assert_eq!(analysis.text.as_str(), text.as_str());
    let fresh = parse(&text);
    prop_assert_eq!(&analysis.cable, &fresh);
    prop_assert_eq!(&analysis.diagnostics, &diagnose(&text, &fresh));
    for d in &analysis.diagnostics {
        prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_fresh(
        initial in prop::collection::vec(0usize..PIECES.len(), 0..60),
        edits in prop::collection::vec(edit(), 1..80),
    ) {
        let mut doc = Document::new(&text_from(&initial), 1);
        for e in edits {
            let encoding = if e.utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            common::edit_at(&mut doc, Some((e.start, e.end)), &text_from(&e.insert), encoding);
            check_matches_fresh(&mut doc)?;
        }
    }

    #[test]
    fn incremental_equals_fresh_on_examples(
        example in 0usize..6,
        edits in prop::collection::vec(edit(), 1..40),
    ) {
        let (_, text) = common::example(&common::examples()[example]);
        let mut doc = Document::new(&text, 1);
        for e in edits {
            let encoding = if e.utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            common::edit_at(&mut doc, Some((e.start, e.end)), &text_from(&e.insert), encoding);
            check_matches_fresh(&mut doc)?;
        }
    }
}
