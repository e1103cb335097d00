//! The `cable-ls` binary: parses the command line and hands over.

use std::process::ExitCode;

use clap::Parser;

use cable_ls::cli::{Cli, Command, check};
use cable_ls::server;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { paths, format }) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let mut err = std::io::stderr().lock();
            match check::run(&paths, format, &mut out, &mut err) {
                Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
                Err(e) => {
                    eprintln!("cable-ls: {e}");
                    ExitCode::from(2)
                }
            }
        }
        None | Some(Command::Serve) => serve(),
    }
}

/// Runs the server; exits 1 when the client exits without `shutdown`, as
/// the specification asks. Started on a terminal, it first says on stderr
/// what it is waiting for.
fn serve() -> ExitCode {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        eprintln!(
            "cable-ls speaks the Language Server Protocol on stdin and stdout, for an editor to \
             start it; `cable-ls check PATH` checks files (`cable-ls --help`; Ctrl-D ends)."
        );
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cable-ls: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let clean = runtime.block_on(server::serve_stdio());
    // Background tasks (debounced publishing) must not keep the process.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
