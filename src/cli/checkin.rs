//! `winddown checkin`: tell the history how last night went, from a shell.

use std::io::Write;

use anyhow::{Context, bail};
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, ValueEnum};

use crate::model::{CheckIn, Leg};
use crate::store::Store;

/// The options of `winddown checkin`; the ranges are checked by clap (exit 2).
#[derive(Debug, Clone, Args)]
pub struct CheckinArgs {
    /// Cramps in the night: 0, 1, 2, or 3 for three or more.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=3))]
    pub cramps: u8,
    /// How bad the worst one was, 0 (no pain) to 10 (the worst imaginable).
    #[arg(long, value_name = "S", value_parser = clap::value_parser!(u8).range(0..=10))]
    pub severity: Option<u8>,
    /// Which leg the cramps were in.
    #[arg(long, value_enum)]
    pub leg: Option<LegArg>,
    /// Roughly how many minutes they lasted in all, 0 to 600.
    #[arg(long, value_name = "M", value_parser = clap::value_parser!(u32).range(0..=600))]
    pub minutes: Option<u32>,
    /// Anything else worth keeping, e.g. "after a long walk".
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The evening the night belongs to (default: last night).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub night: Option<NaiveDate>,
}

/// `--leg` as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LegArg {
    /// The left leg.
    Left,
    /// The right leg.
    Right,
    /// Both legs.
    Both,
}

impl From<LegArg> for Leg {
    fn from(leg: LegArg) -> Leg {
        match leg {
            LegArg::Left => Leg::Left,
            LegArg::Right => Leg::Right,
            LegArg::Both => Leg::Both,
        }
    }
}

/// Saves the check-in and writes one confirming line. `today` is tonight's evening:
/// it may be checked in for (a cramp after midnight still belongs to it), later ones not.
pub fn checkin(
    store: &mut Store,
    args: &CheckinArgs,
    today: NaiveDate,
    now: DateTime<Utc>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let night = match args.night {
        Some(night) => night,
        None => today
            .pred_opt()
            .context("there is no night before the first date the calendar knows")?,
    };
    if night > today {
        bail!("cannot check in for {night}: that night has not happened yet (tonight is {today})");
    }
    let earlier = store
        .checkin(night)
        .with_context(|| format!("cannot read the check-in of {night}"))?;
    let given = CheckIn {
        night,
        cramps: args.cramps,
        severity: args.severity,
        leg: args.leg.map(Leg::from),
        minutes: args.minutes,
        note: args.note.clone().filter(|note| !note.trim().is_empty()),
    };
    let note_given = given.note.is_some();
    let checkin = match &earlier {
        Some(earlier) => keep_what_is_not_given(given, earlier),
        None => given,
    };
    store
        .save_checkin(&checkin, now)
        .with_context(|| format!("cannot save the check-in of {night}"))?;
    let updated = match &earlier {
        None => String::new(),
        Some(earlier) if !note_given && earlier.note.is_some() => format!(
            " (updates the earlier check-in, keeping its note: \"{}\")",
            earlier.note.as_deref().unwrap_or_default()
        ),
        Some(_) => " (updates the earlier check-in)".to_string(),
    };
    writeln!(
        out,
        "checked in for {}: {}{updated}",
        night.format("%a %-d %b"),
        describe(&checkin)
    )?;
    Ok(())
}

/// A second check-in for a night changes only what it gives: the rest comes from
/// the earlier one, except that a night without cramps has nothing to grade.
fn keep_what_is_not_given(given: CheckIn, earlier: &CheckIn) -> CheckIn {
    let cramped = given.cramps > 0;
    CheckIn {
        severity: given.severity.or(earlier.severity).filter(|_| cramped),
        leg: given.leg.or(earlier.leg).filter(|_| cramped),
        minutes: given.minutes.or(earlier.minutes).filter(|_| cramped),
        note: given.note.or_else(|| earlier.note.clone()),
        ..given
    }
}

/// "2 cramps, worst 6/10, left leg, about 5 min".
pub fn describe(checkin: &CheckIn) -> String {
    let mut parts = vec![match checkin.cramps {
        0 => "no cramps".to_string(),
        1 => "1 cramp".to_string(),
        n if n >= 3 => "3 or more cramps".to_string(),
        n => format!("{n} cramps"),
    }];
    if let Some(severity) = checkin.severity {
        parts.push(format!("worst {severity}/10"));
    }
    match checkin.leg {
        Some(Leg::Both) => parts.push("both legs".to_string()),
        Some(leg) => parts.push(format!("{} leg", leg.as_str())),
        None => {}
    }
    if let Some(minutes) = checkin.minutes {
        parts.push(format!("about {minutes} min"));
    }
    parts.join(", ")
}
