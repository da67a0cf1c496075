//! Lead-ins, the last seconds' cues and going back, on a fake clock.

use std::time::{Duration, Instant};

use super::tests::{checklist, cues, ended, hold, secs, step, stretch, timed};
use super::*;
use crate::routine::Step;

fn ready(set: u32, side: &str) -> Segment {
    Segment::GetReady {
        set,
        sets: 3,
        side: Some(side.to_string()),
    }
}

/// The calf stretch with a 5 s lead-in and no rests: every hold gets one.
fn paced_stretch() -> Step {
    Step {
        rest: None,
        lead_in: Some(secs(5)),
        ..stretch()
    }
}

/// Walk the session to its end, waking at every deadline; the segments seen and the cues heard.
fn walk(session: &mut Session, t0: Instant) -> (Vec<Option<Segment>>, Vec<Cue>, Instant) {
    let mut seen = vec![session.segment()];
    let mut heard = cues(&session.update(Action::Tick, t0));
    let mut at = t0;
    while let Some(left) = session.remaining(at) {
        at += left;
        heard.extend(cues(&session.update(Action::Tick, at)));
        seen.push(session.segment());
    }
    (seen, heard, at)
}

#[test]
fn each_hold_gets_a_lead_in_of_its_own_and_the_hold_starts_with_a_cue() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![paced_stretch()], t0);
    assert_eq!(session.segment(), Some(ready(1, "left leg")));
    assert_eq!(session.remaining(t0), Some(secs(5)));
    assert_eq!(
        ready(1, "left leg").label(),
        "Get ready · LEFT LEG · set 1/3"
    );
    let (seen, heard, end) = walk(&mut session, t0);
    assert_eq!(
        seen[..5],
        [
            Some(ready(1, "left leg")),
            Some(hold(1, "left leg")),
            Some(ready(2, "left leg")),
            Some(hold(2, "left leg")),
            Some(ready(3, "left leg")),
        ]
    );
    assert_eq!(seen.len(), 13);
    // Six holds of 30 s, each after 5 s of getting ready.
    assert_eq!(end - t0, secs(6 * 35));
    assert_eq!(paced_stretch().timed_length(), secs(6 * 35));
    assert_eq!(
        heard[..4],
        [
            Cue::Next("Calf stretch".into()),
            Cue::GetReady("left leg · set 1/3".into()),
            Cue::Go,
            Cue::GetReady("left leg · set 2/3".into()),
        ]
    );
    // Switching sides is said when the lead-in before the other side begins.
    let switch = heard
        .iter()
        .position(|cue| *cue == Cue::SwitchSides("right leg".into()))
        .expect("a switch-sides cue");
    assert_eq!(heard[switch + 1], Cue::Go);
    assert_eq!(heard.iter().filter(|cue| **cue == Cue::Go).count(), 6);
}

#[test]
fn rests_stand_in_for_the_lead_in_between_holds() {
    let t0 = Instant::now();
    let step = Step {
        lead_in: Some(secs(5)),
        ..stretch()
    };
    let mut session = Session::new(vec![step.clone()], t0);
    let (seen, heard, end) = walk(&mut session, t0);
    assert_eq!(
        seen[..4],
        [
            Some(ready(1, "left leg")),
            Some(hold(1, "left leg")),
            Some(Segment::Rest),
            Some(hold(2, "left leg")),
        ]
    );
    assert_eq!(end - t0, secs(5 + 230));
    assert_eq!(step.timed_length(), secs(235));
    // The hold after a rest starts with a cue too; the other side is called as such.
    assert!(heard.contains(&Cue::SwitchSides("right leg".into())));
    assert_eq!(heard.iter().filter(|cue| **cue == Cue::Go).count(), 5);
}

#[test]
fn a_zero_lead_in_turns_it_off() {
    let t0 = Instant::now();
    let step = Step {
        lead_in: Some(Duration::ZERO),
        ..timed("Rub", 60)
    };
    let session = Session::new(vec![step.clone()], t0);
    assert_eq!(
        session.segment(),
        Some(Segment::Hold {
            set: 1,
            sets: 1,
            side: None
        })
    );
    assert_eq!(step.timed_length(), secs(60));
}

#[test]
fn the_last_three_seconds_of_every_timed_part_are_counted_once_each() {
    let t0 = Instant::now();
    let step = Step {
        lead_in: Some(secs(5)),
        sides: Vec::new(),
        sets: 2,
        rest: Some(secs(10)),
        ..timed("Rub", 20)
    };
    let mut session = Session::new(vec![step], t0);
    session.set_countdown(3);
    let mut heard = Vec::new();
    let mut at = t0;
    // Wake when the display changes, as the loop does, and press a key now and then.
    while let Some(change) = session.next_change(at) {
        at = change + Duration::from_micros(300);
        heard.push(((at - t0).as_secs(), cues(&session.update(Action::Tick, at))));
        if (at - t0).as_secs().is_multiple_of(7) {
            heard.push(((at - t0).as_secs(), cues(&session.update(Action::Tick, at))));
        }
    }
    let counts: Vec<(u64, u64)> = heard
        .iter()
        .flat_map(|(second, cues)| {
            cues.iter().filter_map(move |cue| match cue {
                Cue::Count(n) => Some((*second, *n)),
                _ => None,
            })
        })
        .collect();
    // Lead-in 0–5, hold 5–25, rest 25–35, hold 35–55: 3, 2, 1 before each end.
    let expected: Vec<(u64, u64)> = [5, 25, 35, 55]
        .into_iter()
        .flat_map(|end| [(end - 3, 3), (end - 2, 2), (end - 1, 1)])
        .collect();
    assert_eq!(counts, expected);
    assert_eq!(Cue::Count(2).text(), "2");
}

#[test]
fn counting_off_and_short_parts_stay_quiet() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![timed("Rub", 3), timed("Walk", 10)], t0);
    session.set_countdown(0);
    let mut at = t0;
    let mut heard = Vec::new();
    while let Some(change) = session.next_change(at) {
        at = change;
        heard.extend(cues(&session.update(Action::Tick, at)));
    }
    assert!(
        !heard.iter().any(|cue| matches!(cue, Cue::Count(_))),
        "{heard:?}"
    );
    // A 3 s hold is not counted from its first second: the start cue already rang.
    let mut session = Session::new(vec![timed("Rub", 3)], t0);
    session.set_countdown(3);
    let mut at = t0;
    let mut counted = Vec::new();
    while let Some(change) = session.next_change(at) {
        at = change;
        counted.extend(cues(&session.update(Action::Tick, at)));
    }
    assert_eq!(
        counted
            .iter()
            .filter(|cue| matches!(cue, Cue::Count(_)))
            .collect::<Vec<_>>(),
        [&Cue::Count(2), &Cue::Count(1)]
    );
}

#[test]
fn back_restarts_the_hold_then_goes_to_the_one_before() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![step("Water"), stretch()], t0);
    session.update(Action::Finish, t0);
    // Into the second hold of the left leg, 12 s in.
    let at = t0 + secs(30 + 10 + 12);
    session.update(Action::Tick, at);
    assert_eq!(session.segment(), Some(hold(2, "left leg")));
    session.update(Action::Back, at);
    assert_eq!(session.segment(), Some(hold(2, "left leg")));
    assert_eq!(session.remaining(at), Some(secs(30)));
    // Pressed again within a couple of seconds: the hold before, skipping the rest.
    session.update(Action::Back, at + secs(1));
    assert_eq!(session.segment(), Some(hold(1, "left leg")));
    assert_eq!(session.remaining(at + secs(1)), Some(secs(30)));
    assert_eq!(session.position(), 1);
    // At the first hold's start, back goes to the step before, keeping its result.
    session.update(Action::Back, at + secs(2));
    assert_eq!(session.position(), 0);
    assert!(
        session.results()[0].is_some(),
        "the result stays until replaced"
    );
}

#[test]
fn back_step_goes_to_the_previous_step_without_clearing_anything() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![checklist("Bedding", 3), timed("Rub", 60)], t0);
    session.update(Action::ToggleItem(0), t0);
    session.update(Action::ToggleItem(2), t0);
    let effects = session.update(Action::Finish, t0 + secs(5));
    assert_eq!(ended(&effects).len(), 1);
    session.update(Action::ToggleItem(0), t0 + secs(6));
    let effects = session.update(Action::BackStep, t0 + secs(10));
    assert!(
        !effects
            .iter()
            .any(|effect| matches!(effect, Effect::StepEnded { .. })),
        "{effects:?}"
    );
    assert_eq!(session.position(), 0);
    assert_eq!(session.checked(), [true, false, true], "ticks kept");
    assert_eq!(session.results()[0].map(|r| r.outcome), Some(Outcome::Done));
    // Skipping forward past a step already done does not turn it into a skip.
    let effects = session.update(Action::Skip, t0 + secs(11));
    assert_eq!(ended(&effects)[0].1.outcome, Outcome::Done);
    assert_eq!(session.results()[0].map(|r| r.outcome), Some(Outcome::Done));
    assert_eq!(session.position(), 1);
}

#[test]
fn back_on_a_checklist_keeps_its_ticks() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![timed("Rub", 60), checklist("Bedding", 3)], t0);
    session.update(Action::Finish, t0 + secs(1));
    session.update(Action::ToggleItem(1), t0 + secs(2));
    session.update(Action::Back, t0 + secs(3));
    assert_eq!(session.position(), 0);
    session.update(Action::Finish, t0 + secs(4));
    assert_eq!(session.checked(), [false, true, false]);
}

#[test]
fn the_tally_counts_skips_as_skips() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![step("A"), step("B"), step("C")], t0);
    session.update(Action::Finish, t0);
    session.update(Action::Skip, t0);
    let tally = session.tally();
    assert_eq!((tally.done, tally.skipped, tally.total), (1, 1, 3));
    assert_eq!(tally.describe(), "1 of 3 steps done, 1 skipped");
    session.update(Action::Finish, t0);
    assert_eq!(session.tally().describe(), "2 of 3 steps done, 1 skipped");
    let one = Session::new(vec![step("A")], t0);
    assert_eq!(one.tally().describe(), "0 of 1 step done");
}

#[test]
fn a_crash_during_a_lead_in_resumes_at_that_hold_with_a_whole_lead_in() {
    let t0 = Instant::now();
    let steps = vec![paced_stretch()];
    let mut session = Session::new(steps.clone(), t0);
    // Through hold 1 and 3 s into the lead-in before hold 2.
    session.update(Action::Tick, t0 + secs(5 + 30 + 3));
    assert_eq!(session.segment(), Some(ready(2, "left leg")));
    let snapshot = session.snapshot(t0 + secs(38));
    let later = t0 + secs(600);
    let restored = Session::restore(steps, &snapshot, later).expect("fits");
    assert_eq!(restored.segment(), Some(ready(2, "left leg")));
    assert_eq!(restored.remaining(later), Some(secs(5)));
}
