//! The workspace: finding cable files, summarising them, and the index
//! that answers cross-file questions. No protocol types here.

pub mod cache;
pub mod discover;
pub mod identity;
pub mod index;
pub mod mentions;
pub mod summary;

pub use index::{Entry, FileId, Index};
pub use mentions::{MentionRef, Mentions};
pub use summary::{Summary, summarize, summarize_named};
