//! `winddown report`: a Markdown summary of the last weeks to bring to a doctor.
//!
//! It reports what was recorded and nothing more: no diagnosis, no advice on
//! doses. The closing lines are the safety text in ARCHITECTURE.md ("What
//! health text may claim").

use std::io::Write;
use std::time::Duration;

use chrono::NaiveDate;

use super::history::format_duration;
use crate::model::{CheckIn, Leg, NightStatus, NightSummary, SosEpisode};
use crate::printable;
use crate::store::Store;

/// When to see a doctor, as the safety text in ARCHITECTURE.md words it.
pub const DOCTOR_LINES: [&str; 4] = [
    "See a doctor if cramps often wake you, last longer than 10 minutes, or come \
     with numbness, swelling or muscle weakness.",
    "Some medicines can bring on cramps (water pills, statins, some inhalers): \
     do not stop any, but mention the cramps to whoever prescribed them.",
    "Magnesium supplements need a doctor's word with kidney disease.",
    "Leg cramps are painful hard muscles; restless legs are an uncomfortable urge \
     to move that eases with moving — a different condition worth its own visit.",
];

/// Writes the report of the `weeks` weeks of nights ending last night (`today - 1`).
pub fn report(
    store: &Store,
    weeks: u32,
    today: NaiveDate,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let last = today.pred_opt().unwrap_or(today);
    let days = u64::from(weeks.max(1)) * 7;
    let first = last
        .checked_sub_days(chrono::Days::new(days - 1))
        .unwrap_or(NaiveDate::MIN);
    // The whole history, so that a window starting on a missed night still counts it.
    let nights: Vec<_> = store
        .history(None, today)?
        .into_iter()
        .filter(|night| night.night >= first && night.night <= last)
        .collect();
    let checkins = store.checkins(Some(first), last)?;
    let episodes = store.sos_episodes(Some(first), last)?;

    writeln!(out, "# Leg-cramp diary from winddown")?;
    writeln!(out)?;
    let weeks_word = if weeks == 1 { "week" } else { "weeks" };
    writeln!(
        out,
        "Period: {} to {} ({weeks} {weeks_word}). Nights recorded: {}.",
        first.format("%a %-d %b %Y"),
        last.format("%a %-d %b %Y"),
        nights.len()
    )?;
    writeln!(out)?;

    writeln!(out, "## Evening stretching routine")?;
    writeln!(out)?;
    write_nights(out, &nights)?;
    writeln!(out)?;

    writeln!(out, "## Night cramps (morning check-ins)")?;
    writeln!(out)?;
    write_checkins(out, &checkins)?;
    writeln!(out)?;

    writeln!(out, "## Cramps eased with the SOS screen")?;
    writeln!(out)?;
    write_episodes(out, &episodes)?;
    writeln!(out)?;

    writeln!(out, "## When to see a doctor")?;
    writeln!(out)?;
    for line in DOCTOR_LINES {
        writeln!(out, "- {line}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "_Recorded by the user in winddown. A diary, not a diagnosis._"
    )?;
    Ok(())
}

/// How the period's nights went, as a table of counts and shares.
fn write_nights(out: &mut impl Write, nights: &[NightSummary]) -> anyhow::Result<()> {
    if nights.is_empty() {
        writeln!(out, "No nights recorded in this period.")?;
        return Ok(());
    }
    let count = |wanted: fn(&NightStatus) -> bool| {
        nights.iter().filter(|night| wanted(&night.status)).count()
    };
    let rows = [
        ("completed", count(|s| *s == NightStatus::Completed)),
        ("partial", count(|s| *s == NightStatus::Partial)),
        ("rest night", count(|s| matches!(s, NightStatus::Rest(_)))),
        ("missed", count(|s| *s == NightStatus::Missed)),
        (
            "started, not finished",
            count(|s| matches!(s, NightStatus::Abandoned | NightStatus::Running)),
        ),
    ];
    writeln!(out, "| nights | count | share |")?;
    writeln!(out, "|---|---:|---:|")?;
    for (label, n) in rows {
        if n > 0 || label != "started, not finished" {
            writeln!(out, "| {label} | {n} | {}% |", percent(n, nights.len()))?;
        }
    }
    Ok(())
}

fn write_checkins(out: &mut impl Write, checkins: &[CheckIn]) -> anyhow::Result<()> {
    if checkins.is_empty() {
        writeln!(out, "No check-ins in this period.")?;
        return Ok(());
    }
    let n = checkins.len();
    let cramps: u32 = checkins.iter().map(|c| u32::from(c.cramps)).sum();
    let with_cramps = checkins.iter().filter(|c| c.cramps > 0).count();
    writeln!(out, "- Nights checked in: {n}")?;
    writeln!(
        out,
        "- Cramps per night: {:.1} on average (\"3 or more\" counted as 3)",
        f64::from(cramps) / n as f64
    )?;
    writeln!(
        out,
        "- Nights with cramps: {with_cramps} of {n} ({}%)",
        percent(with_cramps, n)
    )?;
    let severities: Vec<u8> = checkins.iter().filter_map(|c| c.severity).collect();
    match severities.iter().max() {
        Some(worst) => {
            let mean =
                severities.iter().map(|&s| f64::from(s)).sum::<f64>() / severities.len() as f64;
            writeln!(
                out,
                "- Severity (0–10): worst {worst}, mean {mean:.1} over {} rated nights",
                severities.len()
            )?;
        }
        None => writeln!(out, "- Severity: not rated")?,
    }
    let legs = [Leg::Left, Leg::Right, Leg::Both]
        .map(|leg| (leg, checkins.iter().filter(|c| c.leg == Some(leg)).count()));
    if legs.iter().any(|(_, n)| *n > 0) {
        let legs: Vec<String> = legs
            .iter()
            .map(|(leg, n)| format!("{} {n}", leg.as_str()))
            .collect();
        writeln!(out, "- Legs (nights): {}", legs.join(", "))?;
    } else {
        writeln!(out, "- Legs: not recorded")?;
    }
    let notes: Vec<_> = checkins
        .iter()
        .filter_map(|c| Some((c.night, c.note.as_deref()?)))
        .collect();
    if !notes.is_empty() {
        writeln!(out, "- Notes:")?;
        for (night, note) in notes {
            writeln!(
                out,
                "  - {}: {}",
                night.format("%a %-d %b"),
                printable::line(note)
            )?;
        }
    }
    Ok(())
}

fn write_episodes(out: &mut impl Write, episodes: &[SosEpisode]) -> anyhow::Result<()> {
    let Some(longest) = episodes.iter().map(|e| e.seconds).max() else {
        writeln!(out, "No episodes recorded in this period.")?;
        return Ok(());
    };
    let total: u64 = episodes.iter().map(|e| u64::from(e.seconds)).sum();
    writeln!(out, "- Episodes: {}", episodes.len())?;
    writeln!(
        out,
        "- Time in all: {}; longest: {}",
        format_duration(Duration::from_secs(total)),
        format_duration(Duration::from_secs(u64::from(longest)))
    )?;
    for episode in episodes {
        let leg = episode
            .leg
            .map_or_else(String::new, |leg| format!(", {} leg", leg.as_str()));
        writeln!(
            out,
            "  - {}: {}{leg}",
            episode.started_at.format("%a %-d %b %H:%M"),
            format_duration(Duration::from_secs(u64::from(episode.seconds)))
        )?;
    }
    Ok(())
}

/// A whole, rounded percentage of `total`; 0 when there is nothing to divide by.
fn percent(part: usize, total: usize) -> usize {
    (part * 100 + total / 2).checked_div(total).unwrap_or(0)
}
