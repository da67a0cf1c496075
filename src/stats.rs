//! Streaks and adherence: pure functions over the rows the store returns.
//!
//! The rules, in one place:
//! - a night counts as completed when its run completed (every non-optional step done);
//! - a rest night neither counts nor breaks a streak;
//! - a missed, partial or abandoned night breaks it;
//! - tonight not (yet) completed breaks nothing: the streak stands as of last night.

use std::time::Duration;

use chrono::NaiveDate;

use crate::model::{NightStatus, NightSummary, StepTally};

/// Consecutive completed nights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Streaks {
    /// The streak that is still alive tonight.
    pub current: u32,
    /// The longest streak ever.
    pub best: u32,
}

/// Completed nights out of the nights that count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    /// Nights completed.
    pub completed: u32,
    /// Nights that count: all but rest nights and an unfinished tonight.
    pub counted: u32,
}

impl Rate {
    /// The rate as a whole percentage, rounded; `None` when no night counted.
    pub fn percent(&self) -> Option<u32> {
        (self.counted > 0).then(|| {
            let scaled = u64::from(self.completed) * 100 + u64::from(self.counted) / 2;
            u32::try_from(scaled / u64::from(self.counted)).unwrap_or(100)
        })
    }
}

/// How often one step was done when it came up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRate {
    /// The step's stable id.
    pub step_id: String,
    /// Its most recent title.
    pub title: String,
    /// Times done.
    pub done: u64,
    /// Times cut short (left before its holds ran to the end): ended, not done.
    pub cut_short: u64,
    /// Times it ended, done, cut short or skipped.
    pub ended: u64,
}

impl StepRate {
    /// The done rate as a whole percentage, rounded; `None` when it never ended.
    pub fn percent(&self) -> Option<u32> {
        (self.ended > 0).then(|| {
            let scaled = self.done.saturating_mul(100) + self.ended / 2;
            u32::try_from(scaled / self.ended).unwrap_or(100)
        })
    }
}

/// Everything `winddown stats` shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stats {
    /// Current and best streak.
    pub streaks: Streaks,
    /// Completion over the last 7 nights (tonight included).
    pub last_7: Rate,
    /// Completion over the last 30 nights (tonight included).
    pub last_30: Rate,
    /// Completion over every night since the first record.
    pub all: Rate,
    /// Done rate per step, in routine order.
    pub steps: Vec<StepRate>,
    /// Mean wall time of the runs that completed a night; `None` before the first.
    pub average_duration: Option<Duration>,
    /// How many runs that average is over.
    pub timed_runs: u32,
}

/// All statistics from the full history (as from `Store::history(None, today)`) and the step tallies.
pub fn compute(nights: &[NightSummary], tallies: &[StepTally], today: NaiveDate) -> Stats {
    let (average_duration, timed_runs) = average_duration(nights);
    Stats {
        streaks: streaks(nights, today),
        last_7: completion_rate(nights, today, Some(7)),
        last_30: completion_rate(nights, today, Some(30)),
        all: completion_rate(nights, today, None),
        steps: step_rates(tallies),
        average_duration,
        timed_runs,
    }
}

/// Current and best streak. Nights need not be contiguous or sorted: a night
/// absent from the list between two present ones is a missed night.
pub fn streaks(nights: &[NightSummary], today: NaiveDate) -> Streaks {
    let mut sorted: Vec<&NightSummary> = nights.iter().filter(|n| n.night <= today).collect();
    sorted.sort_by_key(|n| n.night);
    let mut streak = 0;
    let mut best = 0;
    let mut last: Option<NaiveDate> = None;
    for night in sorted {
        if last.is_some_and(|last| last.succ_opt() != Some(night.night) && last != night.night) {
            streak = 0;
        }
        last = Some(night.night);
        match night.status {
            NightStatus::Completed => {
                streak += 1;
                best = best.max(streak);
            }
            NightStatus::Rest(_) => {}
            _ if night.night == today => {}
            _ => streak = 0,
        }
    }
    // Nights after the last record up to yesterday were missed.
    let yesterday = today.pred_opt();
    let current = match last {
        Some(last) if last == today || Some(last) == yesterday => streak,
        _ => 0,
    };
    Streaks { current, best }
}

/// Completed nights out of those that count, over the last `days` nights up to
/// and including `today`, or over all of them.
pub fn completion_rate(nights: &[NightSummary], today: NaiveDate, days: Option<u32>) -> Rate {
    let since = days.map(|days| {
        let back = chrono::Duration::days(i64::from(days.max(1)) - 1);
        today.checked_sub_signed(back).unwrap_or(NaiveDate::MIN)
    });
    let mut rate = Rate::default();
    for night in nights {
        if night.night > today || since.is_some_and(|since| night.night < since) {
            continue;
        }
        match night.status {
            NightStatus::Completed => {
                rate.completed += 1;
                rate.counted += 1;
            }
            NightStatus::Rest(_) => {}
            _ if night.night == today => {}
            _ => rate.counted += 1,
        }
    }
    rate
}

/// Done rate per step from the store's tallies, keeping their order.
pub fn step_rates(tallies: &[StepTally]) -> Vec<StepRate> {
    tallies
        .iter()
        .map(|tally| StepRate {
            step_id: tally.step_id.clone(),
            title: tally.title.clone(),
            done: tally.done,
            cut_short: tally.cut_short,
            ended: tally.ended(),
        })
        .collect()
}

/// Mean duration of the runs that completed a night, and how many there were.
pub fn average_duration(nights: &[NightSummary]) -> (Option<Duration>, u32) {
    let durations = nights
        .iter()
        .filter(|night| night.status == NightStatus::Completed)
        .filter_map(|night| night.run.as_ref()?.duration());
    let (total, count) = durations.fold((Duration::ZERO, 0u32), |(total, count), d| {
        (total.saturating_add(d), count + 1)
    });
    ((count > 0).then(|| total / count), count)
}

#[cfg(test)]
mod tests;
