//! Checks of the file as a whole: what it holds besides one cable's text.

use super::diagnostic::{Code, Diagnostic};
use crate::syntax::{Cable, Relation, ResidueKind, Span};

/// Runs every file check.
pub fn check(text: &str, cable: &Cable, out: &mut Vec<Diagnostic>) {
    residue(cable, out);
    others(text, cable, out);
}

/// How a reader names a cable: its id, else its banner's post and serial.
fn name(text: &str, cable: &Cable) -> String {
    if let Some(id) = &cable.id {
        return format!("`{}`", id.id);
    }
    match cable
        .banner
        .as_ref()
        .and_then(|b| b.post.zip(b.serial.as_ref()))
    {
        Some((post, serial)) => format!("`{} {}`", post.text(text), serial.span.text(text)),
        None => "a cable without a readable banner".to_string(),
    }
}

/// The first line of a cable's part of the file, without blanks.
pub(super) fn first_line(text: &str, span: Span) -> Span {
    let part = span.text(text);
    let start = span.start + (part.len() - part.trim_start().len());
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i)
        .min(span.end.max(start));
    Span::new(start, end)
}

/// A report where another cable, or another copy of this one, starts.
fn others(text: &str, cable: &Cable, out: &mut Vec<Diagnostic>) {
    let anchor = |c: &Cable| {
        c.banner
            .as_ref()
            .map_or_else(|| first_line(text, c.span), |b| b.span)
    };
    for other in &cable.others {
        let at = anchor(&other.cable);
        let diag = match other.relation {
            Relation::Another => Diagnostic::new(
                Code::MultipleCables,
                at,
                format!(
                    "Another cable starts here: {} runs into the file of {}. Each is checked on its own, with its own classification.",
                    name(text, &other.cable),
                    name(text, cable)
                ),
            ),
            Relation::Copy => {
                let copy = other.cable.span.text(text);
                let what = if copy.lines().any(|l| l.trim_end().ends_with("...")) {
                    "a truncated preview of the cable (it ends with `...`)"
                } else {
                    "another copy of the cable's text"
                };
                let place = if other.cable.span.start < cable.span.start {
                    "the full text follows"
                } else {
                    "the text read is above"
                };
                Diagnostic::new(
                    Code::RepeatedPreview,
                    at,
                    format!("This part of the file is {what}; {place}, and only that is checked."),
                )
            }
        };
        out.push(diag.with_related(anchor(cable), "the cable read as the file's"));
    }
}

/// One report for the export and mirror residue of a file, at its first
/// piece, naming the kinds found and where each first appears.
fn residue(cable: &Cable, out: &mut Vec<Diagnostic>) {
    let Some(first) = cable.residue.first() else {
        return;
    };
    let mut kinds: Vec<ResidueKind> = cable.residue.iter().map(|r| r.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let names: Vec<&str> = kinds.iter().map(|k| k.describe()).collect();
    let mut diag = Diagnostic::new(
        Code::ExportResidue,
        first.span,
        format!(
            "This file holds residue of an export or mirror ({}) around the cable text; the cable is read through it.",
            names.join(", ")
        ),
    );
    for kind in kinds.iter().filter(|&&k| k != first.kind) {
        if let Some(r) = cable.residue.iter().find(|r| r.kind == *kind) {
            diag = diag.with_related(r.span, format!("the first of the {}", kind.describe()));
        }
    }
    out.push(diag);
}
