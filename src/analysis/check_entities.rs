//! Checks of the inline entity tags of the annotated flavour.

use super::diagnostic::{Code, Diagnostic};
use crate::syntax::{Cable, Flavour, NumberStyle, Span};

/// Runs every entity check. Only annotated cables are checked: elsewhere a
/// bracket is prose.
pub fn check(text: &str, cable: &Cable, out: &mut Vec<Diagnostic>) {
    if cable.flavour != Flavour::Annotated {
        return;
    }
    // What a tag may not run across, each list in text order (as the
    // model keeps them; sorted here too, which costs nothing then), so each
    // tag looks up only the few that start inside it: a 5 MB annotated
    // document has thousands of tags and thousands of each.
    let in_order = |mut spans: Vec<Span>| {
        spans.sort_by_key(|s| s.start);
        spans
    };
    let keywords = in_order(cable.keywords.clone());
    let markup = in_order(cable.markup.iter().map(|m| m.span).collect());
    let anchors = in_order(
        cable
            .paragraphs
            .iter()
            .filter(|p| p.style == NumberStyle::Anchor)
            .map(|p| p.number_span)
            .collect(),
    );
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
        let crossing = (!e.text.is_empty())
            .then(|| {
                first_inside(&keywords, e.text)
                    .map(|s| (s, "a header keyword"))
                    .or_else(|| first_inside(&markup, e.text).map(|s| (s, "markup")))
                    .or_else(|| first_inside(&anchors, e.text).map(|s| (s, "a paragraph break")))
            })
            .flatten()
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

/// The first of `spans` (in text order) lying inside `within`: only those
/// starting within it are looked at.
fn first_inside(spans: &[Span], within: Span) -> Option<Span> {
    let from = spans.partition_point(|s| s.start < within.start);
    spans[from..]
        .iter()
        .take_while(|s| s.start <= within.end)
        .find(|s| s.end <= within.end)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_first_span_inside_is_found_by_search(
            mut spans in proptest::collection::vec((0usize..20, 0usize..4), 0..12),
            start in 0usize..20,
            len in 0usize..8,
        ) {
            spans.sort();
            let spans: Vec<Span> = spans.into_iter().map(|(s, l)| Span::new(s, s + l)).collect();
            let within = Span::new(start, start + len);
            let by_scan = spans
                .iter()
                .find(|s| within.start <= s.start && s.end <= within.end)
                .copied();
            proptest::prop_assert_eq!(first_inside(&spans, within), by_scan);
        }
    }
}
