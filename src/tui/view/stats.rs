//! The stats screen: a sixteen-week calendar, streaks, step adherence, cramps.

use chrono::{Datelike, Duration};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline, Widget, Wrap};

use crate::model::NightStatus;
use crate::tui::app::{App, StatsView};

use super::run::render_hints;

/// One calendar cell: the night's status, then `*` if cramps were reported.
fn cell(status: Option<&NightStatus>, cramps: Option<u8>) -> String {
    let glyph = match status {
        Some(NightStatus::Completed) => '█',
        Some(NightStatus::Partial) => '▓',
        Some(NightStatus::Running | NightStatus::Abandoned) => '░',
        Some(NightStatus::Rest(_)) => 'z',
        Some(NightStatus::Missed) => '·',
        Some(NightStatus::NotYet) => '?',
        None => ' ',
    };
    let mark = if cramps.is_some_and(|cramps| cramps > 0) {
        '*'
    } else {
        ' '
    };
    format!("{glyph}{mark}")
}

fn calendar_lines(view: &StatsView) -> Vec<Line<'static>> {
    let Some((first, _, _)) = view.calendar.first() else {
        return Vec::new();
    };
    let monday = *first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    let weeks = view
        .calendar
        .last()
        .map_or(0, |(last, _, _)| (*last - monday).num_days() / 7 + 1) as usize;
    let mut rows = vec![vec![String::from("  "); weeks]; 7];
    for (night, status, cramps) in &view.calendar {
        let week = ((*night - monday).num_days() / 7) as usize;
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

pub(super) fn render(app: &App, view: &StatsView, area: Rect, buf: &mut Buffer) {
    let dim = Style::new().add_modifier(Modifier::DIM);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let [
        header,
        streak,
        _,
        middle,
        legend,
        _,
        cramps,
        insights,
        footer,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(8),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .horizontal_margin(1)
    .areas(area);
    super::render_header(app, header, buf);
    Line::from(vec![
        Span::styled(format!("Streak {} ", view.streaks.current), bold),
        Span::raw(format!("· best {}", view.streaks.best)),
    ])
    .render(streak, buf);

    let [calendar, steps] =
        Layout::horizontal([Constraint::Length(40), Constraint::Fill(1)]).areas(middle);
    let mut lines = vec![Line::styled("Last 16 weeks", bold)];
    lines.extend(calendar_lines(view));
    Paragraph::new(lines).render(calendar, buf);

    let mut lines = vec![Line::styled("Done when it came up", bold)];
    let width = usize::from(steps.width.saturating_sub(6));
    for step in view.steps.iter().take(7) {
        let title: String = step.title.chars().take(width.saturating_sub(1)).collect();
        let percent = step
            .percent()
            .map_or("—".to_string(), |percent| format!("{percent}%"));
        lines.push(Line::from(vec![
            Span::raw(format!("{title:<width$}")),
            Span::styled(format!("{percent:>5}"), bold),
        ]));
    }
    if view.steps.is_empty() {
        lines.push(Line::styled("No steps recorded yet.", dim));
    }
    Paragraph::new(lines).render(steps, buf);
    Line::styled(
        "█ done  ▓ partial  ░ unfinished  z rest  · missed  * cramps reported",
        dim,
    )
    .render(legend, buf);

    let [label, spark] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(cramps);
    let counts = view.cramps();
    let summary = match view.seven_night_average() {
        Some(average) => format!(
            "Cramps per night, {} check-ins · last 7: {average:.1} a night",
            counts.len()
        ),
        None => "Cramps per night: no check-ins yet (c on the home screen)".to_string(),
    };
    Line::styled(summary, bold).render(label, buf);
    Sparkline::default().data(&counts).max(3).render(spark, buf);

    Paragraph::new(
        view.insights
            .iter()
            .map(|line| Line::from(line.as_str()))
            .collect::<Vec<_>>(),
    )
    .wrap(Wrap { trim: true })
    .render(insights, buf);
    render_hints(&[("any key", "back"), ("q", "quit")], footer, buf);
}
