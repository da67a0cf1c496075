//! The engine on a fake clock: a base instant plus offsets, never a sleep.

use std::time::{Duration, Instant};

use super::*;
use crate::routine::Step;

pub(super) fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

pub(super) fn step(title: &str) -> Step {
    Step {
        id: title.to_lowercase().replace(' ', "-"),
        title: title.to_string(),
        duration: None,
        sides: Vec::new(),
        sets: 1,
        rest: None,
        checklist: Vec::new(),
        days: None,
        optional: false,
        instructions: None,
        why: None,
        lead_in: None,
        picture: None,
    }
}

pub(super) fn timed(title: &str, seconds: u64) -> Step {
    Step {
        duration: Some(secs(seconds)),
        ..step(title)
    }
}

pub(super) fn stretch() -> Step {
    Step {
        sides: vec!["left leg".into(), "right leg".into()],
        sets: 3,
        rest: Some(secs(10)),
        ..timed("Calf stretch", 30)
    }
}

pub(super) fn checklist(title: &str, items: usize) -> Step {
    Step {
        checklist: (0..items).map(|i| format!("item {i}")).collect(),
        ..step(title)
    }
}

pub(super) fn cues(effects: &[Effect]) -> Vec<Cue> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Cue(cue) => Some(cue.clone()),
            _ => None,
        })
        .collect()
}

pub(super) fn ended(effects: &[Effect]) -> Vec<(usize, StepResult)> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::StepEnded { index, result } => Some((*index, *result)),
            _ => None,
        })
        .collect()
}

pub(super) fn hold(set: u32, side: &str) -> Segment {
    Segment::Hold {
        set,
        sets: 3,
        side: Some(side.to_string()),
    }
}

#[test]
fn timed_step_expands_into_sets_per_side_with_rests() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![stretch()], t0);
    let first = session.update(Action::Tick, t0);
    assert_eq!(
        cues(&first),
        vec![
            Cue::Next("Calf stretch".into()),
            Cue::Side("left leg".into())
        ]
    );

    let mut seen = vec![session.segment()];
    let mut heard = Vec::new();
    let mut at = t0;
    while !session.is_finished() {
        at += session.remaining(at).expect("timed");
        heard.extend(cues(&session.update(Action::Tick, at)));
        seen.push(session.segment());
    }
    let expected = vec![
        Some(hold(1, "left leg")),
        Some(Segment::Rest),
        Some(hold(2, "left leg")),
        Some(Segment::Rest),
        Some(hold(3, "left leg")),
        Some(Segment::Rest),
        Some(hold(1, "right leg")),
        Some(Segment::Rest),
        Some(hold(2, "right leg")),
        Some(Segment::Rest),
        Some(hold(3, "right leg")),
        None,
    ];
    assert_eq!(seen, expected);
    assert_eq!(heard.iter().filter(|cue| **cue == Cue::Rest).count(), 5);
    assert!(heard.contains(&Cue::SwitchSides("right leg".into())));
    assert_eq!(heard.last(), Some(&Cue::Done));
    // 6 holds of 30 s and 5 rests of 10 s.
    assert_eq!(at - t0, secs(230));
    assert_eq!(stretch().timed_length(), secs(230));
}

#[test]
fn advances_exactly_at_the_deadline() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![timed("Rub", 120), step("Water")], t0);
    session.update(Action::Tick, t0 + secs(120) - Duration::from_nanos(1));
    assert_eq!(session.position(), 0);
    assert_eq!(
        session.remaining(t0 + secs(120) - Duration::from_nanos(1)),
        Some(Duration::from_nanos(1))
    );
    let effects = session.update(Action::Tick, t0 + secs(120));
    assert_eq!(session.position(), 1);
    assert_eq!(
        ended(&effects),
        vec![(
            0,
            StepResult {
                outcome: Outcome::Done,
                active: secs(120),
                holds: Some(Holds {
                    held: secs(120),
                    full: 1,
                    planned: 1
                })
            }
        )]
    );
    assert!(session.is_waiting());
}

#[test]
fn pause_consumes_no_time() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![timed("Rub", 120)], t0);
    session.update(Action::TogglePause, t0 + secs(20));
    assert!(session.is_paused());
    assert_eq!(session.next_change(t0 + secs(20)), None);
    session.update(Action::Tick, t0 + secs(620));
    assert_eq!(session.remaining(t0 + secs(620)), Some(secs(100)));
    session.update(Action::TogglePause, t0 + secs(620));
    assert!(!session.is_paused());
    assert_eq!(session.remaining(t0 + secs(650)), Some(secs(70)));
    let effects = session.update(Action::Tick, t0 + secs(720));
    assert_eq!(ended(&effects)[0].1.active, secs(120));
    assert!(session.is_finished());
}

#[test]
fn add_and_take_thirty_seconds_never_below_one() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![timed("Rub", 60)], t0);
    session.update(Action::AddTime, t0 + secs(10));
    assert_eq!(session.remaining(t0 + secs(10)), Some(secs(80)));
    assert_eq!(session.segment_length(), Some(secs(90)));
    session.update(Action::TakeTime, t0 + secs(10));
    session.update(Action::TakeTime, t0 + secs(10));
    assert_eq!(session.remaining(t0 + secs(10)), Some(secs(20)));
    session.update(Action::TakeTime, t0 + secs(10));
    assert_eq!(session.remaining(t0 + secs(10)), Some(secs(1)));
    assert_eq!(session.segment_length(), Some(secs(11)));

    // While paused too.
    session.update(Action::TogglePause, t0 + secs(10));
    session.update(Action::AddTime, t0 + secs(50));
    assert_eq!(session.remaining(t0 + secs(99)), Some(secs(31)));
}

#[test]
fn next_finishes_a_hold_or_rest_early() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![stretch()], t0);
    session.update(Action::Finish, t0 + secs(5));
    assert_eq!(session.segment(), Some(Segment::Rest));
    assert_eq!(session.remaining(t0 + secs(5)), Some(secs(10)));
    session.update(Action::Finish, t0 + secs(6));
    assert_eq!(session.segment(), Some(hold(2, "left leg")));
    assert_eq!(session.remaining(t0 + secs(6)), Some(secs(30)));
}

#[test]
fn moving_on_records_the_time_held_and_back_returns_keeping_the_result() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![timed("Soak", 900), step("Water")], t0);
    let effects = session.update(Action::Skip, t0 + secs(3));
    assert_eq!(
        ended(&effects),
        vec![(
            0,
            StepResult {
                outcome: Outcome::CutShort,
                active: secs(3),
                holds: Some(Holds {
                    held: secs(3),
                    full: 0,
                    planned: 1
                })
            }
        )]
    );
    assert_eq!(session.position(), 1);

    let effects = session.update(Action::Back, t0 + secs(4));
    assert!(ended(&effects).is_empty());
    assert_eq!(session.position(), 0);
    assert_eq!(
        session.results()[0].map(|r| r.outcome),
        Some(Outcome::CutShort)
    );
    assert_eq!(session.remaining(t0 + secs(4)), Some(secs(900)));

    // Back on the first step restarts it.
    session.update(Action::Back, t0 + secs(100));
    assert_eq!(session.remaining(t0 + secs(100)), Some(secs(900)));
}

#[test]
fn one_late_tick_chains_through_several_steps() {
    let t0 = Instant::now();
    let steps = vec![
        timed("A", 10),
        timed("B", 20),
        timed("C", 30),
        step("Water"),
    ];
    let mut session = Session::new(steps, t0);
    let effects = session.update(Action::Tick, t0 + secs(65));
    assert_eq!(session.position(), 3);
    let results = ended(&effects);
    assert_eq!(results.len(), 3);
    assert_eq!(results[2].1.active, secs(30));
    assert!(cues(&effects).contains(&Cue::Next("Water".into())));
}

fn hundred_steps() -> Vec<Step> {
    (0..100)
        .map(|i| timed(&format!("Step {i}"), 7 + i % 13))
        .collect()
}

#[test]
fn no_drift_over_a_hundred_steps_ticking_every_second() {
    let steps = hundred_steps();
    let total: Duration = steps.iter().map(Step::timed_length).sum();
    let t0 = Instant::now();
    let mut session = Session::new(steps, t0);
    let mut at = t0;
    // Each tick arrives a little late, as real wake-ups do.
    while !session.is_finished() {
        at += Duration::from_millis(1003);
        session.update(Action::Tick, at);
    }
    assert_eq!(session.elapsed(at), total);
    let active: Duration = session.results().iter().flatten().map(|r| r.active).sum();
    assert_eq!(active, total);
}

#[test]
fn no_drift_over_a_hundred_steps_with_one_tick() {
    let steps = hundred_steps();
    let total: Duration = steps.iter().map(Step::timed_length).sum();
    let t0 = Instant::now();
    let mut session = Session::new(steps, t0);
    session.update(Action::Tick, t0 + total - Duration::from_nanos(1));
    assert_eq!(session.position(), 99);
    session.update(Action::Tick, t0 + total + secs(3600));
    assert_eq!(session.elapsed(t0 + total + secs(7200)), total);
}

#[test]
fn next_change_is_the_next_whole_second_of_the_display() {
    let t0 = Instant::now();
    let session = Session::new(vec![timed("Rub", 30)], t0);
    assert_eq!(session.next_change(t0), Some(t0 + secs(1)));
    let at = t0 + Duration::from_millis(17_600);
    assert_eq!(session.next_change(at), Some(t0 + secs(18)));
    assert_eq!(session.next_change(t0 + secs(30)), Some(t0 + secs(30)));
}

#[test]
fn checklist_waits_for_the_user() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![checklist("Bedding", 3), step("Water")], t0);
    assert!(session.is_waiting());
    assert_eq!(session.next_change(t0), None);
    session.update(Action::ToggleItem(1), t0 + secs(2));
    session.update(Action::ToggleItem(7), t0 + secs(2));
    assert_eq!(session.checked(), &[false, true, false]);
    session.update(Action::ToggleItem(1), t0 + secs(3));
    assert_eq!(session.checked(), &[false, false, false]);
    session.update(Action::Tick, t0 + secs(3600));
    assert_eq!(session.position(), 0);
    let effects = session.update(Action::Finish, t0 + secs(3601));
    assert_eq!(ended(&effects)[0].1.outcome, Outcome::Done);
    assert_eq!(session.position(), 1);
    assert!(session.checked().is_empty());
}

#[test]
fn timed_checklist_waits_when_time_is_up_with_items_left() {
    let t0 = Instant::now();
    let soak = Step {
        checklist: vec!["a".into(), "b".into()],
        ..timed("Soak", 60)
    };
    let mut session = Session::new(vec![soak.clone(), step("Water")], t0);
    session.update(Action::ToggleItem(0), t0 + secs(10));
    let effects = session.update(Action::Tick, t0 + secs(60));
    assert_eq!(cues(&effects), vec![Cue::TimeUp]);
    assert!(session.is_waiting());
    assert_eq!(session.segment(), None);
    assert_eq!(session.position(), 0);

    // With every item ticked, the time running out ends the step.
    let mut session = Session::new(vec![soak, timed("Next", 5)], t0);
    session.update(Action::ToggleItem(0), t0 + secs(1));
    session.update(Action::ToggleItem(1), t0 + secs(1));
    session.update(Action::Tick, t0 + secs(60));
    assert_eq!(session.position(), 1);
    assert_eq!(session.remaining(t0 + secs(61)), Some(secs(4)));
}

#[test]
fn confirm_step_is_done_with_next() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![step("Water")], t0);
    let effects = session.update(Action::Finish, t0 + secs(4));
    assert_eq!(
        ended(&effects)[0].1,
        StepResult {
            outcome: Outcome::Done,
            active: secs(4),
            holds: Some(Holds::default())
        }
    );
    assert!(effects.contains(&Effect::Finished));
    assert!(cues(&effects).contains(&Cue::Done));
    assert!(session.is_finished());
}

#[test]
fn time_nobody_watched_on_a_step_without_a_timer_is_not_its_active_time() {
    // A glass of water on screen for 4 s, then eight hours asleep, then 3 s more.
    let t0 = Instant::now();
    let mut session = Session::new(vec![step("Water")], t0);
    session.update(
        Action::Unwatched {
            until: t0 + secs(4) + secs(8 * 3600),
        },
        t0 + secs(4),
    );
    let effects = session.update(Action::Finish, t0 + secs(4 + 8 * 3600 + 3));
    assert_eq!(ended(&effects)[0].1.outcome, Outcome::Done);
    assert_eq!(ended(&effects)[0].1.active, secs(7));
}

#[test]
fn time_nobody_watched_while_a_hold_is_paused_changes_nothing() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![timed("Rub", 120)], t0);
    session.update(Action::TogglePause, t0 + secs(20));
    session.update(
        Action::Unwatched {
            until: t0 + secs(620),
        },
        t0 + secs(20),
    );
    assert_eq!(session.remaining(t0 + secs(620)), Some(secs(100)));
    session.update(Action::TogglePause, t0 + secs(620));
    let effects = session.update(Action::Tick, t0 + secs(720));
    assert_eq!(ended(&effects)[0].1.active, secs(120));
}

#[test]
fn a_finished_session_ignores_all_but_back() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![step("Water"), step("Bed")], t0);
    session.update(Action::Finish, t0);
    session.update(Action::Finish, t0 + secs(1));
    assert!(session.is_finished());
    for action in [
        Action::Finish,
        Action::Skip,
        Action::TogglePause,
        Action::AddTime,
        Action::Tick,
    ] {
        assert!(session.update(action, t0 + secs(5)).is_empty());
    }
    assert_eq!(session.elapsed(t0 + secs(100)), secs(1));
    let effects = session.update(Action::Back, t0 + secs(6));
    assert!(ended(&effects).is_empty());
    assert_eq!(session.position(), 1);
    assert!(
        session.results()[1].is_some(),
        "kept until the step ends again"
    );
    assert!(!session.is_finished());
}

#[test]
fn remaining_total_counts_this_step_and_later_ones() {
    let t0 = Instant::now();
    let session = Session::new(vec![stretch(), step("Water"), timed("Rub", 120)], t0);
    assert_eq!(session.remaining_total(t0 + secs(10)), secs(230 - 10 + 120));
}

#[test]
fn thirty_minutes_of_display_changes_land_on_whole_seconds() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![timed("Soak", 30 * 60)], t0);
    let mut at = t0;
    let mut changes = 0u64;
    // Wake exactly when the display says it next changes, as the loop does,
    // a little late each time as real wake-ups are.
    while let Some(change) = session.next_change(at) {
        changes += 1;
        assert_eq!(
            change,
            t0 + secs(changes),
            "change {changes} is on its second"
        );
        at = change + Duration::from_micros(700);
        session.update(Action::Tick, at);
    }
    assert_eq!(changes, 30 * 60);
    assert!(session.is_finished());
    assert_eq!(session.elapsed(at), secs(30 * 60));
}
