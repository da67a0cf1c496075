//! The report as Markdown, for a terminal or a text file.

use std::fmt::Write;
use std::time::Duration;

use super::{DOCTOR_LINES, NOT_A_DIAGNOSIS, Report, percent};
use crate::model::Leg;
use crate::plural;
use crate::printable;
use crate::routine::format_duration;

/// The report as Markdown. User text (notes, step names) comes with control and
/// invisible formatting characters shown as escapes, so it is safe on a terminal.
pub fn markdown(report: &Report) -> String {
    let mut out = String::with_capacity(4096);
    // Writing to a String cannot fail.
    let _ = write_all(&mut out, report);
    out
}

fn write_all(out: &mut String, report: &Report) -> std::fmt::Result {
    let period = report.period;
    let counts = report.night_counts();
    writeln!(out, "# Leg-cramp diary from winddown")?;
    writeln!(out)?;
    writeln!(
        out,
        "Period: {} to {} ({}). Nights recorded: {}. Check-ins answered: {}.",
        period.first.format("%a %-d %b %Y"),
        period.last.format("%a %-d %b %Y"),
        plural::count(period.weeks, "week"),
        counts.recorded,
        plural::of(report.checkin_totals().answered, counts.recorded, "night"),
    )?;
    writeln!(out)?;
    if let Some(flag) = long_episodes_flag(report) {
        writeln!(out, "**{flag}**")?;
        writeln!(out)?;
    }

    writeln!(out, "## Evening stretching routine")?;
    writeln!(out)?;
    write_nights(out, report)?;
    writeln!(out)?;

    writeln!(out, "## Night cramps (morning check-ins)")?;
    writeln!(out)?;
    write_checkins(out, report)?;
    writeln!(out)?;

    writeln!(out, "## Cramps eased with the SOS screen")?;
    writeln!(out)?;
    write_episodes(out, report)?;
    writeln!(out)?;

    if !report.experiment.is_empty() {
        writeln!(out, "## Experiment: does one step make a difference?")?;
        writeln!(out)?;
        for line in &report.experiment {
            writeln!(out, "{line}")?;
            writeln!(out)?;
        }
    }

    writeln!(out, "## When to see a doctor")?;
    writeln!(out)?;
    for line in DOCTOR_LINES {
        writeln!(out, "- {line}")?;
    }
    writeln!(out)?;
    writeln!(out, "_{NOT_A_DIAGNOSIS}_")
}

/// "2 cramps lasted longer than 10 minutes: worth mentioning.", when any did.
pub(super) fn long_episodes_flag(report: &Report) -> Option<String> {
    let long = report.long_episodes().count();
    (long > 0).then(|| {
        format!(
            "{} lasted longer than 10 minutes: worth mentioning.",
            plural::count(long, "cramp")
        )
    })
}

/// How the period's nights went, as a table of counts and shares, then each step's.
fn write_nights(out: &mut String, report: &Report) -> std::fmt::Result {
    let counts = report.night_counts();
    if counts.recorded == 0 {
        return writeln!(out, "No nights recorded in this period.");
    }
    let rows = [
        ("completed", counts.completed),
        ("partial", counts.partial),
        ("rest night", counts.rest),
        ("missed", counts.missed),
        ("started, not finished", counts.unfinished),
    ];
    writeln!(out, "| nights | count | share |")?;
    writeln!(out, "|---|---:|---:|")?;
    for (label, n) in rows {
        if n > 0 || label != "started, not finished" {
            writeln!(out, "| {label} | {n} | {}% |", percent(n, counts.recorded))?;
        }
    }
    if report.steps.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "Each step, out of the {} recorded (done: every hold held to its end; cut short: left before that; not run: no routine that night, a rest night, or the run ended before the step):",
        plural::count(counts.recorded, "night")
    )?;
    writeln!(out)?;
    writeln!(out, "| step | done | cut short | skipped | not run |")?;
    writeln!(out, "|---|---:|---:|---:|---:|")?;
    for step in &report.steps {
        let share = |n: usize| format!("{n} ({}%)", percent(n, step.nights));
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            table_cell(&step.title),
            share(step.done),
            share(step.cut_short),
            share(step.skipped),
            share(step.not_run())
        )?;
    }
    Ok(())
}

/// User text in a Markdown table cell: escapes shown, and a `|` that would end the cell escaped.
fn table_cell(text: &str) -> String {
    printable::line(text).replace('|', "\\|")
}

fn write_checkins(out: &mut String, report: &Report) -> std::fmt::Result {
    let totals = report.checkin_totals();
    let n = totals.answered;
    if n == 0 {
        return writeln!(out, "No check-ins in this period.");
    }
    writeln!(out, "- Nights checked in: {n}")?;
    writeln!(
        out,
        "- Cramps per night: {:.1} on average (\"3 or more\" counted as 3)",
        f64::from(totals.cramps) / n as f64
    )?;
    writeln!(
        out,
        "- Nights with cramps: {} of {n} ({}%)",
        totals.nights_with_cramps,
        percent(totals.nights_with_cramps, n)
    )?;
    match totals.minutes {
        Some((minutes, nights)) => writeln!(
            out,
            "- Cramp minutes: {minutes} in all, on the {} that gave them",
            plural::count(nights, "night")
        )?,
        None => writeln!(out, "- Cramp minutes: not given")?,
    }
    writeln!(out, "- Severity{}", super::pain_phrase(&totals))?;
    let legs = [Leg::Left, Leg::Right, Leg::Both].map(|leg| {
        (
            leg,
            report.checkins().filter(|c| c.leg == Some(leg)).count(),
        )
    });
    if legs.iter().any(|(_, n)| *n > 0) {
        let legs: Vec<String> = legs
            .iter()
            .map(|(leg, n)| format!("{} {n}", leg.as_str()))
            .collect();
        writeln!(out, "- Legs (nights): {}", legs.join(", "))?;
    } else {
        writeln!(out, "- Legs: not recorded")?;
    }
    let mut notes = report.notes().peekable();
    if notes.peek().is_some() {
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

fn write_episodes(out: &mut String, report: &Report) -> std::fmt::Result {
    let episodes = &report.episodes;
    let Some(longest) = episodes.iter().map(|e| e.seconds).max() else {
        return writeln!(out, "No episodes recorded in this period.");
    };
    let total: u64 = episodes.iter().map(|e| u64::from(e.seconds)).sum();
    let seconds = |s: u64| format_duration(Duration::from_secs(s));
    writeln!(out, "- Episodes: {}", episodes.len())?;
    writeln!(
        out,
        "- Time in all: {}; longest: {}",
        seconds(total),
        seconds(u64::from(longest))
    )?;
    writeln!(
        out,
        "- Longer than 10 minutes: {}",
        match report.long_episodes().count() {
            0 => "none".to_string(),
            long => format!("{long}, worth mentioning"),
        }
    )?;
    for episode in episodes {
        let leg = episode
            .leg
            .map_or_else(String::new, |leg| format!(", {} leg", leg.as_str()));
        let long = if episode.seconds > super::LONG_EPISODE_SECONDS {
            " (longer than 10 minutes)"
        } else {
            ""
        };
        writeln!(
            out,
            "  - {}: {}{leg}{long}",
            episode.started_at.format("%a %-d %b %H:%M"),
            seconds(u64::from(episode.seconds))
        )?;
    }
    Ok(())
}
