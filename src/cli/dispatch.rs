//! Carrying out a command line: the non-interactive commands run here; the ones
//! that open an evening (bare `winddown`, `run`, `sos`) are handed back to the
//! binary, which opens them full-screen or in plain lines.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use super::args::{Cli, Command, Format};
use super::export::ExportFormat;
use super::setup::Setup;
use crate::edit::{self, Edited};
use crate::kept::KeptFiles;
use crate::printable;
use crate::safe_write::{self, Existing};
use crate::store::Store;

/// A command that opens an evening, as the command line asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interactive {
    /// Bare `winddown`: the home screen on the default routine.
    Home {
        /// Plain lines instead of a full screen.
        plain: bool,
    },
    /// `winddown run [ROUTINE]`: straight into a routine (`None`: the default one).
    Run {
        /// The routine asked for, by name or path.
        routine: Option<String>,
        /// Plain lines instead of a full screen.
        plain: bool,
    },
    /// `winddown sos`: straight into Cramp SOS.
    Sos {
        /// Plain lines instead of a full screen.
        plain: bool,
    },
}

/// What carrying out a command came to.
pub enum Ran {
    /// The command ran; exit with this code.
    Done(ExitCode),
    /// The command opens an evening: the binary opens it.
    Opens(Interactive),
}

/// Run `command`, or hand back the evening it opens.
pub fn run_command(command: Option<Command>, setup: &Setup) -> Result<Ran> {
    let (paths, night) = (&setup.paths, setup.night);
    let mut stdout = io::stdout().lock();
    let out = &mut stdout;
    let opens = |interactive| Ok(Ran::Opens(interactive));
    let done = |result: Result<()>| result.map(|()| Ran::Done(ExitCode::SUCCESS));
    match command {
        None => opens(Interactive::Home { plain: false }),
        // The relief steps are not an evening routine: `run sos` opens Cramp SOS itself.
        Some(Command::Run {
            routine: Some(routine),
            plain,
        }) if crate::routines::names_sos(&routine, paths) => opens(Interactive::Sos { plain }),
        Some(Command::Run { routine, plain }) => opens(Interactive::Run { routine, plain }),
        Some(Command::Sos { plain }) => opens(Interactive::Sos { plain }),
        Some(Command::Check { paths: files }) => super::check(&files, paths, night).map(Ran::Done),
        Some(Command::Edit { routine }) => edit_routine(setup, routine.as_deref(), out),
        Some(Command::History { days }) => done(reading(setup, |store| {
            super::history::history(store, days, night, out)
        })),
        Some(Command::Stats) => done(reading(setup, |store| {
            super::stats::stats(store, night, out)
        })),
        Some(Command::Status { json, format }) => done(reading(setup, |store| {
            status(setup, store, json, format.as_deref(), out)
        })),
        Some(Command::Insights) => done(reading(setup, |store| {
            super::insights::insights(store, night, out)
        })),
        Some(Command::Report {
            weeks,
            format,
            out: file,
            open,
        }) => {
            let request = super::report::Request {
                weeks,
                format,
                out: file,
                open,
            };
            let kept = KeptFiles::of(&setup.paths);
            done(reading(setup, |store| {
                super::report::run(store, &request, night, &kept, out, std::env::var_os("PATH"))
            }))
        }
        Some(Command::Backup { file, force }) => done(reading(setup, |store| {
            let kept = KeptFiles::of(&setup.paths);
            super::backup::backup(store, &setup.database, &file, force, &kept, out)
        })),
        Some(Command::Export { format, out: file }) => {
            let kept = KeptFiles::of(&setup.paths);
            done(reading(setup, |store| {
                export(store, night, format, file, &kept, out)
            }))
        }
        Some(Command::Checkin(args)) => done(checkin(setup, &args, out)),
        Some(Command::Experiment(args)) => {
            super::experiment::experiment(&args, setup, &mut io::stdin().lock(), out).map(Ran::Done)
        }
        Some(Command::Import { file }) => done(import(setup, &file, out)),
        Some(Command::Completions { shell }) => {
            super::shell::completions(Cli::command(), shell, paths, out);
            done(Ok(()))
        }
        Some(Command::Man { dir: None }) => done(Ok(super::shell::man(Cli::command(), out)?)),
        Some(Command::Man { dir: Some(dir) }) => {
            let kept = KeptFiles::of(paths);
            done(super::shell::man_pages(Cli::command(), &dir, &kept, out))
        }
        Some(Command::Init) => done(super::folder::init(paths, out)),
        Some(Command::List) => done(super::folder::list(paths, night, out)),
        Some(Command::New { name, from }) => {
            let path = super::folder::new(paths, &name, from.as_deref())?;
            done(writeln!(out, "{}", printable::path(&path)).map_err(Into::into))
        }
        Some(Command::Remind(args)) => done(remind(setup, &args, out)),
        Some(Command::Schema) => done(super::schema::schema(out)),
        Some(Command::VoiceTest) => done(super::voice::voice_test(
            &setup.settings.config,
            std::env::var_os("PATH"),
            out,
        )),
    }
}

/// A command that reads the history: the store opened read-only, so it works
/// while a routine runs in another window.
fn reading(setup: &Setup, command: impl FnOnce(&Store) -> Result<()>) -> Result<()> {
    command(&Store::open_read_only(&setup.database)?)
}

/// `winddown checkin`: written beside a running evening.
fn checkin(setup: &Setup, args: &super::checkin::CheckinArgs, out: &mut impl Write) -> Result<()> {
    // No instance lock: SQLite's busy timeout lets this write beside a running session.
    let mut store = Store::open(&setup.database)?;
    super::checkin::checkin(&mut store, args, setup.night, chrono::Utc::now(), out)
}

/// `winddown import`: the file is checked whole before the history is opened, so a
/// bad file creates nothing.
fn import(setup: &Setup, file: &Path, out: &mut impl Write) -> Result<()> {
    KeptFiles::of(&setup.paths).refuse_input(file)?;
    let history = super::import::read(file, setup.night)?;
    let mut store = Store::open(&setup.database)?;
    super::import::import(&mut store, &history, file, out)
}

/// `winddown remind`: reminders for the default routine.
fn remind(setup: &Setup, args: &super::remind::RemindArgs, out: &mut impl Write) -> Result<()> {
    let remind = super::remind::Setup {
        paths: setup.paths.clone(),
        home: setup.home.clone(),
        routine: setup.default_routine.clone(),
        rollover: setup.settings.config.day_rollover,
    };
    super::remind::remind(args, &remind, out)
}

/// `winddown edit`: fails when the edit was left in the draft.
fn edit_routine(setup: &Setup, routine: Option<&str>, out: &mut impl Write) -> Result<Ran> {
    let file = edit::routine_file(routine.unwrap_or(&setup.default_routine), &setup.paths)?;
    let editor = edit::editor()?;
    Ok(Ran::Done(
        match edit::edit(
            &file,
            &editor,
            setup.night,
            &setup.paths,
            &mut io::stdin().lock(),
            out,
        )? {
            Edited::LeftDraft { .. } => ExitCode::FAILURE,
            Edited::Saved(_) | Edited::Unchanged(_) => ExitCode::SUCCESS,
        },
    ))
}

/// `winddown status`: one line, a JSON object, or the user's own template.
fn status(
    setup: &Setup,
    store: &Store,
    json: bool,
    template: Option<&str>,
    out: &mut impl Write,
) -> Result<()> {
    let around = super::status::Around::read(&setup.paths, &setup.default_routine, setup.night);
    let Some(template) = template else {
        return super::status::status(store, setup.night, &around, json, out);
    };
    let status = super::status::collect(store, setup.night, &around)?;
    let line = super::status_format::fill(template, &status).map_err(anyhow::Error::msg)?;
    writeln!(out, "{line}")?;
    Ok(())
}

/// `winddown export`: to standard output, or into a file that appears whole.
fn export(
    store: &Store,
    tonight: chrono::NaiveDate,
    format: Format,
    file: Option<PathBuf>,
    kept: &KeptFiles,
    out: &mut impl Write,
) -> Result<()> {
    let format = match format {
        Format::Csv => ExportFormat::Csv,
        Format::Json => ExportFormat::Json,
    };
    match file {
        Some(path) => export_to_file(store, tonight, format, &path, kept),
        None => super::export::export(store, tonight, format, out, io::stdout().is_terminal()),
    }
}

/// Writes the export to `path` through [`safe_write`], so an interrupted export
/// never leaves half a file where a whole one was.
fn export_to_file(
    store: &Store,
    tonight: chrono::NaiveDate,
    format: ExportFormat,
    path: &Path,
    kept: &KeptFiles,
) -> Result<()> {
    let export = super::export::collect(store, tonight)?;
    safe_write::write(path, Existing::Replace, kept, |out| {
        super::export::write_export(&export, format, out)
    })?;
    Ok(())
}
