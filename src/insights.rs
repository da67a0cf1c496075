//! Which steps go with cramp-free nights: pure statistics over the user's own
//! nights, with their sample sizes, so a screen and a command say the same.
//!
//! Only nights with both a run and a check-in count. For each step, a night is
//! "with" when the step was done in any run of that night and "without"
//! otherwise (cut short, skipped, or not in that night's routine): a step cut
//! short is not done, and the nights it was are counted apart so they can be
//! said. A check-in of "3 or more" cramps counts as 3, so means on bad weeks are
//! if anything too low.

use crate::model::{NightSteps, StepTally};

/// Shown after every list of insights: the numbers invite a causal reading they cannot support.
pub const CAVEAT: &str = "These are correlations in your own nights, not proof: \
                          other things change from night to night.";

/// Nights needed on each side before a difference is estimated at all.
pub const MIN_NIGHTS: u32 = 7;

use distrs::StudentsT;

/// Cramps per night on one side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Side {
    /// How many nights.
    pub nights: u32,
    /// Mean cramps per night; `None` when there were no nights.
    pub mean: Option<f64>,
}

/// The difference of means (with − without) and its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    /// Mean cramps per night with the step minus without it; negative is fewer cramps.
    pub difference: f64,
    /// The interval's lower bound.
    pub low: f64,
    /// The interval's upper bound.
    pub high: f64,
}

/// What can be said about one step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Estimate {
    /// Enough nights on both sides.
    Difference(Difference),
    /// Too few nights: how many more are needed with and without the step.
    NeedsMore {
        /// More nights with the step done.
        with: u32,
        /// More nights without it.
        without: u32,
    },
    /// Done on every checked-in night: there is no night without it to compare with.
    AlwaysDone,
    /// Enough nights, but every night on each side had the same count: no spread, no interval.
    NoSpread,
}

/// Cramps with and without one step.
#[derive(Debug, Clone, PartialEq)]
pub struct StepInsight {
    /// The step's stable id.
    pub step_id: String,
    /// Its most recent title.
    pub title: String,
    /// Nights the step was done.
    pub with: Side,
    /// Nights it was not.
    pub without: Side,
    /// Of the nights without it, those it was cut short (begun, not held to the end).
    pub cut_short: u32,
    /// The difference, or how many more nights it needs.
    pub estimate: Estimate,
}

/// One insight per step of `steps` (in their order), over `nights` (nights with
/// both a run and a check-in, as from `Store::step_nights`).
pub fn step_insights(steps: &[StepTally], nights: &[NightSteps]) -> Vec<StepInsight> {
    steps
        .iter()
        .map(|step| {
            let (with, without): (Vec<&NightSteps>, Vec<&NightSteps>) = nights
                .iter()
                .partition(|night| night.done.contains(&step.step_id));
            let cramps = |side: Vec<&NightSteps>| -> Vec<f64> {
                side.iter().map(|night| f64::from(night.cramps)).collect()
            };
            let cut_short = count_nights(
                without
                    .iter()
                    .filter(|night| night.cut_short.contains(&step.step_id))
                    .count(),
            );
            let (with, without) = (cramps(with), cramps(without));
            let (n_with, n_without) = (count(&with), count(&without));
            let estimate = if n_without == 0 && n_with > 0 {
                Estimate::AlwaysDone
            } else if n_with >= MIN_NIGHTS && n_without >= MIN_NIGHTS {
                welch_interval(&with, &without).map_or(Estimate::NoSpread, Estimate::Difference)
            } else {
                Estimate::NeedsMore {
                    with: MIN_NIGHTS.saturating_sub(n_with),
                    without: MIN_NIGHTS.saturating_sub(n_without),
                }
            };
            StepInsight {
                step_id: step.step_id.clone(),
                title: step.title.clone(),
                with: side(&with),
                without: side(&without),
                cut_short,
                estimate,
            }
        })
        .collect()
}

/// The difference of means `a − b` with a 95% interval from Welch's standard
/// error, se = √(s₁²/n₁ + s₂²/n₂), times Student's t at the Welch–Satterthwaite
/// degrees of freedom. `None` unless both sides have at least two values (a
/// variance needs two) and some spread: with none, se is zero and the interval
/// would claim a certainty a handful of nights cannot give.
pub fn welch_interval(a: &[f64], b: &[f64]) -> Option<Difference> {
    let (mean_a, var_a) = mean_and_variance(a)?;
    let (mean_b, var_b) = mean_and_variance(b)?;
    let (share_a, share_b) = (var_a / a.len() as f64, var_b / b.len() as f64);
    let se_squared = share_a + share_b;
    if se_squared <= 0.0 {
        return None;
    }
    let df = se_squared.powi(2)
        / (share_a.powi(2) / (a.len() - 1) as f64 + share_b.powi(2) / (b.len() - 1) as f64);
    let half_width = t_975(df)? * se_squared.sqrt();
    let difference = mean_a - mean_b;
    Some(Difference {
        difference,
        low: difference - half_width,
        high: difference + half_width,
    })
}

/// Student's t at 0.975 for `df` degrees of freedom (the two-sided 95% critical value).
pub(crate) fn t_975(df: f64) -> Option<f64> {
    let t = StudentsT::ppf(0.975, df);
    t.is_finite().then_some(t)
}

/// The mean and the sample variance (divided by n − 1); `None` below two values.
fn mean_and_variance(values: &[f64]) -> Option<(f64, f64)> {
    if values.len() < 2 {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let squares = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>();
    Some((mean, squares / (n - 1.0)))
}

fn side(values: &[f64]) -> Side {
    Side {
        nights: count(values),
        mean: (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64),
    }
}

/// A night count; no history holds more than `u32::MAX` nights.
fn count(values: &[f64]) -> u32 {
    count_nights(values.len())
}

/// `nights` as a night count, saturating.
fn count_nights(nights: usize) -> u32 {
    u32::try_from(nights).unwrap_or(u32::MAX)
}

/// One line for a screen: the difference with its interval and sample sizes, or how
/// many more nights are needed.
pub fn describe(insight: &StepInsight) -> String {
    let line = describe_estimate(insight);
    match insight.cut_short {
        0 => line,
        nights => format!(
            "{line}; cut short on {}, counted as without",
            crate::plural::count(nights, "night")
        ),
    }
}

/// The estimate part of [`describe`].
fn describe_estimate(insight: &StepInsight) -> String {
    match insight.estimate {
        Estimate::Difference(d) => format!(
            "{}: {:+.1} cramps a night with it (95% {:+.1} to {:+.1}; {} nights with, {} without)",
            insight.title, d.difference, d.low, d.high, insight.with.nights, insight.without.nights
        ),
        Estimate::NeedsMore { with, without } => {
            format!("{}: {}", insight.title, needs_more(with, without))
        }
        Estimate::AlwaysDone => format!(
            "{}: done on every checked-in night, so there is nothing to compare it with",
            insight.title
        ),
        Estimate::NoSpread => format!(
            "{}: {:.1} cramps every night with it and {:.1} without ({}): \
             no spread yet to put an interval on",
            insight.title,
            insight.with.mean.unwrap_or_default(),
            insight.without.mean.unwrap_or_default(),
            nights_each_way(insight.with.nights, insight.without.nights)
        ),
    }
}

/// "7 nights each way", or "9 nights with, 7 without".
fn nights_each_way(with: u32, without: u32) -> String {
    if with == without {
        format!("{with} nights each way")
    } else {
        format!("{with} nights with, {without} without")
    }
}

/// "needs 4 more nights with it and 2 without".
pub fn needs_more(with: u32, without: u32) -> String {
    let nights = |n: u32| crate::plural::noun(n, "night");
    match (with, without) {
        (0, without) => format!("needs {without} more {} without it", nights(without)),
        (with, 0) => format!("needs {with} more {} with it", nights(with)),
        (with, without) => format!(
            "needs {with} more {} with it and {without} without",
            nights(with)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn tally(id: &str) -> StepTally {
        StepTally {
            step_id: id.to_string(),
            title: id.to_uppercase(),
            ..StepTally::default()
        }
    }

    /// Night `day` of May 2024 with `cramps` and the steps done.
    fn night(day: u32, cramps: u8, done: &[&str]) -> NightSteps {
        NightSteps {
            night: NaiveDate::from_ymd_opt(2024, 5, day).expect("valid date"),
            cramps,
            done: done.iter().map(|id| id.to_string()).collect(),
            cut_short: Default::default(),
        }
    }

    fn round3(value: f64) -> f64 {
        (value * 1000.0).round() / 1000.0
    }

    /// Calf done on 7 nights with cramps 0,0,1,0,2,0,1 (mean 4/7, variance 13/21)
    /// and not on 7 with 1,2,3,1,2,2,3 (mean 2, variance 2/3). Soak every night;
    /// water on three nights only, and one night with no run of it at all.
    fn fixture() -> Vec<NightSteps> {
        let with = [0, 0, 1, 0, 2, 0, 1];
        let without = [1, 2, 3, 1, 2, 2, 3];
        let mut nights = Vec::new();
        for (day, cramps) in (1..).zip(with) {
            let water = if day <= 3 { &["water"][..] } else { &[][..] };
            let mut done = vec!["calf", "soak"];
            done.extend_from_slice(water);
            nights.push(night(day, cramps, &done));
        }
        for (day, cramps) in (8..).zip(without) {
            nights.push(night(day, cramps, &["soak"]));
        }
        nights
    }

    #[test]
    fn welch_interval_matches_the_hand_computed_answer() {
        // se = √((13/21)/7 + (2/3)/7) = √(9/49) = 3/7; difference = 4/7 − 2 = −10/7.
        // Welch–Satterthwaite: df = (27/147)² / (((13/147)² + (14/147)²)/6) = 11.9836;
        // t(0.975, 11.9836) = 2.179144 (t tables: 2.178813 at 12 df, 2.200985 at 11).
        // Interval: (−10 ± 2.179144·3)/7 = −2.362490… to −0.494652…
        let insights = step_insights(&[tally("calf")], &fixture());
        let calf = &insights[0];
        assert_eq!(calf.title, "CALF");
        assert_eq!(calf.with.nights, 7);
        assert_eq!(calf.without.nights, 7);
        assert_eq!(calf.with.mean.map(round3), Some(0.571));
        assert_eq!(calf.without.mean.map(round3), Some(2.0));
        let Estimate::Difference(difference) = calf.estimate else {
            panic!("expected an estimate, got {:?}", calf.estimate);
        };
        assert_eq!(round3(difference.difference), -1.429);
        assert_eq!(round3(difference.low), -2.362);
        assert_eq!(round3(difference.high), -0.495);
    }

    #[test]
    fn a_step_done_every_night_has_no_without_side() {
        let insights = step_insights(&[tally("soak")], &fixture());
        let soak = &insights[0];
        assert_eq!(soak.with.nights, 14);
        assert_eq!(soak.with.mean.map(round3), Some(1.286));
        assert_eq!(
            soak.without,
            Side {
                nights: 0,
                mean: None
            }
        );
        // Skipping it to gather nights is not advice worth giving.
        assert_eq!(soak.estimate, Estimate::AlwaysDone);
        assert_eq!(
            describe(soak),
            "SOAK: done on every checked-in night, so there is nothing to compare it with"
        );
    }

    #[test]
    fn too_few_nights_say_how_many_more_on_each_side() {
        let insights = step_insights(&[tally("water"), tally("never")], &fixture());
        assert_eq!(insights[0].with.nights, 3);
        assert_eq!(insights[0].without.nights, 11);
        assert_eq!(
            insights[0].estimate,
            Estimate::NeedsMore {
                with: 4,
                without: 0
            }
        );
        // Never done: every night is a night without it.
        assert_eq!(insights[1].with.mean, None);
        assert_eq!(
            insights[1].estimate,
            Estimate::NeedsMore {
                with: 7,
                without: 0
            }
        );
        // Six and six: still one short on each side.
        let few: Vec<NightSteps> = fixture()
            .into_iter()
            .filter(|night| !matches!(night.night.format("%d").to_string().as_str(), "07" | "14"))
            .collect();
        assert_eq!(
            step_insights(&[tally("calf")], &few)[0].estimate,
            Estimate::NeedsMore {
                with: 1,
                without: 1
            }
        );
        assert!(step_insights(&[tally("calf")], &[]).iter().all(|insight| {
            insight.estimate
                == Estimate::NeedsMore {
                    with: 7,
                    without: 7,
                }
        }));
    }

    #[test]
    fn seven_identical_nights_each_way_give_no_interval() {
        let same = [1.0; 7];
        assert_eq!(welch_interval(&same, &same), None);
        assert_eq!(welch_interval(&[1.0], &same), None);
        let nights: Vec<NightSteps> = (1..=14)
            .map(|day| night(day, 1, if day <= 7 { &["calf"][..] } else { &[][..] }))
            .collect();
        let calf = &step_insights(&[tally("calf")], &nights)[0];
        assert_eq!(calf.estimate, Estimate::NoSpread);
        let line = describe(calf);
        assert_eq!(
            line,
            "CALF: 1.0 cramps every night with it and 1.0 without (7 nights each way): \
             no spread yet to put an interval on"
        );
        assert!(!line.contains("to +0.0"), "{line}");
    }

    #[test]
    fn the_t_quantile_matches_published_tables() {
        // Two-sided 95% critical values of Student's t from standard tables.
        for (df, table) in [
            (1.0, 12.706205),
            (2.0, 4.302653),
            (6.0, 2.446912),
            (12.0, 2.178813),
            (30.0, 2.042272),
            (120.0, 1.979930),
        ] {
            let t = t_975(df).expect("a quantile");
            assert!((t - table).abs() < 1e-5, "df {df}: {t} vs {table}");
        }
    }

    #[test]
    fn describes_an_estimate_and_a_shortfall_in_one_line() {
        let side = |nights, mean| Side {
            nights,
            mean: Some(mean),
        };
        let known = StepInsight {
            step_id: "calf".into(),
            title: "Calf stretch".into(),
            with: side(30, 0.5),
            without: side(12, 1.3),
            cut_short: 0,
            estimate: Estimate::Difference(Difference {
                difference: -0.8,
                low: -1.24,
                high: -0.36,
            }),
        };
        assert_eq!(
            describe(&known),
            "Calf stretch: -0.8 cramps a night with it (95% -1.2 to -0.4; 30 nights with, 12 without)"
        );
        let short = StepInsight {
            estimate: Estimate::NeedsMore {
                with: 0,
                without: 3,
            },
            ..known.clone()
        };
        assert_eq!(
            describe(&short),
            "Calf stretch: needs 3 more nights without it"
        );
        let cut = StepInsight {
            cut_short: 2,
            ..known
        };
        assert_eq!(
            describe(&cut),
            "Calf stretch: -0.8 cramps a night with it (95% -1.2 to -0.4; 30 nights with, 12 without); \
             cut short on 2 nights, counted as without"
        );
    }

    #[test]
    fn a_night_the_step_was_cut_short_is_a_night_without_it() {
        // The fixture's calf nights 8 and 9 (cramps 1 and 2) cut short instead of
        // skipped: the same two sides, and the two nights said.
        let mut nights = fixture();
        for night in &mut nights[7..9] {
            night.cut_short.insert("calf".to_string());
        }
        let calf = &step_insights(&[tally("calf")], &nights)[0];
        assert_eq!((calf.with.nights, calf.without.nights), (7, 7));
        assert_eq!(calf.without.mean.map(round3), Some(2.0));
        assert_eq!(calf.cut_short, 2);
        let soak = &step_insights(&[tally("soak")], &nights)[0];
        assert_eq!(soak.cut_short, 0);
    }
}
