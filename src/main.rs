//! The `cable-ls` binary: parses the command line and hands over.

use std::process::ExitCode;

use clap::Parser;

use cable_ls::cli::{Cli, Command, check};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { paths, format }) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            match check::run(&paths, format, &mut out) {
                Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
                Err(e) => {
                    eprintln!("cable-ls: {e}");
                    ExitCode::from(2)
                }
            }
        }
        None | Some(Command::Serve) => ExitCode::SUCCESS,
    }
}
