//! Streaks, completion rates, step rates and average durations over made-up nights.

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
    let tally = |id: &str, done, cut_short, skipped| StepTally {
        step_id: id.to_string(),
        title: id.to_uppercase(),
        done,
        cut_short,
        skipped,
        held: Duration::ZERO,
    };
    let rates = step_rates(&[
        tally("calf", 2, 0, 1),
        tally("soak", 0, 0, 0),
        tally("water", 5, 0, 0),
        // Cut short is not done: 3 done of 6 that ended is 50%, not 83%.
        tally("hams", 3, 2, 1),
    ]);
    let view: Vec<_> = rates
        .iter()
        .map(|r| {
            (
                r.step_id.as_str(),
                r.done,
                r.cut_short,
                r.ended,
                r.percent(),
            )
        })
        .collect();
    assert_eq!(
        view,
        vec![
            ("calf", 2, 0, 3, Some(67)),
            ("soak", 0, 0, 0, None),
            ("water", 5, 0, 5, Some(100)),
            ("hams", 3, 2, 6, Some(50)),
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
            cut_short: 0,
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
