//! The server's status for clients that show it in a status bar: the
//! `experimental/serverStatus` notification of rust-analyzer, sent only to
//! clients that set `experimental.serverStatusNotification` in their
//! capabilities, with the index's counts added.

use serde::{Deserialize, Serialize};
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::notification::Notification;

use super::state::State;

/// The notification.
pub enum ServerStatus {}

impl Notification for ServerStatus {
    type Params = Status;
    const METHOD: &'static str = "experimental/serverStatus";
}

/// What the status bar shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// Always `ok`: problems go to the log and to diagnostics.
    pub health: String,
    /// Whether the server is done with background work.
    pub quiescent: bool,
    /// A short line for the status bar.
    pub message: String,
    /// Files indexed so far.
    pub indexed: usize,
    /// Files found to index, while indexing.
    pub total: Option<usize>,
}

impl Status {
    /// Indexing: `done` of `total` files.
    pub fn indexing(done: usize, total: usize) -> Status {
        Status {
            health: "ok".into(),
            quiescent: false,
            message: format!("indexing {done}/{total} cables"),
            indexed: done,
            total: Some(total),
        }
    }

    /// Done: `indexed` files in the index.
    pub fn idle(indexed: usize) -> Status {
        let plural = if indexed == 1 { "" } else { "s" };
        Status {
            health: "ok".into(),
            quiescent: true,
            message: format!("{indexed} cable{plural} indexed"),
            indexed,
            total: None,
        }
    }
}

/// Sends `status` if the client asked for status notifications.
pub async fn send(state: &State, client: &Client, status: Status) {
    if state.client().status_notifications {
        client.send_notification::<ServerStatus>(status).await;
    }
}
