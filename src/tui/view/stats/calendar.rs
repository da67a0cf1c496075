//! The stats screen's calendar of the last weeks: a row a weekday, a glyph a night,
//! a mark where cramps were reported, and the legend that explains them.

use chrono::{Datelike, Duration};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Text};

use crate::model::NightStatus;
use crate::tui::app::StatsView;
use crate::tui::view::LEGEND_GAP;
use crate::tui::view::fit::{rows_of_whole, wrap};

/// A night's status in the calendar.
fn calendar_glyph(status: Option<&NightStatus>) -> char {
    match status {
        Some(NightStatus::Completed) => '█',
        Some(NightStatus::Partial) => '▓',
        Some(NightStatus::Running | NightStatus::Abandoned) => '░',
        Some(NightStatus::Rest(_)) => 'z',
        Some(NightStatus::Missed) => '·',
        Some(NightStatus::NotYet) => '?',
        None => ' ',
    }
}

/// Marks a night with cramps reported.
const CRAMPS_MARK: char = '*';

/// What the calendar's glyphs mean.
const CALENDAR_LEGEND: [(char, &str); 7] = [
    ('█', "done"),
    ('▓', "partial"),
    ('░', "unfinished"),
    ('z', "rest"),
    ('·', "missed"),
    ('?', "tonight"),
    (CRAMPS_MARK, "cramps reported"),
];

fn reported(cramps: Option<u8>) -> bool {
    cramps.is_some_and(|cramps| cramps > 0)
}

/// One calendar cell: the night's status, then a mark if cramps were reported.
fn cell(status: Option<&NightStatus>, cramps: Option<u8>) -> String {
    let mark = if reported(cramps) { CRAMPS_MARK } else { ' ' };
    format!("{}{mark}", calendar_glyph(status))
}

/// The calendar's legend: the glyphs it shows, an entry each.
fn calendar_legend(view: &StatsView) -> Vec<String> {
    crate::tui::view::legend_entries(&CALENDAR_LEGEND, |glyph| {
        view.calendar.iter().any(|(_, status, cramps)| {
            calendar_glyph(status.as_ref()) == glyph || (glyph == CRAMPS_MARK && reported(*cramps))
        })
    })
}

/// The calendar's rows, Monday to Sunday, over the last `weeks` weeks.
fn calendar_lines(view: &StatsView, weeks: usize) -> Vec<Line<'static>> {
    let Some((last, _, _)) = view.calendar.last() else {
        return Vec::new();
    };
    let first_monday = *last
        - Duration::days(i64::from(last.weekday().num_days_from_monday()))
        - Duration::weeks(weeks as i64 - 1);
    let mut rows = vec![vec![String::from("  "); weeks]; 7];
    for (night, status, cramps) in &view.calendar {
        let Ok(week) = usize::try_from((*night - first_monday).num_days().div_euclid(7)) else {
            continue;
        };
        let day = night.weekday().num_days_from_monday() as usize;
        if let Some(slot) = rows.get_mut(day).and_then(|row| row.get_mut(week)) {
            *slot = cell(status.as_ref(), *cramps);
        }
    }
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .zip(rows)
        .map(|(label, row)| Line::from(format!("{label} {}", row.concat())))
        .collect()
}

/// The weeks the calendar shows: sixteen, fewer when the window is narrow (the newest
/// kept); none when not even four fit.
pub(super) fn calendar_weeks(view: &StatsView, width: u16) -> usize {
    let weeks = usize::from(width.saturating_sub(4) / 2).min(16);
    if view.calendar.is_empty() || weeks < 4 {
        0
    } else {
        weeks
    }
}

/// The calendar, one item: its title, a row a weekday and the legend (a legend
/// without its week explains nothing, and a week without its legend little more).
pub(super) fn calendar_item(view: &StatsView, width: u16) -> Vec<Line<'static>> {
    let weeks = calendar_weeks(view, width);
    if weeks == 0 {
        return Vec::new();
    }
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = vec![Line::styled(format!("Last {weeks} weeks"), bold)];
    lines.extend(calendar_lines(view, weeks));
    // Each entry whole on a row, and wrapped only when one alone is wider than it.
    for row in rows_of_whole(&calendar_legend(view), LEGEND_GAP, width) {
        lines.extend(wrap(
            &Text::styled(row, Style::new().add_modifier(Modifier::DIM)),
            width,
        ));
    }
    lines
}
