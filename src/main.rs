//! The `winddown` command: parse the command line, dispatch, map errors to exit codes.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::{Local, NaiveDate};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use winddown::cli::export::ExportFormat;
use winddown::edit::{self, Edited};
use winddown::paths::Paths;
use winddown::plain::{self, PlainRun};
use winddown::routine::{Routine, night_of};
use winddown::routines::{self, Invalid};
use winddown::safe_write::{self, Existing};
use winddown::settings::{self, Settings};
use winddown::store::{self, DB_FILE, InstanceLock, Store, StoreError};
use winddown::tui::{self, Choice, Cues, Evening, Opening, Pacing, RoutineKey, RunEnd, RunTally};
use winddown::{cli, printable, shipped};

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
        /// One line per event instead of a full screen, for screen readers (also `plain = true`, or TERM=dumb).
        #[arg(long)]
        plain: bool,
    },
    /// Check routine files and report every error in them.
    Check {
        /// Files to check (default: every routine in your folder, and config.toml).
        paths: Vec<PathBuf>,
    },
    /// Open a routine in $VISUAL or $EDITOR; it is checked when the editor closes.
    Edit {
        /// Routine name or path (default: the default routine).
        routine: Option<String>,
    },
    /// Cramp SOS: relief steps and a stopwatch, right now.
    Sos {
        /// Read the relief steps as lines, the stopwatch said every minute.
        #[arg(long)]
        plain: bool,
    },
    /// A table of past nights.
    History {
        /// Only the last N nights.
        #[arg(long, value_name = "N")]
        days: Option<u32>,
    },
    /// Streaks, completion rates and how often each step is done.
    Stats,
    /// The whole history, every step result, as CSV or JSON.
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Merge a JSON export back into the history (importing twice changes nothing).
    Import {
        /// A file written by `winddown export --format json`.
        file: PathBuf,
    },
    /// Copy the history database to FILE, safely even while winddown runs.
    Backup {
        /// Where the copy goes.
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// One line for a shell prompt or status bar: tonight's progress and the streak.
    Status {
        /// A JSON object instead of a line.
        #[arg(long)]
        json: bool,
        /// The line in your own words, e.g. '{icon} {summary}' (placeholders below).
        #[arg(long, value_name = "TEMPLATE", conflicts_with = "json", long_help = status_format_help())]
        format: Option<String>,
    },
    /// Put back any shipped routine missing from your routine folder (never overwrites).
    Init,
    /// Your routines: name, file, tonight's steps and time, and whether each is valid.
    List,
    /// Start a routine file in your routine folder from a commented template or a copy.
    New {
        /// File name without .toml: lowercase letters, digits and dashes.
        name: String,
        /// Copy this routine (a name or a path) instead of the template.
        #[arg(long, value_name = "ROUTINE")]
        from: Option<String>,
    },
    /// Print the JSON Schema of the routine format, for editors.
    Schema,
    /// Say one line the way cues will be said, and name the speech command used.
    VoiceTest,
    /// Record how last night went: how many cramps, how bad, which leg.
    Checkin(cli::checkin::CheckinArgs),
    /// Cramps per night with and without each step, with sample sizes and 95% intervals.
    Insights,
    /// A Markdown summary of the last weeks to bring to a doctor.
    Report {
        /// How many weeks, ending last night.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=520))]
        weeks: u32,
    },
    /// A desktop notification when it is time to start: `on`, `off`, `status`, `--print`.
    Remind(cli::remind::RemindArgs),
    /// Print a shell completion script (routine names as they are in your folder now).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `winddown man | man -l -`.
    Man {
        /// Instead, write a page for winddown and each subcommand into DIR.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

fn status_format_help() -> String {
    format!(
        "The line in your own words, e.g. '{{icon}} {{summary}}'.\n\n{}",
        cli::status_format::help()
    )
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Json,
}

/// Exit code when stdout is not a terminal.
const NOT_A_TERMINAL: u8 = 2;

fn main() -> ExitCode {
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
fn end_quietly_when_the_reader_leaves() {
    // SAFETY: runs on the main thread before any other thread exists, and SIG_DFL
    // is a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// A line on standard output; a closed stream is no reason to panic.
fn say(text: impl std::fmt::Display) {
    let _ = writeln!(io::stdout(), "{text}");
}

/// A line on standard error; a closed stream is no reason to panic.
fn say_err(text: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "{text}");
}

fn run(cli: Cli) -> Result<ExitCode> {
    let paths = Paths::resolve(cli.home.as_deref())?;
    let database = paths.data.join(DB_FILE);
    // Bare `check` reports config.toml's errors itself, among the user's other files.
    let checks_the_config =
        matches!(&cli.command, Some(Command::Check { paths }) if paths.is_empty());
    let setup = Setup::load(paths, cli.home, !checks_the_config);
    run_command(cli.command, &setup).map_err(|err| naming_the_database(err, &database))
}

/// What every command works from: the folders, the settings and tonight.
struct Setup {
    paths: Paths,
    /// `--home` as given.
    home: Option<PathBuf>,
    settings: Settings,
    night: NaiveDate,
    /// What bare `winddown` opens.
    default_routine: String,
    database: PathBuf,
}

impl Setup {
    /// Read the settings (a broken config.toml is said once when `tell`, and the defaults used).
    fn load(paths: Paths, home: Option<PathBuf>, tell: bool) -> Setup {
        let settings = settings::load(&paths);
        if let Some(problem) = settings.problem.as_ref().filter(|_| tell) {
            say_err(format_args!(
                "{}\nwinddown: using the default settings until config.toml is fixed",
                printable::block(problem)
            ));
        }
        let night = night_of(Local::now().naive_local(), settings.config.day_rollover);
        let default_routine = settings
            .config
            .routine
            .clone()
            .unwrap_or_else(|| shipped::DEFAULT.to_string());
        let database = paths.data.join(DB_FILE);
        Setup {
            paths,
            home,
            settings,
            night,
            default_routine,
            database,
        }
    }
}

fn run_command(command: Option<Command>, setup: &Setup) -> Result<ExitCode> {
    let (paths, night) = (&setup.paths, setup.night);
    let mut stdout = io::stdout().lock();
    let out = &mut stdout;
    let done = |result: Result<()>| result.map(|()| ExitCode::SUCCESS);
    match command {
        None => run_routine(
            setup,
            &setup.default_routine,
            Opening::Home,
            plain_wanted(false, setup),
        ),
        Some(Command::Run { routine, plain }) => run_routine(
            setup,
            routine.as_deref().unwrap_or(&setup.default_routine),
            Opening::RunNow,
            plain_wanted(plain, setup),
        ),
        Some(Command::Check { paths: files }) => cli::check(&files, paths, night),
        Some(Command::Sos { plain }) => run_routine(
            setup,
            &setup.default_routine,
            Opening::Sos,
            plain_wanted(plain, setup),
        ),
        Some(Command::Edit { routine }) => edit_routine(setup, routine.as_deref(), out),
        Some(Command::History { days }) => reading(setup, |store| {
            cli::history::history(store, days, night, out)
        }),
        Some(Command::Stats) => reading(setup, |store| cli::stats::stats(store, night, out)),
        Some(Command::Status { json, format }) => status(setup, json, format.as_deref(), out),
        Some(Command::Completions { shell }) => {
            cli::shell::completions(Cli::command(), shell, paths, out);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man { dir: None }) => done(Ok(cli::shell::man(Cli::command(), out)?)),
        Some(Command::Man { dir: Some(dir) }) => {
            done(cli::shell::man_pages(Cli::command(), &dir, out))
        }
        Some(Command::Init) => done(cli::folder::init(paths, out)),
        Some(Command::List) => done(cli::folder::list(paths, night, out)),
        Some(Command::New { name, from }) => {
            let path = cli::folder::new(paths, &name, from.as_deref())?;
            done(writeln!(out, "{}", printable::path(&path)).map_err(Into::into))
        }
        Some(Command::Checkin(args)) => {
            // No instance lock: SQLite's busy timeout lets this write beside a running session.
            let mut store = Store::open(&setup.database)?;
            done(cli::checkin::checkin(
                &mut store,
                &args,
                night,
                chrono::Utc::now(),
                out,
            ))
        }
        Some(Command::Insights) => reading(setup, |store| cli::insights::insights(store, out)),
        Some(Command::Report { weeks }) => {
            reading(setup, |store| cli::report::report(store, weeks, night, out))
        }
        Some(Command::Remind(args)) => {
            let remind = cli::remind::Setup {
                paths: paths.clone(),
                home: setup.home.clone(),
                routine: setup.default_routine.clone(),
                rollover: setup.settings.config.day_rollover,
            };
            done(cli::remind::remind(&args, &remind, out))
        }
        Some(Command::Import { file }) => {
            // Checked whole before the history is opened, so a bad file creates nothing.
            let history = cli::import::read(&file)?;
            let mut store = Store::open(&setup.database)?;
            done(cli::import::import(&mut store, &history, &file, out))
        }
        Some(Command::Backup { file, force }) => reading(setup, |store| {
            cli::backup::backup(store, &setup.database, &file, force, out)
        }),
        Some(Command::Schema) => done(cli::schema::schema(out)),
        Some(Command::VoiceTest) => done(cli::voice::voice_test(
            &setup.settings.config,
            std::env::var_os("PATH"),
            out,
        )),
        Some(Command::Export { format, out: file }) => export(setup, format, file, out),
    }
}

/// A command that reads the history: the store opened read-only, so it works
/// while a routine runs in another window.
fn reading(setup: &Setup, command: impl FnOnce(&Store) -> Result<()>) -> Result<ExitCode> {
    command(&read_only(&setup.database)?).map(|()| ExitCode::SUCCESS)
}

/// `winddown edit`: fails when the edit was left in the draft.
fn edit_routine(setup: &Setup, routine: Option<&str>, out: &mut impl Write) -> Result<ExitCode> {
    let file = edit::routine_file(routine.unwrap_or(&setup.default_routine), &setup.paths)?;
    let editor = edit::editor()?;
    match edit::edit(&file, &editor, setup.night, &mut io::stdin().lock(), out)? {
        Edited::LeftDraft { .. } => Ok(ExitCode::FAILURE),
        Edited::Saved(_) | Edited::Unchanged(_) => Ok(ExitCode::SUCCESS),
    }
}

/// `winddown status`: one line, a JSON object, or the user's own template.
fn status(
    setup: &Setup,
    json: bool,
    template: Option<&str>,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let store = read_only(&setup.database)?;
    let Some(template) = template else {
        cli::status::status(&store, setup.night, json, out)?;
        return Ok(ExitCode::SUCCESS);
    };
    let status = cli::status::collect(&store, setup.night)?;
    let plan = cli::status_format::plan(&setup.paths, &setup.default_routine, setup.night);
    let line = cli::status_format::fill(template, &status, &plan).map_err(anyhow::Error::msg)?;
    writeln!(out, "{line}")?;
    Ok(ExitCode::SUCCESS)
}

/// `winddown export`: to standard output, or into a file that appears whole.
fn export(
    setup: &Setup,
    format: Format,
    file: Option<PathBuf>,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let store = read_only(&setup.database)?;
    let format = match format {
        Format::Csv => ExportFormat::Csv,
        Format::Json => ExportFormat::Json,
    };
    match file {
        Some(path) => export_to_file(&store, format, &path)?,
        None => cli::export::export(&store, format, out, io::stdout().is_terminal())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Read-only commands work while a routine runs in another window.
fn read_only(database: &Path) -> Result<Store> {
    Ok(Store::open_read_only(database)?)
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

/// Writes the export to `path` through [`safe_write`], so an interrupted export
/// never leaves half a file where a whole one was.
fn export_to_file(store: &Store, format: ExportFormat, path: &Path) -> Result<()> {
    let export = cli::export::collect(store)?;
    safe_write::write(path, Existing::Replace, |out| {
        cli::export::write_export(&export, format, out)
    })?;
    Ok(())
}

/// Plain lines when asked on the command line or in config.toml, or when the
/// terminal says it cannot do more (TERM=dumb).
fn plain_wanted(flag: bool, setup: &Setup) -> bool {
    flag || setup.settings.config.plain || std::env::var("TERM").is_ok_and(|term| term == "dumb")
}

fn run_routine(setup: &Setup, name: &str, opening: Opening, plain: bool) -> Result<ExitCode> {
    let (paths, settings, night) = (&setup.paths, &setup.settings, setup.night);
    // First run: copy the shipped routines where the user can edit them. A
    // read-only config folder must not stop tonight's routine, so only warn.
    if let Err(err) = routines::seed_if_new(paths) {
        say_err(format_args!(
            "winddown: warning: {}",
            printable::block(&format!("{err:#}"))
        ));
    }
    let source = routines::find(name, paths)?;
    let routine = routines::load(&source)?;
    if plain && !io::stdin().is_terminal() {
        say_err(
            "winddown: error: plain mode reads single keys, but standard input is not a terminal",
        );
        return Ok(ExitCode::from(NOT_A_TERMINAL));
    }
    if !plain && !io::stdout().is_terminal() {
        say_err(
            "winddown: error: the routine runs full-screen, but standard output is not a terminal \
             (use `winddown check` to validate a routine without one)",
        );
        return Ok(ExitCode::from(NOT_A_TERMINAL));
    }
    if routine.tonight(night).is_empty() && opening != Opening::Sos {
        say(format_args!(
            "Nothing in \"{}\" is scheduled for tonight ({}).",
            printable::line(&routine.name),
            night.format("%A")
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let database = paths.data.join(DB_FILE);
    // Before the lock file, so a read-only folder is named as such, with the database.
    store::check_writable(&database)?;
    let _lock = InstanceLock::acquire(&paths.data)
        .with_context(|| format!("cannot start on the data in {}", paths.data.display()))?;
    // The page-by-page check waits until the first frame is on screen (see tui::run).
    let mut store = Store::open_verify_later(&database)?;
    let key = RoutineKey {
        id: source.id.clone(),
        hash: source.hash(),
    };
    let voice_problem = winddown::voice::speaker(&settings.config, std::env::var_os("PATH")).err();
    if plain {
        store.verify(&database)?;
        let cues = Cues::from(&settings.config);
        let ending = if opening == Opening::Sos {
            plain::sos::run(&sos_guide(paths), night, cues, &mut store, &paths.data)?
        } else {
            let warning = voice_problem;
            plain::run(
                PlainRun {
                    routine,
                    key,
                    night,
                    cues,
                    warning,
                    lead_in: settings.config.lead_in,
                    countdown: settings.config.countdown,
                    folder: paths.data.clone(),
                },
                &mut store,
            )?
        };
        let end = RunEnd {
            signal: ending.signal,
            run: ending.tally.map(|stored| RunTally {
                routine: printable::line(&ending.routine).into_owned(),
                stored,
                finished: ending.finished,
            }),
            closing: ending.closing,
        };
        return Ok(say_goodbye(&end));
    }
    let asked = Choice {
        key,
        file: source.path.clone(),
        asked_for: name.to_string(),
        routine,
    };
    let (choices, chosen) = match opening {
        Opening::RunNow | Opening::Sos => (vec![asked], 0),
        Opening::Home => choices_around(asked, paths),
    };
    let evening = Evening {
        sos_guide: sos_guide(paths),
        choices,
        chosen,
        database,
        paths: paths.clone(),
        cues: Cues::from(&settings.config),
        pacing: Pacing::from(&settings.config),
        warning: settings.banner().or(voice_problem),
        theme: settings.config.theme,
        night,
        opening,
    };
    let end = tui::run(evening, &mut store)?;
    Ok(say_goodbye(&end))
}

/// The last line in the shell after a run, and the exit code.
fn say_goodbye(end: &RunEnd) -> ExitCode {
    let (line, stored) = end.exit_line();
    match line {
        Some(line) if stored => say(line),
        Some(line) => say_err(line),
        None => {}
    }
    match end.signal {
        Some(signal) => ExitCode::from(128u8.saturating_add(signal as u8)),
        None if stored => ExitCode::SUCCESS,
        None => ExitCode::FAILURE,
    }
}

/// Every valid routine the home screen can switch to, with the one asked for among
/// them (first, if it is a file outside the routine folder); returns its index too.
fn choices_around(asked: Choice, paths: &Paths) -> (Vec<Choice>, usize) {
    let mut choices: Vec<Choice> = routines::available(paths)
        .into_iter()
        .filter(|source| source.id != shipped::SOS)
        .filter_map(|source| {
            let routine = routines::load(&source).ok()?;
            Some(Choice {
                key: RoutineKey {
                    id: source.id.clone(),
                    hash: source.hash(),
                },
                file: source.path.clone(),
                asked_for: source
                    .path
                    .as_ref()
                    .map_or_else(|| source.id.clone(), |path| path.display().to_string()),
                routine,
            })
        })
        .collect();
    match choices
        .iter()
        .position(|choice| choice.key == asked.key && choice.file == asked.file)
    {
        Some(index) => (choices, index),
        None => {
            choices.insert(0, asked);
            (choices, 0)
        }
    }
}

/// The SOS relief steps: the user's `sos.toml` when it is valid, else the shipped one.
fn sos_guide(paths: &Paths) -> Routine {
    let users = routines::find(shipped::SOS, paths).and_then(|source| routines::load(&source));
    let shipped = || {
        shipped::find(shipped::SOS)
            .and_then(|shipped| winddown::routine::parse(shipped.source).ok())
    };
    users.ok().or_else(shipped).unwrap_or_else(|| Routine {
        name: "Cramp SOS".to_string(),
        about: None,
        bedtime: None,
        steps: Vec::new(),
    })
}
