//! Background indexing of the workspace folders, and keeping the index
//! current as files change on disk (client notifications or our own
//! watcher).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use rayon::prelude::*;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

use super::background;
use super::state::{State, path_key};
use super::status;
use crate::syntax::parse;
use crate::workspace::cache::{self, Cache, CachedFile, Stamp};
use crate::workspace::discover::{Found, discover};
use crate::workspace::{FileId, Summary, summarize_named};

/// Files summarised between two index updates.
const BATCH: usize = 64;

/// Shortest time between two progress reports.
const REPORT_INTERVAL: std::time::Duration = std::time::Duration::from_millis(100);

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

/// What the first indexing did.
struct Outcome {
    /// Why files were skipped, one message each.
    problems: Vec<String>,
    /// What else to log (the cache's use).
    notes: Vec<String>,
}

/// Indexes every cable under the roots, reporting `(done, total)` after
/// each batch. With the on-disk cache enabled, the index starts as the
/// cache saved it and only files changed since are read; the cache is
/// rewritten at the end when anything changed.
fn index_roots(state: &State, roots: &[PathBuf], mut report: impl FnMut(usize, usize)) -> Outcome {
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    // Refreshes from here on are newer than what indexing reads.
    *state.refreshed() = Some(Default::default());
    let cache_path = state
        .settings()
        .index
        .cache
        .then(cache::cache_home)
        .flatten()
        .map(|home| cache::location(&home, roots));
    // Walking the folders and loading the cache do not depend on each
    // other: both at once.
    let (loaded, (mut files, walk_problems)) = std::thread::scope(|scope| {
        let walk = scope.spawn(|| {
            let mut problems = Vec::new();
            (discover(roots, &mut problems), problems)
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
    let cached = adopt(state, cached);
    let limits = state.settings().limits;
    if files.len() > limits.max_indexed_files {
        problems.push(format!(
            "{} files were not indexed: the workspace has {}, over the limit of {} (setting limits.maxIndexedFiles)",
            files.len() - limits.max_indexed_files,
            files.len(),
            limits.max_indexed_files
        ));
        files.truncate(limits.max_indexed_files);
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
                    .filter(|m| m.is_file() && m.len() <= limits.max_indexed_file_bytes)
                    .map(Stamp::of);
                if let Some(file) = stamp.and_then(|s| cached.unchanged(&found.path, s)) {
                    return (stamp, Some(file), None);
                }
                let read = meta
                    .map_err(|e| e.to_string())
                    .and_then(|meta| summarize_known(found, &meta, limits.max_indexed_file_bytes));
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
                let (put, unchanged) = settle(state, batch, read, &mut problems);
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
    let removed = drop_unseen(state, &kept);
    *state.refreshed() = None;
    if let Some(path) = cache_path {
        if cached_files > 0 {
            notes.push(format!(
                "{reused} of {total} files were unchanged since the index cache was written"
            ));
        }
        // Every file came from the cache and none has gone: it is current.
        let current = cached_files > 0 && reused == kept.len() && removed == 0;
        if !current && let Err(e) = save_cache(state, &path, roots, &kept) {
            notes.push(format!("could not write the index cache: {e}"));
        }
    }
    Outcome { problems, notes }
}

/// Makes the cached index the server's, keeping what the server learnt
/// before it loaded (open editor buffers, files refreshed on disk), and
/// returns the rest of the cache: which files it holds, with their stamps.
fn adopt(state: &State, mut cached: Cache) -> Cache {
    if cached.is_empty() {
        return cached;
    }
    let mut loaded = std::mem::take(&mut cached.index);
    let refreshed = state.refreshed();
    let mut index = state.index_mut();
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
fn drop_unseen(state: &State, kept: &[CachedFile]) -> usize {
    let refreshed = state.refreshed();
    let mut index = state.index_mut();
    let seen: std::collections::HashSet<FileId> = kept.iter().map(|(_, _, f)| *f).collect();
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
    state: &State,
    path: &Path,
    roots: &[PathBuf],
    kept: &[CachedFile],
) -> Result<(), String> {
    let index = state.index();
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
    state: &State,
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
    kept.extend(apply_batch(state, summaries, problems));
    (kept, reused)
}

/// Puts what the first indexing read into the index, except for files
/// refreshed since (changed on disk after we read them: the refresh that
/// saw the change has the newer state). Returns the files put in, with
/// their stamps.
fn apply_batch(
    state: &State,
    summaries: Vec<(PathBuf, Option<Stamp>, Read)>,
    problems: &mut Vec<String>,
) -> Vec<CachedFile> {
    let refreshed = state.refreshed();
    let mut index = state.index_mut();
    let mut put = Vec::new();
    for (path, stamp, result) in summaries {
        let key = path_key(&path);
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

/// Starts indexing in the background; requests are answered meanwhile from
/// what is indexed so far.
pub fn start(state: Arc<State>, client: Client) {
    tokio::spawn(async move {
        let roots = state.roots.lock().map(|r| r.clone()).unwrap_or_default();
        if roots.is_empty() {
            status::send(&state, &client, status::Status::idle(0)).await;
            return;
        }
        let token = NumberOrString::String("cable-ls/index".into());
        let progress = if state.progress.load(Ordering::Relaxed)
            && client
                .create_work_done_progress(token.clone())
                .await
                .is_ok()
        {
            Some(
                client
                    .progress(token, "Indexing cables")
                    .with_percentage(0)
                    .begin()
                    .await,
            )
        } else {
            None
        };
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let worker = state.clone();
        let job = tokio::task::spawn_blocking(move || {
            background::run(|| {
                index_roots(&worker, &roots, |done, total| {
                    let _ = tx.send((done, total));
                })
            })
        });
        // At most ten reports a second, however many batches there are.
        let mut last_report: Option<std::time::Instant> = None;
        while let Some((done, total)) = rx.recv().await {
            if last_report.is_some_and(|t| t.elapsed() < REPORT_INTERVAL) && done < total {
                continue;
            }
            last_report = Some(std::time::Instant::now());
            status::send(&state, &client, status::Status::indexing(done, total)).await;
            if let Some(p) = &progress {
                let percent = (done * 100)
                    .checked_div(total)
                    .map_or(100, |p| u32::try_from(p).unwrap_or(100));
                p.report_with_message(format!("{done}/{total} cables"), percent)
                    .await;
            }
        }
        let message = match job.await {
            Ok(Outcome { problems, notes }) => {
                for problem in &problems {
                    log(&client, MessageType::WARNING, problem.clone()).await;
                }
                for note in notes {
                    log(&client, MessageType::INFO, note).await;
                }
                format!(
                    "indexed {} cables ({} skipped)",
                    state.index().len(),
                    problems.len()
                )
            }
            Err(e) => format!("indexing stopped: {e}"),
        };
        let indexed = state.index().len();
        status::send(&state, &client, status::Status::idle(indexed)).await;
        if let Some(p) = progress {
            p.finish_with_message(message.clone()).await;
        }
        log(&client, MessageType::INFO, message).await;
    });
}

async fn log(client: &Client, kind: MessageType, message: String) {
    eprintln!("cable-ls: {message}");
    client.log_message(kind, message).await;
}

/// Brings the index up to date for one path that changed on disk.
pub fn refresh(state: &State, path: &Path) -> Option<String> {
    let key = path_key(path)?;
    let limits = state.settings().limits;
    // Read before taking the locks; `None` when the file is gone or not
    // a cable file (and so one the index must not hold).
    let read = Found::in_folder(path)
        .filter(|_| path.is_file())
        .map(|found| summarize_file(&found, limits.max_indexed_file_bytes));
    let mut refreshed = state.refreshed();
    if let Some(keys) = refreshed.as_mut() {
        keys.insert(key.clone());
    }
    let mut index = state.index_mut();
    match read {
        Some(Ok(Some(summary))) => {
            if index.len() >= limits.max_indexed_files && index.file(&key).is_none() {
                return Some(format!(
                    "skipped {}: the index holds {} files, the limit (setting limits.maxIndexedFiles)",
                    path.display(),
                    limits.max_indexed_files
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

/// The cable files a watcher event says may have changed. Opening or
/// reading a file is no change: the watcher reports those too (inotify's
/// open events), and indexing opens every file.
fn changed_cables(event: notify::Event) -> Vec<PathBuf> {
    use notify::EventKind;
    if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
        return Vec::new();
    }
    event
        .paths
        .into_iter()
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("cable" | "txt")
            )
        })
        .collect()
}

/// Asks the client to watch cable files for us.
pub async fn register_watcher(client: &Client) -> bool {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: ["**/*.cable", "**/*.txt"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.into()),
                kind: None,
            })
            .collect(),
    };
    let Ok(options) = serde_json::to_value(options) else {
        return false;
    };
    client
        .register_capability(vec![Registration {
            id: "cable-ls/watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: Some(options),
        }])
        .await
        .is_ok()
}

/// Watches the roots ourselves (for clients that cannot), feeding changes
/// into the index. The watcher lives as long as the returned value; with no
/// roots there is nothing to watch, and no watcher (nor its thread).
pub fn watch(state: Arc<State>, client: Client) -> Option<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let roots = state.roots.lock().map(|r| r.clone()).unwrap_or_default();
    if roots.is_empty() {
        return None;
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            for path in changed_cables(event) {
                let _ = tx.send(path);
            }
        }
    })
    .ok()?;
    for root in &roots {
        if let Err(e) = watcher.watch(root, RecursiveMode::Recursive) {
            eprintln!("cable-ls: cannot watch {}: {e}", root.display());
        }
    }
    tokio::spawn(async move {
        while let Some(path) = rx.recv().await {
            let s = state.clone();
            if let Ok(Some(problem)) = tokio::task::spawn_blocking(move || refresh(&s, &path)).await
            {
                log(&client, MessageType::WARNING, problem).await;
            }
        }
    });
    Some(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_a_file_is_not_a_change() {
        use notify::event::{AccessKind, CreateKind, EventKind, ModifyKind};
        let event = |kind, path: &str| notify::Event::new(kind).add_path(PathBuf::from(path));
        let open = EventKind::Access(AccessKind::Any);
        assert!(changed_cables(event(open, "/w/a.cable")).is_empty());
        let write = EventKind::Modify(ModifyKind::Any);
        assert_eq!(
            changed_cables(event(write, "/w/a.cable")),
            [PathBuf::from("/w/a.cable")]
        );
        let created = EventKind::Create(CreateKind::File);
        assert!(changed_cables(event(created, "/w/notes.md")).is_empty());
    }

    /// A file rewritten and deleted after the first indexing read it: the
    /// refreshes that saw the changes win over the stale reads.
    #[test]
    fn stale_reads_do_not_overwrite_refreshes() {
        let dir = std::env::temp_dir().join(format!("cable-ls-stale-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (kept, gone) = (dir.join("kept.cable"), dir.join("gone.cable"));
        std::fs::write(&kept, "UNCLAS DUSHANBE 000001\nSUBJECT: OLD\n").unwrap();
        std::fs::write(&gone, "UNCLAS DUSHANBE 000002\nSUBJECT: GONE\n").unwrap();
        let state = State::default();
        *state.refreshed() = Some(Default::default());
        // The indexer reads both files...
        let limit = state.settings().limits.max_indexed_file_bytes;
        let stale: Vec<_> = [&kept, &gone]
            .iter()
            .map(|p| {
                let found = Found {
                    path: p.to_path_buf(),
                    sniff: false,
                };
                let read = summarize_file(&found, limit).map(|s| s.map(Arc::new));
                (p.to_path_buf(), None, read)
            })
            .collect();
        // ...then one is rewritten and one deleted, and the change
        // notifications are handled before the indexer stores its reads.
        std::fs::write(&kept, "UNCLAS DUSHANBE 000001\nSUBJECT: NEW\n").unwrap();
        std::fs::remove_file(&gone).unwrap();
        assert_eq!(refresh(&state, &kept), None);
        assert_eq!(refresh(&state, &gone), None);
        let mut problems = Vec::new();
        apply_batch(&state, stale, &mut problems);
        let index = state.index();
        let subjects: Vec<_> = index
            .files()
            .map(|(_, e)| e.summary.subject.clone().unwrap_or_default())
            .collect();
        assert_eq!(subjects, ["NEW"]);
        assert!(problems.is_empty(), "{problems:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
