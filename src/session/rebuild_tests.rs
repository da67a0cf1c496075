//! A session rebuilt from a snapshot, and steps reworded or replaced by a routine
//! edited mid-run: what has happened is kept, what does not fit is refused.

use std::time::Instant;

use super::tests::{checklist, hold, secs, step, stretch, timed};
use super::*;
use crate::routine::Step;

#[test]
fn snapshot_round_trips_and_misfits_are_refused() {
    let t0 = Instant::now();
    let steps = vec![step("Water"), stretch(), checklist("Bed", 2)];
    let mut session = Session::new(steps.clone(), t0);
    session.update(Action::Finish, t0 + secs(2));
    session.update(Action::Tick, t0 + secs(2 + 30 + 10 + 12));
    let snapshot = session.snapshot(t0 + secs(54));
    assert_eq!(snapshot.position, 1);
    assert_eq!(snapshot.segment, 2);
    assert_eq!(snapshot.remaining, Some(secs(18)));

    let later = t0 + secs(5000);
    let restored = Session::restore(steps.clone(), &snapshot, later).expect("fits");
    assert_eq!(restored.position(), 1);
    assert_eq!(restored.segment(), Some(hold(2, "left leg")));
    assert_eq!(restored.remaining(later), Some(secs(18)));
    assert_eq!(restored.results(), session.results());
    assert_eq!(restored.snapshot(later), snapshot);

    let mut paused = snapshot.clone();
    paused.paused = true;
    let restored = Session::restore(steps.clone(), &paused, later).expect("fits");
    assert!(restored.is_paused());

    assert!(Session::restore(steps[..2].to_vec(), &snapshot, later).is_none());
    let mut misfit = snapshot.clone();
    misfit.segment = 40;
    assert!(Session::restore(steps.clone(), &misfit, later).is_none());
    let mut misfit = snapshot;
    misfit.position = 2;
    misfit.remaining = None;
    misfit.segment = 0;
    assert!(
        Session::restore(steps, &misfit, later).is_none(),
        "checklist length differs"
    );
}

#[test]
fn replacing_upcoming_steps_keeps_the_past_and_the_present() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![step("Water"), stretch(), step("Bed")], t0);
    session.update(Action::Finish, t0 + secs(1));
    session.update(Action::Tick, t0 + secs(12));
    let before = session.remaining(t0 + secs(12));
    session.replace_upcoming(vec![timed("Walk", 60), checklist("Bedding", 2)]);
    assert_eq!(session.position(), 1);
    assert_eq!(session.remaining(t0 + secs(12)), before);
    assert_eq!(session.results().len(), 4);
    assert!(session.results()[0].is_some());
    let titles: Vec<&str> = session.steps().iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Water", "Calf stretch", "Walk", "Bedding"]);
    session.update(Action::Skip, t0 + secs(13));
    assert_eq!(session.remaining(t0 + secs(13)), Some(secs(60)));
}

#[test]
fn rewording_the_step_under_way_keeps_its_timer_and_ticks() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![stretch(), checklist("Bedding", 2)], t0);
    session.update(Action::Tick, t0 + secs(12));
    let before = session.remaining(t0 + secs(12));
    let reworded = Step {
        instructions: Some("Heel down, lean in.".into()),
        duration: Some(secs(90)),
        ..stretch()
    };
    assert!(session.reword_current(&reworded));
    let current = session.current_step().expect("a step under way");
    assert_eq!(current.instructions.as_deref(), Some("Heel down, lean in."));
    assert_eq!(current.duration, Some(secs(30)), "the timing stays");
    assert_eq!(session.remaining(t0 + secs(12)), before);
    assert!(
        !session.reword_current(&reworded),
        "nothing new the second time"
    );
    assert!(
        !session.reword_current(&checklist("Bedding", 2)),
        "another step is not this one"
    );
}

#[test]
fn a_later_step_already_ended_keeps_its_result_through_a_reload() {
    let t0 = Instant::now();
    let mut session = Session::new(vec![step("Water"), step("Rub"), step("Socks")], t0);
    session.update(Action::Finish, t0 + secs(1));
    session.update(Action::Finish, t0 + secs(2));
    // Back to the water: the rub keeps its result.
    session.update(Action::BackStep, t0 + secs(3));
    session.update(Action::BackStep, t0 + secs(3));
    assert_eq!(session.position(), 0);
    session.replace_upcoming(vec![step("Socks"), step("Rub")]);
    let kept: Vec<(&str, bool)> = session
        .steps()
        .iter()
        .zip(session.results())
        .map(|(step, result)| (step.title.as_str(), result.is_some()))
        .collect();
    assert_eq!(kept, [("Water", true), ("Socks", false), ("Rub", true)]);
}
