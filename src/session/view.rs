//! What the session shows: read-only views of where it stands.

use std::time::{Duration, Instant};

use crate::routine::Step;

use super::engine::{Session, Timer};
use super::{Outcome, Segment, StepResult, Tally};

impl Session {
    /// Tonight's steps, in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Index of the current step; equal to `steps().len()` once finished.
    pub fn position(&self) -> usize {
        self.position
    }

    /// Where the run stands, as a resume would need it: the step, the hold or rest
    /// within it, and whether its timer is over (a changed place is worth saving at once).
    pub fn place(&self) -> (usize, usize, bool) {
        (self.position, self.segment, self.timer == Timer::Waiting)
    }

    /// The step in progress, `None` once finished.
    pub fn current_step(&self) -> Option<&Step> {
        self.steps.get(self.position)
    }

    /// The step after the current one.
    pub fn up_next(&self) -> Option<&Step> {
        self.steps.get(self.position + 1)
    }

    /// Whether every step has ended.
    pub fn is_finished(&self) -> bool {
        self.position >= self.steps.len()
    }

    /// Whether the current timer is paused.
    pub fn is_paused(&self) -> bool {
        matches!(self.timer, Timer::Paused { .. })
    }

    /// Whether the session waits for the user: an untimed step, or a timed checklist whose time is up.
    pub fn is_waiting(&self) -> bool {
        !self.is_finished() && self.timer == Timer::Waiting
    }

    /// Whether going back (`Action::Back`) has anywhere to go: a step before this
    /// one, a part of this step before the one under way, a timer to start over,
    /// or the last hold of a timed checklist whose time ran out. (Not time itself:
    /// what a screen offers changes only when the step or the part does.)
    pub fn can_go_back(&self) -> bool {
        if self.is_finished() {
            return false;
        }
        let timed = match self.timer {
            Timer::Running { .. } | Timer::Paused { .. } => true,
            Timer::Waiting => self
                .plans
                .get(self.position)
                .is_some_and(|plan| !plan.is_empty()),
        };
        self.position > 0 || self.segment > 0 || timed
    }

    /// The hold or rest being timed, `None` when no timer belongs to this moment.
    pub fn segment(&self) -> Option<Segment> {
        if self.timer == Timer::Waiting {
            return None;
        }
        self.plans
            .get(self.position)?
            .get(self.segment)
            .map(|(segment, _)| segment.clone())
    }

    /// During a rest, the hold that follows it.
    pub fn hold_after_rest(&self) -> Option<Segment> {
        if self.segment()? != Segment::Rest {
            return None;
        }
        let plan = self.plans.get(self.position)?;
        plan.iter()
            .skip(self.segment + 1)
            .map(|(segment, _)| segment)
            .find(|segment| matches!(segment, Segment::Hold { .. }))
            .cloned()
    }

    /// Time left on the current hold or rest (frozen while paused).
    pub fn remaining(&self, now: Instant) -> Option<Duration> {
        match self.timer {
            Timer::Running { deadline, .. } => Some(deadline.saturating_duration_since(now)),
            Timer::Paused { remaining, .. } => Some(remaining),
            Timer::Waiting => None,
        }
    }

    /// Full length of the current hold or rest, including `+`/`-` adjustments.
    pub fn segment_length(&self) -> Option<Duration> {
        match self.timer {
            Timer::Running { length, .. } | Timer::Paused { length, .. } => Some(length),
            Timer::Waiting => None,
        }
    }

    /// Ticked state of the current step's checklist items.
    pub fn checked(&self) -> &[bool] {
        if self.is_finished() {
            return &[];
        }
        self.ticks.get(self.position).map_or(&[], Vec::as_slice)
    }

    /// Timed length still ahead: the current segment's remainder, the rest of this step, and later steps.
    pub fn remaining_total(&self, now: Instant) -> Duration {
        let current = self.remaining(now).unwrap_or_default();
        let rest_of_step: Duration = match (self.timer, self.plans.get(self.position)) {
            (Timer::Waiting, _) | (_, None) => Duration::ZERO,
            (_, Some(plan)) => plan
                .iter()
                .skip(self.segment + 1)
                .map(|(_, length)| *length)
                .sum(),
        };
        let later = crate::routine::length_of(self.steps.get(self.position + 1..).unwrap_or(&[]));
        current + rest_of_step + later
    }

    /// How many steps were done, cut short and skipped, so far.
    pub fn tally(&self) -> Tally {
        let ended = |outcome| {
            self.results
                .iter()
                .flatten()
                .filter(|result| result.outcome == outcome)
                .count()
        };
        Tally {
            done: ended(Outcome::Done),
            cut_short: ended(Outcome::CutShort),
            skipped: ended(Outcome::Skipped),
            total: self.steps.len(),
        }
    }

    /// The result of every step so far (`None` for steps not yet ended).
    pub fn results(&self) -> &[Option<StepResult>] {
        &self.results
    }

    /// The next moment the display changes on its own (the countdown's next whole second
    /// or a deadline); `None` while paused or waiting for the user.
    pub fn next_change(&self, now: Instant) -> Option<Instant> {
        let Timer::Running { deadline, .. } = self.timer else {
            return None;
        };
        let remaining = deadline.saturating_duration_since(now);
        let shown = remaining.as_secs() + u64::from(remaining.subsec_nanos() > 0);
        // The display drops from `shown` to `shown - 1` when that many whole seconds remain.
        Some(deadline - Duration::from_secs(shown.saturating_sub(1)))
    }

    /// Whether the running hold, rest or lead-in is in the seconds the engine counts
    /// down (its `Count` cues: the last few, after the part's first second).
    pub fn in_counted_seconds(&self, now: Instant) -> bool {
        let Timer::Running { deadline, length } = self.timer else {
            return false;
        };
        let whole = |time: Duration| time.as_secs() + u64::from(time.subsec_nanos() > 0);
        let shown = whole(deadline.saturating_duration_since(now));
        shown > 0 && shown <= self.countdown && shown < whole(length)
    }

    /// The side the holds have just moved to, while the current part is the one the
    /// engine rang "switch sides" at: the lead-in before the first hold on another side,
    /// or that hold itself when a rest comes before it.
    pub fn switched_to(&self) -> Option<&str> {
        if self.timer == Timer::Waiting {
            return None;
        }
        let plan = self.plans.get(self.position)?;
        let (segment, _) = plan.get(self.segment)?;
        let before = self
            .segment
            .checked_sub(1)
            .and_then(|before| plan.get(before))
            .map(|(segment, _)| segment);
        let first_side = self.steps.get(self.position)?.sides.first();
        match (segment, before) {
            (Segment::GetReady { set: 1, side, .. }, _)
            | (Segment::Hold { set: 1, side, .. }, Some(Segment::Rest)) => side
                .as_ref()
                .filter(|side| Some(*side) != first_side)
                .map(String::as_str),
            _ => None,
        }
    }

    /// Wall time since the session started, frozen when it finished.
    pub fn elapsed(&self, now: Instant) -> Duration {
        self.finished_at
            .unwrap_or(now)
            .saturating_duration_since(self.started)
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use crate::session::Action;
    use crate::session::tests::{secs, stretch};

    use super::Session;

    /// Seconds from `t0` at which `holds` says yes, over the first 120 s of the stretch.
    fn seconds_when(holds: impl Fn(&Session, Instant) -> bool) -> Vec<u64> {
        let t0 = Instant::now();
        let mut session = Session::new(vec![stretch()], t0);
        (0..120)
            .filter(|&s| {
                let now = t0 + secs(s) + Duration::from_millis(500);
                session.update(Action::Tick, now);
                holds(&session, now)
            })
            .collect()
    }

    #[test]
    fn the_counted_seconds_are_the_last_three_of_each_part() {
        // Holds of 30 s (0-30, 40-70, 80-110), rests of 10 s between: 2.5 s left at 27.5.
        assert_eq!(
            seconds_when(|session, now| session.in_counted_seconds(now)),
            [
                27, 28, 29, 37, 38, 39, 67, 68, 69, 77, 78, 79, 107, 108, 109, 117, 118, 119
            ]
        );
    }

    #[test]
    fn a_switch_of_sides_is_the_hold_after_the_rest_that_changes_side() {
        // Three sets a side: the right leg's first hold starts after the third rest, at 120.
        let t0 = Instant::now();
        let mut session = Session::new(vec![stretch()], t0);
        session.update(Action::Tick, t0 + secs(115));
        assert_eq!(session.switched_to(), None, "the rest before it");
        session.update(Action::Tick, t0 + secs(121));
        assert_eq!(session.switched_to(), Some("right leg"));
        session.update(Action::Tick, t0 + secs(165));
        assert_eq!(session.switched_to(), None, "the right leg's second set");
    }
}
