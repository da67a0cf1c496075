//! An experiment night by night, the whole app driven in process on a fake clock:
//! tonight's plan leaves its step out or keeps it, the night rolls over at 04:00, a
//! rest night counts as missing, the step taken out of the routine and put back pauses
//! and resumes it, and a run cut off mid-night resumes over the same plan. And the
//! nights' dates across both daylight-saving changes, under a real zone rule.

use crate::support;

use std::process::Command;

use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};
use ratatui::crossterm::event::KeyCode;

use support::in_process::{ENTER, FakeClock, Home, Script, drive, evening, evening_at};
use winddown::model::{Arm, Design, Experiment, SeedSource, Standing};
use winddown::routine::night_of;
use winddown::store::DEFAULT_ROLLOVER;
use winddown::tui::{Incoming, Opening};

/// An evening of three steps to confirm, the rub first.
const EVENING: &str = "name = \"Evening\"\n\n[[step]]\nid = \"rub\"\ntitle = \"Rub\"\n\n\
                       [[step]]\nid = \"water\"\ntitle = \"Water\"\n\n\
                       [[step]]\nid = \"covers\"\ntitle = \"Loose covers\"\n";

/// The same evening without the rub.
const WITHOUT_RUB: &str = "name = \"Evening\"\n\n[[step]]\nid = \"water\"\ntitle = \"Water\"\n\n\
                           [[step]]\nid = \"covers\"\ntitle = \"Loose covers\"\n";

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, day).expect("a March date")
}

/// 2 pairs of 1-night blocks on the rub from Monday 1 March: with, without, without, with.
fn experiment(start: NaiveDate) -> Experiment {
    Experiment {
        routine_id: "evening".into(),
        step_id: "rub".into(),
        step_title: "Rub".into(),
        design: Design {
            pairs: 2,
            block_nights: 1,
            washout_nights: 0,
        },
        blocks: vec![Arm::With, Arm::Without, Arm::Without, Arm::With],
        seed: 5,
        seed_source: SeedSource::Given,
        start,
        created_at: Utc
            .with_ymd_and_hms(2027, 3, 1, 18, 0, 0)
            .single()
            .expect("time"),
        pauses: Vec::new(),
        stop: None,
    }
}

/// A home with the evening routine and the experiment started on 1 March.
fn home_with_experiment() -> (Home, std::path::PathBuf) {
    let home = Home::new();
    let file = home.routine("evening", EVENING);
    home.store()
        .start_experiment(&experiment(date(1)), date(1))
        .expect("start");
    (home, file)
}

/// The home screen at 21:00 on `night`, and the app quit at once.
fn home_screen(home: &Home, file: &std::path::Path, night: NaiveDate) -> String {
    let clock = FakeClock::at(evening_at(night));
    let script = Script::new(&clock).key(1.0, KeyCode::Char('q'));
    let mut store = home.store();
    let done = drive(
        evening(home, file, night, Opening::Home),
        &mut store,
        &clock,
        script,
    );
    done.end.expect("the app ran");
    done.screen
}

#[test]
fn tonight_s_plan_keeps_the_step_on_a_with_night_and_leaves_it_out_on_a_without_night() {
    let (home, file) = home_with_experiment();
    let with = home_screen(&home, &file, date(1));
    assert!(with.contains("  Rub  "), "{with}");
    assert!(with.contains("3 steps"), "{with}");
    assert!(
        with.contains("Experiment: Rub — tonight with (night 1 of 4)"),
        "{with}"
    );
    let without = home_screen(&home, &file, date(2));
    assert!(!without.contains("  Rub  "), "{without}");
    assert!(without.contains("2 steps"), "{without}");
    assert!(without.contains("  Water"), "{without}");
    // Night 1 has passed with no check-in: missing, not zero.
    assert!(
        without.contains("Experiment: Rub — tonight without (night 2 of 4) · 1 check-in missing"),
        "{without}"
    );
}

#[test]
fn every_form_of_the_home_line_says_what_tonight_is_with_or_without() {
    // The shorter forms are for a narrow window; "Experiment: tonight with" left the
    // reader asking with what.
    let (home, _) = home_with_experiment();
    let store = home.store();
    for (night, arm) in [(date(1), "with"), (date(2), "without")] {
        let reading = winddown::experiment::Reading::latest(&store, night)
            .expect("read")
            .expect("an experiment");
        let forms = winddown::experiment::home_line_forms(&reading);
        for form in &forms {
            assert!(
                form.contains(&format!("{arm} Rub"))
                    || form.contains(&format!("Rub — tonight {arm} ")),
                "{form:?} does not say what tonight is {arm}"
            );
        }
        assert_eq!(forms.last(), Some(&format!("Experiment: {arm} Rub")));
    }
}

#[test]
fn at_the_rollover_the_open_app_moves_to_the_next_night_s_plan() {
    let (home, file) = home_with_experiment();
    // Open on night 1 (with) at 21:00; 04:00 is 7 hours on, and night 2 is without.
    let clock = FakeClock::at(evening_at(date(1)));
    let script = Script::new(&clock).key(7.0 * 3600.0 + 60.0, KeyCode::Char('q'));
    let mut store = home.store();
    let done = drive(
        evening(&home, &file, date(1), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    done.end.expect("the app ran");
    let screen = done.screen;
    assert!(screen.contains("Tonight · Tue 2 March"), "{screen}");
    assert!(!screen.contains("  Rub  "), "{screen}");
    assert!(
        screen.contains("tonight without (night 2 of 4) · 1 check-in missing"),
        "{screen}"
    );
}

#[test]
fn a_rest_night_counts_as_missing_even_with_a_check_in() {
    let (home, file) = home_with_experiment();
    // Night 1: a rest night, declared on the home screen, and a check-in all the same.
    let clock = FakeClock::at(evening_at(date(1)));
    let script = Script::new(&clock)
        .key(1.0, KeyCode::Char('r'))
        .key(2.0, KeyCode::Char('i'))
        .key(2.1, KeyCode::Char('l'))
        .key(2.2, KeyCode::Char('l'))
        .key(3.0, ENTER)
        .key(4.0, KeyCode::Char('q'));
    let mut store = home.store();
    drive(
        evening(&home, &file, date(1), Opening::Home),
        &mut store,
        &clock,
        script,
    )
    .end
    .expect("the app ran");
    let checkin = winddown::model::CheckIn {
        night: date(1),
        cramps: 1,
        severity: None,
        severity_unsure: false,
        leg: None,
        minutes: None,
        note: None,
    };
    store.save_checkin(&checkin, Utc::now()).expect("check-in");
    let screen = home_screen(&home, &file, date(2));
    assert!(
        screen.contains("(night 2 of 4) · 1 check-in missing"),
        "{screen}"
    );
    let reading = winddown::experiment::Reading::latest(&store, date(5))
        .expect("read")
        .expect("an experiment");
    let result = reading.result();
    assert_eq!(
        result.missing_checkins, 4,
        "the rest night and three unanswered"
    );
    assert_eq!(
        result.adherence.with_nights, 1,
        "night 4 only: night 1 rested"
    );
}

#[test]
fn the_step_taken_out_while_the_app_is_open_pauses_it_and_put_back_resumes_it() {
    let (home, file) = home_with_experiment();
    // Night 2 (without), the app open: the rub is taken out of the file.
    let clock = FakeClock::at(evening_at(date(2)));
    let edited = file.clone();
    let script = Script::new(&clock)
        .meanwhile(1.0, move || {
            std::fs::write(&edited, WITHOUT_RUB).expect("edit");
        })
        .at(1.0, Incoming::RoutineChanged)
        .key(5.0, KeyCode::Char('q'));
    let mut store = home.store();
    let done = drive(
        evening(&home, &file, date(2), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    done.end.expect("the app ran");
    assert!(
        done.screen
            .contains("Experiment paused: Rub is not in the routine; put it back to go on"),
        "{}",
        done.screen
    );
    let (_, stored) = store.latest_experiment().expect("read").expect("one");
    assert_eq!(stored.standing(date(3)), Standing::Paused);
    // Put back, and the app opened two nights later: nights 2 and 3 stood still, so
    // tonight (the 4th) is night 2 of the schedule, a "without" night.
    std::fs::write(&file, EVENING).expect("put back");
    let screen = home_screen(&home, &file, date(4));
    assert!(
        screen.contains("Experiment: Rub — tonight without (night 2 of 4)"),
        "{screen}"
    );
    assert!(!screen.contains("  Rub  "), "{screen}");
    let (_, stored) = store.latest_experiment().expect("read").expect("one");
    assert_eq!(stored.last_night(date(4)), Some(date(6)));
}

#[test]
fn a_run_cut_off_mid_night_resumes_over_the_same_plan_without_the_step() {
    let (home, file) = home_with_experiment();
    // Night 2 (without): the run starts over Water and Loose covers, Water is confirmed,
    // and the app is killed.
    let clock = FakeClock::at(evening_at(date(2)));
    let script = Script::new(&clock)
        .key(1.0, ENTER)
        .key(2.0, ENTER)
        .at(3.0, Incoming::Signal(9));
    let mut store = home.store();
    drive(
        evening(&home, &file, date(2), Opening::Home),
        &mut store,
        &clock,
        script,
    )
    .end
    .expect("the app ran");
    let screen = home_screen(&home, &file, date(2));
    assert!(
        screen.contains("Resume at \"Loose covers\" (step 2 of 2)"),
        "{screen}"
    );
    let runs = store.runs(Some(date(2)), date(2)).expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].step_count, 2, "the plan without the rub");
}

const CENTRAL_EUROPE: &str = "CET-1CEST,M3.5.0,M10.5.0/3";
const CHILD: &str = "WINDDOWN_TEST_TZ_CHILD";

/// The child half, run with `TZ` set by `the_nights_of_an_experiment_are_whole_across_dst`.
#[test]
#[ignore = "run as a subprocess with TZ set"]
fn child_walks_an_experiment_across_both_clock_changes() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    // TZ was honoured: winter and summer offsets differ.
    let offset = |at: DateTime<Utc>| {
        chrono::Offset::fix(at.with_timezone(&Local).offset()).local_minus_utc()
    };
    assert_eq!(
        offset(Utc.with_ymd_and_hms(2027, 1, 15, 12, 0, 0).unwrap()),
        3600
    );
    assert_eq!(
        offset(Utc.with_ymd_and_hms(2027, 7, 15, 12, 0, 0).unwrap()),
        7200
    );
    // Clocks go forward on Sunday 28 March 2027 and back on Sunday 31 October 2027.
    for first in [
        NaiveDate::from_ymd_opt(2027, 3, 26).expect("date"),
        NaiveDate::from_ymd_opt(2027, 10, 29).expect("date"),
    ] {
        let experiment = experiment(first);
        // Every ten minutes from noon on the first day, in UTC, for four days.
        let start = first.and_hms_opt(12, 0, 0).expect("noon").and_utc();
        let mut seen: Vec<(NaiveDate, u32)> = Vec::new();
        for step in 0..(4 * 24 * 6) {
            let at = start + chrono::Duration::minutes(10 * step);
            let night = night_of(at.with_timezone(&Local).naive_local(), DEFAULT_ROLLOVER);
            if let Standing::Tonight(planned) = experiment.standing(night)
                && seen.last() != Some(&(night, planned.slot.number))
            {
                seen.push((night, planned.slot.number));
            }
        }
        // Each evening is one night of the schedule, in order, none skipped or repeated.
        let expected: Vec<(NaiveDate, u32)> = (0..4)
            .map(|offset| (first + chrono::Days::new(offset), offset as u32 + 1))
            .collect();
        assert_eq!(seen, expected, "from {first}");
    }
}

#[test]
fn the_nights_of_an_experiment_are_whole_across_dst() {
    let output = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "experiment_nights::child_walks_an_experiment_across_both_clock_changes",
            "--ignored",
            "--test-threads=1",
        ])
        .env("TZ", CENTRAL_EUROPE)
        .env(CHILD, "1")
        .output()
        .expect("run child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("1 passed"),
        "the child ran its test:\n{stdout}"
    );
}

#[test]
fn the_stats_screen_shows_the_result_above_the_comparisons_once_it_is_over() {
    let (home, file) = home_with_experiment();
    let mut store = home.store();
    // With 1 and 0 cramps, without 2 and 2: pair differences −1 and −2.
    for (day, cramps) in [(1, 1), (2, 2), (3, 2), (4, 0)] {
        let checkin = winddown::model::CheckIn {
            night: date(day),
            cramps,
            severity: None,
            severity_unsure: false,
            leg: None,
            minutes: None,
            note: None,
        };
        store.save_checkin(&checkin, Utc::now()).expect("check-in");
    }
    let clock = FakeClock::at(evening_at(date(5)));
    let script = Script::new(&clock)
        .key(2.0, KeyCode::Char('t'))
        .key(3.0, KeyCode::Char('q'));
    let done = drive(
        evening(&home, &file, date(5), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    done.end.expect("the app ran");
    let screen = done.screen.replace('\n', " ");
    let squeezed: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    // Mean −1.5, sd 0.7071, se 0.5; t(0.975, 1) = 12.706205: −1.5 ± 6.35.
    assert!(
        squeezed.contains(
            "Experiment on Rub: No clear difference: four nights could not tell a change \
             smaller than about 6.4 cramps a night either way (95% interval 7.9 fewer to 4.9 \
             more; 2 of 2 pairs; p = 0.50)."
        ),
        "{}",
        done.screen
    );
    assert!(
        squeezed.contains("This is about you, over these weeks; it is not a general result."),
        "{}",
        done.screen
    );
}

#[test]
fn x_on_the_home_screen_starts_one_on_a_step_of_the_plan_after_showing_its_calendar() {
    let home = Home::new();
    let file = home.routine("evening", EVENING);
    // Each drive ends with a signal, so its last frame is what the keys left on screen.
    let drive_keys = |keys: &[(f64, KeyCode)]| {
        let clock = FakeClock::at(evening_at(date(1)));
        let mut script = Script::new(&clock);
        for (at, key) in keys {
            script = script.key(*at, *key);
        }
        let script = script.at(5.0, Incoming::Signal(15));
        let mut store = home.store();
        let done = drive(
            evening(&home, &file, date(1), Opening::Home),
            &mut store,
            &clock,
            script,
        );
        done.end.expect("the app ran");
        done.screen
    };
    // x, down to the water, Enter: the calendar is shown; Esc starts nothing.
    let offered = drive_keys(&[
        (1.0, KeyCode::Char('x')),
        (2.0, KeyCode::Down),
        (3.0, ENTER),
    ]);
    assert!(offered.contains("Start this experiment?"), "{offered}");
    assert!(offered.contains("Water, in Evening:"), "{offered}");
    assert!(
        offered.contains("8 pairs of 3-night blocks, 48 nights."),
        "{offered}"
    );
    assert!(
        offered.contains("Mon  Tue  Wed  Thu  Fri  Sat  Sun"),
        "{offered}"
    );
    let declined = drive_keys(&[(1.0, KeyCode::Char('x')), (2.0, ENTER), (3.0, KeyCode::Esc)]);
    assert!(declined.contains("No experiment started"), "{declined}");
    assert!(home.store().experiments().expect("read").is_empty());
    // y starts it tonight, on the rub (the first step), as drawn.
    let started = drive_keys(&[
        (1.0, KeyCode::Char('x')),
        (2.0, ENTER),
        (3.0, KeyCode::Char('y')),
    ]);
    let (_, stored) = home
        .store()
        .latest_experiment()
        .expect("read")
        .expect("started");
    assert_eq!(stored.step_id, "rub");
    assert_eq!(stored.start, date(1));
    assert_eq!(stored.design, winddown::experiment::DEFAULT_DESIGN);
    assert_eq!(stored.seed_source, SeedSource::System);
    assert_eq!(
        stored.blocks,
        winddown::experiment::draw_blocks(8, stored.seed),
        "the stored schedule is the one its stored seed draws"
    );
    let arm = stored.blocks[0].as_str();
    assert!(
        started.contains(&format!("Experiment: Rub — tonight {arm} (night 1 of 48)")),
        "{started}"
    );
    // One at a time: x again says so.
    let again = drive_keys(&[(1.0, KeyCode::Char('x'))]);
    assert!(
        again.contains("An experiment on Rub is under way until"),
        "{again}"
    );
}

/// A start the store refuses (another program holds the database) says so in the
/// header; once a later start goes through, the header no longer says it did not.
#[test]
fn a_start_that_goes_through_after_a_refused_one_is_not_said_to_have_failed() {
    let home = Home::new();
    let file = home.routine("evening", EVENING);
    let clock = FakeClock::at(evening_at(date(1)));
    let holder: std::rc::Rc<std::cell::RefCell<Option<rusqlite::Connection>>> =
        std::rc::Rc::default();
    let released = std::rc::Rc::clone(&holder);
    let script = Script::new(&clock)
        .key(1.0, KeyCode::Char('x'))
        .key(1.2, ENTER)
        .lock_store(1.3, home.database(), &holder)
        .key(1.5, KeyCode::Char('y'))
        .meanwhile(2.0, move || drop(released.borrow_mut().take()))
        .key(2.5, KeyCode::Char('x'))
        .key(2.7, ENTER)
        .key(3.0, KeyCode::Char('y'))
        .at(5.0, Incoming::Signal(15));
    let mut store = home.store();
    let done = drive(
        evening(&home, &file, date(1), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    done.end.expect("the app ran");
    assert!(
        store.latest_experiment().expect("read").is_some(),
        "started"
    );
    let header = done.screen.lines().next().unwrap_or_default();
    assert!(!header.contains("not started"), "{}", done.screen);
}

/// The evening with the rub held for a minute (no lead-in), then water to confirm.
const TIMED_RUB: &str = "name = \"Evening\"\n\n[[step]]\nid = \"rub\"\ntitle = \"Rub\"\n\
                         duration = \"60s\"\nlead_in = 0\n\n\
                         [[step]]\nid = \"water\"\ntitle = \"Water\"\n";

#[test]
fn a_with_night_whose_step_was_cut_short_or_skipped_is_a_deviation() {
    let home = Home::new();
    let file = home.routine("evening", TIMED_RUB);
    home.store()
        .start_experiment(&experiment(date(1)), date(1))
        .expect("start");
    // Night 1 and night 4 are "with": n after 10 s of the minute's rub (cut short
    // with 10 s held), and n before anything of it was held (skipped); Water each time.
    for (night, after) in [(date(1), 10.0), (date(4), 0.0)] {
        let clock = FakeClock::at(evening_at(night));
        let script = Script::new(&clock)
            .key(1.0, ENTER)
            .key(1.0 + after + 0.5, KeyCode::Char('n'))
            .key(1.0 + after + 2.0, ENTER)
            .key(1.0 + after + 4.0, KeyCode::Char('q'));
        let mut store = home.store();
        let done = drive(
            evening(&home, &file, night, Opening::Home),
            &mut store,
            &clock,
            script,
        );
        done.end.expect("the app ran");
    }
    let reading = winddown::experiment::Reading::latest(&home.store(), date(5))
        .expect("read")
        .expect("the experiment");
    let deviations: Vec<_> = reading
        .nights
        .iter()
        .map(|night| night.deviation.map(|deviation| deviation.describe()))
        .collect();
    assert_eq!(
        deviations,
        [
            Some("cut short on a \"with\" night"),
            None,
            None,
            Some("skipped on a \"with\" night"),
        ]
    );
}
