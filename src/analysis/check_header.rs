//! Checks of the transmission header and the cable header.

use super::check_file::first_line;
use super::diagnostic::{Code, Diagnostic};
use super::tag_suggest::suggest;
use crate::reference;
use crate::semantics::cable_date;
use crate::syntax::date::{day_of_year, days_from_epoch, days_in_month, full_year};
use crate::syntax::{Cable, Decl, Dtg, Span, Transmission};

/// Runs every header check.
pub fn check(text: &str, cable: &Cable, out: &mut Vec<Diagnostic>) {
    missing_fields(text, cable, out);
    if let Some(t) = &cable.transmission {
        if let Some(dtg) = &t.dtg {
            dtg_fields(dtg, out);
        }
        posts(text, t, cable, out);
        de_line(text, cable, out);
        // The ZN line of another cable's header says nothing of this one.
        if other_post(text, t, cable).is_none() {
            classification(cable, out);
        }
        routing(text, cable, out);
    }
    decl(cable, out);
    reason(cable, out);
    tags(cable, out);
    sections(cable, out);
}

fn missing_fields(text: &str, cable: &Cable, out: &mut Vec<Diagnostic>) {
    let structured = cable.transmission.is_some()
        || cable.banner.is_some()
        || cable.tags.is_some()
        || cable.subject.is_some()
        || !cable.paragraphs.is_empty();
    if !structured {
        return;
    }
    let first_line = first_line(text, cable.span);
    let anchor = cable.banner.as_ref().map_or(first_line, |b| b.span);
    if cable.banner.is_none() {
        out.push(match cable.garbled_banner {
            Some(words) => Diagnostic::new(
                Code::MissingClassification,
                words,
                format!(
                    "The banner's classification `{}` is misspelt, so the cable's classification is unknown (expected e.g. `S E C R E T` or `C O N F I D E N T I A L`).",
                    words.text(text)
                ),
            ),
            None => Diagnostic::new(
                Code::MissingClassification,
                first_line,
                "This cable has no classification banner (such as `C O N F I D E N T I A L DUSHANBE 001151`), so its classification and serial are unknown.",
            ),
        });
    }
    // A preview cut off before its fields (`...` ending a text with no
    // paragraphs) lost them with the rest: the cut is what to repair.
    let cut_short =
        cable.paragraphs.is_empty() && cable.span.text(text).trim_end().ends_with("...");
    let why = if cut_short {
        ": the file holds only a preview of the cable, cut off at `...` before it"
    } else {
        ""
    };
    if cable.subject.is_none() {
        out.push(Diagnostic::new(
            Code::MissingSubject,
            anchor,
            format!("This cable has no SUBJECT line{why}."),
        ));
    }
    if cable.tags.is_none() {
        let consequence = if cut_short {
            why
        } else {
            ", so it cannot be filed by subject or country"
        };
        out.push(Diagnostic::new(
            Code::MissingTags,
            anchor,
            format!("This cable has no TAGS line{consequence}."),
        ));
    }
}

fn dtg_fields(dtg: &Dtg, out: &mut Vec<Diagnostic>) {
    let mut bad = |span: Span, message: String| {
        out.push(Diagnostic::new(Code::MalformedDtg, span, message));
    };
    match dtg.month.value {
        None => bad(
            dtg.month.span,
            "The month of the date-time group is not a month abbreviation (JAN … DEC).".into(),
        ),
        Some(month) => {
            let year = dtg.year.value.map_or(2000, full_year);
            let days = days_in_month(year, month).unwrap_or(31);
            if dtg.day.value == 0 || dtg.day.value > days {
                bad(
                    dtg.day.span,
                    format!(
                        "Day {:02} does not exist in that month (it has {days} days).",
                        dtg.day.value
                    ),
                );
            }
        }
    }
    if dtg.hour.value > 23 {
        bad(
            dtg.hour.span,
            format!("Hour {:02} is not a time of day (00-23).", dtg.hour.value),
        );
    }
    if dtg.minute.value > 59 {
        bad(
            dtg.minute.span,
            format!("Minute {:02} is not valid (00-59).", dtg.minute.value),
        );
    }
    if dtg.year.value.is_none() {
        bad(
            dtg.year.span,
            "The year of the date-time group should be two digits (e.g. `09`).".into(),
        );
    }
}

fn posts(text: &str, t: &Transmission, cable: &Cable, out: &mut Vec<Diagnostic>) {
    if let Some((from, post)) = other_post(text, t, cable) {
        out.push(            Diagnostic::new(
                Code::PostMismatch,
                post,
                format!(
                    "The banner names {} but the header's originator is `{}`: the transmission header of one cable with the text of another.",
                    post.text(text),
                    from.text(text)
                ),
            )
            .with_related(from, "the originator"),
        );
    }
}

/// The originator and the banner's post when they name different posts
/// (`FM AMEMBASSY PARIS` over `S E C R E T … MOSCOW 005154`). Only an
/// embassy-like originator in capitals is compared, by its letters: the
/// banner's post must be in it or it in the post (`USMISSION USNATO` and
/// `USNATO`, `SECSTATE WASHDC` and `STATE`).
fn other_post(text: &str, t: &Transmission, cable: &Cable) -> Option<(Span, Span)> {
    const POSTS: [&str; 6] = [
        "AMEMBASSY",
        "AMCONSUL",
        "USMISSION",
        "USINT",
        "AMEMB",
        "USOFFICE",
    ];
    let from = t.from?;
    let banner = cable.banner.as_ref()?;
    let post = banner.post?;
    // A post the station table does not know is a garbled one
    // (`QRIPOLI`), not another cable's.
    crate::reference::station(post.text(text))?;
    let written = from.text(text);
    let (kind, place) = written.split_once(' ')?;
    if !POSTS.contains(&kind) || !place.bytes().all(|b| b.is_ascii_uppercase() || b == b' ') {
        return None;
    }
    let letters = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    let (place, station) = (letters(place), letters(post.text(text)));
    (!station.is_empty() && !place.contains(&station) && !station.contains(&place))
        .then_some((from, post))
}

/// Whether the cable went out through a relay whose DE serial is the
/// relay's own: a travelling delegation's (`FM USDEL SECRETARY`, banners
/// `PARTO`, `SECTO`, `TOSEC`).
fn relayed(text: &str, t: &Transmission, banner: &crate::syntax::Banner) -> bool {
    t.from.is_some_and(|f| f.text(text).starts_with("USDEL"))
        || banner
            .post
            .is_some_and(|p| matches!(p.text(text), "PARTO" | "SECTO" | "TOSEC"))
}

fn de_line(text: &str, cable: &Cable, out: &mut Vec<Diagnostic>) {
    let Some(t) = &cable.transmission else { return };
    let Some(de) = &t.de else { return };
    if !de.well_formed {
        out.push(Diagnostic::new(
            Code::MalformedDe,
            de.span,
            "This DE line should read `DE <routing indicator> #<serial>[/<section>] <day of year><hour><minute>`, e.g. `DE RUEHDBU #1151/01 2891223`.",
        ));
        return;
    }
    let other_post = other_post(text, t, cable);
    if let (Some(serial), Some(banner)) = (&de.serial, &cable.banner)
        && let Some(banner_serial) = &banner.serial
        && serial.value != banner_serial.value % 10_000
        && other_post.is_none()
        && !relayed(text, t, banner)
    {
        out.push(
            Diagnostic::new(
                Code::SerialMismatch,
                serial.span,
                format!(
                    "The DE line gives serial {} but the banner gives {}; one of them is wrong.",
                    serial.value, banner_serial.value
                ),
            )
            .with_related(banner_serial.span, "the banner serial"),
        );
    }
    if let (Some(day), Some(dtg), Some((y, m, d))) = (&de.day_of_year, &t.dtg, cable_date(cable))
        && let Some(expected) = day_of_year(y, m, d)
        && day.value != expected
        && !sent_later(de, dtg, expected, y, corrected_copy(text, cable, dtg))
    {
        out.push(
            Diagnostic::new(
                Code::JulianMismatch,
                day.span,
                format!(
                    "The DE line says day {:03} of the year, but the date-time group's date {y:04}-{m:02}-{d:02} is day {expected:03}.",
                    day.value
                ),
            )
            .with_related(dtg.span, "the date-time group"),
        );
    }
}

/// Whether the DE line's day and time are a transmission after the
/// date-time group's, not a disagreement: within a day (a cable filed
/// before midnight goes out after it), or any time within
/// [`MAX_RETRANSMISSION_DAYS`] for a corrected copy or a repetition
/// ([`corrected_copy`]).
fn sent_later(
    de: &crate::syntax::DeLine,
    dtg: &Dtg,
    dtg_day: u32,
    year: i32,
    corrected: bool,
) -> bool {
    let (Some(day), Some(time)) = (&de.day_of_year, &de.time) else {
        return false;
    };
    let minutes = |day: u32, hour: u32, minute: u32| i64::from(day * 1440 + hour * 60 + minute);
    let year_days = if day_of_year(year, 12, 31) == Some(366) {
        366
    } else {
        365
    };
    let mut after = minutes(day.value, time.value.0, time.value.1)
        - minutes(dtg_day, dtg.hour.value, dtg.minute.value);
    if after < -180 * 1440 {
        // Sent in the new year.
        after += year_days * 1440;
    }
    let limit = if corrected {
        MAX_RETRANSMISSION_DAYS * 1440
    } else {
        1440
    };
    (0..limit).contains(&after)
}

/// Whether the cable says it is a corrected copy or a repetition: an
/// operating signal (`ZDS`, `ZDK`, `CCY`) after the date-time group or on
/// the ZN line (`ZNY SSSSS ZZH ZDS`), or the caption under the banner
/// (`C O R R E C T E D C O P Y - CAPTION ADDED`).
fn corrected_copy(text: &str, cable: &Cable, dtg: &Dtg) -> bool {
    const SIGNALS: [&str; 4] = ["ZDS", "ZDK", "CCY", "CORRECTED"];
    let signalled = |span: Span| {
        let t = span.text(text);
        SIGNALS.iter().any(|s| t.contains(s))
    };
    let zn = cable
        .transmission
        .as_ref()
        .and_then(|t| t.zn.as_ref())
        .map(|zn| zn.span);
    if dtg.trailing.is_some_and(signalled) || zn.is_some_and(signalled) {
        return true;
    }
    // The caption stands between the banner and the E.O. line.
    let Some(banner) = &cable.banner else {
        return false;
    };
    let end = cable
        .eo
        .as_ref()
        .map(|eo| eo.span.start)
        .filter(|&start| start > banner.span.end)
        .unwrap_or(banner.span.end);
    let captions = Span::new(banner.span.end, end.min(banner.span.end + 2_000)).text(text);
    captions.contains("C O R R E C T E D") || captions.contains("CORRECTED COPY")
}

/// How long after its date a corrected copy may be sent again, in days.
const MAX_RETRANSMISSION_DAYS: i64 = 60;

fn classification(cable: &Cable, out: &mut Vec<Diagnostic>) {
    let Some(zn) = cable.transmission.as_ref().and_then(|t| t.zn.as_ref()) else {
        return;
    };
    let (Some(zn_level), Some(banner)) = (zn.level, &cable.banner) else {
        return;
    };
    let banner_level = banner.classification.value;
    if zn_level.rank() != banner_level.rank() {
        out.push(
            Diagnostic::new(
                Code::ClassificationMismatch,
                zn.code,
                format!(
                    "The ZN line marks this cable {} but the banner says {}.",
                    zn_level.name(),
                    banner_level.name()
                ),
            )
            .with_related(banner.classification.span, "the banner classification"),
        );
    }
}

fn routing(text: &str, cable: &Cable, out: &mut Vec<Diagnostic>) {
    let Some(t) = &cable.transmission else { return };
    // Only ACP-127 headers carry routing indicators.
    if t.de.is_none() && t.start.is_none() {
        return;
    }
    // Addressees published without a routing indicator (`SECSTATE WASHDC`,
    // `EUROPEAN POLITICAL COLLECTIVE`) are how the collections print them,
    // not defects; only a broken attempt at one is reported.
    for (_, entry) in &t.addressees {
        let message = match (entry.routing, entry.addressee) {
            (Some(ri), _) if !is_routing_indicator(ri.text(text)) => format!(
                "`{}` is not a routing indicator: it should be 3-8 capital letters, as in `RUEHC/SECSTATE WASHDC`.",
                ri.text(text)
            ),
            (Some(_), None) => "This routing indicator has no addressee after the `/`.".to_string(),
            (None, Some(addressee)) => {
                let text = addressee.text(text);
                let first = text.split_whitespace().next().unwrap_or("");
                if reference::routing_addressees(first).is_empty() || text.len() == first.len() {
                    continue;
                }
                format!(
                    "`{first}` is a routing indicator but the `/` before the addressee is missing: write `{first}/{}`.",
                    text[first.len()..].trim_start()
                )
            }
            _ => continue,
        };
        out.push(Diagnostic::new(Code::MalformedRouting, entry.span, message));
    }
}

fn is_routing_indicator(ri: &str) -> bool {
    (3..=8).contains(&ri.len()) && ri.bytes().all(|b| b.is_ascii_uppercase())
}

/// The longest classification any order allows, in years.
const MAX_DECL_YEARS: i32 = 75;

fn decl(cable: &Cable, out: &mut Vec<Diagnostic>) {
    let Some(decl) = cable.eo.as_ref().and_then(|eo| eo.decl.as_ref()) else {
        return;
    };
    match decl.value {
        Decl::Unparsed => out.push(Diagnostic::new(
            Code::MalformedDecl,
            decl.span,
            "This declassification date cannot be read; expected a date such as `10/16/2019`.",
        )),
        Decl::Date(y, m, d) => {
            if let Some((cy, cm, cd)) = cable_date(cable)
                && days_from_epoch(y, m, d) < days_from_epoch(cy, cm, cd)
            {
                let mut diag = Diagnostic::new(
                    Code::MalformedDecl,
                    decl.span,
                    format!(
                        "The declassification date {y:04}-{m:02}-{d:02} is before the cable's own date {cy:04}-{cm:02}-{cd:02}."
                    ),
                );
                if let Some(dtg) = cable.transmission.as_ref().and_then(|t| t.dtg.as_ref()) {
                    diag = diag.with_related(dtg.span, "the cable's date-time group");
                }
                out.push(diag);
            } else if let Some((cy, ..)) = cable_date(cable)
                && y > cy + MAX_DECL_YEARS
            {
                // The orders allow at most 75 years (E.O. 13526 §1.5, §3.3);
                // `09/14/2118` in a 2008 cable is a mistyped year.
                out.push(Diagnostic::new(
                    Code::MalformedDecl,
                    decl.span,
                    format!(
                        "The declassification year {y} is {} years after the cable's {cy}; no order allows more than {MAX_DECL_YEARS}, so the year is likely mistyped.",
                        y - cy
                    ),
                ));
            }
        }
        Decl::NotApplicable | Decl::Exemption | Decl::Event | Decl::CutShort => {}
    }
}

fn reason(cable: &Cable, out: &mut Vec<Diagnostic>) {
    let Some(reason) = &cable.reason else { return };
    for letter in &reason.letters {
        if !('a'..='h').contains(&letter.value) {
            out.push(Diagnostic::new(
                Code::MalformedReason,
                letter.span,
                format!(
                    "`({})` is not a classification reason: section 1.4 lists (a) to (h).",
                    letter.value
                ),
            ));
        }
    }
}

fn tags(cable: &Cable, out: &mut Vec<Diagnostic>) {
    let Some(tags) = &cable.tags else { return };
    // A code written twice is one mistake: reported where it first is.
    for (i, item) in tags.items.iter().enumerate() {
        if tags.items[..i].iter().any(|t| t.code == item.code) {
            continue;
        }
        if let Some(message) = suggest(&item.code) {
            out.push(Diagnostic::new(Code::UnknownTag, item.span, message));
        }
    }
}

fn sections(cable: &Cable, out: &mut Vec<Diagnostic>) {
    let Some(banner) = &cable.banner else { return };
    let Some(first) = cable.page_breaks.first() else {
        return;
    };
    let Some(section) = &banner.section else {
        out.push(
            Diagnostic::new(
                Code::SectionMismatch,
                first.page.span,
                format!(
                    "This page line says {} of {}, but the banner has no `SECTION 01 OF {:02}`.",
                    first.page.value.0, first.page.value.1, first.page.value.1
                ),
            )
            .with_related(banner.span, "the banner"),
        );
        return;
    };
    let total = section.value.1;
    let mut expected = section.value.0 + 1;
    for page in &cable.page_breaks {
        let (n, m) = page.page.value;
        // A later page of a section (`002.2 OF 004`) may follow that
        // section's first page line, or stand for it.
        // A text that opens at a later section (its first lost, as in
        // `* Missing Section 001 *`) may carry that section's page line.
        let expected_here = if page.continued && n + 1 == expected
            || n == section.value.0 && n > 1 && expected == n + 1
        {
            n
        } else {
            expected
        };
        if m != total {
            out.push(
                Diagnostic::new(
                    Code::SectionMismatch,
                    page.page.span,
                    format!("This page line says {n} of {m}, but the banner says the cable has {total} sections."),
                )
                .with_related(section.span, "the banner's section count"),
            );
        } else if n != expected_here {
            let message = if n > expected {
                let missing = if n == expected + 1 {
                    format!("section {expected}")
                } else {
                    format!("sections {expected}-{}", n - 1)
                };
                format!(
                    "The page line for {missing} of {total} is missing: this one starts section {n}."
                )
            } else {
                format!(
                    "This page line repeats or goes back to section {n} of {total}; section {expected} was expected."
                )
            };
            out.push(
                Diagnostic::new(Code::SectionMismatch, page.page.span, message)
                    .with_related(section.span, "the banner's section count"),
            );
        }
        expected = n + 1;
    }
}
