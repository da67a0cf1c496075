//! Random evenings of random steps and keys: the engine never loses time while
//! paused, never leaves its steps, never shows more time left than the part has,
//! and never credits the steps with more active time than was watched.

use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::tests::{secs, step};
use super::*;
use crate::routine::Step;

fn arb_step() -> impl Strategy<Value = Step> {
    (
        prop::option::of(1u64..90),
        0usize..3,
        1u32..4,
        prop::option::of(1u64..20),
        0usize..3,
    )
        .prop_map(|(duration, sides, sets, rest, items)| {
            let timed = duration.is_some();
            Step {
                duration: duration.map(secs),
                sides: if timed {
                    (0..sides).map(|i| format!("side {i}")).collect()
                } else {
                    Vec::new()
                },
                sets: if timed { sets } else { 1 },
                rest: if timed { rest.map(secs) } else { None },
                checklist: (0..items).map(|i| format!("item {i}")).collect(),
                ..step("Step")
            }
        })
}

fn arb_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Tick),
        Just(Action::TogglePause),
        Just(Action::Finish),
        Just(Action::Skip),
        Just(Action::Back),
        Just(Action::AddTime),
        Just(Action::TakeTime),
        (0usize..4).prop_map(Action::ToggleItem),
    ]
}

proptest! {
    #[test]
    fn random_evenings_keep_the_engine_sane(
        steps in prop::collection::vec(arb_step(), 1..6),
        moves in prop::collection::vec(
            (arb_action(), 0u64..120_000, prop::option::weighted(0.2, 1u64..3_600_000)),
            1..80,
        ),
    ) {
        let t0 = Instant::now();
        let count = steps.len();
        let mut session = Session::new(steps, t0);
        let mut at = t0;
        let mut unwatched = Duration::ZERO;
        for (action, jump_ms, gap_ms) in moves {
            let before = session.remaining(at);
            let was_paused = session.is_paused();
            at += Duration::from_millis(jump_ms);
            if was_paused {
                prop_assert_eq!(session.remaining(at), before, "pause consumed time");
            }
            // Time nobody watched, as a front end reports it when no hold counts.
            if let Some(gap) = gap_ms.map(Duration::from_millis)
                && session.remaining(at).is_none_or(|_| session.is_paused())
            {
                session.update(Action::Unwatched { until: at + gap }, at);
                at += gap;
                unwatched += gap;
            }
            session.update(action, at);
            prop_assert!(session.position() <= count);
            prop_assert_eq!(session.results().len(), count);
            if let (Some(remaining), Some(length)) = (session.remaining(at), session.segment_length()) {
                prop_assert!(remaining <= length, "remaining {remaining:?} > length {length:?}");
            }
            if session.is_finished() {
                prop_assert!(session.current_step().is_none());
            } else {
                prop_assert_eq!(session.checked().len(), session.current_step().map_or(0, |s| s.checklist.len()));
            }
            let credited: Duration = session.results().iter().flatten().map(|result| result.active).sum();
            let watched = (at - t0).saturating_sub(unwatched);
            prop_assert!(credited <= watched, "{credited:?} credited, {watched:?} watched");
        }
    }
}
