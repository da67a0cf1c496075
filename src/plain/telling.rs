//! The words for each moment of a run: a step beginning, a new hold or rest,
//! a checklist question, the summary. Pure functions over the engine's views.

use std::time::{Duration, Instant};

use crate::journal::Interrupted;
use crate::routine::{Step, StepKind};
use crate::session::{Outcome, Segment, Session, StepResult};

use super::words::{capitalised, is_series, next_hold, plural, spoken, which_hold};

/// What is being asked on a checklist step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    /// Whether item `n` was done.
    Item(usize),
    /// Whether to count the step done with items left unticked.
    Unticked,
}

/// The offer to pick tonight's interrupted run up: where it goes on, and whether it
/// began on an older version of the routine.
pub fn resume_offer(interrupted: &Interrupted, routine: &str) -> String {
    let title = interrupted
        .next_step()
        .map_or("", |step| step.title.as_str());
    let at = interrupted.snapshot.position + 1;
    let total = interrupted.steps.len();
    let changed = interrupted
        .restarted_words()
        .map_or_else(String::new, |words| format!(" {words}"));
    match &interrupted.older {
        None => format!(
            "Tonight's run stopped at \"{title}\" (step {at} of {total}).{changed} \
             Enter resumes, r starts again, q quits."
        ),
        Some(older) => format!(
            "Tonight's run was of an older version of {routine}: {} done.{changed} \
             Enter continues at \"{title}\" (step {at} of {total}), r starts again, q quits.",
            plural(older.done as u64, "step")
        ),
    }
}

/// The line that opens a step, or picks it up again (`fresh` false: a resumed
/// step's timer says the time left rather than its length).
pub fn step_opening(
    session: &Session,
    asking: Option<Asking>,
    fresh: bool,
    now: Instant,
) -> Option<String> {
    let step = session.current_step()?;
    let line = match step.kind() {
        StepKind::Timed => {
            let moment = timed_moment(session, step, Start::Step, fresh, now)?;
            format!("{}. {moment}", step.title)
        }
        StepKind::Checklist | StepKind::TimedChecklist => {
            let items = plural(step.checklist.len() as u64, "item");
            let ticked = session.checked().iter().filter(|ticked| **ticked).count();
            let ticked = if ticked > 0 {
                format!(", {ticked} ticked")
            } else {
                String::new()
            };
            let getting_ready = matches!(session.segment(), Some(Segment::GetReady { .. }));
            let time = match (session.segment_length(), session.remaining(now)) {
                // The first seconds are the get-ready, not the list's time.
                (Some(length), Some(_)) if fresh && getting_ready => match step.duration {
                    Some(list) => {
                        format!(", {} after {} to get ready", spoken(list), spoken(length))
                    }
                    None => format!(", {} to get ready", spoken(length)),
                },
                (_, Some(left)) if getting_ready => format!(", {} left to get ready", spoken(left)),
                (Some(length), Some(_)) if fresh => format!(", {}", spoken(length)),
                (_, Some(left)) => format!(", {} left", spoken(left)),
                _ => String::new(),
            };
            let question = asking.map_or_else(String::new, |asking| {
                format!(" {}", question(session, asking))
            });
            format!("{}: {items}{ticked}{time}.{question}", step.title)
        }
        StepKind::Confirm => format!("{}. Enter when done, n skips.", step.title),
    };
    Some(line)
}

/// A new hold, rest or lead-in within the current timed step; `after_lead_in`
/// when the lead-in before this hold just ended.
pub fn segment_change(session: &Session, after_lead_in: bool, now: Instant) -> Option<String> {
    let step = session.current_step()?;
    let start = if after_lead_in {
        Start::AfterLeadIn
    } else {
        Start::Segment
    };
    timed_moment(session, step, start, true, now)
}

/// What begins: a whole step (its title comes first), the next part of it, or
/// the hold a lead-in prepared for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Step,
    Segment,
    AfterLeadIn,
}

/// The current hold or rest: its full length when `fresh`, else the time left.
fn timed_moment(
    session: &Session,
    step: &Step,
    start: Start,
    fresh: bool,
    now: Instant,
) -> Option<String> {
    let time = if fresh {
        spoken(session.segment_length()?)
    } else {
        format!("{} left", spoken(session.remaining(now)?))
    };
    // A hold its lead-in led into is already named: "Go" is enough.
    let after_lead_in = start == Start::AfterLeadIn;
    match session.segment()? {
        Segment::Rest => {
            let next = session
                .hold_after_rest()
                .and_then(|segment| next_hold(&segment))
                .map_or_else(String::new, |next| format!(" Next: {next}."));
            let rest = if fresh {
                format!("Rest {time}.")
            } else {
                format!("Rest, {time}.")
            };
            Some(format!("{rest}{next}"))
        }
        Segment::GetReady { set, sets, side } => {
            let which = which_hold(side.as_deref(), set, sets);
            let ready = if which.is_empty() {
                "Get ready".to_string()
            } else {
                format!("Get ready: {which}")
            };
            let first_side = step.sides.first() == side.as_ref();
            let switch = if set == 1 && !first_side && start == Start::Segment {
                "Switch sides. "
            } else {
                ""
            };
            Some(format!("{switch}{ready}, {time}."))
        }
        Segment::Hold { set, sets, side } if is_series(step) => {
            let hold = if fresh {
                format!("Hold {time}.")
            } else {
                format!("Hold, {time}.")
            };
            let which = which_hold(side.as_deref(), set, sets);
            let first_side = step.sides.first() == side.as_ref();
            if after_lead_in {
                Some(format!("Go. {hold}"))
            } else if set == 1 && !first_side && start == Start::Segment {
                Some(format!("Switch sides: {which}. {hold}"))
            } else {
                Some(format!("{}. {hold}", capitalised(&which)))
            }
        }
        Segment::Hold { .. } if after_lead_in => Some(format!("Go. {}.", capitalised(&time))),
        Segment::Hold { .. } => Some(format!("{}.", capitalised(&time))),
    }
}

/// The question being asked on a checklist step.
pub fn question(session: &Session, asking: Asking) -> String {
    let Some(step) = session.current_step() else {
        return String::new();
    };
    match asking {
        Asking::Item(item) => match step.checklist.get(item) {
            Some(text) => format!("{text}? y or n."),
            None => String::new(),
        },
        Asking::Unticked => {
            let unticked: Vec<&str> = step
                .checklist
                .iter()
                .zip(session.checked())
                .filter(|(_, ticked)| !**ticked)
                .map(|(text, _)| text.as_str())
                .collect();
            format!(
                "{} not ticked: {}. y: done anyway, s: skip the step, r: ask again.",
                plural(unticked.len() as u64, "item"),
                unticked.join(", ")
            )
        }
    }
}

/// Where the run stands, for `t`: the step, and the time left when a timer runs.
pub fn where_it_stands(session: &Session, now: Instant) -> String {
    let Some(step) = session.current_step() else {
        return "The routine is done.".to_string();
    };
    let place = format!(
        "Step {} of {}, {}",
        session.position() + 1,
        session.steps().len(),
        step.title
    );
    match session.remaining(now) {
        Some(left) if session.is_paused() => format!("{place}: paused, {} left.", spoken(left)),
        Some(left) => format!("{place}: {} left.", spoken(left)),
        None => format!("{place}."),
    }
}

/// What a step moved on from (`n`) was recorded as: "Cut short: Calf stretch, 35
/// seconds held.", "Skipped: Water.", or still done when it was done before.
pub fn moved_on(title: &str, result: &StepResult) -> String {
    match (result.outcome, result.holds) {
        (Outcome::Done, _) => format!("{title}: still done, as before."),
        (Outcome::CutShort, Some(holds)) => {
            format!("Cut short: {title}, {} held.", spoken(whole(holds.held)))
        }
        (Outcome::CutShort, None) => format!("Cut short: {title}."),
        (Outcome::Skipped, _) => format!("Skipped: {title}."),
    }
}

/// The summary once every step has ended: one line per step, then the totals.
pub fn summary(routine: &str, session: &Session, now: Instant) -> Vec<String> {
    let mut lines = vec![format!("{routine}: done for tonight.")];
    for (step, result) in session.steps().iter().zip(session.results()) {
        let title = &step.title;
        lines.push(match result {
            Some(result) => match result.outcome {
                Outcome::Done => match result.active.as_secs() {
                    0 => format!("Done: {title}."),
                    _ => format!("Done: {title}, {}.", spoken(whole(result.active))),
                },
                Outcome::CutShort => match result.holds {
                    Some(holds) => format!(
                        "Cut short: {title}, {} held, {} of {} in full.",
                        spoken(whole(holds.held)),
                        holds.full,
                        plural(u64::from(holds.planned), "hold")
                    ),
                    None => format!("Cut short: {title}."),
                },
                Outcome::Skipped => format!("Skipped: {title}."),
            },
            None => format!("Not reached: {title}."),
        });
    }
    lines.push(format!(
        "{}. {} in all.",
        session.tally().describe(),
        capitalised(&spoken(whole(session.elapsed(now))))
    ));
    lines
}

/// Time already spent, to the second below (a summary never rounds up).
fn whole(time: Duration) -> Duration {
    Duration::from_secs(time.as_secs())
}
