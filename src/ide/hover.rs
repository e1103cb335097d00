//! Hover: the jargon under the cursor, decoded in a few lines of Markdown.

use super::FileView;
use super::name_search::NameSearch;
use super::target::{Target, body_ref_items, target_at};
use crate::reference::{self, TagKind};
use crate::semantics::names::EntityKind;
use crate::syntax::date::{day_of_year, days_from_epoch, full_year};
use crate::syntax::{Cable, Decl, Level, Span, mark_level};
use crate::workspace::identity::IdSource;
use crate::workspace::{Index, MentionRef, Summary};

/// A hover: Markdown and the range it describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The text.
    pub markdown: String,
    /// The element hovered.
    pub span: Span,
}

/// The hover at `offset`.
pub fn hover(file: &FileView, index: &Index, offset: usize) -> Option<Hover> {
    let target = target_at(file.text, file.cable, file.summary, offset)?;
    let markdown = match &target {
        Target::Tag { code, .. } => tag(code, index),
        Target::Routing { ri, addressee, .. } => routing(ri, addressee.as_deref(), index),
        Target::Dtg(_) => dtg(file.cable)?,
        Target::De(_) => de(file, index)?,
        Target::Zn(_) => zn(file.cable)?,
        Target::Classification { level, .. } => classification(*level, None),
        Target::Mark { paragraph } => {
            let mark = file.cable.paragraphs[*paragraph].mark.as_ref()?;
            mark_text(&mark.text, mark.level)
        }
        Target::Eo(_) => eo(file.cable)?,
        Target::Reason { letter, .. } => format!("**Reason 1.4 ({letter})**: {}", reason(*letter)),
        Target::Ref { index: i } => match file.cited(*i) {
            Some(id) => cable_card(id, index, "Cites"),
            None => "**Reference** to something other than a cable (a memo, e-mail or telcon)."
                .to_string(),
        },
        Target::BodyRef { letter, .. } => {
            let items = body_ref_items(file.cable, *letter);
            if items.is_empty() {
                return None;
            }
            items
                .iter()
                .filter_map(|&i| file.cited(i))
                .map(|id| cable_card(id, index, "Refers to"))
                .collect::<Vec<_>>()
                .join("\n\n---\n\n")
        }
        Target::OwnId(_) => own_id(file, index)?,
        Target::Name(m) => name(file, index, m),
        Target::Paragraph { index: i } => paragraph(file, *i),
    };
    Some(Hover {
        markdown,
        span: target.span(file.cable),
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn tag(code: &str, index: &Index) -> String {
    let rows = reference::tag(code);
    let carried = plural(index.tagged(code).len(), "cable", "cables");
    let mut out = format!("**{code}**");
    if rows.is_empty() {
        out.push_str(" — not in the TAGS table");
        if code.len() == 4 {
            let area = category(code);
            out.push_str(&format!(" ({area} subject area by its first letter)"));
        }
    }
    for row in rows {
        let kind = match row.kind {
            TagKind::Subject => format!("subject tag, {}", category(code)),
            TagKind::Program => "program tag".to_string(),
            TagKind::Geographic => "geographic tag".to_string(),
            TagKind::Organization => "organisation tag".to_string(),
        };
        let meaning = if row.meaning.is_empty() {
            "meaning not established"
        } else {
            row.meaning
        };
        out.push_str(&format!("\n\n{meaning} — {kind}"));
    }
    out.push_str(&format!("\n\nCarried by {carried} in the workspace."));
    out
}

/// The subject area a four-letter tag's first letter names (5 FAH-3 H-110).
fn category(code: &str) -> &'static str {
    match code.chars().next() {
        Some('A') => "Administrative Affairs",
        Some('B') => "Business Services",
        Some('C') => "Consular Affairs",
        Some('E') => "Economic Affairs",
        Some('K') => "program",
        Some('L') => "Legal",
        Some('M') => "Military and Defense Affairs",
        Some('O') => "Outreach",
        Some('P') => "Political Affairs",
        Some('S') => "Social",
        Some('T') => "Technology",
        _ => "unknown",
    }
}

fn routing(ri: &str, here: Option<&str>, index: &Index) -> String {
    let mut out = format!("**{ri}** — routing indicator");
    if let Some(a) = here {
        out.push_str(&format!("\n\nIn this cable: **{a}**"));
    } else if let Some((a, n)) = index.addressee(ri) {
        out.push_str(&format!(
            "\n\nIn the workspace: **{a}** ({})",
            plural(n as usize, "cable", "cables")
        ));
    } else if let Some(a) = reference::routing_addressees(ri).first() {
        out.push_str(&format!("\n\nBuilt-in table: **{a}**"));
    } else {
        out.push_str("\n\nNot in the built-in table.");
    }
    out
}

fn precedence(letter: char) -> &'static str {
    match letter {
        'Z' => "FLASH",
        'O' => "IMMEDIATE",
        'P' => "PRIORITY",
        'R' => "ROUTINE",
        _ => "unknown",
    }
}

fn dtg(cable: &Cable) -> Option<String> {
    let d = cable.transmission.as_ref()?.dtg.as_ref()?;
    let mut out = "**Date-time group**".to_string();
    match (d.month.value, d.year.value) {
        (Some(m), Some(y)) => {
            let year = full_year(y);
            out.push_str(&format!(
                "\n\n{year:04}-{m:02}-{:02}T{:02}:{:02}Z",
                d.day.value, d.hour.value, d.minute.value
            ));
            if let Some(doy) = day_of_year(year, m, d.day.value) {
                out.push_str(&format!(" — day {doy:03} of the year"));
            } else {
                out.push_str(" — not a valid date");
            }
        }
        _ => out.push_str("\n\nThe month or year cannot be read."),
    }
    let names: Vec<String> = d
        .precedence
        .iter()
        .map(|p| format!("{} {}", p.value, precedence(p.value)))
        .collect();
    match names.as_slice() {
        [one] => out.push_str(&format!("\n\nPrecedence: {one}")),
        [action, info] => out.push_str(&format!(
            "\n\nPrecedence: {action} for action, {info} for information"
        )),
        _ => {}
    }
    Some(out)
}

fn de(file: &FileView, index: &Index) -> Option<String> {
    let t = file.cable.transmission.as_ref()?;
    let de = t.de.as_ref()?;
    let mut out = "**DE line** — the transmitting station".to_string();
    if let Some(s) = de.station {
        let ri = s.text(file.text);
        let name = index.addressee(ri).map(|(a, _)| a.to_string()).or_else(|| {
            reference::routing_addressees(ri)
                .first()
                .map(|a| a.to_string())
        });
        out.push_str(&format!(
            "\n\nStation: {ri}{}",
            name.map(|n| format!(" ({n})")).unwrap_or_default()
        ));
    }
    if let Some(serial) = &de.serial {
        out.push_str(&format!("\n\nSerial: {}", serial.value));
        if let Some(section) = &de.section {
            out.push_str(&format!(", section {}", section.value));
        }
    }
    if let Some(day) = &de.day_of_year {
        out.push_str(&format!("\n\nDay of the year: {:03}", day.value));
        if let Some((y, m, d)) = crate::semantics::cable_date(file.cable) {
            out.push_str(&format!(
                " (the date-time group's {y:04}-{m:02}-{d:02} is day {:03})",
                day_of_year(y, m, d).unwrap_or(0)
            ));
        }
    }
    if let Some(time) = &de.time {
        out.push_str(&format!(
            "\n\nTime: {:02}:{:02}Z",
            time.value.0, time.value.1
        ));
    }
    Some(out)
}

fn zn(cable: &Cable) -> Option<String> {
    let zn = cable.transmission.as_ref()?.zn.as_ref()?;
    Some(match zn.level {
        Some(level) => format!("**ZN classification line**\n\n{}", classification(level, None)),
        None => "**ZN classification line** — the classification group is not one of UUUUU, EEEEE, CCCCC, SSSSS, TTTTT.".to_string(),
    })
}

/// What a level means, with an optional caveat line.
fn classification(level: Level, caveats: Option<&str>) -> String {
    let meaning = match level {
        Level::Unclassified => "Not classified; may still carry handling caveats.",
        Level::Sensitive => {
            "Unclassified but sensitive (SBU, LOU, FOUO or EFTO): not for public release."
        }
        Level::Confidential => {
            "Unauthorised disclosure could reasonably be expected to cause **damage** to national security."
        }
        Level::Secret => {
            "Unauthorised disclosure could reasonably be expected to cause **serious damage** to national security."
        }
        Level::TopSecret => {
            "Unauthorised disclosure could reasonably be expected to cause **exceptionally grave damage** to national security."
        }
    };
    let mut out = format!("**{}**\n\n{meaning}", level.name());
    if let Some(c) = caveats {
        out.push_str(&format!("\n\n{c}"));
    }
    out
}

fn mark_text(text: &str, level: Option<Level>) -> String {
    let caveats: Vec<String> = text
        .split(['/', ','])
        .skip(1)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| match c.split_whitespace().next().unwrap_or(c) {
            "NF" | "NOFORN" => "NF: not releasable to foreign nationals".to_string(),
            "REL" => format!("{c}: releasable to the countries named"),
            "FOUO" => "FOUO: for official use only".to_string(),
            "ORCON" | "OC" => "ORCON: dissemination controlled by the originator".to_string(),
            "PROPIN" | "PR" => "PROPIN: proprietary information".to_string(),
            other => format!("{other}: caveat"),
        })
        .collect();
    let caveats = (!caveats.is_empty()).then(|| caveats.join("; "));
    match level.or_else(|| mark_level(text)) {
        Some(level) => format!(
            "Portion mark `({text})` — {}",
            classification(level, caveats.as_deref())
        ),
        None => format!("Portion mark `({text})` — not a known marking."),
    }
}

fn eo(cable: &Cable) -> Option<String> {
    let eo = cable.eo.as_ref()?;
    let mut out = "**E.O. line** — the classification authority".to_string();
    out.push_str("\n\nExecutive Order 12958 (1995, amended by E.O. 13292 in 2003; replaced by E.O. 13526 in 2009): classified national security information.");
    if let Some(decl) = &eo.decl {
        match decl.value {
            Decl::Date(y, m, d) => {
                out.push_str(&format!("\n\nDeclassify on **{y:04}-{m:02}-{d:02}**"));
                if let Some((cy, cm, cd)) = crate::semantics::cable_date(cable) {
                    let days = days_from_epoch(y, m, d) - days_from_epoch(cy, cm, cd);
                    let years = days as f64 / 365.25;
                    out.push_str(&format!(", {years:.1} years after the cable's date {cy:04}-{cm:02}-{cd:02}"));
                }
                out.push('.');
            }
            Decl::NotApplicable => out.push_str("\n\nDeclassification: N/A (the cable is unclassified)."),
            Decl::Exemption => out.push_str("\n\nDeclassification: exempted from automatic declassification (e.g. `1.6X6`, `OADR`)."),
            Decl::Event => out.push_str("\n\nDeclassification: on an event, as written."),
            Decl::CutShort => out.push_str("\n\nDeclassification: cut short in this copy (a preview ending in `...`)."),
            Decl::Unparsed => out.push_str("\n\nThe declassification instruction cannot be read."),
        }
    }
    Some(out)
}

/// The meaning of a reason letter under section 1.4 of E.O. 12958.
pub fn reason(letter: char) -> &'static str {
    match letter {
        'a' => "military plans, weapons systems, or operations",
        'b' => "foreign government information",
        'c' => {
            "intelligence activities (including covert action), intelligence sources or methods, or cryptology"
        }
        'd' => {
            "foreign relations or foreign activities of the United States, including confidential sources"
        }
        'e' => "scientific, technological, or economic matters relating to national security",
        'f' => "United States Government programs for safeguarding nuclear materials or facilities",
        'g' => {
            "vulnerabilities or capabilities of systems, installations, infrastructures, projects, plans, or protection services relating to national security"
        }
        'h' => "weapons of mass destruction",
        _ => "not a reason listed in section 1.4 (a)-(h)",
    }
}

/// A paragraph with a cable's date, origin and classification, or
/// nothing when none is known.
fn facts(s: &Summary) -> String {
    let mut facts = Vec::new();
    if let Some((y, m, d)) = s.date {
        facts.push(format!("{y:04}-{m:02}-{d:02}"));
    }
    if let Some(o) = &s.origin {
        facts.push(o.clone());
    }
    if let Some(c) = s.classification {
        facts.push(c.name().to_string());
    }
    if facts.is_empty() {
        String::new()
    } else {
        format!("\n\n{}", facts.join(" · "))
    }
}

/// A cited cable: its id and, when in the workspace, what it is.
fn cable_card(id: &str, index: &Index, verb: &str) -> String {
    let mut out = format!("{verb} **{id}**");
    match index.with_id(id).first().and_then(|&f| index.entry(f)) {
        Some(entry) => {
            let s = &entry.summary;
            if let Some(subject) = &s.subject {
                out.push_str(&format!("\n\n{subject}"));
            }
            out.push_str(&facts(s));
        }
        None => out.push_str("\n\nNot in the workspace."),
    }
    out
}

fn own_id(file: &FileView, index: &Index) -> Option<String> {
    let s = file.summary;
    let id = s.id.as_deref()?;
    let mut out = format!("**{id}**");
    match &s.id_source {
        IdSource::Text => {}
        IdSource::Name => out.push_str("\n\nThe id is the file's name: the text gives no complete id (no date-time group year, post or serial)."),
        IdSource::NameDiffers(text) => out.push_str(&format!(
            "\n\nThe id is the file's name; the text reads **{text}**, which disagrees."
        )),
    }
    out.push_str(&facts(s));
    let citing = index
        .citing(id)
        .iter()
        .filter(|&&f| index.entry(f).is_some_and(|e| e.doc != file.doc))
        .count();
    out.push_str(&format!(
        "\n\nCited by {} in the workspace.",
        plural(citing, "cable", "cables")
    ));
    Some(out)
}

fn name(file: &FileView, index: &Index, m: &crate::semantics::names::Mention) -> String {
    let search = NameSearch::for_mention(m, &file.summary.mentions);
    let here = search.in_cable(&file.summary.mentions);
    let kind = |x: &MentionRef| x.kind.map(EntityKind::as_str);
    let mut kinds: Vec<&str> = here.iter().filter_map(kind).collect();
    let mut cables = usize::from(!here.is_empty());
    for f in search.files(index) {
        if let Some(e) = index.entry(f).filter(|e| e.doc != file.doc) {
            let there = search.in_cable(&e.summary.mentions);
            cables += usize::from(!there.is_empty());
            kinds.extend(there.iter().filter_map(kind));
        }
    }
    kinds.sort_unstable();
    kinds.dedup();
    let title = m
        .span
        .text(file.text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = format!("**{title}**");
    if let Some(k) = m.kind {
        out.push_str(&format!(" ({})", k.as_str()));
    }
    out.push_str(&format!("\n\nNormalised: `{}`", m.key));
    if search.full.as_deref().is_some_and(|f| f != m.key) {
        out.push_str(&format!("; here the surname of `{}`", search.key()));
    }
    out.push_str(&format!(
        "\n\n{} in this cable; in {} of the workspace.",
        plural(here.len(), "mention", "mentions"),
        plural(cables.max(1), "cable", "cables")
    ));
    if !kinds.is_empty() {
        out.push_str(&format!("\n\nTagged as {}.", kinds.join(", ")));
    }
    out
}

fn paragraph(file: &FileView, i: usize) -> String {
    let cable = file.cable;
    let p = &cable.paragraphs[i];
    let mut out = format!(
        "**¶{}** — paragraph {} of {}",
        p.label(),
        i + 1,
        cable.paragraphs.len()
    );
    if let Some(mark) = &p.mark {
        let level = mark
            .level
            .map_or("an unknown marking".to_string(), |l| l.name().to_string());
        out.push_str(&format!("\n\nMarked `({})`: {level}", mark.text));
    } else {
        out.push_str("\n\nNo portion mark.");
    }
    if let Some(h) = cable.headings.iter().rev().find(|h| h.end <= p.span.start) {
        out.push_str(&format!("\n\nSection: {}", h.text(file.text).trim()));
    }
    out
}
