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

/// A clock without daylight saving time: every local minute exists once.
fn no_gaps(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    Some(local.and_utc())
}

fn wake(routine: &Routine, now: NaiveDateTime) -> Wake<'_> {
    Wake {
        routine,
        now,
        rollover: NaiveTime::from_hms_opt(4, 0, 0).expect("time"),
        before: TEN_MINUTES,
        zone: &no_gaps,
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
        decide_night(&wake(&routine, at(30, 22, 1)), monday, false, || {
            Progress::NotStarted
        }),
        Decision::Quiet(Quiet::NotYet { due: at(30, 22, 2) })
    );
    let decision = decide_night(&wake(&routine, at(30, 22, 2)), monday, false, || {
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
        decide_night(&wake(&routine, at(31, 22, 16)), tuesday, false, || {
            Progress::NotStarted
        }),
        Decision::Quiet(Quiet::NotYet {
            due: at(31, 22, 17)
        })
    );
    assert_eq!(
        body(&decide_night(
            &wake(&routine, at(31, 22, 17)),
            tuesday,
            false,
            || { Progress::NotStarted }
        )),
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
        decide_night(&wake(&routine, at(30, 22, 2)), monday, false, || {
            Progress::NotStarted
        }),
        Decision::Quiet(Quiet::NotYet {
            due: at(30, 22, 42)
        })
    );
    assert_eq!(
        body(&decide_night(
            &wake(&routine, at(30, 22, 42)),
            monday,
            false,
            || { Progress::NotStarted }
        )),
        "Start by 22:52 for lights out at 23:15 (Evening, 23 min)"
    );
}

#[test]
fn before_is_the_users_choice() {
    let routine = routine(ROUTINE);
    let tuesday = night(31);
    let mut early = wake(&routine, at(31, 21, 57));
    early.before = Duration::from_secs(30 * 60);
    assert!(matches!(
        decide_night(&early, tuesday, false, || Progress::NotStarted),
        Decision::Remind(_)
    ));
    let mut on_time = wake(&routine, at(31, 22, 27));
    on_time.before = Duration::ZERO;
    assert!(matches!(
        decide_night(&on_time, tuesday, false, || Progress::NotStarted),
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
        let decision = decide_night(&wake(&routine, now), monday, false, || progress);
        assert_eq!(decision, Decision::Quiet(quiet.clone()));
        assert!(quiet.settles_tonight());
    }
}

#[test]
fn at_most_one_reminder_a_night() {
    let routine = routine(ROUTINE);
    let monday = night(30);
    let again = wake(&routine, at(30, 22, 3));
    let asked = Cell::new(false);
    let decision = decide_night(&again, monday, true, || {
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
        decide_night(&wake(&routine, at(30, 22, 6)), monday, false, || {
            Progress::NotStarted
        }),
        Decision::Remind(_)
    ));
    // ...five minutes late is not, nor is waking an hour later.
    for now in [at(30, 22, 7), at(30, 23, 30)] {
        assert_eq!(
            decide_night(&wake(&routine, now), monday, false, || Progress::NotStarted),
            Decision::Quiet(Quiet::Missed { due: at(30, 22, 2) })
        );
    }
}

#[test]
fn after_midnight_the_night_is_still_yesterdays_until_the_rollover() {
    let routine = routine(ROUTINE);
    // Waking at 01:00 on Tuesday: still Monday night, long past its reminder.
    assert_eq!(
        decide(
            &wake(&routine, at(31, 1, 0)),
            |_| false,
            |_| Progress::NotStarted
        ),
        Decided {
            night: night(30),
            decision: Decision::Quiet(Quiet::Missed { due: at(30, 22, 2) })
        }
    );
    // Waking at 07:00: Tuesday night, whose reminder is this evening, not now.
    assert_eq!(
        decide(
            &wake(&routine, at(31, 7, 0)),
            |_| false,
            |_| Progress::NotStarted
        ),
        Decided {
            night: night(31),
            decision: Decision::Quiet(Quiet::NotYet {
                due: at(31, 22, 17)
            })
        }
    );
}

#[test]
fn a_bedtime_after_midnight_reminds_before_midnight_when_due_then() {
    let routine = routine(&ROUTINE.replace("bedtime = \"22:30\"", "bedtime = \"00:10\""));
    let monday = night(30);
    // 00:10 Tuesday less 17 min 30 s is 23:52:30 Monday; ten minutes earlier, 23:42.
    assert_eq!(
        body(&decide_night(
            &wake(&routine, at(30, 23, 42)),
            monday,
            false,
            || { Progress::NotStarted }
        )),
        "Start by 23:52 for lights out at 00:10 (Evening, 18 min)"
    );
}

#[test]
fn no_bedtime_or_nothing_tonight_means_no_reminder() {
    let without = routine(&ROUTINE.replace("bedtime = \"22:30\"\n", ""));
    assert_eq!(
        decide_night(&wake(&without, at(30, 22, 2)), night(30), false, || {
            Progress::NotStarted
        }),
        Decision::Quiet(Quiet::NoBedtime)
    );
    let mondays_only = routine(
        "name = \"Soak\"\nbedtime = \"22:30\"\n[[step]]\ntitle = \"Soak\"\nduration = \"15m\"\ndays = [\"mon\"]\n",
    );
    assert_eq!(
        decide_night(
            &wake(&mondays_only, at(31, 22, 5)),
            night(31),
            false,
            || { Progress::NotStarted }
        ),
        Decision::Quiet(Quiet::NothingTonight)
    );
}

#[test]
fn the_store_is_read_only_inside_the_reminders_minutes() {
    let routine = routine(ROUTINE);
    let asked = Cell::new(false);
    let decision = decide_night(&wake(&routine, at(30, 18, 0)), night(30), false, || {
        asked.set(true);
        Progress::NotStarted
    });
    assert!(matches!(decision, Decision::Quiet(Quiet::NotYet { .. })));
    assert!(!asked.get());
}

/// Wakes every minute from `from` to `to` (skipping the minutes `zone` says the
/// clock never shows), settling nights as the tick's log does; the reminders sent,
/// as (night, minute).
fn walk(
    routine: &Routine,
    rollover: NaiveTime,
    zone: Zone<'_>,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Vec<(NaiveDate, NaiveDateTime)> {
    let settled = std::cell::RefCell::new(Vec::new());
    let mut sent = Vec::new();
    let mut now = from;
    while now <= to {
        if zone(now).is_some() {
            let wake = Wake {
                rollover,
                zone,
                ..wake(routine, now)
            };
            let decided = decide(
                &wake,
                |night| settled.borrow().contains(&night),
                |_| Progress::NotStarted,
            );
            match decided.decision {
                Decision::Remind(_) => {
                    sent.push((decided.night, now));
                    settled.borrow_mut().push(decided.night);
                }
                Decision::Quiet(quiet) if quiet.settles_tonight() => {
                    settled.borrow_mut().push(decided.night);
                }
                Decision::Quiet(_) => {}
            }
        }
        now += chrono::Duration::minutes(1);
    }
    sent
}

fn time(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).expect("time")
}

#[test]
fn a_due_minute_after_the_rollover_belongs_to_the_night_it_is_for() {
    // Bedtime 04:30, rollover 04:00. Monday (soak): 17 min 30 s, start by 04:12:30
    // Tuesday morning, due 04:02. Tuesday: 2 min 30 s, start by 04:27:30, due 04:17.
    let routine = routine(&ROUTINE.replace("bedtime = \"22:30\"", "bedtime = \"04:30\""));
    let sent = walk(&routine, time(4, 0), &no_gaps, at(30, 12, 0), at(32, 12, 0));
    assert_eq!(
        sent,
        [(night(30), at(31, 4, 2)), (night(31), at(32, 4, 17))]
    );
    // Before the rollover, and all Monday afternoon (Sunday's bedtime long past,
    // its reminder never settled), the plan shows Monday's due minute.
    for now in [at(31, 3, 59), at(30, 15, 0)] {
        assert_eq!(
            decide(&wake(&routine, now), |_| false, |_| Progress::NotStarted),
            Decided {
                night: night(30),
                decision: Decision::Quiet(Quiet::NotYet { due: at(31, 4, 2) })
            }
        );
    }
    // Woken after the due minute, still before the bedtime: too late, and said so.
    assert_eq!(
        decide(
            &wake(&routine, at(31, 4, 20)),
            |_| false,
            |_| Progress::NotStarted
        ),
        Decided {
            night: night(30),
            decision: Decision::Quiet(Quiet::Missed { due: at(31, 4, 2) })
        }
    );
}

#[test]
fn a_midnight_rollover_with_a_bedtime_after_it_still_reminds() {
    // day_rollover = "00:00", bedtime 00:30: Monday due 00:02 Tuesday (00:30 less
    // 17 min 30 s less 10 min), Tuesday due 00:17 Wednesday.
    let routine = routine(&ROUTINE.replace("bedtime = \"22:30\"", "bedtime = \"00:30\""));
    let sent = walk(&routine, time(0, 0), &no_gaps, at(30, 12, 0), at(32, 12, 0));
    assert_eq!(
        sent,
        [(night(30), at(31, 0, 2)), (night(31), at(32, 0, 17))]
    );
}

/// Europe/Berlin around 2026-03-29: UTC+1, then from 02:00 local (01:00 UTC) the
/// clock jumps to 03:00, UTC+2.
fn berlin(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    let change = NaiveDate::from_ymd_opt(2026, 3, 29).expect("date");
    let gap_start = change.and_time(time(2, 0));
    let gap_end = change.and_time(time(3, 0));
    let offset = if local < gap_start {
        chrono::Duration::hours(1)
    } else if local < gap_end {
        return None;
    } else {
        chrono::Duration::hours(2)
    };
    Some((local - offset).and_utc())
}

fn march(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, day)
        .expect("date")
        .and_time(time(hour, minute))
}

#[test]
fn a_due_minute_the_clock_skips_reminds_at_the_first_minute_that_exists() {
    // Bedtime 02:30, a 5-minute step: start by 02:25, due 02:15 on 2026-03-29, a
    // minute Berlin's clocks never show that night.
    let routine = routine(
        "name = \"Late\"\nbedtime = \"02:30\"\n[[step]]\ntitle = \"Stretch\"\nduration = \"5m\"\n",
    );
    let sent = walk(
        &routine,
        time(4, 0),
        &berlin,
        march(28, 12, 0),
        march(29, 12, 0),
    );
    let saturday = NaiveDate::from_ymd_opt(2026, 3, 28).expect("date");
    assert_eq!(sent, [(saturday, march(29, 3, 0))]);
    assert_eq!(
        due(&routine, saturday, TEN_MINUTES, &berlin),
        Some(march(29, 3, 0))
    );
}

#[test]
fn lateness_is_real_time_across_the_skipped_hour() {
    // Due 01:58; the machine sleeps through 01:58 and 01:59 and wakes at 03:00,
    // two real minutes later: still in time.
    let routine = routine(
        "name = \"Late\"\nbedtime = \"02:13\"\n[[step]]\ntitle = \"Stretch\"\nduration = \"5m\"\n",
    );
    let saturday = NaiveDate::from_ymd_opt(2026, 3, 28).expect("date");
    let at_three = Wake {
        zone: &berlin,
        ..wake(&routine, march(29, 3, 0))
    };
    assert!(matches!(
        decide_night(&at_three, saturday, false, || Progress::NotStarted),
        Decision::Remind(_)
    ));
}
