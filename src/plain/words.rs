//! How times and holds are said in plain lines: words a screen reader reads
//! well ("1 minute 30 seconds"), never clock digits ("1:30").

use std::time::Duration;

use crate::routine::Step;
use crate::session::Segment;

use super::countdown::whole_seconds;

/// "1 second", "45 seconds", "2 minutes 30 seconds", "1 hour 5 minutes"; a part
/// second counts as a whole one, as the countdown shows it.
pub fn spoken(time: Duration) -> String {
    crate::plural::seconds_in_words(whole_seconds(time))
}

/// "1 item", "3 items".
pub use crate::plural::count as plural;

/// The first letter in upper case: "left leg" -> "Left leg".
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Which hold this is, e.g. "left leg, set 2 of 3", "set 2 of 3", "left leg";
/// empty for a single unsided hold.
pub fn which_hold(side: Option<&str>, set: u32, sets: u32) -> String {
    match (side, sets > 1) {
        (Some(side), true) => format!("{side}, set {set} of {sets}"),
        (Some(side), false) => side.to_string(),
        (None, true) => format!("set {set} of {sets}"),
        (None, false) => String::new(),
    }
}

/// The hold coming after a rest, said briefly: "left leg, set 2", "set 2", "right leg".
pub fn next_hold(segment: &Segment) -> Option<String> {
    let Segment::Hold { set, sets, side } = segment else {
        return None;
    };
    let brief = match (side, *sets > 1) {
        (Some(side), true) => format!("{side}, set {set}"),
        (Some(side), false) => side.clone(),
        (None, _) => format!("set {set}"),
    };
    Some(brief)
}

/// Whether a timed step is a series of holds (sides or sets) rather than one stretch of time.
pub fn is_series(step: &Step) -> bool {
    !step.sides.is_empty() || step.sets > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_said_in_words() {
        assert_eq!(spoken(Duration::from_secs(1)), "1 second");
        assert_eq!(spoken(Duration::from_secs(45)), "45 seconds");
        assert_eq!(spoken(Duration::from_secs(60)), "1 minute");
        assert_eq!(spoken(Duration::from_secs(150)), "2 minutes 30 seconds");
        assert_eq!(spoken(Duration::from_secs(3900)), "1 hour 5 minutes");
        assert_eq!(spoken(Duration::from_millis(14_200)), "15 seconds");
        assert_eq!(spoken(Duration::ZERO), "0 seconds");
    }

    #[test]
    fn holds_are_named_by_side_and_set() {
        assert_eq!(which_hold(Some("left leg"), 2, 3), "left leg, set 2 of 3");
        assert_eq!(which_hold(Some("left leg"), 1, 1), "left leg");
        assert_eq!(which_hold(None, 2, 3), "set 2 of 3");
        assert_eq!(which_hold(None, 1, 1), "");
        let next = Segment::Hold {
            set: 2,
            sets: 3,
            side: Some("left leg".into()),
        };
        assert_eq!(next_hold(&next).as_deref(), Some("left leg, set 2"));
        assert_eq!(next_hold(&Segment::Rest), None);
    }
}
