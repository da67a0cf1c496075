//! `winddown remind`: put the start-by reminder in the system's scheduler, take
//! it out, explain tonight's plan, and the `tick` the scheduler runs each minute.

mod scheduler;

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use fs4::FileExt;

use crate::deadline::{self, Ran};
use crate::kept::{KeptFiles, Kind};
use crate::notification;
use crate::paths::Paths;
use crate::remind::units::{self, Invocation};
use crate::remind::{self, Decision, Progress, Quiet, Reminder, Wake, log};
use crate::routine::{Routine, night_of, parse_duration};
use crate::routines;
use crate::safe_write::{self, Existing};
use crate::store::Store;

use super::status::{Around, State, collect};
pub use scheduler::{Installed, Live, Scheduler};

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
    let installs = matches!(
        (&args.action, args.print),
        (None, true) | (Some(Action::On), false)
    );
    if cfg!(windows) && installs && args.scheduler.is_none() {
        bail!("{WINDOWS}");
    }
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
            let logged = read_log(&setup.paths.data.join(log::FILE))?;
            let now = Local::now().naive_local();
            let plan = plan_text(&wake_at(&routine, setup, before, now), setup, &logged);
            writeln!(out, "Tonight: {plan}.")?;
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

/// Why `remind on` installs nothing on Windows.
const WINDOWS: &str = "winddown installs no reminder on Windows (it has no Task Scheduler \
     support); `winddown remind tick`, run every minute, shows the notification";

/// How a tick waits for another tick still at work (each minute's tick from
/// cron, or several schedulers at once) before leaving the minute to it.
const TURN_WAIT: Duration = Duration::from_secs(3);

/// How long the desktop's notification tool may take to hand a reminder over.
pub const NOTIFY_WITHIN: Duration = Duration::from_secs(4);

/// One wake: decide, notify if this is the minute, and settle the night in the log.
///
/// Ticks take turns (a lock on [`remind::TURN_FILE`]), and the night is claimed in the log
/// ("sending: …") before the notification goes out, so however many ticks run at
/// once, and even if one dies while sending, at most one reminder goes out a night.
/// Every call outside winddown has a deadline, so a tick ends within seconds.
pub fn tick(setup: &Setup, before: Duration, now: NaiveDateTime, notify: Notifier) -> Result<()> {
    let Some(_turn) = take_turn(&setup.paths.data)? else {
        eprintln!(
            "winddown: another reminder tick has been at work for {} seconds; \
             this one leaves the minute to it",
            TURN_WAIT.as_secs()
        );
        return Ok(());
    };
    let logged = read_log(&setup.paths.data.join(log::FILE))?;
    let routine = match load(setup) {
        Ok(routine) => routine,
        Err(err) => {
            let night = night_of(now, setup.rollover);
            if log::settles(&logged, night) {
                return Ok(());
            }
            let outcome = format!("skipped: {}", first_line(&format!("{err:#}")));
            return append_log(&setup.paths, &logged, &log::line(now, night, &outcome));
        }
    };
    let wake = wake_at(&routine, setup, before, now);
    let decided = remind::decide(
        &wake,
        |night| log::settles(&logged, night),
        |night| progress(&setup.paths, night),
    );
    let night = decided.night;
    let outcome = match decided.decision {
        Decision::Remind(reminder) => {
            let claim = log::line(now, night, &format!("sending: {reminder}"));
            append_log(&setup.paths, &logged, &claim)?;
            match notify(&reminder) {
                Ok(()) => format!("reminded: {reminder}"),
                Err(err) => format!("failed: could not show \"{reminder}\": {err:#}"),
            }
        }
        Decision::Quiet(quiet) if quiet.settles_tonight() => quiet.to_string(),
        Decision::Quiet(_) => return Ok(()),
    };
    // Written over the log as it was before the claim: the claim's line becomes the outcome.
    append_log(&setup.paths, &logged, &log::line(now, night, &outcome))
}

/// A wake of `routine` at `now`, in the system's time zone.
fn wake_at<'a>(
    routine: &'a Routine,
    setup: &Setup,
    before: Duration,
    now: NaiveDateTime,
) -> Wake<'a> {
    Wake {
        routine,
        now,
        rollover: setup.rollover,
        before,
        zone: &local_instant,
    }
}

/// The instant a local time names in the system's time zone (the earlier of two in
/// the repeated hour), none for a time the clock skips.
fn local_instant(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    Local
        .from_local_datetime(&local)
        .earliest()
        .map(|at| at.to_utc())
}

/// Waits up to [`TURN_WAIT`] for this tick's turn; `None` when another tick kept it.
fn take_turn(data: &Path) -> Result<Option<File>> {
    fs::create_dir_all(data).with_context(|| format!("cannot create {}", data.display()))?;
    let path = data.join(remind::TURN_FILE);
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let waited = Instant::now();
    loop {
        // Called through the trait: std's own `File::try_lock` is newer than our MSRV.
        match FileExt::try_lock(&file) {
            Ok(()) => return Ok(Some(file)),
            Err(fs4::TryLockError::WouldBlock) if waited.elapsed() < TURN_WAIT => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(fs4::TryLockError::WouldBlock) => return Ok(None),
            Err(fs4::TryLockError::Error(err)) => {
                return Err(err).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
    }
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
            let text = units::before_in(installed.as_ref()?.text.as_str())?;
            parse_duration(&text).ok()
        })
        .unwrap_or(remind::DEFAULT_BEFORE);
    match &installed {
        Some(Installed {
            path,
            live: Live::Yes,
            ..
        }) => writeln!(
            out,
            "Reminder: on, {} before the start-by time ({}).",
            units::before_text(before),
            path.display()
        )?,
        Some(Installed {
            path,
            live: Live::No,
            ..
        }) => writeln!(
            out,
            "Reminder: installed but not enabled ({}): `winddown remind on` enables it.",
            path.display()
        )?,
        Some(Installed {
            path,
            live: Live::Unknown(why),
            ..
        }) => writeln!(
            out,
            "Reminder: installed ({}), but winddown cannot tell whether it is enabled: {why}.",
            path.display()
        )?,
        None => writeln!(out, "Reminder: off ({}).", scheduler.off_hint())?,
    }
    let logged = read_log(&setup.paths.data.join(log::FILE))?;
    match load(setup) {
        Ok(routine) => {
            let now = Local::now().naive_local();
            let plan = plan_text(&wake_at(&routine, setup, before, now), setup, &logged);
            writeln!(out, "Tonight: {plan}.")?;
        }
        Err(err) => writeln!(out, "Tonight: cannot read the routine: {err:#}")?,
    }
    match log::last(&logged) {
        Some(line) => writeln!(out, "Last outcome: {line}")?,
        None => writeln!(out, "Last outcome: none yet.")?,
    }
    Ok(())
}

/// "Evening reminds at 21:51 to start by 22:01", or why it will not: what the
/// tick decides at the due minute, with the log and the store as they are now
/// (the same [`remind::decide`] the tick calls).
fn plan_text(wake: &Wake<'_>, setup: &Setup, logged: &str) -> String {
    let settled = |night| log::settles(logged, night);
    let name = &wake.routine.name;
    let decided = remind::decide(wake, settled, |night| progress(&setup.paths, night));
    let (night, due) = match decided.decision {
        Decision::Quiet(Quiet::NotYet { due }) => {
            let at_due = Wake { now: due, ..*wake };
            let then = remind::decide(&at_due, settled, |night| progress(&setup.paths, night));
            match then.decision {
                Decision::Remind(_) => (then.night, due),
                Decision::Quiet(quiet) => return format!("{name} — {quiet}"),
            }
        }
        Decision::Remind(_) => (decided.night, wake.now),
        Decision::Quiet(quiet) => return format!("{name} — {quiet}"),
    };
    match wake.routine.start_by(night) {
        Some(start_by) => format!(
            "{name} reminds at {} to start by {}",
            due.format("%H:%M"),
            start_by.format("%H:%M")
        ),
        None => format!("{name} — {}", Quiet::NoBedtime),
    }
}

/// Where tonight stands in the store; an unreadable store counts as not started,
/// since a needless reminder is better than a missing one.
fn progress(paths: &Paths, night: NaiveDate) -> Progress {
    let status = Store::open_read_only(&paths.data.join("winddown.db"))
        .map_err(anyhow::Error::from)
        .and_then(|store| collect(&store, night, &Around::default()));
    match status.map(|status| status.state) {
        Ok(State::NotStarted) | Err(_) => Progress::NotStarted,
        Ok(State::Running | State::Stopped | State::Partial | State::Abandoned) => {
            Progress::Started
        }
        Ok(State::Done) => Progress::Done,
        Ok(State::Rest) => Progress::Rest,
    }
}

/// The desktop notification, through the desktop's own tool (found on PATH),
/// given [`NOTIFY_WITHIN`] to hand it over: on a session bus that takes the
/// connection and never replies the tool would otherwise hold the tick forever.
fn show(reminder: &Reminder) -> Result<()> {
    let tool = notification::find(std::env::var_os("PATH"))
        .ok_or_else(|| anyhow!(notification::no_tool()))?;
    let mut command = notification::command(&tool, &reminder.summary, &reminder.body);
    match deadline::run(&mut command, NOTIFY_WITHIN) {
        Ran::Exited(status, _) if status.success() => Ok(()),
        Ran::Exited(status, said) if said.is_empty() => bail!("{} failed ({status})", tool.name),
        Ran::Exited(status, said) => bail!("{} failed ({status}): {said}", tool.name),
        Ran::TimedOut => bail!(
            "{} did not answer within {} seconds",
            tool.name,
            NOTIFY_WITHIN.as_secs()
        ),
        Ran::NotStarted(err) => bail!("cannot run {}: {err}", tool.name),
    }
}

fn load(setup: &Setup) -> Result<Routine> {
    let routine = routines::load(&routines::find(&setup.routine, &setup.paths)?)?;
    Ok(routines::for_the_evening(routine, &setup.paths))
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
