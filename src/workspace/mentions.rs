//! The mentions of names in one cable, packed for the index: each distinct
//! normalised name is stored once, and each mention is three integers.
//!
//! A cable mentions about a hundred names, most of them several times; as
//! owned strings with their spans that was 18 KB per cable, 4 GB for the
//! whole Cablegate release. Packed it is about 2 KB.

use crate::analysis::names::{EntityKind, Mention, surname_of};
use crate::syntax::Span;

/// One mention, borrowed from a [`Mentions`] table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MentionRef<'a> {
    /// Where it is written.
    pub span: Span,
    /// The normalised name.
    pub key: &'a str,
    /// The entity type when tagged.
    pub kind: Option<EntityKind>,
}

impl MentionRef<'_> {
    /// The surname of a name of several words (see [`surname_of`]).
    pub fn surname(&self) -> Option<&str> {
        surname_of(self.key)
    }

    /// Whether this is a mention of any of `keys`, by name or surname.
    pub fn matches(&self, keys: &[String]) -> bool {
        let surname = self.surname();
        keys.iter().any(|k| k == self.key || surname == Some(k))
    }

    /// An owned copy.
    pub fn to_mention(&self) -> Mention {
        Mention {
            span: self.span,
            key: self.key.to_string(),
            kind: self.kind,
        }
    }
}

/// A cable's mentions in text order, with their distinct names.
///
/// Read from the on-disk cache, so every accessor tolerates inconsistent
/// contents: a bad name index reads as an empty name, never a panic.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mentions {
    /// The distinct names, sorted, concatenated.
    names: String,
    /// Where each name ends in `names`.
    ends: Vec<u32>,
    /// Each mention: start, end, and its name's index shifted left by 3
    /// with its kind (0 for none, else 1 + the kind's position) below.
    items: Vec<[u32; 3]>,
}

impl Mentions {
    /// Packs mentions (kept in the given order). A mention whose span does
    /// not fit in 32 bits (a document over 4 GB) is left out.
    pub fn new(mentions: &[Mention]) -> Self {
        let mut keys: Vec<&str> = mentions.iter().map(|m| m.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut names = String::with_capacity(keys.iter().map(|k| k.len()).sum());
        let mut ends = Vec::with_capacity(keys.len());
        for k in &keys {
            names.push_str(k);
            ends.push(u32::try_from(names.len()).unwrap_or(u32::MAX));
        }
        let items = mentions
            .iter()
            .filter_map(|m| {
                let name = keys.binary_search(&m.key.as_str()).ok()?;
                let kind = m.kind.map_or(0, |k| k as u32 + 1);
                let packed = u32::try_from(name).ok()?.checked_mul(8)? | kind;
                Some([
                    u32::try_from(m.span.start).ok()?,
                    u32::try_from(m.span.end).ok()?,
                    packed,
                ])
            })
            .collect();
        Mentions { names, ends, items }
    }

    /// Number of mentions.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The distinct names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.name(i))
    }

    fn name(&self, i: usize) -> &str {
        let start = match i {
            0 => 0,
            _ => self.ends.get(i - 1).copied().unwrap_or(0),
        };
        let end = self.ends.get(i).copied().unwrap_or(0);
        self.names.get(start as usize..end as usize).unwrap_or("")
    }

    fn unpack(&self, [start, end, packed]: [u32; 3]) -> MentionRef<'_> {
        let kind = (packed & 7).checked_sub(1);
        MentionRef {
            span: Span::new(start as usize, end as usize),
            key: self.name((packed >> 3) as usize),
            kind: kind.and_then(|k| EntityKind::ALL.get(k as usize).copied()),
        }
    }

    /// Every mention, in text order.
    pub fn iter(&self) -> impl Iterator<Item = MentionRef<'_>> {
        self.items.iter().map(|&item| self.unpack(item))
    }

    /// The first mention of exactly `key`, found by binary search of the
    /// names (a file listed under a surname may not have the name itself).
    pub fn first(&self, key: &str) -> Option<MentionRef<'_>> {
        let mut low = 0;
        let mut high = self.ends.len();
        while low < high {
            let mid = low + (high - low) / 2;
            match self.name(mid).cmp(key) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => {
                    let wanted = u32::try_from(mid).ok()?;
                    let item = self.items.iter().find(|item| item[2] >> 3 == wanted)?;
                    return Some(self.unpack(*item));
                }
            }
        }
        None
    }

    /// The mention at `offset`, if any.
    pub fn at(&self, offset: usize) -> Option<MentionRef<'_>> {
        self.iter().find(|m| m.span.touches(offset))
    }

    /// The mentions of any of `keys`, by name or surname, in text order.
    pub fn matching<'a>(&'a self, keys: &'a [String]) -> impl Iterator<Item = MentionRef<'a>> {
        let wanted: Vec<u32> = (0..self.ends.len())
            .filter(|&i| {
                let name = self.name(i);
                let surname = surname_of(name);
                keys.iter().any(|k| k == name || surname == Some(k))
            })
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        self.items
            .iter()
            .filter(move |item| wanted.contains(&(item[2] >> 3)))
            .map(|&item| self.unpack(item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(start: usize, key: &str, kind: Option<EntityKind>) -> Mention {
        Mention {
            span: Span::new(start, start + key.len()),
            key: key.into(),
            kind,
        }
    }

    #[test]
    fn packs_and_reads_back() {
        let given = vec![
            mention(0, "grigory karasin", None),
            mention(20, "popov", Some(EntityKind::Per)),
            mention(30, "karasin", Some(EntityKind::Misc)),
            mention(40, "grigory karasin", None),
        ];
        let packed = Mentions::new(&given);
        let back: Vec<Mention> = packed.iter().map(|m| m.to_mention()).collect();
        assert_eq!(back, given);
        assert_eq!(
            packed.names().collect::<Vec<_>>(),
            ["grigory karasin", "karasin", "popov"]
        );
        assert_eq!(packed.at(22).map(|m| m.key), Some("popov"));
        assert_eq!(packed.first("karasin").map(|m| m.span.start), Some(30));
        assert_eq!(
            packed.first("grigory karasin").map(|m| m.span.start),
            Some(0)
        );
        assert_eq!(packed.first("kara"), None);
        assert_eq!(packed.at(26), None);
        let keys = ["karasin".to_string()];
        let spans: Vec<usize> = packed.matching(&keys).map(|m| m.span.start).collect();
        assert_eq!(spans, [0, 30, 40]);
    }

    #[test]
    fn inconsistent_tables_read_as_empty_names() {
        let broken = Mentions {
            names: "ab".into(),
            ends: vec![5, 1],
            items: vec![[0, 1, 0], [1, 2, 8], [2, 3, 80 | 7]],
        };
        let keys: Vec<&str> = broken.iter().map(|m| m.key).collect();
        assert_eq!(keys, ["", "", ""]);
        assert_eq!(broken.iter().filter_map(|m| m.kind).count(), 0);
    }
}
