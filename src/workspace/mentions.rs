//! The mentions of names in one cable, packed for the index: each distinct
//! normalised name is stored once, and each mention is three small
//! integers in variable-length bytes (its distance from the previous one,
//! its length, its name and kind), four bytes for most.
//!
//! A cable mentions about a hundred names, most of them several times; as
//! owned strings with their spans that was 18 KB per cable, 4 GB for the
//! whole Cablegate release. Packed it is about 1 KB.

use std::collections::HashMap;

use crate::fast_hash::FastHash;
use crate::semantics::names::{EntityKind, Mention, surname_of};
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
    /// Each mention in text order, as three LEB128 numbers: its start less
    /// the previous mention's start, its length, and its name's index
    /// shifted left by 3 with its kind (0 for none, else 1 + the kind's
    /// position) below.
    items: Vec<u8>,
    /// How many mentions `items` holds.
    count: u32,
}

/// Whether `key` may be the [`surname_of`] some name: one word of three
/// characters or more.
fn can_be_surname(key: &str) -> bool {
    !key.contains(' ') && key.chars().count() >= 3
}

/// Whether `name` ends with the word `word` after a space. For a `word`
/// that [`can_be_surname`], that is `surname_of(name) == Some(word)`.
fn ends_in_word(name: &str, word: &str) -> bool {
    name.len() > word.len()
        && name.ends_with(word)
        && name.as_bytes()[name.len() - word.len() - 1] == b' '
}

/// Appends `n` in LEB128: seven bits a byte, low bits first.
fn put(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads a LEB128 number at `*at`, moving past it; `None` when the bytes
/// end early or the number does not fit.
fn take(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut n: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        let part = u32::from(byte & 0x7f);
        // The fifth byte has room for four bits only.
        if part.leading_zeros() < shift {
            return None;
        }
        n |= part << shift;
        if byte & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

/// Collects a cable's mentions, each distinct name kept once, and packs
/// them into [`Mentions`].
#[derive(Debug, Default)]
pub struct MentionsBuilder {
    /// Each distinct name with its number (names are numbered in the order
    /// first given).
    ids: HashMap<String, u32, FastHash>,
    /// Each mention as given: where, its name's number, its kind.
    found: Vec<(Span, u32, Option<EntityKind>)>,
}

impl MentionsBuilder {
    /// Adds a mention; only a name not seen before is copied.
    pub fn push(&mut self, span: Span, key: &str, kind: Option<EntityKind>) {
        let id = match self.ids.get(key) {
            Some(&id) => id,
            None => {
                if self.ids.is_empty() {
                    // Most cables name dozens: sized once, not grown by
                    // doubling from three.
                    self.ids.reserve(64);
                }
                let Ok(id) = u32::try_from(self.ids.len()) else {
                    return;
                };
                self.ids.insert(key.to_string(), id);
                id
            }
        };
        self.found.push((span, id, kind));
    }

    /// The mentions in text order (those starting at the same place in the
    /// order given), with their names sorted. A mention whose span does not
    /// fit in 32 bits (a document over 4 GB) is left out.
    pub fn finish(mut self) -> Mentions {
        let mut keys: Vec<(String, u32)> = self.ids.into_iter().collect();
        keys.sort_unstable();
        // Each name's place among the sorted ones, by its number.
        let mut place = vec![0u32; keys.len()];
        let mut names = String::with_capacity(keys.iter().map(|(k, _)| k.len()).sum());
        let mut ends = Vec::with_capacity(keys.len());
        for (i, (key, id)) in keys.iter().enumerate() {
            if let (Some(slot), Ok(i)) = (place.get_mut(*id as usize), u32::try_from(i)) {
                *slot = i;
            }
            names.push_str(key);
            ends.push(u32::try_from(names.len()).unwrap_or(u32::MAX));
        }
        self.found.sort_by_key(|(span, _, _)| span.start);
        let mut items = Vec::with_capacity(self.found.len() * 4);
        let mut count = 0;
        let mut previous = 0;
        for (span, id, kind) in self.found {
            let packed = (|| {
                let name = *place.get(id as usize)?;
                let kind = kind.map_or(0, |k| k as u32 + 1);
                let start = u32::try_from(span.start).ok()?;
                let len = u32::try_from(span.end.checked_sub(span.start)?).ok()?;
                Some((start, len, name.checked_mul(8)? | kind))
            })();
            if let Some((start, len, name)) = packed {
                put(&mut items, start - previous);
                put(&mut items, len);
                put(&mut items, name);
                previous = start;
                count += 1;
            }
        }
        items.shrink_to_fit();
        Mentions {
            names,
            ends,
            items,
            count,
        }
    }
}

impl Mentions {
    /// Number of mentions.
    pub fn len(&self) -> usize {
        self.count as usize
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
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

    /// Every mention in text order, as (start, length, packed name).
    fn raw(&self) -> impl Iterator<Item = (usize, usize, u32)> + '_ {
        let mut at = 0;
        let mut start: usize = 0;
        std::iter::from_fn(move || {
            let delta = take(&self.items, &mut at)?;
            let len = take(&self.items, &mut at)?;
            let name = take(&self.items, &mut at)?;
            start = start.saturating_add(delta as usize);
            Some((start, len as usize, name))
        })
    }

    fn unpack(&self, (start, len, packed): (usize, usize, u32)) -> MentionRef<'_> {
        let kind = (packed & 7).checked_sub(1);
        MentionRef {
            span: Span::new(start, start.saturating_add(len)),
            key: self.name((packed >> 3) as usize),
            kind: kind.and_then(|k| EntityKind::ALL.get(k as usize).copied()),
        }
    }

    /// Every mention, in text order.
    pub fn iter(&self) -> impl Iterator<Item = MentionRef<'_>> {
        self.raw().map(|item| self.unpack(item))
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
                    let item = self.raw().find(|item| item.2 >> 3 == wanted)?;
                    return Some(self.unpack(item));
                }
            }
        }
        None
    }

    /// The mention at `offset`, if any.
    pub fn at(&self, offset: usize) -> Option<MentionRef<'_>> {
        self.iter().find(|m| m.span.touches(offset))
    }

    /// Whether the cable mentions exactly the name `key`.
    pub fn contains(&self, key: &str) -> bool {
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.name(mid).cmp(key) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// The mentions of the names `wanted` accepts, in text order.
    pub fn matching_names<'a>(
        &'a self,
        wanted: impl Fn(&str) -> bool,
    ) -> impl Iterator<Item = MentionRef<'a>> + 'a {
        let wanted: Vec<u32> = (0..self.ends.len())
            .filter(|&i| wanted(self.name(i)))
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        self.raw()
            .filter(move |item| wanted.contains(&(item.2 >> 3)))
            .map(|item| self.unpack(item))
    }

    /// The mentions of any of `keys`, by name or surname, in text order.
    pub fn matching<'a>(&'a self, keys: &'a [String]) -> impl Iterator<Item = MentionRef<'a>> {
        // A name of every cable is looked for in every cable: each key is
        // checked once for whether it can be a surname, and each name then
        // by comparing its end (no split or count per name).
        let keys: Vec<(&str, bool)> = keys
            .iter()
            .map(|k| (k.as_str(), can_be_surname(k)))
            .collect();
        let wanted: Vec<u32> = (0..self.ends.len())
            .filter(|&i| {
                let name = self.name(i);
                keys.iter()
                    .any(|&(k, surname)| name == k || surname && ends_in_word(name, k))
            })
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        self.raw()
            .filter(move |item| wanted.contains(&(item.2 >> 3)))
            .map(|item| self.unpack(item))
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
        let mut builder = MentionsBuilder::default();
        for m in &given {
            builder.push(m.span, &m.key, m.kind);
        }
        let packed = builder.finish();
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

    proptest::proptest! {
        #[test]
        fn surnames_are_matched_by_their_end(
            start in "([a-z]|é|’|-| ){0,8}",
            joint in "( |-|)",
            key in "([a-z]|é|’|-| ){0,5}",
            ends_with_key in proptest::bool::ANY,
        ) {
            // Names ending with the key, after a space or not, half the time.
            let name = if ends_with_key { format!("{start}{joint}{key}") } else { start };
            proptest::prop_assert_eq!(
                can_be_surname(&key) && ends_in_word(&name, &key),
                surname_of(&name) == Some(key.as_str())
            );
        }
    }

    #[test]
    fn inconsistent_tables_read_as_empty_names() {
        let mut items = Vec::new();
        for n in [0, 1, 0, 1, 1, 8, 1, 1, 87] {
            put(&mut items, n);
        }
        // A number cut short ends the list.
        items.push(0x80);
        let broken = Mentions {
            names: "ab".into(),
            ends: vec![5, 1],
            items,
            count: 7,
        };
        let keys: Vec<&str> = broken.iter().map(|m| m.key).collect();
        assert_eq!(keys, ["", "", ""]);
        assert_eq!(broken.iter().filter_map(|m| m.kind).count(), 0);
        // Numbers too long for 32 bits are refused, not wrapped.
        let mut at = 0;
        assert_eq!(take(&[0xff, 0xff, 0xff, 0xff, 0x7f], &mut at), None);
        let mut at = 0;
        assert_eq!(
            take(&[0xff, 0xff, 0xff, 0xff, 0x0f], &mut at),
            Some(u32::MAX)
        );
    }
}
