//! Twelve made-up weeks of a leg-cramp diary: evenings of a five-step routine
//! (some steps skipped, a run given up now and then, rest nights, missed nights),
//! morning check-ins (some not answered) with cramps that ease over the weeks,
//! notes, and SOS episodes, two of them longer than ten minutes.
//!
//! The report's tests make their expected numbers from [`nights`] by counting,
//! and the committed example report (docs/) is made from it too
//! (`cargo run --example report_example`).

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use winddown::model::{CheckIn, Leg, NewRun, RunOutcome, StepRecord};
use winddown::session::{Holds, Outcome, StepResult};
use winddown::store::Store;

/// The day the report is made: the diary's last night is the evening before.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 10).expect("valid date")
}

/// How many weeks the diary covers.
pub const WEEKS: u32 = 12;

/// The routine's steps: id, title, and whether it may be skipped without making
/// the night partial.
pub const STEPS: [(&str, &str, bool); 5] = [
    ("calf", "Standing calf stretch", false),
    ("hamstring", "Standing hamstring stretch", false),
    ("magnesium", "Magnesium oil rub", false),
    ("soak", "Warm Epsom-salt soak", true),
    ("water", "A glass of water", false),
];

/// The routine's name.
pub const ROUTINE: &str = "Leg-cramp wind-down";

/// What an evening's routine came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evening {
    /// The routine ran: each step's outcome in routine order (`None`: not reached).
    Ran(Vec<Option<Outcome>>, RunOutcome),
    /// A rest night, with its reason.
    Rest(String),
    /// Nothing recorded.
    Missed,
}

/// One made-up night.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiaryNight {
    /// The evening.
    pub night: NaiveDate,
    /// The routine.
    pub evening: Evening,
    /// The next morning's check-in, when answered.
    pub checkin: Option<CheckIn>,
    /// SOS episodes: seconds after midnight it began, how long, which leg.
    pub episodes: Vec<(i64, u32, Option<Leg>)>,
}

/// A small deterministic generator, so the made-up weeks are the same every time.
struct Dice(u64);

impl Dice {
    /// A number in 0..1.
    fn roll(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[((self.roll() * from.len() as f64) as usize).min(from.len() - 1)]
    }
}

const NOTES: [(usize, &str); 6] = [
    (9, "Woke at 3 with the left calf locked; walked it off."),
    (23, "Long walk in the afternoon."),
    (37, "Forgot the water; thirsty at night."),
    (52, "New shoes; calves sore."),
    (66, "Slept through."),
    (78, "Cramp while driving back from the coast."),
];

/// The diary's nights, oldest first: `weeks` weeks ending the night before [`today`].
pub fn nights(weeks: u32) -> Vec<DiaryNight> {
    let count = i64::from(weeks) * 7;
    let first = today() - chrono::Duration::days(count);
    let mut dice = Dice(0x5eed_1e9c_4a3b);
    (0..count)
        .map(|offset| {
            let night = first + chrono::Duration::days(offset);
            // Over the weeks, a cramp or two a night eases to under one.
            let progress = offset as f64 / count as f64;
            let index = usize::try_from(offset).expect("small");
            made_up_night(night, index, progress, &mut dice)
        })
        .collect()
}

fn made_up_night(night: NaiveDate, index: usize, progress: f64, dice: &mut Dice) -> DiaryNight {
    let evening = match index % 13 {
        6 => Evening::Rest("visiting family".to_string()),
        _ if index % 17 == 10 => Evening::Missed,
        _ => routine(index, dice),
    };
    let answered = !matches!(evening, Evening::Missed) && dice.roll() > 0.12;
    let cramps = (2.4 - 1.9 * progress + (dice.roll() - 0.5) * 2.2)
        .round()
        .clamp(0.0, 3.0) as u8;
    let leg = dice.pick(&[
        Some(Leg::Left),
        Some(Leg::Left),
        Some(Leg::Right),
        Some(Leg::Both),
        None,
    ]);
    let pain = (cramps > 0 && dice.roll() > 0.1).then(|| dice.pick(&[3u8, 4, 5, 5, 6, 7, 8]));
    let minutes =
        (cramps > 0 && dice.roll() > 0.3).then(|| u32::from(cramps) * dice.pick(&[2u32, 3, 4, 6]));
    let note = NOTES
        .iter()
        .find(|(at, _)| *at == index)
        .map(|(_, note)| note.to_string());
    let checkin = answered.then_some(CheckIn {
        night,
        cramps,
        severity: pain,
        severity_unsure: false,
        leg: if cramps > 0 { leg } else { None },
        minutes: if cramps > 0 { minutes } else { None },
        note,
    });
    let mut episodes = Vec::new();
    match index {
        62 => episodes.push((3 * 3600 + 20 * 60, 639, Some(Leg::Left))),
        76 => episodes.push((2 * 3600 + 5 * 60, 730, Some(Leg::Both))),
        _ if cramps >= 1 && dice.roll() < 0.3 => {
            let seconds = 60 + (dice.roll() * 360.0) as u32;
            episodes.push((3600 + (dice.roll() * 14_400.0) as i64, seconds, leg));
        }
        _ => {}
    }
    DiaryNight {
        night,
        evening,
        checkin,
        episodes,
    }
}

/// One evening's run: steps done or skipped by habit, given up now and then; on
/// every ninth evening the stretches the dice call done are cut short instead (the
/// calf stretch on evenings 4, 13, 22…, the hamstring stretch on 4, 22, 40…).
fn routine(index: usize, dice: &mut Dice) -> Evening {
    let given_up = index % 23 == 15;
    let skip_chance = [0.03, 0.12, 0.25, 0.55, 0.05];
    let outcomes: Vec<Option<Outcome>> = skip_chance
        .iter()
        .enumerate()
        .map(|(step, chance)| {
            if given_up && step >= 2 {
                None
            } else if dice.roll() < *chance {
                Some(Outcome::Skipped)
            } else if cut_short(index, step) {
                Some(Outcome::CutShort)
            } else {
                Some(Outcome::Done)
            }
        })
        .collect();
    let outcome = if given_up {
        RunOutcome::Abandoned
    } else if STEPS
        .iter()
        .zip(&outcomes)
        .all(|((_, _, optional), outcome)| *optional || *outcome == Some(Outcome::Done))
    {
        RunOutcome::Completed
    } else {
        RunOutcome::Partial
    };
    Evening::Ran(outcomes, outcome)
}

/// Whether step `step` (by index) is cut short on evening `index` when begun.
fn cut_short(index: usize, step: usize) -> bool {
    match step {
        0 => index % 9 == 4,
        1 => index % 18 == 4,
        _ => false,
    }
}

/// What a step's result holds: a done step 90 s with both holds to the end, one
/// cut short 40 s with one of its two, a skipped one 3 s and nothing held.
fn result_of(outcome: Outcome) -> StepResult {
    let (active, holds) = match outcome {
        Outcome::Done => (90, None),
        Outcome::CutShort => (
            40,
            Some(Holds {
                held: Duration::from_secs(40),
                full: 1,
                planned: 2,
            }),
        ),
        Outcome::Skipped => (3, None),
    };
    StepResult {
        outcome,
        active: Duration::from_secs(active),
        holds,
    }
}

/// 21:30 at +01:00 on the evening of `night`, plus `seconds`.
fn evening_at(night: NaiveDate, seconds: i64) -> DateTime<FixedOffset> {
    let tz = FixedOffset::east_opt(3600).expect("valid offset");
    tz.from_local_datetime(&night.and_hms_opt(21, 30, 0).expect("valid"))
        .single()
        .expect("unambiguous")
        + chrono::Duration::seconds(seconds)
}

/// Writes `nights` into the database at `path` through the store, as the app would.
pub fn write(path: &Path, nights: &[DiaryNight]) {
    let mut store = Store::open(path).expect("open");
    for night in nights {
        write_night(&mut store, night);
    }
}

fn write_night(store: &mut Store, diary: &DiaryNight) {
    let night = diary.night;
    match &diary.evening {
        Evening::Rest(reason) => store
            .declare_rest(night, reason, evening_at(night, 0).to_utc())
            .expect("rest"),
        Evening::Missed => {}
        Evening::Ran(outcomes, outcome) => {
            let run = store
                .start_run(&NewRun {
                    routine_id: "leg-cramps".to_string(),
                    routine_name: ROUTINE.to_string(),
                    routine_hash: "made-up".to_string(),
                    night,
                    started_at: evening_at(night, 0),
                    step_count: STEPS.len(),
                })
                .expect("start");
            for (index, ((id, title, _), outcome)) in STEPS.iter().zip(outcomes).enumerate() {
                let Some(outcome) = outcome else { continue };
                let record = StepRecord {
                    step_id: id.to_string(),
                    title: title.to_string(),
                    result: result_of(*outcome),
                    at: evening_at(night, 120 * (index as i64 + 1)).with_timezone(&Utc),
                };
                store.record_step(run, index, &record).expect("record");
            }
            let ended = evening_at(night, 120 * (STEPS.len() as i64 + 1)).to_utc();
            match outcome {
                RunOutcome::Abandoned => store.abandon_run(run).expect("abandon"),
                RunOutcome::Running => {}
                finished => store.finish_run(run, ended, *finished).expect("finish"),
            }
        }
    }
    if let Some(checkin) = &diary.checkin {
        let at = evening_at(night, 11 * 3600).to_utc();
        store.save_checkin(checkin, at).expect("checkin");
    }
    for (after_midnight, seconds, leg) in &diary.episodes {
        let started = evening_at(night, 2 * 3600 + 30 * 60 + after_midnight);
        store
            .record_sos(started, night, *seconds, *leg)
            .expect("sos");
    }
}

/// The report page for the last `weeks` weeks of the twelve, made as
/// `winddown report --format html` makes it.
pub fn page(weeks: u32) -> String {
    let folder = tempfile::TempDir::new().expect("a temporary folder");
    let database = folder.path().join("winddown.db");
    write(&database, &nights(WEEKS));
    let store = Store::open_read_only(&database).expect("open");
    winddown::cli::report::render(
        &store,
        weeks,
        winddown::cli::args::ReportFormat::Html,
        today(),
    )
    .expect("report")
}
