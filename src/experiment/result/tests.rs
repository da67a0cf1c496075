//! Nights reviewed against their arm and the pairs compared, on made-up nights.

use chrono::{TimeZone, Utc};

use super::*;
use crate::model::{CrampsSeen, Design, SeedSource};

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, day).expect("a March date")
}

/// 3 pairs of 2-night blocks from 1 March: with 1–2, without 3–4, without 5–6,
/// with 7–8, with 9–10, without 11–12.
fn experiment() -> Experiment {
    Experiment {
        routine_id: "leg-cramps".into(),
        step_id: "rub".into(),
        step_title: "Rub".into(),
        design: Design {
            pairs: 3,
            block_nights: 2,
            washout_nights: 0,
        },
        blocks: vec![
            Arm::With,
            Arm::Without,
            Arm::Without,
            Arm::With,
            Arm::With,
            Arm::Without,
        ],
        seed: 1,
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

fn seen(day: u32, cramps: Option<u8>, step: StepSeen) -> NightSeen {
    NightSeen {
        night: date(day),
        checkin: cramps.map(|cramps| CrampsSeen {
            cramps,
            severity: None,
            minutes: None,
        }),
        rest: false,
        step,
    }
}

/// The nights, as worked by hand in the test below.
fn records() -> Vec<NightSeen> {
    use StepSeen::{Done, NoRun, NotDone, Skipped};
    let mut nights = vec![
        seen(1, Some(1), Done),
        seen(2, Some(0), Done),
        seen(3, Some(2), NotDone),
        seen(4, Some(3), Done),
        // A rest night on a "with" night, checked in all the same.
        NightSeen {
            rest: true,
            ..seen(5, Some(3), NoRun)
        },
        seen(6, Some(2), NoRun),
        seen(7, Some(1), Skipped),
        seen(8, None, Done),
        seen(9, Some(0), Done),
        // Night 10: nothing recorded but the check-in.
        seen(10, Some(1), NoRun),
        seen(11, Some(1), NotDone),
        seen(12, Some(1), NotDone),
    ];
    nights[0].checkin = Some(CrampsSeen {
        cramps: 1,
        severity: Some(2),
        minutes: None,
    });
    nights[2].checkin = Some(CrampsSeen {
        cramps: 2,
        severity: Some(5),
        minutes: None,
    });
    nights
}

#[test]
fn each_night_is_reviewed_against_its_arm() {
    let reviews = review(&experiment(), &records(), date(13));
    let deviations: Vec<(u32, Deviation)> = reviews
        .iter()
        .filter_map(|night| {
            night
                .deviation
                .map(|deviation| (night.planned.slot.number, deviation))
        })
        .collect();
    assert_eq!(
        deviations,
        [
            (4, Deviation::DoneAnyway),
            (7, Deviation::Skipped),
            (10, Deviation::NoRun),
        ]
    );
    let missing: Vec<u32> = reviews
        .iter()
        .filter(|night| night.missing)
        .map(|night| night.planned.slot.number)
        .collect();
    // The rest night counts as missing, check-in or not; night 8 has none.
    assert_eq!(missing, [5, 8]);
    // Nights not yet passed have no record and no verdict on them.
    let earlier = review(&experiment(), &records(), date(4));
    assert!(
        earlier[3..]
            .iter()
            .all(|night| !night.passed && night.seen.is_none())
    );
    assert!(earlier[..3].iter().all(|night| night.passed));
    // A night with no record at all is a night without a run or a check-in.
    let bare = review(&experiment(), &[], date(2));
    assert_eq!(bare[0].deviation, Some(Deviation::NoRun));
    assert!(bare[0].missing);
}

#[test]
fn a_step_cut_short_on_a_with_night_and_begun_on_a_without_night_are_deviations() {
    // Night 2 is "with", night 3 "without": the step left after some of its
    // holds is not the step done, nor the step left out.
    let mut nights = records();
    nights[1].step = StepSeen::CutShort;
    nights[2].step = StepSeen::CutShort;
    let reviews = review(&experiment(), &nights, date(13));
    assert_eq!(reviews[1].deviation, Some(Deviation::CutShort));
    assert_eq!(reviews[2].deviation, Some(Deviation::BegunAnyway));
    assert_eq!(
        Deviation::CutShort.describe(),
        "cut short on a \"with\" night"
    );
    assert_eq!(
        Deviation::BegunAnyway.describe(),
        "begun on a \"without\" night"
    );
}

#[test]
fn the_result_compares_the_pairs_by_assignment() {
    // Pair 1: with 1, 0 (mean 0.5); without 2, 3 (2.5): −2.
    // Pair 2: with night 7 only (1; night 5 a rest night, 8 unanswered); without
    //         night 6 (2): −1.
    // Pair 3: with 0, 1 (0.5); without 1, 1 (1): −0.5.
    // Mean −7/6; sample variance ((5/6)² + (1/6)² + (2/3)²)/2 = 7/12;
    // se = √(7/36) = 0.440959; t(0.975, 2) = 4.302653: half-width 1.897310.
    // Exact test: every pair the same way, 2 of 8 orderings: p = 0.25.
    let experiment = experiment();
    let reviews = review(&experiment, &records(), date(13));
    let outcome = result(&experiment, &reviews, false);
    let estimate = outcome.cramps.expect("three pairs");
    let round4 = |value: f64| (value * 10_000.0).round() / 10_000.0;
    assert_eq!(round4(estimate.effect), -1.1667);
    let interval = estimate.interval.expect("an interval");
    assert_eq!(round4(interval.low), -3.064);
    assert_eq!(round4(interval.high), 0.7306);
    assert_eq!(estimate.p_value, 0.25);
    assert_eq!(outcome.verdict, Verdict::NoClearDifference);
    assert_eq!((outcome.pairs_used, outcome.pairs), (3, 3));
    assert_eq!((outcome.nights_with, outcome.nights_without), (5, 5));
    assert_eq!(outcome.missing_checkins, 2);
    assert_eq!(outcome.deviations, 3);
    assert_eq!(
        outcome.adherence,
        // "With": nights 1, 2, 7, 8, 9, 10 (5 a rest night), done on 1, 2, 8, 9.
        // "Without": 3, 4, 6, 11, 12, left out on all but 4.
        Adherence {
            with_nights: 6,
            with_done: 4,
            without_nights: 5,
            without_left_out: 4,
        }
    );
    // Worst pain was answered in pair 1 only: no comparison.
    assert_eq!(outcome.worst_pain, None);
    assert_eq!(outcome.pain_nights, 2);
    assert_eq!(outcome.minutes, None);
    assert_eq!((outcome.nights_passed, outcome.span_nights), (12, 12));
    assert!(!outcome.early);
}

#[test]
fn a_pair_short_of_either_side_is_left_out_and_under_two_pairs_is_not_enough() {
    let experiment = experiment();
    // Only the first four nights have passed: pair 1 alone.
    let reviews = review(&experiment, &records(), date(5));
    let outcome = result(&experiment, &reviews, true);
    assert_eq!(outcome.pairs_used, 1);
    assert_eq!(outcome.cramps, None);
    assert_eq!(outcome.verdict, Verdict::NotEnoughData);
    assert!(outcome.early);
}
