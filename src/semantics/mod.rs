//! Facts about a cable that the workspace and the editor features read, below
//! the checks: its date, where its body starts, the names it mentions and the
//! cables its body refers to. Pure functions over the syntax model, byte
//! offsets only.

pub mod body_refs;
mod date;
pub mod names;

pub use date::cable_date;
