//! The reminder's decision at fixed moments. Expected times are worked out by
//! hand from the routine below: Monday and Thursday 17 min 30 s of timed steps
//! (start by 22:12:30), other nights 2 min 30 s (start by 22:27:30).

use std::cell::Cell;

use chrono::NaiveTime;

use super::*;
use crate::routine::parse;

const ROUTINE: &str = r#"
name = "Evening"
bedtime = "22:30"

[[step]]
title = "Soak"
duration = "15m"
days = ["mon", "thu"]

[[step]]
title = "Calf stretch"
duration = "30s"
sides = ["left", "right"]
sets = 2
rest = "10s"

[[step]]
title = "A glass of water"
"#;

const TEN_MINUTES: Duration = Duration::from_secs(600);

fn routine(text: &str) -> Routine {
    parse(text).expect("valid routine")
}

/// 2026-11-30 is a Monday.
fn night(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .or_else(|| NaiveDate::from_ymd_opt(2026, 12, day - 30))
        .expect("date")
}

fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    night(day)
        .and_hms_opt(hour, minute, 0)
        .expect("valid moment")
}

fn wake(routine: &Routine, night: NaiveDate, now: NaiveDateTime) -> Wake<'_> {
    Wake {
        routine,
        night,
        now,
        before: TEN_MINUTES,
        settled: false,
    }
}

fn body(decision: &Decision) -> &str {
    match decision {
        Decision::Remind(reminder) => &reminder.body,
        Decision::Quiet(quiet) => panic!("expected a reminder, got {quiet:?}"),
    }
}

#[test]
fn a_soak_night_reminds_ten_minutes_before_its_start_by() {
    let routine = routine(ROUTINE);
    let monday = night(30);
    assert_eq!(
        decide(wake(&routine, monday, at(30, 22, 1)), || {
            Progress::NotStarted
        }),
        Decision::Quiet(Quiet::NotYet { due: at(30, 22, 2) })
    );
    let decision = decide(wake(&routine, monday, at(30, 22, 2)), || {
        Progress::NotStarted
    });
    assert_eq!(
        body(&decision),
        "Start by 22:12 for lights out at 22:30 (Evening, 18 min)"
    );
    assert_eq!(
        decision,
        Decision::Remind(Reminder {
            summary: "Time to wind down".to_string(),
            body: "Start by 22:12 for lights out at 22:30 (Evening, 18 min)".to_string(),
        })
    );
}

#[test]
fn a_night_without_the_soak_reminds_later() {
    let routine = routine(ROUTINE);
    let tuesday = night(31);
    assert_eq!(
        decide(wake(&routine, tuesday, at(31, 22, 16)), || {
            Progress::NotStarted
        }),
        Decision::Quiet(Quiet::NotYet {
            due: at(31, 22, 17)
        })
    );
    assert_eq!(
        body(&decide(wake(&routine, tuesday, at(31, 22, 17)), || {
            Progress::NotStarted
        })),
        "Start by 22:27 for lights out at 22:30 (Evening, 3 min)"
    );
}

#[test]
fn the_reminder_follows_an_edited_bedtime_and_routine() {
    let edited = ROUTINE
        .replace("bedtime = \"22:30\"", "bedtime = \"23:15\"")
        .replace("duration = \"15m\"", "duration = \"20m\"");
    let routine = routine(&edited);
    let monday = night(30);
    // 20 min + 2 min 30 s before 23:15 is 22:52:30; ten minutes earlier, 22:42.
    assert_eq!(
        decide(wake(&routine, monday, at(30, 22, 2)), || {
            Progress::NotStarted
        }),
        Decision::Quiet(Quiet::NotYet {
            due: at(30, 22, 42)
        })
    );
    assert_eq!(
        body(&decide(wake(&routine, monday, at(30, 22, 42)), || {
            Progress::NotStarted
        })),
        "Start by 22:52 for lights out at 23:15 (Evening, 23 min)"
    );
}

#[test]
fn before_is_the_users_choice() {
    let routine = routine(ROUTINE);
    let tuesday = night(31);
    let mut early = wake(&routine, tuesday, at(31, 21, 57));
    early.before = Duration::from_secs(30 * 60);
    assert!(matches!(
        decide(early, || Progress::NotStarted),
        Decision::Remind(_)
    ));
    let mut on_time = wake(&routine, tuesday, at(31, 22, 27));
    on_time.before = Duration::ZERO;
    assert!(matches!(
        decide(on_time, || Progress::NotStarted),
        Decision::Remind(_)
    ));
}

#[test]
fn a_started_done_or_rest_night_gets_no_reminder() {
    let routine = routine(ROUTINE);
    let monday = night(30);
    let now = at(30, 22, 2);
    for (progress, quiet) in [
        (Progress::Started, Quiet::Started),
        (Progress::Done, Quiet::Done),
        (Progress::Rest, Quiet::Rest),
    ] {
        let decision = decide(wake(&routine, monday, now), || progress);
        assert_eq!(decision, Decision::Quiet(quiet.clone()));
        assert!(quiet.settles_tonight());
    }
}

#[test]
fn at_most_one_reminder_a_night() {
    let routine = routine(ROUTINE);
    let monday = night(30);
    let mut again = wake(&routine, monday, at(30, 22, 3));
    again.settled = true;
    let asked = Cell::new(false);
    let decision = decide(again, || {
        asked.set(true);
        Progress::NotStarted
    });
    assert_eq!(decision, Decision::Quiet(Quiet::Settled));
    assert!(!asked.get(), "a settled night does not even read the store");
}

#[test]
fn a_late_wake_stays_quiet() {
    let routine = routine(ROUTINE);
    let monday = night(30);
    // Up to four minutes late is still worth a reminder...
    assert!(matches!(
        decide(wake(&routine, monday, at(30, 22, 6)), || {
            Progress::NotStarted
        }),
        Decision::Remind(_)
    ));
    // ...five minutes late is not, nor is waking an hour later.
    for now in [at(30, 22, 7), at(30, 23, 30)] {
        assert_eq!(
            decide(wake(&routine, monday, now), || Progress::NotStarted),
            Decision::Quiet(Quiet::Missed { due: at(30, 22, 2) })
        );
    }
}

#[test]
fn after_midnight_the_night_is_still_yesterdays_until_the_rollover() {
    let routine = routine(ROUTINE);
    let rollover = NaiveTime::from_hms_opt(4, 0, 0).expect("time");
    // Waking at 01:00 on Tuesday: still Monday night, long past its reminder.
    let now = at(31, 1, 0);
    let monday = crate::routine::night_of(now, rollover);
    assert_eq!(monday, night(30));
    assert_eq!(
        decide(wake(&routine, monday, now), || Progress::NotStarted),
        Decision::Quiet(Quiet::Missed { due: at(30, 22, 2) })
    );
    // Waking at 07:00: Tuesday night, whose reminder is this evening, not now.
    let now = at(31, 7, 0);
    let tuesday = crate::routine::night_of(now, rollover);
    assert_eq!(
        decide(wake(&routine, tuesday, now), || Progress::NotStarted),
        Decision::Quiet(Quiet::NotYet {
            due: at(31, 22, 17)
        })
    );
}

#[test]
fn a_bedtime_after_midnight_reminds_before_midnight_when_due_then() {
    let routine = routine(&ROUTINE.replace("bedtime = \"22:30\"", "bedtime = \"00:10\""));
    let monday = night(30);
    // 00:10 Tuesday less 17 min 30 s is 23:52:30 Monday; ten minutes earlier, 23:42.
    assert_eq!(
        body(&decide(wake(&routine, monday, at(30, 23, 42)), || {
            Progress::NotStarted
        })),
        "Start by 23:52 for lights out at 00:10 (Evening, 18 min)"
    );
}

#[test]
fn no_bedtime_or_nothing_tonight_means_no_reminder() {
    let without = routine(&ROUTINE.replace("bedtime = \"22:30\"\n", ""));
    assert_eq!(
        decide(wake(&without, night(30), at(30, 22, 2)), || {
            Progress::NotStarted
        }),
        Decision::Quiet(Quiet::NoBedtime)
    );
    let mondays_only = routine(
        "name = \"Soak\"\nbedtime = \"22:30\"\n[[step]]\ntitle = \"Soak\"\nduration = \"15m\"\ndays = [\"mon\"]\n",
    );
    assert_eq!(
        decide(wake(&mondays_only, night(31), at(31, 22, 5)), || {
            Progress::NotStarted
        }),
        Decision::Quiet(Quiet::NothingTonight)
    );
}

#[test]
fn the_store_is_read_only_inside_the_reminders_minutes() {
    let routine = routine(ROUTINE);
    let asked = Cell::new(false);
    let decision = decide(wake(&routine, night(30), at(30, 18, 0)), || {
        asked.set(true);
        Progress::NotStarted
    });
    assert!(matches!(decision, Decision::Quiet(Quiet::NotYet { .. })));
    assert!(!asked.get());
}
