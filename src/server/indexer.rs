//! Background indexing of the workspace folders, and keeping the index
//! current as files change on disk (client notifications or our own
//! watcher).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use rayon::prelude::*;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

use super::state::{State, path_key};
use super::status;
use crate::syntax::parse;
use crate::workspace::discover::{discover, is_cable_file};
use crate::workspace::{Summary, summarize};

/// Files summarised between two index updates.
const BATCH: usize = 64;

/// Shortest time between two progress reports.
const REPORT_INTERVAL: std::time::Duration = std::time::Duration::from_millis(100);

/// Reads and summarises one file of at most `max_bytes`; `Err` says why
/// it was skipped.
pub fn summarize_file(path: &Path, max_bytes: u64) -> Result<Summary, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > max_bytes {
        return Err(format!(
            "{size} bytes is over the {max_bytes}-byte limit for indexing (setting limits.maxIndexedFileBytes)"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&bytes);
    let cable = parse(&text);
    Ok(summarize(&text, &cable))
}

/// Indexes every cable under the roots, reporting `(done, total)` after
/// each batch. Returns the number indexed and the messages of skipped
/// files.
fn index_roots(
    state: &State,
    roots: &[PathBuf],
    mut report: impl FnMut(usize, usize),
) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let mut files = discover(roots, &mut problems);
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
    let mut done = 0;
    for batch in files.chunks(BATCH) {
        let summaries: Vec<(PathBuf, Result<Summary, String>)> = batch
            .par_iter()
            .map(|p| (p.clone(), summarize_file(p, limits.max_indexed_file_bytes)))
            .collect();
        {
            let mut index = state.index_mut();
            for (path, result) in summaries {
                match (result, path_key(&path)) {
                    (Ok(summary), Some(key)) => {
                        index.upsert(&key, summary, false);
                    }
                    (Err(e), _) => problems.push(format!("skipped {}: {e}", path.display())),
                    (Ok(_), None) => {
                        problems.push(format!("skipped {}: not a valid file name", path.display()))
                    }
                }
            }
        }
        done += batch.len();
        report(done, total);
    }
    (total, problems)
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
            index_roots(&worker, &roots, |done, total| {
                let _ = tx.send((done, total));
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
            Ok((total, problems)) => {
                for problem in &problems {
                    log(&client, MessageType::WARNING, problem.clone()).await;
                }
                format!(
                    "indexed {} cables ({} skipped)",
                    total - problems.len().min(total),
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
    let full = {
        let index = state.index();
        index.len() >= limits.max_indexed_files && index.file(&key).is_none()
    };
    if full && path.is_file() {
        return Some(format!(
            "skipped {}: the index holds {} files, the limit (setting limits.maxIndexedFiles)",
            path.display(),
            limits.max_indexed_files
        ));
    }
    if path.is_file() && is_cable_file(path) {
        match summarize_file(path, limits.max_indexed_file_bytes) {
            Ok(summary) => {
                state.index_mut().upsert(&key, summary, false);
                None
            }
            Err(e) => {
                state.index_mut().remove(&key, false);
                Some(format!("skipped {}: {e}", path.display()))
            }
        }
    } else {
        state.index_mut().remove(&key, false);
        None
    }
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
/// into the index. The watcher lives as long as the returned value.
pub fn watch(state: Arc<State>, client: Client) -> Option<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let roots = state.roots.lock().map(|r| r.clone()).unwrap_or_default();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            for path in event.paths {
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
            let relevant = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("cable" | "txt")
            );
            if !relevant {
                continue;
            }
            let s = state.clone();
            if let Ok(Some(problem)) = tokio::task::spawn_blocking(move || refresh(&s, &path)).await
            {
                log(&client, MessageType::WARNING, problem).await;
            }
        }
    });
    Some(watcher)
}
