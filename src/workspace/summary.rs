//! The compact per-file summary the workspace index keeps: what navigation
//! and hover need from a cable, without its syntax tree.

use super::identity::{IdSource, settle};
use super::mentions::{Mentions, MentionsBuilder};
use crate::semantics::body_refs::{body_ref_items, body_refs};
use crate::semantics::cable_date;
use crate::semantics::names::mentions;
use crate::syntax::{Cable, Level, Span};

/// A cited cable.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    /// The cited cable's canonical id.
    pub id: String,
    /// The REF item, or the body reference.
    pub span: Span,
}

/// What the index knows of one cable file.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Canonical id (`06DUSHANBE862`).
    pub id: Option<String>,
    /// Where the id comes from: the text or the file name.
    pub id_source: IdSource,
    /// The subject text, on one line.
    pub subject: Option<String>,
    /// Date from the date-time group.
    pub date: Option<(i32, u32, u32)>,
    /// Originating post (`DUSHANBE`) or office.
    pub origin: Option<String>,
    /// Banner classification.
    pub classification: Option<Level>,
    /// The banner (the cable's "definition").
    pub banner: Option<Span>,
    /// TAGS items.
    pub tags: Vec<(String, Span)>,
    /// REF items that cite cables, then the body's references to them
    /// (`reftel`, `ref B`), in text order.
    pub citations: Vec<Citation>,
    /// Entity tags and plain proper names.
    pub mentions: Mentions,
    /// Routing indicators with the addressee this cable gives them.
    pub routing: Routing,
}

/// Routing indicators, each with the addressee a cable gives it, packed
/// into one string (a cable has a dozen; as pairs of strings they took
/// more memory than the rest of its summary but the names).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Routing(String);

impl Routing {
    /// Adds an indicator and its addressee; tabs and line ends in either
    /// become spaces.
    pub fn push(&mut self, ri: &str, addressee: &str) {
        let clean = |s: &str| s.replace(['\t', '\n'], " ");
        self.0.push_str(&clean(ri));
        self.0.push('\t');
        self.0.push_str(&clean(addressee));
        self.0.push('\n');
    }

    /// The indicators with their addressees, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .split_terminator('\n')
            .filter_map(|l| l.split_once('\t'))
    }
}

/// Summarises a parsed cable whose file name is not known (or not an id).
pub fn summarize(text: &str, cable: &Cable) -> Summary {
    summarize_named(None, text, cable)
}

/// Summarises a parsed cable read from a file called `file_name`: a name
/// that is a canonical id gives the id (see [`super::identity`]), and the
/// year of REF items written without one.
pub fn summarize_named(file_name: Option<&str>, text: &str, cable: &Cable) -> Summary {
    let one_line = |span: Span| crate::text::squeeze_spaces(span.text(text));
    let origin = cable
        .banner
        .as_ref()
        .filter(|b| !b.station.is_empty())
        .map(|b| b.station.clone())
        .or_else(|| {
            cable
                .transmission
                .as_ref()
                .and_then(|t| t.from)
                .map(one_line)
        });
    let mut routing = Routing::default();
    if let Some(t) = &cable.transmission {
        for (_, entry) in &t.addressees {
            if let (Some(ri), Some(addressee)) = (entry.routing, entry.addressee) {
                routing.push(ri.text(text), &one_line(addressee));
            }
        }
    }
    routing.0.shrink_to_fit();
    let text_id = cable.id.as_ref().map(|i| i.id.as_str());
    let (id, id_source) = settle(file_name, text_id);
    // The assembler gave a REF item without a year the year of the text's
    // id, if it had one; it is the settled id's year that counts.
    let text_year = text_id.map_or(0, |t| t.len().min(2));
    let year = id
        .as_deref()
        .and_then(|i| i.get(..2))
        .unwrap_or("")
        .to_string();
    let cited = |c: &crate::syntax::CableRef| match c.year {
        Some(_) => c.id.clone(),
        None => format!("{year}{}", c.id.get(text_year..).unwrap_or("")),
    };
    Summary {
        id,
        id_source,
        subject: cable
            .subject
            .as_ref()
            .map(|s| one_line(s.span))
            .filter(|s| !s.is_empty()),
        date: cable_date(cable),
        origin,
        classification: cable.banner.as_ref().map(|b| b.classification.value),
        banner: cable.banner.as_ref().map(|b| b.span),
        tags: cable
            .tags
            .iter()
            .flat_map(|t| &t.items)
            .map(|i| (i.code.clone(), i.span))
            .collect(),
        citations: {
            let item = |i: usize, span: Span| {
                let c = cable.refs.get(i)?.cable.as_ref()?;
                Some(Citation { id: cited(c), span })
            };
            let mut citations: Vec<Citation> = (0..cable.refs.len())
                .filter_map(|i| item(i, cable.refs[i].span))
                .collect();
            // `reftel` and `ref B` in the body cite what their items cite.
            for r in body_refs(text, cable) {
                let items = body_ref_items(cable, r.letter);
                citations.extend(items.into_iter().filter_map(|i| item(i, r.span)));
            }
            citations
        },
        mentions: {
            let mut found = MentionsBuilder::default();
            mentions(text, cable, &mut |span, key: &str, kind| {
                found.push(span, key, kind)
            });
            found.finish()
        },
        routing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routing_pairs_survive_packing() {
        let mut routing = Routing::default();
        routing.push("RUEHC", "SECSTATE WASHDC");
        routing.push("RUEHDBU", "AMEMBASSY\tDUSHANBE\n");
        let pairs: Vec<_> = routing.iter().collect();
        assert_eq!(
            pairs,
            [
                ("RUEHC", "SECSTATE WASHDC"),
                ("RUEHDBU", "AMEMBASSY DUSHANBE ")
            ]
        );
    }
}
