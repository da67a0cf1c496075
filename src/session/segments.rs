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
    let mut segments = Vec::new();
    for side in sides {
        for set in 1..=step.sets.max(1) {
            if !segments.is_empty()
                && let Some(rest) = step.rest
            {
                segments.push((Segment::Rest, rest));
            }
            let side = side.clone();
            segments.push((
                Segment::Hold {
                    set,
                    sets: step.sets.max(1),
                    side,
                },
                hold,
            ));
        }
    }
    segments
}
