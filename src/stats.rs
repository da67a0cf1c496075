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
    /// Times it ended, done or skipped.
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
            ended: tally.done.saturating_add(tally.skipped),
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
mod tests {
    use super::*;
    use crate::model::{RunId, RunOutcome, RunSummary};
    use chrono::{FixedOffset, TimeZone};

    const TODAY: (i32, u32, u32) = (2024, 6, 30);

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).expect("valid date")
    }

    /// Nights ending tonight, one letter each: C completed, R rest, M missed,
    /// P partial, A abandoned, U unfinished, N nothing yet (tonight only).
    fn nights(pattern: &str) -> Vec<NightSummary> {
        let count = pattern.chars().count() as i64;
        pattern
            .chars()
            .enumerate()
            .map(|(i, letter)| {
                let night = today() - chrono::Duration::days(count - 1 - i as i64);
                let status = match letter {
                    'C' => NightStatus::Completed,
                    'R' => NightStatus::Rest("rest".to_string()),
                    'M' => NightStatus::Missed,
                    'P' => NightStatus::Partial,
                    'A' => NightStatus::Abandoned,
                    'U' => NightStatus::Running,
                    'N' => NightStatus::NotYet,
                    other => panic!("unknown letter {other}"),
                };
                NightSummary {
                    night,
                    status,
                    run: None,
                }
            })
            .collect()
    }

    fn streaks_of(pattern: &str) -> (u32, u32) {
        let s = streaks(&nights(pattern), today());
        (s.current, s.best)
    }

    #[test]
    fn streak_counts_consecutive_completed_nights() {
        assert_eq!(streaks_of(""), (0, 0));
        assert_eq!(streaks_of("CCCC"), (4, 4));
        assert_eq!(streaks_of("CCCN"), (3, 3));
    }

    #[test]
    fn rest_night_neither_counts_nor_breaks() {
        assert_eq!(streaks_of("CCRCCN"), (4, 4));
        assert_eq!(streaks_of("CCRRRC"), (3, 3));
        assert_eq!(
            streaks_of("CCCR"),
            (3, 3),
            "a rest tonight keeps the streak"
        );
    }

    #[test]
    fn missed_partial_and_abandoned_nights_break() {
        assert_eq!(streaks_of("CCCMCCN"), (2, 3));
        assert_eq!(streaks_of("CCCCPCN"), (1, 4));
        assert_eq!(streaks_of("CCAN"), (0, 2));
        assert_eq!(
            streaks_of("CCUC"),
            (1, 2),
            "a past night left unfinished breaks"
        );
        assert_eq!(streaks_of("CCCM"), (3, 3), "tonight is never 'missed' yet");
    }

    #[test]
    fn tonight_not_done_does_not_break_the_streak() {
        assert_eq!(streaks_of("CCCN"), (3, 3));
        assert_eq!(streaks_of("CCCU"), (3, 3), "tonight's run still going");
        assert_eq!(
            streaks_of("CCCP"),
            (3, 3),
            "tonight ended partial: another run may follow"
        );
        assert_eq!(streaks_of("CCCC"), (4, 4), "tonight done extends it");
    }

    #[test]
    fn gaps_in_the_list_are_missed_nights() {
        let mut list = nights("CCCMCC");
        list.remove(3);
        assert_eq!(
            streaks(&list, today()),
            Streaks {
                current: 2,
                best: 3
            }
        );
        // History that stops before yesterday: the nights since were missed.
        let old = nights("CCCMM");
        assert_eq!(
            streaks(&old[..3], today()),
            Streaks {
                current: 0,
                best: 3
            }
        );
        // Unsorted input gives the same answer.
        let mut shuffled = nights("CCMCCR");
        shuffled.reverse();
        assert_eq!(
            streaks(&shuffled, today()),
            Streaks {
                current: 2,
                best: 2
            }
        );
    }

    #[test]
    fn completion_rate_over_windows() {
        // 10 nights, oldest first; tonight (N) is not counted yet.
        let list = nights("CMCCRCPCAN");
        // Last 7: C R C P C A N → counted C,C,P,C,A = 5, completed 3.
        assert_eq!(
            completion_rate(&list, today(), Some(7)),
            Rate {
                completed: 3,
                counted: 5
            }
        );
        // All: C M C C R C P C A N → counted 8, completed 5.
        let all = completion_rate(&list, today(), None);
        assert_eq!(
            all,
            Rate {
                completed: 5,
                counted: 8
            }
        );
        assert_eq!(all.percent(), Some(63));
        // Tonight completed counts.
        let done = completion_rate(&nights("MC"), today(), Some(7));
        assert_eq!(
            done,
            Rate {
                completed: 1,
                counted: 2
            }
        );
        assert_eq!(
            completion_rate(&nights("RN"), today(), None).percent(),
            None
        );
        assert_eq!(
            completion_rate(&nights("C"), today(), Some(1)).percent(),
            Some(100)
        );
    }

    #[test]
    fn step_rates_keep_order_and_round() {
        let tally = |id: &str, done, skipped| StepTally {
            step_id: id.to_string(),
            title: id.to_uppercase(),
            done,
            skipped,
        };
        let rates = step_rates(&[
            tally("calf", 2, 1),
            tally("soak", 0, 0),
            tally("water", 5, 0),
        ]);
        let view: Vec<_> = rates
            .iter()
            .map(|r| (r.step_id.as_str(), r.done, r.ended, r.percent()))
            .collect();
        assert_eq!(
            view,
            vec![
                ("calf", 2, 3, Some(67)),
                ("soak", 0, 0, None),
                ("water", 5, 5, Some(100))
            ]
        );
    }

    #[test]
    fn average_duration_is_over_completed_nights_only() {
        let tz = FixedOffset::east_opt(3600).expect("valid offset");
        let run = |night: NaiveDate, minutes: i64, outcome| {
            let started = tz
                .from_local_datetime(&night.and_hms_opt(21, 45, 0).expect("valid"))
                .single()
                .expect("unambiguous");
            RunSummary {
                id: RunId(1),
                night,
                routine_id: "r".to_string(),
                routine_name: "R".to_string(),
                routine_hash: "h".to_string(),
                outcome,
                step_count: 1,
                done: 1,
                skipped: 0,
                started_at: started,
                ended_at: Some(started.to_utc() + chrono::Duration::minutes(minutes)),
            }
        };
        let mut list = nights("CCPC");
        let minutes = [10, 20, 90, 15];
        for (night, minutes) in list.iter_mut().zip(minutes) {
            let outcome = match night.status {
                NightStatus::Completed => RunOutcome::Completed,
                _ => RunOutcome::Partial,
            };
            night.run = Some(Box::new(run(night.night, minutes, outcome)));
        }
        assert_eq!(
            average_duration(&list),
            (Some(Duration::from_secs(15 * 60)), 3)
        );
        assert_eq!(average_duration(&nights("MR")), (None, 0));
    }

    #[test]
    fn compute_puts_it_together() {
        let stats = compute(&nights("CCMCCCN"), &[], today());
        assert_eq!(
            stats.streaks,
            Streaks {
                current: 3,
                best: 3
            }
        );
        assert_eq!(stats.last_7.percent(), Some(83));
        assert_eq!(stats.all, stats.last_30);
        assert!(stats.steps.is_empty());
    }
}
