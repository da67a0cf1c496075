//! An experiment's result in the words a tired person reads: the effect with its
//! interval and the pairs behind it, or plainly that it could not tell; how well the
//! schedule was kept; and always that the result is personal.

use super::analysis::{Interval, PairedEstimate, Verdict};
use super::result::ExperimentResult;
use crate::plural;

/// Said under every result.
pub const PERSONAL: &str = "This is about you, over these weeks; it is not a general result.";

/// Why a result is not shown before the schedule ends.
pub const WHY_WAIT: &str =
    "Looking early and stopping when the numbers look good biases the result.";

/// Every line of the result, the headline first and [`PERSONAL`] last.
pub fn describe(result: &ExperimentResult) -> Vec<String> {
    let mut lines = vec![headline(result)];
    if result.early {
        lines.push(format!(
            "This is an early look, not the result. {WHY_WAIT} The schedule goes on."
        ));
    } else if result.stopped {
        lines.push(format!(
            "The experiment was stopped after {} of {}.",
            plural::count(result.nights_passed, "night"),
            result.nights_total
        ));
    }
    lines.push(secondary(
        "Worst pain (0–10)",
        result.worst_pain.as_ref(),
        result.pain_nights,
        result.pairs,
        ("lower", "higher"),
    ));
    lines.push(secondary(
        "Minutes of cramp",
        result.minutes.as_ref(),
        result.minutes_nights,
        result.pairs,
        ("fewer", "more"),
    ));
    lines.push(kept(result));
    lines.push(PERSONAL.to_string());
    lines
}

/// The one line that says what the experiment found.
pub fn headline(result: &ExperimentResult) -> String {
    let step = the_step(&result.step_title);
    let pairs = format!("{} of {} pairs", result.pairs_used, result.pairs);
    let said = match (result.verdict, result.cramps) {
        (Verdict::FewerWith | Verdict::MoreWith, Some(estimate)) => {
            let (low, high) = estimate.interval.map_or((0.0, 0.0), |interval| {
                (interval.low.abs(), interval.high.abs())
            });
            let direction = if result.verdict == Verdict::FewerWith {
                "fewer"
            } else {
                "more"
            };
            format!(
                "with {step} you had {} {direction} cramps a night \
                 (95% interval {} to {}; {pairs}; {})",
                amount(estimate.effect.abs()),
                amount(low.min(high)),
                amount(low.max(high)),
                p_value(estimate.p_value)
            )
        }
        (_, Some(estimate)) => match estimate.interval {
            Some(interval) => format!(
                "no clear difference: {} could not tell a change smaller than about {} \
                 cramps a night either way (95% interval {}; {pairs}; {})",
                span(result),
                amount((interval.high - interval.low) / 2.0),
                interval_words(interval, ("fewer", "more")),
                p_value(estimate.p_value)
            ),
            None if estimate.effect == 0.0 => format!(
                "no clear difference: every pair came out the same with {step} and without \
                 ({pairs}), so there is no spread to put an interval on"
            ),
            None => format!(
                "no clear difference: every pair came out {} {} cramps a night with {step} \
                 ({pairs}; {}), and with no spread between the pairs there is no interval \
                 to judge it by",
                amount(estimate.effect.abs()),
                if estimate.effect < 0.0 {
                    "fewer"
                } else {
                    "more"
                },
                p_value(estimate.p_value)
            ),
        },
        (_, None) => format!(
            "not enough data{}: {} of {} pairs {} check-ins in both blocks, \
             and a comparison needs 2",
            if result.early { " yet" } else { "" },
            result.pairs_used,
            result.pairs,
            if result.pairs_used == 1 {
                "has"
            } else {
                "have"
            },
        ),
    };
    if result.early {
        format!(
            "Early look after {} of {} nights: {said}.",
            result.nights_passed, result.nights_total
        )
    } else {
        format!("{}.", capitalised(&said))
    }
}

/// "Worst pain (0–10), over 30 answered nights: 1.2 lower with it (95% interval …; 5 of 6 pairs)."
fn secondary(
    label: &str,
    estimate: Option<&PairedEstimate>,
    nights: u32,
    pairs: u32,
    (less, more): (&str, &str),
) -> String {
    match estimate {
        Some(estimate) => {
            let size = amount(estimate.effect.abs());
            let direction = if estimate.effect < 0.0 { less } else { more };
            let said = if size == amount(0.0) {
                "the same with it and without".to_string()
            } else {
                format!("{size} {direction} with it")
            };
            let interval = estimate.interval.map_or_else(
                || "the same in every pair: no interval".to_string(),
                |interval| format!("95% interval {}", interval_words(interval, (less, more))),
            );
            format!(
                "{label}, over {} answered: {said} ({interval}; {} of {pairs} pairs).",
                plural::count(nights, "night"),
                estimate.pairs_used
            )
        }
        None if nights == 0 => format!("{label}: not answered on enough nights to compare."),
        None => format!(
            "{label}: answered in both blocks of too few pairs to compare \
             ({} answered).",
            plural::count(nights, "night")
        ),
    }
}

/// How well the schedule was kept, the check-ins missing and the deviations.
fn kept(result: &ExperimentResult) -> String {
    let adherence = result.adherence;
    format!(
        "Schedule kept: the step done on {} of {} \"with\" nights and left out on {} of {} \
         \"without\" nights; {}; {} (left out, not counted as zero).",
        adherence.with_done,
        adherence.with_nights,
        adherence.without_left_out,
        adherence.without_nights,
        plural::count(result.deviations, "deviation"),
        plural::count(result.missing_checkins, "missing check-in")
    )
}

/// An interval in words: "0.9 fewer to 0.4 more", "0.2 to 1.5 fewer".
fn interval_words(interval: Interval, (less, more): (&str, &str)) -> String {
    let Interval { low, high } = interval;
    if high <= 0.0 {
        format!("{} to {} {less}", amount(-high), amount(-low))
    } else if low >= 0.0 {
        format!("{} to {} {more}", amount(low), amount(high))
    } else {
        format!("{} {less} to {} {more}", amount(-low), amount(high))
    }
}

/// A size to one decimal ("0.8"); two where one would show a real difference as 0.0.
fn amount(value: f64) -> String {
    if value != 0.0 && value.abs() < 0.05 {
        format!("{value:.2}")
    } else {
        format!("{value:.1}")
    }
}

/// "p = 0.03", "p = 1", "p < 0.001".
fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else if p >= 0.995 {
        "p = 1".to_string()
    } else if p < 0.01 {
        format!("p = {p:.3}")
    } else {
        format!("p = {p:.2}")
    }
}

/// How long the experiment ran, in words: "six weeks", "ten nights".
fn span(result: &ExperimentResult) -> String {
    let nights = result.span_nights;
    let text = if nights >= 14 {
        let weeks = (nights + 3) / 7;
        format!("{} weeks", number_word(weeks))
    } else {
        format!("{} {}", number_word(nights), plural::noun(nights, "night"))
    };
    if result.early {
        format!("{text} so far")
    } else {
        text
    }
}

/// Small numbers in words, larger ones in digits.
fn number_word(n: u32) -> String {
    const WORDS: [&str; 21] = [
        "no",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |word| word.to_string())
}

/// The step as it reads inside a sentence: "the magnesium-oil rub", "a glass of water".
pub fn the_step(title: &str) -> String {
    let title = crate::printable::line(title);
    let lowered = lower_first(&title);
    let articled = ["a ", "an ", "the ", "your ", "my "]
        .iter()
        .any(|article| lowered.starts_with(article));
    if articled {
        lowered
    } else {
        format!("the {lowered}")
    }
}

/// The first letter lowered, unless the word is an acronym ("ABC drill").
fn lower_first(title: &str) -> String {
    let mut chars = title.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(title.chars().skip(1)).collect()
        }
        (Some(first), None) => first.to_lowercase().collect(),
        _ => title.to_string(),
    }
}

/// The first letter raised.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::result::Adherence;

    fn estimate(effect: f64, low: f64, high: f64, p_value: f64, pairs_used: u32) -> PairedEstimate {
        PairedEstimate {
            effect,
            interval: Some(Interval { low, high }),
            p_value,
            pairs_used,
        }
    }

    fn finished(verdict: Verdict, cramps: Option<PairedEstimate>) -> ExperimentResult {
        ExperimentResult {
            step_title: "Magnesium-oil rub".into(),
            verdict,
            cramps,
            worst_pain: None,
            minutes: None,
            pairs: 6,
            pairs_used: cramps.map_or(0, |estimate| estimate.pairs_used),
            nights_with: 24,
            nights_without: 24,
            pain_nights: 0,
            minutes_nights: 0,
            missing_checkins: 0,
            deviations: 0,
            adherence: Adherence {
                with_nights: 24,
                with_done: 22,
                without_nights: 24,
                without_left_out: 23,
            },
            nights_passed: 48,
            nights_total: 48,
            span_nights: 45,
            early: false,
            stopped: false,
        }
    }

    #[test]
    fn a_clear_result_reads_as_the_effect_with_its_interval_pairs_and_p() {
        let result = finished(
            Verdict::FewerWith,
            Some(estimate(-0.8, -1.3, -0.3, 0.03125, 6)),
        );
        assert_eq!(
            headline(&result),
            "With the magnesium-oil rub you had 0.8 fewer cramps a night \
             (95% interval 0.3 to 1.3; 6 of 6 pairs; p = 0.03)."
        );
        let more = finished(Verdict::MoreWith, Some(estimate(0.6, 0.1, 1.1, 0.03125, 6)));
        assert_eq!(
            headline(&more),
            "With the magnesium-oil rub you had 0.6 more cramps a night \
             (95% interval 0.1 to 1.1; 6 of 6 pairs; p = 0.03)."
        );
    }

    #[test]
    fn no_clear_difference_says_what_the_weeks_could_not_tell() {
        // 45 nights is six weeks and three nights: "six weeks"; half-width (1.3 + 0.9)/2.
        let result = finished(
            Verdict::NoClearDifference,
            Some(estimate(0.2, -0.9, 1.3, 0.41, 6)),
        );
        assert_eq!(
            headline(&result),
            "No clear difference: six weeks could not tell a change smaller than about 1.1 \
             cramps a night either way (95% interval 0.9 fewer to 1.3 more; 6 of 6 pairs; \
             p = 0.41)."
        );
        let lines = describe(&result);
        assert_eq!(lines.last().map(String::as_str), Some(PERSONAL));
        assert_eq!(
            PERSONAL,
            "This is about you, over these weeks; it is not a general result."
        );
        assert!(lines.contains(
            &"Schedule kept: the step done on 22 of 24 \"with\" nights and left out on 23 of 24 \
              \"without\" nights; 0 deviations; 0 missing check-ins (left out, not counted as zero)."
                .to_string()
        ));
    }

    #[test]
    fn an_early_look_is_marked_early_in_its_headline_and_says_why() {
        let mut result = finished(
            Verdict::FewerWith,
            Some(estimate(-0.8, -1.3, -0.3, 0.03125, 6)),
        );
        result.early = true;
        result.nights_passed = 20;
        let lines = describe(&result);
        assert!(
            lines[0].starts_with("Early look after 20 of 48 nights: with the magnesium-oil rub"),
            "{}",
            lines[0]
        );
        assert!(lines[1].contains(WHY_WAIT), "{}", lines[1]);
    }

    #[test]
    fn too_few_pairs_say_how_many_were_compared() {
        let result = finished(Verdict::NotEnoughData, None);
        assert_eq!(
            headline(&result),
            "Not enough data: 0 of 6 pairs have check-ins in both blocks, \
             and a comparison needs 2."
        );
    }

    #[test]
    fn a_step_reads_as_part_of_a_sentence() {
        assert_eq!(the_step("Magnesium-oil rub"), "the magnesium-oil rub");
        assert_eq!(the_step("A glass of water"), "a glass of water");
        assert_eq!(the_step("ABC drill"), "the ABC drill");
        assert_eq!(the_step("足のストレッチ"), "the 足のストレッチ");
        assert_eq!(the_step("Rub\u{1b}[31m"), "the rub\\u001b[31m");
    }
}
