//! Hover, outline, definition and references over small workspaces written
//! as fixtures (`//- name` starts a file, `$0` is the cursor).

mod common;

use cable_ls::ide::{FileView, Location, folding, hover, navigate, symbols};
use cable_ls::syntax::parse;
use cable_ls::workspace::{Index, summarize, summarize_named};
use common::Workspace;
use expect_test::{Expect, expect};

/// Runs `f` with the cursor file's view and the workspace index.
fn at<T>(fixture: &str, f: impl FnOnce(&FileView, &Index, usize) -> T) -> T {
    let ws = Workspace::parse(fixture);
    let index = ws.index();
    let (name, offset) = ws.cursor.clone();
    let text = ws.text(&name).to_string();
    let cable = parse(&text);
    let summary = summarize_named(Some(&name), &text, &cable);
    let doc = Workspace::doc(&name);
    let view = FileView {
        doc: &doc,
        text: &text,
        cable: &cable,
        summary: &summary,
    };
    f(&view, &index, offset)
}

fn check_hover(fixture: &str, expect: Expect) {
    let shown = at(fixture, |file, index, offset| {
        match hover::hover(file, index, offset) {
            Some(h) => format!("[{}]\n{}", h.span.text(file.text), h.markdown),
            None => "(no hover)".to_string(),
        }
    });
    expect.assert_eq(&shown);
}

/// Locations as `file:line:col text`, 1-based, in order.
fn show(ws: &Workspace, found: &[Location]) -> String {
    found
        .iter()
        .map(|l| {
            let name = l.doc.trim_start_matches("file:///ws/");
            let text = ws.text(name);
            let before = &text[..l.span.start];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            format!("{name}:{line}:{col} {}", l.span.text(text))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_references(fixture: &str, include_declaration: bool, expect: Expect) {
    let ws = Workspace::parse(fixture);
    let found = at(fixture, |file, index, offset| {
        navigate::references(file, index, offset, include_declaration)
    });
    expect.assert_eq(&show(&ws, &found));
}

fn check_definition(fixture: &str, expect: Expect) {
    let ws = Workspace::parse(fixture);
    let found = at(fixture, |file, index, offset| {
        navigate::definition(file, index, offset)
    });
    expect.assert_eq(&show(&ws, &found));
}

/// Three cables: Dushanbe 862 cites State 72746 and Moscow 5030 (not in
/// the workspace); State 72746 is cited by both others.
const WORKSPACE: &str = "//- dushanbe.cable
VZCZCXRO9482
OO RUEHDBU
DE RUEHDBU #0862/01 1301039
ZNY CCCCC ZZH
O P 101039Z MAY 06
FM AMEMBASSY DUSHANBE
TO RUEHC/SECSTATE WASHDC IMMEDIATE 7466
INFO RUEHMO/AMEMBASSY MOSCOW PRIORITY 1615

C O N F I D E N T I A L SECTION 01 OF 02 DUSHANBE 000862

E.O. 12958: DECL: 5/10/2016
TAGS: PGOV PREL TI
SUBJECT: BOUCHER MEETS FM NAZAROV
REF: A. STATE 72746 B. 05 MOSCOW 5030
CLASSIFIED BY: Richard E. Hoagland, Ambassador. REASON: 1.4 (b), (d)

¶1. (C) Boucher delivered the reftel demarche to Foreign Minister Talbak Nazarov. Nazarov agreed, as REF B predicted.

DOMESTIC POLITICS

¶2. (S) Nazarov's view of the election: fair. (NOTE: Karasin disagrees. END NOTE.)

HOAGLAND
//- state.cable
VZCZCXYZ0001
RR RUEHC
DE RUEHC #2746 1251200
ZNY UUUUU ZZH
R 051200Z MAY 06
FM SECSTATE WASHDC
TO RUEHDBU/AMEMBASSY DUSHANBE 0001

UNCLAS STATE 072746

E.O. 12958: N/A
TAGS: PREL KDEM
SUBJECT: DEMARCHE ON THE SHANGHAI COOPERATION ORGANIZATION

¶1. (U) Posts should raise the SCO with Nazarov and with Karasin.
RICE
//- annotated.cable
<code><pre>S E C R E T DUSHANBE 001921 SIPDIS EO 12958 DECL: 12/2/2016 TAGS PREL , TI SUBJECT: MEETING WITH [PER Rahmonov  ] REF: STATE 72746 <a id='par1' href='#par1'>¶</a>1 . 
( C ) The Ambassador met [PER Talbak Nazarov  ] and [PER Nazarov’s  ] deputy ( reftel ) .
";

/// The workspace with the cursor at `|` in the first occurrence of `marker`.
fn with_cursor(marker: &str) -> String {
    let plain = marker.replace('|', "");
    assert!(
        WORKSPACE.contains(&plain),
        "{plain:?} is not in the workspace"
    );
    WORKSPACE.replacen(&plain, &marker.replacen('|', "$0", 1), 1)
}

// ------------------------------------------------------------------ hover

#[test]
fn hover_tag() {
    check_hover(
        &with_cursor("TAGS: PGOV P|REL TI"),
        expect![[r#"
        [PREL]
        **PREL**

        External Political Relations — subject tag, Political Affairs

        Carried by 3 cables in the workspace."#]],
    );
    check_hover(
        &with_cursor("TAGS: PGOV PREL T|I"),
        expect![[r#"
        [TI]
        **TI**

        Tajikistan — geographic tag

        Carried by 2 cables in the workspace."#]],
    );
}

#[test]
fn hover_routing_indicator() {
    check_hover(
        &with_cursor("TO RUE|HC/SECSTATE"),
        expect![[r#"
        [RUEHC]
        **RUEHC** — routing indicator

        In this cable: **SECSTATE WASHDC**"#]],
    );
    // Only the workspace knows what RUEHDBU stands for here.
    check_hover(
        &with_cursor("OO RUEH|DBU"),
        expect![[r#"
        [RUEHDBU]
        **RUEHDBU** — routing indicator

        In the workspace: **AMEMBASSY DUSHANBE** (1 cable)"#]],
    );
    check_hover(
        "//- a.cable\nVZCZCXRO1\nRR RUEH|NE\n"
            .replace('|', "$0")
            .as_str(),
        expect![[r#"
            [RUEHNE]
            **RUEHNE** — routing indicator

            Built-in table: **AMEMBASSY NEW DELHI**"#]],
    );
}

#[test]
fn hover_dtg_and_de() {
    check_hover(
        &with_cursor("O P 1010|39Z MAY 06"),
        expect![[r#"
        [O P 101039Z MAY 06]
        **Date-time group**

        2006-05-10T10:39Z — day 130 of the year

        Precedence: O IMMEDIATE for action, P PRIORITY for information"#]],
    );
    check_hover(
        &with_cursor("DE RUEHDBU #08|62/01"),
        expect![[r#"
        [DE RUEHDBU #0862/01 1301039]
        **DE line** — the transmitting station

        Station: RUEHDBU (AMEMBASSY DUSHANBE)

        Serial: 862, section 1

        Day of the year: 130 (the date-time group's 2006-05-10 is day 130)

        Time: 10:39Z"#]],
    );
}

#[test]
fn hover_classifications() {
    check_hover(
        &with_cursor("ZNY CC|CCC ZZH"),
        expect![[r#"
        [ZNY CCCCC ZZH]
        **ZN classification line**

        **CONFIDENTIAL**

        Unauthorised disclosure could reasonably be expected to cause **damage** to national security."#]],
    );
    check_hover(
        &with_cursor("C O N F I D E N T I |A L SECTION"),
        expect![[r#"
        [C O N F I D E N T I A L]
        **CONFIDENTIAL**

        Unauthorised disclosure could reasonably be expected to cause **damage** to national security."#]],
    );
    check_hover(
        &with_cursor("¶2. (|S) Nazarov"),
        expect![[r#"
        [(S)]
        Portion mark `(S)` — **SECRET**

        Unauthorised disclosure could reasonably be expected to cause **serious damage** to national security."#]],
    );
}

#[test]
fn hover_eo_and_reason() {
    check_hover(
        &with_cursor("DECL: 5/10/2|016"),
        expect![[r#"
        [E.O. 12958: DECL: 5/10/2016]
        **E.O. line** — the classification authority

        Executive Order 12958 (1995, amended by E.O. 13292 in 2003; replaced by E.O. 13526 in 2009): classified national security information.

        Declassify on **2016-05-10**, 10.0 years after the cable's date 2006-05-10."#]],
    );
    check_hover(
        &with_cursor("1.4 (b), (|d)"),
        expect![[r#"
        [d]
        **Reason 1.4 (d)**: foreign relations or foreign activities of the United States, including confidential sources"#]],
    );
}

#[test]
fn hover_refs() {
    check_hover(
        &with_cursor("A. STATE 72|746"),
        expect![[r#"
        [A. STATE 72746]
        Cites **06STATE72746**

        DEMARCHE ON THE SHANGHAI COOPERATION ORGANIZATION

        2006-05-05 · STATE · UNCLASSIFIED"#]],
    );
    check_hover(
        &with_cursor("B. 05 MOSCOW 50|30"),
        expect![[r#"
        [B. 05 MOSCOW 5030]
        Cites **05MOSCOW5030**

        Not in the workspace."#]],
    );
    check_hover(
        &with_cursor("the ref|tel demarche"),
        expect![[r#"
        [reftel]
        Refers to **06STATE72746**

        DEMARCHE ON THE SHANGHAI COOPERATION ORGANIZATION

        2006-05-05 · STATE · UNCLASSIFIED

        ---

        Refers to **05MOSCOW5030**

        Not in the workspace."#]],
    );
}

#[test]
fn hover_own_id() {
    check_hover(
        &with_cursor("UNCLAS STATE 07|2746"),
        expect![[r#"
            [UNCLAS STATE 072746]
            **06STATE72746**

            2006-05-05 · STATE · UNCLASSIFIED

            Cited by 2 cables in the workspace."#]],
    );
}

#[test]
fn hover_names() {
    check_hover(
        &with_cursor("Foreign Minister Talbak Naz|arov."),
        expect![[r#"
            [Talbak Nazarov]
            **Talbak Nazarov**

            Normalised: `talbak nazarov`

            4 mentions in this cable; in 2 cables of the workspace.

            Tagged as PER."#]],
    );
    check_hover(
        &with_cursor("[PER Nazarov|’s  ]"),
        expect![[r#"
            [Nazarov’s]
            **Nazarov’s** (PER)

            Normalised: `nazarov`; here the surname of `talbak nazarov`

            2 mentions in this cable; in 2 cables of the workspace.

            Tagged as PER."#]],
    );
}

#[test]
fn hover_paragraph() {
    check_hover(
        &with_cursor("¶|2. (S)"),
        expect![[r#"
        [¶2.]
        **¶2** — paragraph 2 of 2

        Marked `(S)`: SECRET

        Section: DOMESTIC POLITICS"#]],
    );
}

// ------------------------------------------------------------ definition

#[test]
fn definition_of_refs() {
    check_definition(
        &with_cursor("A. STATE 7|2746"),
        expect!["state.cable:9:1 UNCLAS STATE 072746"],
    );
    // Not in the workspace: nothing for the REF item itself…
    check_definition(&with_cursor("B. 05 MOSCOW 5|030"), expect![""]);
    // …but `REF B` in the body leads to the REF line.
    check_definition(
        &with_cursor("as RE|F B predicted"),
        expect!["dushanbe.cable:15:21 B. 05 MOSCOW 5030"],
    );
    // A bare reftel points at every cited cable.
    check_definition(
        &with_cursor("the reft|el demarche"),
        expect![[r#"
        dushanbe.cable:15:21 B. 05 MOSCOW 5030
        state.cable:9:1 UNCLAS STATE 072746"#]],
    );
    check_definition(
        &with_cursor("deputy ( ref|tel )"),
        expect!["state.cable:9:1 UNCLAS STATE 072746"],
    );
}

// ------------------------------------------------------------ references

#[test]
fn references_to_a_cable() {
    let on_banner = with_cursor("UNCLAS STATE 0|72746");
    check_references(
        &on_banner,
        false,
        expect![[r#"
            annotated.cable:1:131 STATE 72746
            annotated.cable:2:80 reftel
            dushanbe.cable:15:6 A. STATE 72746
            dushanbe.cable:18:31 reftel"#]],
    );
    check_references(
        &on_banner,
        true,
        expect![[r#"
            annotated.cable:1:131 STATE 72746
            annotated.cable:2:80 reftel
            dushanbe.cable:15:6 A. STATE 72746
            dushanbe.cable:18:31 reftel
            state.cable:9:1 UNCLAS STATE 072746"#]],
    );
    // From a REF item: the cited cable and every citation.
    check_references(
        &with_cursor("A. STATE 727|46"),
        true,
        expect![[r#"
            annotated.cable:1:131 STATE 72746
            annotated.cable:2:80 reftel
            dushanbe.cable:15:6 A. STATE 72746
            dushanbe.cable:18:31 reftel
            state.cable:9:1 UNCLAS STATE 072746"#]],
    );
}

#[test]
fn references_to_a_name() {
    check_references(
        &with_cursor("Naz|arov's view"),
        false,
        expect![[r#"
            annotated.cable:2:31 Talbak Nazarov
            annotated.cable:2:58 Nazarov’s
            dushanbe.cable:14:27 NAZAROV
            dushanbe.cable:18:67 Talbak Nazarov
            dushanbe.cable:18:83 Nazarov
            dushanbe.cable:22:9 Nazarov's"#]],
    );
}

#[test]
fn references_up_to_a_limit_take_the_open_cable_first() {
    let fixture = with_cursor("Naz|arov's view");
    let ws = Workspace::parse(&fixture);
    let limited = |limit| {
        at(&fixture, |file, index, offset| {
            let (found, cut) = navigate::references_up_to(file, index, offset, false, limit);
            format!("{}\ncut: {cut}", show(&ws, &found))
        })
    };
    // The open cable's three, then the other files' until the limit.
    expect![[r#"
        dushanbe.cable:14:27 NAZAROV
        dushanbe.cable:18:67 Talbak Nazarov
        dushanbe.cable:18:83 Nazarov
        cut: true"#]]
    .assert_eq(&limited(3));
    expect![[r#"
        dushanbe.cable:14:27 NAZAROV
        dushanbe.cable:18:67 Talbak Nazarov
        dushanbe.cable:18:83 Nazarov
        dushanbe.cable:22:9 Nazarov's
        cut: true"#]]
    .assert_eq(&limited(4));
    // With room for all six, nothing is cut.
    expect![[r#"
        annotated.cable:2:31 Talbak Nazarov
        annotated.cable:2:58 Nazarov’s
        dushanbe.cable:14:27 NAZAROV
        dushanbe.cable:18:67 Talbak Nazarov
        dushanbe.cable:18:83 Nazarov
        dushanbe.cable:22:9 Nazarov's
        cut: false"#]]
    .assert_eq(&limited(6));
}

#[test]
fn references_to_a_tag() {
    check_references(
        &with_cursor("TAGS: PGOV PREL T|I"),
        false,
        expect![[r#"
        annotated.cable:1:84 TI
        dushanbe.cable:13:17 TI"#]],
    );
}

#[test]
fn highlights_in_the_open_cable() {
    let ws = Workspace::parse(&with_cursor("Minister Talbak Naz|arov"));
    let spans = at(
        &with_cursor("Minister Talbak Naz|arov"),
        |file, _, offset| navigate::highlights(file, offset),
    );
    let found: Vec<Location> = spans
        .into_iter()
        .map(|span| Location {
            doc: Workspace::doc("dushanbe.cable"),
            span,
        })
        .collect();
    expect![[r#"
        dushanbe.cable:14:27 NAZAROV
        dushanbe.cable:18:67 Talbak Nazarov
        dushanbe.cable:18:83 Nazarov
        dushanbe.cable:22:9 Nazarov's"#]]
    .assert_eq(&show(&ws, &found));
}

// ------------------------------------------------------- index upkeep

#[test]
fn index_follows_deletes_renames_and_edits() {
    let ws = Workspace::parse(&with_cursor("A. STATE 727|46"));
    let mut index = ws.index();
    let refs = |index: &Index| {
        let text = ws.text("dushanbe.cable");
        let cable = parse(text);
        let summary = summarize(text, &cable);
        let doc = Workspace::doc("dushanbe.cable");
        let view = FileView {
            doc: &doc,
            text,
            cable: &cable,
            summary: &summary,
        };
        show(&ws, &navigate::references(&view, index, ws.cursor.1, true))
    };
    // The annotated cable is deleted on disk.
    index.remove(&Workspace::doc("annotated.cable"), false);
    expect![[r#"
        dushanbe.cable:15:6 A. STATE 72746
        dushanbe.cable:18:31 reftel
        state.cable:9:1 UNCLAS STATE 072746"#]]
    .assert_eq(&refs(&index));
    // The cited cable is renamed: the same summary under a new key.
    let state = ws.text("state.cable");
    let summary = summarize(state, &parse(state));
    index.remove(&Workspace::doc("state.cable"), false);
    index.upsert(&Workspace::doc("renamed.cable"), summary, false);
    let found = navigate::definition(
        &FileView {
            doc: &Workspace::doc("dushanbe.cable"),
            text: ws.text("dushanbe.cable"),
            cable: &parse(ws.text("dushanbe.cable")),
            summary: &summarize(ws.text("dushanbe.cable"), &parse(ws.text("dushanbe.cable"))),
        },
        &index,
        ws.cursor.1,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].doc, Workspace::doc("renamed.cable"));
    // An edit in an open buffer adds a REF to the cable.
    let edited = state.replace("TAGS: PREL KDEM", "TAGS: PREL KDEM\nREF: STATE 72746");
    index.upsert(
        &Workspace::doc("renamed.cable"),
        summarize(&edited, &parse(&edited)),
        true,
    );
    assert_eq!(index.citing("06STATE72746").len(), 2);
}

// ---------------------------------------------------------------- outline

fn outline(symbols: &[symbols::Symbol], text: &str, depth: usize, out: &mut String) {
    for s in symbols {
        let detail = s
            .detail
            .as_deref()
            .map(|d| format!(" — {d}"))
            .unwrap_or_default();
        let selection: String = s.selection.text(text).chars().take(24).collect();
        out.push_str(&format!(
            "{}{:?} {}{detail} [{selection}]\n",
            "  ".repeat(depth),
            s.kind,
            s.name
        ));
        outline(&s.children, text, depth + 1, out);
    }
}

fn check_outline(example: &str, expect: Expect) {
    let (_, text) = common::example(example);
    let tree = symbols::document_symbols(&text, &parse(&text), None);
    let mut out = String::new();
    outline(&tree, &text, 0, &mut out);
    expect.assert_eq(&out);
}

#[test]
fn outline_of_each_example() {
    check_outline(
        "telegraphic-06DUSHANBE862.cable",
        expect![[r#"
        Cable 06DUSHANBE862 — SCA A/S BOUCHER, NSC MILLARD MEET FM NAZAROV, DISCUSS SCO, SOUTH ASIA, UNSC, ELE… [C O N F I D E N T I A L ]
          Field Transmission header — O P 101039Z MAY 06 [VZCZCXRO9482
        OO RUEHDBU
        ]
          Field C O N F I D E N T I A L SECTION 01 OF 03 DUSHANBE 000862 [C O N F I D E N T I A L ]
          Field E.O. — E.O. 12958: DECL: 5/10/2016 [E.O. 12958: DECL: 5/10/2]
          Field TAGS — PGOV PREL MARR KDEM IN TI [TAGS]
          Field SUBJECT — SCA A/S BOUCHER, NSC MILLARD MEET FM NAZAROV, DISCUSS SCO, SOUTH ASIA, UNSC, ELE… [SCA A/S BOUCHER, NSC MIL]
          Field REF — 1 item [STATE 72746]
            Reference REF — 06STATE72746 [STATE 72746]
          Field CLASSIFIED BY — Richard E. Hoagland, Ambassador, EXEC, Embassy Dushanbe. [CLASSIFIED BY: Richard E]
          Paragraph ¶1 (C) — SUMMARY: Assistant Secretary of State for South and Central… [¶1.]
            Block Summary — SUMMARY: Assistant Secretary of State for South and Central… [SUMMARY:]
          Section NAZAROV AGREES WITH U.S. ON SCO'S ROLE [NAZAROV AGREES WITH U.S.]
            Paragraph ¶2 (C) — The Assistant Secretary delivered reftel talking points to F… [¶2.]
            Paragraph ¶3 (C) — Tajikistan supports Afghanistan's observer status in SCO, Na… [¶3.]
            Paragraph ¶4 (C) — The Assistant Secretary requested Nazarov keep the United St… [¶4.]
          Section TAJIKISTAN BALANCES ITS SOUTH ASIAN POWER RELATIONS [TAJIKISTAN BALANCES ITS ]
            Paragraph ¶5 (C) — Nazarov stated India is only assisting to rebuild Tajikistan… [¶5.]
            Paragraph ¶6 (C) — In efforts not to offend either country or show favoritism,… [¶6.]
            Paragraph ¶7 (C) — Both Pakistan and India are important economically to Tajiki… [¶7.]
            Paragraph ¶8 (C) — The Assistant Secretary sympathized with Tajikistan and expl… [¶8.]
            Paragraph ¶9 (SBU) — The Assistant Secretary delivered the invitation to the Ista… [¶9.]
          Section NAZAROV REQUESTS DIPNOTE FROM GUATEMALA FOR UNSC VOTE [NAZAROV REQUESTS DIPNOTE]
            Paragraph ¶10 (C) — The Assistant Secretary encouraged Tajikistan to vote for Gu… [¶10.]
          Section DOMESTIC POLITICS [DOMESTIC POLITICS]
            Paragraph ¶11 (C) — The Assistant Secretary commented to Nazarov that democracy… [¶11.]
            Paragraph ¶12 (C) — Nazarov noted that both OSCE and the UN will soon send elect… [¶12.]
            Paragraph ¶13 (C) — The Assistant Secretary told Nazarov he was impressed nearly… [¶13.]
            Paragraph ¶14 (C) — Nazarov seemed genuinely unaware of the internews re-registr… [¶14.]
            Paragraph ¶15 (C) — After the meeting, MFA Director for Europe and the Americas… [¶15.]
              Block Note — (NOTE: This is the Kremlin's position that dominates Tajikis… [(NOTE:]
            Paragraph ¶16 (U) — The Assistant Secretary did not have an opportunity to clear… [¶16.]
    "#]],
    );
    check_outline(
        "annotated-05DUSHANBE1921.cable",
        expect![[r#"
        Cable 05DUSHANBE1921 — MEETING ] WITH PRESIDENT RAHMONOV: HIS VIEWS ON [LOC RUSSIA ] [S E C R E T DUSHANBE 001]
          Field S E C R E T DUSHANBE 001921 [S E C R E T DUSHANBE 001]
          Field E.O. — EO 12958 DECL: 12/2/2015 [EO 12958 DECL: 12/2/2015]
          Field TAGS — PREL PGOV PINR MARR RS TI [TAGS]
          Field SUBJECT — MEETING ] WITH PRESIDENT RAHMONOV: HIS VIEWS ON [LOC RUSSIA ] [MEETING  ] WITH PRESIDEN]
          Field REF — 1 item [STATE 214783]
            Reference REF — 05STATE214783 [STATE 214783]
          Field CLASSIFIED BY — [PER Richard E. Hoagland ] , Ambassador , [ORG EXEC ] , Emba… [CLASSIFIED BY: [PER Rich]
          Paragraph ¶1 (C) — The Ambassador met with President [PER Emomali Rahmonov ] on… [<a id='par1' href='#par1]
          Paragraph ¶2 (S) — SUMMARY: President [PER Rahmonov ] judges that new [MISC Rus… [<a id='par2' href='#par2]
            Block Summary — SUMMARY: President [PER Rahmonov ] judges that new [MISC Rus… [SUMMARY:]
          Paragraph ¶3 (S) — President [PER Rahmonov ] expressed gratitude for the [ORG S… [<a id='par3' href='#par3]
          Paragraph ¶4 (C) — [PER Rahmonov ] , abandoning his notes as he usually does ,… [<a id='par4' href='#par4]
          Paragraph ¶5 (S) — [PER Rahmonov ] added , “Actually , It’s the [MISC Russian ]… [<a id='par5' href='#par5]
          Paragraph ¶6 (S) — [PER Rahmonov ] said , “I want to tell you a secret why I in… [<a id='par6' href='#par6]
          Paragraph ¶7 (S) — Having warmed to this issue , [PER Rahmonov ] said , “This c… [<a id='par7' href='#par7]
          Paragraph ¶8 (S) — “And another thing , ” [PER Rahmonov ] continued heatedly ,… [<a id='par8' href='#par8]
          Paragraph ¶9 (S) — COMMENT: [PER Rahmonov ] seldom misses a chance in extended… [<a id='par9' href='#par9]
            Block Comment — COMMENT: [PER Rahmonov ] seldom misses a chance in extended… [COMMENT:]
    "#]],
    );
    check_outline(
        "extract-05DUSHANBE1839.cable",
        expect![[r#"
        Cable 05DUSHANBE1839 — TAJIKISTAN NOT OVERLY PLEASED BY NEW RUSSIA-UZBEKISTAN ALLIANCE [C O N F I D E N T I A L ]
          Field C O N F I D E N T I A L DUSHANBE 001839 [C O N F I D E N T I A L ]
          Field E.O. — E.O. 12958: DECL: 11/21/2015 [E.O. 12958: DECL: 11/21/]
          Field TAGS — PGOV PREL PINR MARR EU RS UZ TI [TAGS]
          Field SUBJECT — TAJIKISTAN NOT OVERLY PLEASED BY NEW RUSSIA-UZBEKISTAN ALLIANCE [TAJIKISTAN NOT OVERLY PL]
          Field REF — 1 item [HILLMEYER E-MAIL DTD 11-]
            Reference REF — HILLMEYER E-MAIL DTD 11-18-05 [HILLMEYER E-MAIL DTD 11-]
          Field CLASSIFIED BY — Richard E. Hoagland, Ambassador, EXEC, Embassy Dushanbe. [CLASSIFIED BY: Richard E]
          Paragraph ¶1 (C) — SUMMARY: In a meeting with the Ambassador, Foreign Minister… [1.]
            Block Summary — SUMMARY: In a meeting with the Ambassador, Foreign Minister… [SUMMARY:]
          Paragraph ¶2 (C) — On November 21, Foreign Minister Talbak Nazarov told the Amb… [2.]
          Paragraph ¶3 (C) — Nazarov judged the real problem for Tajikistan is such close… [3.]
          Paragraph ¶4 (C) — Nazarov was less than pleased with the briefing memo the Rus… [4.]
          Paragraph ¶5 (C) — In response to a question how Tajikistan would react to a ne… [5.]
          Paragraph ¶6 (C) — Uzbekistan may eventually join the Collective Security Treat… [6.]
          Section EURASIAN ECONOMIC COMMUNITY [EURASIAN ECONOMIC COMMUN]
            Paragraph ¶7 (C) — Referring to the recent decision to fold the Central Asia Co… [7.]
          Section EUROPEAN UNION SANCTIONS NOT SERIOUS [EUROPEAN UNION SANCTIONS]
            Paragraph ¶8 (C) — Nazarov volunteered that the European Union's list of 12 Uzb… [8.]
            Paragraph ¶9 (C) — COMMENT: Although philosophical and phlegmatic as always, Na… [9.]
              Block Comment — COMMENT: Although philosophical and phlegmatic as always, Na… [COMMENT:]
    "#]],
    );
    check_outline(
        "telegraphic-06MOSCOW5030.cable",
        expect![[r#"
        Cable 06MOSCOW5030 — MOSCOW OPPOSES CENTRAL AND SOUTH ASIAN COUNTER-NARCOTICS AND SECURITY CONFERENCE [C O N F I D E N T I A L ]
          Field Transmission header — O 121305Z MAY 06 [VZCZCXRO2761
        OO RUEHDBU
        ]
          Field C O N F I D E N T I A L MOSCOW 005030 [C O N F I D E N T I A L ]
          Field E.O. — E.O. 12958: DECL: 05/12/2016 [E.O. 12958: DECL: 05/12/]
          Field TAGS — PREL PGOV SNAR RS [TAGS]
          Field SUBJECT — MOSCOW OPPOSES CENTRAL AND SOUTH ASIAN COUNTER-NARCOTICS AND SECURITY CONFERENCE [MOSCOW OPPOSES CENTRAL A]
          Field REF — 1 item [STATE 76665]
            Reference REF — 06STATE76665 [STATE 76665]
          Field CLASSIFIED BY — Minister-Counselor for Political Affairs Kirk Augustine. [Classified By: Minister-]
          Paragraph ¶11 (C) — Poloff discussed reftel demarche points May 12 with Anatoliy… [- 11.]
            Block Note — (NOTE: We were unable to make this demarche to the MFA New T… [(NOTE:]
          Paragraph ¶12 (C) — Asked why Moscow was opposed to the initiative, Taksubayev s… [- 12.]
          Paragraph ¶3 (C) — COMMENT. Moscow has, as reftel notes, expressed to us on man… [- $\P3$ .]
            Block Comment — COMMENT. Moscow has, as reftel notes, expressed to us on man… [COMMENT.]
    "#]],
    );
    check_outline(
        "telegraphic-09DUSHANBE1151.cable",
        expect![[r#"
        Cable 09DUSHANBE1151 — RUSSIAN DEPUTY FOREIGN MINISTER ASKS ABOUT U.S. MILITARY IN TAJIKISTAN AND NORTH… [C O N F I D E N T I A L ]
          Field Transmission header — R 161223Z OCT 09 [VZCZCXRO1864
        RR RUEHDBU
        ]
          Field C O N F I D E N T I A L SECTION 01 OF 02 DUSHANBE 001151 [C O N F I D E N T I A L ]
          Field E.O. — E.O. 12958: DECL: 10/16/2019 [E.O. 12958: DECL: 10/16/]
          Field TAGS — PREL PHUM PGOV TI [TAGS]
          Field SUBJECT — RUSSIAN DEPUTY FOREIGN MINISTER ASKS ABOUT U.S. MILITARY IN TAJIKISTAN AND NORTH… [RUSSIAN DEPUTY FOREIGN M]
          Field CLASSIFIED BY — Ken Gross, Ambassador, EXEC, State. [CLASSIFIED BY: Ken Gross]
          Paragraph ¶1 (C) — Summary: Deputy Foreign Minister Grigory Karasin asked Ambas… [¶1.]
            Block Summary — Summary: Deputy Foreign Minister Grigory Karasin asked Ambas… [Summary:]
          Paragraph ¶2 (C) — Karasin, in Dushanbe for a meeting of Russian Ambassadors in… [¶2.]
          Paragraph ¶3 (C) — Karasin commented that the security situation in northern Af… [¶3.]
          Paragraph ¶4 (C) — Karasin said keeping Russian border guards or advisers "in w… [¶4.]
          Paragraph ¶15 (C) — Ambassador offered to give a briefing to Ambassador Popov on… [15.]
          Paragraph ¶16 (C) — Continuing, Karasin said the Russian Defense Minister would… [16.]
          Paragraph ¶17 (C) — Comment: There are various signs of trouble in the Tajik Rus… [17.]
            Block Comment — Comment: There are various signs of trouble in the Tajik Rus… [Comment:]
    "#]],
    );
}

// ---------------------------------------------------------------- folding

/// Each fold as the lines it covers (1-based, as editors number them) and
/// the opening of its first line.
fn check_folds(example: &str, expect: Expect) {
    let (_, text) = common::example(example);
    let line = |offset: usize| text[..offset].matches('\n').count() + 1;
    let mut out = String::new();
    for f in folding::folds(&text, &parse(&text)) {
        let (first, last) = (line(f.span.start), line(f.span.end));
        if first < last {
            let opening: String = f.span.text(&text).chars().take(30).collect();
            let opening = opening.lines().next().unwrap_or("");
            out.push_str(&format!("{:?} {first}-{last}: {opening}\n", f.kind));
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn folds_of_each_flavour() {
    check_folds(
        "telegraphic-06DUSHANBE862.cable",
        expect![[r#"
        Header 3-32: VZCZCXRO9482
        Region 9-10: RUEHC/SECSTATE WASHDC IMMEDIAT
        Region 11-32: RUCNCIS/CIS COLLECTIVE
        Region 34-52: C O N F I D E N T I A L SECTIO
        Region 56-64: NAZAROV AGREES WITH U.S. ON SC
        Region 58-60: ¶2. (C) The Assistant Secretar
        Region 66-80: TAJIKISTAN BALANCES ITS SOUTH 
        Region 68-72: ¶5. (C) Nazarov stated India i
        Region 82-86: NAZAROV REQUESTS DIPNOTE FROM 
        Region 84-86: ¶10. (C) The Assistant Secreta
        Region 88-104: DOMESTIC POLITICS
        Region 92-96: ¶12. (C) Nazarov noted that bo
    "#]],
    );
    check_folds(
        "annotated-05DUSHANBE1921.cable",
        expect![[r#"
        Region 1-2: S E C R E T DUSHANBE 001921 SI
        Region 2-6: <a id='par1' href='#par1'>¶</a
        Region 6-9: <a id='par2' href='#par2'>¶</a
        Region 7-9: SUMMARY: President [PER Rahmon
        Region 9-13: <a id='par3' href='#par3'>¶</a
        Region 13-22: <a id='par4' href='#par4'>¶</a
        Region 22-25: <a id='par5' href='#par5'>¶</a
        Region 25-35: <a id='par6' href='#par6'>¶</a
        Region 35-40: <a id='par7' href='#par7'>¶</a
        Region 40-45: <a id='par8' href='#par8'>¶</a
        Region 45-52: <a id='par9' href='#par9'>¶</a
        Comment 46-51: COMMENT: [PER Rahmonov  ] seld
    "#]],
    );
    check_folds(
        "extract-05DUSHANBE1839.cable",
        expect![[r#"
        Region 5-22: C O N F I D E N T I A L DUSHAN
        Region 36-38: EURASIAN ECONOMIC COMMUNITY
        Region 40-50: EUROPEAN UNION SANCTIONS NOT S
        Region 42-44: 8. (C) Nazarov volunteered tha
        Region 46-50: 9. (C) COMMENT: Although philo
        Comment 46-50: COMMENT: Although philosophica
    "#]],
    );
}

#[test]
fn workspace_symbols_find_cables_and_names() {
    let ws = Workspace::parse(WORKSPACE);
    let index = ws.index();
    let names = |q: &str| {
        symbols::workspace_symbols(&index, q)
            .into_iter()
            .map(|s| format!("{:?} {}", s.kind, s.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    expect!["Cable 06STATE72746"].assert_eq(&names("06state"));
    expect!["Cable 06STATE72746"].assert_eq(&names("shanghai cooperation"));
    // Words match subject words by prefix, in any order, all of them.
    expect!["Cable 06STATE72746"].assert_eq(&names("coop SHANG"));
    expect![""].assert_eq(&names("shanghai nazarov-free"));
    expect!["Cable 06DUSHANBE862, Name Nazarov, Name Nazarov, Name Nazarov"]
        .assert_eq(&names("nazarov"));
}

/// Cables named by their canonical ids, as Cablegate names them: a partial
/// extract without a date-time group, a cable whose date-time group gives
/// a wrong year, and one that cites both without writing years.
const NAMED: &str = "//- 05BRASILIA1682.txt
UNCLAS SECTION 01 OF 03 BRASILIA 001682

SUBJECT: BRAZIL: ETHANOL TALKS

¶1. (U) Text.
//- 04MADRID4887.txt
R 221000Z DEC 44
FM AMEMBASSY MADRID
TO SECSTATE WASHDC

CONFIDENTIAL MADRID 004887

SUBJECT: SPAIN: A SUBJECT

¶1. (C) Text.
//- 05BRASILIA1700.txt
R 101000Z JUL 05
FM AMEMBASSY BRASILIA
TO SECSTATE WASHDC

UNCLAS BRASILIA 001700

SUBJECT: FOLLOW-UP
REF: A. BRASILIA 1682 B. 04 MADRID 4887

¶1. (U) As reftel said.
";

fn named_with_cursor(marker: &str) -> String {
    let plain = marker.replace('|', "");
    assert!(NAMED.contains(&plain), "{plain:?} is not in the fixture");
    NAMED.replacen(&plain, &marker.replacen('|', "$0", 1), 1)
}

#[test]
fn ids_come_from_canonical_file_names() {
    // A REF without a year reaches the extract that has no date-time group.
    check_definition(
        &named_with_cursor("A. BRASILIA 16|82"),
        expect!["05BRASILIA1682.txt:1:1 UNCLAS SECTION 01 OF 03 BRASILIA 001682"],
    );
    check_definition(
        &named_with_cursor("B. 04 MADRID 48|87"),
        expect!["04MADRID4887.txt:5:1 CONFIDENTIAL MADRID 004887"],
    );
    check_hover(
        &named_with_cursor("CONFIDENTIAL MADRID 0048|87"),
        expect![[r#"
            [CONFIDENTIAL MADRID 004887]
            **04MADRID4887**

            The id is the file's name; the text reads **44MADRID4887**, which disagrees.

            2044-12-22 · MADRID · CONFIDENTIAL

            Cited by 1 cable in the workspace."#]],
    );
    check_hover(
        &named_with_cursor("UNCLAS SECTION 01 OF 03 BRASILIA 0016|82"),
        expect![[r#"
            [UNCLAS SECTION 01 OF 03 BRASILIA 001682]
            **05BRASILIA1682**

            The id is the file's name: the text gives no complete id (no date-time group year, post or serial).

            BRASILIA · UNCLASSIFIED

            Cited by 1 cable in the workspace."#]],
    );
    check_hover(
        &named_with_cursor("A. BRASILIA 16|82"),
        expect![[r#"
            [A. BRASILIA 1682]
            Cites **05BRASILIA1682**

            BRAZIL: ETHANOL TALKS

            BRASILIA · UNCLASSIFIED"#]],
    );
}

#[test]
fn the_outline_names_a_cable_by_its_canonical_id() {
    let root = |marker: &str| {
        at(&named_with_cursor(marker), |file, _, _| {
            let tree = symbols::document_symbols(file.text, file.cable, file.summary.id.as_deref());
            tree.first().map(|s| s.name.clone())
        })
    };
    // The text reads 44MADRID4887; the file is 04MADRID4887.
    assert_eq!(
        root("CONFIDENTIAL MADRID 0048|87").as_deref(),
        Some("04MADRID4887")
    );
    // An extract whose text gives no id.
    assert_eq!(
        root("UNCLAS SECTION 01 OF 03 BRASILIA 0016|82").as_deref(),
        Some("05BRASILIA1682")
    );
}

#[test]
fn workspace_symbols_take_ids_as_ref_lines_write_them() {
    let mut fixture = NAMED.to_string();
    for (id, post, serial) in [
        ("09MOSCOW1051", "MOSCOW", "1051"),
        ("09MOSCOW105", "MOSCOW", "105"),
        ("07ISLAMABAD1852", "ISLAMABAD", "1852"),
        ("08CAIRO47", "CAIRO", "47"),
        ("09NEWDELHI42", "NEW DELHI", "42"),
    ] {
        fixture.push_str(&format!(
            "//- {id}.txt\nUNCLAS {post} {serial:0>6}\n\nSUBJECT: CABLE {serial}\n"
        ));
    }
    let ws = Workspace::parse(&fixture);
    let index = ws.index();
    let first = |q: &str| {
        symbols::workspace_symbols(&index, q)
            .into_iter()
            .map(|s| s.name)
            .take(2)
            .collect::<Vec<_>>()
            .join(", ")
    };
    // The exact id before the longer one it starts.
    expect!["09MOSCOW105, 09MOSCOW1051"].assert_eq(&first("09MOSCOW105"));
    expect!["09MOSCOW105, 09MOSCOW1051"].assert_eq(&first("09moscow105"));
    expect!["09MOSCOW105"].assert_eq(&first("MOSCOW 105"));
    expect!["08CAIRO47"].assert_eq(&first("CAIRO47"));
    expect!["07ISLAMABAD1852"].assert_eq(&first("07 ISLAMABAD 1852"));
    expect!["07ISLAMABAD1852"].assert_eq(&first("2007 ISLAMABAD 001852"));
    expect!["09NEWDELHI42"].assert_eq(&first("NEW DELHI 0042"));
    expect!["05BRASILIA1682"].assert_eq(&first("BRASILIA 1682"));
    expect![""].assert_eq(&first("06 MOSCOW 105"));
}

#[test]
fn workspace_symbols_say_when_the_limit_cut_them() {
    let mut fixture = String::new();
    for serial in 1..=300 {
        fixture.push_str(&format!(
            "//- 09MOSCOW{serial}.txt\nUNCLAS MOSCOW {serial:0>6}\n\nSUBJECT: TALKS\n"
        ));
    }
    let index = Workspace::parse(&fixture).index();
    let found = symbols::workspace_symbols(&index, "talks");
    assert_eq!(found.len(), symbols::WORKSPACE_SYMBOL_LIMIT + 1);
    expect!["… more than 256 results: type more of the id or name"]
        .assert_eq(&found.last().unwrap().name);
    let few = symbols::workspace_symbols(&index, "09MOSCOW29");
    // 09MOSCOW29 and 290-299: no word.
    assert_eq!(few.len(), 11);
}

#[test]
fn body_references_in_their_forms() {
    let fixture = "//- a.cable
R 101000Z JUL 05
FM AMEMBASSY BRASILIA

UNCLAS BRASILIA 001700

REF: A. BRASILIA 1682 B. STATE 12

¶1. (U) As reported (ref b), and per ref B, and see (REF A).
//- b.cable
R 101000Z JUL 05
FM AMEMBASSY BRASILIA

UNCLAS BRASILIA 001701

REF: BRASILIA 1682, STATE 12

¶1. (U) Per ref B and reftel, ref a cable came.
//- c.cable
R 051200Z JUL 05
FM SECSTATE WASHDC

UNCLAS STATE 000012

¶1. (U) Text.
";
    let cursor = |marker: &str, nth: usize| {
        let plain = marker.replace('|', "");
        let at = fixture.match_indices(&plain).nth(nth).expect("marker").0;
        format!(
            "{}{}{}",
            &fixture[..at],
            marker.replacen('|', "$0", 1),
            &fixture[at + plain.len()..]
        )
    };
    check_definition(
        &cursor("(re|f b)", 0),
        expect!["c.cable:4:1 UNCLAS STATE 000012"],
    );
    check_definition(
        &cursor("per ref |B", 0),
        expect!["c.cable:4:1 UNCLAS STATE 000012"],
    );
    // In a list without letters, B is the second cable.
    check_definition(
        &cursor("Per ref |B", 0),
        expect!["c.cable:4:1 UNCLAS STATE 000012"],
    );
    // An article after `ref` is not a letter.
    check_definition(&cursor("ref |a cable", 0), expect![""]);
    // The cited cable's references include the body's.
    check_references(
        &cursor("UNCLAS STATE 0000|12", 0),
        false,
        expect![[r#"
            a.cable:6:23 B. STATE 12
            a.cable:8:22 ref b
            a.cable:8:38 ref B
            b.cable:6:21 STATE 12
            b.cable:8:13 ref B
            b.cable:8:23 reftel"#]],
    );
}
