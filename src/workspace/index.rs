//! The workspace index: a summary per cable file and inverted lists from
//! cable ids, cited ids, TAGS, names and routing indicators to files.
//!
//! Files are keyed by a document string (the URI the server uses); the
//! index knows nothing of the protocol. Replacing a file's summary removes
//! its old postings first, so an update costs the size of that one file's
//! summary, never a rebuild.
//!
//! The whole index, postings included, is what the on-disk cache holds:
//! reopening a workspace loads it instead of rebuilding every posting
//! list (see [`Index::restored`]).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::summary::Summary;
use crate::fast_hash::FastHash;
use crate::semantics::names::surname_of;

/// A file's slot in the index.
pub type FileId = u32;

/// One indexed file.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// The document key (URI).
    pub doc: String,
    /// What the file holds.
    pub summary: Arc<Summary>,
    /// Whether the summary comes from an editor buffer rather than disk.
    pub open: bool,
}

/// Sorted, duplicate-free lists of files per key, found by hashing; the
/// keys also in order, so that prefix searches are range scans.
///
/// Most additions are to a key that exists (a name many cables mention):
/// one hash lookup. Only a new key touches the ordered set.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Postings {
    lists: HashMap<Arc<str>, Vec<FileId>, FastHash>,
    /// The keys of `lists`, in order (rebuilt after loading).
    #[serde(skip)]
    ordered: BTreeSet<Arc<str>>,
}

impl Postings {
    fn add(&mut self, key: &str, file: FileId) {
        // Allocate only for new keys.
        match self.lists.get_mut(key) {
            Some(list) => {
                // Files are mostly added in increasing order.
                if list.last().is_none_or(|&last| last < file) {
                    list.push(file);
                } else if let Err(at) = list.binary_search(&file) {
                    list.insert(at, file);
                }
            }
            None => {
                let key: Arc<str> = Arc::from(key);
                self.ordered.insert(key.clone());
                self.lists.insert(key, vec![file]);
            }
        }
    }

    fn remove(&mut self, key: &str, file: FileId) {
        if let Some(list) = self.lists.get_mut(key) {
            if let Ok(at) = list.binary_search(&file) {
                list.remove(at);
            }
            if list.is_empty() {
                self.lists.remove(key);
                self.ordered.remove(key);
            }
        }
    }

    fn get(&self, key: &str) -> &[FileId] {
        self.lists.get(key).map_or(&[], Vec::as_slice)
    }

    fn restore_order(&mut self) {
        self.ordered = self.lists.keys().cloned().collect();
    }

    /// The keys starting with `prefix`, in order, with their files.
    fn with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a [FileId])> + 'a {
        self.ordered
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .take_while(move |key| key.starts_with(prefix))
            .map(|key| (&**key, self.get(key)))
    }
}

/// Gives `each` the distinct lower-case words of a summary's subject, in
/// order.
fn subject_words(summary: &Summary, mut each: impl FnMut(&str)) {
    let subject = summary.subject.as_deref().unwrap_or("");
    if subject.is_ascii() {
        // One lower-cased copy, split into borrowed words.
        let lower = subject.to_ascii_lowercase();
        let mut words: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.sort_unstable();
        words.dedup();
        words.into_iter().for_each(each);
    } else {
        distinct_lower_words(subject).iter().for_each(|w| each(w));
    }
}

/// The distinct words of any text, each lower-cased on its own (lower-casing
/// may add characters that are not alphanumeric: `İ` is `i̇`), in order.
fn distinct_lower_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The index of every cable in the workspace.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Index {
    entries: Vec<Option<Entry>>,
    /// Empty slots (rebuilt after loading).
    #[serde(skip)]
    free: Vec<FileId>,
    /// The slot of each document (rebuilt after loading).
    #[serde(skip)]
    by_doc: HashMap<String, FileId, FastHash>,
    by_id: Postings,
    cited_by: Postings,
    by_tag: Postings,
    by_name: Postings,
    by_subject_word: Postings,
    routing: HashMap<String, HashMap<String, u32, FastHash>, FastHash>,
}

impl Index {
    /// An index as loaded from the cache, made whole: the lists that are
    /// not saved rebuilt, and every entry taken as read from disk (an
    /// editor buffer saved with it is no longer open).
    pub fn restored(mut self) -> Index {
        self.free.clear();
        self.by_doc.clear();
        for (i, slot) in self.entries.iter_mut().enumerate() {
            let Ok(file) = FileId::try_from(i) else {
                break;
            };
            match slot {
                Some(entry) if !self.by_doc.contains_key(&entry.doc) => {
                    entry.open = false;
                    self.by_doc.insert(entry.doc.clone(), file);
                }
                // A document twice is an inconsistent cache: keep the first.
                _ => {
                    *slot = None;
                    self.free.push(file);
                }
            }
        }
        for postings in [
            &mut self.by_id,
            &mut self.cited_by,
            &mut self.by_tag,
            &mut self.by_name,
            &mut self.by_subject_word,
        ] {
            postings.restore_order();
        }
        self
    }

    /// Adds or replaces a file's summary. A summary from disk does not
    /// replace one from an open editor buffer.
    pub fn upsert(&mut self, doc: &str, summary: impl Into<Arc<Summary>>, open: bool) -> FileId {
        let summary = summary.into();
        if let Some(&file) = self.by_doc.get(doc) {
            if !open && self.entry(file).is_some_and(|e| e.open) {
                return file;
            }
            self.unpost(file);
            self.post(file, &summary);
            self.entries[file as usize] = Some(Entry {
                doc: doc.to_string(),
                summary,
                open,
            });
            return file;
        }
        let file = match self.free.pop() {
            Some(file) => file,
            None => {
                self.entries.push(None);
                FileId::try_from(self.entries.len() - 1).unwrap_or(FileId::MAX)
            }
        };
        self.post(file, &summary);
        if let Some(slot) = self.entries.get_mut(file as usize) {
            *slot = Some(Entry {
                doc: doc.to_string(),
                summary,
                open,
            });
        }
        self.by_doc.insert(doc.to_string(), file);
        file
    }

    /// Marks a file as no longer open in the editor (its disk version may
    /// then replace it).
    pub fn close(&mut self, doc: &str) {
        if let Some(&file) = self.by_doc.get(doc)
            && let Some(Some(entry)) = self.entries.get_mut(file as usize)
        {
            entry.open = false;
        }
    }

    /// Removes a file, unless it is open in the editor and `force` is off.
    pub fn remove(&mut self, doc: &str, force: bool) {
        let Some(&file) = self.by_doc.get(doc) else {
            return;
        };
        if !force && self.entry(file).is_some_and(|e| e.open) {
            return;
        }
        self.unpost(file);
        self.entries[file as usize] = None;
        self.by_doc.remove(doc);
        self.free.push(file);
    }

    fn post(&mut self, file: FileId, summary: &Summary) {
        if let Some(id) = &summary.id {
            self.by_id.add(id, file);
        }
        for c in &summary.citations {
            self.cited_by.add(&c.id, file);
        }
        for (tag, _) in &summary.tags {
            self.by_tag.add(tag, file);
        }
        subject_words(summary, |word| self.by_subject_word.add(word, file));
        for name in summary.mentions.names() {
            self.by_name.add(name, file);
            if let Some(s) = surname_of(name) {
                self.by_name.add(s, file);
            }
        }
        for (ri, addressee) in summary.routing.iter() {
            let counts = match self.routing.get_mut(ri) {
                Some(counts) => counts,
                None => self.routing.entry(ri.to_string()).or_default(),
            };
            match counts.get_mut(addressee) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(addressee.to_string(), 1);
                }
            }
        }
    }

    fn unpost(&mut self, file: FileId) {
        let Some(entry) = self.entry(file) else {
            return;
        };
        let summary = entry.summary.clone();
        if let Some(id) = &summary.id {
            self.by_id.remove(id, file);
        }
        for c in &summary.citations {
            self.cited_by.remove(&c.id, file);
        }
        for (tag, _) in &summary.tags {
            self.by_tag.remove(tag, file);
        }
        subject_words(&summary, |word| self.by_subject_word.remove(word, file));
        for name in summary.mentions.names() {
            self.by_name.remove(name, file);
            if let Some(s) = surname_of(name) {
                self.by_name.remove(s, file);
            }
        }
        for (ri, addressee) in summary.routing.iter() {
            if let Some(counts) = self.routing.get_mut(ri) {
                if let Some(n) = counts.get_mut(addressee) {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        counts.remove(addressee);
                    }
                }
                if counts.is_empty() {
                    self.routing.remove(ri);
                }
            }
        }
    }

    /// A file's entry.
    pub fn entry(&self, file: FileId) -> Option<&Entry> {
        self.entries.get(file as usize)?.as_ref()
    }

    /// The file of a document.
    pub fn file(&self, doc: &str) -> Option<FileId> {
        self.by_doc.get(doc).copied()
    }

    /// Number of indexed files.
    pub fn len(&self) -> usize {
        self.by_doc.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.by_doc.is_empty()
    }

    /// Every indexed file.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &Entry)> {
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((FileId::try_from(i).ok()?, e.as_ref()?)))
    }

    /// Files whose cable has this canonical id.
    pub fn with_id(&self, id: &str) -> &[FileId] {
        self.by_id.get(id)
    }

    /// Canonical ids starting with `prefix`, in order, with their files.
    pub fn ids_with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a [FileId])> + 'a {
        self.by_id.with_prefix(prefix)
    }

    /// Name keys starting with `prefix`, in order, with their files.
    pub fn names_with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a [FileId])> + 'a {
        self.by_name.with_prefix(prefix)
    }

    /// Files whose subject has a word starting with each of `words`
    /// (compared in lower case), in file order.
    pub fn subjects_with_words(&self, words: &[&str]) -> Vec<FileId> {
        let mut result: Option<Vec<FileId>> = None;
        for word in words {
            let word = word.to_lowercase();
            let mut files: Vec<FileId> = self
                .by_subject_word
                .with_prefix(&word)
                .flat_map(|(_, files)| files.iter().copied())
                .collect();
            files.sort_unstable();
            files.dedup();
            result = Some(match result {
                None => files,
                Some(before) => before
                    .into_iter()
                    .filter(|f| files.binary_search(f).is_ok())
                    .collect(),
            });
        }
        result.unwrap_or_default()
    }

    /// Files citing this canonical id.
    pub fn citing(&self, id: &str) -> &[FileId] {
        self.cited_by.get(id)
    }

    /// Files carrying this TAGS code.
    pub fn tagged(&self, tag: &str) -> &[FileId] {
        self.by_tag.get(tag)
    }

    /// Files mentioning this normalised name (as a full name or surname).
    pub fn mentioning(&self, key: &str) -> &[FileId] {
        self.by_name.get(key)
    }

    /// The addressee the workspace most often gives a routing indicator,
    /// with how many cables give it.
    pub fn addressee(&self, ri: &str) -> Option<(&str, u32)> {
        self.routing
            .get(ri)?
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(a, n)| (a.as_str(), *n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::summary::Citation;

    fn summary(id: &str, cites: &[&str], tags: &[&str]) -> Summary {
        Summary {
            id: Some(id.into()),
            citations: cites
                .iter()
                .map(|c| Citation {
                    id: (*c).into(),
                    span: Default::default(),
                })
                .collect(),
            tags: tags
                .iter()
                .map(|t| ((*t).into(), Default::default()))
                .collect(),
            ..Summary::default()
        }
    }

    proptest::proptest! {
        #[test]
        fn subject_words_are_the_distinct_lower_case_words(
            // Few words, so that they repeat, in either case.
            subject in "((talks|TALKS|Talks|x1|İ|ΟΔΟΣ|é)[ ,./’-]{1,2}){0,8}"
        ) {
            let expected = distinct_lower_words(&subject);
            let summary = Summary {
                subject: Some(subject),
                ..Summary::default()
            };
            let mut words = Vec::new();
            subject_words(&summary, |w| words.push(w.to_string()));
            proptest::prop_assert_eq!(words, expected);
        }
    }

    #[test]
    fn postings_follow_updates() {
        let mut index = Index::default();
        let a = index.upsert("a", summary("09A1", &["09B2"], &["PREL"]), false);
        let b = index.upsert("b", summary("09B2", &[], &["PREL", "TI"]), false);
        assert_eq!(index.citing("09B2"), [a]);
        assert_eq!(index.tagged("PREL"), [a, b]);
        // An edit that drops the REF.
        index.upsert("a", summary("09A1", &[], &["PREL"]), true);
        assert!(index.citing("09B2").is_empty());
        // Disk does not override an open buffer.
        index.upsert("a", summary("09A1", &["09B2"], &[]), false);
        assert!(index.citing("09B2").is_empty());
        index.close("a");
        index.upsert("a", summary("09A1", &["09B2"], &[]), false);
        assert_eq!(index.citing("09B2"), [a]);
        index.remove("b", false);
        assert!(index.with_id("09B2").is_empty());
        assert_eq!(index.tagged("TI"), [] as [FileId; 0]);
        assert_eq!(index.len(), 1);
        // The slot is reused.
        assert_eq!(index.upsert("c", summary("09C3", &[], &[]), false), b);
    }
}
