//! Checks of the inline entity tags of the annotated flavour.

use super::diagnostic::{Code, Diagnostic};
use crate::syntax::{Cable, Flavour, NumberStyle, Span};

/// Runs every entity check. Only annotated cables are checked: elsewhere a
/// bracket is prose.
pub fn check(text: &str, cable: &Cable, out: &mut Vec<Diagnostic>) {
    if cable.flavour != Flavour::Annotated {
        return;
    }
    let anchors: Vec<Span> = cable
        .paragraphs
        .iter()
        .filter(|p| p.style == NumberStyle::Anchor)
        .map(|p| p.number_span)
        .collect();
    for e in &cable.entities {
        let kind = e.kind.text(text);
        if !e.closed {
            out.push(Diagnostic::new(
                Code::EntityUnclosed,
                e.opener,
                format!("This `[{kind}` tag is never closed with `]`."),
            ));
        }
        if !e.known_type {
            out.push(Diagnostic::new(
                Code::EntityUnknownType,
                e.kind,
                format!("`{kind}` is not an entity type; use PER, ORG, LOC or MISC."),
            ));
        }
        if e.text.is_empty() {
            out.push(Diagnostic::new(
                Code::EntityEmpty,
                e.span,
                "This entity tag contains no text.",
            ));
        }
        let inside =
            |s: &Span| e.text.start <= s.start && s.end <= e.text.end && !e.text.is_empty();
        let crossing = cable
            .keywords
            .iter()
            .find(|s| inside(s))
            .map(|s| (*s, "a header keyword"))
            .or_else(|| {
                cable
                    .markup
                    .iter()
                    .map(|m| m.span)
                    .find(|s| inside(s))
                    .map(|s| (s, "markup"))
            })
            .or_else(|| {
                anchors
                    .iter()
                    .find(|s| inside(s))
                    .map(|s| (*s, "a paragraph break"))
            })
            .or_else(|| {
                e.text.text(text).find("NNNN").map(|i| {
                    (
                        Span::new(e.text.start + i, e.text.start + i + 4),
                        "the end-of-message marker",
                    )
                })
            });
        if let Some((span, what)) = crossing {
            out.push(
                Diagnostic::new(
                    Code::EntitySpansBoundary,
                    e.span,
                    format!(
                        "This `[{kind}` tag runs across {what} (`{}`); it should end before it.",
                        span.text(text)
                    ),
                )
                .with_related(span, what),
            );
        }
    }
}
