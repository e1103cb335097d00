//! References to the REF list in a cable's body: `reftel`, `REF A`,
//! `(ref b)`, `per ref B`, `refs A and B` — and the REF items each points at.

use crate::syntax::{Cable, Span};

crate::syntax::patterns! {
    BODY_REF_PATTERNS:
    /// `reftel`, `REF A`, `(REF B)`, `(ref b)` in the body: the word, then
    /// perhaps a letter (group 1), a closing parenthesis (group 2) and what
    /// follows (group 3).
    BODY_REF = r"(?-u:\b)(?i:reftels?|refs?)(?-u:\b)\.?(?:\s+\(?([A-Za-z])(\)?)([^A-Za-z]|$))?";
}

/// A body reference: where it is written and the letter it names, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyRef {
    /// `reftel`, or `ref` through its letter.
    pub span: Span,
    /// The letter, upper case.
    pub letter: Option<char>,
}

/// The body references in `text`, whose first byte is at `offset` of the
/// cable's text, in order. A bare `ref` is one only with a letter; a
/// lower-case letter only when a parenthesis or punctuation closes it
/// (`(ref b)`, `ref b,`), not before a word (`ref a cable`).
pub fn body_refs_in(text: &str, offset: usize) -> impl Iterator<Item = BodyRef> + '_ {
    BODY_REF.captures_iter(text).filter_map(move |caps| {
        let whole = caps.get(0)?;
        let word_end = whole
            .as_str()
            .find(|c: char| !c.is_alphabetic())
            .map_or(whole.end(), |i| whole.start() + i);
        let word = &text[whole.start()..word_end];
        let letter = caps.get(1).filter(|l| {
            let closed = caps.get(2).is_some_and(|p| !p.is_empty());
            let next = caps.get(3).map_or("", |n| n.as_str());
            l.as_str().bytes().all(|b| b.is_ascii_uppercase())
                || closed
                || !next.starts_with(char::is_whitespace)
        });
        if letter.is_none() && !word.to_ascii_lowercase().starts_with("reftel") {
            return None;
        }
        let end = letter.map_or(word_end, |l| l.end());
        Some(BodyRef {
            span: Span::new(offset + whole.start(), offset + end),
            letter: letter
                .and_then(|l| l.as_str().chars().next())
                .map(|c| c.to_ascii_uppercase()),
        })
    })
}

/// Every body reference of a cable with a REF list, in order.
pub fn body_refs(text: &str, cable: &Cable) -> Vec<BodyRef> {
    if cable.refs.is_empty() {
        return Vec::new();
    }
    let start = super::names::body_start(cable).min(text.len());
    let end = cable.span.end.clamp(start, text.len());
    match text.get(start..end) {
        Some(body) => body_refs_in(body, start).collect(),
        None => Vec::new(),
    }
}

/// The REF items a body reference points at: the lettered one (in a list
/// without letters, the letter's place among the cited cables: `ref B` is
/// the second), or for a bare `reftel` every REF item that cites a cable.
pub fn body_ref_items(cable: &Cable, letter: Option<char>) -> Vec<usize> {
    let cables: Vec<usize> = (0..cable.refs.len())
        .filter(|&i| cable.refs[i].cable.is_some())
        .collect();
    let Some(l) = letter else {
        return cables;
    };
    let lettered: Vec<usize> = (0..cable.refs.len())
        .filter(|&i| cable.refs[i].letter.as_ref().is_some_and(|f| f.value == l))
        .collect();
    if !lettered.is_empty() || cable.refs.iter().any(|r| r.letter.is_some()) {
        return lettered;
    }
    let place = (l as usize).wrapping_sub('A' as usize);
    cables.get(place).copied().into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, Option<char>)> {
        body_refs_in(text, 0)
            .map(|r| (r.span.text(text), r.letter))
            .collect()
    }

    #[test]
    fn body_reference_forms() {
        assert_eq!(
            found("As reftel said (ref b), and per ref B. See REF A."),
            [
                ("reftel", None),
                ("ref b", Some('B')),
                ("ref B", Some('B')),
                ("REF A", Some('A'))
            ]
        );
        assert_eq!(
            found("ref (c) and refs a, b"),
            [("ref (c", Some('C')), ("refs a", Some('A'))]
        );
        // An article is not a letter; a bare ref is nothing.
        assert_eq!(found("in ref a cable, the ref said"), []);
        assert_eq!(found("REFTELS"), [("REFTELS", None)]);
    }
}
