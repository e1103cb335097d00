//! cable-ls: a language server and checker for US diplomatic cable markup.
//!
//! See `ARCHITECTURE.md` for the map of modules.

pub mod analysis;
pub mod cli;
pub mod document;
pub mod ide;
pub mod reference;
pub mod server;
pub mod syntax;
pub mod text;
pub mod workspace;
