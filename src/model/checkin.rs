//! What the user tells about a night: morning check-ins (or that there will be
//! none) and Cramp SOS episodes.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// The highest cramp count recorded; it stands for "3 or more".
pub const MAX_CRAMPS: u8 = 3;
/// The top of the severity scale (0 = no pain, 10 = the worst imaginable).
pub const MAX_SEVERITY: u8 = 10;
/// The longest cramp time a check-in records, in minutes; more is a typing slip.
pub const MAX_MINUTES: u32 = 600;

/// Which leg the cramps were in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Leg {
    /// The left leg.
    Left,
    /// The right leg.
    Right,
    /// Both legs.
    Both,
}

impl Leg {
    /// Reads `left`, `right` or `both`.
    pub fn parse(text: &str) -> Option<Leg> {
        match text {
            "left" => Some(Leg::Left),
            "right" => Some(Leg::Right),
            "both" => Some(Leg::Both),
            _ => None,
        }
    }

    /// The word stored in the database and shown to the user.
    pub fn as_str(self) -> &'static str {
        match self {
            Leg::Left => "left",
            Leg::Right => "right",
            Leg::Both => "both",
        }
    }

    /// "left leg", "right leg", "both legs".
    pub fn described(self) -> &'static str {
        match self {
            Leg::Left => "left leg",
            Leg::Right => "right leg",
            Leg::Both => "both legs",
        }
    }
}

/// How one night went, told the next morning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    /// The evening the night belongs to.
    pub night: NaiveDate,
    /// Cramps that night, 0 to [`MAX_CRAMPS`]; 3 means "3 or more".
    pub cramps: u8,
    /// The worst cramp's pain, 0 to [`MAX_SEVERITY`], when given.
    pub severity: Option<u8>,
    /// The severity is a 0 an older winddown stored: its check-in form saved 0 both
    /// when 0 was chosen and when the pain was left unanswered, so this 0 may mean
    /// either. Only ever set with `severity: Some(0)` on a night with cramps; averages
    /// leave such nights out and say so.
    pub severity_unsure: bool,
    /// Which leg, when given.
    pub leg: Option<Leg>,
    /// Roughly how many minutes the cramps lasted in all, when given.
    pub minutes: Option<u32>,
    /// Anything else the user wanted to keep.
    pub note: Option<String>,
}

impl CheckIn {
    /// The check-in in words: "2 cramps, worst 6/10, left leg, about 5 min".
    pub fn describe(&self) -> String {
        let mut parts = vec![match self.cramps {
            0 => "no cramps".to_string(),
            n if n >= MAX_CRAMPS => "3 or more cramps".to_string(),
            n => crate::plural::count(n, "cramp"),
        }];
        match self.severity {
            Some(severity) if self.severity_unsure => {
                parts.push(format!("worst {severity}/10 (or not answered)"));
            }
            Some(severity) => parts.push(format!("worst {severity}/10")),
            None => {}
        }
        if let Some(leg) = self.leg {
            parts.push(leg.described().to_string());
        }
        if let Some(minutes) = self.minutes {
            parts.push(format!("about {minutes} min"));
        }
        parts.join(", ")
    }

    /// The worst pain as the user surely answered it: `None` when not answered, or
    /// when it is an older winddown's 0 that may mean "not answered".
    pub fn rated_severity(&self) -> Option<u8> {
        self.severity.filter(|_| !self.severity_unsure)
    }
}

/// A night the user chose not to check in on: the morning question stops asking about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckinSkip {
    /// The evening the night belongs to.
    pub night: NaiveDate,
    /// When the user chose to skip it.
    pub at: DateTime<Utc>,
}

/// An SOS episode's key in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SosId(pub i64);

/// An SOS left sooner than this, with no step moved and no leg named, was opened
/// by mistake: it is not kept as an episode.
pub const NOT_AN_EPISODE_UNDER: Duration = Duration::from_secs(5);

/// One cramp walked through on the SOS screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SosEpisode {
    /// When the screen opened, in the local offset of the time.
    pub started_at: DateTime<FixedOffset>,
    /// The evening it belongs to.
    pub night: NaiveDate,
    /// How long the screen was open.
    pub seconds: u32,
    /// Which leg, when given.
    pub leg: Option<Leg>,
}

impl SosEpisode {
    /// What the user is told once an episode of `seconds` (as stored) in `leg` is in
    /// the history: "Cramp logged: 1 minute 35 seconds, left leg."
    pub fn logged_line(seconds: u32, leg: Option<Leg>) -> String {
        format!("Cramp logged: {}.", SosEpisode::described(seconds, leg))
    }

    /// An episode in words: "1 minute 35 seconds, left leg", "8 seconds".
    pub fn described(seconds: u32, leg: Option<Leg>) -> String {
        let leg = leg.map_or_else(String::new, |leg| format!(", {}", leg.described()));
        format!(
            "{}{leg}",
            crate::plural::seconds_in_words(u64::from(seconds))
        )
    }

    /// Whether an SOS open for `lasted`, where the user moved through the steps or
    /// named a leg (`acted`) or did not, is an episode to keep.
    pub fn worth_keeping(lasted: Duration, acted: bool) -> bool {
        acted || lasted >= NOT_AN_EPISODE_UNDER
    }
}

/// One night with both a run and a check-in: the input of the insights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NightSteps {
    /// The evening.
    pub night: NaiveDate,
    /// Cramps reported the next morning (3 means "3 or more").
    pub cramps: u8,
    /// The ids of the steps done in any run of that night.
    pub done: BTreeSet<String>,
    /// The ids of the steps cut short in a run of that night and done in none.
    pub cut_short: BTreeSet<String>,
}
