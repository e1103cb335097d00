//! The assembler: lexed lines in, a [`Cable`] out.
//!
//! It walks the lines once, tracking which region it is in (transmission
//! header, cable header, body) and which header field a continuation line
//! belongs to. It reads the lexed lines, which are the same whether lexed
//! fresh or reused after an edit, and the text only for the codes of the
//! lines continuing the TAGS field (the lexer leaves those unread, as most
//! lines that look so are all-capitals prose).

use super::lexer::lex_fields::tag_codes;
use super::line::{Ending, Item, Keyword, LexedLine, Shape};
use super::model::*;
use super::shift::Shift;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Region {
    Top,
    Transmission,
    Header,
    Body,
}

/// Lines after the `SUBJECT:` line that may continue it; real subjects
/// take at most three.
const MAX_SUBJECT_LINES: u8 = 3;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    /// The SUBJECT field, with how many lines continued it.
    Subject(u8),
    Tags,
    Ref,
    ClassifiedBy,
    Addressees(AddresseeKind),
}

struct PendingBlock {
    kind: BlockKind,
    opener: Span,
    line_end: usize,
}

struct Assembler<'a> {
    /// The text the lines were lexed from.
    text: &'a str,
    cable: Cable,
    region: Region,
    open: Open,
    /// End of the last non-blank content seen.
    content_end: usize,
    /// Whether the previous line was blank (or a page break).
    after_break: bool,
    /// Paragraph waiting for a portion mark on the next line.
    awaiting_mark: Option<usize>,
    blocks: Vec<PendingBlock>,
    has_transmission_lines: bool,
    /// The last line's possible signature, and when it stands alone on its
    /// line, where the text before it ended.
    signature: Option<(Span, Option<usize>)>,
    /// A classification-only line, the banner's stand-in.
    classification_line: Option<Field<Level>>,
    /// How the line before ended, and the number ending it, if any.
    previous: (Ending, Option<Field<u32>>),
    /// Paragraphs whose mark ended their line's text, with that line's end.
    bare_marks: Vec<(usize, usize)>,
}

/// Builds the syntax model from lexed lines and the text they were lexed
/// from. A file holding several cables, or one cable more than once, is
/// read a cable at a time: the file's cable holds the others.
pub fn assemble(text: &str, lines: &[LexedLine]) -> Cable {
    let mut cables = Vec::new();
    let mut asm = Assembler::new(text);
    let (mut offset, mut start) = (0, 0);
    for (i, line) in lines.iter().enumerate() {
        if asm.starts_another(line) {
            let done = std::mem::replace(&mut asm, Assembler::new(text));
            cables.push(done.finish(Span::new(start, offset)));
            start = offset;
        }
        asm.line(line, offset, lines.get(i + 1));
        offset += line.len;
    }
    cables.push(asm.finish(Span::new(start, offset)));
    combine(cables)
}

/// What tells a cable from another: its banner's post and serial, else
/// its DE line's serial.
fn identity(cable: &Cable) -> Option<(&str, u32)> {
    if let Some(banner) = &cable.banner
        && let Some(serial) = &banner.serial
    {
        return Some((banner.station.as_str(), serial.value));
    }
    let de = cable.transmission.as_ref()?.de.as_ref()?;
    Some(("", de.serial.as_ref()?.value))
}

/// Whether two identities name the same cable (a DE serial is the banner
/// serial modulo 10,000; a banner's serial may have lost its last digit,
/// `BERLIN 00169` for `001690`).
fn same_cable(a: (&str, u32), b: (&str, u32)) -> bool {
    let posts_agree = a.0.is_empty() || b.0.is_empty() || a.0 == b.0;
    let (x, y) = (a.1.min(b.1), a.1.max(b.1));
    posts_agree && (x == y || x % 10_000 == y % 10_000 || x > 9 && x == y / 10)
}

/// Whether a cable holds anything of a cable (not only residue).
fn has_content(cable: &Cable) -> bool {
    cable.transmission.is_some()
        || cable.banner.is_some()
        || cable.subject.is_some()
        || cable.tags.is_some()
        || !cable.paragraphs.is_empty()
}

/// The file's cable, holding the others. Cables in a row with the same
/// identity (or none of their own) are copies of one cable, of which the
/// one with the most paragraphs is read, and of those the longest, then
/// the later (the full text after a truncated preview); the first cable's
/// copy holds the rest.
fn combine(cables: Vec<Cable>) -> Cable {
    let mut residue: Vec<Residue> = Vec::new();
    let mut kept: Vec<Cable> = Vec::new();
    for mut cable in cables {
        if has_content(&cable) {
            kept.push(cable);
        } else {
            residue.append(&mut cable.residue);
        }
    }
    if kept.len() <= 1 {
        let mut file = kept
            .pop()
            .unwrap_or_else(|| Assembler::new("").finish(Span::default()));
        file.residue.append(&mut residue);
        return file;
    }
    // Groups of copies, by index.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..kept.len() {
        let joins = groups.last().is_some_and(|group| {
            let known = group.iter().find_map(|&j| identity(&kept[j]));
            match (known, identity(&kept[i])) {
                (Some(a), Some(b)) => same_cable(a, b),
                _ => true,
            }
        });
        match groups.last_mut() {
            Some(group) if joins => group.push(i),
            _ => groups.push(vec![i]),
        }
    }
    // `max_by_key` keeps the last of equal keys: the later copy.
    let read = |group: &[usize]| {
        group
            .iter()
            .copied()
            .max_by_key(|&i| (kept[i].paragraphs.len(), kept[i].span.len()))
            .unwrap_or(group[0])
    };
    let primary = read(&groups[0]);
    let mut relations = vec![Relation::Copy; kept.len()];
    for group in &groups[1..] {
        relations[read(group)] = Relation::Another;
    }
    let mut file = kept.swap_remove(primary);
    relations.swap_remove(primary);
    // `swap_remove` moved the last cable into `primary`'s place.
    let mut others: Vec<Other> = kept
        .into_iter()
        .zip(relations)
        .map(|(cable, relation)| Other { relation, cable })
        .collect();
    others.sort_by_key(|o| o.cable.span.start);
    for other in &mut others {
        residue.append(&mut other.cable.residue);
    }
    file.others = others;
    file.residue.append(&mut residue);
    file.residue.sort_by_key(|r| r.span.start);
    file
}

/// Whether the text after a number's punctuation is a word glued to it
/// (`2.In interviews`, `1.SUMMARY`), not white space or a sub-item's label
/// (`27.B. (SBU)`).
fn glued_to_a_word(after: &str) -> bool {
    let mut chars = after.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.next().is_some_and(char::is_alphabetic)
}

impl<'a> Assembler<'a> {
    /// An assembler at the start of a cable.
    fn new(text: &'a str) -> Self {
        Assembler {
            text,
            cable: Cable {
                flavour: Flavour::Plain,
                transmission: None,
                banner: None,
                sipdis: Vec::new(),
                captions: Vec::new(),
                eo: None,
                tags: None,
                subject: None,
                ref_field: None,
                refs: Vec::new(),
                classified_by: None,
                reason: None,
                paragraphs: Vec::new(),
                headings: Vec::new(),
                page_breaks: Vec::new(),
                blocks: Vec::new(),
                signature: None,
                entities: Vec::new(),
                markup: Vec::new(),
                keywords: Vec::new(),
                garbled_banner: None,
                extract_notice: None,
                id: None,
                residue: Vec::new(),
                span: Span::default(),
                others: Vec::new(),
            },
            region: Region::Top,
            open: Open::None,
            content_end: 0,
            after_break: true,
            awaiting_mark: None,
            blocks: Vec::new(),
            has_transmission_lines: false,
            classification_line: None,
            signature: None,
            previous: (Ending::Closed, None),
            bare_marks: Vec::new(),
        }
    }
}

impl Assembler<'_> {
    /// Whether `line` opens another cable, or this one again, once this
    /// cable's body has begun: the start of a transmission header, an
    /// extract notice, a banner (other than one of this cable's later
    /// sections) or an export row.
    fn starts_another(&self, line: &LexedLine) -> bool {
        if self.region != Region::Body {
            return false;
        }
        let row = line.residue.iter().any(|r| {
            r.kind == ResidueKind::ExportRow
                || r.kind == ResidueKind::Metadata && matches!(line.shape, Shape::Blank)
        });
        row || matches!(line.shape, Shape::Start(_))
            || line.items.iter().any(|item| match item {
                Item::ExtractNotice(_) => true,
                Item::Banner(banner) => !self.continues(banner),
                _ => false,
            })
    }

    /// Whether a banner heads a later section of this cable.
    fn continues(&self, banner: &Banner) -> bool {
        let (Some(own), Some(serial)) = (&self.cable.banner, &banner.serial) else {
            return false;
        };
        let later_section = banner.section.as_ref().is_some_and(|s| s.value.0 > 1);
        later_section
            && own.station == banner.station
            && own.serial.as_ref().is_some_and(|s| s.value == serial.value)
    }

    fn line(&mut self, line: &LexedLine, at: usize, next: Option<&LexedLine>) {
        self.read_line(line, at, next);
        self.previous = match &line.shape {
            // Blank lines keep the last line's number and reference: a lost
            // line break may have left blank lines between the two halves.
            Shape::Blank => {
                let ending = match self.previous.0 {
                    Ending::Referring => Ending::Referring,
                    _ => Ending::Closed,
                };
                (ending, self.previous.1.take())
            }
            _ => (line.ending, line.trailing_number.clone()),
        };
    }

    fn read_line(&mut self, line: &LexedLine, at: usize, next: Option<&LexedLine>) {
        for residue in &line.residue {
            let mut residue = *residue;
            residue.span.shift_by(at);
            self.cable.residue.push(residue);
        }
        // Items that count wherever they are.
        for item in &line.items {
            match item {
                Item::Entity(e) => {
                    let mut e = e.clone();
                    e.shift_by(at);
                    self.cable.entities.push(e);
                }
                Item::Markup(s) => self.cable.markup.push(Markup { span: s.shift(at) }),
                Item::PageBreak(p) => {
                    let mut p = p.clone();
                    p.shift_by(at);
                    self.cable.page_breaks.push(p);
                }
                Item::GarbledBanner(s) if self.region != Region::Body => {
                    self.cable.garbled_banner.get_or_insert(s.shift(at));
                }
                Item::Classification(c) if self.region != Region::Body => {
                    self.classification_line.get_or_insert_with(|| Field {
                        span: c.span.shift(at),
                        value: c.value,
                    });
                }
                Item::Keyword { keyword, span, .. } if *keyword != Keyword::Reason => {
                    self.cable.keywords.push(span.shift(at));
                }
                _ => {}
            }
        }
        if let Shape::Blank = line.shape {
            self.after_break = true;
            self.open = Open::None;
            return;
        }
        if matches!(self.region, Region::Top | Region::Transmission)
            && self.transmission_line(line, at)
        {
            self.after_break = false;
            self.content_end = at + line.content_len;
            // A banner after a tab opens the cable header on the same line.
            if line.items.iter().any(|i| matches!(i, Item::Banner(_))) {
                self.region = Region::Header;
                self.header_line(line, at);
            }
            return;
        }
        let starts_fields = line.items.iter().any(|i| {
            matches!(
                i,
                Item::Banner(_) | Item::ExtractNotice(_) | Item::Keyword { .. }
            )
        });
        let header_done = self.cable.subject.is_some() || self.cable.tags.is_some();
        let has_number = line.items.iter().any(|i| match i {
            // Before the header is complete only an unmistakable paragraph
            // number starts the body (not `02.` of a date line).
            Item::Number { style, .. } => {
                *style != NumberStyle::Plain
                    || header_done && self.after_break
                    || line.items.iter().any(|m| matches!(m, Item::Mark(_)))
            }
            _ => false,
        });
        // Header fields may follow unnumbered text (a TAGS line wrapped
        // oddly); until the first paragraph they still count.
        if self.region == Region::Body
            && self.cable.paragraphs.is_empty()
            && starts_fields
            && !has_number
        {
            self.region = Region::Header;
        }
        if self.region != Region::Body {
            if starts_fields && !(has_number && self.first_number_before_fields(line)) {
                self.region = Region::Header;
                self.header_line(line, at);
                self.after_break = false;
                self.content_end = at + line.content_len;
                if has_number {
                    self.region = Region::Body;
                    self.body_line(line, at, next);
                }
                return;
            }
            if self.region == Region::Header && !has_number && self.continue_field(line, at) {
                self.after_break = false;
                self.content_end = at + line.content_len;
                return;
            }
            if !has_number && !header_done {
                if let Shape::Text(t) = &line.shape
                    && t.caption
                    && self.region == Region::Header
                {
                    self.cable.captions.push(t.content.shift(at));
                }
                self.after_break = false;
                return;
            }
            self.region = Region::Body;
            self.after_break = true;
        }
        self.body_line(line, at, next);
    }

    /// Whether a paragraph number on a line comes before its first field
    /// (annotated flavour: `… <a …>¶</a>1 .` follows the REASON field).
    fn first_number_before_fields(&self, line: &LexedLine) -> bool {
        let first = |f: fn(&Item) -> bool| line.items.iter().position(f);
        match (
            first(|i| matches!(i, Item::Number { .. })),
            first(|i| matches!(i, Item::Banner(_) | Item::Keyword { .. })),
        ) {
            (Some(n), Some(k)) => n < k,
            _ => false,
        }
    }

    fn transmission(&mut self) -> &mut Transmission {
        self.cable
            .transmission
            .get_or_insert_with(Transmission::default)
    }

    /// Handles a transmission-header line; returns whether it was one.
    fn transmission_line(&mut self, line: &LexedLine, at: usize) -> bool {
        let shape = &line.shape;
        match shape {
            Shape::Start(s) => {
                let mut s = s.clone();
                s.shift_by(at);
                self.has_transmission_lines = true;
                self.transmission().start = Some(s);
            }
            Shape::Precedence(p) => {
                let mut p = p.clone();
                p.shift_by(at);
                self.transmission().precedence = Some(p);
            }
            Shape::De(d) => {
                let mut d = DeLine::clone(d);
                d.shift_by(at);
                self.has_transmission_lines = true;
                self.transmission().de = Some(d);
            }
            Shape::Zn(z) => {
                let mut z = z.clone();
                z.shift_by(at);
                self.transmission().zn = Some(z);
            }
            Shape::Dtg(d) => {
                let mut d = Dtg::clone(d);
                d.shift_by(at);
                self.transmission().dtg = Some(d);
            }
            Shape::From(s) => self.transmission().from = Some(s.shift(at)),
            Shape::To(e) | Shape::Info(e) => {
                let kind = if matches!(shape, Shape::To(_)) {
                    AddresseeKind::To
                } else {
                    AddresseeKind::Info
                };
                let mut e = RoutingEntry::clone(e);
                e.shift_by(at);
                self.transmission().addressees.push((kind, e));
                self.open = Open::Addressees(kind);
            }
            Shape::Routing(e) if self.region == Region::Transmission => {
                let kind = match self.open {
                    Open::Addressees(kind) => kind,
                    _ => AddresseeKind::Info,
                };
                let mut e = RoutingEntry::clone(e);
                e.shift_by(at);
                self.transmission().addressees.push((kind, e));
            }
            Shape::Marker(s) if self.region == Region::Transmission => {
                self.transmission().markers.push(s.shift(at));
            }
            Shape::Text(t) if self.region == Region::Transmission && line.items.is_empty() => {
                // An addressee written without its routing indicator.
                let Open::Addressees(kind) = self.open else {
                    return false;
                };
                let span = t.content.shift(at);
                self.transmission().addressees.push((
                    kind,
                    RoutingEntry {
                        span,
                        routing: None,
                        addressee: Some(span),
                        precedence: None,
                        serial: None,
                    },
                ));
            }
            _ => return false,
        }
        self.region = Region::Transmission;
        let end = at + line.content_len;
        let t = self.transmission();
        if t.span.is_empty() {
            t.span.start = at;
        }
        t.span.end = end;
        true
    }

    fn header_line(&mut self, line: &LexedLine, at: usize) {
        for item in &line.items {
            match item {
                Item::ExtractNotice(s) => self.cable.extract_notice = Some(s.shift(at)),
                Item::Banner(b) if self.cable.banner.is_none() => {
                    let mut b = Banner::clone(b);
                    b.shift_by(at);
                    self.cable.banner = Some(b);
                }
                Item::Keyword {
                    keyword: Keyword::Sipdis,
                    span,
                    ..
                } => {
                    self.cable.sipdis.push(span.shift(at));
                    self.open = Open::None;
                }
                Item::Caption(caption) => self.cable.captions.push(caption.shift(at)),
                Item::Keyword { keyword, .. } => {
                    self.open = match keyword {
                        Keyword::Subject => Open::Subject(0),
                        Keyword::Tags => Open::Tags,
                        Keyword::Ref => Open::Ref,
                        Keyword::ClassifiedBy | Keyword::Reason => Open::ClassifiedBy,
                        _ => Open::None,
                    };
                    if *keyword == Keyword::Subject && self.cable.subject.is_none() {
                        let span = match line.items.iter().find_map(|i| match i {
                            Item::SubjectText(s) => Some(*s),
                            _ => None,
                        }) {
                            Some(text) => text,
                            None => Span::new(line.content_len, line.content_len),
                        };
                        self.cable.subject = Some(Field {
                            span: span.shift(at),
                            value: (),
                        });
                    }
                }
                Item::Eo(eo) if self.cable.eo.is_none() => {
                    let mut eo = eo.clone();
                    eo.shift_by(at);
                    self.cable.eo = Some(eo);
                }
                Item::Tags(t) if self.cable.tags.is_none() => {
                    let mut t = t.clone();
                    t.span.shift_by(at);
                    t.keyword.shift_by(at);
                    t.items.shift_by(at);
                    self.cable.tags = Some(t);
                }
                Item::Refs(refs) if self.open == Open::Ref && self.cable.ref_field.is_none() => {
                    self.add_refs(refs, at);
                }
                Item::ClassifiedBy(c) if self.cable.classified_by.is_none() => {
                    let mut c = c.clone();
                    c.shift_by(at);
                    self.cable.classified_by = Some(c);
                }
                Item::Reason(r) if self.cable.reason.is_none() => {
                    let mut r = r.clone();
                    r.shift_by(at);
                    self.cable.reason = Some(r);
                }
                _ => {}
            }
        }
        // The REF field is complete once another field starts.
        if self.open != Open::Ref && !self.cable.refs.is_empty() && self.cable.ref_field.is_none() {
            self.close_ref_field();
        }
    }

    fn add_refs(&mut self, refs: &[RefItem], at: usize) {
        for r in refs {
            let mut r = r.clone();
            r.shift_by(at);
            self.cable.refs.push(r);
        }
    }

    fn close_ref_field(&mut self) {
        if let (Some(first), Some(last)) = (self.cable.refs.first(), self.cable.refs.last()) {
            self.cable.ref_field = Some(Span::new(first.span.start, last.span.end));
        }
    }

    /// Continues an open multi-line field; returns whether the line did.
    fn continue_field(&mut self, line: &LexedLine, at: usize) -> bool {
        let end = at + line.content_len;
        match self.open {
            Open::Tags => {
                let more = line
                    .items
                    .iter()
                    .any(|i| matches!(i, Item::TagContinuation(_)));
                match (more, &mut self.cable.tags) {
                    (true, Some(tags)) => {
                        // The codes are read only now that the line does
                        // continue the field.
                        let text = self.text.get(at..end).unwrap_or("");
                        for mut item in tag_codes(text) {
                            item.shift_by(at);
                            tags.items.push(item);
                        }
                        tags.span.end = end;
                        true
                    }
                    _ => false,
                }
            }
            Open::Subject(lines) => {
                // A subject is a few lines of text; where no blank line
                // ends it, its length or a page break does.
                let Shape::Text(_) = &line.shape else {
                    return false;
                };
                let Some(subject) = &mut self.cable.subject else {
                    return false;
                };
                if lines >= MAX_SUBJECT_LINES
                    || line.items.iter().any(|i| matches!(i, Item::PageBreak(_)))
                {
                    self.open = Open::None;
                    return false;
                }
                subject.span.end = end;
                self.open = Open::Subject(lines + 1);
                true
            }
            Open::Ref => {
                let refs = line.items.iter().find_map(|i| match i {
                    Item::Refs(r) => Some(r),
                    _ => None,
                });
                match refs {
                    Some(refs) if self.cable.ref_field.is_none() => {
                        self.add_refs(refs, at);
                        true
                    }
                    _ => false,
                }
            }
            Open::ClassifiedBy => {
                if let Some(letters) = line.items.iter().find_map(|i| match i {
                    Item::ReasonLetters(l) => Some(l),
                    _ => None,
                }) && let Some(reason) = &mut self.cable.reason
                {
                    for l in letters {
                        let mut l = l.clone();
                        l.shift_by(at);
                        reason.letters.push(l);
                    }
                    reason.span.end = end;
                    return true;
                }
                false
            }
            _ => false,
        }
    }

    fn body_line(&mut self, line: &LexedLine, at: usize, next: Option<&LexedLine>) {
        if self.cable.ref_field.is_none() && !self.cable.refs.is_empty() {
            self.close_ref_field();
        }
        let line_end = at + line.content_len;
        match &line.shape {
            Shape::PageBreak(p) => {
                let mut p = p.clone();
                p.shift_by(at);
                self.cable.page_breaks.push(p);
                self.after_break = true;
                return;
            }
            Shape::Marker(_) => {
                self.after_break = true;
                return;
            }
            Shape::Text(t) => {
                if t.content.is_empty() {
                    // Only HTML residue on the line.
                    return;
                }
                self.signature = t.last_word.map(|w| {
                    let alone = w == t.content;
                    (w.shift(at), alone.then_some(self.content_end))
                });
                let next_breaks = next.is_none_or(|n| match &n.shape {
                    Shape::Blank | Shape::PageBreak(_) => true,
                    Shape::Text(nt) => {
                        nt.underline || n.items.iter().any(|i| matches!(i, Item::Number { .. }))
                    }
                    _ => false,
                });
                let annotated = !self.cable.entities.is_empty();
                // A heading's capitals may also read as TAGS codes.
                let plain = line
                    .items
                    .iter()
                    .all(|i| matches!(i, Item::TagContinuation(_)));
                // One capitalised word alone is a signature unless underlined.
                let underlined =
                    next.is_some_and(|n| matches!(&n.shape, Shape::Text(nt) if nt.underline));
                let plain = plain && (t.last_word != Some(t.content) || underlined);
                if (t.heading || t.title) && self.after_break && next_breaks && plain && !annotated
                {
                    self.end_paragraph(self.content_end);
                    self.cable.headings.push(t.content.shift(at));
                    self.after_break = false;
                    self.content_end = line_end;
                    return;
                }
                if t.underline {
                    self.after_break = true;
                    return;
                }
            }
            _ => self.signature = None,
        }
        let mut marked = false;
        for (index, item) in line.items.iter().enumerate() {
            match item {
                Item::Number {
                    span,
                    number,
                    through,
                    style,
                    text_before,
                } => {
                    // A known marking: `(Ref B)` is no portion mark.
                    let has_mark = matches!(
                        line.items.get(index + 1),
                        Some(Item::Mark(m)) if m.level.is_some()
                    );
                    let opening = text_before.is_none();
                    // A range is a paragraph's only where it is the number
                    // expected, on a line of its own: else a date's
                    // (`November` / `18-20. The protests`).
                    let range = through > number;
                    if range && (!self.after_break || *number != self.expected()) {
                        continue;
                    }
                    let written = span.shift(at).text(self.text);
                    let Some(number) =
                        self.paragraph_number(written, *number, *style, opening, has_mark)
                    else {
                        continue;
                    };
                    let through = if range { *through } else { number };
                    let span = span.shift(at);
                    // The previous paragraph ends before this number.
                    let end = text_before.map_or(self.content_end, |before| at + before);
                    self.end_paragraph(end);
                    self.cable.paragraphs.push(Paragraph {
                        span: Span::new(span.start, line_end),
                        number_span: span,
                        number,
                        through,
                        style: *style,
                        mark: None,
                    });
                    // An anchor's mark may open the next line.
                    if *style == NumberStyle::Anchor {
                        self.awaiting_mark = Some(self.cable.paragraphs.len() - 1);
                        marked = true;
                    } else {
                        self.awaiting_mark = None;
                    }
                }
                Item::Mark(m) => {
                    let owner = self.awaiting_mark.take().or_else(|| {
                        // A mark right after a number on the same line.
                        let last = self.cable.paragraphs.len().checked_sub(1)?;
                        let p = &self.cable.paragraphs[last];
                        (p.number_span.start >= at && p.mark.is_none()).then_some(last)
                    });
                    if let Some(p) = owner {
                        let mut m = m.clone();
                        m.shift_by(at);
                        // A mark the line's text ends with: nothing follows.
                        if let Shape::Text(t) = &line.shape
                            && m.span.end == at + t.content.end
                        {
                            self.bare_marks.push((p, line_end));
                        }
                        if let Some(paragraph) = self.cable.paragraphs.get_mut(p) {
                            paragraph.mark = Some(m);
                        }
                    }
                }
                Item::BlockOpen(kind, span) => self.blocks.push(PendingBlock {
                    kind: *kind,
                    opener: span.shift(at),
                    line_end,
                }),
                Item::BlockClose(kind, span) => {
                    if let Some(i) = self.blocks.iter().rposition(|b| b.kind == *kind) {
                        let open = self.blocks.remove(i);
                        self.cable.blocks.push(Block {
                            span: Span::new(open.opener.start, at + span.end),
                            opener: open.opener,
                            kind: *kind,
                            closed: true,
                        });
                    }
                }
                Item::Keyword {
                    keyword: Keyword::Sipdis,
                    span,
                    ..
                } => self.cable.sipdis.push(span.shift(at)),
                _ => {}
            }
        }
        // A mark is only awaited on the line right after an anchor.
        if !marked {
            self.awaiting_mark = None;
        }
        if let Some(p) = self.cable.paragraphs.last_mut()
            && p.span.start <= line_end
        {
            p.span.end = p.span.end.max(line_end);
        }
        self.after_break = false;
        self.content_end = line_end;
    }

    /// The number a paragraph number stands for, or `None` when it is not
    /// one: `written` is its text, `opening` says whether it opens its
    /// line, `marked` whether a portion mark follows it.
    ///
    /// A number opening a line the line before runs on to is the sentence's
    /// (`… a decision September` / `¶20. There are`, where the publisher put
    /// its `¶` before every line opening with a number), unless marked or
    /// the paragraph expected; after `para`, `page` or `see` it always is.
    /// A number whose first digit a lost line break left at the end of the
    /// line before (`PKO/HAITI --------- 1` / `¶0. (C)`) is read whole when
    /// that makes it the paragraph expected. A number in the middle of a
    /// line without a portion mark is a paragraph's only when it is the one
    /// expected after an unmarked paragraph.
    fn paragraph_number(
        &self,
        written: &str,
        number: u32,
        style: NumberStyle,
        opening: bool,
        marked: bool,
    ) -> Option<u32> {
        let expected = self.expected();
        let runs_on = opening && !self.after_break;
        let (ending, trailing) = &self.previous;
        let mut number = number;
        if opening && let Some(first) = trailing {
            let whole = format!("{}{number}", first.value).parse::<u32>().ok();
            if whole == Some(expected) {
                number = expected;
            } else if written
                .trim_start_matches(['¶', ' '])
                .strip_prefix('0')
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            {
                // `in 2` / `¶010. This`: digits written from a zero finish
                // the number the line before ends with.
                return None;
            }
        }
        let continues_sentence = opening
            && !marked
            && matches!(style, NumberStyle::Pilcrow | NumberStyle::Plain)
            && match *ending {
                Ending::Referring => true,
                Ending::Open => runs_on && number != expected,
                Ending::Closed | Ending::Whole => false,
            };
        let accepted = !continues_sentence
            && match style {
                // Unmarked, only among unmarked paragraphs.
                NumberStyle::RunIn => {
                    marked
                        || self
                            .cable
                            .paragraphs
                            .last()
                            .is_some_and(|p| p.mark.is_none())
                            && number == expected
                }
                // After a line holding a whole paragraph, `2.` opens the
                // next; `2)` is a list's.
                NumberStyle::Plain => {
                    marked || self.after_break || *ending == Ending::Whole && written.ends_with('.')
                }
                _ => true,
            };
        accepted.then_some(number)
    }

    /// The paragraph number expected next.
    fn expected(&self) -> u32 {
        self.cable.paragraphs.last().map_or(1, |p| p.through + 1)
    }

    fn end_paragraph(&mut self, end: usize) {
        if let Some(p) = self.cable.paragraphs.last_mut()
            && end >= p.number_span.end
        {
            p.span.end = end;
        }
    }

    /// A number in the middle of a line without a portion mark (or with
    /// nothing after it), whose number another paragraph opens with, is the
    /// text's (a list item, a count, a stray copy), not a paragraph's.
    fn fold_stray_run_ins(&mut self) {
        let paragraphs = &mut self.cable.paragraphs;
        // Unmarked, or with nothing after its mark on its line and no more
        // lines (`REASON: 1.4(D) 1. (C)` before `¶1. (C) During …`).
        let bare = &self.bare_marks;
        let stray = |i: usize, p: &Paragraph| {
            p.style == NumberStyle::RunIn
                && (p.mark.is_none() || bare.iter().any(|&(b, end)| b == i && p.span.end == end))
        };
        let mut sure: Vec<u32> = paragraphs
            .iter()
            .enumerate()
            .filter(|(i, p)| !stray(*i, p))
            .map(|(_, p)| p.number)
            .collect();
        sure.sort_unstable();
        let folds = |i: usize, p: &Paragraph| stray(i, p) && sure.binary_search(&p.number).is_ok();
        if !paragraphs.iter().enumerate().any(|(i, p)| folds(i, p)) {
            return;
        }
        let mut kept: Vec<Paragraph> = Vec::with_capacity(paragraphs.len());
        for (i, p) in std::mem::take(paragraphs).into_iter().enumerate() {
            if folds(i, &p) {
                // Its text is the paragraph's before it, if any.
                if let Some(last) = kept.last_mut() {
                    last.span.end = last.span.end.max(p.span.end);
                }
            } else {
                kept.push(p);
            }
        }
        *paragraphs = kept;
    }

    /// Where the publisher marked paragraphs with `¶`, a bare number with
    /// no portion mark and white space after it (`1) Joint Staff Talks`;
    /// the publisher missed `2.In interviews` only for its lost space) is
    /// a list item inside a
    /// paragraph, not a paragraph — unless a run of them carries the
    /// numbering on from the paragraph before it, or from 1 at the start,
    /// to the one after it (`¶3.`, `4.Carry-on Luggage`, `5.TDY
    /// Travelers`, `¶6.`).
    fn fold_list_items(&mut self) {
        let paragraphs = &mut self.cable.paragraphs;
        if !paragraphs.iter().any(|p| p.style == NumberStyle::Pilcrow) {
            return;
        }
        // The publisher put its `¶` before `3. ` opening a line, but not
        // before `3.The` with the space lost: that one is a paragraph too.
        let text = self.text;
        let bare = |p: &Paragraph| {
            p.style == NumberStyle::Plain
                && p.mark.is_none()
                && !glued_to_a_word(&text[p.number_span.end..])
        };
        let mut in_sequence = vec![false; paragraphs.len()];
        let mut start = 0;
        while start < paragraphs.len() {
            if !bare(&paragraphs[start]) || start > 0 && bare(&paragraphs[start - 1]) {
                start += 1;
                continue;
            }
            // A run of bare numbers after one that is not, or opening the
            // text from 1 (`1.The EXBS team`, `2.The`, `¶3.`).
            let end = start + paragraphs[start..].iter().take_while(|p| bare(p)).count();
            let from = start.saturating_sub(1);
            let counts_on = end < paragraphs.len()
                && (start > 0 || paragraphs[0].number == 1)
                && paragraphs[from..=end]
                    .windows(2)
                    .all(|w| w[1].number == w[0].through + 1);
            if counts_on {
                in_sequence[start..end].fill(true);
            }
            start = end;
        }
        let mut kept: Vec<Paragraph> = Vec::with_capacity(paragraphs.len());
        let mut folded: Option<u32> = None;
        let mut rest = std::mem::take(paragraphs)
            .into_iter()
            .zip(in_sequence)
            .peekable();
        while let Some((p, in_sequence)) = rest.next() {
            // The paragraph expected is one, though, where the publisher's
            // `¶` is missing (`15.UK and China agree`), unless it is in a
            // run of bare numbers.
            let alone = folded.is_none() && rest.peek().is_none_or(|(next, _)| !bare(next));
            let expected = kept.last().is_some_and(|last| last.through + 1 == p.number) && alone;
            let list_item = bare(&p) && !expected && !in_sequence;
            match kept.last_mut() {
                Some(last) if list_item => {
                    last.span.end = last.span.end.max(p.span.end);
                    folded = Some(p.number);
                }
                _ => {
                    folded = None;
                    kept.push(p);
                }
            }
        }
        self.cable.paragraphs = kept;
    }

    fn finish(mut self, span: Span) -> Cable {
        self.cable.span = span;
        self.fold_stray_run_ins();
        self.fold_list_items();
        if self.cable.ref_field.is_none() {
            self.close_ref_field();
        }
        if let Some((sig, alone)) = self.signature
            && self.region == Region::Body
        {
            self.cable.signature = Some(sig);
            // A signature on its own line is not part of the last paragraph.
            if let (Some(before), Some(p)) = (alone, self.cable.paragraphs.last_mut())
                && p.span.end == sig.end
                && before >= p.number_span.end
            {
                p.span.end = before;
            }
        }
        for open in std::mem::take(&mut self.blocks) {
            // An unclosed block runs to the end of its paragraph.
            // Paragraphs are in order of their starts: those starting
            // after the opener are skipped by a binary search.
            let paragraphs = &self.cable.paragraphs;
            let before = paragraphs.partition_point(|p| p.span.start <= open.opener.start);
            let end = paragraphs[..before]
                .iter()
                .rfind(|p| open.opener.end <= p.span.end)
                .map_or(open.line_end, |p| p.span.end);
            self.cable.blocks.push(Block {
                span: Span::new(open.opener.start, end),
                opener: open.opener,
                kind: open.kind,
                closed: false,
            });
        }
        self.cable.blocks.sort_by_key(|b| b.span.start);
        if self.cable.banner.is_none()
            && let Some(class) = self.classification_line.take()
        {
            self.cable.banner = Some(Banner {
                span: class.span,
                classification: class,
                section: None,
                post: None,
                serial: None,
                station: String::new(),
            });
        }
        self.cable.flavour = self.flavour();
        self.cable.id = cable_id(&self.cable);
        // A REF without a year cites a cable of the citing cable's year.
        if let Some(year) = self
            .cable
            .id
            .as_ref()
            .and_then(|id| id.id.get(..2))
            .map(str::to_string)
        {
            for r in &mut self.cable.refs {
                if let Some(c) = &mut r.cable
                    && c.year.is_none()
                {
                    c.id.insert_str(0, &year);
                }
            }
        }
        self.cable
    }

    fn flavour(&self) -> Flavour {
        let annotated = self.cable.entities.iter().any(|e| e.closed && e.known_type)
            || self
                .cable
                .paragraphs
                .iter()
                .any(|p| p.style == NumberStyle::Anchor);
        if annotated {
            Flavour::Annotated
        } else if self.cable.extract_notice.is_some() {
            Flavour::PartialExtract
        } else if self.has_transmission_lines {
            Flavour::Telegraphic
        } else {
            Flavour::Plain
        }
    }
}

/// The canonical id: DTG year + post + serial, or a DECL-based guess.
fn cable_id(cable: &Cable) -> Option<CableId> {
    let banner = cable.banner.as_ref()?;
    let serial = banner.serial.as_ref()?.value;
    let dtg_year = cable
        .transmission
        .as_ref()
        .and_then(|t| t.dtg.as_ref())
        .and_then(|d| d.year.value);
    let (year, year_source) = match dtg_year {
        Some(y) => (y, YearSource::Dtg),
        None => match cable.eo.as_ref()?.decl.as_ref()?.value {
            Decl::Date(y, _, _) => (
                u32::try_from((y - 10).rem_euclid(100)).ok()?,
                YearSource::DeclGuess,
            ),
            _ => return None,
        },
    };
    Some(CableId {
        id: format!("{year:02}{}{serial}", banner.station),
        year_source,
    })
}
