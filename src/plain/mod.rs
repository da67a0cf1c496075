//! Plain lines for screen readers, SSH on a phone and eyes shut: no screen drawn,
//! each event one line appended, driven by the same engine and journal as the full screen.

pub mod countdown;
#[cfg(test)]
mod keeping_up_tests;
pub mod narrator;
pub mod sos;
mod telling;
pub mod terminal;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod unwatched_tests;
mod words;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::NaiveDate;

use crate::cues::Cues;
use crate::journal::{Closing, Journal, Pickup, RoutineKey, outcome_of};
use crate::model::RunOutcome;
use crate::routine::Routine;
use crate::session::{Session, Tally};
use crate::stats;
use crate::store::Store;
use narrator::{Line, Narrator, Write};
use terminal::{Incoming, PlainTerminal};

/// How a plain run ended.
#[derive(Debug)]
pub struct Ending {
    /// The routine's name.
    pub routine: String,
    /// Whether everything reached the database, and where what did not was kept.
    pub closing: Closing,
    /// How many steps were done and skipped; `None` when no run started.
    pub tally: Option<Tally>,
    /// Whether every step ended.
    pub finished: bool,
    /// The signal that stopped it, if one did; progress was saved first.
    pub signal: Option<i32>,
    /// The Cramp SOS episode, when SOS ran: in the history, or where it was kept.
    pub sos: Vec<crate::journal::SosClosing>,
    /// Why nothing written reached the database any more, when it was deleted.
    pub gone: Option<String>,
}

/// One routine to run in plain lines tonight.
pub struct PlainRun {
    /// The validated routine.
    pub routine: Routine,
    /// Its id and file hash, as history records them.
    pub key: RoutineKey,
    /// Tonight's date (the evening's, after the rollover rule).
    pub night: NaiveDate,
    /// How cues reach the user.
    pub cues: Cues,
    /// A problem to say before the routine starts (e.g. no speech command for `voice = true`).
    pub warning: Option<String>,
    /// Time to get into position before a hold, for steps that set none.
    pub lead_in: Duration,
    /// How many last seconds of each timed part are counted aloud.
    pub countdown: u64,
    /// Where what could not be stored is kept (the data folder).
    pub folder: PathBuf,
}

/// Run tonight's steps as lines until they end, the user quits or a signal
/// arrives, writing every step to `store` exactly as the full screen does.
pub fn run(plain: PlainRun, store: &mut Store) -> Result<Ending> {
    let PlainRun {
        routine,
        key,
        night,
        cues,
        warning,
        lead_in,
        countdown,
        folder,
    } = plain;
    let routine = routine.with_lead_in(lead_in);
    let now = Instant::now();
    let (steps, experiment_line) = tonight_with_experiment(store, &routine, &key, night)?;
    let planned = steps.len();
    let mut pickup = Pickup::find(store, &key, &steps, night, now);
    // Tidying can wait for the next start; tonight's routine cannot.
    let untidy = pickup
        .settle(store, night)
        .err()
        .map(|err| format!("{err:#}"));
    let resumable = pickup.resumable();
    let mut narrator = Narrator::new(
        &routine.name,
        steps,
        pickup.unfinished.take(),
        countdown,
        now,
    );
    let mut journal = Journal::new(store, key, night, resumable);
    let mut greeting: Vec<Line> = warning
        .into_iter()
        .chain(pickup.trouble.take())
        .chain(untidy)
        .map(said)
        .collect();
    if cues.notify {
        greeting.push(said(
            "Desktop notifications are off in plain mode: they are escape sequences.".to_string(),
        ));
    }
    let mut terminal = PlainTerminal::open(cues)?;
    greeting.extend(experiment_line.map(said));
    greeting.push(said(format!(
        "{}: {} tonight. Press ? for the keys, q to quit.",
        routine.name,
        words::plural(planned as u64, "step")
    )));
    // Said with the first step's lines, as one utterance: a voice would cut a greeting
    // said on its own as soon as the step's lines follow, a moment later.
    let signal = event_loop(&mut narrator, &mut journal, &mut terminal, greeting)?;
    if let Some(session) = narrator.session()
        && let Err(err) = journal.save_progress(session, Instant::now(), wall_now(), false, true)
    {
        terminal.print(&[said(format!("Progress not saved: {err}"))])?;
    }
    let gone = journal.file_gone(Instant::now(), true);
    let closing = journal.close(&folder);
    Ok(Ending {
        routine: routine.name.clone(),
        closing,
        tally: narrator.session().map(Session::tally),
        finished: narrator.session().is_some_and(Session::is_finished),
        signal,
        sos: Vec::new(),
        gone,
    })
}

/// Tonight's steps of `routine` with the experiment applied (its step left out on a
/// "without" night), and the line to say about the experiment. A step gone from the
/// experiment's routine pauses it; its return resumes it.
fn tonight_with_experiment(
    store: &mut Store,
    routine: &Routine,
    key: &RoutineKey,
    night: NaiveDate,
) -> Result<(Vec<crate::routine::Step>, Option<String>)> {
    let steps = routine.tonight(night);
    let Some(mut reading) = crate::experiment::Reading::latest(store, night)? else {
        return Ok((steps, None));
    };
    if reading.experiment.routine_id != key.id {
        return Ok((steps, crate::experiment::home_line(&reading)));
    }
    let present = routine
        .steps
        .iter()
        .any(|step| step.id == reading.experiment.step_id);
    crate::experiment::settle(store, reading.id, &mut reading.experiment, present, night)?;
    let steps = crate::experiment::tonight_plan(steps, Some(&reading.experiment), night);
    Ok((steps, crate::experiment::home_line(&reading)))
}

/// Write, print, sleep until a key, a mark or a signal; returns the signal that stopped
/// it. `greeting` is printed (and spoken) with the first lines.
fn event_loop(
    narrator: &mut Narrator,
    journal: &mut Journal,
    terminal: &mut PlainTerminal,
    greeting: Vec<Line>,
) -> Result<Option<i32>> {
    let mut acted = false;
    let mut stopping = false;
    let mut retried = greeting;
    let mut gone_said = false;
    loop {
        let mut lines = std::mem::take(&mut retried);
        if !gone_said && let Some(gone) = journal.file_gone(Instant::now(), acted) {
            // Said once, the moment it is noticed; the exit line says it again.
            gone_said = true;
            narrator.place_not_kept();
            lines.push(said(format!("{gone}: progress is no longer kept.")));
        }
        lines.extend(narrator.take_lines());
        lines.extend(write_down(narrator, journal));
        if let Some(session) = narrator.session()
            && let Err(err) =
                journal.save_progress(session, Instant::now(), wall_now(), acted, false)
        {
            lines.push(said(format!("Progress not saved: {err}")));
        }
        terminal.print(&lines)?;
        if narrator.should_quit() {
            return Ok(None);
        }
        if std::mem::take(&mut stopping) {
            // Paused and saved above; the shell has the terminal until it continues us.
            terminal.stop()?;
            narrator.continued(Instant::now());
            continue;
        }
        acted = false;
        // Writes the database refused are tried again every few seconds, as on the full
        // screen; while a hold counts, the clocks are looked at every second (a stop or
        // the computer asleep pauses it where it stood: lapse.rs).
        let wake = [
            narrator.next_wake(),
            journal.next_retry(),
            narrator.watch_by(),
        ]
        .into_iter()
        .flatten()
        .min();
        let incoming = terminal.wait(wake)?;
        narrator.woke(wake, Instant::now(), wall_now());
        match incoming {
            Incoming::Key(key) => {
                narrator.key(key, Instant::now());
                acted = true;
            }
            Incoming::Timeout => {
                let now = Instant::now();
                if journal.retry(now) && journal.unsaved().is_none() {
                    retried.push(said(
                        "Saved now: everything that was waiting is stored.".to_string(),
                    ));
                }
                narrator.tick(now);
            }
            Incoming::Signal(signal) => return Ok(Some(signal)),
            Incoming::Continued => narrator.unwatched_until(Instant::now()),
            Incoming::Suspend => {
                narrator.hold_still(Instant::now());
                acted = true;
                stopping = true;
            }
        }
    }
}

/// Carry out the narrator's writes in order; a failed write is said, never a lost evening.
fn write_down(narrator: &mut Narrator, journal: &mut Journal) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut finished = false;
    for write in narrator.take_writes() {
        let written = match &write {
            Write::StartRun => match narrator.session() {
                Some(session) => journal.start_run(narrator.routine(), session.steps(), wall_now()),
                None => continue,
            },
            Write::ResumeRun => {
                journal.resume();
                Ok(())
            }
            Write::AbandonRun => journal.abandon_resumable(),
            Write::Effect(effect) => {
                finished |= *effect == crate::session::Effect::Finished;
                match narrator.session() {
                    Some(session) => journal.write_effect(effect, session, wall_now()),
                    None => Ok(()),
                }
            }
        };
        if let Err(err) = written {
            lines.push(said(format!("Not saved: {err}")));
        }
    }
    if finished && let Some(line) = streak_line(narrator, journal) {
        lines.push(said(line));
    }
    lines
}

/// The streak as the history now stands, tonight's run included.
fn streak_line(narrator: &Narrator, journal: &mut Journal) -> Option<String> {
    let night = journal.night();
    let nights = journal.store().night_statuses(night).ok()?;
    let streak = stats::streaks(&nights, night).current;
    let nights = words::plural(u64::from(streak), "night");
    Some(match narrator.session().and_then(outcome_of)? {
        RunOutcome::Completed => format!("Streak: {nights}."),
        _ => {
            format!("Streak: {nights}. A required step was not done, so tonight does not count.")
        }
    })
}

/// Plain mode's wall clock, read when something is written down.
fn wall_now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

fn said(text: String) -> Line {
    Line { text, rings: 0 }
}
