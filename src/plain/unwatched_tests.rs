//! Time nobody watched, in plain lines on a fake clock: a stop or a sleep pauses a
//! counting hold where it stood and says so, and is no step's active time.

use std::time::{Duration, Instant};

use super::narrator::{Key, Narrator, Write};
use super::tests::{said, secs, steps};
use crate::session::Effect;

/// 21:00 on a night without a daylight-saving change, plus `seconds`.
fn wall_at(seconds: u64) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
        .and_then(|night| night.and_hms_opt(21, 0, 0))
        .expect("a time")
        + chrono::Duration::seconds(i64::try_from(seconds).expect("seconds"))
}

#[test]
fn stopped_mid_hold_the_hold_pauses_where_it_stood_and_credits_nothing() {
    // The loop wakes every second while the first 30 s hold counts; at 11 s winddown
    // is stopped and the wake-up due at 12 s comes at 101 s (SIGCONT).
    let start = Instant::now();
    let mut narrator = Narrator::new("Three steps", steps(), None, 3, start);
    for second in 1..=11 {
        let due = narrator.watch_by();
        assert_eq!(due, Some(start + secs(second)), "wakes every second");
        narrator.woke(due, start + secs(second), wall_at(second));
        narrator.tick(start + secs(second));
    }
    said(&mut narrator);
    let due = narrator.watch_by();
    narrator.woke(due, start + secs(101), wall_at(101));
    narrator.tick(start + secs(101));
    assert_eq!(
        said(&mut narrator),
        [
            "Paused: winddown was asleep for 1 minute 30 seconds, none of it counted. \
          19 seconds left. Space goes on."
        ]
    );
    assert_eq!(narrator.next_wake(), None, "paused: nothing wakes");
    let written = narrator.take_writes();
    assert!(
        !written
            .iter()
            .any(|write| matches!(write, Write::Effect(Effect::StepEnded { .. }))),
        "{written:?}"
    );
    // Space at 200 s: 19 s left, so the hold ends at 219 s, not before.
    narrator.key(Key::Char(' '), start + secs(200));
    narrator.tick(start + secs(218));
    assert_eq!(narrator.session().map(|session| session.place().1), Some(0));
    narrator.tick(start + secs(219));
    assert_ne!(narrator.session().map(|session| session.place().1), Some(0));
}

/// The active time of each step result written since the last look, in order.
fn active_times(narrator: &mut Narrator) -> Vec<Duration> {
    narrator
        .take_writes()
        .iter()
        .filter_map(|write| match write {
            Write::Effect(Effect::StepEnded { result, .. }) => Some(result.active),
            _ => None,
        })
        .collect()
}

#[test]
fn asleep_on_a_step_to_confirm_the_time_nobody_watched_is_not_its_active_time() {
    // Only the glass of water, to confirm. A wake-up at 1 s; then the computer sleeps
    // an hour with its monotonic clock stopped (only the wall clock moves on), wakes
    // at 10 s by the monotonic clock, and Enter comes at 15 s: the second before the
    // sleep and the five after it were watched.
    let start = Instant::now();
    let water = steps().split_off(2);
    let mut narrator = Narrator::new("Water", water, None, 3, start);
    narrator.woke(None, start + secs(1), wall_at(1));
    narrator.tick(start + secs(1));
    narrator.woke(None, start + secs(10), wall_at(3610));
    narrator.key(Key::Enter, start + secs(15));
    assert_eq!(active_times(&mut narrator), [secs(6)]);
}

#[test]
fn stopped_on_a_step_to_confirm_the_time_nobody_watched_is_not_its_active_time() {
    // The glass of water, to confirm, with no timer to wake the loop. It sleeps until
    // the narrator asks to look at the clocks again; SIGSTOP at 3.5 s and SIGCONT at
    // 23.5 s (the monotonic clock runs on), so the wake-up due at 4 s comes 19.5 s
    // late. Enter at 25.5 s: watched until the look at 3 s and from 23.5 s, 5 s in
    // all. With no wake-up asked for, nothing came late and it was credited 25.5 s.
    let start = Instant::now();
    let water = steps().split_off(2);
    let mut narrator = Narrator::new("Water", water, None, 3, start);
    let mut looked = start;
    while let Some(due) = narrator.watch_by().filter(|due| *due <= start + secs(3)) {
        narrator.woke(Some(due), due, wall_at((due - start).as_secs()));
        narrator.tick(due);
        looked = due;
    }
    assert_eq!(looked, start + secs(3), "looked at the clocks every second");
    let due = narrator.watch_by();
    let continued = start + Duration::from_millis(23_500);
    narrator.woke(due, continued, wall_at(23));
    narrator.key(Key::Enter, start + Duration::from_millis(25_500));
    assert_eq!(active_times(&mut narrator), [secs(5)]);
}

#[test]
fn the_time_in_the_shell_after_ctrl_z_is_not_a_step_s_active_time() {
    // The glass of water: Ctrl-Z at 5 s, `fg` at 15 s, Enter at 18 s.
    let start = Instant::now();
    let water = steps().split_off(2);
    let mut narrator = Narrator::new("Water", water, None, 3, start);
    narrator.hold_still(start + secs(5));
    narrator.continued(start + secs(15));
    narrator.key(Key::Enter, start + secs(18));
    assert_eq!(active_times(&mut narrator), [secs(8)]);
}

#[test]
fn a_wake_up_a_little_late_changes_nothing() {
    let start = Instant::now();
    let mut narrator = Narrator::new("Three steps", steps(), None, 3, start);
    said(&mut narrator);
    let due = narrator.watch_by();
    narrator.woke(due, start + secs(4), wall_at(4));
    narrator.tick(start + secs(4));
    assert!(
        narrator
            .session()
            .is_some_and(|session| !session.is_paused())
    );
    assert_eq!(said(&mut narrator), Vec::<String>::new());
}
