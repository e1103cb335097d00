//! The workspace loading itself: the first indexing of its folders
//! (adopting the on-disk cache and saving it again), and refreshing files
//! that changed on disk. [`Workspace`] owns the index and the files
//! refreshed while the first indexing runs, and takes their locks in one
//! order (refreshed before the index). No protocol here: documents are
//! keyed by a function the caller gives.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use rayon::prelude::*;

use super::cache::{self, Cache, CachedFile, Stamp};
use super::discover::{Found, discover};
use super::{FileId, Index, Summary, summarize_named};
use crate::syntax::parse;

/// Files summarised between two index updates.
const BATCH: usize = 64;

/// The index of a workspace and what keeps it consistent while the first
/// indexing reads files that change meanwhile.
pub struct Workspace {
    index: RwLock<Index>,
    /// While the first indexing runs: the files refreshed meanwhile (from
    /// change notifications), whose state is newer than what the indexer
    /// may have read, so the indexer leaves them alone.
    refreshed: Mutex<Option<HashSet<String>>>,
    /// The document key of a file path; `None` for a path that has none.
    key_of: fn(&Path) -> Option<String>,
}

/// How much the index takes in.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Most files held.
    pub max_files: usize,
}

/// What the first indexing did.
pub struct Outcome {
    /// Why files were skipped, one message each.
    pub problems: Vec<String>,
    /// What else to log (the cache's use).
    pub notes: Vec<String>,
}

/// The refreshed files and the index, locked in that order.
type Locked<'a> = (
    MutexGuard<'a, Option<HashSet<String>>>,
    RwLockWriteGuard<'a, Index>,
);

/// Recovers from a poisoned lock: a panic elsewhere must not take the
/// server down.
fn recover<G>(result: Result<G, std::sync::PoisonError<G>>) -> G {
    result.unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Reads and summarises one file of at most `max_bytes`; `Ok(None)` when
/// it is a `.txt` file to sniff that is not a cable; `Err` says why it was
/// skipped.
pub fn summarize_file(found: &Found, max_bytes: u64) -> Result<Option<Summary>, String> {
    let meta = std::fs::metadata(&found.path).map_err(|e| e.to_string())?;
    summarize_known(found, &meta, max_bytes)
}

/// [`summarize_file`] for a file whose metadata was read already.
fn summarize_known(
    found: &Found,
    meta: &std::fs::Metadata,
    max_bytes: u64,
) -> Result<Option<Summary>, String> {
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let size = meta.len();
    if size > max_bytes {
        return Err(format!(
            "{size} bytes is over the {max_bytes}-byte limit for indexing (setting limits.maxIndexedFileBytes)"
        ));
    }
    let bytes = std::fs::read(&found.path).map_err(|e| e.to_string())?;
    let text = crate::text::lossy_utf8(bytes);
    if !found.accepts(&text) {
        return Ok(None);
    }
    let cable = parse(&text);
    let name = found.path.file_name().map(|n| n.to_string_lossy());
    Ok(Some(summarize_named(name.as_deref(), &text, &cable)))
}

/// A file as the indexer read it: its summary, nothing (not a cable), or
/// why it was skipped.
type Read = Result<Option<Arc<Summary>>, String>;

impl Workspace {
    /// An empty workspace whose files are keyed by `key_of`.
    pub fn new(key_of: fn(&Path) -> Option<String>) -> Self {
        Workspace {
            index: RwLock::default(),
            refreshed: Mutex::default(),
            key_of,
        }
    }

    /// The index, for reading.
    pub fn index(&self) -> RwLockReadGuard<'_, Index> {
        recover(self.index.read())
    }

    /// The index, for writing.
    pub fn index_mut(&self) -> RwLockWriteGuard<'_, Index> {
        recover(self.index.write())
    }

    /// The files refreshed since the first indexing started (`None` when it
    /// is not running) and the index, for writing: the one order in which
    /// both are taken.
    fn locked(&self) -> Locked<'_> {
        let refreshed = recover(self.refreshed.lock());
        (refreshed, self.index_mut())
    }

    /// Sets whether the first indexing is running (so refreshes are
    /// recorded), forgetting the refreshes recorded so far.
    fn track_refreshes(&self, on: bool) {
        *recover(self.refreshed.lock()) = on.then(HashSet::new);
    }

    /// Indexes every cable under the roots, reporting `(done, total)` after
    /// each batch. With `cache`, the index starts as the on-disk cache saved
    /// it and only files changed since are read; the cache is rewritten at
    /// the end when anything changed.
    pub fn index_roots(
        &self,
        roots: &[PathBuf],
        limits: Limits,
        cache: bool,
        mut report: impl FnMut(usize, usize),
    ) -> Outcome {
        let mut problems = Vec::new();
        let mut notes = Vec::new();
        // Refreshes from here on are newer than what indexing reads.
        self.track_refreshes(true);
        let cache_path = cache
            .then(cache::cache_home)
            .flatten()
            .map(|home| cache::location(&home, roots));
        // Walking the folders and loading the cache do not depend on each
        // other: both at once.
        let (loaded, (mut files, walk_problems)) = std::thread::scope(|scope| {
            let walk = scope.spawn(|| {
                let mut problems = Vec::new();
                (discover(roots, &mut problems).files, problems)
            });
            let loaded = cache_path.as_ref().map(|path| cache::load(path, roots));
            let walked = walk
                .join()
                .unwrap_or_else(|_| (Vec::new(), vec!["walking the folders failed".into()]));
            (loaded, walked)
        });
        problems.extend(walk_problems);
        let cached = match (loaded, &cache_path) {
            (Some(Ok(cache)), _) => cache,
            (Some(Err(e)), Some(path)) => {
                notes.push(format!(
                    "ignored the index cache {}: {e}; rebuilding it",
                    path.display()
                ));
                Cache::default()
            }
            _ => Cache::default(),
        };
        let cached_files = cached.len();
        let cached = self.adopt(cached);
        if files.len() > limits.max_files {
            problems.push(format!(
                "{} files were not indexed: the workspace has {}, over the limit of {} (setting limits.maxIndexedFiles)",
                files.len() - limits.max_files,
                files.len(),
                limits.max_files
            ));
            files.truncate(limits.max_files);
        }
        let total = files.len();
        report(0, total);
        // The files now in the index from disk, with their stamps.
        let mut kept: Vec<CachedFile> = Vec::with_capacity(total);
        let mut reused = 0;
        let read_batch = |batch: &[Found]| -> Vec<(Option<Stamp>, Option<FileId>, Option<Read>)> {
            batch
                .par_iter()
                .map(|found| {
                    let meta = std::fs::metadata(&found.path);
                    let stamp = meta
                        .as_ref()
                        .ok()
                        .filter(|m| m.is_file() && m.len() <= limits.max_file_bytes)
                        .map(Stamp::of);
                    if let Some(file) = stamp.and_then(|s| cached.unchanged(&found.path, s)) {
                        return (stamp, Some(file), None);
                    }
                    let read = meta
                        .map_err(|e| e.to_string())
                        .and_then(|meta| summarize_known(found, &meta, limits.max_file_bytes));
                    (stamp, None, Some(read.map(|s| s.map(Arc::new))))
                })
                .collect()
        };
        // Each batch is put in the index while the next one is read, so the
        // indexing threads do not wait on the index's single writer.
        let mut batches = files.chunks(BATCH);
        let mut pending = None;
        let mut done = 0;
        loop {
            let next = batches.next();
            let (settled, read) = rayon::join(
                || {
                    let (batch, read): (&[Found], _) = pending.take()?;
                    let (put, unchanged) = self.settle(batch, read, &mut problems);
                    kept.extend(put);
                    reused += unchanged;
                    Some(batch.len())
                },
                || next.map(|batch| (batch, read_batch(batch))),
            );
            if let Some(count) = settled {
                done += count;
                report(done, total);
            }
            match read {
                Some(read) => pending = Some(read),
                None => break,
            }
        }
        let removed = self.drop_unseen(&kept);
        self.track_refreshes(false);
        if let Some(path) = cache_path {
            if cached_files > 0 {
                notes.push(format!(
                    "{reused} of {total} files were unchanged since the index cache was written"
                ));
            }
            // Every file came from the cache and none has gone: it is current.
            let current = cached_files > 0 && reused == kept.len() && removed == 0;
            if !current && let Err(e) = self.save_cache(&path, roots, &kept) {
                notes.push(format!("could not write the index cache: {e}"));
            }
        }
        Outcome { problems, notes }
    }

    /// Makes the cached index the workspace's, keeping what was learnt
    /// before it loaded (open editor buffers, files refreshed on disk), and
    /// returns the rest of the cache: which files it holds, with their
    /// stamps.
    fn adopt(&self, mut cached: Cache) -> Cache {
        if cached.is_empty() {
            return cached;
        }
        let mut loaded = std::mem::take(&mut cached.index);
        let (refreshed, mut index) = self.locked();
        let newer: Vec<(String, Arc<Summary>, bool)> = index
            .files()
            .map(|(_, e)| e)
            .filter(|e| e.open || refreshed.as_ref().is_some_and(|r| r.contains(&e.doc)))
            .map(|e| (e.doc.clone(), e.summary.clone(), e.open))
            .collect();
        // Files refreshed away (deleted) are not in the live index either;
        // their slots may be reused, so the cache forgets them too.
        if let Some(refreshed) = refreshed.as_ref() {
            for doc in refreshed {
                if index.file(doc).is_none()
                    && let Some(file) = loaded.file(doc)
                {
                    loaded.remove(doc, true);
                    cached.forget(file);
                }
            }
        }
        for (doc, summary, open) in newer {
            loaded.upsert(&doc, summary, open);
        }
        *index = loaded;
        cached
    }

    /// Removes from the index what is neither among `kept` (on disk now and
    /// read or reused) nor open nor refreshed; returns how many.
    fn drop_unseen(&self, kept: &[CachedFile]) -> usize {
        let (refreshed, mut index) = self.locked();
        let seen: HashSet<FileId> = kept.iter().map(|(_, _, f)| *f).collect();
        let gone: Vec<String> = index
            .files()
            .filter(|(file, e)| {
                !seen.contains(file)
                    && !e.open
                    && !refreshed.as_ref().is_some_and(|r| r.contains(&e.doc))
            })
            .map(|(_, e)| e.doc.clone())
            .collect();
        for doc in &gone {
            index.remove(doc, false);
        }
        gone.len()
    }

    /// Writes the index to the cache with the files it read from disk (an
    /// open buffer's file is left out, so it is read again next time).
    fn save_cache(
        &self,
        path: &Path,
        roots: &[PathBuf],
        kept: &[CachedFile],
    ) -> Result<(), String> {
        let index = self.index();
        let files: Vec<CachedFile> = kept
            .iter()
            .filter(|(_, _, file)| index.entry(*file).is_some_and(|e| !e.open))
            .cloned()
            .collect();
        cache::save(path, roots, &index, &files)
    }

    /// Puts one read batch in the index: returns the files read or reused,
    /// with their stamps, and how many were reused from the cache.
    fn settle(
        &self,
        batch: &[Found],
        read: Vec<(Option<Stamp>, Option<FileId>, Option<Read>)>,
        problems: &mut Vec<String>,
    ) -> (Vec<CachedFile>, usize) {
        let mut kept = Vec::with_capacity(batch.len());
        let mut reused = 0;
        let mut summaries = Vec::with_capacity(read.len());
        for (found, (stamp, unchanged, result)) in batch.iter().zip(read) {
            match (unchanged, result, stamp) {
                (Some(file), _, Some(stamp)) => {
                    reused += 1;
                    kept.push((found.path.clone(), stamp, file));
                }
                (_, Some(result), stamp) => summaries.push((found.path.clone(), stamp, result)),
                _ => {}
            }
        }
        kept.extend(self.apply_batch(summaries, problems));
        (kept, reused)
    }

    /// Puts what the first indexing read into the index, except for files
    /// refreshed since (changed on disk after we read them: the refresh that
    /// saw the change has the newer state). Returns the files put in, with
    /// their stamps.
    fn apply_batch(
        &self,
        summaries: Vec<(PathBuf, Option<Stamp>, Read)>,
        problems: &mut Vec<String>,
    ) -> Vec<CachedFile> {
        let (refreshed, mut index) = self.locked();
        let mut put = Vec::new();
        for (path, stamp, result) in summaries {
            let key = (self.key_of)(&path);
            let newer = key
                .as_ref()
                .is_some_and(|k| refreshed.as_ref().is_some_and(|r| r.contains(k)));
            if newer {
                continue;
            }
            match (result, key) {
                (Ok(Some(summary)), Some(key)) => {
                    let file = index.upsert(&key, summary, false);
                    if let Some(stamp) = stamp {
                        put.push((path, stamp, file));
                    }
                }
                (Ok(None), _) => {}
                (Err(e), _) => problems.push(format!("skipped {}: {e}", path.display())),
                (Ok(Some(_)), None) => {
                    problems.push(format!("skipped {}: not a valid file name", path.display()))
                }
            }
        }
        put
    }

    /// Brings the index up to date for one path that changed on disk;
    /// returns why it was skipped, if it was.
    pub fn refresh(&self, path: &Path, limits: Limits) -> Option<String> {
        let key = (self.key_of)(path)?;
        // Read before taking the locks; `None` when the file is gone or not
        // a cable file (and so one the index must not hold).
        let read = Found::in_folder(path)
            .filter(|_| path.is_file())
            .map(|found| summarize_file(&found, limits.max_file_bytes));
        let (mut refreshed, mut index) = self.locked();
        if let Some(keys) = refreshed.as_mut() {
            keys.insert(key.clone());
        }
        match read {
            Some(Ok(Some(summary))) => {
                if index.len() >= limits.max_files && index.file(&key).is_none() {
                    return Some(format!(
                        "skipped {}: the index holds {} files, the limit (setting limits.maxIndexedFiles)",
                        path.display(),
                        limits.max_files
                    ));
                }
                index.upsert(&key, summary, false);
                None
            }
            Some(Err(e)) => {
                index.remove(&key, false);
                Some(format!("skipped {}: {e}", path.display()))
            }
            None | Some(Ok(None)) => {
                index.remove(&key, false);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file rewritten and deleted after the first indexing read it: the
    /// refreshes that saw the changes win over the stale reads.
    #[test]
    fn stale_reads_do_not_overwrite_refreshes() {
        let dir = std::env::temp_dir().join(format!("cable-ls-stale-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (kept, gone) = (dir.join("kept.cable"), dir.join("gone.cable"));
        std::fs::write(&kept, "UNCLAS DUSHANBE 000001\nSUBJECT: OLD\n").unwrap();
        std::fs::write(&gone, "UNCLAS DUSHANBE 000002\nSUBJECT: GONE\n").unwrap();
        let workspace = Workspace::new(|path| Some(path.display().to_string()));
        workspace.track_refreshes(true);
        let limits = Limits {
            max_file_bytes: 1 << 20,
            max_files: 10,
        };
        // The indexer reads both files...
        let stale: Vec<_> = [&kept, &gone]
            .iter()
            .map(|p| {
                let found = Found {
                    path: p.to_path_buf(),
                    sniff: false,
                };
                let read = summarize_file(&found, limits.max_file_bytes).map(|s| s.map(Arc::new));
                (p.to_path_buf(), None, read)
            })
            .collect();
        // ...then one is rewritten and one deleted, and the change
        // notifications are handled before the indexer stores its reads.
        std::fs::write(&kept, "UNCLAS DUSHANBE 000001\nSUBJECT: NEW\n").unwrap();
        std::fs::remove_file(&gone).unwrap();
        assert_eq!(workspace.refresh(&kept, limits), None);
        assert_eq!(workspace.refresh(&gone, limits), None);
        let mut problems = Vec::new();
        workspace.apply_batch(stale, &mut problems);
        let index = workspace.index();
        let subjects: Vec<_> = index
            .files()
            .map(|(_, e)| e.summary.subject.clone().unwrap_or_default())
            .collect();
        assert_eq!(subjects, ["NEW"]);
        assert!(problems.is_empty(), "{problems:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
