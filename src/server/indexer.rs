//! Indexing the workspace folders in the background, with progress and
//! log messages for the client, and keeping the index current as files
//! change on disk (client notifications or our own watcher). What indexing
//! does is `workspace::indexing`'s.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::*;

use super::background;
use super::state::State;
use super::status;
use crate::workspace::indexing::Outcome;

/// Shortest time between two progress reports.
const REPORT_INTERVAL: std::time::Duration = std::time::Duration::from_millis(100);

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
        let progress = if state.client().progress
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
                let cache = worker.settings().index.cache;
                let limits = worker.index_limits();
                worker
                    .workspace()
                    .index_roots(&roots, limits, cache, |done, total| {
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
                    client
                        .log_message(MessageType::WARNING, problem.clone())
                        .await;
                }
                for note in notes {
                    client.log_message(MessageType::INFO, note).await;
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
        client.log_message(MessageType::INFO, message).await;
    });
}

/// Brings the index up to date for one path that changed on disk.
pub fn refresh(state: &State, path: &Path) -> Option<String> {
    state.workspace().refresh(path, state.index_limits())
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
    let unwatched: Vec<String> = roots
        .iter()
        .filter_map(|root| {
            let e = watcher.watch(root, RecursiveMode::Recursive).err()?;
            Some(format!("cannot watch {}: {e}", root.display()))
        })
        .collect();
    tokio::spawn(async move {
        for problem in unwatched {
            client.log_message(MessageType::WARNING, problem).await;
        }
        while let Some(path) = rx.recv().await {
            let s = state.clone();
            if let Ok(Some(problem)) = tokio::task::spawn_blocking(move || refresh(&s, &path)).await
            {
                client.log_message(MessageType::WARNING, problem).await;
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
}
