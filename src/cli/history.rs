//! `winddown history [--days N]`: a table of nights, newest first.

use std::io::Write;
use std::time::Duration;

use chrono::NaiveDate;

use crate::columns;
use crate::model::{NightStatus, NightSummary};
use crate::printable;
use crate::store::Store;

/// Writes the nights of the last `days` (or all of them) up to `today` as a table.
pub fn history(
    store: &Store,
    days: Option<u32>,
    today: NaiveDate,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let nights = store.history(days, today)?;
    if nights.is_empty() {
        writeln!(out, "No nights recorded yet.")?;
        return Ok(());
    }
    let rows: Vec<[String; 6]> = nights.iter().rev().map(|n| row(n, today)).collect();
    let header = ["Night", "Routine", "Done", "Skipped", "Duration", "Outcome"];
    let mut widths = header.map(columns::width);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(columns::width(cell));
        }
    }
    write_row(out, &header.map(str::to_string), &widths)?;
    for row in &rows {
        write_row(out, row, &widths)?;
    }
    let since = nights.first().map(|night| night.night);
    let mut notes = diary_lines(store, since, today)?;
    if !notes.is_empty() {
        // Newest first, like the table; a night's note before its SOS episodes.
        notes.sort_by_key(|note| std::cmp::Reverse(note.0));
        writeln!(out)?;
        for (_, line) in notes {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// Check-in notes and SOS episodes from `since` to `today`, each as its night
/// and one line; every text from the database goes through [`printable::line`].
fn diary_lines(
    store: &Store,
    since: Option<NaiveDate>,
    today: NaiveDate,
) -> anyhow::Result<Vec<(NaiveDate, String)>> {
    let day = |night: NaiveDate| night.format("%Y-%m-%d").to_string();
    let mut lines: Vec<(NaiveDate, String)> = store
        .checkins(since, today)?
        .into_iter()
        .filter_map(|checkin| {
            let note = checkin.note?;
            let line = format!("{}  note: {}", day(checkin.night), printable::line(&note));
            Some((checkin.night, line))
        })
        .collect();
    for episode in store.sos_episodes(since, today)? {
        let leg = episode
            .leg
            .map_or_else(String::new, |leg| format!(", {} leg", leg.as_str()));
        let line = format!(
            "{}  SOS at {}, {}{leg}",
            day(episode.night),
            episode.started_at.format("%H:%M"),
            format_duration(Duration::from_secs(u64::from(episode.seconds)))
        );
        lines.push((episode.night, line));
    }
    Ok(lines)
}

/// The cells of one night.
fn row(night: &NightSummary, today: NaiveDate) -> [String; 6] {
    let outcome = match &night.status {
        NightStatus::Rest(reason) if reason.is_empty() => "rest".to_string(),
        NightStatus::Rest(reason) => format!("rest: {}", printable::line(reason)),
        NightStatus::Running if night.night == today => "in progress".to_string(),
        status => status.label().to_string(),
    };
    let (routine, done, skipped, duration) = match &night.run {
        Some(run) => (
            printable::line(&run.routine_name).into_owned(),
            format!("{}/{}", run.done, run.step_count),
            run.skipped.to_string(),
            run.duration()
                .map_or_else(|| "-".to_string(), format_duration),
        ),
        None => Default::default(),
    };
    [
        night.night.format("%Y-%m-%d").to_string(),
        routine,
        done,
        skipped,
        duration,
        outcome,
    ]
}

/// Text columns left-aligned, number columns right-aligned; no trailing spaces.
fn write_row(
    out: &mut impl Write,
    cells: &[String; 6],
    widths: &[usize; 6],
) -> std::io::Result<()> {
    let mut line = String::new();
    for (column, (cell, &width)) in cells.iter().zip(widths).enumerate() {
        if column > 0 {
            line.push_str("  ");
        }
        let pad = " ".repeat(width.saturating_sub(columns::width(cell)));
        if matches!(column, 2..=4) {
            line.push_str(&pad);
            line.push_str(cell);
        } else {
            line.push_str(cell);
            line.push_str(&pad);
        }
    }
    writeln!(out, "{}", line.trim_end())
}

/// A run's length as `14m 05s`, or `1h 02m` from an hour on.
pub(crate) fn format_duration(duration: Duration) -> String {
    let secs = duration.as_secs();
    match (secs / 3600, secs / 60 % 60, secs % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m {s:02}s"),
        (h, m, _) => format!("{h}h {m:02}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(format_duration(Duration::from_secs(42)), "42s");
        assert_eq!(format_duration(Duration::from_secs(845)), "14m 05s");
        assert_eq!(format_duration(Duration::from_secs(3720)), "1h 02m");
    }
}
