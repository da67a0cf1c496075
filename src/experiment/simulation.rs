//! The statistics checked by simulation: thousands of experiments whose nightly cramps
//! are drawn from a Poisson model (and recorded as the check-in records them, "3 or
//! more" as 3), each analysed exactly as a real one is. Fixed seeds: every run of the
//! test sees the same experiments.
//!
//! Monte Carlo error: a share p estimated from n experiments has standard error
//! √(p(1 − p)/n); the tests allow three of them (the bound a correct method fails
//! about once in 700 seeds).

use chrono::{NaiveDate, TimeZone, Utc};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

use super::{DEFAULT_DESIGN, Verdict, draw_blocks, result, review};
use crate::model::{Arm, CrampsSeen, Design, Experiment, NightSeen, SeedSource, StepSeen};

/// How often the simulated experiments came out each way.
#[derive(Debug, Clone, Copy)]
struct Tally {
    experiments: u32,
    /// `fewer_with` or `more_with`.
    clear: u32,
    /// `fewer_with`.
    fewer: u32,
    /// Intervals that held the true effect on the recorded scale.
    covered: u32,
    /// Intervals given (two pairs or more).
    intervals: u32,
}

impl Tally {
    fn share(count: u32, of: u32) -> f64 {
        f64::from(count) / f64::from(of)
    }
}

/// A uniform number in [0, 1).
fn uniform(rng: &mut ChaCha20Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1_u64 << 53) as f64
}

/// A Poisson draw with mean `mean` (Knuth's method: fine for means this small).
fn poisson(rng: &mut ChaCha20Rng, mean: f64) -> u32 {
    let limit = (-mean).exp();
    let mut product = uniform(rng);
    let mut count = 0;
    while product > limit {
        count += 1;
        product *= uniform(rng);
    }
    count
}

/// The mean of min(X, 3) for X ~ Poisson(mean): what the check-in records on average.
fn recorded_mean(mean: f64) -> f64 {
    let p0 = (-mean).exp();
    let p1 = p0 * mean;
    let p2 = p1 * mean / 2.0;
    let p3_or_more = 1.0 - p0 - p1 - p2;
    p1 + 2.0 * p2 + 3.0 * p3_or_more
}

/// `experiments` experiments of `design`: nightly cramps Poisson with mean `baseline`
/// without the step and `baseline + effect` with it; each check-in missing with
/// probability `missing`.
fn simulate(
    design: Design,
    (baseline, effect): (f64, f64),
    missing: f64,
    experiments: u32,
    seed: u64,
) -> Tally {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).expect("date");
    let truth = recorded_mean(baseline + effect) - recorded_mean(baseline);
    let mut tally = Tally {
        experiments,
        clear: 0,
        fewer: 0,
        covered: 0,
        intervals: 0,
    };
    for _ in 0..experiments {
        let experiment = Experiment {
            routine_id: "leg-cramps".into(),
            step_id: "rub".into(),
            step_title: "Rub".into(),
            design,
            blocks: draw_blocks(design.pairs, rng.next_u64()),
            seed: 0,
            seed_source: SeedSource::Given,
            start,
            created_at: Utc.timestamp_opt(0, 0).single().expect("epoch"),
            pauses: Vec::new(),
            stop: None,
        };
        let planned = experiment.planned(start);
        let seen: Vec<NightSeen> = planned
            .iter()
            .map(|night| {
                let mean = match night.slot.arm {
                    Arm::With => baseline + effect,
                    Arm::Without => baseline,
                };
                let cramps = poisson(&mut rng, mean).min(3) as u8;
                let answered = uniform(&mut rng) >= missing;
                NightSeen {
                    night: night.night,
                    checkin: answered.then_some(CrampsSeen {
                        cramps,
                        severity: None,
                        minutes: None,
                    }),
                    rest: false,
                    step: match night.slot.arm {
                        Arm::With => StepSeen::Done,
                        Arm::Without => StepSeen::NotDone,
                    },
                }
            })
            .collect();
        let after = planned
            .last()
            .expect("nights")
            .night
            .succ_opt()
            .expect("date");
        let reviews = review(&experiment, &seen, after);
        let outcome = result(&experiment, &reviews, false);
        match outcome.verdict {
            Verdict::FewerWith => {
                tally.clear += 1;
                tally.fewer += 1;
            }
            Verdict::MoreWith => tally.clear += 1,
            Verdict::NoClearDifference | Verdict::NotEnoughData => {}
        }
        if let Some(interval) = outcome.cramps.and_then(|estimate| estimate.interval) {
            tally.intervals += 1;
            if interval.low <= truth && truth <= interval.high {
                tally.covered += 1;
            }
        }
    }
    tally
}

/// Three Monte Carlo standard errors of a share `p` over `n`.
fn allowance(p: f64, n: u32) -> f64 {
    3.0 * (p * (1.0 - p) / f64::from(n)).sqrt()
}

const EXPERIMENTS: u32 = 4000;

#[test]
fn the_recorded_mean_matches_the_poisson_tables() {
    // Poisson(2): P(0..=2) = 0.135335, 0.270671, 0.270671; P(≥3) = 0.323324:
    // 0.270671 + 0.541341 + 0.969971 = 1.781983.
    assert!((recorded_mean(2.0) - 1.781983).abs() < 1e-6);
    // Poisson(1): 0.367879, 0.367879, 0.183940; P(≥3) = 0.080301:
    // 0.367879 + 0.367879 + 0.240904 = 0.976663 (to rounding).
    assert!((recorded_mean(1.0) - 0.976663).abs() < 1e-6);
}

#[test]
fn with_no_true_effect_a_clear_verdict_comes_out_at_most_one_time_in_twenty() {
    for (baseline, seed) in [(2.0, 11), (0.5, 12), (0.1, 13)] {
        let tally = simulate(DEFAULT_DESIGN, (baseline, 0.0), 0.0, EXPERIMENTS, seed);
        let rate = Tally::share(tally.clear, tally.experiments);
        eprintln!("no effect, baseline {baseline}: clear verdicts {rate:.4}");
        assert!(
            rate <= 0.05 + allowance(0.05, EXPERIMENTS),
            "baseline {baseline}: {rate}"
        );
    }
}

#[test]
fn with_a_true_effect_of_one_cramp_fewer_from_two_the_default_design_finds_it() {
    let tally = simulate(DEFAULT_DESIGN, (2.0, -1.0), 0.0, EXPERIMENTS, 21);
    let power = Tally::share(tally.fewer, tally.experiments);
    eprintln!("effect −1 from 2, default design: power {power:.4}");
    // README reports this figure; the test holds it to within its Monte Carlo error.
    let reported = 0.56;
    assert!(
        (power - reported).abs() <= allowance(reported, EXPERIMENTS),
        "{power}"
    );
}

#[test]
fn the_interval_covers_the_true_effect_ninety_five_times_in_a_hundred() {
    // The true effect is on the scale the check-in records ("3 or more" as 3): one
    // cramp fewer from two a night is 0.805 fewer recorded. Small counts are among
    // the cases: a cramp every two nights, and one every ten.
    for (baseline, effect, missing, seed) in [
        (2.0, -1.0, 0.0, 31),
        (2.0, 0.0, 0.0, 32),
        (1.0, -0.5, 0.2, 33),
        (0.5, 0.0, 0.0, 34),
        (0.5, -0.25, 0.0, 35),
        (0.1, -0.05, 0.0, 36),
    ] {
        let tally = simulate(
            DEFAULT_DESIGN,
            (baseline, effect),
            missing,
            EXPERIMENTS,
            seed,
        );
        let coverage = Tally::share(tally.covered, tally.intervals);
        eprintln!(
            "baseline {baseline}, effect {effect}, missing {missing}: coverage {coverage:.4} \
             over {} intervals",
            tally.intervals
        );
        assert!(
            (coverage - 0.95).abs() <= allowance(0.95, tally.intervals),
            "baseline {baseline}, effect {effect}: {coverage}"
        );
    }
}

#[test]
fn the_interval_falls_a_little_short_when_the_step_takes_every_cramp_away() {
    // From a cramp every two nights to none: every "with" block is all zeros, the pair
    // differences are skewed, and the t-interval covers about 93.5% (README says so).
    let tally = simulate(DEFAULT_DESIGN, (0.5, -0.5), 0.0, EXPERIMENTS, 37);
    let coverage = Tally::share(tally.covered, tally.intervals);
    eprintln!("baseline 0.5, effect −0.5: coverage {coverage:.4}");
    assert!((0.92..0.95).contains(&coverage), "{coverage}");
}

#[test]
#[ignore = "compares designs for README; run with --ignored --nocapture"]
fn designs_compared() {
    for (pairs, block_nights, washout_nights) in [
        (6, 4, 0),
        (6, 4, 1),
        (8, 3, 0),
        (12, 2, 0),
        (7, 4, 0),
        (8, 4, 0),
    ] {
        let design = Design {
            pairs,
            block_nights,
            washout_nights,
        };
        let effect = simulate(design, (2.0, -1.0), 0.0, EXPERIMENTS, 41);
        let null = simulate(design, (2.0, 0.0), 0.0, EXPERIMENTS, 42);
        eprintln!(
            "{pairs} pairs × {block_nights} nights, washout {washout_nights} ({} nights): \
             power {:.3}, false positives {:.3}, coverage {:.3}",
            design.nights(),
            Tally::share(effect.fewer, EXPERIMENTS),
            Tally::share(null.clear, EXPERIMENTS),
            Tally::share(effect.covered, effect.intervals)
        );
    }
}
