//! The `winddown` command: parse the command line, dispatch, map errors to exit codes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::{Local, NaiveTime};
use clap::{Parser, Subcommand};

use winddown::paths::Paths;
use winddown::routine::night_of;
use winddown::routines::{self, Invalid};
use winddown::tui::{self, RunEnd};
use winddown::{cli, shipped};

/// A full-screen coach for the evening routine that keeps night-time leg cramps away.
#[derive(Parser)]
#[command(name = "winddown", version)]
struct Cli {
    /// Keep config, routines and data in DIR.
    #[arg(long, global = true, env = "WINDDOWN_HOME", value_name = "DIR")]
    home: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a routine now: a shipped routine's name, one in your routine folder, or a file.
    Run {
        /// Routine name or path to a .toml file (default: leg-cramps).
        routine: Option<String>,
    },
    /// Check routine files and report every error in them.
    Check {
        /// Files to check (default: the shipped routines).
        paths: Vec<PathBuf>,
    },
}

/// Exit code when stdout is not a terminal.
const NOT_A_TERMINAL: u8 = 2;

/// When a night ends; later evenings' activity before this hour belongs to the previous night.
fn rollover() -> NaiveTime {
    NaiveTime::from_hms_opt(4, 0, 0).unwrap_or(NaiveTime::MIN)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if let Some(invalid) = err.downcast_ref::<Invalid>() {
                eprintln!("{invalid}");
            } else {
                eprintln!("winddown: error: {err:#}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let paths = Paths::resolve(cli.home.as_deref())?;
    let night = night_of(Local::now().naive_local(), rollover());
    match cli.command {
        None => run_routine(&paths, shipped::DEFAULT, night),
        Some(Command::Run { routine }) => run_routine(
            &paths,
            routine.as_deref().unwrap_or(shipped::DEFAULT),
            night,
        ),
        Some(Command::Check { paths }) => Ok(cli::check(&paths, night)),
    }
}

fn run_routine(paths: &Paths, name: &str, night: chrono::NaiveDate) -> Result<ExitCode> {
    let source = routines::find(name, paths)?;
    let routine = routines::load(&source)?;
    if !std::io::stdout().is_terminal() {
        eprintln!(
            "winddown: error: the routine runs full-screen, but standard output is not a terminal \
             (use `winddown check` to validate a routine without one)"
        );
        return Ok(ExitCode::from(NOT_A_TERMINAL));
    }
    if routine.tonight(night).is_empty() {
        println!(
            "Nothing in \"{}\" is scheduled for tonight ({}).",
            routine.name,
            night.format("%A")
        );
        return Ok(ExitCode::SUCCESS);
    }
    let name = routine.name.clone();
    match tui::run(routine, night)? {
        RunEnd::Left { ended, total } if ended == total => {
            println!("{name}: {ended} of {total} steps behind you tonight. Sleep well.");
            Ok(ExitCode::SUCCESS)
        }
        RunEnd::Left { ended, total } => {
            println!("{name}: stopped with {ended} of {total} steps behind you tonight.");
            Ok(ExitCode::SUCCESS)
        }
        RunEnd::Signal(signal) => Ok(ExitCode::from(128u8.saturating_add(signal as u8))),
    }
}
