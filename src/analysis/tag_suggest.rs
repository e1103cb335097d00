//! Which TAGS items are likely mistakes, and what was meant.
//!
//! TAGS are open-ended: a code missing from the table is not proof of an
//! error. Only three patterns are reported: a wrong but common country code
//! (`RU` for Russia), known tags run together (`PHUMPREL`), and a near miss
//! of a well-used subject or program tag (`ENGR` for `ENRG`). Organisation
//! tags are too open-ended to guess at (`MTCR` and `MTCRE` are both real).

use crate::reference::{self, TagInfo, TagKind};

/// Codes that are real mistakes even though they appear in the table.
const KNOWN_MISTAKES: &[(&str, &str)] = &[("RU", "RS"), ("EU", "EUN")];

/// A near miss must resemble a tag used at least this often in the
/// reference corpus, so rare tags do not attract false suggestions.
const MIN_USAGE: u32 = 10;

/// A message explaining why `code` is likely wrong, or `None`.
pub fn suggest(code: &str) -> Option<String> {
    if let Some((_, right)) = KNOWN_MISTAKES.iter().find(|(wrong, _)| *wrong == code) {
        return Some(format!(
            "`{code}` is a common mistake: the tag for {} is `{right}`.",
            describe(right)
        ));
    }
    if !reference::tag(code).is_empty()
        || code.len() < 2
        || !code.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    if let Some(parts) = split_run_together(code) {
        let list = parts
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(" ");
        return Some(format!("`{code}` looks like tags run together: {list}."));
    }
    let candidates = near_misses(code);
    let named: Vec<String> = candidates
        .iter()
        .map(|t| format!("`{}` ({})", t.code, describe(t.code)))
        .collect();
    match named.as_slice() {
        [] => None,
        [one] => Some(format!("`{code}` is not a known tag; did you mean {one}?")),
        [one, two, ..] => Some(format!(
            "`{code}` is not a known tag; did you mean {one} or {two}?"
        )),
    }
}

fn describe(code: &str) -> String {
    reference::tag(code)
        .first()
        .map(|t| t.meaning)
        .filter(|m| !m.is_empty())
        .unwrap_or(code)
        .to_string()
}

fn well_used(code: &str) -> bool {
    reference::tag(code).iter().any(|t| t.usage >= MIN_USAGE)
}

/// Splits `code` into two or three well-used tags of 2-4 letters (more
/// when it is twelve letters or longer).
fn split_run_together(code: &str) -> Option<Vec<&str>> {
    if code.len() < 6 {
        return None;
    }
    for first in [4, 2, 3] {
        if first >= code.len() {
            continue;
        }
        let (a, rest) = code.split_at(first);
        if !well_used(a) {
            continue;
        }
        if well_used(rest) && rest.len() <= 4 {
            return Some(vec![a, rest]);
        }
        if let Some(mut tail) = split_run_together(rest) {
            tail.insert(0, a);
            // A long run is a whole TAGS line's codes (`KFRDCVISCMGT…`).
            if tail.len() <= 3 || code.len() >= 12 {
                return Some(tail);
            }
        }
        if (2..=4).contains(&rest.len()) && well_used(rest) {
            return Some(vec![a, rest]);
        }
    }
    None
}

/// A program tag (`K…`) must resemble one used at least this often: they
/// are many, and real ones missing from the table (`KWAC`, `KAWK`) are one
/// letter from each other.
const MIN_PROGRAM_USAGE: u32 = 40;

/// The well-used subject and program tags at edit distance one (with
/// transpositions) of a code of four or five letters, whose first letter
/// (the subject category, or `K` for programs) they share: the most used, and the next when it is
/// used at least a quarter as often (`MAPS`: `MOPS` or `MASS`).
fn near_misses(code: &str) -> Vec<&'static TagInfo> {
    if !(4..=5).contains(&code.len()) {
        return Vec::new();
    }
    let min = if code.starts_with('K') {
        MIN_PROGRAM_USAGE
    } else {
        MIN_USAGE
    };
    let mut found: Vec<&'static TagInfo> = reference::tag_codes()
        .filter(|known| known.as_bytes()[0] == code.as_bytes()[0] && distance_one(code, known))
        .flat_map(reference::tag)
        .filter(|t| matches!(t.kind, TagKind::Subject | TagKind::Program) && t.usage >= min)
        .collect();
    found.sort_by_key(|t| std::cmp::Reverse(t.usage));
    found.dedup_by_key(|t| t.code);
    // Two letters typed in the wrong order (`ENGR` for `ENRG`) is the
    // likelier slip than a letter typed wrong (`EAGR`).
    let same_letters = |known: &str| {
        let mut a = code.as_bytes().to_vec();
        let mut b = known.as_bytes().to_vec();
        a.sort_unstable();
        b.sort_unstable();
        a == b
    };
    if found.iter().any(|t| same_letters(t.code)) {
        found.retain(|t| same_letters(t.code));
    }
    let first = found.first().map_or(0, |t| t.usage);
    found.truncate(2);
    found.retain(|t| t.usage * 4 >= first);
    found
}

/// Whether `a` becomes `b` by one substitution, insertion, deletion or
/// transposition of adjacent letters.
fn distance_one(a: &str, b: &str) -> bool {
    bytes_distance_one(a.as_bytes(), b.as_bytes())
}

fn bytes_distance_one(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return false;
    }
    match a.len().abs_diff(b.len()) {
        0 => {
            let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diffs[..] {
                [_] => true,
                [i, j] => j == i + 1 && a[i] == b[j] && a[j] == b[i],
                _ => false,
            }
        }
        1 if a.len() < b.len() => bytes_distance_one(b, a),
        1 => (0..a.len()).any(|i| a[..i] == b[..i] && a[i + 1..] == b[i..]),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert!(suggest("RU").unwrap().contains("`RS`"));
        assert!(suggest("PHUMPREL").unwrap().contains("`PHUM` `PREL`"));
        assert!(suggest("ITPGOV").unwrap().contains("`IT` `PGOV`"));
        assert!(suggest("ENGR").unwrap().contains("`ENRG`"));
        assert!(suggest("POGOV").unwrap().contains("`PGOV`"));
        // Program tags, when the near one is well used; two near ones.
        assert!(suggest("KWWMN").unwrap().contains("`KWMN`"));
        assert_eq!(suggest("KAWK"), None);
        let maps = suggest("MAPS").unwrap();
        assert!(maps.contains("`MOPS`") && maps.contains("`MASS`"), "{maps}");
        let ecun = suggest("ECUN").unwrap();
        assert!(ecun.contains("`ECON`") && !ecun.contains(" or "), "{ecun}");
        assert_eq!(suggest("PREL"), None);
        assert_eq!(suggest("KBIO"), None);
        assert_eq!(suggest("KWAC"), None);
        assert_eq!(suggest("MTCR"), None);
        assert_eq!(suggest("BIDEN"), None);
        assert!(distance_one("ENGR", "ENRG"));
        assert!(!distance_one("ABCD", "ABCD"));
    }
}
