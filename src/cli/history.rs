//! `winddown history [--days N]`: a table of nights, newest first.

use std::io::Write;
use std::time::Duration;

use chrono::NaiveDate;

use std::collections::BTreeMap;

use crate::columns;
use crate::model::{
    CheckIn, MAX_CRAMPS, NightSummary, RestNight, RunOutcome, RunSummary, SosEpisode,
    summarise_nights_from,
};
use crate::printable;
use crate::store::{Store, window_start};

/// The table's columns.
const HEADER: [&str; 8] = [
    "Night",
    "Routine",
    "Done",
    "Cut short",
    "Skipped",
    "Duration",
    "Outcome",
    "Cramps",
];

/// Writes the nights of the last `days` (or all of them) up to `today` as a table:
/// every night from the first with any record (a run, a rest night, a check-in, an
/// SOS episode), each run of a night on its own row, the check-in's count of cramps
/// beside it; then check-in notes and SOS episodes.
pub fn history(
    store: &Store,
    days: Option<u32>,
    today: NaiveDate,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let since = days.map(|days| window_start(today, days));
    let runs = store.runs(since, today)?;
    let rests = store.rest_nights(since, today)?;
    let checkins = store.checkins(since, today)?;
    let episodes = store.sos_episodes(since, today)?;
    let first_other = checkins
        .iter()
        .map(|checkin| checkin.night)
        .chain(episodes.iter().map(|episode| episode.night))
        .min();
    let nights = summarise_nights_from(&runs, &rests, first_other, today);
    if nights.is_empty() {
        writeln!(out, "No nights recorded yet.")?;
        return Ok(());
    }
    let cramps: BTreeMap<NaiveDate, u8> = checkins.iter().map(|c| (c.night, c.cramps)).collect();
    let rows: Vec<[String; 8]> = nights
        .iter()
        .rev()
        .flat_map(|night| night_rows(night, &runs, &rests, cramps.get(&night.night).copied()))
        .collect();
    let mut widths = HEADER.map(columns::width);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(columns::width(cell));
        }
    }
    write_row(out, &HEADER.map(str::to_string), &widths)?;
    for row in &rows {
        write_row(out, row, &widths)?;
    }
    let mut notes = diary_lines(&checkins, &episodes);
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

/// Check-in notes and SOS episodes, each as its night and one line; every text
/// from the database goes through [`printable::line`].
fn diary_lines(checkins: &[CheckIn], episodes: &[SosEpisode]) -> Vec<(NaiveDate, String)> {
    let day = |night: NaiveDate| night.format("%Y-%m-%d").to_string();
    let mut lines: Vec<(NaiveDate, String)> = checkins
        .iter()
        .filter_map(|checkin| {
            let note = checkin.note.as_deref()?;
            let line = format!("{}  note: {}", day(checkin.night), printable::line(note));
            Some((checkin.night, line))
        })
        .collect();
    for episode in episodes {
        let leg = episode
            .leg
            .map_or_else(String::new, |leg| format!(", {}", leg.described()));
        let line = format!(
            "{}  SOS at {}, {}{leg}",
            day(episode.night),
            episode.started_at.format("%H:%M"),
            format_duration(Duration::from_secs(u64::from(episode.seconds)))
        );
        lines.push((episode.night, line));
    }
    lines
}

/// The rows of one night: each of its runs, latest first, then its rest night; a
/// night with neither says what it was (missed, not yet). The check-in's cramps go
/// on the night's first row.
fn night_rows(
    night: &NightSummary,
    runs: &[RunSummary],
    rests: &[RestNight],
    cramps: Option<u8>,
) -> Vec<[String; 8]> {
    let day = night.night.format("%Y-%m-%d").to_string();
    let mut its_runs: Vec<&RunSummary> =
        runs.iter().filter(|run| run.night == night.night).collect();
    its_runs.sort_by_key(|run| std::cmp::Reverse((run.started_at, run.id.0)));
    let mut rows: Vec<[String; 8]> = its_runs
        .into_iter()
        .map(|run| {
            [
                day.clone(),
                printable::line(&run.routine_name).into_owned(),
                format!("{}/{}", run.done, run.step_count),
                run.cut_short.to_string(),
                run.skipped.to_string(),
                run.duration()
                    .map_or_else(|| "-".to_string(), format_duration),
                run_outcome(run.outcome).to_string(),
                String::new(),
            ]
        })
        .collect();
    let rest = rests.iter().find(|rest| rest.night == night.night);
    let outcome = match (rest, &night.status) {
        (Some(rest), _) if rest.reason.is_empty() => Some("rest".to_string()),
        (Some(rest), _) => Some(format!("rest: {}", printable::line(&rest.reason))),
        (None, _) if !rows.is_empty() => None,
        (None, status) => Some(status.label().to_string()),
    };
    rows.extend(outcome.map(|outcome| {
        [
            day.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            outcome,
            String::new(),
        ]
    }));
    if let (Some(first), Some(cramps)) = (rows.first_mut(), cramps) {
        first[7] = match cramps {
            n if n >= MAX_CRAMPS => "3+".to_string(),
            n => n.to_string(),
        };
    }
    rows
}

/// A run's own outcome: one marked running is unfinished (in progress, or stopped
/// with its place kept; `status` tells which).
fn run_outcome(outcome: RunOutcome) -> &'static str {
    match outcome {
        RunOutcome::Completed => "completed",
        RunOutcome::Partial => "partial",
        RunOutcome::Running => "unfinished",
        RunOutcome::Abandoned => "abandoned",
    }
}

/// Text columns left-aligned, number columns right-aligned; no trailing spaces.
fn write_row(
    out: &mut impl Write,
    cells: &[String; 8],
    widths: &[usize; 8],
) -> std::io::Result<()> {
    let mut line = String::new();
    for (column, (cell, &width)) in cells.iter().zip(widths).enumerate() {
        if column > 0 {
            line.push_str("  ");
        }
        let pad = " ".repeat(width.saturating_sub(columns::width(cell)));
        if matches!(column, 2..=5 | 7) {
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
