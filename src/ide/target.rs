//! What the cursor is on: the element of a cable at a byte offset.

pub use crate::semantics::body_refs::body_ref_items;
use crate::semantics::body_refs::body_refs_in;
use crate::semantics::names::{Mention, body_start};
use crate::syntax::{Cable, Level, Span};
use crate::workspace::Summary;

/// The element under the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A TAGS item.
    Tag {
        /// The code.
        code: String,
        /// Where it is written.
        span: Span,
    },
    /// A routing indicator in the transmission header.
    Routing {
        /// The indicator.
        ri: String,
        /// Where it is written.
        span: Span,
        /// The addressee this cable gives it.
        addressee: Option<String>,
    },
    /// The date-time group.
    Dtg(Span),
    /// The DE line.
    De(Span),
    /// The ZN classification line.
    Zn(Span),
    /// The banner's classification words.
    Classification {
        /// The level.
        level: Level,
        /// Where it is written.
        span: Span,
    },
    /// The rest of the banner: the cable's own post and serial.
    OwnId(Span),
    /// A paragraph's portion mark.
    Mark {
        /// The paragraph.
        paragraph: usize,
    },
    /// The E.O. line.
    Eo(Span),
    /// A classification reason letter.
    Reason {
        /// The letter.
        letter: char,
        /// Where it is written.
        span: Span,
    },
    /// A REF item of the header.
    Ref {
        /// Its index in `Cable::refs`.
        index: usize,
    },
    /// `reftel`, `REF A` or `ref B` in the body.
    BodyRef {
        /// The letter, when one is given.
        letter: Option<char>,
        /// Where it is written.
        span: Span,
    },
    /// An entity tag or a proper name.
    Name(Mention),
    /// A paragraph number.
    Paragraph {
        /// Its index in `Cable::paragraphs`.
        index: usize,
    },
}

impl Target {
    /// The text range the target covers.
    pub fn span(&self, cable: &Cable) -> Span {
        match self {
            Target::Tag { span, .. }
            | Target::Routing { span, .. }
            | Target::Classification { span, .. }
            | Target::Reason { span, .. }
            | Target::BodyRef { span, .. } => *span,
            Target::Dtg(s) | Target::De(s) | Target::Zn(s) | Target::OwnId(s) | Target::Eo(s) => *s,
            Target::Mark { paragraph } => cable.paragraphs[*paragraph]
                .mark
                .as_ref()
                .map_or(Span::default(), |m| m.span),
            Target::Ref { index } => cable.refs[*index].span,
            Target::Name(m) => m.span,
            Target::Paragraph { index } => cable.paragraphs[*index].number_span,
        }
    }
}

/// The element at `offset`, if the cursor is on one.
pub fn target_at(text: &str, cable: &Cable, summary: &Summary, offset: usize) -> Option<Target> {
    let on = |s: Span| s.touches(offset);
    if let Some(tags) = &cable.tags
        && let Some(item) = tags.items.iter().find(|i| on(i.span))
    {
        return Some(Target::Tag {
            code: item.code.clone(),
            span: item.span,
        });
    }
    if let Some(t) = &cable.transmission
        && on(t.span)
    {
        let routing = |span: Span, addressee: Option<Span>| Target::Routing {
            ri: span.text(text).to_string(),
            span,
            addressee: addressee.map(|a| {
                a.text(text)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
        };
        for (_, entry) in &t.addressees {
            if let Some(ri) = entry.routing.filter(|r| on(*r)) {
                return Some(routing(ri, entry.addressee));
            }
        }
        if let Some(p) = &t.precedence
            && let Some(ri) = p.routing.iter().find(|r| on(**r))
        {
            return Some(routing(*ri, None));
        }
        if let Some(de) = &t.de {
            if let Some(ri) = de.station.filter(|r| on(*r)) {
                return Some(routing(ri, None));
            }
            if on(de.span) {
                return Some(Target::De(de.span));
            }
        }
        if let Some(dtg) = t.dtg.as_ref().filter(|d| on(d.span)) {
            return Some(Target::Dtg(dtg.span));
        }
        if let Some(zn) = t.zn.as_ref().filter(|z| on(z.span)) {
            return Some(Target::Zn(zn.span));
        }
    }
    if let Some(b) = &cable.banner
        && on(b.span)
    {
        return Some(if on(b.classification.span) {
            Target::Classification {
                level: b.classification.value,
                span: b.classification.span,
            }
        } else {
            Target::OwnId(b.span)
        });
    }
    if let Some(eo) = cable.eo.as_ref().filter(|e| on(e.span)) {
        return Some(Target::Eo(eo.span));
    }
    if let Some(reason) = &cable.reason
        && let Some(letter) = reason.letters.iter().find(|l| on(l.span))
    {
        return Some(Target::Reason {
            letter: letter.value,
            span: letter.span,
        });
    }
    if let Some(index) = cable.refs.iter().position(|r| on(r.span)) {
        return Some(Target::Ref { index });
    }
    for (index, p) in cable.paragraphs.iter().enumerate() {
        if on(p.number_span) {
            return Some(Target::Paragraph { index });
        }
        if p.mark.as_ref().is_some_and(|m| on(m.span)) {
            return Some(Target::Mark { paragraph: index });
        }
    }
    // `Ref B` is a reference, not a name.
    if let Some(r) = body_ref_at(text, cable, offset) {
        return Some(r);
    }
    summary
        .mentions
        .at(offset)
        .map(|m| Target::Name(m.to_mention()))
}

/// `reftel`, `REF A`, `(ref b)` in the body at `offset`.
fn body_ref_at(text: &str, cable: &Cable, offset: usize) -> Option<Target> {
    if offset < body_start(cable) || cable.refs.is_empty() {
        return None;
    }
    let line_start = text.get(..offset)?.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text
        .get(offset..)?
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    body_refs_in(&text[line_start..line_end], line_start)
        .find(|r| r.span.touches(offset))
        .map(|r| Target::BodyRef {
            letter: r.letter,
            span: r.span,
        })
}
