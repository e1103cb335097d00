//! Fixture tests for every diagnostic code: cable text with the expected
//! ranges marked under the lines (`^^^ code`), positive and negative.

mod common;

use common::{check, messages};

/// A well-formed telegraphic cable header, to put body fixtures in context.
const HEAD: &str = "VZCZCXRO1864
RR RUEHDBU
DE RUEHDBU #1151/01 2891223
ZNY CCCCC ZZH
R 161223Z OCT 09
FM AMEMBASSY DUSHANBE
TO RUEHC/SECSTATE WASHDC 0826
INFO RUCNCIS/CIS COLLECTIVE

C O N F I D E N T I A L SECTION 01 OF 02 DUSHANBE 001151

SIPDIS

E.O. 12958: DECL: 10/16/2019

TAGS: [PREL](#) [PHUM](#) [TI](#)

SUBJECT: RUSSIAN DEPUTY FOREIGN MINISTER ASKS ABOUT U.S. MILITARY IN
TAJIKISTAN

CLASSIFIED BY: Ken Gross, Ambassador, EXEC, State.

REASON: 1.4 (b), (d)

";

fn cable(body: &str) -> String {
    format!("{HEAD}{body}")
}

// ---------------------------------------------------------------- header

#[test]
fn missing_classification() {
    check(
        "header/missing-classification",
        "VZCZCXRO1864
^^^^^^^^^^^^ header/missing-classification
DE RUEHDBU #1151/01 2891223

TAGS: PREL
SUBJECT: X

¶1. (C) Text.
",
    );
    check(
        "header/missing-classification",
        "VZCZCXRO1864
DE RUEHDBU #1151/01 2891223

SE C R E T TUNIS 000193
^^^^^^^^^^ header/missing-classification

TAGS: PREL
SUBJECT: X

¶1. (C) Text.
",
    );
    check("header/missing-classification", &cable("¶1. (C) Text.\n"));
    // A classification-only line stands in for a banner.
    check(
        "header/missing-classification",
        "VZCZCXRO7793\nDE RUEHNR #2497/01 3501415\n\nSECRET//NOFORN\nTAGS: PREL\nSUBJECT: X\n\n¶1. (S) Text.\n",
    );
    // Nothing cable-like: nothing to say.
    check("header/missing-classification", "");
}

#[test]
fn banners_run_onto_other_fields_and_misspelt_sections_are_read() {
    let quiet = |banner_line: &str, banner: &str| {
        let text = format!(
            "VZCZCXRO1864\nDE RUEHTV #1080/01 1430757\nZNY SSSSS ZZH\nP 221200Z MAY 08\nFM AMEMBASSY TEL AVIV\n\n{banner_line}\n\nTAGS: PREL\nSUBJECT: X\n\n¶1. (S) Text.\n"
        );
        check("header/missing-classification", &text);
        let parsed = cable_ls::syntax::parse(&text);
        let read = parsed.banner.expect(banner_line);
        assert_eq!(read.span.text(&text), banner, "{banner_line}");
    };
    // A CSV export's field quote before the banner, at the line's start
    // and after the last addressee.
    quiet(
        "\"S E C R E T SECTION 01 OF 05 TEL AVIV 001080 ",
        "S E C R E T SECTION 01 OF 05 TEL AVIV 001080",
    );
    quiet(
        "RUEAIIA/CIA WASHINGTON DC\"C O N F I D E N T I A L  TEL AVIV 001080 SIPDIS",
        "C O N F I D E N T I A L  TEL AVIV 001080",
    );
    quiet(
        "RUEHSO/AMCONSUL SAO PAULO 3624\",\"UNCLAS TEL AVIV 001080  SENSITIVE",
        "UNCLAS TEL AVIV 001080",
    );
    // Glued to the digits of the export field before it.
    quiet(
        "ID:248885 Cable dated:2008-05-22T12:00:00S E C R E T SECTION 01 OF 04 TEL AVIV 001080SIPDIS",
        "S E C R E T SECTION 01 OF 04 TEL AVIV 001080",
    );
    quiet(
        "167579S E C R E T TEL AVIV 001080",
        "S E C R E T TEL AVIV 001080",
    );
    // The section keyword misspelt or run onto its number, the post onto
    // the section count.
    quiet(
        "S E C R E T SCTION 02 OF 02 TEL AVIV 001080 ",
        "S E C R E T SCTION 02 OF 02 TEL AVIV 001080",
    );
    quiet(
        "UNCLAS SECTION01 OF 03 TEL AVIV 001080 ",
        "UNCLAS SECTION01 OF 03 TEL AVIV 001080",
    );
    quiet(
        "S E C R E T SECTION 02 OF 03TEL AVIV 001080 ",
        "S E C R E T SECTION 02 OF 03TEL AVIV 001080",
    );
    // A quote in prose before a capital is no lost line break.
    let prose = cable("¶1. (C) He said \"SECRET talks\" began in 2009.\n");
    assert_eq!(
        cable_ls::syntax::parse(&prose)
            .banner
            .unwrap()
            .post
            .unwrap()
            .text(&prose),
        "DUSHANBE"
    );
    // Garbled spellings are named as garbled, not as a missing banner.
    check(
        "header/missing-classification",
        "VZCZCXRO1864\nDE RUEHFR #1501/01 1051200\n\nCO N F I D E N T I A L SECTION 01 OF 06 PARIS 001501 \n^^^^^^^^^^^^^^^^^^^^^^ header/missing-classification\n\nTAGS: PREL\nSUBJECT: X\n\n¶1. (C) Text.\n",
    );
}

#[test]
fn missing_subject_and_tags() {
    let fixture = "C O N F I D E N T I A L DUSHANBE 001839
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ header/missing-subject
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ header/missing-tags

E.O. 12958: DECL: 11/21/2015

1. (C) Text.
";
    check("header/missing-subject", fixture);
    check("header/missing-tags", fixture);
    // Misspelt keyword, no colon, markdown residue, wrapped lines: all found.
    for tags in [
        "TAGES: PREL",
        "TAGS PREL, PGOV, CG,\nBY, RW",
        "TAGS: [PREL](#) [TI](#)",
        "TAG PTER, PGOV",
    ] {
        let text = format!(
            "UNCLAS DUSHANBE 001839\n\n{tags}\nSUBJECT: A LONG SUBJECT THAT\nWRAPS\n\n1. (U) Text.\n"
        );
        check("header/missing-tags", &text);
        check("header/missing-subject", &text);
    }
    // A preview cut off before its fields lost them with the rest: the
    // report says so.
    let preview = "VZCZCXRO1864\nDE RUEHBUL #3934 1681024\nZNR UUUUU ZZH\nP 171024Z JUN 06\nFM AMEMBASSY KABUL\nTO RUEHC/SECSTATE WASHDC PRIORITY 0001\n\nUNCLAS KABUL 003934\n\nSIPDIS\n\nNSC FOR AHARRIMAN\n ...\n";
    assert_eq!(
        messages("header/missing-tags", preview),
        [
            "This cable has no TAGS line: the file holds only a preview of the cable, cut off at `...` before it."
        ]
    );
}

#[test]
fn malformed_dtg() {
    for (dtg, marked) in [
        ("R 321223Z OCT 09", "  ^^ header/malformed-dtg"),
        ("R 162523Z OCT 09", "    ^^ header/malformed-dtg"),
        ("R 161261Z OCT 09", "      ^^ header/malformed-dtg"),
        ("R 161223Z OKT 09", "          ^^^ header/malformed-dtg"),
        ("R 300000Z FEB 09", "  ^^ header/malformed-dtg"),
        (
            "R 161223Z OCT 2009",
            "              ^^^^ header/malformed-dtg",
        ),
    ] {
        check(
            "header/malformed-dtg",
            &format!("VZCZCXRO1864\nDE RUEHDBU #1151/01 2891223\n{dtg}\n{marked}\n"),
        );
    }
    for dtg in [
        "O P 101039Z MAY 06",
        "R 161223Z OCT 09 ZDK",
        "R 290000Z FEB 08",
    ] {
        check("header/malformed-dtg", &format!("VZCZCXRO1864\n{dtg}\n"));
    }
}

#[test]
fn malformed_de() {
    check(
        "header/malformed-de",
        "VZCZCXRO1864
RR RUEHDBU
DE RUEHDBU #11X1 2891223
^^^^^^^^^^^^^^^^^^^^^^^^ header/malformed-de
",
    );
    check(
        "header/malformed-de",
        "VZCZCXRO2761\nDE RUEHMO #5030 1321305\n",
    );
    // `DE KLERK` in the body is prose.
    check(
        "header/malformed-de",
        &cable("¶1. (C) The talks:\n\nDE KLERK WILL ANNOUNCE:\n"),
    );
}

#[test]
fn serial_mismatch() {
    check(
        "header/serial-mismatch",
        "VZCZCXRO1864
DE RUEHDBU #1152/01 2891223
            ^^^^ header/serial-mismatch
R 161223Z OCT 09

C O N F I D E N T I A L DUSHANBE 001151
",
    );
    // Serials above 9999 wrap in the DE line.
    check(
        "header/serial-mismatch",
        "VZCZCXRO1864\nDE RUEHC #2345 2891223\nR 161223Z OCT 09\n\nUNCLAS STATE 012345\n",
    );
    check("header/serial-mismatch", &cable("¶1. (C) Text.\n"));
}

#[test]
fn julian_mismatch() {
    check(
        "header/julian-mismatch",
        "VZCZCXRO1864
DE RUEHDBU #1151/01 2901223
                    ^^^ header/julian-mismatch
R 161223Z OCT 09
",
    );
    check("header/julian-mismatch", &cable("¶1. (C) Text.\n"));
    // Leap years count.
    check(
        "header/julian-mismatch",
        "VZCZCXRO1864\nDE RUEHDBU #1151/01 0601223\nR 291223Z FEB 08\n",
    );
    // Filed before midnight, sent after it (cablegate/09STATE83026.txt).
    check(
        "header/julian-mismatch",
        "VZCZCXRO1864\nDE RUEHC #3026 2230014\nO R 102356Z AUG 09\n",
    );
    // Sent again days later as a corrected copy (`CCY`, `ZDS`:
    // cablegate/10BUENOSAIRES71.txt), but not sent before it was filed.
    check(
        "header/julian-mismatch",
        "VZCZCXRO1864\nDE RUEHBU #0071/01 0391433\nO R 041614Z FEB 10     (CCY ADX1C30B8)\n",
    );
    check(
        "header/julian-mismatch",
        "VZCZCXRO1864
DE RUEHSM #0748/01 3121632
                   ^^^ header/julian-mismatch
R 101632Z NOV 08 ZDS
",
    );
    // Sent in the new year.
    check(
        "header/julian-mismatch",
        "VZCZCXRO1864\nDE RUEHDBU #1151/01 0010010\nR 312350Z DEC 09\n",
    );
    // A corrected copy signalled on the ZN line (cablegate/09STATE81957.txt)
    // or captioned under the banner (cablegate/09STATE28302.txt).
    check(
        "header/julian-mismatch",
        "VZCZCXRO1864\nDE RUEHC #1957 2230144\nZNY SSSSS ZZH ZDS\nO 061630Z AUG 09\n",
    );
    check(
        "header/julian-mismatch",
        "VZCZCXRO1864\nDE RUEHC #8302 0870151\nZNY SSSSS ZZH\nO 242145Z MAR 09\nFM SECSTATE WASHDC\n\nS E C R E T STATE 028302\n\nC O R R E C T E D C O P Y - CAPTION ADDED\n\nE.O. 12958: DECL: 03/24/2019\n",
    );
}

#[test]
fn classification_mismatch() {
    check(
        "header/classification-mismatch",
        "VZCZCXRO1864
ZNY SSSSS ZZH
    ^^^^^ header/classification-mismatch
R 161223Z OCT 09

C O N F I D E N T I A L DUSHANBE 001151
",
    );
    check("header/classification-mismatch", &cable("¶1. (C) Text.\n"));
    check(
        "header/classification-mismatch",
        "VZCZCXRO1864\nZNR UUUUU ZZH\n\nUNCLAS E F T O DUSHANBE 001151\n",
    );
    // Another cable's header over this text: reported as that, once.
    let mixed = "VZCZCXRO1864\nDE RUEHFR #2725/01 1770754\nZNY CCCCC ZZH\nO 260754Z JUN 07\nFM AMEMBASSY PARIS\n\nS E C R E T SECTION 01 OF 04 MOSCOW 005154\n";
    check("header/classification-mismatch", mixed);
    assert_eq!(messages("header/post-mismatch", mixed).len(), 1);
}

#[test]
fn malformed_decl() {
    let with_decl = |decl: &str| {
        format!(
            "VZCZCXRO1864\nDE RUEHDBU #1151/01 2891223\nR 161223Z OCT 09\n\nC O N F I D E N T I A L DUSHANBE 001151\n\nE.O. 12958: DECL: {decl}\n"
        )
    };
    check(
        "header/malformed-decl",
        &format!(
            "{}                  ^^^^^^^^^^ header/malformed-decl\n",
            with_decl("13/45/2019")
        ),
    );
    check(
        "header/malformed-decl",
        &format!(
            "{}                  ^^^^^^^^^^ header/malformed-decl\n",
            with_decl("10/15/2009")
        ),
    );
    // A year no order allows: `2118` for `2018`.
    check(
        "header/malformed-decl",
        &format!(
            "{}                  ^^^^^^^^^^ header/malformed-decl\n",
            with_decl("09/14/2118")
        ),
    );
    for fine in [
        "10/16/2019",
        "10/16/2034",
        "10/16/2084",
        "2020/01/29",
        "09/21/19",
        "1.6X6",
        "N/A",
        "TEN YEARS AFTER KOREAN UNIFICATION",
        "10/16/2009",
        // The month in words; an event after the order's section; a
        // preview's copy cut short.
        "08 OCTOBER 2019",
        "1.6 FIVE YEARS AFTER CLOSURE OF ICTY",
        "08...",
    ] {
        check("header/malformed-decl", &with_decl(fine));
    }
    // A date in words is still checked.
    assert_eq!(
        messages("header/malformed-decl", &with_decl("15 OCTOBER 2009")),
        ["The declassification date 2009-10-15 is before the cable's own date 2009-10-16."]
    );
    check(
        "header/malformed-decl",
        &format!(
            "{}                  ^^^ header/malformed-decl\n",
            with_decl("1.6 X")
        ),
    );
    assert_eq!(
        messages("header/malformed-decl", &with_decl("10/15/2009")),
        ["The declassification date 2009-10-15 is before the cable's own date 2009-10-16."]
    );
}

#[test]
fn malformed_reason() {
    check(
        "header/malformed-reason",
        "UNCLAS DUSHANBE 001151

CLASSIFIED BY: Ken Gross. REASON: 1.4 (b), (k)
                                            ^ header/malformed-reason
",
    );
    for fine in [
        "Classified By: A/DCM Marc Sievers, reasons 1.4 (b),(d)",
        "Classified By: Kirk Augustine. Reasons: 1.4 (b/d).",
        "CLASSIFIED BY DCM EARL IRVING. REASONS: 1.5 (B) AND (D).",
        "Classified By: Ambassador Louis Susman for reasons 1.4 b and d",
        // The first paragraph's mark run onto the reason's line.
        "Classified By: Robin Quinville for Reason 1.4 (c)  (S/NF) HMG agrees",
        "REASON: 1.4 (b), (d) (S) Ambassador Smith met the minister.",
        "CLASSIFIED BY: Mary Warlick, Ambassador; REASON: 1.4(B),\n(D)",
    ] {
        check(
            "header/malformed-reason",
            &format!("UNCLAS DUSHANBE 001151\n\n{fine}\n"),
        );
    }
}

#[test]
fn unknown_tag() {
    check(
        "header/unknown-tag",
        "UNCLAS DUSHANBE 001151

TAGS: PREL RU PHUMPREL ENGR KBIO OPCW BIDEN, JOSEPH [PGOV](#) EU
           ^^ header/unknown-tag
              ^^^^^^^^ header/unknown-tag
                       ^^^^ header/unknown-tag
                                                              ^^ header/unknown-tag
",
    );
    let text = "UNCLAS X 001151\n\nTAGS: PREL RU PHUMPREL ENGR\n";
    assert_eq!(
        messages("header/unknown-tag", text),
        [
            "`RU` is a common mistake: the tag for Russia is `RS`.",
            "`PHUMPREL` looks like tags run together: `PHUM` `PREL`.",
            "`ENGR` is not a known tag; did you mean `ENRG` (Energy)?"
        ]
    );
}

#[test]
fn section_mismatch() {
    check(
        "header/section-mismatch",
        &cable(
            "¶1. (C) First part of a paragraph that

DUSHANBE 00001151 002 OF 003
                  ^^^^^^^^^^ header/section-mismatch

continues across the page break.
",
        ),
    );
    // A missing page line: section 2 of 3 was never marked.
    check(
        "header/section-mismatch",
        "C O N F I D E N T I A L SECTION 01 OF 03 DUSHANBE 000862

¶1. (C) Text.

DUSHANBE 00000862 003 OF 003
                  ^^^^^^^^^^ header/section-mismatch
",
    );
    // Page breaks inside paragraphs with the right numbers are normal.
    check(
        "header/section-mismatch",
        &cable("¶1. (C) A paragraph\n\nDUSHANBE 00001151 002 OF 002\n\nthat continues.\n"),
    );
    // A page line a lost line break ran into the text, after it or before
    // it, still counts (cablegate/06BRASILIA2433.txt:75).
    check(
        "header/section-mismatch",
        &cable("¶1. (C) Millions of poor voters who DUSHANBE 00001151 002 OF 002\nchose him.\n"),
    );
    check(
        "header/section-mismatch",
        &cable("DUSHANBE 00001151 002 OF 002 ------------- Politics\n\n¶2. (C) Text.\n"),
    );
    // Two page lines run into one line of text, and a later page written
    // with a space for its stop (`009 2 OF 012`), all count.
    let long = "C O N F I D E N T I A L SECTION 01 OF 05 DUSHANBE 001151\n\n¶1. (C) While he did not condone DUSHANBE 00001151 002 OF 005 the policies, residential areas DUSHANBE 00001151 003 OF 005 would receive supplies.\n\nDUSHANBE 00001151 004 2 OF 005\n\n¶2. (C) Two.\n\nDUSHANBE 00001151 005 OF 005\n\n¶3. (C) Three.\n";
    check("header/section-mismatch", long);
    // A section's later page (`002.2 OF 003`) shows the section is there
    // (cablegate/06CARACAS751.txt:113).
    check(
        "header/section-mismatch",
        "C O N F I D E N T I A L SECTION 01 OF 03 DUSHANBE 000862

¶1. (C) Text.

DUSHANBE 00000862 001.2 OF 003

DUSHANBE 00000862 002.2 OF 003

DUSHANBE 00000862 003 OF 003
",
    );
    // A page line the SUBJECT field has no blank line before is read
    // (cablegate-b/06TOKYO1363.txt:72).
    check(
        "header/section-mismatch",
        "UNCLAS SECTION 01 OF 03 TOKYO 001363

E.O. 12958: N/A TAGS: OIIP KMDR
SUBJECT:  DAILY SUMMARY OF JAPANESE PRESS 03/15/06
  INDEX:
(1) Poll on Koizumi cabinet
TOKYO 00001363  002 OF 003
more text
TOKYO 00001363  003 OF 003
",
    );
}

#[test]
fn post_mismatch() {
    // The header of a Paris cable over the text of a Moscow one
    // (cablegate/07PARIS2725.txt): one report, not a serial mismatch too.
    let mixed = "VZCZCXRO5721
DE RUEHFR #2725/01 1770754
O 260754Z JUN 07
FM AMEMBASSY PARIS
TO RUEHC/SECSTATE WASHDC IMMEDIATE 8471

S E C R E T SECTION 01 OF 04 MOSCOW 005154
                             ^^^^^^ header/post-mismatch
";
    check("header/post-mismatch", mixed);
    check(
        "header/serial-mismatch",
        &mixed.replace(
            "                             ^^^^^^ header/post-mismatch\n",
            "",
        ),
    );
    // The same post in other words, or in small letters, is the same post.
    check("header/post-mismatch", &cable("¶1. (C) Text.\n"));
    check(
        "header/post-mismatch",
        "DE RUEHNO #0411 1221500\nFM USMISSION USNATO\n\nC O N F I D E N T I A L USNATO 000411\n",
    );
    check(
        "header/post-mismatch",
        "DE RUEHRL #1068 1221500\nFM AMEMBASSY BERLIN\n\nC O N F I D E N T I A L berlin 001068\n",
    );
}

#[test]
fn relayed_serials_are_the_relays() {
    // A delegation's cable carries the relay station's serial in its DE
    // line (cablegate-b/09PARTO40301.txt).
    check(
        "header/serial-mismatch",
        "DE RUCNAI #0003/01 0931728\nO 031728Z APR 09\nFM USDEL SECRETARY//MEXICO//\n\nC O N F I D E N T I A L SECTION 01 OF 04 PARTO 040301\n",
    );
}

#[test]
fn malformed_routing() {
    check(
        "header/malformed-routing",
        "VZCZCXRO1864
DE RUEHDBU #1151/01 2891223
TO RUEHC/SECSTATE WASHDC 0826
INFO RUEH1/AMEMBASSY KABUL 0273
     ^^^^^^^^^^^^^^^^^^^^^^^^^^ header/malformed-routing
RUEHBUL AMEMBASSY KABUL 0273
^^^^^^^^^^^^^^^^^^^^^^^^^^^^ header/malformed-routing
",
    );
    // As the collections print them: not defects.
    check(
        "header/malformed-routing",
        "VZCZCXRO1864
DE RUEHDBU #1151/01 2891223
TO SECSTATE WASHDC IMMEDIATE 5281
INFO EUROPEAN POLITICAL COLLECTIVE
ZEN/AMEMBASSY RIGA NIACT IMMEDIATE 0612-0615
RUEHBUL/AMEMBASSY KABUL PRIORITY 1547
",
    );
    // Old-style extracts carry no routing indicators at all.
    check(
        "header/malformed-routing",
        "This record is a partial extract of the original cable. The full text of the original cable is not available.\nFM AMEMBASSY HARARE\nTO SECSTATE WASHDC IMMEDIATE 7212\n",
    );
}

// ------------------------------------------------------------ paragraphs

#[test]
fn paragraph_gap() {
    check(
        "paragraph/gap",
        &cable(
            "¶1. (C) One.

¶2. (C) Two.

¶4. (C) Four.
^^^ paragraph/gap
",
        ),
    );
    assert_eq!(
        messages("paragraph/gap", &cable("¶1. (C) One.\n\n¶4. (C) Four.\n")),
        ["Paragraph numbering jumps from 1 to 4: ¶2-¶3 are missing."]
    );
    // Lists restarting at 1, list items and page breaks are not gaps.
    check(
        "paragraph/gap",
        &cable(
            "¶1. (C) The dialogue has four parts:

1) Joint Staff Talks
2) Bilateral Consultations

¶2. (C) Two, continued

DUSHANBE 00001151 002 OF 002

on the next page.

¶3. (C) Three. The options:
1. (U) first;
2. (U) second.

¶4. (C) Four.
",
        ),
    );
    // Where the publisher put `¶` before numbers opening a line, it missed
    // `2.The` for its lost space: a paragraph, not a list item. In a file
    // of one paragraph a line, `3.` opens the next line's paragraph
    // without a blank line; `1)` there is a list's.
    check(
        "paragraph/gap",
        &cable(&format!(
            "1.The team met the Border Guard.\n\n2.The team will attend.\n\n¶3. Three, {long}\n4.The forum is organised.\n1) a list item\n\n¶5. Five.\n",
            long = "long enough to hold a whole paragraph of its own on one line of text, as the files of this mirror do"
        )),
    );
    // A stray `(` before a marked number leaves it the paragraph's.
    check(
        "paragraph/gap",
        &cable("¶10. (C) Ten.\n\n(11. (C) Comment: As noted.\n\n¶12. (C) Twelve.\n"),
    );
    // One paragraph answering several numbered questions covers them all;
    // a range where another number is expected is a date's.
    check(
        "paragraph/gap",
        &cable(
            "¶1. (U) One, on November
18-20. The protests went on.

¶2. (U) Two.

3-12. (U) Official data on the number of investigations is not available.

¶13. (U) Thirteen.

¶14. (U) In ¶4-7. the figures.

¶16. (U) Sixteen.
^^^^ paragraph/gap
",
        ),
    );
}

#[test]
fn paragraph_run_in() {
    check(
        "paragraph/run-in",
        &cable(
            "¶19. (S) Terrorism: lessons from India's decades of experience in this area. 20. (S) Information Sharing: a closed door.
                                                                             ^^^ paragraph/run-in
",
        ),
    );
    check(
        "paragraph/run-in",
        &cable("¶1. (C) He said three things. 2. Then he left.\n"),
    );
}

#[test]
fn paragraph_duplicate_and_out_of_order() {
    let fixture = cable(
        "¶1. (C) One.

¶2. (C) Two.

¶2. (C) Two again.
^^^ paragraph/duplicate

¶3. (C) Three.

¶5. (C) Five.

¶4. (C) Four.
^^^ paragraph/out-of-order

¶6. (C) Six.
",
    );
    check("paragraph/duplicate", &fixture);
    check("paragraph/out-of-order", &fixture);
    // One stray number gives one report, not one per following paragraph.
    let stray = cable("¶1. (C) a\n\n¶20. (C) b\n\n¶2. (C) c\n\n¶3. (C) d\n\n¶4. (C) e\n");
    assert_eq!(
        messages("paragraph/out-of-order", &stray),
        ["Paragraph 20 is out of order: it comes after paragraph 1."]
    );
    check("paragraph/gap", &stray);
    // A displaced block is one problem: one report for it.
    let block = cable(
        "¶1. (C) a\n\n¶2. (C) b\n\n¶15. (C) c\n\n¶16. (C) d\n\n¶3. (C) e\n\n¶4. (C) f\n\n¶5. (C) g\n",
    );
    assert_eq!(
        messages("paragraph/out-of-order", &block),
        ["Paragraphs 15-16 are out of order: they come after paragraph 2."]
    );
    check("paragraph/gap", &block);
    // Numbering that goes back is one duplicate report, not one per number.
    let back =
        cable("¶9. (C) a\n\n¶10. (C) b\n\n¶11. (C) c\n\n¶10. (C) d\n\n¶11. (C) e\n\n¶12. (C) f\n");
    assert_eq!(
        messages("paragraph/duplicate", &back),
        [
            "Paragraph numbers 10-11 are used twice: after paragraph 11 the numbering goes back to 10."
        ]
    );
    check("paragraph/out-of-order", &back);
    // `45, 45, 47`: a misnumbered 46 is a duplicate, not also a gap.
    let misnumbered = cable("¶44. (C) a\n\n¶45. (C) b\n\n¶45. (C) c\n\n¶47. (C) d\n");
    assert_eq!(
        messages("paragraph/duplicate", &misnumbered),
        ["Paragraph number 45 is used twice."]
    );
    check("paragraph/gap", &misnumbered);
    // A year broken across lines is not a paragraph number: `in 2` / `¶010.`.
    let year = cable(&format!(
        "¶1. (C) a\n\n¶2. (C) The budget, {} could reach $260 million in 2\n¶010. This expansion\n\n¶3. (C) c\n",
        "long enough to be a line of its own in a one-line-a-paragraph file,"
    ));
    check("paragraph/out-of-order", &year);
    check("paragraph/gap", &year);
}

#[test]
fn questions_listed_in_the_first_paragraph_and_dates_after_a_capitalised_line_are_no_paragraphs() {
    // `1)`, `2)` under lettered heads inside ¶1, then ¶2.
    let questions = cable(
        "¶1. (C/NF) Please answer:\n\n¶A. (U) SECURITY TEAM:\n\n1) (C/NF) WHO MEETS?\n\n2) (C/NF) HOW OFTEN?\n\n¶B. (U) ECONOMIC TEAM:\n\n1) (C/NF) WHO LEADS?\n\n2) (C/NF) WHAT NEXT?\n\n3) (C/NF) WHEN?\n\n¶2. (U) Please cite the number.\n",
    );
    for quiet in [
        "paragraph/out-of-order",
        "paragraph/duplicate",
        "paragraph/gap",
    ] {
        check(quiet, &questions);
    }
    // A line of capitalised words ending in a month: `¶15.` is its day.
    let date = cable(
        "¶1. (C/NF) Charge paid an introductory call on MOD Secretary\nGeneral for Policy Admiral Francisco Torrente on September\n¶15. Charge told Torrente that the US appreciates it.\n\n¶2. (C) Two.\n",
    );
    for quiet in ["paragraph/out-of-order", "paragraph/gap"] {
        check(quiet, &date);
    }
}

#[test]
fn a_list_inside_a_paragraph_may_run_past_the_next_paragraph_number() {
    // Paragraph 3 lists ten measures, then paragraph 4 follows.
    let mut body = String::from("¶1. (C) a\n\n¶2. (C) b\n\n¶3. (C) The measures are:\n\n");
    for n in 1..=10 {
        body.push_str(&format!("¶{n}. Measure {n}.\n\n"));
    }
    body.push_str("¶4. (C) These measures follow.\n\n¶5. (C) Comment.\n");
    let fixture = cable(&body);
    for quiet in [
        "paragraph/out-of-order",
        "paragraph/duplicate",
        "paragraph/gap",
    ] {
        check(quiet, &fixture);
    }
}

#[test]
fn ocr_pilcrow() {
    check(
        "paragraph/ocr-pilcrow",
        &cable(
            "¶3. (C) Three.

¶4. (C) Four.

15. (C) Five, with its pilcrow misread.
^^^ paragraph/ocr-pilcrow

16. (C) Six.
^^^ paragraph/ocr-pilcrow
",
        ),
    );
    check(
        "paragraph/ocr-pilcrow",
        &cable(
            "- 11. (C) Poloff discussed reftel demarche points.
^^^^^ paragraph/ocr-pilcrow
- 12. (C) Asked why.
^^^^^ paragraph/ocr-pilcrow
- $\\P3$ . (C) COMMENT. Moscow has.
^^^^^^^^^ paragraph/ocr-pilcrow
",
        ),
    );
    // Genuine numbers: ¶10 after ¶9, 11 after 10, a year after a pilcrow.
    check(
        "paragraph/ocr-pilcrow",
        &cable("9. (C) Nine.\n\n10. (C) Ten.\n\n11. (C) Eleven.\n\n¶2000. THE GOC said.\n"),
    );
    // Misreads are not also reported as gaps.
    check(
        "paragraph/gap",
        &cable("¶1. (C) a\n\n¶2. (C) b\n\n13. (C) c\n\n14. (C) d\n"),
    );
}

#[test]
fn malformed_marking() {
    check(
        "paragraph/malformed-marking",
        &cable(
            "¶1. (C) Fine.

¶2. SBU) The Assistant Secretary delivered.
    ^^^^ paragraph/malformed-marking

¶3. (SBU During the talks.
    ^^^^ paragraph/malformed-marking

¶4. (SE) Odd mark.
    ^^^^ paragraph/malformed-marking
",
        ),
    );
    check(
        "paragraph/malformed-marking",
        "S E C R E T DUSHANBE 001151\n\n¶1. (S//REL TO USA, ACGU) a\n\n¶2. (C/NF) b\n\n¶3. (U//FOUO) c\n\n¶4. (S) Text (NOTE: aside. END NOTE.)\n\n¶5. (C NF) d\n",
    );
    // Older and spelled-out forms, release lists long or going on to the
    // next line, a press summary's topic labels, a reason list's letters.
    check(
        "paragraph/malformed-marking",
        "S E C R E T STATE 079112\n\n¶1. (S-ENTIRE TEXT) a\n\n¶2. (Secret/Rel Armenia) b\n\n\
         ¶3. (S//REL CHINA, AFGHANISTAN, KAZAKHSTAN, KYRGYZSTAN,\nTAJIKISTAN) c\n\n\
         ¶4. (S/REL FRANCE, BRITAIN, TURKEY, SAUDI ARABIA, JORDAN, AND QATAR) d\n\n\
         ¶5. (Afghanistan) Presidential Elections\n\n¶6. (EU) Barroso Election\n\n\
         ¶7. (Economic) Opel\n\nReasons 1.\n4 (B) and (D).\n",
    );
}

#[test]
fn marking_exceeds_classification() {
    check(
        "paragraph/marking-exceeds-classification",
        &cable(
            "¶1. (C) Fine.

¶2. (S) Too high for a CONFIDENTIAL cable.
    ^^^ paragraph/marking-exceeds-classification

¶3. (S//NF) Also.
",
        ),
    );
    // One report per cable, the other paragraphs as related places.
    let text = cable("¶1. (S) One.\n\n¶2. (C) Two.\n\n¶3. (S//NF) Three.\n");
    let parsed = cable_ls::syntax::parse(&text);
    let found: Vec<_> = cable_ls::analysis::diagnose(&text, &parsed)
        .into_iter()
        .filter(|d| d.code.as_str() == "paragraph/marking-exceeds-classification")
        .collect();
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .ends_with("So is one more paragraph (see the related places).")
    );
    assert_eq!(found[0].related[1].span.text(&text), "(S//NF)");
    check(
        "paragraph/marking-exceeds-classification",
        "UNCLAS SAO PAULO 000660\n\n¶1. (SBU) a\n\n¶2. (U) b\n",
    );
    check(
        "paragraph/marking-exceeds-classification",
        "S E C R E T DUSHANBE 001921\n\n¶1. (C) a\n\n¶2. (S/NF) b\n",
    );
}

// -------------------------------------------------------------- entities

const ANNOTATED_HEAD: &str = "<code><pre>S E C R E T DUSHANBE 001921 SIPDIS TAGS PREL , RS SUBJECT: MEETING WITH [PER Rahmonov  ] REF: STATE 214783 <a id='par1' href='#par1'>¶</a>1 . \n";

#[test]
fn entity_unclosed() {
    check(
        "entity/unclosed",
        &format!(
            "{ANNOTATED_HEAD}( C ) The Ambassador met [PER Emomali Rahmonov on December 1 .
                         ^^^^ entity/unclosed
"
        ),
    );
    check(
        "entity/unclosed",
        &format!("{ANNOTATED_HEAD}( C ) met [PER Emomali Rahmonov  ] .\n"),
    );
}

#[test]
fn entity_unknown_type_and_empty() {
    let fixture = format!(
        "{ANNOTATED_HEAD}( C ) He met [PERS Rahmonov  ] and [PER   ] today .
              ^^^^ entity/unknown-type
                                   ^^^^^^^^ entity/empty
"
    );
    check("entity/unknown-type", &fixture);
    check("entity/empty", &fixture);
    // In the other flavours brackets are prose.
    check(
        "entity/unknown-type",
        &cable("¶1. (S) [NAME REMOVED] said [RusAl Chairman Oleg] Deripaska met him.\n"),
    );
}

#[test]
fn entity_spans_boundary() {
    check(
        "entity/spans-boundary",
        "<code><pre>S E C R E T DUSHANBE 001921 TAGS PREL , RS , [ORG TI SUBJECT: MEETING  ] WITH [PER Rahmonov  ]
                                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^ entity/spans-boundary
<a id='par1' href='#par1'>¶</a>1 . ( C ) The talks .
[ORG HOAGLAND NNNN</pre></code>  ]
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ entity/spans-boundary
",
    );
    check(
        "entity/spans-boundary",
        &format!("{ANNOTATED_HEAD}( [ORG S  ] ) [PER Emomali Rahmonov  ] met [LOC Russia  ] .\n"),
    );
}

// ----------------------------------------------------------------- codes

#[test]
fn every_code_is_documented_in_the_readme() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    for code in cable_ls::analysis::Code::ALL {
        assert!(
            readme.contains(&format!("`{}`", code.as_str())),
            "README lacks {}",
            code.as_str()
        );
    }
}

// ------------------------------------------------------------------ files

#[test]
fn invalid_utf8_is_reported_once() {
    let (text, diagnostic) =
        cable_ls::analysis::decode(b"UNCLAS X 000001\n\nCaf\xE9 and na\xEFve\n".to_vec());
    assert!(text.contains("Caf\u{FFFD}"));
    let d = diagnostic.expect("a diagnostic");
    assert_eq!(d.code.as_str(), "file/invalid-utf8");
    assert_eq!(&text[d.span.start..d.span.end], "\u{FFFD}");
    assert!(d.message.contains("2 invalid byte sequences"));
    assert!(
        cable_ls::analysis::decode("plain ’ text".as_bytes().to_vec())
            .1
            .is_none()
    );
}

#[test]
fn diagnostics_are_capped() {
    // 300 paragraphs with an unknown marking, 299 of them after a gap.
    let body: String = (1..=300)
        .map(|i| format!("¶{}. (SE) x\n\n", i * 2))
        .collect();
    let text = cable(&body);
    let cable = cable_ls::syntax::parse(&text);
    let found = cable_ls::analysis::diagnose(&text, &cable);
    assert_eq!(found.len(), cable_ls::analysis::MAX_DIAGNOSTICS);
    let last = found.last().unwrap();
    assert_eq!(last.code.as_str(), "file/more-not-shown");
    assert!(
        last.message.starts_with("100 more diagnostics"),
        "{}",
        last.message
    );
}

#[test]
fn export_residue_is_read_through_and_reported_once() {
    // A TSV export row whose text field holds the cable, each line break
    // escaped by `\`: one report, and the DE line and banner read as such.
    let fixture = "VZCZCXRO7014
DE RUEHSW #1971/01 2960856

82783\t2006-10-23 08:56:00\t06BERN1971\tEmbassy Bern\tCONFIDENTIAL\t06BERN1867\tVZCZCXRO7014\\
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ file/export-residue
DE RUEHSW #1971/01 2960856\\
ZNY CCCCC ZZH\\
P 230856Z OCT 06\\
FM AMEMBASSY BERN\\
INFO RUEHZL/EUROPEAN POLITICAL COLLECTIVE\\
RUCNIRA/IRAN COLLECTIVE\tC O N F I D E N T I A L BERN 001971 \\
 \\
E.O. 12958: DECL: 10/22/2016 \\
TAGS: PREL PTER SZ\\
SUBJECT: POLITICAL DIALOGUE \\
 \\
1.(C) Summary: In the first round of talks. \\
";
    check("file/export-residue", fixture);
    for quiet in [
        "header/malformed-de",
        "header/missing-classification",
        "header/missing-tags",
        "header/missing-subject",
    ] {
        check(quiet, fixture);
    }
    let (text, _) = common::marked(fixture);
    let parsed = cable_ls::syntax::parse(&text);
    let banner = parsed.banner.expect("the banner after the tab");
    assert_eq!(
        banner.span.text(&text),
        "C O N F I D E N T I A L BERN 001971"
    );
    // Mirror metadata, and a CSV row, are residue too; plain text is not.
    let metadata = "VZCZCXYZ0001\nDE RUEHPE #0748 0581314\n\nid: 54459\n^^^^^^^^^ file/export-residue\nrefid: 06LIMA748\nheader:\n\nUNCLAS LIMA 000748\n\nTAGS: PGOV PE\nSUBJECT: X\n\n¶1. (U) Text.\n\n=====CABLE ENDS=====\n";
    check("file/export-residue", metadata);
    check(
        "file/export-residue",
        &cable("¶1. (C) Text ending in a backslash? No.\n"),
    );
}

#[test]
fn a_preview_before_the_full_text_is_read_once() {
    let fixture = "UNCLAS LIMA 000748
^^^^^^^^^^^^^^^^^^ file/repeated-preview

TAGS: PGOV PE
SUBJECT: MONTESINOS

¶1. (U) This is an action request. Please se...

id: 54459
refid: 06LIMA748

UNCLAS LIMA 000748

TAGS: PGOV PE
SUBJECT: MONTESINOS

¶1. (U) This is an action request. Please see para 2.

¶2. (U) Post requests guidance.
";
    check("file/repeated-preview", fixture);
    // Numbering is read from the full text alone: no duplicate ¶1.
    check("paragraph/duplicate", fixture);
    let (text, _) = common::marked(fixture);
    let cable = cable_ls::syntax::parse(&text);
    assert_eq!(cable.paragraphs.len(), 2);
    let [copy] = cable.others.as_slice() else {
        panic!("one other copy: {:?}", cable.others);
    };
    assert_eq!(copy.relation, cable_ls::syntax::Relation::Copy);
    assert!(messages("file/repeated-preview", &text)[0].contains("truncated preview"));
    // Without paragraph numbers in either copy, the full text is still the
    // one read, not the preview before it.
    let unnumbered = "UNCLAS THE HAGUE 000117
^^^^^^^^^^^^^^^^^^^^^^^ file/repeated-preview

SUBJECT: CHEMICAL WEAPONS

The Executive Council met on Tuesday. Mr. Peter...

id: 54459
refid: 10THEHAGUE117

UNCLAS THE HAGUE 000117

SUBJECT: CHEMICAL WEAPONS

The Executive Council met on Tuesday. Mr. Peter Smith opened the session
and the delegates agreed on the budget for the year.

NOLAN
";
    check("file/repeated-preview", unnumbered);
    let cable = cable_ls::syntax::parse(&common::marked(unnumbered).0);
    assert!(
        cable.span.start > 100,
        "the full text is read: {:?}",
        cable.span
    );
}

#[test]
fn two_cables_in_one_file_are_checked_apart() {
    // An unclassified cable with a confidential one run into it: the
    // second's marks are within its own classification.
    let fixture = "UNCLAS MOSCOW 001519

TAGS: ECON RS
SUBJECT: TNK-BP

1. (U) Text.

2. (U) Text.

0 05/30/2008 3221 ECON,EINV,RS TNK-BP INTERNAL FIGHT 156028 BP hits back
C O N F I D E N T I A L MOSCOW 002237
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ file/multiple-cables

TAGS: ECON RS
SUBJECT: BP HITS BACK

1. (C) Text.

2. (C) Text.
";
    check("file/multiple-cables", fixture);
    check("paragraph/marking-exceeds-classification", fixture);
    check("paragraph/out-of-order", fixture);
    check("paragraph/duplicate", fixture);
    // A later section's banner continues the same cable.
    let sections = "UNCLAS SECTION 01 OF 02 MOSCOW 001519\n\nTAGS: ECON RS\nSUBJECT: X\n\n1. (U) Text.\n\nUNCLAS SECTION 02 OF 02 MOSCOW 001519\n\n2. (U) Text.\n";
    check("file/multiple-cables", sections);
    check("file/repeated-preview", sections);
}

#[test]
fn paragraph_numbers_run_in_where_line_breaks_were_lost() {
    // After a dashed heading, a field label, a closing bracket, two spaces,
    // and (unmarked, in an unmarked cable) after a sentence: all are read,
    // so no gap is reported.
    let marked = cable(
        "¶1. (C) One.

------------------- RUSSIAN MOTIVATIONS ------------------- 2. (C) Given the talks.
                                                            ^^ paragraph/run-in

ARTICLE 98: 3. (C) The article.
            ^^ paragraph/run-in

(End Note.) 4.  (U) The note.
            ^^ paragraph/run-in

Critique-------------- 5. ( C) Five.
                       ^^ paragraph/run-in
",
    );
    check("paragraph/run-in", &marked);
    check("paragraph/gap", &marked);
    let unmarked = "UNCLAS SAN JOSE 002803\n\nTAGS: ECON CS\nSUBJECT: X\n\n¶1. Remittances grew.\n\n¶2. Close to 28,000 households receive them.\n\n¶3. Some are of particular interest. 4. Venturelli noted the rise.\n                                     ^^ paragraph/run-in\n\n¶5. End.\n";
    check("paragraph/run-in", unmarked);
    check("paragraph/gap", unmarked);
    // A number a sentence refers to is not a paragraph's.
    check(
        "paragraph/run-in",
        &cable("¶1. (C) As noted in para 5. (C) material is withheld.\n"),
    );
}

#[test]
fn numbers_that_continue_a_sentence_are_not_paragraphs() {
    // The publisher's `¶` before a wrapped line opening with a number: a
    // date, and numbers after `paragraph` (across the blank line a
    // conversion put there) and `paragraphs 3 and`.
    let text = cable(
        "¶1. (C) The court is expected to render a decision September
¶20. There are at least 300 cases pending.

¶2. (U) This is an action request. Please see paragraph

¶4.
¶3. (U) All addressees please see paragraphs 5 and
¶6. for the points.

¶4. (C) Four.
",
    );
    check("paragraph/gap", &text);
    check("paragraph/out-of-order", &text);
    check("paragraph/duplicate", &text);
    // A number split by a lost line break (`--------- 1` / `¶0.`) is whole.
    let split =
        cable("¶9. (C) Nine.\n\nPKO/HAITI --------- 1\n\n¶0. (C) Ten.\n\n¶11. (C) Eleven.\n");
    check("paragraph/gap", &split);
    let parsed = cable_ls::syntax::parse(&split);
    let numbers: Vec<u32> = parsed.paragraphs.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [9, 10, 11]);
}

#[test]
fn one_line_paragraphs_keep_their_lost_line_breaks_apart() {
    // Files with a paragraph a line (and blank lines between): a line
    // ending in `para` or a month continues on the next, whatever its
    // length; a heading's number at the end of its line opens the next
    // line's text; a number after a word, with a capital after it, is the
    // paragraph expected; `2, (C)` is paragraph 2.
    let long = "x".repeat(100);
    let text = format!(
        "UNCLAS SAN JOSE 002803\n\nTAGS: ECON CS\nSUBJECT: X\n\n\
         ¶1. {long} For the full list, see para\n\n¶3.\n\n\
         2. {long} the decision is expected August\n\n¶13. (TF/Embassy telcon) The talks.\n\n\
         ------ Health ------ 3.\n                     ^^ paragraph/run-in\n\n\
         Paraguay: Yellow Fever Update. Cases rose. Source - IPS News 4. Brazil: Pantanal Indians.\n\
         \u{20}                                                            ^^ paragraph/run-in\n\n\
         ¶5. Five.\n\n\
         Proposal 6. Serbian security forces act.\n\n\
         ¶6. Six.\n"
    );
    check("paragraph/run-in", &text);
    for code in [
        "paragraph/gap",
        "paragraph/out-of-order",
        "paragraph/duplicate",
        "paragraph/malformed-marking",
    ] {
        check(code, &text);
    }
    let comma = cable("¶1. (C) One.\n\n2, (C) Two.\n\n¶3. (C) Three.\n");
    check("paragraph/gap", &comma);
    // Where the publisher marked paragraphs with `¶`, bare numbers that
    // carry the numbering on are paragraphs; a list restarting is not.
    let bare = "UNCLAS LONDON 002627\n\nTAGS: ASEC UK\nSUBJECT: X\n\n¶1. One.\n\n\
                ¶2. Two:\n1. first\n2. second\n\n¶3. Three.\n\n4.Carry-on Luggage: one bag.\n\n\
                5.TDY Travelers: mail.\n\n¶6. Six.\n";
    check("paragraph/gap", bare);
    check("paragraph/out-of-order", bare);
    let numbers: Vec<u32> = cable_ls::syntax::parse(bare)
        .paragraphs
        .iter()
        .map(|p| p.number)
        .collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
}

#[test]
fn withheld_and_repeated_paragraphs_are_no_numbering_defects() {
    // A redaction in place of a paragraph, and a partial extract, which
    // leaves paragraphs out by design.
    check(
        "paragraph/gap",
        &cable("¶5. (SBU) Five.\n\nXXXXXXXXXXXX\n\n¶7. (SBU) Seven.\n"),
    );
    check(
        "paragraph/gap",
        "This record is a partial extract of the original cable. The full text of the original cable is not available.\n\nC O N F I D E N T I A L PARIS 000848\n\nTAGS: PREL FR\nSUBJECT: X\n\n¶1. (C) One.\n\n¶11. (C) Eleven.\n",
    );
    // A gap no redaction explains is still reported.
    check(
        "paragraph/gap",
        &cable(
            "¶5. (SBU) Five, told XXXXXXXXXXXX that it was.\n\n¶7. (SBU) Seven.\n^^^ paragraph/gap\n",
        ),
    );
    // Paragraphs written twice are one repetition, not a duplicate each.
    let twice = cable(
        "¶1. (C) Summary: the visit went well enough.

¶2. (C) The Minister described the relationship as strong.

¶3. (C) He asked for more training.

¶2. (C) The Minister described the relationship as strong.
^^^ file/repeated-preview

¶3. (C) He asked for more training.

¶4. (C) Comment: a good start.
",
    );
    check("file/repeated-preview", &twice);
    check("paragraph/duplicate", &twice);
    check("paragraph/out-of-order", &twice);
    // An OCR slip in the copy's first paragraph leaves it the copy's.
    let slip = cable(
        "¶1. (C) Summary: the visit went well enough.

¶2. (C) The Minister described the relationship as strong.

¶3. (C) He asked for more training of the border guards.

¶4. (C) He thanked us for the equipment delivered in May.

¶2. (C) The Minister descriBed the relationship as strong.
^^^ file/repeated-preview

¶3. (C) He asked for more training of the border guards.

¶4. (C) He thanked us for the equipment delivered in May.

¶5. (C) Comment: a good start.
",
    );
    check("file/repeated-preview", &slip);
    check("paragraph/out-of-order", &slip);
    check("paragraph/duplicate", &slip);
}
