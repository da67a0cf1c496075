//! An N-of-1 experiment on one step of a routine: its design, the schedule drawn for
//! it (which block of each pair goes with the step and which without), the nights it
//! was paused, and its stop.
//!
//! The schedule is a sequence of numbered nights (slots); the calendar dates they fall
//! on follow from the first night and the pauses: a pause moves every night after it
//! later, so the blocks stay whole and in their drawn order.

use chrono::{DateTime, NaiveDate, Utc};

/// An experiment's key in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExperimentId(pub i64);

/// Which side of the comparison a night is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arm {
    /// The step is in tonight's plan.
    With,
    /// The step is left out of tonight's plan.
    Without,
}

impl Arm {
    /// The word stored in the database and used in exports: `with` or `without`.
    pub fn as_str(self) -> &'static str {
        match self {
            Arm::With => "with",
            Arm::Without => "without",
        }
    }

    /// Reads a stored arm word.
    pub fn parse(text: &str) -> Option<Arm> {
        match text {
            "with" => Some(Arm::With),
            "without" => Some(Arm::Without),
            _ => None,
        }
    }

    /// The other arm.
    pub fn other(self) -> Arm {
        match self {
            Arm::With => Arm::Without,
            Arm::Without => Arm::With,
        }
    }
}

/// The shape of an experiment: how many pairs of blocks, how long a block, and how many
/// nights at the start of each block are run but left out of the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Design {
    /// Pairs of blocks; each pair has one block with the step and one without.
    pub pairs: u32,
    /// Nights in one block.
    pub block_nights: u32,
    /// Nights at the start of each block run as scheduled but not analysed.
    pub washout_nights: u32,
}

impl Design {
    /// The fewest pairs an experiment may have: a paired analysis needs two.
    pub const MIN_PAIRS: u32 = 2;
    /// The most pairs: the exact test then weighs 2^16 orderings.
    pub const MAX_PAIRS: u32 = 16;
    /// The longest block, in nights.
    pub const MAX_BLOCK_NIGHTS: u32 = 14;
    /// The pairs that let the exact test reach p ≤ 0.05 at all (2 of 64 orderings).
    pub const PAIRS_FOR_A_CLEAR_RESULT: u32 = 6;

    /// Every night of the schedule.
    pub fn nights(&self) -> u32 {
        2 * self.pairs * self.block_nights
    }

    /// What is wrong with this design, if anything, in words for the user.
    pub fn problem(&self) -> Option<String> {
        if !(Self::MIN_PAIRS..=Self::MAX_PAIRS).contains(&self.pairs) {
            return Some(format!(
                "--pairs {}: an experiment has {} to {} pairs of blocks",
                self.pairs,
                Self::MIN_PAIRS,
                Self::MAX_PAIRS
            ));
        }
        if !(1..=Self::MAX_BLOCK_NIGHTS).contains(&self.block_nights) {
            return Some(format!(
                "--block {}: a block is 1 to {} nights",
                self.block_nights,
                Self::MAX_BLOCK_NIGHTS
            ));
        }
        if self.washout_nights >= self.block_nights {
            return Some(format!(
                "--washout {}: a block of {} needs at least one night that counts, \
                 so the washout is at most {}",
                self.washout_nights,
                crate::plural::count(self.block_nights, "night"),
                self.block_nights - 1
            ));
        }
        None
    }
}

/// Where an experiment's seed came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedSource {
    /// Given with `--seed`.
    Given,
    /// Drawn from the operating system's generator.
    System,
}

impl SeedSource {
    /// The word stored in the database and used in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            SeedSource::Given => "given",
            SeedSource::System => "system",
        }
    }

    /// Reads a stored word.
    pub fn parse(text: &str) -> Option<SeedSource> {
        match text {
            "given" => Some(SeedSource::Given),
            "system" => Some(SeedSource::System),
            _ => None,
        }
    }
}

/// Nights the experiment stood still because its step was not in the routine: from
/// `from` up to (not including) `until`; `until` is `None` while it still stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    /// The first night paused.
    pub from: NaiveDate,
    /// The first night after the pause; `None` while paused.
    pub until: Option<NaiveDate>,
}

/// An experiment ended before its schedule did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    /// When `stop` was given.
    pub at: DateTime<Utc>,
    /// The last night that belongs to the experiment.
    pub last_night: NaiveDate,
}

/// One experiment, as drawn and as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Experiment {
    /// The routine's stable id (its file stem).
    pub routine_id: String,
    /// The step's stable id.
    pub step_id: String,
    /// The step's title when the experiment started.
    pub step_title: String,
    /// Pairs, block length, washout.
    pub design: Design,
    /// Each block's arm, in order: two per pair, one of each.
    pub blocks: Vec<Arm>,
    /// The seed the blocks were drawn from.
    pub seed: u64,
    /// Where the seed came from.
    pub seed_source: SeedSource,
    /// The first night.
    pub start: NaiveDate,
    /// When it was started.
    pub created_at: DateTime<Utc>,
    /// Nights it stood still, oldest first; only the last may still stand.
    pub pauses: Vec<Pause>,
    /// Set when it was stopped before its schedule ended.
    pub stop: Option<Stop>,
}

/// One night of the schedule, wherever it falls in the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// 1 for the first night of the schedule.
    pub number: u32,
    /// 1 for the first pair.
    pub pair: u32,
    /// 1 for the first block (each pair has two).
    pub block: u32,
    /// With or without the step.
    pub arm: Arm,
    /// Run as scheduled but left out of the analysis.
    pub washout: bool,
}

/// A night of the schedule on its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedNight {
    /// The evening the night belongs to.
    pub night: NaiveDate,
    /// Its place in the schedule.
    pub slot: Slot,
}

/// Where an experiment stands on a given night.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Its first night is still ahead.
    NotStarted,
    /// Tonight is one of its nights.
    Tonight(PlannedNight),
    /// It is paused: its step is not in the routine.
    Paused,
    /// Every night of the schedule has passed.
    Ended,
    /// It was stopped.
    Stopped,
}

impl Experiment {
    /// Every night of the schedule, in order, without dates.
    pub fn slots(&self) -> Vec<Slot> {
        let block_nights = self.design.block_nights;
        (0..self.design.nights())
            .map(|index| {
                let block = index / block_nights;
                Slot {
                    number: index + 1,
                    pair: block / 2 + 1,
                    block: block + 1,
                    arm: self
                        .blocks
                        .get(block as usize)
                        .copied()
                        .unwrap_or(Arm::With),
                    washout: index % block_nights < self.design.washout_nights,
                }
            })
            .collect()
    }

    /// The schedule's nights on their dates: from the first night on, past every
    /// pause. While a pause still stands, the nights after it are laid from `resume`
    /// on (the caller's guess of when it ends: tomorrow, say). A stopped experiment
    /// ends at its last night.
    pub fn planned(&self, resume: NaiveDate) -> Vec<PlannedNight> {
        let mut night = self.start;
        let mut planned = Vec::new();
        for slot in self.slots() {
            night = self.after_pauses(night, resume);
            if self.stop.is_some_and(|stop| night > stop.last_night) {
                break;
            }
            planned.push(PlannedNight { night, slot });
            night = match night.succ_opt() {
                Some(next) => next,
                None => break,
            };
        }
        planned
    }

    /// `night`, or the first night after the pauses that hold it.
    fn after_pauses(&self, mut night: NaiveDate, resume: NaiveDate) -> NaiveDate {
        for pause in &self.pauses {
            if night >= pause.from {
                let until = pause.until.unwrap_or(resume.max(pause.from));
                night = night.max(until);
            }
        }
        night
    }

    /// Whether the experiment was paused on `night`.
    pub fn paused_on(&self, night: NaiveDate) -> bool {
        self.pauses
            .iter()
            .any(|pause| night >= pause.from && pause.until.is_none_or(|until| night < until))
    }

    /// The pause that still stands, if any.
    pub fn open_pause(&self) -> Option<&Pause> {
        self.pauses.iter().find(|pause| pause.until.is_none())
    }

    /// The last night of the schedule as it stands on `tonight` (a pause still standing
    /// is taken to end tomorrow).
    pub fn last_night(&self, tonight: NaiveDate) -> Option<NaiveDate> {
        self.planned(tonight.succ_opt().unwrap_or(tonight))
            .last()
            .map(|planned| planned.night)
    }

    /// Where the experiment stands on `tonight`.
    pub fn standing(&self, tonight: NaiveDate) -> Standing {
        if self.stop.is_some() {
            return Standing::Stopped;
        }
        if self.paused_on(tonight) {
            return Standing::Paused;
        }
        if tonight < self.start {
            return Standing::NotStarted;
        }
        let tomorrow = tonight.succ_opt().unwrap_or(tonight);
        match self
            .planned(tomorrow)
            .into_iter()
            .find(|planned| planned.night == tonight)
        {
            Some(found) => Standing::Tonight(found),
            // Between the first night and the last every night is scheduled or paused.
            None => Standing::Ended,
        }
    }

    /// Whether the experiment has ended or was stopped by `tonight`, so its result
    /// may be read without looking early.
    pub fn over(&self, tonight: NaiveDate) -> bool {
        matches!(self.standing(tonight), Standing::Ended | Standing::Stopped)
    }

    /// The pause that removing the step on `tonight` starts, or the end that putting it
    /// back gives the one standing; `None` when nothing changes. `present` says whether
    /// the step is in the routine now.
    pub fn presence_change(&self, present: bool, tonight: NaiveDate) -> Option<PauseChange> {
        if self.over(tonight) || tonight < self.start {
            return None;
        }
        match (present, self.open_pause()) {
            (false, None) => Some(PauseChange::Begin(tonight)),
            (true, Some(pause)) => Some(PauseChange::End {
                from: pause.from,
                until: tonight,
            }),
            _ => None,
        }
    }

    /// Applies a pause change to this copy (as the store applies it to the database).
    pub fn apply(&mut self, change: PauseChange) {
        match change {
            PauseChange::Begin(from) => self.pauses.push(Pause { from, until: None }),
            PauseChange::End { from, until } => {
                self.pauses.retain(|pause| pause.from != from);
                // A step put back the night it was taken out paused nothing.
                if until > from {
                    self.pauses.push(Pause {
                        from,
                        until: Some(until),
                    });
                }
                self.pauses.sort_by_key(|pause| pause.from);
            }
        }
    }
}

/// A pause beginning or ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseChange {
    /// The step left the routine: paused from this night on.
    Begin(NaiveDate),
    /// The step came back: the pause from `from` ends before `until`.
    End {
        /// The pause's first night.
        from: NaiveDate,
        /// The first night of the experiment again.
        until: NaiveDate,
    },
}

/// How the experiment's step went on one night, from the runs of that night.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepSeen {
    /// Done in a run of that night.
    Done,
    /// Skipped in a run of that night.
    Skipped,
    /// Begun in a run of that night and left before its holds ran to the end (done in
    /// none).
    CutShort,
    /// A run of that night never reached it or left it out.
    NotDone,
    /// No run that night.
    NoRun,
}

/// What the morning check-in said of one night, as far as an experiment uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrampsSeen {
    /// Cramps that night (3 stands for "3 or more").
    pub cramps: u8,
    /// The worst pain, 0 to 10, when answered.
    pub severity: Option<u8>,
    /// Minutes of cramp in all, when answered.
    pub minutes: Option<u32>,
}

/// What the records say of one night of an experiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NightSeen {
    /// The evening.
    pub night: NaiveDate,
    /// The check-in, if there is one.
    pub checkin: Option<CrampsSeen>,
    /// A rest night was declared.
    pub rest: bool,
    /// How the step went.
    pub step: StepSeen,
}

#[cfg(test)]
mod tests;
