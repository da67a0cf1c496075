//! Counts with their nouns, singular for one: "1 night", "3 nights", "1 of 2 steps".
//!
//! Every noun winddown counts (step, night, check-in, item, minute, row…) makes its
//! plural with an `s`, so the singular is all a caller gives.

use std::borrow::Cow;
use std::fmt::Display;

/// `noun` as it goes with `n`: "night" for one, "nights" for any other number.
pub fn noun<N: Copy + PartialEq + From<u8>>(n: N, noun: &str) -> Cow<'_, str> {
    if n == N::from(1) {
        Cow::Borrowed(noun)
    } else {
        Cow::Owned(format!("{noun}s"))
    }
}

/// "1 night", "0 nights", "3 check-ins".
pub fn count<N: Copy + PartialEq + From<u8> + Display>(n: N, singular: &str) -> String {
    format!("{n} {}", noun(n, singular))
}

/// "1 of 2 steps", "1 of 1 step": part of a whole, the noun agreeing with the whole.
pub fn of<N: Copy + PartialEq + From<u8> + Display>(part: N, whole: N, singular: &str) -> String {
    format!("{part} of {whole} {}", noun(whole, singular))
}

/// "is" for one, "are" for any other number: "1 item is", "2 items are".
pub fn is_are<N: PartialEq + From<u8>>(n: N) -> &'static str {
    if n == N::from(1) { "is" } else { "are" }
}

/// A length in words, as a screen reader reads it well: "1 second", "2 minutes 30
/// seconds", "1 hour 5 minutes", "0 seconds".
pub fn seconds_in_words(total: u64) -> String {
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    let parts: Vec<String> = [(hours, "hour"), (minutes, "minute"), (seconds, "second")]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(n, unit)| count(n, unit))
        .collect();
    if parts.is_empty() {
        "0 seconds".to_string()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        assert_eq!(count(1usize, "check-in"), "1 check-in");
        assert_eq!(count(0usize, "check-in"), "0 check-ins");
        assert_eq!(count(1u32, "night"), "1 night");
        assert_eq!(count(14u32, "night"), "14 nights");
        assert_eq!(count(1u64, "minute"), "1 minute");
        assert_eq!(count(11u64, "minute"), "11 minutes");
        assert_eq!(noun(21usize, "step"), "steps");
    }

    #[test]
    fn a_part_agrees_with_its_whole() {
        assert_eq!(of(1usize, 2, "step"), "1 of 2 steps");
        assert_eq!(of(1usize, 1, "step"), "1 of 1 step");
        assert_eq!(of(0usize, 1, "step"), "0 of 1 step");
        assert_eq!(
            format!("{} {}", count(1usize, "item"), is_are(1usize)),
            "1 item is"
        );
        assert_eq!(
            format!("{} {}", count(2usize, "item"), is_are(2usize)),
            "2 items are"
        );
    }
}
