//! Moving line-relative syntax pieces to their absolute place.
//!
//! The lexer works on one line at a time and reports spans relative to the
//! line start; the assembler shifts them by the line's offset. This is what
//! lets an edit re-lex only the lines it touches.

use super::model::*;

/// A value holding spans that can be moved right by a byte count.
pub trait Shift {
    /// Adds `by` to every span inside.
    fn shift_by(&mut self, by: usize);
}

impl Shift for Span {
    fn shift_by(&mut self, by: usize) {
        *self = self.shift(by);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift_by(&mut self, by: usize) {
        if let Some(value) = self {
            value.shift_by(by);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift_by(&mut self, by: usize) {
        for value in self {
            value.shift_by(by);
        }
    }
}

impl<T> Shift for Field<T> {
    fn shift_by(&mut self, by: usize) {
        self.span.shift_by(by);
    }
}

/// Implements [`Shift`] for a struct by shifting the listed fields.
macro_rules! shift_fields {
    ($($ty:ty => $($field:ident),+;)+) => {
        $(impl Shift for $ty {
            fn shift_by(&mut self, by: usize) {
                $(self.$field.shift_by(by);)+
            }
        })+
    };
}

shift_fields! {
    StartLine => span, channel;
    PrecedenceLine => span, prosign, routing;
    DeLine => span, station, serial, section, day_of_year, time;
    ZnLine => span, code;
    Dtg => span, precedence, day, hour, minute, zone, month, year, trailing;
    RoutingEntry => span, routing, addressee, precedence, serial;
    Banner => span, classification, section, post, serial;
    EoLine => span, order, decl;
    TagItem => span;
    CableRef => year, origin, serial;
    RefItem => span, letter, cable;
    ClassifiedBy => span, authority;
    Reason => span, section, letters;
    PortionMark => span;
    PageBreak => span, page;
}
