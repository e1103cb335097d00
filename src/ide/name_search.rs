//! Who a name under the cursor stands for, as a search over the workspace:
//! a full name finds that name, and its bare surname only in cables that
//! also write the full name, so namesakes stay apart (`Gamal Mubarak` is
//! not his father, `South Ossetia` is not `North Ossetia`).

use crate::semantics::names::{Mention, given_name_of, surname_of};
use crate::workspace::{FileId, Index, MentionRef, Mentions};

/// What a search for a name looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameSearch {
    /// The full name (a normalised key of several words) meant, if known.
    pub full: Option<String>,
    /// The one word: the full name's surname, counted only in cables that
    /// write the full name; or, without a full name, a bare word found
    /// everywhere, alone or ending a name.
    pub word: Option<String>,
}

/// Whether a one-word name is `word`, or a hyphenated compound with `word`
/// as one of its parts (`lavrov-lieberman`).
fn is_word(name: &str, word: &str) -> bool {
    name == word || !name.contains(' ') && name.split('-').any(|part| part == word)
}

/// A word of a name folded over the ways the cables transliterate it:
/// `q` and `c` as `k`, `y` as `i`, `ou` as `u`, a doubled letter as one,
/// and an `al-` or `el-` particle left out (`Rafiq`, `Rafic` and `Rafik`;
/// `Dmitriy`, `Dmitry` and `Dmitri`; `al-Hariri` and `Hariri`).
fn folded(word: &str) -> impl Iterator<Item = char> + '_ {
    let word = word
        .strip_prefix("al-")
        .or_else(|| word.strip_prefix("el-"))
        .unwrap_or(word);
    let mut chars = word.chars().peekable();
    let mut last = None;
    std::iter::from_fn(move || {
        loop {
            let c = match chars.next()? {
                'q' | 'c' => 'k',
                'y' => 'i',
                'o' if chars.peek() == Some(&'u') => continue,
                c => c,
            };
            if last != Some(c) {
                last = Some(c);
                return Some(c);
            }
        }
    })
}

/// Whether two words of a given name are one name mistyped: both of five
/// letters or more once [`folded`], the same but for one letter added,
/// dropped or changed inside the word (`Talbak` and `Talkbak`). Short
/// names one letter apart are often two names (`Raul`, `Saul`), and so are
/// names apart in their first or last letter (`Mario`, `Maria`;
/// `Aleksandr`, `Aleksandra`).
fn one_slip_apart(x: &str, y: &str) -> bool {
    let (x, y): (Vec<char>, Vec<char>) = (folded(x).collect(), folded(y).collect());
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    if short.len() < 5 || long.len() - short.len() > 1 {
        return false;
    }
    let at = short.iter().zip(&long).take_while(|(a, b)| a == b).count();
    if at == short.len() {
        return short.len() == long.len();
    }
    let rest = short.len() - at - usize::from(short.len() == long.len());
    at > 0 && rest > 0 && short[short.len() - rest..] == long[long.len() - rest..]
}

/// Whether two normalised names of several words are one name spelt two
/// ways: as many words, each the same once [`folded`], or for the given
/// names, [`one_slip_apart`]. Compared from the surname, without
/// allocating: most names fail there.
fn same_name(a: &str, b: &str) -> bool {
    a == b
        || a.contains(' ')
            && a.split(' ').count() == b.split(' ').count()
            && a.rsplit(' ')
                .zip(b.rsplit(' '))
                .enumerate()
                .all(|(i, (x, y))| {
                    x == y || folded(x).eq(folded(y)) || i > 0 && one_slip_apart(x, y)
                })
}

impl NameSearch {
    /// The search for the mention `m` of a cable whose mentions are `here`:
    /// a full name is itself; a bare word is the one full name of the cable
    /// that it ends or opens (`Mubarak` or `Gamal` where the cable names
    /// Gamal Mubarak and no other Mubarak or Gamal), else the word alone.
    pub fn for_mention(m: &Mention, here: &Mentions) -> NameSearch {
        if let Some(surname) = surname_of(&m.key) {
            return NameSearch {
                full: Some(m.key.clone()),
                word: Some(surname.to_string()),
            };
        }
        let word = m.key.as_str();
        let one = |part: fn(&str) -> Option<&str>| {
            let mut full = here.names().filter(|n| part(n) == Some(word));
            match (full.next(), full.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        };
        match one(surname_of).or_else(|| one(given_name_of)) {
            Some(one) => NameSearch {
                full: Some(one.to_string()),
                word: surname_of(one).map(str::to_string),
            },
            None => NameSearch {
                full: None,
                word: Some(word.to_string()),
            },
        }
    }

    /// The mentions this search finds in one cable, in text order. For a
    /// full name: the name in any spelling, and in a cable that writes it,
    /// its given name alone and its bare surname; but not the surname where
    /// the cable names another person of that surname, or calls the person
    /// by the given name, which it does to tell
    /// them from a namesake (`Gamal` beside his father, `Mubarak`).
    pub fn in_cable<'a>(&'a self, mentions: &'a Mentions) -> Vec<MentionRef<'a>> {
        match (&self.full, &self.word) {
            (Some(full), word) => {
                let surname = surname_of(full);
                let spellings: Vec<&str> = mentions
                    .names()
                    .filter(|n| surname_of(n).is_some() && same_name(n, full))
                    .collect();
                let given: Vec<&str> = spellings.iter().filter_map(|n| given_name_of(n)).collect();
                // A surname of several words (`aboul gheit`) stands alone too.
                let rest = full
                    .split_once(' ')
                    .map(|(_, rest)| rest)
                    .filter(|r| r.contains(' '));
                let by_given = given.iter().any(|g| mentions.contains(g));
                // Nor where it names another person of that surname.
                let namesake = mentions.names().any(|n| {
                    surname.is_some()
                        && surname_of(n) == surname
                        && !same_name(n, full)
                        && rest != Some(n)
                });
                let surname_too = !spellings.is_empty() && !by_given && !namesake;
                mentions
                    .matching_names(|n| {
                        spellings.contains(&n)
                            || given.contains(&n)
                            || surname_too
                                && (rest == Some(n)
                                    || word.as_deref().is_some_and(|w| {
                                        Some(w) == surname
                                            && (is_word(n, w)
                                                || !n.contains(' ') && folded(n).eq(folded(w)))
                                    }))
                    })
                    .collect()
            }
            (None, Some(word)) => mentions
                .matching_names(|n| is_word(n, word) || surname_of(n) == Some(word))
                .collect(),
            (None, None) => Vec::new(),
        }
    }

    /// The files that may hold mentions, in order: for a full name, those
    /// of each of its spellings.
    pub fn files(&self, index: &Index) -> Vec<FileId> {
        let Some(full) = &self.full else {
            return index
                .mentioning(self.word.as_deref().unwrap_or(""))
                .to_vec();
        };
        // Spellings differ from the second letter on at most
        // (`nouri`, `nuri`): they share the first two.
        let prefix: String = full.chars().take(2).collect();
        let mut files: Vec<FileId> = index
            .names_with_prefix(&prefix)
            .filter(|(key, _)| same_name(key, full))
            .flat_map(|(_, files)| files.iter().copied())
            .collect();
        files.sort_unstable();
        files.dedup();
        files
    }

    /// The name to show for the search: the full name, else the word.
    pub fn key(&self) -> &str {
        self.full.as_deref().or(self.word.as_deref()).unwrap_or("")
    }
}

/// A normalised name as a reader writes it: each word, and each part after
/// a hyphen or an apostrophe, capitalised (`al-qaida` → `Al-Qaida`,
/// `o'neil` → `O'Neil`). The key keeps no case, so `McDonald` shows as
/// `Mcdonald`.
pub fn display(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut opens = true;
    for c in key.chars() {
        if opens {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        opens = matches!(c, ' ' | '-' | '\'');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Span;
    use crate::workspace::mentions::MentionsBuilder;

    fn mentions(names: &[&str]) -> Mentions {
        let mut b = MentionsBuilder::default();
        let mut at = 0;
        for n in names {
            b.push(Span::new(at, at + n.len()), n, None);
            at += n.len() + 1;
        }
        b.finish()
    }

    fn keys(search: &NameSearch, m: &Mentions) -> Vec<String> {
        search
            .in_cable(m)
            .iter()
            .map(|m| m.key.to_string())
            .collect()
    }

    fn mention(key: &str) -> Mention {
        Mention {
            span: Span::default(),
            key: key.into(),
            kind: None,
        }
    }

    #[test]
    fn names_are_shown_capitalised() {
        assert_eq!(display("gamal mubarak"), "Gamal Mubarak");
        assert_eq!(display("al-qaida"), "Al-Qaida");
        assert_eq!(display("o'neil"), "O'Neil");
        assert_eq!(display("ésé"), "Ésé");
    }

    #[test]
    fn a_full_name_keeps_namesakes_apart() {
        let gamal = NameSearch::for_mention(&mention("gamal mubarak"), &mentions(&[]));
        let father = mentions(&["hosni mubarak", "mubarak", "post-mubarak"]);
        assert!(keys(&gamal, &father).is_empty());
        let son = mentions(&["gamal mubarak", "mubarak", "mubarak-era"]);
        assert_eq!(
            keys(&gamal, &son),
            ["gamal mubarak", "mubarak", "mubarak-era"]
        );
        // With his father named too, a bare `Mubarak` is neither's for sure.
        let both = mentions(&["gamal mubarak", "mubarak", "hosni mubarak"]);
        assert_eq!(keys(&gamal, &both), ["gamal mubarak"]);
        // Called `Gamal`, he is told from a `Mubarak` the cable leaves unnamed.
        let given = mentions(&["gamal mubarak", "gamal", "mubarak"]);
        assert_eq!(keys(&gamal, &given), ["gamal mubarak", "gamal"]);
    }

    #[test]
    fn a_full_name_is_found_in_each_spelling() {
        let rafik = NameSearch::for_mention(&mention("rafik hariri"), &mentions(&[]));
        let here = mentions(&["rafiq hariri", "hariri", "rafic al-hariri", "saad hariri"]);
        assert_eq!(keys(&rafik, &here), ["rafiq hariri", "rafic al-hariri"]);
        assert!(same_name("dmitriy medvedev", "dmitry medvedev"));
        assert!(same_name("sergey lavrov", "sergei lavrov"));
        assert!(same_name("nouri al-maliki", "nuri maliki"));
        assert!(!same_name("dmitriy medvedev", "svetlana medvedeva"));
        assert!(!same_name("hamid karzai", "ahmed wali karzai"));
        assert!(same_name("talbak nazarov", "talkbak nazarov"));
        assert!(same_name("condoleeza rice", "condoleezza rice"));
        assert!(!same_name("raul castro", "saul castro"));
        assert!(!same_name("hosni mubarak", "gamal mubarak"));
        assert!(!same_name("talbak nazarov", "talbak nazarova"));
        assert!(!same_name("mario lopez", "maria lopez"));
        // A surname of two words stands alone.
        let gheit = NameSearch::for_mention(&mention("ahmed aboul gheit"), &mentions(&[]));
        let here = mentions(&["ahmed aboul gheit", "aboul gheit", "fayza aboul naga"]);
        assert_eq!(keys(&gheit, &here), ["ahmed aboul gheit", "aboul gheit"]);
    }

    #[test]
    fn a_bare_word_is_the_cable_s_one_full_name() {
        let here = mentions(&["clifford sobel", "sobel"]);
        let search = NameSearch::for_mention(&mention("sobel"), &here);
        assert_eq!(search.full.as_deref(), Some("clifford sobel"));
        let two = mentions(&["hosni mubarak", "gamal mubarak", "mubarak"]);
        let search = NameSearch::for_mention(&mention("mubarak"), &two);
        assert_eq!(search.full, None);
        assert_eq!(
            keys(&search, &two),
            ["hosni mubarak", "gamal mubarak", "mubarak"]
        );
    }
}
