//! The syntax model of each sample cable, one flavour each, as a compact
//! outline (snapshots; refresh with `UPDATE_EXPECT=1 cargo test`).

mod common;

use cable_ls::syntax::{Cable, Span, parse};
use expect_test::{Expect, expect};

fn short(text: &str, span: Span) -> String {
    let t: String = span
        .text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if t.chars().count() > 48 {
        format!("{}…", t.chars().take(47).collect::<String>())
    } else {
        t
    }
}

fn outline(text: &str, cable: &Cable) -> String {
    let mut out = Vec::new();
    let s = |span: Span| short(text, span);
    out.push(format!(
        "flavour {:?}, id {:?}",
        cable.flavour,
        cable.id.as_ref().map(|i| (&i.id, i.year_source))
    ));
    if let Some(t) = &cable.transmission {
        if let Some(de) = &t.de {
            out.push(format!(
                "DE station={:?} serial={:?} section={:?} day={:?} time={:?}",
                de.station.map(s),
                de.serial.as_ref().map(|f| f.value),
                de.section.as_ref().map(|f| f.value),
                de.day_of_year.as_ref().map(|f| f.value),
                de.time.as_ref().map(|f| f.value)
            ));
        }
        if let Some(zn) = &t.zn {
            out.push(format!("ZN {} {:?}", s(zn.code), zn.level));
        }
        if let Some(d) = &t.dtg {
            let prec: String = d.precedence.iter().map(|p| p.value).collect();
            out.push(format!(
                "DTG {prec} day={} {:02}:{:02} month={:?} year={:?}",
                d.day.value, d.hour.value, d.minute.value, d.month.value, d.year.value
            ));
        }
        if let Some(from) = t.from {
            out.push(format!("FM {}", s(from)));
        }
        for (kind, e) in &t.addressees {
            out.push(format!(
                "{kind:?} ri={:?} to={:?} prec={:?} serial={:?}",
                e.routing.map(s),
                e.addressee.map(s),
                e.precedence.map(s),
                e.serial.map(s)
            ));
        }
    }
    if let Some(b) = &cable.banner {
        out.push(format!(
            "banner {:?} section={:?} post={:?} serial={:?}",
            b.classification.value,
            b.section.as_ref().map(|f| f.value),
            b.post.map(s),
            b.serial.as_ref().map(|f| f.value)
        ));
    }
    out.push(format!(
        "SIPDIS x{}, captions {:?}",
        cable.sipdis.len(),
        cable.captions.iter().map(|c| s(*c)).collect::<Vec<_>>()
    ));
    if let Some(eo) = &cable.eo {
        out.push(format!(
            "E.O. {:?} decl={:?}",
            eo.order.map(s),
            eo.decl.as_ref().map(|d| &d.value)
        ));
    }
    if let Some(tags) = &cable.tags {
        out.push(format!(
            "TAGS {:?}",
            tags.items
                .iter()
                .map(|t| t.code.as_str())
                .collect::<Vec<_>>()
        ));
    }
    if let Some(subject) = &cable.subject {
        out.push(format!("SUBJECT {}", s(subject.span)));
    }
    for r in &cable.refs {
        out.push(format!(
            "REF {:?} {:?} -> {:?}",
            r.letter.as_ref().map(|l| l.value),
            s(r.span),
            r.cable.as_ref().map(|c| &c.id)
        ));
    }
    if let Some(c) = &cable.classified_by {
        out.push(format!("CLASSIFIED BY {:?}", c.authority.map(s)));
    }
    if let Some(r) = &cable.reason {
        let letters: String = r.letters.iter().map(|l| l.value).collect();
        out.push(format!("REASON {:?} ({letters})", r.section.map(s)));
    }
    for h in &cable.headings {
        out.push(format!("heading {}", s(*h)));
    }
    for p in &cable.paragraphs {
        out.push(format!(
            "¶{} {:?} mark={:?} [{}]",
            p.number,
            p.style,
            p.mark.as_ref().map(|m| m.text.as_str()),
            s(p.span)
        ));
    }
    for pb in &cable.page_breaks {
        out.push(format!("page {:?}", pb.page.value));
    }
    for b in &cable.blocks {
        out.push(format!("{:?} closed={} [{}]", b.kind, b.closed, s(b.span)));
    }
    if !cable.entities.is_empty() {
        let closed = cable.entities.iter().filter(|e| e.closed).count();
        out.push(format!(
            "entities {} ({closed} closed); first {}",
            cable.entities.len(),
            s(cable.entities[0].span)
        ));
    }
    if let Some(sig) = cable.signature {
        out.push(format!("signature {}", s(sig)));
    }
    out.join("\n")
}

fn check(example: &str, expect: Expect) {
    let (_, text) = common::example(example);
    expect.assert_eq(&outline(&text, &parse(&text)));
}

#[test]
fn telegraphic() {
    check(
        "telegraphic-09DUSHANBE1151.cable",
        expect![[r#"
        flavour Telegraphic, id Some(("09DUSHANBE1151", Dtg))
        DE station=Some("RUEHDBU") serial=Some(1151) section=Some(1) day=Some(289) time=Some((12, 23))
        ZN CCCCC Some(Confidential)
        DTG R day=16 12:23 month=Some(10) year=Some(9)
        FM AMEMBASSY DUSHANBE
        To ri=Some("RUEHC") to=Some("SECSTATE WASHDC") prec=None serial=Some("0826")
        Info ri=Some("RUCNCIS") to=Some("CIS COLLECTIVE") prec=None serial=None
        Info ri=Some("RUEHBUL") to=Some("AMEMBASSY KABUL") prec=None serial=Some("0273")
        Info ri=Some("RUEHIL") to=Some("AMEMBASSY ISLAMABAD") prec=None serial=Some("0173")
        Info ri=Some("RUEHNE") to=Some("AMEMBASSY NEW DELHI") prec=None serial=Some("0136")
        Info ri=Some("RUEHBJ") to=Some("AMEMBASSY BEIJING") prec=None serial=Some("0100")
        Info ri=Some("RUEHDBU") to=Some("AMEMBASSY DUSHANBE") prec=None serial=Some("1705")
        banner Confidential section=Some((1, 2)) post=Some("DUSHANBE") serial=Some(1151)
        SIPDIS x1, captions []
        E.O. Some("12958") decl=Some(Date(2019, 10, 16))
        TAGS ["PREL", "PHUM", "PGOV", "TI"]
        SUBJECT RUSSIAN DEPUTY FOREIGN MINISTER ASKS ABOUT U.S.…
        CLASSIFIED BY Some("Ken Gross, Ambassador, EXEC, State.")
        REASON Some("1.4") (bd)
        ¶1 Pilcrow mark=Some("C") [¶1. (C) Summary: Deputy Foreign Minister Grigor…]
        ¶2 Pilcrow mark=Some("C") [¶2. (C) Karasin, in Dushanbe for a meeting of R…]
        ¶3 Pilcrow mark=Some("C") [¶3. (C) Karasin commented that the security sit…]
        ¶4 Pilcrow mark=Some("C") [¶4. (C) Karasin said keeping Russian border gua…]
        ¶15 Plain mark=Some("C") [15. (C) Ambassador offered to give a briefing t…]
        ¶16 Plain mark=Some("C") [16. (C) Continuing, Karasin said the Russian De…]
        ¶17 Plain mark=Some("C") [17. (C) Comment: There are various signs of tro…]
        page (2, 2)
        Summary closed=true [Summary: Deputy Foreign Minister Grigory Karasi…]
        Comment closed=true [Comment: There are various signs of trouble in …]
        signature GROSS"#]],
    );
}

#[test]
fn telegraphic_multi_section() {
    check(
        "telegraphic-06DUSHANBE862.cable",
        expect![[r#"
            flavour Telegraphic, id Some(("06DUSHANBE862", Dtg))
            DE station=Some("RUEHDBU") serial=Some(862) section=Some(1) day=Some(130) time=Some((10, 39))
            ZN CCCCC Some(Confidential)
            DTG OP day=10 10:39 month=Some(5) year=Some(6)
            FM AMEMBASSY DUSHANBE
            To ri=Some("RUEHC") to=Some("SECSTATE WASHDC") prec=Some("IMMEDIATE") serial=Some("7466")
            To ri=Some("RHEHAAA") to=Some("NATIONAL SECURITY COUNCIL WASHINGTON DC") prec=None serial=None
            Info ri=Some("RUCNCIS") to=Some("CIS COLLECTIVE") prec=None serial=None
            Info ri=Some("RUEAIIA") to=Some("CIA WASHDC") prec=None serial=None
            Info ri=Some("RHEFDIA") to=Some("DIA WASHINGTON DC") prec=None serial=None
            Info ri=Some("RUEHAK") to=Some("AMEMBASSY ANKARA") prec=Some("PRIORITY") serial=Some("1615")
            Info ri=Some("RUEHBJ") to=Some("AMEMBASSY BEIJING") prec=Some("PRIORITY") serial=Some("1622")
            Info ri=Some("RUEHRL") to=Some("AMEMBASSY BERLIN") prec=Some("PRIORITY") serial=Some("1594")
            Info ri=Some("RUEHIL") to=Some("AMEMBASSY ISLAMABAD") prec=Some("PRIORITY") serial=Some("1592")
            Info ri=Some("RUEHBUL") to=Some("AMEMBASSY KABUL") prec=Some("PRIORITY") serial=Some("1547")
            Info ri=Some("RUEHLO") to=Some("AMEMBASSY LONDON") prec=Some("PRIORITY") serial=Some("1548")
            Info ri=Some("RUEHNE") to=Some("AMEMBASSY NEW DELHI") prec=Some("PRIORITY") serial=Some("1539")
            Info ri=Some("RUEHFR") to=Some("AMEMBASSY PARIS") prec=Some("PRIORITY") serial=Some("1419")
            Info ri=Some("RUEHKO") to=Some("AMEMBASSY TOKYO") prec=Some("PRIORITY") serial=Some("1365")
            Info ri=Some("RUEHBS") to=Some("USEU BRUSSELS") prec=Some("PRIORITY") serial=Some("0938")
            Info ri=Some("RUEHVEN") to=Some("USMISSION USOSCE") prec=Some("PRIORITY") serial=Some("1619")
            Info ri=Some("RUEHNO") to=Some("USMISSION USNATO") prec=Some("PRIORITY") serial=Some("1579")
            Info ri=Some("RUCNDT") to=Some("USMISSION USUN NEW YORK") prec=Some("PRIORITY") serial=Some("1151")
            Info ri=Some("RUEKJCS") to=Some("SECDEF WASHINGTON DC") prec=None serial=None
            Info ri=Some("RUEKJCS") to=Some("JOINT STAFF WASHDC") prec=None serial=None
            Info ri=Some("RHMFISS") to=Some("HQ USCENTCOM MACDILL AFB FL") prec=None serial=None
            Info ri=Some("RHMFISS") to=Some("HQ USEUCOM VAIHINGEN GE") prec=None serial=None
            Info ri=Some("RHMFISS") to=Some("HQ USSOCOM MACDILL AFB FL") prec=None serial=None
            Info ri=Some("RUEHDBU") to=Some("AMEMBASSY DUSHANBE") prec=None serial=Some("8701")
            banner Confidential section=Some((1, 3)) post=Some("DUSHANBE") serial=Some(862)
            SIPDIS x2, captions ["STATE FOR SCA/FO, SCA/CEN, SCA/RA, EUR/ACE, DRL"]
            E.O. Some("12958") decl=Some(Date(2016, 5, 10))
            TAGS ["PGOV", "PREL", "MARR", "KDEM", "IN", "TI"]
            SUBJECT SCA A/S BOUCHER, NSC MILLARD MEET FM NAZAROV, D…
            REF None "STATE 72746" -> Some("06STATE72746")
            CLASSIFIED BY Some("Richard E. Hoagland, Ambassador, EXEC, Embassy …")
            REASON Some("1.4") (bd)
            heading NAZAROV AGREES WITH U.S. ON SCO'S ROLE
            heading TAJIKISTAN BALANCES ITS SOUTH ASIAN POWER RELAT…
            heading NAZAROV REQUESTS DIPNOTE FROM GUATEMALA FOR UNS…
            heading DOMESTIC POLITICS
            ¶1 Pilcrow mark=Some("C") [¶1. (C) SUMMARY: Assistant Secretary of State f…]
            ¶2 Pilcrow mark=Some("C") [¶2. (C) The Assistant Secretary delivered refte…]
            ¶3 Pilcrow mark=Some("C") [¶3. (C) Tajikistan supports Afghanistan's obser…]
            ¶4 Pilcrow mark=Some("C") [¶4. (C) The Assistant Secretary requested Nazar…]
            ¶5 Pilcrow mark=Some("C") [¶5. (C) Nazarov stated India is only assisting …]
            ¶6 Pilcrow mark=Some("C") [¶6. (C) In efforts not to offend either country…]
            ¶7 Pilcrow mark=Some("C") [¶7. (C) Both Pakistan and India are important e…]
            ¶8 Pilcrow mark=Some("C") [¶8. (C) The Assistant Secretary sympathized wit…]
            ¶9 Pilcrow mark=Some("SBU") [¶9. SBU) The Assistant Secretary delivered the …]
            ¶10 Pilcrow mark=Some("C") [¶10. (C) The Assistant Secretary encouraged Taj…]
            ¶11 Pilcrow mark=Some("C") [¶11. (C) The Assistant Secretary commented to N…]
            ¶12 Pilcrow mark=Some("C") [¶12. (C) Nazarov noted that both OSCE and the U…]
            ¶13 Pilcrow mark=Some("C") [¶13. (C) The Assistant Secretary told Nazarov h…]
            ¶14 Pilcrow mark=Some("C") [¶14. (C) Nazarov seemed genuinely unaware of th…]
            ¶15 Pilcrow mark=Some("C") [¶15. (C) After the meeting, MFA Director for Eu…]
            ¶16 Pilcrow mark=Some("U") [¶16. (U) The Assistant Secretary did not have a…]
            page (2, 3)
            page (3, 3)
            Summary closed=true [SUMMARY: Assistant Secretary of State for South…]
            Note closed=true [(NOTE: This is the Kremlin's position that domi…]
            signature HOAGLAND"#]],
    );
}

#[test]
fn telegraphic_with_dashed_numbers() {
    check(
        "telegraphic-06MOSCOW5030.cable",
        expect![[r#"
        flavour Telegraphic, id Some(("06MOSCOW5030", Dtg))
        DE station=Some("RUEHMO") serial=Some(5030) section=None day=Some(132) time=Some((13, 5))
        ZN CCCCC Some(Confidential)
        DTG O day=12 13:05 month=Some(5) year=Some(6)
        FM AMEMBASSY MOSCOW
        To ri=Some("RUEHC") to=Some("SECSTATE WASHDC") prec=Some("IMMEDIATE") serial=Some("5697")
        Info ri=Some("RUEHDBU") to=Some("AMEMBASSY DUSHANBE") prec=Some("IMMEDIATE") serial=Some("0183")
        Info ri=Some("RUEHBJ") to=Some("AMEMBASSY BEIJING") prec=Some("PRIORITY") serial=Some("4026")
        Info ri=Some("RUEHTA") to=Some("AMEMBASSY ALMATY") prec=Some("PRIORITY") serial=Some("4026")
        Info ri=Some("RUEHNT") to=Some("AMEMBASSY TASHKENT") prec=Some("PRIORITY") serial=Some("4853")
        Info ri=Some("RUEHEK") to=Some("AMEMBASSY BISHKEK") prec=Some("PRIORITY") serial=Some("2506")
        Info ri=Some("RUEHAH") to=Some("AMEMBASSY ASHGABAT") prec=Some("PRIORITY") serial=Some("2008")
        banner Confidential section=None post=Some("MOSCOW") serial=Some(5030)
        SIPDIS x2, captions []
        E.O. Some("12958") decl=Some(Date(2016, 5, 12))
        TAGS ["PREL", "PGOV", "SNAR", "RS"]
        SUBJECT MOSCOW OPPOSES CENTRAL AND SOUTH ASIAN COUNTER-…
        REF None "STATE 76665" -> Some("06STATE76665")
        CLASSIFIED BY Some("Minister-Counselor for Political Affairs Kirk A…")
        REASON Some("1.4") (bd)
        ¶11 Dashed mark=Some("C") [- 11. (C) Poloff discussed reftel demarche poin…]
        ¶12 Dashed mark=Some("C") [- 12. (C) Asked why Moscow was opposed to the i…]
        ¶3 Latex mark=Some("C") [- $\P3$ . (C) COMMENT. Moscow has, as reftel no…]
        Note closed=false [(NOTE: We were unable to make this demarche to …]
        Comment closed=false [COMMENT. Moscow has, as reftel notes, expressed…]
        signature BURNS"#]],
    );
}

#[test]
fn partial_extract() {
    check(
        "extract-05DUSHANBE1839.cable",
        expect![[r#"
            flavour PartialExtract, id Some(("05DUSHANBE1839", DeclGuess))
            banner Confidential section=None post=Some("DUSHANBE") serial=Some(1839)
            SIPDIS x1, captions ["STATE FOR EUR/CACEN, EUR/RUS, SA, INR, EB", "NSC FOR MERKEL"]
            E.O. Some("12958") decl=Some(Date(2015, 11, 21))
            TAGS ["PGOV", "PREL", "PINR", "MARR", "EU", "RS", "UZ", "TI"]
            SUBJECT TAJIKISTAN NOT OVERLY PLEASED BY NEW RUSSIA-UZB…
            REF None "HILLMEYER E-MAIL DTD 11-18-05" -> None
            CLASSIFIED BY Some("Richard E. Hoagland, Ambassador, EXEC, Embassy …")
            REASON Some("1.4") (bd)
            heading EURASIAN ECONOMIC COMMUNITY
            heading EUROPEAN UNION SANCTIONS NOT SERIOUS
            ¶1 Plain mark=Some("C") [1. (C) SUMMARY: In a meeting with the Ambassado…]
            ¶2 Plain mark=Some("C") [2. (C) On November 21, Foreign Minister Talbak …]
            ¶3 Plain mark=Some("C") [3. (C) Nazarov judged the real problem for Taji…]
            ¶4 Plain mark=Some("C") [4. (C) Nazarov was less than pleased with the b…]
            ¶5 Plain mark=Some("C") [5. (C) In response to a question how Tajikistan…]
            ¶6 Plain mark=Some("C") [6. (C) Uzbekistan may eventually join the Colle…]
            ¶7 Plain mark=Some("C") [7. (C) Referring to the recent decision to fold…]
            ¶8 Plain mark=Some("C") [8. (C) Nazarov volunteered that the European Un…]
            ¶9 Plain mark=Some("C") [9. (C) COMMENT: Although philosophical and phle…]
            Summary closed=true [SUMMARY: In a meeting with the Ambassador, Fore…]
            Comment closed=true [COMMENT: Although philosophical and phlegmatic …]
            signature HOAGLAND"#]],
    );
}

#[test]
fn annotated() {
    check(
        "annotated-05DUSHANBE1921.cable",
        expect![[r#"
        flavour Annotated, id Some(("05DUSHANBE1921", DeclGuess))
        banner Secret section=None post=Some("DUSHANBE") serial=Some(1921)
        SIPDIS x1, captions ["STATE FOR P , [PER EUR/CACEN ] , [PER EUR/RUS ]…"]
        E.O. Some("12958") decl=Some(Date(2015, 12, 2))
        TAGS ["PREL", "PGOV", "PINR", "MARR", "RS", "TI"]
        SUBJECT MEETING ] WITH PRESIDENT RAHMONOV: HIS VIEWS ON…
        REF None "STATE 214783" -> Some("05STATE214783")
        CLASSIFIED BY Some("[PER Richard E. Hoagland ] , Ambassador , [ORG …")
        REASON Some("1.4") (bd)
        ¶1 Anchor mark=Some("C") [<a id='par1' href='#par1'>¶</a>1 . ( C ) The Am…]
        ¶2 Anchor mark=Some("S") [<a id='par2' href='#par2'>¶</a>2 . ( [ORG S ] )…]
        ¶3 Anchor mark=Some("S") [<a id='par3' href='#par3'>¶</a>3 . ( [ORG S ] )…]
        ¶4 Anchor mark=Some("C") [<a id='par4' href='#par4'>¶</a>4 . ( C ) [PER R…]
        ¶5 Anchor mark=Some("S") [<a id='par5' href='#par5'>¶</a>5 . ( [ORG S ] )…]
        ¶6 Anchor mark=Some("S") [<a id='par6' href='#par6'>¶</a>6 . ( [ORG S ] )…]
        ¶7 Anchor mark=Some("S") [<a id='par7' href='#par7'>¶</a>7 . ( [ORG S ] )…]
        ¶8 Anchor mark=Some("S") [<a id='par8' href='#par8'>¶</a>8 . ( [ORG S ] )…]
        ¶9 Anchor mark=Some("S") [<a id='par9' href='#par9'>¶</a>9 . ( [ORG S ] )…]
        Summary closed=true [SUMMARY: President [PER Rahmonov ] judges that …]
        Comment closed=true [COMMENT: [PER Rahmonov ] seldom misses a chance…]
        entities 109 (109 closed); first [PER EUR/CACEN ]
        signature HOAGLAND"#]],
    );
}

/// The REF items of a header, as `letter text → id`.
fn ref_items(header: &str) -> String {
    let text = format!("UNCLAS CAIRO 001114\n\nTAGS: PREL\n{header}\n\n1. (U) Text.\n");
    let cable = parse(&text);
    cable
        .refs
        .iter()
        .map(|r| {
            format!(
                "{} {} → {}",
                r.letter.as_ref().map_or('-', |l| l.value),
                short(&text, r.span),
                r.cable.as_ref().map_or("(not a cable)", |c| c.id.as_str())
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn ref_items_after_other_items_and_pilcrows() {
    // An item that is not a cable does not end the list, on its line or
    // on a line of its own.
    expect![[r#"
        A A. USNATO 300 → USNATO300
        B B. STATE 12 → STATE12
        C C. USNATO-EUR/RPM TELCON 7/27 → (not a cable)
        D D. USNATO 411 → USNATO411"#]]
    .assert_eq(&ref_items(
        "REF: A. USNATO 300 B. STATE 12 C. USNATO-EUR/RPM TELCON 7/27  D. USNATO 411",
    ));
    expect![[r#"
        A A. USNATO 300 → USNATO300
        B B. SCA DAS MOON/DONEGAN TELCON → (not a cable)
        C C. USNATO-EUR/RPM TELCON 7/27 → (not a cable)
        D D. USNATO 411 → USNATO411"#]]
    .assert_eq(&ref_items(
        "REF: A. USNATO 300\n     B. SCA DAS MOON/DONEGAN TELCON\n     C. USNATO-EUR/RPM TELCON 7/27\n     D. USNATO 411",
    ));
    // The publisher's pilcrow before a continuation's letter.
    expect![[r#"
        A A. CAIRO 478 → CAIRO478
        B ¶B. BRASILIA 1602 → BRASILIA1602
        C ¶C. CAIRO 458 → CAIRO458"#]]
    .assert_eq(&ref_items(
        "REF: A. CAIRO 478 \n     ¶B. BRASILIA 1602 \n     ¶C. CAIRO 458 ",
    ));
}
