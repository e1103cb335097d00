//! Export and mirror residue around the cable text of a line, which the
//! lexer reads through: the line is lexed as the cable text it holds.
//!
//! Real collections carry, besides the cables, what their exports and
//! mirrors left in the files: rows of the release's CSV/TSV export (fields
//! before the text, and a `\` before each line break of the text field),
//! mirror metadata lines (`refid: 06LIMA748`, `=====CABLE ENDS=====`), and
//! a date run onto the banner (`Cable dated:2006-06-08T06:52:00S E C R E T
//! …`). A line's residue is found by its own shape, so lexing stays
//! context-free.

use super::cursor::Cursor;
use super::model::Span;

/// What kind of residue a line holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResidueKind {
    /// A `\` before the line break: an export's escaped line break.
    LineEnd,
    /// Fields of an export row before the cable text: `27613,2/24/2005
    /// 16:09,05BOGOTA1775,"Embassy Bogota",CONFIDENTIAL,…,"`.
    ExportRow,
    /// A mirror's metadata: `refid: 06LIMA748`, `header:`, `=====CABLE
    /// ENDS=====`, `Cable dated:2006-06-08T06:52:00`.
    Metadata,
}

impl ResidueKind {
    /// How a reader names it.
    pub fn describe(self) -> &'static str {
        match self {
            ResidueKind::LineEnd => "`\\` line ends of an export",
            ResidueKind::ExportRow => "export rows",
            ResidueKind::Metadata => "mirror metadata",
        }
    }
}

/// Residue in a line, with where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Residue {
    /// Which kind.
    pub kind: ResidueKind,
    /// The residue's bytes, relative to the line (or, in the model, the
    /// text).
    pub span: Span,
}

/// What of a line (without its terminator) is cable text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// Where the cable text starts.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// Residue before the text (an export row's fields, a metadata line:
    /// then the line holds no text).
    pub prefix: Option<Residue>,
    /// A `\` line end after the text.
    pub line_end: Option<Span>,
}

/// Reads a line (without its terminator) through its residue.
pub fn read(line: &str) -> Reading {
    let mut reading = Reading {
        start: 0,
        end: line.len(),
        prefix: None,
        line_end: None,
    };
    let bytes = line.as_bytes();
    // Almost every line ends with neither a `\` nor opens with residue.
    if bytes.last() == Some(&b'\\') {
        // A run of `\` is one escaped break (and the rest of a garbled
        // run); white space before it is the text's own.
        let text_end = line.trim_end_matches('\\').len();
        reading.end = text_end;
        reading.line_end = Some(Span::new(text_end, line.len()));
    }
    let Some(&first) = bytes.first() else {
        return reading;
    };
    let prefix = match first {
        b'0'..=b'9' => export_row(line).or_else(|| export_field(&line[..reading.end])),
        b'<' => export_field(&line[..reading.end]),
        b'"' => csv_separator(line),
        b'i' | b'd' | b'r' | b'o' | b'c' | b'h' => metadata_line(&line[..reading.end]),
        b'-' | b'=' => mirror_rule(&line[..reading.end]),
        b'C' => cable_dated(line),
        _ => None,
    };
    if let Some(prefix) = prefix {
        reading.start = prefix.span.end.min(reading.end);
        reading.prefix = Some(prefix);
    }
    reading
}

fn residue(kind: ResidueKind, end: usize) -> Option<Residue> {
    Some(Residue {
        kind,
        span: Span::new(0, end),
    })
}

/// Digits, at least `min` and at most `max` of them.
fn digits(c: &mut Cursor, min: usize, max: usize) -> Option<()> {
    let run = c.run(u8::is_ascii_digit, max + 1);
    (min..=max).contains(&run.len()).then_some(())
}

/// A canonical cable id: `06BERN1971`, `09SECTION02OF03QRIPOLI583`.
fn cable_id(c: &mut Cursor) -> Option<()> {
    digits(c, 2, 2)?;
    if c.run(|b| b.is_ascii_uppercase() || b.is_ascii_digit(), 64)
        .len()
        < 2
    {
        return None;
    }
    Some(())
}

/// Takes everything up to and including the next `stop` byte.
fn through(c: &mut Cursor, stop: u8) -> Option<()> {
    c.run(|b| *b != b'\t' && *b != b'\n', usize::MAX);
    c.literal(&[stop])
}

/// The fields of an export row before its text, as the release's TSV
/// (`82783\t2006-10-23 08:56:00\t06BERN1971\tEmbassy Bern\tCONFIDENTIAL\t
/// refs\t`, the first field sometimes on the line before), CSV
/// (`27613,2/24/2005 16:09,05BOGOTA1775,"Embassy Bogota",CONFIDENTIAL,refs,"`)
/// or space-separated form (`0 05/15/2008 3797 ENRG,EPET SUBJECT …`, a row
/// with no text field of its own: the whole line).
fn export_row(line: &str) -> Option<Residue> {
    let mut c = Cursor::new(line);
    let mut tsv = c;
    // `82783\t`, then `2006-10-23 08:56:00\t`.
    if digits(&mut tsv, 1, 9).is_some() && tsv.literal(b"\t").is_some() {
        c = tsv;
    }
    let mut date = c;
    if digits(&mut date, 4, 4).is_some()
        && date.literal(b"-").is_some()
        && digits(&mut date, 2, 2).is_some()
        && date.literal(b"-").is_some()
        && digits(&mut date, 2, 2).is_some()
        && date.literal(b" ").is_some()
    {
        let mut c = date;
        c.run(|b| b.is_ascii_digit() || *b == b':', 8);
        c.literal(b"\t")?;
        cable_id(&mut c)?;
        c.literal(b"\t")?;
        // Origin, classification, references: three fields.
        for _ in 0..3 {
            through(&mut c, b'\t')?;
        }
        return residue(ResidueKind::ExportRow, c.at);
    }
    // `27613,2/24/2005 16:09,05BOGOTA1775,"Embassy Bogota",CONFIDENTIAL//NOFORN,refs,"`
    let mut c = Cursor::new(line);
    digits(&mut c, 1, 9)?;
    if c.literal(b",").is_some() {
        digits(&mut c, 1, 2)?;
        c.literal(b"/")?;
        digits(&mut c, 1, 2)?;
        c.literal(b"/")?;
        digits(&mut c, 4, 4)?;
        c.literal(b" ")?;
        c.run(|b| b.is_ascii_digit() || *b == b':', 8);
        c.literal(b",")?;
        cable_id(&mut c)?;
        c.literal(b",\"")?;
        c.run(|b| *b != b'"', usize::MAX);
        c.literal(b"\",")?;
        c.run(|b| *b != b',', usize::MAX);
        c.literal(b",")?;
        c.run(|b| *b != b',' && *b != b'"', usize::MAX);
        c.literal(b",")?;
        c.optional(b'"');
        return residue(ResidueKind::ExportRow, c.at);
    }
    // `0 05/15/2008 3797 ENRG,EPET,PREL,IR,BA …`
    c.literal(b" ")?;
    digits(&mut c, 2, 2)?;
    c.literal(b"/")?;
    digits(&mut c, 2, 2)?;
    c.literal(b"/")?;
    digits(&mut c, 4, 4)?;
    c.literal(b" ")?;
    digits(&mut c, 1, 9)?;
    c.literal(b" ")?;
    let codes = c.run(|b| b.is_ascii_uppercase() || *b == b',', usize::MAX);
    (codes.len() >= 2 && c.literal(b" ").is_some())
        .then(|| residue(ResidueKind::ExportRow, line.len()))
        .flatten()
}

/// A line holding one field of an export row written a field a line
/// (`<<142612>>`, `2/22/2008 14:46`, `2009-09-25`, `08KINSHASA189`): the
/// row's number, date and cable id, which no cable text is alone on a line.
fn export_field(line: &str) -> Option<Residue> {
    let value = line.trim_end();
    let whole = |c: &mut Cursor| c.at == value.len();
    let mut c = Cursor::new(value);
    let number = c.literal(b"<<").is_some()
        && digits(&mut c, 1, 9).is_some()
        && c.literal(b">>").is_some()
        && whole(&mut c);
    let mut c = Cursor::new(value);
    let id = cable_id(&mut c).is_some() && whole(&mut c);
    let mut iso = Cursor::new(value);
    let iso = (digits(&mut iso, 4, 4).is_some()
        && iso.literal(b"-").is_some()
        && digits(&mut iso, 2, 2).is_some()
        && iso.literal(b"-").is_some()
        && digits(&mut iso, 2, 2).is_some())
    .then_some(iso);
    let numeric = || {
        let mut c = Cursor::new(value);
        digits(&mut c, 1, 2)?;
        let stop = c.peek().filter(|b| matches!(b, b'/' | b'.'))?;
        c.at += 1;
        digits(&mut c, 1, 2)?;
        c.literal(&[stop])?;
        digits(&mut c, 4, 4)?;
        Some(c)
    };
    let date = iso.or_else(numeric).is_some_and(|mut c| {
        // An optional time: ` 14:46`, ` 08:56:00`.
        if c.literal(b" ").is_some() {
            c.run(|b| b.is_ascii_digit() || *b == b':', 8);
        }
        whole(&mut c)
    });
    (number || id || date).then(|| residue(ResidueKind::ExportRow, line.len()))?
}

/// The `","` between a CSV row's header and text fields, opening a line:
/// `","C O N F I D E N T I A L …`.
fn csv_separator(line: &str) -> Option<Residue> {
    let end = if line.starts_with("\",\"") {
        3
    } else if line.trim_end() == "\"," || line.trim_end() == "\"" {
        line.len()
    } else {
        return None;
    };
    residue(ResidueKind::ExportRow, end)
}

/// The field names of a mirror's metadata block, which the cable text
/// follows: `id: 54459`, `refid: 06LIMA748`, `header:`.
const METADATA_FIELDS: [&str; 7] = [
    "id:",
    "date:",
    "refid:",
    "origin:",
    "classification:",
    "destination:",
    "header:",
];

/// A line of a mirror's metadata block: a field name in lower case, its
/// value (the `header:` field's value is on the lines after it).
fn metadata_line(line: &str) -> Option<Residue> {
    let field = METADATA_FIELDS.iter().find(|f| line.starts_with(*f))?;
    let value = line[field.len()..].trim();
    let plausible = match *field {
        "id:" => value.bytes().all(|b| b.is_ascii_digit()),
        "refid:" => value.is_empty() || cable_id(&mut Cursor::new(value)).is_some(),
        "header:" => value.is_empty(),
        "date:" => value.starts_with(|c: char| c.is_ascii_digit()),
        _ => true,
    };
    plausible.then(|| residue(ResidueKind::Metadata, line.len()))?
}

/// A mirror's rule: `----------------- header ends ----------------`,
/// `=======================CABLE ENDS============================`.
fn mirror_rule(line: &str) -> Option<Residue> {
    let words = line.trim_matches(|c: char| c == '-' || c == '=' || c.is_whitespace());
    let rule = line.len() > words.len() + 6;
    (rule && matches!(words, "header ends" | "CABLE ENDS"))
        .then(|| residue(ResidueKind::Metadata, line.len()))?
}

/// `Cable dated:2006-06-08T06:52:00`, run onto the banner.
fn cable_dated(line: &str) -> Option<Residue> {
    let mut c = Cursor::new(line);
    c.literal(b"Cable dated:")?;
    c.spaces();
    digits(&mut c, 4, 4)?;
    c.run(
        |b| b.is_ascii_digit() || matches!(b, b'-' | b':' | b'T'),
        16,
    );
    residue(ResidueKind::Metadata, c.at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &str) -> (&str, Option<ResidueKind>, bool) {
        let r = read(line);
        (
            &line[r.start..r.end],
            r.prefix.map(|p| p.kind),
            r.line_end.is_some(),
        )
    }

    #[test]
    fn export_rows_are_read_through() {
        use ResidueKind::*;
        let cases = [
            (
                "82783\t2006-10-23 08:56:00\t06BERN1971\tEmbassy Bern\tCONFIDENTIAL\t06BELGRADE1566|06BERN1867\tVZCZCXRO7014\\",
                ("VZCZCXRO7014", Some(ExportRow), true),
            ),
            (
                "2009-08-24 05:53:00\t09BERN351\tEmbassy Bern\tSECRET//NOFORN\t\tVZCZCXRO9303\\",
                ("VZCZCXRO9303", Some(ExportRow), true),
            ),
            (
                "27613,2/24/2005 16:09,05BOGOTA1775,\"Embassy Bogota\",CONFIDENTIAL//NOFORN,05BOGOTA1081,\"This record is a partial extract",
                ("This record is a partial extract", Some(ExportRow), false),
            ),
            (
                "\",\"C O N F I D E N T I A L SECTION 01 OF 02 BOGOTA 001775",
                (
                    "C O N F I D E N T I A L SECTION 01 OF 02 BOGOTA 001775",
                    Some(ExportRow),
                    false,
                ),
            ),
            (
                "0 05/15/2008 3797 ENRG,EPET,PREL,IR,BA OIL MINISTER ON NUCLEAR ENERGY",
                ("", Some(ExportRow), false),
            ),
            ("<<142612>>", ("", Some(ExportRow), false)),
            ("2/22/2008 14:46", ("", Some(ExportRow), false)),
            ("12.02.2009 11:16", ("", Some(ExportRow), false)),
            ("2009-09-25", ("", Some(ExportRow), false)),
            ("08KINSHASA189 ", ("", Some(ExportRow), false)),
            ("SIPDIS \\", ("SIPDIS ", None, true)),
            (" \\", (" ", None, true)),
            ("refid: 06LIMA748", ("", Some(Metadata), false)),
            ("id: 54459", ("", Some(Metadata), false)),
            ("header:", ("", Some(Metadata), false)),
            (
                "----------------- header ends ----------------",
                ("", Some(Metadata), false),
            ),
            (
                "=======================CABLE ENDS============================",
                ("", Some(Metadata), false),
            ),
            (
                "Cable dated:2002-11-15T12:40:00S E C R E T SECTION 01 OF 05 ANKARA 008305",
                (
                    "S E C R E T SECTION 01 OF 05 ANKARA 008305",
                    Some(Metadata),
                    false,
                ),
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(text(line), expected, "{line:?}");
        }
    }

    #[test]
    fn cable_text_is_not_residue() {
        for line in [
            "1. (C) Summary: talks resumed.",
            "2006-10-23 was the day talks resumed.",
            "10 05/15/2008 meeting",
            "id: the identity of the source",
            "date: to be decided",
            "header: none",
            "Classified By: Ambassador",
            "------------------- RUSSIAN MOTIVATIONS -------------------",
            "\"We will not,\" he said.",
            "Cable dated yesterday",
            "36633",
            "2/22/2008 was a Friday",
            "08KINSHASA189 and 08KINSHASA190",
            "<<not a number>>",
        ] {
            assert_eq!(text(line), (line, None, false), "{line:?}");
        }
    }
}
