//! The statistics of an experiment: pair differences summed up as an effect with its
//! 95% t-interval, the exact randomisation test, and the verdict.
//!
//! Each pair has one block with the step and one without, in an order drawn at random.
//! Under "the step makes no difference", which block of a pair got the step changed
//! nothing, so each pair's difference was as likely to come out with the opposite
//! sign: the p-value is the share of all 2^pairs sign assignments whose summed
//! difference is at least as far from zero as the one observed.

use serde::Serialize;

use crate::insights::t_975;

/// The largest p-value that counts as a clear result.
pub const ALPHA: f64 = 0.05;

/// An effect over pairs: the mean of the differences (with − without), its 95%
/// interval and the exact randomisation p.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairedEstimate {
    /// The mean difference, with − without; negative is fewer with the step.
    pub effect: f64,
    /// The 95% t-interval; `None` when every pair differed by the same amount (most
    /// often: no cramps at all), where a zero-width interval would claim a certainty
    /// a few sparse nights cannot give.
    pub interval: Option<Interval>,
    /// The exact two-sided randomisation p-value.
    pub p_value: f64,
    /// How many pairs had a difference (answered nights in both blocks).
    pub pairs_used: u32,
}

/// A 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Its lower end.
    pub low: f64,
    /// Its upper end.
    pub high: f64,
}

/// What an experiment's primary outcome says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Fewer cramps with the step: p ≤ 0.05 and an interval below zero.
    FewerWith,
    /// More cramps with the step: p ≤ 0.05 and an interval above zero.
    MoreWith,
    /// Neither clear: the interval holds zero or p > 0.05.
    NoClearDifference,
    /// Fewer than two pairs with check-ins in both blocks.
    NotEnoughData,
}

impl Verdict {
    /// The word scripts read in `experiment result --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::FewerWith => "fewer_with",
            Verdict::MoreWith => "more_with",
            Verdict::NoClearDifference => "no_clear_difference",
            Verdict::NotEnoughData => "not_enough_data",
        }
    }
}

/// The effect over `differences` (one per pair, with − without); `None` below two pairs.
pub fn paired(differences: &[f64]) -> Option<PairedEstimate> {
    let pairs = differences.len();
    if pairs < 2 {
        return None;
    }
    let n = pairs as f64;
    let effect = differences.iter().sum::<f64>() / n;
    let variance = differences
        .iter()
        .map(|difference| (difference - effect).powi(2))
        .sum::<f64>()
        / (n - 1.0);
    let spread = variance > 1e-12 * (1.0 + effect * effect);
    let interval = match t_975(n - 1.0) {
        Some(t) if spread => {
            let half_width = t * (variance / n).sqrt();
            Some(Interval {
                low: effect - half_width,
                high: effect + half_width,
            })
        }
        _ => None,
    };
    Some(PairedEstimate {
        effect,
        interval,
        p_value: randomisation_p(differences),
        pairs_used: u32::try_from(pairs).unwrap_or(u32::MAX),
    })
}

/// The exact two-sided randomisation p-value of the pair differences: the share of
/// the 2^pairs ways of giving each difference a sign whose sum is at least as far
/// from zero as the observed sum. Sums equal up to rounding count as equal.
pub fn randomisation_p(differences: &[f64]) -> f64 {
    let pairs = differences.len();
    if pairs == 0 {
        return 1.0;
    }
    // More pairs than this never reach here: a design has at most 16.
    assert!(
        pairs < 32,
        "{pairs} pairs is more than the exact test can weigh"
    );
    let observed = differences.iter().sum::<f64>().abs();
    let scale = differences.iter().map(|d| d.abs()).sum::<f64>().max(1.0);
    let threshold = observed - 1e-9 * scale;
    let orderings = 1_u64 << pairs;
    let as_far = (0..orderings)
        .filter(|signs| {
            let sum: f64 = differences
                .iter()
                .enumerate()
                .map(|(pair, d)| if signs >> pair & 1 == 1 { -d } else { *d })
                .sum();
            sum.abs() >= threshold
        })
        .count();
    as_far as f64 / orderings as f64
}

/// The verdict on the primary outcome's estimate (`None`: fewer than two pairs).
pub fn verdict(estimate: Option<&PairedEstimate>) -> Verdict {
    let Some(estimate) = estimate else {
        return Verdict::NotEnoughData;
    };
    match estimate.interval {
        Some(interval) if estimate.p_value <= ALPHA && interval.high < 0.0 => Verdict::FewerWith,
        Some(interval) if estimate.p_value <= ALPHA && interval.low > 0.0 => Verdict::MoreWith,
        _ => Verdict::NoClearDifference,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round4(value: f64) -> f64 {
        (value * 10_000.0).round() / 10_000.0
    }

    #[test]
    fn three_pairs_weigh_all_eight_orderings_by_hand() {
        // Differences 1, 2, 3: the eight signed sums are ±1 ±2 ±3 =
        // 6, 4, 2, 0, 0, −2, −4, −6. Observed 6: as far or further only 6 and −6: p = 2/8.
        assert_eq!(randomisation_p(&[1.0, 2.0, 3.0]), 0.25);
        // Differences −1, 2, 3 (sum 4): |sums| 6, 4, 2, 0, 0, 2, 4, 6 → four reach 4: p = 4/8.
        assert_eq!(randomisation_p(&[-1.0, 2.0, 3.0]), 0.5);
        // Differences 1, −1, 0.5 (sum 0.5): signed sums ±1 ±1 ±0.5 =
        // 2.5, 1.5, 0.5, −0.5, 0.5, −0.5, −1.5, −2.5: every one is at least 0.5 away: p = 1.
        assert_eq!(randomisation_p(&[1.0, -1.0, 0.5]), 1.0);
        // Differences 0, 0, 2 (sum 2): the zeros' signs change nothing, 4 of 8 give +2
        // and 4 give −2: p = 1.
        assert_eq!(randomisation_p(&[0.0, 0.0, 2.0]), 1.0);
        // Differences 2, 1, 1 (sum 4): 2+1+1 = 4 and −4 only; 2+1−1 = 2, 2−1+1 = 2,
        // 2−1−1 = 0, …: p = 2/8.
        assert_eq!(randomisation_p(&[2.0, 1.0, 1.0]), 0.25);
    }

    #[test]
    fn sums_equal_but_for_rounding_count_as_equal() {
        // Differences −1/5, −2/3, 2/5, −3/4, 1/5 (sum −61/60). Counted in exact
        // fractions, 14 of the 32 signed sums are at least 61/60 from zero; compared
        // as floating-point numbers as they come, two of the equal ones fall short by
        // a rounding error and only 12 do.
        let differences = [-0.2, -2.0 / 3.0, 0.4, -0.75, 0.2];
        assert_eq!(randomisation_p(&differences), 14.0 / 32.0);
    }

    #[test]
    fn six_pairs_all_one_way_reach_the_smallest_p() {
        // 2 of 64 orderings: the only way 6 pairs can reach p ≤ 0.05.
        assert_eq!(
            randomisation_p(&[-1.0, -0.5, -0.25, -1.0, -0.75, -0.5]),
            2.0 / 64.0
        );
        // One pair with no difference doubles it: its sign is free.
        assert_eq!(
            randomisation_p(&[-1.0, -0.5, -0.25, -1.0, -0.75, 0.0]),
            4.0 / 64.0
        );
    }

    #[test]
    fn the_interval_is_the_mean_plus_minus_t_times_the_standard_error() {
        // Differences −1, −0.5, 0, −1.5: mean −0.75; variance
        // (0.0625 + 0.0625 + 0.5625 + 0.5625)/3 = 0.416667; se = √(0.416667/4) = 0.322749;
        // t(0.975, 3) = 3.182446 (tables): half-width 1.027128.
        let estimate = paired(&[-1.0, -0.5, 0.0, -1.5]).expect("an estimate");
        assert_eq!(estimate.effect, -0.75);
        let interval = estimate.interval.expect("an interval");
        assert_eq!(round4(interval.low), -1.7771);
        assert_eq!(round4(interval.high), 0.2771);
        // Signed sums as far as |−3|: all-minus and all-plus, and the zero's sign is
        // free: 4 of 16.
        assert_eq!(estimate.p_value, 0.25);
        assert_eq!(estimate.pairs_used, 4);
        assert_eq!(verdict(Some(&estimate)), Verdict::NoClearDifference);
    }

    #[test]
    fn a_clear_verdict_needs_both_a_small_p_and_an_interval_clear_of_zero() {
        let estimate = |effect: f64, low, high, p_value| PairedEstimate {
            effect,
            interval: Some(Interval { low, high }),
            p_value,
            pairs_used: 6,
        };
        assert_eq!(
            verdict(Some(&estimate(-0.8, -1.3, -0.3, 0.03))),
            Verdict::FewerWith
        );
        assert_eq!(
            verdict(Some(&estimate(0.8, 0.3, 1.3, 0.05))),
            Verdict::MoreWith
        );
        // Small p, but the interval reaches zero.
        assert_eq!(
            verdict(Some(&estimate(-0.8, -1.6, 0.01, 0.03))),
            Verdict::NoClearDifference
        );
        // Interval clear of zero, but p over 0.05.
        assert_eq!(
            verdict(Some(&estimate(-0.8, -1.3, -0.3, 0.0625))),
            Verdict::NoClearDifference
        );
        assert_eq!(verdict(None), Verdict::NotEnoughData);
        assert_eq!(paired(&[-1.0]), None);
        assert_eq!(paired(&[]), None);
    }

    #[test]
    fn pairs_that_all_differ_the_same_give_no_interval_and_no_clear_verdict() {
        // Eight pairs without a cramp: nothing to compare, and no certainty either.
        let none = paired(&[0.0; 8]).expect("an estimate");
        assert_eq!(none.interval, None);
        assert_eq!(none.p_value, 1.0);
        assert_eq!(verdict(Some(&none)), Verdict::NoClearDifference);
        // Every pair one third of a cramp fewer: p is as small as 8 pairs allow
        // (2 of 256), but a zero-width interval is no interval.
        let same = paired(&[-1.0 / 3.0; 8]).expect("an estimate");
        assert_eq!(same.interval, None);
        assert_eq!(same.p_value, 2.0 / 256.0);
        assert_eq!(verdict(Some(&same)), Verdict::NoClearDifference);
    }
}
