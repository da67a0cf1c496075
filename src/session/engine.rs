//! The session state machine: deadlines on a monotonic clock that the caller passes in.

use std::time::{Duration, Instant};

use crate::routine::{DEFAULT_COUNTDOWN, Step, StepKind};

use super::segments::segments;
use super::{
    Action, BACK_AGAIN, Cue, Effect, HELD_AT_ALL, Holds, Outcome, Segment, StepResult, held_enough,
};

/// The timer of the current moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Timer {
    /// Counting down to `deadline`; `length` is the segment's full (adjusted) length.
    Running { deadline: Instant, length: Duration },
    /// Frozen with `remaining` left.
    Paused {
        remaining: Duration,
        length: Duration,
    },
    /// No timer: an untimed step, a timed checklist whose time is up, or the end.
    Waiting,
}

/// One run of tonight's steps.
#[derive(Debug, Clone)]
pub struct Session {
    pub(super) steps: Vec<Step>,
    pub(super) plans: Vec<Vec<(Segment, Duration)>>,
    pub(super) position: usize,
    pub(super) segment: usize,
    pub(super) timer: Timer,
    /// Ticked checklist items of every step, kept when the user goes back and forth.
    pub(super) ticks: Vec<Vec<bool>>,
    pub(super) results: Vec<Option<StepResult>>,
    pub(super) started: Instant,
    pub(super) finished_at: Option<Instant>,
    /// Active time of the current step banked before `active_since`.
    pub(super) active: Duration,
    /// When the current step last became active (not paused); `None` while paused.
    pub(super) active_since: Option<Instant>,
    /// Effects produced by `new` (the first step's cues), handed out by the first `update`.
    pub(super) pending: Vec<Effect>,
    /// How many final seconds of each timed part get a cue each; 0 for none.
    pub(super) countdown: u64,
    /// The last second counted, as (step, segment, seconds left), so each is said once.
    pub(super) counted: Option<(usize, usize, u64)>,
    /// Time the current step's holds were held, banked from every attempt that ended.
    pub(super) held: Duration,
    /// Which of the current step's holds were held to the end, in the step's order.
    pub(super) full: Vec<bool>,
}

/// How the user (or the timer) leaves a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaving {
    /// It ran to its end, or the user confirmed it.
    Finished,
    /// The user moved on before its end.
    MovedOn,
}

impl Session {
    /// Start tonight's steps at the first one; a timed first step starts counting at `now`.
    pub fn new(steps: Vec<Step>, now: Instant) -> Session {
        let mut session = Session::idle(steps, now);
        let mut effects = Vec::new();
        session.enter(0, now, &mut effects);
        session.pending = effects;
        session
    }

    pub(super) fn idle(steps: Vec<Step>, now: Instant) -> Session {
        let plans = steps.iter().map(segments).collect();
        let results = vec![None; steps.len()];
        let ticks = steps.iter().map(fresh_ticks).collect();
        Session {
            steps,
            plans,
            position: 0,
            segment: 0,
            timer: Timer::Waiting,
            ticks,
            results,
            started: now,
            finished_at: None,
            active: Duration::ZERO,
            active_since: Some(now),
            pending: Vec::new(),
            countdown: DEFAULT_COUNTDOWN,
            counted: None,
            held: Duration::ZERO,
            full: Vec::new(),
        }
    }

    /// Count the last `seconds` of every hold, rest and lead-in with a cue each (0: none).
    pub fn set_countdown(&mut self, seconds: u64) {
        self.countdown = seconds;
    }

    /// Apply one action at `now` and report what the outside world must do.
    pub fn update(&mut self, action: Action, now: Instant) -> Vec<Effect> {
        let mut effects = std::mem::take(&mut self.pending);
        if self.is_finished() {
            if matches!(action, Action::Back | Action::BackStep) && !self.steps.is_empty() {
                self.enter(self.steps.len() - 1, now, &mut effects);
            }
            return effects;
        }
        // Deadlines already reached happen first, at their own instants.
        self.run_until(now, &mut effects);
        if self.is_finished() {
            return effects;
        }
        match action {
            Action::Tick => {}
            Action::TogglePause => self.toggle_pause(now),
            Action::Unwatched { until } => self.unwatched(now, until),
            Action::Finish => {
                self.resume_accounting(now);
                if self.kind() == Some(StepKind::Timed) && self.timer != Timer::Waiting {
                    self.segment_over(now, &mut effects);
                } else {
                    self.bank_attempt(now);
                    self.end_step(Leaving::Finished, now, &mut effects);
                }
            }
            Action::Skip => {
                self.resume_accounting(now);
                self.bank_attempt(now);
                self.end_step(Leaving::MovedOn, now, &mut effects);
            }
            Action::Back => self.go_back(now, &mut effects),
            Action::BackStep => {
                self.enter(self.position.saturating_sub(1), now, &mut effects);
            }
            Action::AddTime => self.nudge(now, true),
            Action::TakeTime => self.nudge(now, false),
            Action::ToggleItem(item) => {
                if let Some(ticked) = self
                    .ticks
                    .get_mut(self.position)
                    .and_then(|ticks| ticks.get_mut(item))
                {
                    *ticked = !*ticked;
                }
            }
        }
        self.count_down(now, &mut effects);
        effects
    }

    /// In the last seconds of a running hold, rest or lead-in, one cue per second.
    /// Called on every update, so it rides on the wakes the countdown already makes.
    fn count_down(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        let Timer::Running { deadline, length } = self.timer else {
            return;
        };
        let whole_seconds = |time: Duration| time.as_secs() + u64::from(time.subsec_nanos() > 0);
        let shown = whole_seconds(deadline.saturating_duration_since(now));
        // The part's first second already has its own cue.
        if shown == 0 || shown > self.countdown || shown >= whole_seconds(length) {
            return;
        }
        let mark = (self.position, self.segment, shown);
        if self.counted != Some(mark) {
            self.counted = Some(mark);
            effects.push(Effect::Cue(Cue::Count(shown)));
        }
    }

    /// Pass every deadline up to `now`, each at its own instant, so nothing drifts.
    fn run_until(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        while let Timer::Running { deadline, .. } = self.timer {
            if deadline > now || self.is_finished() {
                break;
            }
            self.segment_over(deadline, effects);
        }
    }

    /// The current hold or rest ends at `at`: start the next one, or end the step.
    fn segment_over(&mut self, at: Instant, effects: &mut Vec<Effect>) {
        self.bank_attempt(at);
        let segments = self.plans[self.position].len();
        if self.segment + 1 < segments {
            self.segment += 1;
            self.start_segment(at, effects);
        } else if self.kind() == Some(StepKind::TimedChecklist)
            && self.checked().iter().any(|ticked| !ticked)
        {
            self.timer = Timer::Waiting;
            effects.push(Effect::Cue(Cue::TimeUp));
        } else {
            self.end_step(Leaving::Finished, at, effects);
        }
    }

    /// The hold under way stops being held at `at` (it ran out, was finished early,
    /// restarted or left): its time joins the step's, and it counts as held to the end
    /// when [`held_enough`] of the time the routine sets for it. The timer itself is
    /// left as it is; the caller moves it on.
    pub(super) fn bank_attempt(&mut self, at: Instant) {
        let Some(hold) = self.hold_number(self.segment) else {
            return;
        };
        let (remaining, length) = match self.timer {
            Timer::Running { deadline, length } => (deadline.saturating_duration_since(at), length),
            Timer::Paused { remaining, length } => (remaining, length),
            Timer::Waiting => return,
        };
        let attempt = length.saturating_sub(remaining);
        self.held += attempt;
        let planned = self.plans[self.position][self.segment].1;
        if held_enough(attempt, planned)
            && let Some(full) = self.full.get_mut(hold)
        {
            *full = true;
        }
        // Banked once: the timer now stands at the attempt's start.
        self.timer = match self.timer {
            Timer::Running { .. } => Timer::Running {
                deadline: at + length,
                length,
            },
            Timer::Paused { length, .. } => Timer::Paused {
                remaining: length,
                length,
            },
            Timer::Waiting => Timer::Waiting,
        };
    }

    /// Which hold of the current step segment `segment` is (0 for the first), if it is one.
    pub(super) fn hold_number(&self, segment: usize) -> Option<usize> {
        let plan = self.plans.get(self.position)?;
        match plan.get(segment) {
            Some((Segment::Hold { .. }, _)) => Some(
                plan[..segment]
                    .iter()
                    .filter(|(segment, _)| matches!(segment, Segment::Hold { .. }))
                    .count(),
            ),
            _ => None,
        }
    }

    /// What the current step's holds amount to so far.
    pub(super) fn holds(&self) -> Holds {
        Holds {
            held: self.held,
            full: self.full.iter().filter(|full| **full).count() as u32,
            planned: self.full.len() as u32,
        }
    }

    fn start_segment(&mut self, at: Instant, effects: &mut Vec<Effect>) {
        let plan = &self.plans[self.position];
        let Some((segment, length)) = plan.get(self.segment).cloned() else {
            self.timer = Timer::Waiting;
            return;
        };
        let after = self
            .segment
            .checked_sub(1)
            .and_then(|before| plan.get(before))
            .map(|(segment, _)| segment.clone());
        self.timer = Timer::Running {
            deadline: at + length,
            length,
        };
        let sides = &self.steps[self.position].sides;
        let other_side = |side: &Option<String>| match side {
            Some(side) if sides.first() != Some(side) => Some(side.clone()),
            _ => None,
        };
        let cue =
            match (&segment, after) {
                (Segment::Rest, _) => Some(Cue::Rest),
                (Segment::GetReady { set: 1, side, .. }, _) if other_side(side).is_some() => {
                    other_side(side).map(Cue::SwitchSides)
                }
                (Segment::GetReady { set, sets, side }, _) => Some(Cue::GetReady(
                    super::hold_label(*set, *sets, side.as_deref(), false),
                )),
                (Segment::Hold { .. }, Some(Segment::GetReady { .. })) => Some(Cue::Go),
                // The step's first hold: "Next: …" has just been said.
                (Segment::Hold { side, .. }, None) => side.clone().map(Cue::Side),
                (Segment::Hold { set: 1, side, .. }, Some(_)) if other_side(side).is_some() => {
                    other_side(side).map(Cue::SwitchSides)
                }
                (Segment::Hold { .. }, Some(_)) => Some(Cue::Go),
            };
        effects.extend(cue.map(Effect::Cue));
    }

    /// Make step `index` current at `at`, or finish when there is none.
    pub(super) fn enter(&mut self, index: usize, at: Instant, effects: &mut Vec<Effect>) {
        self.position = index;
        self.segment = 0;
        self.active = Duration::ZERO;
        self.active_since = Some(at);
        self.timer = Timer::Waiting;
        self.held = Duration::ZERO;
        self.full = vec![false; self.plans.get(index).map_or(0, |plan| hold_count(plan))];
        let Some(step) = self.steps.get(index) else {
            self.active_since = None;
            if !self.steps.is_empty() {
                self.finished_at = Some(at);
                effects.push(Effect::Cue(Cue::Done));
                effects.push(Effect::Finished);
            }
            return;
        };
        self.finished_at = None;
        effects.push(Effect::Cue(Cue::Next(step.title.clone())));
        self.start_segment(at, effects);
    }

    /// The current step ends at `at` (its last attempt at a hold already banked): done
    /// when it was finished with every hold held to the end, else cut short when
    /// anything was held, else skipped.
    fn end_step(&mut self, leaving: Leaving, at: Instant, effects: &mut Vec<Effect>) {
        let active = self.active_time(at);
        let index = self.position;
        let holds = self.holds();
        let outcome = match leaving {
            Leaving::Finished if holds.full == holds.planned => Outcome::Done,
            _ if holds.held >= HELD_AT_ALL => Outcome::CutShort,
            _ => Outcome::Skipped,
        };
        let now = StepResult {
            outcome,
            active,
            holds: Some(holds),
        };
        // A step gone back to keeps what it amounted to the first time unless this time
        // went further: skipping forward over a step done earlier keeps it done.
        let result = match self.results.get(index).copied().flatten() {
            Some(earlier) if earlier.outcome > outcome => earlier,
            _ => now,
        };
        if let Some(slot) = self.results.get_mut(index) {
            *slot = Some(result);
        }
        effects.push(Effect::StepEnded { index, result });
        self.enter(index + 1, at, effects);
    }

    /// `b`: restart the hold (or rest, or lead-in); near its start, the hold before.
    fn go_back(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        let elapsed = match self.timer {
            Timer::Running { deadline, length } => {
                length.saturating_sub(deadline.saturating_duration_since(now))
            }
            Timer::Paused { remaining, length } => length.saturating_sub(remaining),
            // A timed checklist whose time ran out: its last hold again.
            Timer::Waiting if !self.plans[self.position].is_empty() => {
                return self.restart_segment(self.plans[self.position].len() - 1, now);
            }
            Timer::Waiting => Duration::ZERO,
        };
        if elapsed >= BACK_AGAIN {
            return self.restart_segment(self.segment, now);
        }
        let plan = &self.plans[self.position];
        let hold_before = plan[..self.segment.min(plan.len())]
            .iter()
            .rposition(|(segment, _)| matches!(segment, Segment::Hold { .. }));
        match hold_before {
            Some(segment) => self.restart_segment(segment, now),
            None if self.position == 0 => self.restart_segment(self.segment, now),
            None => {
                let previous = self.position - 1;
                self.enter(previous, now, effects);
                let last_hold = self.plans[previous]
                    .iter()
                    .rposition(|(segment, _)| matches!(segment, Segment::Hold { .. }));
                if let Some(segment) = last_hold {
                    self.restart_segment(segment, now);
                }
            }
        }
    }

    fn kind(&self) -> Option<StepKind> {
        self.current_step().map(Step::kind)
    }
}

/// Nothing ticked yet on `step`'s checklist.
pub(super) fn fresh_ticks(step: &Step) -> Vec<bool> {
    vec![false; step.checklist.len()]
}

/// How many holds a step's plan has.
pub(super) fn hold_count(plan: &[(Segment, Duration)]) -> usize {
    plan.iter()
        .filter(|(segment, _)| matches!(segment, Segment::Hold { .. }))
        .count()
}
