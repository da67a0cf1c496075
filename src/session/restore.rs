//! Rebuilding a session: from a saved snapshot, or at the start of a step, and taking the snapshot.

use std::time::Instant;

use crate::routine::{Step, StepKind};

use super::engine::{Session, Timer, hold_count};
use super::{Segment, Snapshot, StepResult};

impl Session {
    /// Rebuild a session from a snapshot taken over the same steps; `None` when it does not fit them.
    /// A timer that was running runs on from `now` with the remaining time it had.
    /// The rebuilt session's `elapsed` counts from `now`: time before the interruption is not known.
    pub fn restore(steps: Vec<Step>, snapshot: &Snapshot, now: Instant) -> Option<Session> {
        let mut session = Session::idle(steps, now);
        if snapshot.results.len() != session.steps.len() || snapshot.position > session.steps.len()
        {
            return None;
        }
        session.results = snapshot.results.clone();
        session.position = snapshot.position;
        let Some(step) = session.steps.get(snapshot.position) else {
            session.finished_at = Some(now);
            session.active_since = None;
            return Some(session);
        };
        if snapshot.checked.len() != step.checklist.len() {
            return None;
        }
        session.ticks[snapshot.position] = snapshot.checked.clone();
        // The holds held before the interruption keep their credit (a snapshot of an
        // older winddown has none to give: then they start from nothing).
        let holds = hold_count(&session.plans[snapshot.position]);
        session.held = snapshot.held;
        session.full = if snapshot.full.len() == holds {
            snapshot.full.clone()
        } else {
            vec![false; holds]
        };
        let plan = &session.plans[snapshot.position];
        session.segment = snapshot.segment;
        session.timer = match (plan.get(snapshot.segment), snapshot.remaining) {
            (None, _) if plan.is_empty() && snapshot.segment == 0 => Timer::Waiting,
            (None, _) => return None,
            // A timed checklist whose time ran out waits on its last segment.
            (Some(_), None) => {
                if step.kind() != StepKind::TimedChecklist || snapshot.segment + 1 != plan.len() {
                    return None;
                }
                Timer::Waiting
            }
            // Getting ready starts over: whoever comes back needs the whole lead-in.
            (Some((Segment::GetReady { .. }, length)), Some(_)) => Timer::Running {
                deadline: now + *length,
                length: *length,
            },
            (Some((_, planned)), Some(remaining)) => {
                // What was held of the hold under way stays held: its length as adjusted.
                let length = snapshot.length.unwrap_or(*planned).max(remaining);
                if snapshot.paused {
                    session.active_since = None;
                    Timer::Paused { remaining, length }
                } else {
                    Timer::Running {
                        deadline: now + remaining,
                        length,
                    }
                }
            }
        };
        Some(session)
    }

    /// Rebuild a session at the start of step `position`, the steps before it keeping
    /// `results`: for a run whose saved place is missing or behind its stored results.
    /// `None` when `results` do not fit the steps.
    pub fn resume_at(
        steps: Vec<Step>,
        results: &[Option<StepResult>],
        position: usize,
        now: Instant,
    ) -> Option<Session> {
        let mut session = Session::idle(steps, now);
        if results.len() != session.steps.len() || position > session.steps.len() {
            return None;
        }
        session.results = results.to_vec();
        let mut effects = Vec::new();
        session.enter(position, now, &mut effects);
        session.pending = effects;
        Some(session)
    }

    /// Where the session stands, to save it.
    pub fn snapshot(&self, now: Instant) -> Snapshot {
        Snapshot {
            position: self.position,
            segment: self.segment,
            remaining: self.remaining(now),
            paused: self.is_paused(),
            checked: self.checked().to_vec(),
            results: self.results.clone(),
            length: self.segment_length(),
            held: self.held,
            full: self.full.clone(),
        }
    }
}
