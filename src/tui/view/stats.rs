//! The stats screen: a sixteen-week calendar, streaks, step adherence, cramps.

use chrono::{Datelike, Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Sparkline, Widget};

use crate::columns;
use crate::model::NightStatus;
use crate::plural;
use crate::stats::StepRate;
use crate::tui::app::{App, StatsView};

use super::fit::{fit, fit_line, render_hints, render_wrapped};

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

/// The calendar's legend: the glyphs it shows.
fn calendar_legend(view: &StatsView) -> String {
    super::legend(&CALENDAR_LEGEND, |glyph| {
        view.calendar.iter().any(|(_, status, cramps)| {
            calendar_glyph(status.as_ref()) == glyph || (glyph == CRAMPS_MARK && reported(*cramps))
        })
    })
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

/// Cramps a night over the check-ins that fit, newest last: a sparkline with its
/// scale at the left and the first and last night's dates under it.
fn render_cramps(view: &StatsView, area: Rect, buf: &mut Buffer) {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let dim = Style::new().add_modifier(Modifier::DIM);
    let [label, spark, dates] = Layout::vertical([Constraint::Length(1); 3]).areas(area);
    let checked: Vec<(NaiveDate, u64)> = view
        .calendar
        .iter()
        .filter_map(|(night, _, cramps)| cramps.map(|cramps| (*night, u64::from(cramps))))
        .collect();
    let summary = match view.seven_night_average() {
        Some(average) => format!(
            "Cramps per night, {} · last 7: {average:.1} a night",
            plural::count(checked.len(), "check-in")
        ),
        None => "Cramps per night: no check-ins yet (c on the home screen)".to_string(),
    };
    fit_line(Line::styled(summary, bold), label.width).render(label, buf);
    if checked.is_empty() || spark.height == 0 {
        return;
    }
    const SCALE: &str = "0–3+ ";
    let [scale, spark] = Layout::horizontal([
        Constraint::Length(columns::width(SCALE) as u16),
        Constraint::Fill(1),
    ])
    .areas(spark);
    let shown = &checked[checked.len().saturating_sub(usize::from(spark.width))..];
    let counts: Vec<u64> = shown.iter().map(|(_, cramps)| *cramps).collect();
    Line::styled(SCALE, dim).render(scale, buf);
    Sparkline::default().data(&counts).max(3).render(spark, buf);
    let (Some((first, _)), Some((last, _))) = (shown.first(), shown.last()) else {
        return;
    };
    let dates = Rect {
        x: spark.x,
        width: spark.width.min(shown.len() as u16),
        ..dates
    };
    let (first, last) = (
        first.format("%-d %b").to_string(),
        last.format("%-d %b").to_string(),
    );
    if first.len() + last.len() < usize::from(dates.width) {
        Line::styled(first, dim).render(dates, buf);
        Line::styled(last, dim).right_aligned().render(dates, buf);
    }
}

/// The sixteen weeks, a row a weekday, with the legend under them; left out whole
/// when the window is too short for all seven days (a legend alone explains
/// nothing). Returns whether it was drawn.
fn render_calendar(view: &StatsView, area: Rect, legend: Rect, buf: &mut Buffer) -> bool {
    let lines = calendar_lines(view);
    if usize::from(area.height) <= lines.len() {
        return false;
    }
    let title = Line::styled("Last 16 weeks", Style::new().add_modifier(Modifier::BOLD));
    Paragraph::new([title].into_iter().chain(lines).collect::<Vec<_>>()).render(area, buf);
    fit_line(
        Line::styled(
            calendar_legend(view),
            Style::new().add_modifier(Modifier::DIM),
        ),
        legend.width,
    )
    .render(legend, buf);
    true
}

/// How often each step was done when it came up (as many as fit), each figure
/// close enough to its step's name to be read with it on a wide window.
fn render_step_rates(view: &StatsView, area: Rect, buf: &mut Buffer) {
    const WIDEST: u16 = 60;
    if area.height < 2 {
        // A heading with nothing under it explains nothing.
        return;
    }
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = vec![Line::styled("Done when it came up", bold)];
    // Wider than WIDEST only for a title that needs it.
    let longest = view
        .steps
        .iter()
        .map(|step| columns::width(&step.title) as u16 + 7)
        .max()
        .unwrap_or(0);
    let width = usize::from(area.width.min(WIDEST.max(longest)).saturating_sub(6));
    let dim = Style::new().add_modifier(Modifier::DIM);
    let shown = &view.steps[..view.steps.len().min(7)];
    // Cut short is not done: the rate leaves it out and a note says how often,
    // beside the rate when every title still fits whole, else on a line below.
    let cut_short =
        |step: &StepRate| (step.cut_short > 0).then(|| format!("  {} cut short", step.cut_short));
    let beside = shown
        .iter()
        .filter_map(|step| cut_short(step).map(|text| columns::width(&text)))
        .max()
        .unwrap_or(0);
    let widest_title = shown
        .iter()
        .map(|step| columns::width(&step.title))
        .max()
        .unwrap_or(0);
    let inline = width.saturating_sub(beside) > widest_title;
    let title_width = if inline { width - beside } else { width };
    // A note on its own line must not push a step off the bottom.
    let notes = shown.iter().filter(|step| step.cut_short > 0).count();
    let below = !inline && 1 + shown.len() + notes <= usize::from(area.height);
    for step in shown {
        let title = fit(&step.title, title_width.saturating_sub(1) as u16);
        let percent = step
            .percent()
            .map_or("—".to_string(), |percent| format!("{percent}%"));
        let mut row = vec![
            Span::raw(columns::pad_end(&title, title_width)),
            Span::styled(format!("{percent:>5}"), bold),
        ];
        match cut_short(step) {
            Some(text) if inline => row.push(Span::styled(text, dim)),
            Some(text) if below => {
                lines.push(Line::from(row));
                row = vec![Span::styled(text, dim)];
            }
            Some(_) | None => {}
        }
        lines.push(Line::from(row));
    }
    if view.steps.is_empty() {
        lines.push(Line::styled(
            "No steps recorded yet.",
            Style::new().add_modifier(Modifier::DIM),
        ));
    }
    Paragraph::new(lines).render(area, buf);
}

pub(super) fn render(app: &App, view: &StatsView, area: Rect, buf: &mut Buffer) {
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
        Constraint::Length(3),
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
    if render_calendar(view, calendar, legend, buf) {
        render_step_rates(view, steps, buf);
    } else {
        render_step_rates(view, middle, buf);
    }
    render_cramps(view, cramps, buf);

    render_wrapped(
        Text::from(
            view.insights
                .iter()
                .map(|line| Line::from(line.as_str()))
                .collect::<Vec<_>>(),
        ),
        insights,
        buf,
    );
    render_hints(
        &[
            ("any key", "back"),
            ("!", "cramp"),
            ("?", "help"),
            ("q", "quit"),
        ],
        footer,
        buf,
    );
}
