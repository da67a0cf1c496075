//! The terminal: one thread owns it, input and signals arrive on one channel,
//! and the loop sleeps until the next input or the next moment the screen changes.

#[cfg(unix)]
mod ansi;
mod app;
mod clock;
mod ending;
mod event_loop;
mod outside;
mod paint;
mod record;
mod reload;
mod screen;
mod terminal;
pub mod view;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{NaiveDate, NaiveTime};
use ratatui::layout::Rect;

pub use crate::cues::Cues;
pub use crate::journal::RoutineKey;
pub use app::{
    App, CALENDAR_NIGHTS, Following, History, InsightGroup, Opening, Overlay, Pacing, Request,
    Stage, StatsData, StatsView,
};
pub use ending::{RunEnd, RunTally};
pub use outside::{Clock, EventSource, Incoming, SystemClock, TerminalEvents};
pub use paint::Painter;
pub use record::{Recorder, read_history, read_stats};
pub use screen::{Console, Headless, Screen};
pub use terminal::TerminalGuard;

use crate::journal::{Pickup, import_recoveries, recoveries_waiting};
use crate::paths::Paths;
use crate::routine::{Routine, Theme};
use crate::session::Outcome;
use crate::store::Store;
use event_loop::{Editing, EventLoop};
use reload::RoutineWatch;

/// How much of the screen the loop must draw before it sleeps again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Redraw {
    Nothing,
    /// Only time passed: the countdown's parts, when a countdown is showing.
    Time,
    Whole,
}

/// Everything the terminal app needs to open, read before the terminal is taken over.
pub struct Evening {
    /// The routines the home screen offers; the first frame shows `chosen`.
    pub choices: Vec<Choice>,
    /// Index of the routine asked for.
    pub chosen: usize,
    /// Tonight's date (the evening's, after the rollover rule).
    pub night: NaiveDate,
    /// When one night ends and the next begins (local wall-clock time).
    pub rollover: NaiveTime,
    /// Home screen or straight into the routine.
    pub opening: Opening,
    /// Where the store lives, for messages.
    pub database: PathBuf,
    /// How cues reach the user.
    pub cues: Cues,
    /// Lead-in before a hold for steps that set none, and how many final seconds to count.
    pub pacing: Pacing,
    /// A problem to show from the start (e.g. a broken config.toml).
    pub warning: Option<String>,
    /// Where the user's files live, for `e`.
    pub paths: Paths,
    /// The relief steps of the Cramp SOS screen.
    pub sos_guide: Routine,
    /// The colours to draw in.
    pub theme: Theme,
}

/// One routine the app can run, with what history and the editor need of it.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The validated routine.
    pub routine: Routine,
    /// Its id and file hash, as history records them.
    pub key: RoutineKey,
    /// Its file, watched for saves; `None` for a shipped routine not yet copied.
    pub file: Option<PathBuf>,
    /// The name or path that finds it again, for `e`.
    pub asked_for: String,
}

/// `NO_COLOR` set to anything (see no-color.org), or a terminal that has no colours.
fn colors_unwanted() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
        || std::env::var("TERM").is_ok_and(|term| term == "dumb")
}

/// Run the evening full-screen until the user leaves or a signal arrives, writing
/// every step to `store` as it happens.
pub fn run(evening: Evening, store: &mut Store) -> Result<RunEnd> {
    let (width, height) =
        ratatui::crossterm::terminal::size().context("cannot read the terminal size")?;
    let mut events = TerminalEvents::listen()?;
    let mut guard = TerminalGuard::enter(width, height)?;
    events.read_input();
    drive(evening, store, &mut guard, &mut events, &SystemClock::new())
}

/// Run the evening on `console` with events from `events` and time from `clock`:
/// the whole app, in the real terminal or in a test.
pub fn drive(
    evening: Evening,
    store: &mut Store,
    console: &mut impl Console,
    events: &mut impl EventSource,
    clock: &impl Clock,
) -> Result<RunEnd> {
    let Evening {
        choices,
        chosen,
        night,
        rollover,
        opening,
        database,
        mut cues,
        pacing,
        warning,
        paths,
        sos_guide,
        theme,
    } = evening;
    let choices = paced(choices, pacing);
    let folder = database.parent().unwrap_or(Path::new(".")).to_path_buf();
    // SOS holds no instance lock (see launch): what belongs to the lock's holder, the
    // recovery files and tidying earlier runs, waits for the next ordinary start.
    let sos_only = opening == Opening::Sos;
    let recovered = if sos_only {
        None
    } else {
        recover(store, &database, &folder)?
    };
    let chosen = first_shown(store, &choices, chosen, opening, night);
    let Some(choice) = choices.get(chosen).cloned() else {
        anyhow::bail!("no routine to run");
    };
    let now = clock.now();
    // The SOS screen alone follows no experiment: it holds no instance lock, and the
    // experiment's pauses are written by the evening that does.
    let following = if sos_only {
        None
    } else {
        crate::experiment::Reading::latest(store, night)
            .context("cannot read the experiment")?
            .map(|reading| following(reading, &choices))
    };
    // A run of an experiment's "without" night was laid over the plan without its step.
    let plan = match &following {
        Some(following) if following.routine == Some(chosen) => crate::experiment::tonight_plan(
            choice.routine.tonight(night),
            Some(&following.reading.experiment),
            night,
        ),
        _ => choice.routine.tonight(night),
    };
    let mut pickup = Pickup::find(store, &choice.key, &plan, night, now);
    let resumable = pickup.resumable().filter(|_| !sos_only);
    let unfinished = pickup.unfinished.take().filter(|_| !sos_only);
    let opened = Opened {
        night,
        opening,
        area: console.screen().area(),
        unfinished,
        now: (now, clock.wall(now)),
        following,
    };
    let mut app = open_app(store, &choices, chosen, opened, sos_guide)?
        .with_pacing(pacing)
        .with_theme(theme)
        .with_rollover(rollover);
    let trouble = pickup.trouble.take().filter(|_| !sos_only);
    for warning in warning.into_iter().chain(trouble).chain(recovered) {
        app.warn(warning);
    }
    // The first frame goes up before the slower work; nothing is written until the checks pass.
    console.capture_mouse(view::clickable(&app))?;
    console.screen().draw_whole(&app)?;
    let watch = watch_routine(events, choice.file.as_deref(), &choice.key.hash, &mut app);
    store.verify(&database)?;
    if !sos_only && let Err(err) = pickup.settle(store, night) {
        // Tidying can wait for the next start; tonight's routine cannot.
        app.warn(format!("{err:#}"));
    }
    let mut recorder = Recorder::new(store, choice.key, night, resumable);
    let mut editing = Editing {
        asked_for: choice.asked_for,
        paths,
        watch,
        choices,
    };
    let signal = EventLoop {
        console,
        app: &mut app,
        recorder: &mut recorder,
        cues: &mut cues,
        editing: &mut editing,
        events,
        clock,
    }
    .run()?;
    Ok(close(&mut app, &mut recorder, clock, signal, &folder))
}

/// Every routine with its holds paced as config.toml says, whichever of them runs.
fn paced(choices: Vec<Choice>, pacing: Pacing) -> Vec<Choice> {
    choices
        .into_iter()
        .map(|choice| Choice {
            routine: choice.routine.with_lead_in(pacing.lead_in),
            ..choice
        })
        .collect()
}

/// Watch the routine's file for saves; a file that cannot be watched is said in the header.
fn watch_routine(
    events: &mut impl EventSource,
    file: Option<&Path>,
    seen: &str,
    app: &mut App,
) -> RoutineWatch {
    let mut watch = RoutineWatch::new(events.file_notices());
    if let Some(file) = file
        && let Err(err) = watch.watch(file, seen)
    {
        app.warn(format!("{err:#} — edits will not reload"));
    }
    watch
}

/// The loop stopped (`signal`, or the user left): the app sees that moment (an open
/// SOS gets its length), everything is stored or kept in `folder`, and what the exit
/// line may say is gathered.
fn close(
    app: &mut App,
    recorder: &mut Recorder,
    clock: &impl Clock,
    signal: Option<i32>,
    folder: &Path,
) -> RunEnd {
    let now = clock.now();
    app.tick(now, clock.wall(now));
    let (closing, sos) = recorder.close(app, now, folder);
    RunEnd {
        signal,
        run: stored_tally(app),
        closing,
        sos,
        note: app.parting_note().map(str::to_string),
        gone: app.database_gone().map(str::to_string),
    }
}

/// Results a full disk kept from an earlier evening, imported before anything else
/// is written; one line each about what was added.
fn recover(store: &mut Store, database: &Path, folder: &Path) -> Result<Option<String>> {
    if !recoveries_waiting(folder) {
        return Ok(None);
    }
    // Nothing is written before the file is identified, page by page.
    store.verify(database)?;
    let notes = import_recoveries(store, folder);
    Ok((!notes.is_empty()).then(|| notes.join("; ")))
}

/// The routine the app opens on: on the home screen, the one among `choices` whose
/// run of `night` was interrupted last, if any; else the one `asked` for. A run that
/// cannot be read is left to the routine's own pickup to explain.
fn first_shown(
    store: &Store,
    choices: &[Choice],
    asked: usize,
    opening: Opening,
    night: NaiveDate,
) -> usize {
    let interrupted = || {
        let run = store.unfinished_run(night).ok().flatten()?;
        choices
            .iter()
            .position(|choice| choice.key.id == run.routine_id)
    };
    match opening {
        Opening::Home => interrupted().unwrap_or(asked),
        Opening::RunNow | Opening::Sos => asked,
    }
}

/// What the exit line may say of tonight's run: only the results the database holds.
fn stored_tally(app: &App) -> Option<RunTally> {
    let session = app.session()?;
    let mut stored = session.tally();
    let unsaved = app.unsaved().map_or(&[][..], |unsaved| &unsaved.steps[..]);
    for &index in unsaved {
        if let Some(Some(result)) = session.results().get(index) {
            match result.outcome {
                Outcome::Done => stored.done -= 1,
                Outcome::CutShort => stored.cut_short -= 1,
                Outcome::Skipped => stored.skipped -= 1,
            }
        }
    }
    Some(RunTally {
        // Shown in the terminal after the app: no control characters from the file.
        routine: crate::printable::line(&app.routine().name).into_owned(),
        stored,
        finished: session.is_finished(),
    })
}

/// How the app opens: on which night, where, with which run to resume and which
/// experiment to follow.
struct Opened {
    night: NaiveDate,
    opening: Opening,
    area: Rect,
    unfinished: Option<crate::journal::Interrupted>,
    now: (std::time::Instant, chrono::NaiveDateTime),
    following: Option<Following>,
}

/// The experiment of `reading` and which of `choices` is its routine.
fn following(reading: crate::experiment::Reading, choices: &[Choice]) -> Following {
    let routine = choices
        .iter()
        .position(|choice| choice.key.id == reading.experiment.routine_id);
    Following { reading, routine }
}

/// The app as the first frame shows it, with the history it needs read first.
fn open_app(
    store: &Store,
    choices: &[Choice],
    chosen: usize,
    opened: Opened,
    sos_guide: Routine,
) -> Result<App> {
    let Opened {
        night,
        opening,
        area,
        unfinished,
        now,
        following,
    } = opened;
    let history =
        record::read_history(store, night).context("cannot read the history of past nights")?;
    let checkin_night = match opening {
        Opening::Home => store
            .needs_checkin(night)
            .context("cannot look for last night's check-in")?,
        Opening::RunNow | Opening::Sos => None,
    };
    let routine = choices[chosen].routine.clone();
    // Straight into the routine only once tonight's plan knows the experiment.
    let first = match opening {
        Opening::RunNow => Opening::Home,
        other => other,
    };
    let mut app = App::new(routine, night, history, unfinished, first, now, area)
        .with_choices(
            choices
                .iter()
                .map(|choice| choice.routine.clone())
                .collect(),
            chosen,
        )
        .with_experiment(following)
        .with_sos_guide(sos_guide)
        .with_no_color(colors_unwanted());
    if opening == Opening::RunNow {
        app.run_now();
    }
    // Last night's saved check-in, so `c` opens the form filled in with it.
    if let Some(saved) = night
        .pred_opt()
        .map(|last_night| store.checkin(last_night))
        .transpose()
        .context("cannot read last night's check-in")?
        .flatten()
    {
        app.know_checkin(saved);
    }
    if let Some(last_night) = checkin_night {
        app.ask_checkin(last_night);
    }
    Ok(app)
}
