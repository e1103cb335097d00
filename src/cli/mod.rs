//! The command line: `cable-ls [serve]`, `cable-ls check PATH…`.

pub mod check;
mod render;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// A language server and checker for US diplomatic cable markup.
#[derive(Debug, Parser)]
#[command(name = "cable-ls", version, about)]
pub struct Cli {
    /// What to do; without a command, serve LSP on stdio.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Sub-commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the language server on stdin/stdout (the default).
    Serve,
    /// Check cable files and folders and print their diagnostics.
    Check {
        /// Files or folders (folders are searched for `.cable` files and
        /// `.txt` files that contain a cable).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// file:line:col, code, message and the source line underlined.
    Human,
    /// One JSON document with every diagnostic and a summary.
    Json,
}
