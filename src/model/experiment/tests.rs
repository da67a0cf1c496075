//! The schedule on its dates: slots, pauses, stops and where an experiment stands.

use super::*;
use chrono::TimeZone;

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, day).expect("a March date")
}

/// 2 pairs of 3-night blocks from 1 March, blocks with, without, without, with;
/// the first night of each block a washout.
fn experiment() -> Experiment {
    Experiment {
        routine_id: "leg-cramps".into(),
        step_id: "rub".into(),
        step_title: "Rub".into(),
        design: Design {
            pairs: 2,
            block_nights: 3,
            washout_nights: 1,
        },
        blocks: vec![Arm::With, Arm::Without, Arm::Without, Arm::With],
        seed: 7,
        seed_source: SeedSource::Given,
        start: date(1),
        created_at: Utc
            .with_ymd_and_hms(2025, 3, 1, 18, 0, 0)
            .single()
            .expect("time"),
        pauses: Vec::new(),
        stop: None,
    }
}

fn arms(planned: &[PlannedNight]) -> Vec<(u32, &'static str, bool)> {
    planned
        .iter()
        .map(|night| {
            (
                night.night.format("%d").to_string().parse().expect("day"),
                night.slot.arm.as_str(),
                night.slot.washout,
            )
        })
        .collect()
}

#[test]
fn the_slots_follow_the_drawn_blocks_with_washout_nights_first_in_each() {
    let slots = experiment().slots();
    assert_eq!(slots.len(), 12);
    let summary: Vec<(u32, u32, u32, Arm, bool)> = slots
        .iter()
        .map(|slot| (slot.number, slot.pair, slot.block, slot.arm, slot.washout))
        .collect();
    use Arm::{With, Without};
    assert_eq!(
        summary,
        [
            (1, 1, 1, With, true),
            (2, 1, 1, With, false),
            (3, 1, 1, With, false),
            (4, 1, 2, Without, true),
            (5, 1, 2, Without, false),
            (6, 1, 2, Without, false),
            (7, 2, 3, Without, true),
            (8, 2, 3, Without, false),
            (9, 2, 3, Without, false),
            (10, 2, 4, With, true),
            (11, 2, 4, With, false),
            (12, 2, 4, With, false),
        ]
    );
}

#[test]
fn a_pause_moves_every_later_night_on_by_its_length() {
    let mut paused = experiment();
    // Out on the 5th, back on the 8th: the 5th, 6th and 7th stood still.
    paused.apply(PauseChange::Begin(date(5)));
    assert_eq!(paused.standing(date(5)), Standing::Paused);
    assert_eq!(paused.standing(date(6)), Standing::Paused);
    paused.apply(PauseChange::End {
        from: date(5),
        until: date(8),
    });
    let planned = paused.planned(date(8));
    assert_eq!(
        arms(&planned),
        [
            (1, "with", true),
            (2, "with", false),
            (3, "with", false),
            (4, "without", true),
            // Night 5 of the schedule, first after the pause: the 8th.
            (8, "without", false),
            (9, "without", false),
            (10, "without", true),
            (11, "without", false),
            (12, "without", false),
            (13, "with", true),
            (14, "with", false),
            (15, "with", false),
        ]
    );
    assert_eq!(paused.last_night(date(9)), Some(date(15)));
    match paused.standing(date(8)) {
        Standing::Tonight(night) => assert_eq!(night.slot.number, 5),
        other => panic!("{other:?}"),
    }
    assert!(paused.paused_on(date(7)));
    assert!(!paused.paused_on(date(8)));
}

#[test]
fn while_paused_the_nights_after_it_are_laid_from_the_day_it_is_expected_to_end() {
    let mut paused = experiment();
    paused.apply(PauseChange::Begin(date(3)));
    let planned = paused.planned(date(10));
    assert_eq!(planned[1].night, date(2));
    assert_eq!(planned[2].night, date(10));
    assert_eq!(planned[2].slot.number, 3);
    assert_eq!(paused.presence_change(false, date(4)), None);
    assert_eq!(
        paused.presence_change(true, date(4)),
        Some(PauseChange::End {
            from: date(3),
            until: date(4)
        })
    );
}

#[test]
fn a_step_put_back_the_night_it_was_taken_out_paused_nothing() {
    let mut experiment = experiment();
    let out = experiment.presence_change(false, date(4)).expect("a pause");
    experiment.apply(out);
    let back = experiment.presence_change(true, date(4)).expect("its end");
    experiment.apply(back);
    assert!(experiment.pauses.is_empty());
    assert_eq!(experiment.last_night(date(4)), Some(date(12)));
}

#[test]
fn where_it_stands_before_during_and_after_its_nights() {
    let experiment = experiment();
    assert_eq!(
        experiment.standing(date(1) - chrono::Days::new(1)),
        Standing::NotStarted
    );
    match experiment.standing(date(12)) {
        Standing::Tonight(night) => {
            assert_eq!((night.slot.number, night.slot.arm), (12, Arm::With));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(experiment.standing(date(13)), Standing::Ended);
    assert!(!experiment.over(date(12)));
    assert!(experiment.over(date(13)));
    // No pause before the first night, and none once it is over.
    assert_eq!(
        experiment.presence_change(false, date(1) - chrono::Days::new(1)),
        None
    );
    assert_eq!(experiment.presence_change(false, date(13)), None);
}

#[test]
fn a_stop_ends_it_at_its_last_night_and_keeps_the_nights_before() {
    let mut stopped = experiment();
    stopped.stop = Some(Stop {
        at: Utc
            .with_ymd_and_hms(2025, 3, 5, 8, 0, 0)
            .single()
            .expect("time"),
        last_night: date(4),
    });
    assert_eq!(stopped.planned(date(5)).len(), 4);
    assert_eq!(stopped.standing(date(4)), Standing::Stopped);
    assert!(stopped.over(date(4)));
}

#[test]
fn a_design_refuses_what_the_experiment_cannot_run() {
    let design = |pairs, block_nights, washout_nights| Design {
        pairs,
        block_nights,
        washout_nights,
    };
    assert_eq!(design(8, 3, 0).problem(), None);
    assert_eq!(design(8, 3, 0).nights(), 48);
    assert!(
        design(1, 3, 0)
            .problem()
            .is_some_and(|p| p.contains("2 to 16 pairs"))
    );
    assert!(design(17, 3, 0).problem().is_some());
    assert!(
        design(8, 0, 0)
            .problem()
            .is_some_and(|p| p.contains("1 to 14 nights"))
    );
    assert!(design(8, 15, 0).problem().is_some());
    assert!(
        design(8, 3, 3)
            .problem()
            .is_some_and(|p| p.contains("at most 2")),
        "{:?}",
        design(8, 3, 3).problem()
    );
}
