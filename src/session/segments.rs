//! How a timed step unfolds into holds and rests.

use std::time::Duration;

use crate::routine::Step;

use super::Segment;

/// The holds and rests of a timed step, in order, each with its length.
/// Side-major: every set of the first side, then every set of the next,
/// with a rest between any two consecutive holds. Empty for untimed steps.
pub(super) fn segments(step: &Step) -> Vec<(Segment, Duration)> {
    let Some(hold) = step.duration else {
        return Vec::new();
    };
    let sides: Vec<Option<String>> = if step.sides.is_empty() {
        vec![None]
    } else {
        step.sides.iter().cloned().map(Some).collect()
    };
    let lead_in = step.lead_in.filter(|lead_in| !lead_in.is_zero());
    let sets = step.sets.max(1);
    let mut segments = Vec::new();
    for side in sides {
        for set in 1..=sets {
            // A rest is time to get ready too, so a hold gets a lead-in only without one.
            let rest = step.rest.filter(|_| !segments.is_empty());
            if let Some(rest) = rest {
                segments.push((Segment::Rest, rest));
            } else if let Some(lead_in) = lead_in {
                let side = side.clone();
                segments.push((Segment::GetReady { set, sets, side }, lead_in));
            }
            let side = side.clone();
            segments.push((Segment::Hold { set, sets, side }, hold));
        }
    }
    segments
}

/// What a timed step's holds are, as text that changes whenever they do: the hold's
/// length, the sets, the sides, the rest and the lead-in. A saved place names one of
/// the holds a step had then, and means another hold if these changed since. Empty for
/// an untimed step.
pub fn plan_key(step: &Step) -> String {
    let Some(hold) = step.duration else {
        return String::new();
    };
    let millis = |length: Option<Duration>| length.map_or(0, |length| length.as_millis());
    format!(
        "hold {} ms, {} sets, rest {} ms, lead-in {} ms, sides {:?}",
        hold.as_millis(),
        step.sets.max(1),
        millis(step.rest),
        millis(step.lead_in),
        step.sides
    )
}
