//! Moving syntax pieces: from line-relative to absolute offsets, and across
//! an edit.
//!
//! The lexer works on one line at a time and reports spans relative to the
//! line start; the assembler shifts them by the line's offset. This is what
//! lets an edit re-lex only the lines it touches. An edit that leaves every
//! line's structure as it was moves the model's offsets the same way, so
//! the model is remapped instead of rebuilt ([`super::incremental`]).
//!
//! Every implementation below names every field of its type, so a field
//! added to the model without saying whether it holds offsets does not
//! compile.

use super::line::{Item, LexedLine, Shape, TextTraits};
use super::model::*;

/// A value holding byte offsets.
pub trait Shift {
    /// Replaces every byte offset `o` inside with `f(o)`.
    fn map_offsets(&mut self, f: &mut impl FnMut(usize) -> usize);

    /// Adds `by` to every offset inside.
    fn shift_by(&mut self, by: usize) {
        self.map_offsets(&mut |o| o + by);
    }
}

impl Shift for Span {
    fn map_offsets(&mut self, f: &mut impl FnMut(usize) -> usize) {
        self.start = f(self.start);
        self.end = f(self.end);
    }
}

/// An offset on its own (`Item::Number`'s `text_before`).
impl Shift for usize {
    fn map_offsets(&mut self, f: &mut impl FnMut(usize) -> usize) {
        *self = f(*self);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn map_offsets(&mut self, f: &mut impl FnMut(usize) -> usize) {
        if let Some(value) = self {
            value.map_offsets(f);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn map_offsets(&mut self, f: &mut impl FnMut(usize) -> usize) {
        for value in self {
            value.map_offsets(f);
        }
    }
}

/// A field's value is never an offset.
impl<T> Shift for Field<T> {
    fn map_offsets(&mut self, f: &mut impl FnMut(usize) -> usize) {
        self.span.map_offsets(f);
    }
}

impl<T: Shift> Shift for (AddresseeKind, T) {
    fn map_offsets(&mut self, f: &mut impl FnMut(usize) -> usize) {
        self.1.map_offsets(f);
    }
}

/// Implements [`Shift`] for structs: the fields before `;` hold offsets,
/// the fields after it do not. Every field must be named.
macro_rules! offsets_in {
    ($($ty:ident { $($field:ident),* $(; $($other:ident),+)? })+) => {
        $(impl Shift for $ty {
            fn map_offsets(&mut self, f: &mut impl FnMut(usize) -> usize) {
                let $ty { $($field,)* $($($other: _,)+)? } = self;
                $($field.map_offsets(f);)*
            }
        })+
    };
}

offsets_in! {
    StartLine { span, channel }
    PrecedenceLine { span, prosign, routing }
    DeLine { span, station, serial, section, day_of_year, time; well_formed }
    ZnLine { span, code; level }
    Dtg { span, precedence, day, hour, minute, zone, month, year, trailing }
    RoutingEntry { span, routing, addressee, precedence, serial }
    Transmission { span, start, precedence, de, zn, dtg, from, addressees, markers }
    Banner { span, classification, section, post, serial; station }
    EoLine { span, order, decl }
    TagItem { span; code }
    TagsLine { span, keyword, items }
    CableRef { year, origin, serial; id }
    RefItem { span, letter, cable }
    ClassifiedBy { span, authority }
    Reason { span, section, letters }
    PortionMark { span; text, level, opened, closed }
    Paragraph { span, number_span, mark; number, through, style }
    PageBreak { span, page; serial, continued }
    Block { span, opener; kind, closed }
    EntityTag { span, opener, kind, text; closed, known_type }
    Markup { span }
    TextTraits { content, last_word; heading, title, caption, underline }
    Residue { span; kind }
    Other { cable; relation }
    Cable {
        transmission, banner, sipdis, captions, eo, tags, subject, ref_field, refs,
        classified_by, reason, paragraphs, headings, page_breaks, blocks, signature,
        entities, markup, keywords, garbled_banner, extract_notice, residue, span, others;
        flavour, id
    }
}

impl Shift for Shape {
    fn map_offsets(&mut self, f: &mut impl FnMut(usize) -> usize) {
        match self {
            Shape::Blank => {}
            Shape::Start(s) => s.map_offsets(f),
            Shape::Precedence(p) => p.map_offsets(f),
            Shape::De(d) => d.map_offsets(f),
            Shape::Zn(z) => z.map_offsets(f),
            Shape::Dtg(d) => d.map_offsets(f),
            Shape::From(s) | Shape::Marker(s) => s.map_offsets(f),
            Shape::To(e) | Shape::Info(e) | Shape::Routing(e) => e.map_offsets(f),
            Shape::PageBreak(p) => p.map_offsets(f),
            Shape::Text(t) => t.map_offsets(f),
        }
    }
}

impl Shift for Item {
    fn map_offsets(&mut self, f: &mut impl FnMut(usize) -> usize) {
        match self {
            Item::ExtractNotice(s)
            | Item::GarbledBanner(s)
            | Item::SubjectText(s)
            | Item::Markup(s)
            | Item::Caption(s)
            | Item::BlockOpen(_, s)
            | Item::BlockClose(_, s) => s.map_offsets(f),
            Item::Banner(b) => b.map_offsets(f),
            Item::Classification(c) => c.map_offsets(f),
            Item::Keyword {
                keyword: _,
                span,
                field,
            } => {
                span.map_offsets(f);
                field.map_offsets(f);
            }
            Item::Eo(e) => e.map_offsets(f),
            Item::Tags(t) => t.map_offsets(f),
            Item::TagContinuation(t) => t.map_offsets(f),
            Item::Refs(r) => r.map_offsets(f),
            Item::ClassifiedBy(c) => c.map_offsets(f),
            Item::Reason(r) => r.map_offsets(f),
            Item::ReasonLetters(l) => l.map_offsets(f),
            Item::Number {
                span,
                number: _,
                through: _,
                style: _,
                text_before,
            } => {
                span.map_offsets(f);
                text_before.map_offsets(f);
            }
            Item::Mark(m) => m.map_offsets(f),
            Item::Entity(e) => e.map_offsets(f),
            Item::PageBreak(p) => p.map_offsets(f),
        }
    }
}

impl Shift for LexedLine {
    fn map_offsets(&mut self, f: &mut impl FnMut(usize) -> usize) {
        let LexedLine {
            len,
            content_len,
            shape,
            items,
            residue,
            ending: _,
            trailing_number,
        } = self;
        *len = f(*len);
        *content_len = f(*content_len);
        shape.map_offsets(f);
        items.map_offsets(f);
        residue.map_offsets(f);
        trailing_number.map_offsets(f);
    }
}
