//! Tonight's unfinished run when the routine on disk no longer matches it: steps
//! removed, reordered or renamed since the run began. Start-up never fails over it,
//! results are matched to steps by id, and resuming keeps every stored result.
//! The database is read back with this file's own SQL, not the store's.

use crate::support;

use std::time::{Duration, Instant};

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use support::on_disk::{all_done, routine_of, stored_results, the_run};
use winddown::journal::{Journal, Pickup, RoutineKey};
use winddown::model::{NewRun, RunId, StepRecord};
use winddown::routine::{Step, parse};
use winddown::session::{Effect, Outcome, Session, Snapshot, StepResult};
use winddown::store::{DB_FILE, StepPlace, Store};

fn night() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

/// A routine of untimed steps with these ids, each titled after its id.
/// 22:00 on the evening of [`night`], the wall clock the journal stamps with.
fn evening() -> chrono::NaiveDateTime {
    night().and_hms_opt(22, 0, 0).expect("valid time")
}

fn steps(ids: &[&str]) -> Vec<Step> {
    parse(&routine_of(ids))
        .expect("test routine")
        .tonight(night())
}

fn key(hash: &str) -> RoutineKey {
    RoutineKey {
        id: "quick".to_string(),
        hash: hash.to_string(),
    }
}

fn done(id: &str) -> StepRecord {
    StepRecord {
        step_id: id.to_string(),
        title: format!("Step {id}"),
        result: StepResult {
            outcome: Outcome::Done,
            active: Duration::from_secs(30),
            holds: None,
        },
        at: Utc::now(),
    }
}

/// A run of `ran` (the routine as it was, hash "then") with the first `finished`
/// steps done and its place saved at step `position`.
fn stored_run(store: &mut Store, ran: &[&str], finished: usize, position: usize) -> RunId {
    let started_at = FixedOffset::east_opt(3600)
        .expect("offset")
        .with_ymd_and_hms(2026, 11, 26, 21, 30, 0)
        .single()
        .expect("time");
    let run = store
        .start_run(&NewRun {
            routine_id: "quick".to_string(),
            routine_name: "Quick".to_string(),
            routine_hash: "then".to_string(),
            night: night(),
            started_at,
            step_count: ran.len(),
        })
        .expect("start");
    for (index, id) in ran.iter().take(finished).enumerate() {
        store.record_step(run, index, &done(id)).expect("record");
    }
    store
        .save_progress(run, None, &place_at(position), Utc::now())
        .expect("save progress");
    run
}

/// A saved place at the start of step `position` (results are not read from it).
fn place_at(position: usize) -> Snapshot {
    Snapshot {
        position,
        segment: 0,
        remaining: None,
        paused: false,
        checked: Vec::new(),
        results: Vec::new(),
        length: None,
        held: Duration::ZERO,
        full: Vec::new(),
    }
}

#[test]
fn a_run_saved_past_the_end_of_a_shorter_routine_is_offered_not_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join(DB_FILE)).expect("open");
    stored_run(&mut store, &["a", "b", "c", "d", "e", "f"], 5, 5);
    // The routine now has three steps: two it had (a, c) and a new one.
    let now = steps(&["a", "c", "g"]);
    let pickup = Pickup::find(&store, &key("now"), &now, night(), Instant::now());
    let interrupted = pickup.unfinished.as_ref().expect("the run is offered");
    let older = interrupted
        .older
        .as_ref()
        .expect("told it ran an older version");
    assert_eq!(older.done, 5, "every step done tonight counts, kept or not");
    let order: Vec<&str> = interrupted.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(order, ["a", "c", "g"]);
    assert_eq!(
        interrupted.snapshot.position, 2,
        "continues at the new step"
    );
    assert!(interrupted.snapshot.results[0].is_some());
    assert!(interrupted.snapshot.results[1].is_some());
    assert!(interrupted.snapshot.results[2].is_none());
}

#[test]
fn a_stored_step_id_the_routine_no_longer_has_is_matched_by_id_not_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join(DB_FILE)).expect("open");
    stored_run(&mut store, &["x", "y", "z"], 2, 2);
    // "y" was renamed "w": step 2 of the routine now is not the step done second.
    let now = steps(&["x", "w", "z"]);
    let pickup = Pickup::find(&store, &key("now"), &now, night(), Instant::now());
    let interrupted = pickup.unfinished.as_ref().expect("the run is offered");
    assert_eq!(interrupted.older.as_ref().map(|older| older.done), Some(2));
    let at = &interrupted.steps[interrupted.snapshot.position];
    assert_eq!(at.id, "w", "the first step without a stored result");
    let results: Vec<(&str, bool)> = interrupted
        .steps
        .iter()
        .zip(&interrupted.snapshot.results)
        .map(|(step, result)| (step.id.as_str(), result.is_some()))
        .collect();
    assert_eq!(results, [("x", true), ("w", false), ("z", false)]);
}

#[test]
fn a_reordered_routine_resumes_at_its_first_step_not_done_and_never_repeats_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join(DB_FILE)).expect("open");
    stored_run(&mut store, &["a", "b", "c", "d"], 2, 2);
    let now = steps(&["d", "b", "c", "a"]);
    let pickup = Pickup::find(&store, &key("now"), &now, night(), Instant::now());
    let interrupted = pickup.unfinished.as_ref().expect("the run is offered");
    let order: Vec<&str> = interrupted.steps.iter().map(|s| s.id.as_str()).collect();
    // What was done first, then what is left in the routine's new order.
    assert_eq!(order, ["a", "b", "d", "c"]);
    assert_eq!(interrupted.snapshot.position, 2);
}

#[test]
fn the_same_routine_resumes_exactly_where_it_stood() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join(DB_FILE)).expect("open");
    stored_run(&mut store, &["a", "b", "c"], 1, 1);
    let now = steps(&["a", "b", "c"]);
    let pickup = Pickup::find(&store, &key("then"), &now, night(), Instant::now());
    let interrupted = pickup.unfinished.as_ref().expect("the run is offered");
    assert!(interrupted.older.is_none(), "the same version");
    assert_eq!(interrupted.snapshot.position, 1);
}

#[test]
fn a_place_naming_another_step_than_the_routine_has_there_resumes_in_the_named_step() {
    // The run (a, b, d, c after a live edit) stood in d at position 2 when it stopped;
    // the file, saved back to a, b, c, d, hashes as the run began. Position 2 is c
    // there: the run must go on in d, not give c d's place.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join(DB_FILE)).expect("open");
    let run = stored_run(&mut store, &["a", "b", "d", "c"], 2, 2);
    store
        .save_progress(
            run,
            Some(StepPlace { id: "d", plan: "" }),
            &place_at(2),
            Utc::now(),
        )
        .expect("save progress");
    let now = steps(&["a", "b", "c", "d"]);
    let pickup = Pickup::find(&store, &key("then"), &now, night(), Instant::now());
    let interrupted = pickup.unfinished.as_ref().expect("the run is offered");
    assert_eq!(interrupted.next_step().map(|s| s.id.as_str()), Some("d"));
    let order: Vec<&str> = interrupted.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(order, ["a", "b", "d", "c"]);
}

#[test]
fn resuming_an_older_run_keeps_every_stored_result_and_adds_the_new_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = dir.path().join(DB_FILE);
    let mut store = Store::open(&database).expect("open");
    stored_run(&mut store, &["a", "b", "c", "d", "e", "f"], 5, 5);
    let now = steps(&["a", "c", "g"]);
    let start = Instant::now();
    let mut pickup = Pickup::find(&store, &key("now"), &now, night(), start);
    let resumable = pickup.resumable();
    let interrupted = pickup.unfinished.take().expect("offered");
    let mut session =
        Session::restore(interrupted.steps, &interrupted.snapshot, start).expect("restores");
    let mut journal = Journal::new(&mut store, key("now"), night(), resumable);
    journal.resume();
    let effects = session.update(winddown::session::Action::Finish, start);
    for effect in &effects {
        journal
            .write_effect(effect, &session, evening())
            .expect("written");
    }
    assert!(
        effects.contains(&Effect::Finished),
        "the last step ends the run: {effects:?}"
    );
    assert_eq!(
        stored_results(&database),
        all_done(&["a", "b", "c", "d", "e", "g"])
    );
    let (_, count, _, within) = the_run(&database);
    assert!(within, "every result within the run's {count} steps");
}

#[test]
fn a_resumed_older_run_then_stopped_again_is_offered_as_of_the_routine_it_went_on_with() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = dir.path().join(DB_FILE);
    let mut store = Store::open(&database).expect("open");
    stored_run(&mut store, &["a", "b", "c"], 1, 1);
    let now = steps(&["c", "b", "a"]);
    let start = Instant::now();
    let mut pickup = Pickup::find(&store, &key("now"), &now, night(), start);
    let interrupted = pickup.unfinished.take().expect("offered");
    assert!(interrupted.older.is_some(), "begun on the older text");
    let resumable = pickup.resumable();
    let session =
        Session::restore(interrupted.steps, &interrupted.snapshot, start).expect("restores");
    let mut journal = Journal::new(&mut store, key("now"), night(), resumable);
    journal.resume();
    journal
        .save_progress(&session, start, evening(), true, false)
        .expect("saved");
    drop(journal);
    let hash: String = rusqlite::Connection::open(&database)
        .expect("open")
        .query_row("SELECT routine_hash FROM runs", [], |row| row.get(0))
        .expect("the run");
    assert_eq!(hash, "now");
    let again = Pickup::find(&store, &key("now"), &now, night(), start);
    let interrupted = again.unfinished.expect("offered again");
    assert!(interrupted.older.is_none(), "it went on with this text");
    assert_eq!(interrupted.next_step().map(|s| s.id.as_str()), Some("c"));
}

#[test]
fn a_place_saved_past_the_run_s_steps_is_no_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join(DB_FILE)).expect("open");
    // Saved at step 6 of a 3-step run: the place belongs to no step of it.
    stored_run(&mut store, &["a", "b", "c"], 1, 5);
    let now = steps(&["a", "b", "c"]);
    let pickup = Pickup::find(&store, &key("then"), &now, night(), Instant::now());
    assert!(pickup.trouble.is_none(), "{:?}", pickup.trouble);
    let interrupted = pickup.unfinished.as_ref().expect("the run is offered");
    assert_eq!(interrupted.next_step().map(|s| s.id.as_str()), Some("b"));
}
