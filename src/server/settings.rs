//! What the user can configure: which diagnostics to show and the resource
//! limits. Read from `initializationOptions` and from
//! `workspace/didChangeConfiguration` (either the settings themselves or
//! an object holding them under `cable-ls`).

use serde::Deserialize;
use serde_json::Value;

/// The settings of a session.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Which diagnostics are shown.
    pub diagnostics: DiagnosticSettings,
    /// Resource limits.
    pub limits: Limits,
    /// The workspace index.
    pub index: IndexSettings,
}

/// How the workspace index is kept.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct IndexSettings {
    /// Whether summaries are kept in the user's cache directory between
    /// sessions, so that a restart re-reads only the files that changed.
    pub cache: bool,
}

impl Default for IndexSettings {
    fn default() -> Self {
        IndexSettings { cache: true }
    }
}

/// Which diagnostics are shown.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct DiagnosticSettings {
    /// Codes (`header/unknown-tag`) or groups (`paragraph`) not to show.
    pub disabled: Vec<String>,
}

/// Bounds on the memory and time the server spends.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Limits {
    /// Largest file the workspace index reads, in bytes.
    pub max_indexed_file_bytes: u64,
    /// Most files the workspace index holds; the rest are skipped with a
    /// log message.
    pub max_indexed_files: usize,
    /// Largest open document that is analysed, in bytes. A larger one is
    /// kept (its text is never lost) but gets one diagnostic saying so
    /// instead of an analysis.
    pub max_document_bytes: usize,
    /// Most locations a references request answers with (the open
    /// cable's first, then other files' in index order), with a warning
    /// when there were more.
    pub max_references: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_indexed_file_bytes: 16 * 1024 * 1024,
            max_indexed_files: 2_000_000,
            max_document_bytes: 64 * 1024 * 1024,
            max_references: crate::ide::navigate::DEFAULT_REFERENCE_LIMIT,
        }
    }
}

impl Settings {
    /// Reads settings from a client's JSON. `Err` says what was wrong; the
    /// caller keeps its current settings then.
    pub fn from_json(value: &Value) -> Result<Settings, String> {
        let value = value.get("cable-ls").unwrap_or(value);
        if value.is_null() {
            return Ok(Settings::default());
        }
        Settings::deserialize(value).map_err(|e| format!("ignored the settings: {e}"))
    }

    /// Whether diagnostics with this code are shown.
    pub fn shows(&self, code: &str) -> bool {
        !self.diagnostics.disabled.iter().any(|off| {
            code.strip_prefix(off.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_plain_and_sectioned_settings() {
        let plain = json!({ "diagnostics": { "disabled": ["paragraph"] } });
        let sectioned = json!({ "cable-ls": plain.clone() });
        let a = Settings::from_json(&plain).unwrap();
        assert_eq!(a, Settings::from_json(&sectioned).unwrap());
        assert_eq!(a.diagnostics.disabled, ["paragraph"]);
        assert_eq!(a.limits, Limits::default());
        assert_eq!(
            Settings::from_json(&Value::Null).unwrap(),
            Settings::default()
        );
    }

    #[test]
    fn limits_are_read_and_bad_types_rejected() {
        let s = Settings::from_json(&json!({ "limits": { "maxDocumentBytes": 1000 } })).unwrap();
        assert_eq!(s.limits.max_document_bytes, 1000);
        assert_eq!(
            s.limits.max_indexed_file_bytes,
            Limits::default().max_indexed_file_bytes
        );
        let bad = Settings::from_json(&json!({ "diagnostics": { "disabled": "header" } }));
        assert!(bad.unwrap_err().contains("ignored the settings"));
    }

    #[test]
    fn groups_and_codes_are_disabled_whole() {
        let s = Settings::from_json(&json!({
            "diagnostics": { "disabled": ["paragraph", "header/unknown-tag", "ent"] }
        }))
        .unwrap();
        assert!(!s.shows("paragraph/gap"));
        assert!(!s.shows("header/unknown-tag"));
        assert!(s.shows("header/unknown-tags-extra"));
        assert!(s.shows("header/missing-tags"));
        // A group is a whole segment, not a prefix of one.
        assert!(s.shows("entity/empty"));
    }
}
