//! The stats screen: streaks, the calendar of the last weeks, how often each step
//! was done, cramps a night, and the insights, as a page of items that scrolls an
//! item at a time. An item is shown whole or not at all (a step's comparison never
//! without its interval and sample sizes), and the caveat that they are
//! correlations travels with the comparisons: on screen whenever one is.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};

use crate::columns;
use crate::insights::CAVEAT;
use crate::plural;
use crate::stats::StepRate;
use crate::tui::app::{App, StatsView};

use super::fit::{fit, render_hints, render_lines, wrap};
use super::{Row, stack};
use calendar::{calendar_item, calendar_weeks};

mod calendar;

/// How often each step was done when it came up: the heading with the first, each
/// figure close enough to its step's name to be read with it on a wide window.
fn rate_items(view: &StatsView, width: u16) -> Vec<Vec<Line<'static>>> {
    const WIDEST: u16 = 60;
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let heading = Line::styled("Done when it came up", bold);
    if view.steps.is_empty() {
        let none = Line::styled(
            "No steps recorded yet.",
            Style::new().add_modifier(Modifier::DIM),
        );
        return vec![vec![heading, none]];
    }
    // Wider than WIDEST only for a title that needs it.
    let longest = view
        .steps
        .iter()
        .map(|step| columns::width(&step.title) as u16 + 7)
        .max()
        .unwrap_or(0);
    let width = usize::from(width.min(WIDEST.max(longest)).saturating_sub(6));
    let dim = Style::new().add_modifier(Modifier::DIM);
    // Cut short is not done: the rate leaves it out and a note says how often,
    // beside the rate when every title still fits whole, else on a line below.
    let cut_short =
        |step: &StepRate| (step.cut_short > 0).then(|| format!("  {} cut short", step.cut_short));
    let beside = view
        .steps
        .iter()
        .filter_map(|step| cut_short(step).map(|text| columns::width(&text)))
        .max()
        .unwrap_or(0);
    let widest_title = view
        .steps
        .iter()
        .map(|step| columns::width(&step.title))
        .max()
        .unwrap_or(0);
    let inline = width.saturating_sub(beside) > widest_title;
    let title_width = if inline { width - beside } else { width };
    let mut items: Vec<Vec<Line>> = view
        .steps
        .iter()
        .map(|step| {
            let title = fit(&step.title, title_width.saturating_sub(1) as u16);
            let percent = step
                .percent()
                .map_or("—".to_string(), |percent| format!("{percent}%"));
            let mut row = vec![
                Span::raw(columns::pad_end(&title, title_width)),
                Span::styled(format!("{percent:>5}"), bold),
            ];
            match cut_short(step) {
                Some(text) if inline => {
                    row.push(Span::styled(text, dim));
                    vec![Line::from(row)]
                }
                Some(text) => vec![Line::from(row), Line::styled(text, dim)],
                None => vec![Line::from(row)],
            }
        })
        .collect();
    items[0].insert(0, heading);
    items
}

/// Columns the calendar takes beside the step rates on a wide window.
const CALENDAR_COLUMN: u16 = 40;

/// The calendar and the step rates: beside each other, row by row, when the window
/// has room for both, else one after the other; the calendar left out when the
/// window is too short to show it whole.
fn middle_items(view: &StatsView, width: u16, rows: usize) -> Vec<Vec<Line<'static>>> {
    let side_by_side = width >= CALENDAR_COLUMN + 30 && calendar_weeks(view, 36) == 16;
    if !side_by_side {
        let calendar = calendar_item(view, width);
        // Shown only where it fits under the streak: a first page with the streak
        // alone would look empty.
        let mut items = if calendar.is_empty() || calendar.len() + 1 > rows {
            Vec::new()
        } else {
            vec![calendar]
        };
        items.extend(rate_items(view, width));
        return items;
    }
    let right: Vec<Line> = rate_items(view, width - CALENDAR_COLUMN).concat();
    // The legend (under the title and a row a weekday) runs on across the window
    // where the step rates have ended, else it wraps within the calendar's columns.
    let legend_row = 1 + 7;
    let left = if right.len() > legend_row {
        calendar_item(view, CALENDAR_COLUMN)
    } else {
        calendar_item(view, width)
    };
    let lines: Vec<Line> = (0..left.len().max(right.len()))
        .map(|row| {
            let mut spans = match left.get(row) {
                Some(line) => {
                    let pad = usize::from(CALENDAR_COLUMN).saturating_sub(line.width());
                    let mut spans = line.spans.clone();
                    spans.push(Span::raw(" ".repeat(pad)));
                    spans
                }
                None => vec![Span::raw(" ".repeat(usize::from(CALENDAR_COLUMN)))],
            };
            spans.extend(
                right
                    .get(row)
                    .map_or_else(Vec::new, |line| line.spans.clone()),
            );
            Line::from(spans)
        })
        .collect();
    // The rows beside the calendar are one item with it; step rates below it, one each.
    let mut rest = lines.into_iter();
    let mut items = vec![rest.by_ref().take(left.len()).collect::<Vec<_>>()];
    items.extend(rest.map(|line| vec![line]));
    items
}

/// Cramps a night over the check-ins that fit, newest last: a bar a night with the
/// scale at the left and the first and last night's dates under it, as one item.
fn cramp_item(view: &StatsView, width: u16) -> Vec<Line<'static>> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let dim = Style::new().add_modifier(Modifier::DIM);
    let checked: Vec<(chrono::NaiveDate, u8)> = view
        .calendar
        .iter()
        .filter_map(|(night, _, cramps)| cramps.map(|cramps| (*night, cramps)))
        .collect();
    let summary = match view.seven_night_average() {
        Some(average) => format!(
            "Cramps per night, {} · last 7: {average:.1} a night",
            plural::count(checked.len(), "check-in")
        ),
        None => "Cramps per night: no check-ins yet (c on the home screen)".to_string(),
    };
    let mut lines = wrap(&Text::styled(summary, bold), width);
    const SCALE: &str = "0–3+ ";
    let room = usize::from(width).saturating_sub(columns::width(SCALE));
    let shown = &checked[checked.len().saturating_sub(room)..];
    let (Some((first, _)), Some((last, _))) = (shown.first(), shown.last()) else {
        return lines;
    };
    // One of nine heights a night, 3 or more the tallest, as a sparkline draws them.
    const BARS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let bars: String = shown
        .iter()
        .map(|(_, cramps)| BARS[usize::from((*cramps).min(3)) * 8 / 3])
        .collect();
    lines.push(Line::from(vec![Span::styled(SCALE, dim), Span::raw(bars)]));
    let (first, last) = (
        first.format("%-d %b").to_string(),
        last.format("%-d %b").to_string(),
    );
    let gap = shown.len().saturating_sub(first.len() + last.len());
    if gap > 0 {
        lines.push(Line::styled(
            format!(
                "{}{first}{}{last}",
                " ".repeat(columns::width(SCALE)),
                " ".repeat(gap)
            ),
            dim,
        ));
    }
    lines
}

/// One thing the page shows, whole or not at all.
struct Item {
    lines: Vec<Line<'static>>,
    /// It begins a section: a blank row goes before it where there is room (not at
    /// the top of the window, nor where the row is all that keeps it off screen).
    gap: bool,
    /// A comparison of nights: the caveat must show with it.
    correlation: bool,
}

/// The page at `width` for `rows` rows, item by item.
fn items(view: &StatsView, width: u16, rows: usize) -> Vec<Item> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let item = |lines: Vec<Line<'static>>, gap: bool| Item {
        lines,
        gap,
        correlation: false,
    };
    let mut items = vec![item(
        vec![Line::from(vec![
            Span::styled(format!("Streak {} ", view.streaks.current), bold),
            Span::raw(format!("· best {}", view.streaks.best)),
        ])],
        false,
    )];
    let mut middle = middle_items(view, width, rows).into_iter();
    items.extend(middle.next().map(|first| item(first, true)));
    items.extend(middle.map(|lines| item(lines, false)));
    items.push(item(cramp_item(view, width), true));
    for (index, group) in view.insights.iter().enumerate() {
        let text = Text::from(
            group
                .lines
                .iter()
                .map(|line| Line::from(line.clone()))
                .collect::<Vec<_>>(),
        );
        items.push(Item {
            lines: wrap(&text, width),
            gap: index == 0,
            correlation: group.correlation,
        });
    }
    if view.insights.iter().any(|group| group.correlation) {
        items.push(item(wrap(&Text::raw(CAVEAT), width), false));
    }
    items
}

/// The caveat pinned under comparisons whose own caveat is below the window: whole,
/// and in four words where the whole would cut the first item shown.
fn caveat_lines(width: u16) -> [Vec<Line<'static>>; 2] {
    [
        wrap(&Text::raw(CAVEAT), width),
        vec![Line::raw(fit("Correlations, not proof.", width))],
    ]
}

/// Which items show from `first` in `rows` rows: as many whole items as fit, and the
/// caveat pinned under them when a comparison shows without its own.
struct Window {
    first: usize,
    /// One past the last item shown.
    end: usize,
    /// The rows drawn.
    lines: Vec<Line<'static>>,
}

/// The whole items from `first` that fit `room` rows (the first one cut when it alone
/// is taller), with their gaps where there is room: one past the last, and the rows.
fn fill(items: &[Item], first: usize, room: usize) -> (usize, Vec<Line<'static>>) {
    let mut lines = Vec::new();
    let mut end = first;
    while let Some(item) = items.get(end) {
        let left = room.saturating_sub(lines.len());
        if item.lines.len() > left && end > first {
            break;
        }
        if item.gap && end > first && item.lines.len() < left {
            lines.push(Line::default());
        }
        lines.extend(item.lines.iter().take(left).cloned());
        end += 1;
    }
    (end, lines)
}

fn window(items: &[Item], first: usize, rows: usize, width: u16) -> Window {
    let first = first.min(items.len().saturating_sub(1));
    let (end, lines) = fill(items, first, rows);
    let caveat_shown = end == items.len() && items.last().is_some_and(|item| !item.correlation);
    let comparisons = items[first..end].iter().any(|item| item.correlation);
    if !comparisons || caveat_shown {
        return Window { first, end, lines };
    }
    let [whole, short] = caveat_lines(width);
    let first_fits = |pinned: &Vec<Line>| items[first].lines.len() + pinned.len() <= rows;
    let pinned = if first_fits(&whole) { whole } else { short };
    let (end, mut lines) = fill(items, first, rows.saturating_sub(pinned.len()));
    lines.extend(pinned);
    Window { first, end, lines }
}

/// The first item of the page after moving `by` items (a page when `by` is the
/// window's height or more), never past where the last item is in view.
fn scrolled(app: &App, view: &StatsView, by: isize) -> usize {
    let [_, page, _] = areas(app.area());
    let rows = usize::from(page.height);
    let items = items(view, page.width, rows);
    let last_start = (0..items.len())
        .find(|&first| window(&items, first, rows, page.width).end == items.len())
        .unwrap_or(0);
    let now = app.stats_scroll().min(last_start);
    let shown = window(&items, now, rows, page.width);
    let moved = match by {
        by if by >= rows as isize => shown.end.max(now + 1),
        by if by <= -(rows as isize) => (0..now)
            .find(|&first| window(&items, first, rows, page.width).end >= now)
            .unwrap_or(0),
        by => now.saturating_add_signed(by),
    };
    moved.min(last_start)
}

/// Where the header, the page and the footer go.
fn areas(area: Rect) -> [Rect; 3] {
    stack(
        area.inner(Margin::new(1, 0)),
        [Row::Fixed(1), Row::Fill, Row::Fixed(1)],
    )
}

/// The first item after scrolling the stats page `by` items (a window's height or
/// more: a page), as far as there is anything to see.
pub fn stats_scrolled(app: &App, by: isize) -> usize {
    match app.stage() {
        crate::tui::app::Stage::Stats(view) => scrolled(app, view, by),
        _ => 0,
    }
}

pub(super) fn render(app: &App, view: &StatsView, area: Rect, buf: &mut Buffer) {
    let [header, page, footer] = areas(area);
    super::render_header(app, header, buf);
    let items = items(view, page.width, usize::from(page.height));
    let first = scrolled(app, view, 0);
    let shown = window(&items, first, usize::from(page.height), page.width);
    render_lines(shown.lines, page, buf);
    let mut hints = Vec::new();
    if shown.end < items.len() {
        hints.push(("↓", "more"));
    }
    if shown.first > 0 {
        hints.push(("↑", "more"));
    }
    hints.extend([
        ("Esc", "home"),
        ("!", "cramp"),
        ("?", "help"),
        ("q", "quit"),
    ]);
    render_hints(&hints, footer, buf);
}
