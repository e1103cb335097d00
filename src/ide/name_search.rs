//! Who a name under the cursor stands for, as a search over the workspace:
//! a full name finds that name, and its bare surname only in cables that
//! also write the full name, so namesakes stay apart (`Gamal Mubarak` is
//! not his father, `South Ossetia` is not `North Ossetia`).

use crate::semantics::names::{Mention, surname_of};
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

/// Whether `name` ends with the word `word` after a space.
fn ends_in_word(name: &str, word: &str) -> bool {
    name.len() > word.len()
        && name.ends_with(word)
        && name.as_bytes()[name.len() - word.len() - 1] == b' '
}

impl NameSearch {
    /// The search for the mention `m` of a cable whose mentions are `here`:
    /// a full name is itself; a bare word is the one full name of the cable
    /// that it ends (`Mubarak` where the cable names Gamal Mubarak and no
    /// other Mubarak), else the word alone.
    pub fn for_mention(m: &Mention, here: &Mentions) -> NameSearch {
        if let Some(surname) = surname_of(&m.key) {
            return NameSearch {
                full: Some(m.key.clone()),
                word: Some(surname.to_string()),
            };
        }
        let word = m.key.as_str();
        let mut full = here.names().filter(|n| surname_of(n) == Some(word));
        match (full.next(), full.next()) {
            (Some(one), None) => NameSearch {
                full: Some(one.to_string()),
                word: Some(word.to_string()),
            },
            _ => NameSearch {
                full: None,
                word: Some(word.to_string()),
            },
        }
    }

    /// The mentions this search finds in one cable, in text order.
    pub fn in_cable<'a>(&'a self, mentions: &'a Mentions) -> Vec<MentionRef<'a>> {
        match (&self.full, &self.word) {
            (Some(full), word) => {
                let named = mentions.contains(full);
                mentions
                    .matching_names(|n| {
                        n == full || named && word.as_deref().is_some_and(|w| is_word(n, w))
                    })
                    .collect()
            }
            (None, Some(word)) => mentions
                .matching_names(|n| is_word(n, word) || ends_in_word(n, word))
                .collect(),
            (None, None) => Vec::new(),
        }
    }

    /// The files that may hold mentions, in order.
    pub fn files(&self, index: &Index) -> Vec<FileId> {
        let key = self.full.as_deref().or(self.word.as_deref()).unwrap_or("");
        index.mentioning(key).to_vec()
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
        let son = mentions(&["gamal mubarak", "mubarak", "hosni mubarak", "mubarak-era"]);
        assert_eq!(
            keys(&gamal, &son),
            ["gamal mubarak", "mubarak", "mubarak-era"]
        );
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
