//! `winddown checkin`: tell the history how last night went, from a shell.

use std::io::Write;

use anyhow::{Context, bail};
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, ValueEnum};

use crate::model::{CheckIn, Leg, MAX_CRAMPS};
use crate::printable;
use crate::store::Store;

/// The options of `winddown checkin`; the ranges are checked by clap (exit 2).
#[derive(Debug, Clone, Args)]
pub struct CheckinArgs {
    /// Cramps in the night: 0, 1, 2, or 3 for three or more (a higher count is kept as 3 or more).
    #[arg(long, value_name = "N", value_parser = cramp_count)]
    pub cramps: u32,
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

/// `--cramps` as typed: any whole number of cramps; more than 3 is kept as "3 or more".
fn cramp_count(text: &str) -> Result<u32, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of cramps: 0, 1, 2, or 3 for three or more"))
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
    refuse_details_without_cramps(args)?;
    let earlier = store
        .checkin(night)
        .with_context(|| format!("cannot read the check-in of {night}"))?;
    let given = CheckIn {
        night,
        cramps: u8::try_from(args.cramps.min(u32::from(MAX_CRAMPS))).unwrap_or(MAX_CRAMPS),
        severity: args.severity,
        severity_unsure: false,
        leg: args.leg.map(Leg::from),
        minutes: args.minutes,
        note: args.note.clone().filter(|note| !note.trim().is_empty()),
    };
    let mut remarks = Vec::new();
    if args.cramps > u32::from(MAX_CRAMPS) {
        remarks.push(format!(
            "{} given: the diary counts 0, 1, 2, and 3 or more",
            args.cramps
        ));
    }
    let checkin = match &earlier {
        Some(earlier) => {
            let kept = keep_what_is_not_given(given.clone(), earlier);
            remarks.push(what_the_update_did(&given, earlier));
            kept
        }
        None => given,
    };
    store
        .save_checkin(&checkin, now)
        .with_context(|| format!("cannot save the check-in of {night}"))?;
    let remarks = if remarks.is_empty() {
        String::new()
    } else {
        format!(" ({})", remarks.join("; "))
    };
    writeln!(
        out,
        "checked in for {}: {}{remarks}",
        night.format("%a %-d %b"),
        checkin.describe()
    )?;
    Ok(())
}

/// `--cramps 0` with a severity, a leg or minutes: they describe a cramp the count
/// says did not happen. Which one the user meant cannot be guessed, so nothing is saved.
fn refuse_details_without_cramps(args: &CheckinArgs) -> anyhow::Result<()> {
    if args.cramps > 0 {
        return Ok(());
    }
    let details: Vec<String> = [
        args.severity
            .map(|severity| format!("--severity {severity}")),
        args.leg
            .map(|leg| format!("--leg {}", Leg::from(leg).as_str())),
        args.minutes.map(|minutes| format!("--minutes {minutes}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if details.is_empty() {
        return Ok(());
    }
    let (verb, them) = if details.len() == 1 {
        ("describes", "that option")
    } else {
        ("describe", "those options")
    };
    bail!(
        "nothing saved: {} {verb} a cramp, but --cramps 0 says there was none. \
         Give the number of cramps (--cramps 1 or more), or leave out {them}",
        details.join(" and "),
    )
}

/// A second check-in for a night changes only what it gives: the rest comes from
/// the earlier one, except that a night without cramps has nothing to grade.
fn keep_what_is_not_given(given: CheckIn, earlier: &CheckIn) -> CheckIn {
    let cramped = given.cramps > 0;
    CheckIn {
        severity: given.severity.or(earlier.severity).filter(|_| cramped),
        severity_unsure: given.severity.is_none() && earlier.severity_unsure && cramped,
        leg: given.leg.or(earlier.leg).filter(|_| cramped),
        minutes: given.minutes.or(earlier.minutes).filter(|_| cramped),
        note: given.note.or_else(|| earlier.note.clone()),
        ..given
    }
}

/// What a second check-in did to the earlier one: "updates the earlier check-in",
/// with the note it kept and what a night now without cramps no longer has.
fn what_the_update_did(given: &CheckIn, earlier: &CheckIn) -> String {
    let mut said = "updates the earlier check-in".to_string();
    if given.note.is_none()
        && let Some(note) = &earlier.note
    {
        said.push_str(&format!(
            ", keeping its note: \"{}\"",
            printable::line(note)
        ));
    }
    if given.cramps == 0 {
        let dropped = CheckIn {
            cramps: 1,
            note: None,
            ..earlier.clone()
        };
        let details = dropped.describe();
        if let Some((_, details)) = details.split_once(", ") {
            said.push_str(&format!("; with no cramps, its {details} are removed"));
        }
    }
    said
}
