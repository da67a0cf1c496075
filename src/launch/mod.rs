//! Opening an evening: bare `winddown` (the home screen), `run` and `sos`. Finds
//! the routine (or what is wrong with it), the relief steps and the other
//! routines, takes the instance lock and opens the store, then hands over to the
//! full screen or to plain lines, and leaves the exit line in the shell.

mod choices;

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{Interactive, Setup, say, say_err};
use crate::plain::{self, PlainRun};
use crate::store::{self, InstanceLock, Store};
use crate::tui::{self, Choice, Cues, Evening, Opening, Pacing, RunEnd, RunTally};
use crate::{bus_error, printable, routines, voice};

use choices::{asked_choice, choices_around, first_line, sos_guide, unusable_choice};

/// Exit code when the terminal cannot show what was asked for.
const NOT_A_TERMINAL: u8 = 2;

/// How long a session's write waits for another program's lock before the
/// journal keeps it to retry: short enough that the screen never stalls.
pub const SESSION_LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(200);

/// Open the evening `interactive` asks for; returns the exit code.
pub fn open(setup: &Setup, interactive: Interactive) -> Result<ExitCode> {
    let default = || setup.default_routine.clone();
    let (name, opening, plain) = match interactive {
        Interactive::Home { plain } => (default(), Opening::Home, plain),
        Interactive::Run { routine, plain } => {
            (routine.unwrap_or_else(default), Opening::RunNow, plain)
        }
        Interactive::Sos { plain } => (default(), Opening::Sos, plain),
    };
    let plain = setup.plain_wanted(plain);
    seed_routines(setup);
    // `run NAME` and plain lines need that routine; the home screen and SOS open
    // whatever state it is in, and say what is wrong with it.
    let (asked, problem) = match asked_choice(&name, &setup.paths) {
        Ok(choice) => (choice, None),
        Err(err) if opening != Opening::Sos && (plain || opening == Opening::RunNow) => {
            return Err(err);
        }
        Err(err) => (
            unusable_choice(&name, &setup.paths),
            Some(first_line(&err, &setup.paths)),
        ),
    };
    if let Some(code) = terminal_missing(plain) {
        return Ok(code);
    }
    let nothing_tonight = asked.routine.tonight(setup.night).is_empty();
    if nothing_tonight && (opening == Opening::RunNow || (plain && opening == Opening::Home)) {
        say(format_args!(
            "Nothing in \"{}\" is scheduled for tonight ({}).",
            printable::line(&asked.routine.name),
            setup.night.format("%A")
        ));
        return Ok(ExitCode::SUCCESS);
    }
    // Before the lock file, so a read-only folder is named as such, with the database.
    store::check_writable(&setup.database)?;
    let data = &setup.paths.data;
    // Cramp SOS writes one row of its own and never a run, so it takes no instance
    // lock: it opens even while another winddown (forgotten in another window) holds
    // it. That one keeps its own state; SQLite orders the two writers' transactions,
    // and a write refused meanwhile is retried, then kept in a recovery file.
    let _lock = match opening {
        Opening::Sos => None,
        Opening::Home | Opening::RunNow => Some(
            InstanceLock::acquire(data)
                .with_context(|| format!("cannot start on the data in {}", data.display()))?,
        ),
    };
    // The page-by-page check waits until the first frame is on screen (see tui::run).
    let mut store = Store::open_verify_later(&setup.database)?;
    // Another program holding the database (a backup, a check-in from another
    // terminal) must not freeze the countdown: a refused write is kept and retried.
    store.wait_for_locks_at_most(SESSION_LOCK_WAIT)?;
    // SQLite's shared memory failing under the app ends it with the terminal back.
    let leave = if plain {
        bus_error::LEAVE_PLAIN
    } else {
        bus_error::LEAVE_FULL_SCREEN
    };
    bus_error::give_back_the_terminal(leave, &setup.database);
    let end = if plain {
        store.verify(&setup.database)?;
        run_plain(setup, asked, opening, &mut store)?
    } else {
        run_full_screen(setup, asked, problem, opening, &mut store)?
    };
    Ok(say_goodbye(&end))
}

/// First run: copy the shipped routines where the user can edit them. A read-only
/// config folder must not stop tonight's routine, so only warn.
fn seed_routines(setup: &Setup) {
    if let Err(err) = routines::seed_if_new(&setup.paths) {
        say_err(format_args!(
            "winddown: warning: {}",
            printable::block(&format!("{err:#}"))
        ));
    }
}

/// The exit code when the terminal cannot do what the front end needs, said why.
fn terminal_missing(plain: bool) -> Option<ExitCode> {
    if plain && !io::stdin().is_terminal() {
        say_err(
            "winddown: error: plain mode reads single keys, but standard input is not a terminal",
        );
        return Some(ExitCode::from(NOT_A_TERMINAL));
    }
    if !plain && !io::stdout().is_terminal() {
        say_err(
            "winddown: error: the routine runs full-screen, but standard output is not a terminal \
             (use `winddown check` to validate a routine without one)",
        );
        return Some(ExitCode::from(NOT_A_TERMINAL));
    }
    None
}

/// The evening in plain lines: the routine, or Cramp SOS.
fn run_plain(setup: &Setup, asked: Choice, opening: Opening, store: &mut Store) -> Result<RunEnd> {
    let (paths, settings, night) = (&setup.paths, &setup.settings, setup.night);
    let cues = Cues::from(&settings.config);
    let ending = if opening == Opening::Sos {
        let (guide, problem) = sos_guide(paths);
        if let Some(problem) = problem {
            say_err(format_args!("winddown: {}", printable::line(&problem)));
        }
        plain::sos::run(&guide, night, cues, store, &paths.data)?
    } else {
        plain::run(
            PlainRun {
                routine: asked.routine,
                key: asked.key,
                night,
                cues,
                warning: voice_problem(setup),
                lead_in: settings.config.lead_in,
                countdown: settings.config.countdown,
                folder: paths.data.clone(),
            },
            store,
        )?
    };
    Ok(RunEnd {
        signal: ending.signal,
        run: ending.tally.map(|stored| RunTally {
            routine: printable::line(&ending.routine).into_owned(),
            stored,
            finished: ending.finished,
        }),
        closing: ending.closing,
        sos: ending.sos,
        note: None,
        gone: ending.gone,
    })
}

/// The evening full-screen: the home screen, a routine, or Cramp SOS.
fn run_full_screen(
    setup: &Setup,
    asked: Choice,
    problem: Option<String>,
    opening: Opening,
    store: &mut Store,
) -> Result<RunEnd> {
    let (paths, settings) = (&setup.paths, &setup.settings);
    let (choices, chosen) = match opening {
        Opening::RunNow | Opening::Sos => (vec![asked], 0),
        Opening::Home => choices_around(asked, paths),
    };
    let (sos_guide, sos_problem) = sos_guide(paths);
    let warnings = match opening {
        Opening::Sos => [sos_problem, settings.banner(), voice_problem(setup), None],
        Opening::Home | Opening::RunNow => [
            problem,
            settings.banner(),
            sos_problem,
            voice_problem(setup),
        ],
    };
    let warnings: Vec<String> = warnings.into_iter().flatten().collect();
    let evening = Evening {
        sos_guide,
        choices,
        chosen,
        database: setup.database.clone(),
        paths: paths.clone(),
        cues: Cues::from(&settings.config),
        pacing: Pacing::from(&settings.config),
        warning: (!warnings.is_empty()).then(|| warnings.join(" · ")),
        night: setup.night,
        rollover: settings.config.day_rollover,
        theme: settings.config.theme,
        opening,
    };
    tui::run(evening, store)
}

/// Why `voice = true` cannot speak, when it cannot.
fn voice_problem(setup: &Setup) -> Option<String> {
    voice::speaker(&setup.settings.config, std::env::var_os("PATH")).err()
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
