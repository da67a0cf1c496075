//! What a step amounted to: done only when its holds ran (or were finished) to the
//! end, cut short with the time held when left earlier, skipped when nothing was held.
//! Every figure below is worked out by hand from the clock the test drives.

use std::time::{Duration, Instant};

use super::tests::{checklist, ended, secs, step, stretch, timed};
use super::*;
use crate::routine::Step;

/// The only step result among `effects`.
fn result_of(effects: &[Effect]) -> StepResult {
    match ended(effects).as_slice() {
        [(_, result)] => *result,
        other => panic!("expected one step result, got {other:?}"),
    }
}

fn holds(held: u64, full: u32, planned: u32) -> Option<Holds> {
    Some(Holds {
        held: secs(held),
        full,
        planned,
    })
}

/// A 60 s hold after a 5 s lead-in, as the shipped routines pace a single hold.
fn minute_hold() -> Step {
    Step {
        lead_in: Some(secs(5)),
        ..timed("Soak feet", 60)
    }
}

#[test]
fn a_hold_finished_three_seconds_in_is_cut_short_not_done() {
    // The case as it was seen: Enter 3 s after the lead-in ends was recorded as done.
    let t0 = Instant::now();
    let mut session = Session::new(vec![minute_hold(), step("Water")], t0);
    session.update(Action::Tick, t0 + secs(5));
    let effects = session.update(Action::Finish, t0 + secs(8));
    assert_eq!(
        result_of(&effects),
        StepResult {
            outcome: Outcome::CutShort,
            active: secs(8),
            holds: holds(3, 0, 1),
        }
    );
    assert_eq!(session.position(), 1);
}

#[test]
fn a_hold_finished_early_counts_from_four_fifths_of_its_time() {
    let t0 = Instant::now();
    // 48 s of 60 is 80%: held to the end.
    let mut session = Session::new(vec![timed("Calf", 60)], t0);
    let effects = session.update(Action::Finish, t0 + secs(48));
    assert_eq!(result_of(&effects).outcome, Outcome::Done);
    assert_eq!(result_of(&effects).holds, holds(48, 1, 1));
    // 47.9 s is not.
    let mut session = Session::new(vec![timed("Calf", 60)], t0);
    let effects = session.update(Action::Finish, t0 + Duration::from_millis(47_900));
    assert_eq!(result_of(&effects).outcome, Outcome::CutShort);
    assert_eq!(result_of(&effects).holds.map(|h| h.full), Some(0));
}

#[test]
fn taking_time_off_shortens_the_timer_not_the_bar_and_adding_time_never_raises_it() {
    let t0 = Instant::now();
    // `-` at once: a 30 s timer that runs out is 30 s of a 60 s hold.
    let mut session = Session::new(vec![timed("Calf", 60)], t0);
    session.update(Action::TakeTime, t0);
    let effects = session.update(Action::Tick, t0 + secs(30));
    assert_eq!(result_of(&effects).outcome, Outcome::CutShort);
    assert_eq!(result_of(&effects).holds, holds(30, 0, 1));
    // `+` makes it 90 s; finished at 50 s, past 48 s: done.
    let mut session = Session::new(vec![timed("Calf", 60)], t0);
    session.update(Action::AddTime, t0 + secs(10));
    let effects = session.update(Action::Finish, t0 + secs(50));
    assert_eq!(result_of(&effects).outcome, Outcome::Done);
    assert_eq!(result_of(&effects).holds, holds(50, 1, 1));
}

#[test]
fn time_paused_is_not_time_held() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![timed("Calf", 60)], t0);
    // Held 0-10 s, paused for 100 s, held again 110-150 s: 50 s in all.
    session.update(Action::TogglePause, t0 + secs(10));
    session.update(Action::TogglePause, t0 + secs(110));
    let effects = session.update(Action::Finish, t0 + secs(150));
    assert_eq!(result_of(&effects).holds, holds(50, 1, 1));
    assert_eq!(result_of(&effects).outcome, Outcome::Done);
}

#[test]
fn moving_on_keeps_the_holds_that_were_done_and_is_never_done() {
    let t0 = Instant::now();
    // Calf stretch: 6 holds of 30 s with rests of 10 s. Five run out (30 + 10 each,
    // 200 s), then 12 s into the sixth the user moves on.
    let mut session = Session::new(vec![stretch(), step("Water")], t0);
    session.update(Action::Tick, t0 + secs(200));
    let effects = session.update(Action::Skip, t0 + secs(212));
    assert_eq!(
        result_of(&effects),
        StepResult {
            outcome: Outcome::CutShort,
            active: secs(212),
            holds: holds(5 * 30 + 12, 5, 6),
        }
    );
}

#[test]
fn moving_on_before_holding_anything_is_skipped() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![minute_hold(), step("Water")], t0);
    // Still in the lead-in: nothing held.
    let effects = session.update(Action::Skip, t0 + secs(4));
    assert_eq!(result_of(&effects).outcome, Outcome::Skipped);
    assert_eq!(result_of(&effects).holds, holds(0, 0, 1));
    // Under a second of holding is no hold either.
    let mut session = Session::new(vec![timed("Calf", 60), step("Water")], t0);
    let effects = session.update(Action::Skip, t0 + Duration::from_millis(900));
    assert_eq!(result_of(&effects).outcome, Outcome::Skipped);
    // An untimed step moved on from is skipped, confirmed is done.
    let mut session = Session::new(vec![step("Water"), step("Bed")], t0);
    assert_eq!(
        result_of(&session.update(Action::Skip, t0 + secs(2))).outcome,
        Outcome::Skipped
    );
    assert_eq!(
        result_of(&session.update(Action::Finish, t0 + secs(3))).outcome,
        Outcome::Done
    );
}

#[test]
fn finishing_every_hold_early_is_cut_short_with_the_time_held() {
    // Enter pressed through all six holds and five rests, 3 s each: the step ends as
    // the routine runs out, but no hold was held to the end.
    let t0 = Instant::now();
    let mut session = Session::new(vec![stretch(), step("Water")], t0);
    let mut last = Vec::new();
    for press in 1..=11 {
        last = session.update(Action::Finish, t0 + secs(3 * press));
    }
    assert_eq!(session.position(), 1);
    assert_eq!(
        result_of(&last),
        StepResult {
            outcome: Outcome::CutShort,
            active: secs(33),
            holds: holds(18, 0, 6),
        }
    );
}

#[test]
fn a_hold_started_again_keeps_its_best_attempt_and_every_second_held() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![timed("Calf", 30)], t0);
    // 20 s, then `b` starts the hold again (past 2 s in: the same hold), which runs out.
    session.update(Action::Back, t0 + secs(20));
    let effects = session.update(Action::Tick, t0 + secs(50));
    assert_eq!(result_of(&effects).holds, holds(50, 1, 1));
    assert_eq!(result_of(&effects).outcome, Outcome::Done);
}

#[test]
fn a_step_gone_back_to_keeps_what_it_came_to_unless_this_time_goes_further() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![timed("Calf", 30), timed("Hams", 30)], t0);
    session.update(Action::Tick, t0 + secs(30));
    assert_eq!(session.results()[0].map(|r| r.outcome), Some(Outcome::Done));
    // `B` back to the calf stretch, 5 s held, then on: it stays done.
    session.update(Action::BackStep, t0 + secs(31));
    let effects = session.update(Action::Skip, t0 + secs(36));
    assert_eq!(result_of(&effects).outcome, Outcome::Done);
    assert_eq!(result_of(&effects).holds, holds(30, 1, 1));
    // The hamstring stretch cut short, then gone back to and done: done now.
    let effects = session.update(Action::Skip, t0 + secs(40));
    assert_eq!(result_of(&effects).outcome, Outcome::CutShort);
    session.update(Action::BackStep, t0 + secs(41));
    let effects = session.update(Action::Tick, t0 + secs(71));
    assert_eq!(result_of(&effects).outcome, Outcome::Done);
}

#[test]
fn a_timed_checklist_is_done_when_its_time_ran_out_and_cut_short_before() {
    let t0 = Instant::now();
    let list = || Step {
        duration: Some(secs(60)),
        ..checklist("Bedding", 2)
    };
    let mut session = Session::new(vec![list()], t0);
    session.update(Action::ToggleItem(0), t0 + secs(1));
    session.update(Action::Tick, t0 + secs(60));
    assert!(session.is_waiting(), "time up, one item unticked");
    let effects = session.update(Action::Finish, t0 + secs(65));
    assert_eq!(result_of(&effects).outcome, Outcome::Done);
    assert_eq!(result_of(&effects).holds, holds(60, 1, 1));
    // Ended with Enter 20 s in: cut short.
    let mut session = Session::new(vec![list()], t0);
    let effects = session.update(Action::Finish, t0 + secs(20));
    assert_eq!(result_of(&effects).outcome, Outcome::CutShort);
    assert_eq!(result_of(&effects).holds, holds(20, 0, 1));
}

#[test]
fn a_snapshot_keeps_the_holds_held_and_the_time_added_to_the_one_under_way() {
    let t0 = Instant::now();
    let two_holds = Step {
        sets: 2,
        ..timed("Calf", 30)
    };
    let mut session = Session::new(vec![two_holds.clone(), step("Water")], t0);
    // The first hold runs out at 30 s; 30 s are added to the second at 35 s; the
    // session stops at 50 s, 20 s into the second (40 s left of 60).
    session.update(Action::Tick, t0 + secs(30));
    session.update(Action::AddTime, t0 + secs(35));
    let snapshot = session.snapshot(t0 + secs(50));
    assert_eq!(snapshot.full, vec![true, false]);
    assert_eq!(snapshot.held, secs(30));
    assert_eq!(snapshot.length, Some(secs(60)));
    assert_eq!(snapshot.remaining, Some(secs(40)));

    let later = t0 + secs(1000);
    let mut resumed =
        Session::restore(vec![two_holds, step("Water")], &snapshot, later).expect("fits");
    // Finished 10 s after the restart: 30 s of the second hold, 60 s in all.
    let effects = resumed.update(Action::Finish, later + secs(10));
    assert_eq!(result_of(&effects).outcome, Outcome::Done);
    assert_eq!(result_of(&effects).holds, holds(60, 2, 2));
}

#[test]
fn the_tally_says_each_way_a_step_ended() {
    let tally = Tally {
        done: 4,
        cut_short: 1,
        skipped: 1,
        total: 6,
    };
    assert_eq!(
        tally.describe(),
        "4 of 6 steps done, 1 cut short, 1 skipped"
    );
    let all = Tally {
        done: 6,
        cut_short: 0,
        skipped: 0,
        total: 6,
    };
    assert_eq!(all.describe(), "6 of 6 steps done");
}
