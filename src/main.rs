//! The `winddown` command: parse the command line, run it or open the evening it
//! asks for, and map errors to exit codes.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use winddown::cli::{Cli, Command, Ran, Setup, say_err};
use winddown::paths::Paths;
use winddown::routines::Invalid;
use winddown::store::{DB_FILE, StoreError};
use winddown::{cli, launch, printable, zone};

fn main() -> ExitCode {
    ignore_an_unusable_tz();
    let cli = Cli::parse();
    let full_screen = matches!(
        cli.command,
        None | Some(Command::Run { .. } | Command::Sos { .. })
    );
    if !full_screen {
        end_quietly_when_the_reader_leaves();
    }
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Errors quote file names and file contents: nothing in them may drive the terminal.
            if let Some(invalid) = err.downcast_ref::<Invalid>() {
                say_err(printable::block(&invalid.to_string()));
            } else {
                say_err(format_args!(
                    "winddown: error: {}",
                    printable::block(&format!("{err:#}"))
                ));
            }
            ExitCode::FAILURE
        }
    }
}

/// The non-interactive commands end the way `cat` does when whoever reads them goes
/// away (`winddown list | head -1`): quietly, by SIGPIPE, at the first write that
/// finds the pipe closed, instead of an error message into that same closed pipe.
/// The full-screen app keeps Rust's default (ignored, so a write error comes back):
/// it must restore the terminal on the way out.
#[cfg(unix)]
fn end_quietly_when_the_reader_leaves() {
    // SAFETY: runs on the main thread before any other thread exists, and SIG_DFL
    // is a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Windows has no SIGPIPE: a write to a closed pipe fails, and the command says so.
#[cfg(not(unix))]
fn end_quietly_when_the_reader_leaves() {}

/// A `TZ` naming a device, a FIFO or a huge file is dropped before the local time
/// is first read (see `zone.rs`), with one line saying so.
fn ignore_an_unusable_tz() {
    let Some(problem) = std::env::var_os("TZ").and_then(|value| zone::unusable(&value)) else {
        return;
    };
    say_err(printable::line(&problem));
    // SAFETY: runs first thing on the main thread, before any other thread exists
    // or anything has read the environment.
    unsafe {
        std::env::remove_var("TZ");
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let paths = Paths::resolve(cli.home.as_deref())?;
    let database = paths.data.join(DB_FILE);
    // Bare `check` reports config.toml's errors itself, among the user's other files.
    let checks_the_config =
        matches!(&cli.command, Some(Command::Check { paths }) if paths.is_empty());
    let setup = Setup::load(paths, cli.home, !checks_the_config);
    let ran = cli::run_command(cli.command, &setup).and_then(|ran| match ran {
        Ran::Done(code) => Ok(code),
        Ran::Opens(evening) => launch::open(&setup, evening),
    });
    ran.map_err(|err| naming_the_database(err, &database))
}

/// Puts the database's path in front of a store error that does not name it
/// (a damaged page, SQLite's own messages), so every failure says which file.
fn naming_the_database(err: anyhow::Error, database: &Path) -> anyhow::Error {
    let unnamed = err
        .chain()
        .filter_map(|cause| cause.downcast_ref::<StoreError>())
        .any(|store_error| !store_error.names_its_file());
    if unnamed {
        err.context(database.display().to_string())
    } else {
        err
    }
}
