//! `winddown stats`: streaks, completion rates, per-step done rate, average duration.

use std::io::Write;

use chrono::NaiveDate;

use super::history::format_duration;
use crate::columns;
use crate::plural;
use crate::printable;
use crate::stats::{self, Rate};
use crate::store::Store;

/// Writes the statistics of the whole history up to `today`.
pub fn stats(store: &Store, today: NaiveDate, out: &mut impl Write) -> anyhow::Result<()> {
    let nights = store.history(None, today)?;
    if nights.is_empty() {
        writeln!(out, "No nights recorded yet.")?;
        return Ok(());
    }
    let tallies = store.step_tallies()?;
    let stats = stats::compute(&nights, &tallies, today);
    writeln!(
        out,
        "Current streak:  {}",
        nights_word(stats.streaks.current)
    )?;
    writeln!(out, "Best streak:     {}", nights_word(stats.streaks.best))?;
    writeln!(out, "Last 7 nights:   {}", rate(stats.last_7))?;
    writeln!(out, "Last 30 nights:  {}", rate(stats.last_30))?;
    writeln!(out, "All nights:      {}", rate(stats.all))?;
    match stats.average_duration {
        Some(average) => writeln!(
            out,
            "Average run:     {} (over {})",
            format_duration(average),
            completed_word(stats.timed_runs)
        )?,
        None => writeln!(out, "Average run:     -")?,
    }
    if stats.steps.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "Done rate per step:")?;
    let titles: Vec<_> = stats
        .steps
        .iter()
        .map(|step| printable::line(&step.title))
        .collect();
    let width = titles
        .iter()
        .map(|title| columns::width(title))
        .max()
        .unwrap_or(0);
    for (step, title) in stats.steps.iter().zip(&titles) {
        let percent = step
            .percent()
            .map_or_else(|| "-".to_string(), |p| format!("{p}%"));
        let pad = " ".repeat(width - columns::width(title));
        // Cut short is not done; saying how often keeps the rate honest to read.
        let cut_short = match step.cut_short {
            0 => String::new(),
            count => format!("; {count} cut short"),
        };
        writeln!(
            out,
            "  {title}{pad}  {percent:>4}  ({} of {}{cut_short})",
            step.done, step.ended
        )?;
    }
    Ok(())
}

/// `3 of 4 completed (75%)`, or a dash when no night counted yet.
fn rate(rate: Rate) -> String {
    match rate.percent() {
        Some(percent) => format!(
            "{} of {} completed ({percent}%)",
            rate.completed, rate.counted
        ),
        None => "-".to_string(),
    }
}

fn nights_word(count: u32) -> String {
    plural::count(count, "night")
}

fn completed_word(count: u32) -> String {
    plural::count(count, "completed night")
}
