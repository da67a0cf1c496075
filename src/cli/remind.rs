//! `winddown remind`: put the start-by reminder in the system's scheduler, take
//! it out, explain tonight's plan, and the `tick` the scheduler runs each minute.

mod scheduler;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::{Local, NaiveDate, NaiveDateTime};

use crate::kept::{KeptFiles, Kind};
use crate::paths::Paths;
use crate::remind::units::{self, Invocation};
use crate::remind::{self, Decision, Progress, Quiet, Reminder, Wake, log};
use crate::routine::{Routine, night_of, parse_duration};
use crate::routines;
use crate::safe_write::{self, Existing};
use crate::store::Store;

use super::status::{Tonight, collect};
pub use scheduler::Scheduler;

/// `winddown remind …`.
#[derive(Debug, clap::Args)]
pub struct RemindArgs {
    /// Show exactly what `remind on` would install, and install nothing.
    #[arg(long)]
    pub print: bool,
    /// Remind this long before the start-by time, e.g. 10m (default 10m).
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_before)]
    pub before: Option<Duration>,
    /// The scheduler to use (default: systemd on Linux, launchd on macOS, else cron).
    #[arg(long = "with", global = true, value_enum, value_name = "SCHEDULER")]
    pub scheduler: Option<Scheduler>,
    /// What to do (default: status).
    #[command(subcommand)]
    pub action: Option<Action>,
}

/// The `remind` subcommands.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Action {
    /// Install the reminder: a systemd user timer, or a launchd agent on macOS.
    On,
    /// Remove the reminder.
    Off,
    /// Whether the reminder is on, tonight's plan, and the last outcome.
    Status,
    /// Run by the scheduler every minute: remind now if this is the minute.
    #[command(hide = true)]
    Tick {
        /// Decide as if the local time were this ("YYYY-MM-DD HH:MM").
        #[arg(long, value_parser = parse_moment)]
        at: Option<NaiveDateTime>,
    },
}

/// What the reminder needs to know of the user's setup.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The user's folders.
    pub paths: Paths,
    /// `--home` as given, to pass on to the scheduled command.
    pub home: Option<PathBuf>,
    /// The routine the reminder is about (the default one).
    pub routine: String,
    /// When the night rolls over.
    pub rollover: chrono::NaiveTime,
}

/// Shows a reminder on the desktop.
pub type Notifier = fn(&Reminder) -> Result<()>;

/// Run `winddown remind …`.
pub fn remind(args: &RemindArgs, setup: &Setup, out: &mut impl Write) -> Result<()> {
    let scheduler = args.scheduler.unwrap_or_else(Scheduler::detect);
    match (&args.action, args.print) {
        (Some(_), true) => bail!("--print shows what `remind on` would install: use it alone"),
        (None, true) => {
            let before = args.before.unwrap_or(remind::DEFAULT_BEFORE);
            scheduler.print(&invocation(setup, before)?, &setup.paths, out)
        }
        (Some(Action::On), false) => {
            let before = args.before.unwrap_or(remind::DEFAULT_BEFORE);
            let invocation = invocation(setup, before)?;
            scheduler.install(&invocation, &setup.paths, out)?;
            let routine = load(setup)?;
            let night = night_of(Local::now().naive_local(), setup.rollover);
            writeln!(out, "Tonight: {}.", plan_text(&routine, night, before))?;
            Ok(())
        }
        (Some(Action::Off), false) => scheduler.uninstall(out),
        (None | Some(Action::Status), false) => status(scheduler, args.before, setup, out),
        (Some(Action::Tick { at }), false) => {
            let before = args.before.unwrap_or(remind::DEFAULT_BEFORE);
            let now = at.unwrap_or_else(|| Local::now().naive_local());
            tick(setup, before, now, show)
        }
    }
}

/// One wake: decide, notify if this is the minute, and settle tonight in the log.
pub fn tick(setup: &Setup, before: Duration, now: NaiveDateTime, notify: Notifier) -> Result<()> {
    let night = night_of(now, setup.rollover);
    let log_path = setup.paths.data.join(log::FILE);
    let logged = read_log(&log_path)?;
    let routine = match load(setup) {
        Ok(routine) => routine,
        Err(err) if !log::settles(&logged, night) => {
            let outcome = format!("skipped: {}", first_line(&format!("{err:#}")));
            return append_log(&setup.paths, &logged, &log::line(now, night, &outcome));
        }
        Err(_) => return Ok(()),
    };
    let wake = Wake {
        routine: &routine,
        night,
        now,
        before,
        settled: log::settles(&logged, night),
    };
    let outcome = match remind::decide(wake, || progress(&setup.paths, night)) {
        Decision::Remind(reminder) => match notify(&reminder) {
            Ok(()) => format!("reminded: {reminder}"),
            Err(err) => format!("failed: could not show \"{reminder}\": {err:#}"),
        },
        Decision::Quiet(quiet) if quiet.settles_tonight() => quiet.to_string(),
        Decision::Quiet(_) => return Ok(()),
    };
    append_log(&setup.paths, &logged, &log::line(now, night, &outcome))
}

/// `remind status`.
fn status(
    scheduler: Scheduler,
    before: Option<Duration>,
    setup: &Setup,
    out: &mut impl Write,
) -> Result<()> {
    let installed = scheduler.installed()?;
    let before = before
        .or_else(|| {
            let text = units::before_in(installed.as_ref()?.1.as_str())?;
            parse_duration(&text).ok()
        })
        .unwrap_or(remind::DEFAULT_BEFORE);
    match &installed {
        Some((path, _)) => writeln!(
            out,
            "Reminder: on, {} before the start-by time ({}).",
            units::before_text(before),
            path.display()
        )?,
        None => writeln!(out, "Reminder: off ({}).", scheduler.off_hint())?,
    }
    let now = Local::now().naive_local();
    let night = night_of(now, setup.rollover);
    match load(setup) {
        Ok(routine) => writeln!(out, "Tonight: {}.", plan_text(&routine, night, before))?,
        Err(err) => writeln!(out, "Tonight: cannot read the routine: {err:#}")?,
    }
    let logged = read_log(&setup.paths.data.join(log::FILE))?;
    match log::last(&logged) {
        Some(line) => writeln!(out, "Last outcome: {line}")?,
        None => writeln!(out, "Last outcome: none yet.")?,
    }
    Ok(())
}

/// "reminder due at 21:51 (start by 22:01 for lights out at 22:30)", or why there is none.
fn plan_text(routine: &Routine, night: NaiveDate, before: Duration) -> String {
    let quiet = if routine.bedtime.is_none() {
        Quiet::NoBedtime
    } else if routine.tonight(night).is_empty() {
        Quiet::NothingTonight
    } else {
        match (remind::due(routine, night, before), routine.start_by(night)) {
            (Some(due), Some(start_by)) => {
                return format!(
                    "{} reminds at {} to start by {}",
                    routine.name,
                    due.format("%H:%M"),
                    start_by.format("%H:%M")
                );
            }
            _ => Quiet::NoBedtime,
        }
    };
    format!("{} — {quiet}", routine.name)
}

/// Where tonight stands in the store; an unreadable store counts as not started,
/// since a needless reminder is better than a missing one.
fn progress(paths: &Paths, night: NaiveDate) -> Progress {
    let status = Store::open_read_only(&paths.data.join("winddown.db"))
        .map_err(anyhow::Error::from)
        .and_then(|store| collect(&store, night));
    match status.map(|status| status.tonight) {
        Ok(Tonight::NotStarted) | Err(_) => Progress::NotStarted,
        Ok(Tonight::Running | Tonight::Partial | Tonight::Abandoned) => Progress::Started,
        Ok(Tonight::Completed) => Progress::Done,
        Ok(Tonight::Rest) => Progress::Rest,
    }
}

/// The desktop notification, through the session's notification service.
fn show(reminder: &Reminder) -> Result<()> {
    notify_rust::Notification::new()
        .appname("winddown")
        .summary(&reminder.summary)
        .body(&reminder.body)
        .show()
        .map(drop)
        .context("no desktop notification service answered")
}

fn load(setup: &Setup) -> Result<Routine> {
    routines::load(&routines::find(&setup.routine, &setup.paths)?)
}

fn invocation(setup: &Setup, before: Duration) -> Result<Invocation> {
    let exe = std::env::current_exe().context("cannot find the winddown binary to schedule")?;
    let home = match &setup.home {
        Some(home) => Some(
            std::path::absolute(home)
                .with_context(|| format!("cannot make {} an absolute path", home.display()))?,
        ),
        None => None,
    };
    Ok(Invocation { exe, home, before })
}

fn read_log(path: &Path) -> Result<String> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Replace the log with one line more, through a temporary file so a crash never halves it.
fn append_log(paths: &Paths, logged: &str, line: &str) -> Result<()> {
    let path = &paths.data.join(log::FILE);
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let text = log::appended(logged, line);
    let kept = KeptFiles::of(paths).allowing(Kind::RemindLog);
    safe_write::write(path, Existing::Replace, &kept, |out| {
        Ok(out.write_all(text.as_bytes())?)
    })?;
    Ok(())
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

fn parse_before(text: &str) -> Result<Duration, String> {
    let before = parse_duration(text)?;
    if before > remind::MAX_BEFORE {
        return Err(format!(
            "{text} is too early: at most {} before the start-by time",
            units::before_text(remind::MAX_BEFORE)
        ));
    }
    Ok(before)
}

fn parse_moment(text: &str) -> Result<NaiveDateTime, String> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .map_err(|_| format!("\"{text}\" is not a local time like \"2026-11-30 21:51\""))
}
