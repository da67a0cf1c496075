//! Where a run stopped by a crash goes on, read back through the store and the
//! pickup as a start-up does: a place saved in a step whose holds the file changed
//! since (a live edit the step under way did not take up) starts that step again and
//! says so; a place saved in a step the user had gone back to stays in that step.

use std::time::{Duration, Instant};

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use winddown::journal::{Pickup, RoutineKey};
use winddown::model::{NewRun, RunId, StepRecord};
use winddown::routine::{Step, parse};
use winddown::session::{Action, Outcome, Segment, Session, StepResult, plan_key};
use winddown::store::{DB_FILE, StepPlace, Store};

fn night() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

/// "Calf" (ten-minute holds on `sides`, `sets` each, no lead-in, no rest), then "Ham".
fn legs(sides: &str, sets: u32) -> Vec<Step> {
    parse(&format!(
        "name = \"Legs\"\n\n[[step]]\nid = \"calf\"\ntitle = \"Calf\"\nduration = \"10m\"\n\
         lead_in = \"0s\"\nsides = {sides}\nsets = {sets}\n\n[[step]]\nid = \"ham\"\n\
         title = \"Ham\"\n"
    ))
    .expect("routine")
    .tonight(night())
}

/// The routine's key: the run took up the edited text (a live edit rehashes it), so
/// the hash alone never tells that the step under way ran other holds.
fn key() -> RoutineKey {
    RoutineKey {
        id: "legs".to_string(),
        hash: "edited".to_string(),
    }
}

fn start(store: &mut Store, steps: usize) -> RunId {
    let started_at = FixedOffset::east_opt(3600)
        .expect("offset")
        .with_ymd_and_hms(2026, 11, 26, 21, 30, 0)
        .single()
        .expect("time");
    store
        .start_run(&NewRun {
            routine_id: "legs".to_string(),
            routine_name: "Legs".to_string(),
            routine_hash: "edited".to_string(),
            night: night(),
            started_at,
            step_count: steps,
        })
        .expect("start")
}

/// Calf's second left hold under way, saved as the session (on the routine as it
/// was) has it; then the pickup over `now`, the routine as the file has it after.
fn second_left_hold_saved_then_picked_up_over(now: &[Step]) -> Pickup {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join(DB_FILE)).expect("open");
    let before = legs("[\"left\", \"right\"]", 2);
    let run = start(&mut store, before.len());
    let t0 = Instant::now();
    let mut session = Session::new(before.clone(), t0);
    session.update(Action::Finish, t0 + Duration::from_secs(20));
    let plan = plan_key(&before[0]);
    let step = StepPlace {
        id: "calf",
        plan: &plan,
    };
    let at = t0 + Duration::from_secs(50);
    store
        .save_progress(run, Some(step), &session.snapshot(at), Utc::now())
        .expect("save");
    Pickup::find(&store, &key(), now, night(), Instant::now())
}

/// The hold a pickup's run goes on with.
fn resumed_hold(pickup: &Pickup) -> Option<Segment> {
    let interrupted = pickup.unfinished.as_ref().expect("the run is offered");
    Session::restore(
        interrupted.steps.clone(),
        &interrupted.snapshot,
        Instant::now(),
    )
    .expect("restores")
    .segment()
}

fn hold(set: u32, sets: u32, side: &str) -> Option<Segment> {
    Some(Segment::Hold {
        set,
        sets,
        side: Some(side.to_string()),
    })
}

#[test]
fn a_place_in_holds_the_file_changed_since_starts_that_step_again_and_says_so() {
    // Left and right become right only: the saved second hold would be "right, set 2".
    let pickup = second_left_hold_saved_then_picked_up_over(&legs("[\"right\"]", 2));
    assert_eq!(resumed_hold(&pickup), hold(1, 2, "right"));
    let interrupted = pickup.unfinished.as_ref().expect("offered");
    assert_eq!(interrupted.snapshot.position, 0);
    assert!(interrupted.step_changed);
    assert_eq!(
        interrupted.restarted_words().as_deref(),
        Some("\"Calf\" was changed while it was under way: it starts again from its first hold.")
    );
    // Two sets a side become one: the saved second hold would be the right one.
    let pickup = second_left_hold_saved_then_picked_up_over(&legs("[\"left\", \"right\"]", 1));
    assert_eq!(resumed_hold(&pickup), hold(1, 1, "left"));
}

#[test]
fn a_place_in_holds_the_file_still_has_goes_on_where_it_stood() {
    let pickup = second_left_hold_saved_then_picked_up_over(&legs("[\"left\", \"right\"]", 2));
    assert_eq!(resumed_hold(&pickup), hold(2, 2, "left"));
    let interrupted = pickup.unfinished.as_ref().expect("offered");
    assert!(!interrupted.step_changed);
    assert_eq!(interrupted.restarted_words(), None);
}

fn done(id: &str) -> StepRecord {
    StepRecord {
        step_id: id.to_string(),
        title: format!("Step {id}"),
        result: StepResult {
            outcome: Outcome::Done,
            active: Duration::from_secs(3),
            holds: None,
        },
        at: Utc::now(),
    }
}

#[test]
fn a_place_in_a_step_gone_back_to_stays_there_until_it_ends_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join(DB_FILE)).expect("open");
    let steps = parse(
        "name = \"Legs\"\n\n[[step]]\nid = \"a\"\ntitle = \"Step a\"\n\n[[step]]\nid = \"b\"\n\
         title = \"Step b\"\n",
    )
    .expect("routine")
    .tonight(night());
    let run = start(&mut store, 2);
    // a is confirmed (its result stored), then B goes back to it.
    let t0 = Instant::now();
    let mut session = Session::new(steps.clone(), t0);
    session.update(Action::Finish, t0 + Duration::from_secs(3));
    store.record_step(run, 0, &done("a")).expect("a's result");
    session.update(Action::BackStep, t0 + Duration::from_secs(5));
    assert_eq!(session.position(), 0);
    let step = StepPlace { id: "a", plan: "" };
    store
        .save_progress(run, Some(step), &session.snapshot(t0), Utc::now())
        .expect("save");
    let offered = |store: &Store| {
        let pickup = Pickup::find(store, &key(), &steps, night(), Instant::now());
        let interrupted = pickup.unfinished.expect("offered");
        interrupted.next_step().map(|step| step.id.clone())
    };
    assert_eq!(offered(&store).as_deref(), Some("a"));
    // a is confirmed again and its result stored, then a crash before the place
    // moved on: the run goes on after it, never repeating it.
    store.record_step(run, 0, &done("a")).expect("a again");
    assert_eq!(offered(&store).as_deref(), Some("b"));
}
