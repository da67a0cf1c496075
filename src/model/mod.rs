//! The domain types that history, statistics, insights and the screens share:
//! runs and how they end, nights and what they amounted to, check-ins and legs.
//!
//! Plain data and pure functions only: `store` reads and writes these, the
//! rest of winddown reads them, and nothing here touches the disk or the terminal.

mod checkin;
mod experiment;
mod history;
mod night;
mod run;

pub use checkin::{
    CheckIn, CheckinSkip, Leg, MAX_CRAMPS, MAX_MINUTES, MAX_SEVERITY, NOT_AN_EPISODE_UNDER,
    NightSteps, SosEpisode, SosId,
};
pub use experiment::{
    Arm, CrampsSeen, Design, Experiment, ExperimentId, NightSeen, Pause, PauseChange, PlannedNight,
    SeedSource, Slot, Standing, StepSeen, Stop,
};
pub use history::{
    DAYS_AHEAD, EARLIEST_NIGHT, History, MAX_RUN_STEPS, Merged, NIGHT_LENGTH, RecordedCheckIn,
    RunRecord, latest_night,
};
pub use night::{
    NightStatus, NightSummary, RestNight, RunSummary, StepNight, StepRow, StepTally,
    night_by_night, step_nights, summarise_nights, summarise_nights_from,
};
pub(crate) use night::{Ranked, summarise};
pub use run::{NewRun, RunId, RunOutcome, RunWrite, StepRecord};
