//! A whole evening in plain lines on a fake clock: what is said, when, and what is written down.

use std::time::{Duration, Instant};

use super::narrator::{Key, Narrator, Write};
use crate::journal::{Interrupted, OlderRun};
use crate::routine::{Step, parse};
use crate::session::{Effect, Holds, Outcome, Session, Snapshot, StepResult};

const ROUTINE: &str = r#"
name = "Three steps"

[[step]]
title = "Standing calf stretch"
duration = "30s"
sides = ["left leg", "right leg"]
sets = 2
rest = "10s"
instructions = "Hands on the wall, back leg straight."

[[step]]
title = "Bedding check"
checklist = ["Covers loose over the feet", "Breathable sleepwear", "Water by the bed"]

[[step]]
title = "Glass of water"
"#;

pub(super) fn steps() -> Vec<Step> {
    parse(ROUTINE).expect("routine").steps
}

pub(super) fn secs(seconds: u64) -> Duration {
    Duration::from_secs(seconds)
}

/// The lines said since the last call, with "(bell)" before those that ring.
pub(super) fn said(narrator: &mut Narrator) -> Vec<String> {
    narrator
        .take_lines()
        .into_iter()
        .map(|line| match line.rings {
            0 => line.text,
            rings => format!("{} {}", "(bell)".repeat(rings), line.text),
        })
        .collect()
}

/// Tick every quarter second from `from` to `to` (seconds after `start`), collecting lines.
fn run_clock(narrator: &mut Narrator, start: Instant, from: u64, to: u64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut at = Duration::from_secs(from);
    while at <= Duration::from_secs(to) {
        narrator.tick(start + at);
        lines.extend(said(narrator));
        at += Duration::from_millis(250);
    }
    lines
}

#[test]
fn one_hold_is_said_at_its_start_halfway_at_ten_and_three_two_one() {
    let start = Instant::now();
    let mut narrator = Narrator::new("Three steps", steps(), None, 3, start);
    assert_eq!(
        said(&mut narrator),
        vec![
            "(bell) Standing calf stretch. Left leg, set 1 of 2. Hold 30 seconds.",
            "Hands on the wall, back leg straight.",
        ]
    );
    assert_eq!(
        run_clock(&mut narrator, start, 0, 30),
        vec![
            "15 seconds.",
            "10 seconds.",
            "(bell) 3",
            "(bell) 2",
            "(bell) 1",
            "(bell) Rest 10 seconds. Next: left leg, set 2.",
        ]
    );
    assert_eq!(
        run_clock(&mut narrator, start, 31, 40),
        vec![
            "(bell) 3",
            "(bell) 2",
            "(bell) 1",
            "(bell) Left leg, set 2 of 2. Hold 30 seconds."
        ]
    );
    assert_eq!(narrator.take_writes()[0], Write::StartRun);
}

#[test]
fn the_narrator_sleeps_until_the_next_mark_not_every_second() {
    let start = Instant::now();
    let mut narrator = Narrator::new("Three steps", steps(), None, 3, start);
    said(&mut narrator);
    assert_eq!(narrator.next_wake(), Some(start + secs(15)));
    narrator.tick(start + secs(15));
    assert_eq!(narrator.next_wake(), Some(start + secs(20)));
    narrator.key(Key::Char(' '), start + secs(16));
    assert_eq!(
        said(&mut narrator),
        vec!["15 seconds.", "Paused, 14 seconds left. Space goes on."]
    );
    assert_eq!(narrator.next_wake(), None, "nothing wakes while paused");
}

#[test]
fn a_whole_evening_with_keys_ends_in_a_summary_and_is_written_down() {
    let start = Instant::now();
    let mut narrator = Narrator::new("Three steps", steps(), None, 3, start);
    said(&mut narrator);
    let key = |narrator: &mut Narrator, key: Key, at: u64| {
        narrator.key(key, start + secs(at));
        said(narrator)
    };
    assert_eq!(
        key(&mut narrator, Key::Enter, 2),
        vec!["(bell) Rest 10 seconds. Next: left leg, set 2."]
    );
    assert_eq!(
        key(&mut narrator, Key::Enter, 3),
        vec!["(bell) Left leg, set 2 of 2. Hold 30 seconds."]
    );
    assert_eq!(
        key(&mut narrator, Key::Char('+'), 4),
        vec!["30 seconds added: 59 seconds left."]
    );
    assert_eq!(
        key(&mut narrator, Key::Enter, 5),
        vec!["(bell) Rest 10 seconds. Next: right leg, set 1."]
    );
    assert_eq!(
        key(&mut narrator, Key::Enter, 6),
        vec!["(bell)(bell) Switch sides: right leg, set 1 of 2. Hold 30 seconds."]
    );
    assert_eq!(
        key(&mut narrator, Key::Char('t'), 7),
        vec!["Step 1 of 3, Standing calf stretch: 29 seconds left."]
    );
    // `n` moves on at once: three holds of 2 s each were held.
    assert_eq!(
        key(&mut narrator, Key::Char('n'), 8),
        vec![
            "Cut short: Standing calf stretch, 6 seconds held.",
            "(bell) Bedding check: 3 items. Covers loose over the feet? y or n.",
        ]
    );
    assert_eq!(
        key(&mut narrator, Key::Char('y'), 9),
        vec!["Ticked. Breathable sleepwear? y or n."]
    );
    assert_eq!(
        key(&mut narrator, Key::Char('n'), 10),
        vec!["Not ticked. Water by the bed? y or n."]
    );
    assert_eq!(
        key(&mut narrator, Key::Char('y'), 11),
        vec![
            "Ticked. 1 item not ticked: Breathable sleepwear. y: done anyway, s: skip the step, r: ask again."
        ]
    );
    assert_eq!(
        key(&mut narrator, Key::Char('y'), 12),
        vec!["(bell) Glass of water. Enter when done, n skips."]
    );
    assert_eq!(
        key(&mut narrator, Key::Char('q'), 13),
        vec!["Quit now? Your place is kept for tonight. y quits, any other key goes on."]
    );
    assert_eq!(key(&mut narrator, Key::Char('x'), 14), vec!["Going on."]);
    assert!(!narrator.should_quit());
    assert_eq!(
        key(&mut narrator, Key::Enter, 16),
        vec![
            "(bell) Routine done.",
            "Three steps: done for tonight.",
            // Held 0-2, 3-5 and 6-8 s of holds of 30 s.
            "Cut short: Standing calf stretch, 6 seconds held, 0 of 4 holds in full.",
            "Done: Bedding check, 4 seconds.",
            "Done: Glass of water, 4 seconds.",
            "2 of 3 steps done, 1 cut short. 16 seconds in all.",
        ]
    );
    assert!(narrator.should_quit());

    let writes = narrator.take_writes();
    assert_eq!(writes.first(), Some(&Write::StartRun));
    let ended: Vec<(usize, Outcome)> = writes
        .iter()
        .filter_map(|write| match write {
            Write::Effect(Effect::StepEnded { index, result }) => Some((*index, result.outcome)),
            _ => None,
        })
        .collect();
    assert_eq!(
        ended,
        vec![
            (0, Outcome::CutShort),
            (1, Outcome::Done),
            (2, Outcome::Done)
        ]
    );
    assert_eq!(writes.last(), Some(&Write::Effect(Effect::Finished)));
}

#[test]
fn question_mark_says_the_keys_and_unknown_keys_point_to_it() {
    let start = Instant::now();
    let mut narrator = Narrator::new("Three steps", steps(), None, 3, start);
    said(&mut narrator);
    narrator.key(Key::Char('?'), start);
    let help = said(&mut narrator);
    assert_eq!(help.first().map(String::as_str), Some("Keys:"));
    assert!(
        help.iter()
            .any(|line| line.starts_with("n or s: next step now, without credit"))
    );
    assert!(help.iter().all(|line| !line.contains('\x1b')));
    narrator.key(Key::Char('z'), start);
    assert_eq!(said(&mut narrator), vec!["Press ? for the keys."]);
}

#[test]
fn resume_says_where_it_picks_up_and_asks_the_first_unticked_item() {
    let start = Instant::now();
    let mut first = Narrator::new("Three steps", steps(), None, 3, start);
    first.key(Key::Char('s'), start + secs(1));
    first.key(Key::Char('y'), start + secs(2));
    let snapshot = first.session().expect("running").snapshot(start + secs(3));

    let later = start + secs(60);
    let mut narrator = Narrator::new(
        "Three steps",
        steps(),
        Some(same_routine(snapshot)),
        3,
        later,
    );
    assert_eq!(
        said(&mut narrator),
        vec![
            "Tonight's run stopped at \"Bedding check\" (step 2 of 3). Enter resumes, r starts again, q quits."
        ]
    );
    assert!(narrator.take_writes().is_empty());
    narrator.key(Key::Enter, later);
    assert_eq!(
        said(&mut narrator),
        vec![
            "Resuming at step 2 of 3.",
            "Bedding check: 3 items, 1 ticked. Breathable sleepwear? y or n.",
        ]
    );
    assert_eq!(narrator.take_writes(), vec![Write::ResumeRun]);
}

#[test]
fn a_run_of_an_older_version_is_offered_by_what_was_done_and_goes_on_at_the_first_step_left() {
    let start = Instant::now();
    // The routine changed since: the water was done, then moved to the end.
    let [_, bedding, water]: [Step; 3] = steps().try_into().expect("three steps");
    let done = Some(StepResult {
        outcome: Outcome::Done,
        active: secs(20),
        holds: Some(Holds {
            held: Duration::ZERO,
            full: 0,
            planned: 0,
        }),
    });
    let order = vec![water, bedding];
    let resumed = Session::resume_at(order.clone(), &[done, None], 1, start).expect("resumes");
    let interrupted = Interrupted {
        steps: order,
        snapshot: resumed.snapshot(start),
        older: Some(OlderRun { done: 2 }),
        step_changed: false,
    };
    let mut narrator = Narrator::new("Quick", steps(), Some(interrupted), 3, start);
    assert_eq!(
        said(&mut narrator),
        vec![
            "Tonight's run was of an older version of Quick: 2 steps done. Enter continues at \"Bedding check\" (step 2 of 2), r starts again, q quits."
        ]
    );
    narrator.key(Key::Enter, start);
    let lines = said(&mut narrator);
    assert_eq!(
        lines.first().map(String::as_str),
        Some("Resuming at step 2 of 2.")
    );
    assert_eq!(narrator.take_writes(), vec![Write::ResumeRun]);
}

#[test]
fn resuming_mid_hold_says_the_time_left_and_counts_down_from_there() {
    let start = Instant::now();
    let mut first = Narrator::new("Three steps", steps(), None, 3, start);
    let snapshot = first.session().expect("running").snapshot(start + secs(18));
    let later = start + secs(600);
    let mut narrator = Narrator::new(
        "Three steps",
        steps(),
        Some(same_routine(snapshot)),
        3,
        later,
    );
    said(&mut narrator);
    narrator.key(Key::Enter, later);
    assert_eq!(
        said(&mut narrator),
        vec![
            "Resuming at step 1 of 3.",
            "Standing calf stretch. Left leg, set 1 of 2. Hold, 12 seconds left.",
            "Hands on the wall, back leg straight.",
        ]
    );
    narrator.tick(later + secs(2));
    assert_eq!(said(&mut narrator), vec!["10 seconds."]);
    first.take_lines();
}

#[test]
fn a_hold_noticed_late_is_still_said_with_its_full_length() {
    let start = Instant::now();
    let mut narrator = Narrator::new("Three steps", steps(), None, 3, start);
    said(&mut narrator);
    narrator.tick(start + Duration::from_millis(30_300));
    assert_eq!(
        said(&mut narrator),
        vec!["(bell) Rest 10 seconds. Next: left leg, set 2."]
    );
}

#[test]
fn a_lead_in_is_said_then_counted_then_go() {
    let start = Instant::now();
    let steps = parse(ROUTINE).expect("routine").with_lead_in(secs(5)).steps;
    let mut narrator = Narrator::new("Three steps", steps, None, 3, start);
    assert_eq!(
        said(&mut narrator),
        vec![
            "(bell) Standing calf stretch. Get ready: left leg, set 1 of 2, 5 seconds.",
            "Hands on the wall, back leg straight.",
        ]
    );
    assert_eq!(
        run_clock(&mut narrator, start, 0, 5),
        vec![
            "(bell) 3",
            "(bell) 2",
            "(bell) 1",
            "(bell) Go. Hold 30 seconds."
        ]
    );
}

#[test]
fn the_quit_question_holds_the_countdown_until_it_is_answered() {
    let start = Instant::now();
    let mut narrator = Narrator::new("Three steps", steps(), None, 3, start);
    said(&mut narrator);
    let left = |narrator: &Narrator, at: u64| {
        narrator
            .session()
            .and_then(|session| session.remaining(start + secs(at)))
    };
    // Asked 5 s into the first 30 s hold, answered 55 s later: 25 s still to hold.
    narrator.key(Key::Char('q'), start + secs(5));
    said(&mut narrator);
    narrator.tick(start + secs(60));
    assert_eq!(left(&narrator, 60), Some(secs(25)));
    narrator.key(Key::Char('x'), start + secs(60));
    assert_eq!(said(&mut narrator), vec!["Going on."]);
    assert_eq!(left(&narrator, 70), Some(secs(15)));
}

#[test]
fn b_restarts_the_hold_and_says_it_again() {
    let start = Instant::now();
    let mut narrator = Narrator::new("Three steps", steps(), None, 3, start);
    said(&mut narrator);
    narrator.key(Key::Char('b'), start + secs(12));
    assert_eq!(
        said(&mut narrator),
        vec!["Back.", "Left leg, set 1 of 2. Hold 30 seconds.",]
    );
    assert_eq!(narrator.next_wake(), Some(start + secs(12 + 15)));
}

#[test]
fn with_no_counted_seconds_the_last_seconds_pass_quietly() {
    let start = Instant::now();
    let mut narrator = Narrator::new("Three steps", steps(), None, 0, start);
    said(&mut narrator);
    assert_eq!(
        run_clock(&mut narrator, start, 0, 30),
        vec![
            "15 seconds.",
            "10 seconds.",
            "(bell) Rest 10 seconds. Next: left leg, set 2.",
        ]
    );
}

/// A run of this very routine to pick up where `snapshot` stands.
fn same_routine(snapshot: Snapshot) -> Interrupted {
    Interrupted {
        steps: steps(),
        snapshot,
        older: None,
        step_changed: false,
    }
}

#[test]
fn once_the_place_cannot_be_kept_the_quit_question_stops_promising_it() {
    let start = Instant::now();
    let mut narrator = Narrator::new("Three steps", steps(), None, 3, start);
    said(&mut narrator);
    narrator.key(Key::Char('q'), start + secs(1));
    assert_eq!(
        said(&mut narrator),
        ["Quit now? Your place is kept for tonight. y quits, any other key goes on."]
    );
    narrator.key(Key::Char('x'), start + secs(2));
    said(&mut narrator);
    // The database was deleted (the loop noticed it).
    narrator.place_not_kept();
    narrator.key(Key::Char('q'), start + secs(3));
    assert_eq!(
        said(&mut narrator),
        ["Quit now? y quits, any other key goes on."]
    );
}
