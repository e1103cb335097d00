//! The workspace: finding cable files, summarising them, the index that
//! answers cross-file questions, and loading it (first indexing, the
//! on-disk cache, refreshes). No protocol types here.

pub mod cache;
pub mod discover;
pub mod identity;
pub mod index;
pub mod indexing;
pub mod mentions;
pub mod summary;

pub use index::{Entry, FileId, Index};
pub use mentions::{MentionRef, Mentions};
pub use summary::{Summary, summarize, summarize_named};
