//! The home screen: tonight's plan, the streak, the last two weeks; and the
//! questions asked before a run (resume or restart, a rest night's reason).

use std::time::Duration;

use chrono::{Datelike, Timelike};
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::journal::Interrupted;
use crate::model::NightStatus;
use crate::plural;
use crate::routine::{Step, StepKind, for_reading};
use crate::tui::app::App;

use super::fit::{fit, fit_line, render_hints};
use super::overlays::render_dialog;
use super::{Row, stack};

/// One glyph per night for the two-week strip.
fn night_glyph(status: Option<&NightStatus>) -> char {
    let Some(status) = status else {
        return ' ';
    };
    match status {
        NightStatus::Completed => '●',
        NightStatus::Partial => '◐',
        NightStatus::Running | NightStatus::Abandoned => '○',
        NightStatus::Rest(_) => 'z',
        NightStatus::Missed => '·',
        NightStatus::NotYet => '?',
    }
}

/// What the strip's glyphs mean.
const STRIP_LEGEND: [(char, &str); 6] = [
    ('●', "done"),
    ('◐', "partial"),
    ('○', "unfinished"),
    ('z', "rest"),
    ('·', "missed"),
    ('?', "tonight"),
];

/// What a step asks, most important first: "4 min", "2 sides × 3", "optional";
/// or "confirm", "3 items".
fn step_detail(step: &Step) -> Vec<String> {
    let mut detail = vec![match step.kind() {
        StepKind::Confirm => "confirm".to_string(),
        StepKind::Checklist => plural::count(step.checklist.len(), "item"),
        StepKind::Timed | StepKind::TimedChecklist => for_reading(step.written_length()),
    }];
    if !step.sides.is_empty() {
        let sides = plural::count(step.sides.len(), "side");
        match step.sets {
            1 => detail.push(sides),
            sets => detail.push(format!("{sides} × {sets}")),
        }
    } else if step.sets > 1 {
        detail.push(format!("× {}", step.sets));
    }
    if step.optional {
        detail.push("optional".to_string());
    }
    detail
}

/// As many whole parts of a step's detail as fit in `room` columns, joined by " · ":
/// a narrow window drops "2 sides × 3" whole rather than cutting it to "2…".
fn detail_within(parts: &[String], room: usize) -> String {
    let mut shown = String::new();
    for part in parts {
        let joined = if shown.is_empty() {
            part.clone()
        } else {
            format!("{shown} · {part}")
        };
        if !shown.is_empty() && joined.chars().count() > room {
            break;
        }
        shown = joined;
    }
    shown
}

/// The home screen: which routine, tonight's plan, when to start, the streak and
/// the last nights, and the keys.
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let steps = app.steps();
    // With nothing scheduled, one line says so.
    let list_height = steps.len().max(1) as u16;
    let [
        header,
        about,
        _,
        plan_title,
        list,
        _,
        start_by,
        _,
        streak,
        strip,
        legend,
        _,
        footer,
    ] = stack(
        area.inner(Margin::new(1, 0)),
        [
            Row::Fixed(1),
            Row::Fixed(1),
            Row::Gap(1),
            Row::Fixed(1),
            Row::UpTo(list_height),
            Row::Gap(1),
            Row::Fixed(1),
            Row::Fill,
            Row::Fixed(1),
            Row::Fixed(1),
            Row::Fixed(1),
            Row::Gap(1),
            Row::Fixed(1),
        ],
    );
    super::render_header(app, header, buf);
    render_about(app, about, buf);
    let total: Duration = steps.iter().map(Step::timed_length).sum();
    render_plan_title(app, total, plan_title, buf);
    render_plan(app, list, buf);
    fit_line(Line::from(start_by_text(app, total)), start_by.width).render(start_by, buf);
    render_streak(app, streak, buf);
    render_strip(app, strip, legend, buf);
    render_home_hints(app, footer, buf);
}

/// Which routine of several is open, or the routine's own line about itself.
fn render_about(app: &App, area: Rect, buf: &mut Buffer) {
    let (choices, chosen) = app.choices();
    let line = if choices.len() > 1 {
        Line::from(vec![
            Span::styled(
                format!("Routine {} of {}", chosen + 1, choices.len()),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                " · Tab or ←/→ to switch",
                Style::new().add_modifier(Modifier::DIM),
            ),
        ])
    } else if let Some(text) = &app.routine().about {
        Line::styled(text.as_str(), Style::new().add_modifier(Modifier::DIM))
    } else {
        return;
    };
    fit_line(line, area.width).render(area, buf);
}

/// "Tonight · Thu 26 November", with the plan's size on the right when it fits whole.
fn render_plan_title(app: &App, total: Duration, area: Rect, buf: &mut Buffer) {
    let steps = app.steps();
    let night = app.night();
    let summary = format!(
        "{} · {}",
        plural::count(steps.len(), "step"),
        for_reading(total)
    );
    let tonight = format!(
        "Tonight · {} {} {}",
        night.weekday(),
        night.day(),
        night.format("%B")
    );
    let room = usize::from(area.width).saturating_sub(tonight.chars().count() + 2);
    // An empty plan is said in words below; "0 steps · 0 s" would only repeat it.
    let summary = if !steps.is_empty() && summary.chars().count() <= room {
        format!("  {summary:>room$}")
    } else {
        String::new()
    };
    fit_line(
        Line::from(vec![
            Span::styled(tonight, Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(summary),
        ]),
        area.width,
    )
    .render(area, buf);
}

/// Tonight's steps, one a line, titles in a column and what each asks beside them;
/// or that nothing is scheduled tonight.
fn render_plan(app: &App, area: Rect, buf: &mut Buffer) {
    let steps = app.steps();
    if steps.is_empty() {
        let name = &app.routine().name;
        let nothing = if app.unreadable() {
            format!("  {name} cannot run until its mistake is fixed: e to edit it.")
        } else {
            format!("  Nothing in {name} is scheduled tonight.")
        };
        fit_line(
            Line::styled(nothing, Style::new().add_modifier(Modifier::DIM)),
            area.width,
        )
        .render(area, buf);
        return;
    }
    // Titles get the room the shortest form of every detail leaves them, and
    // at least half the width: "Standing calf stretch  4 min" rather than
    // "Standing calf…       4 min" when the sides have been dropped anyway.
    let details: Vec<Vec<String>> = steps.iter().map(step_detail).collect();
    let shortest_detail = details
        .iter()
        .map(|parts| parts.first().map_or(0, |first| first.chars().count()))
        .max()
        .unwrap_or(0);
    let title_room = usize::from(area.width)
        .saturating_sub(shortest_detail + 4)
        .max(usize::from(area.width / 2));
    let title_width = steps
        .iter()
        .map(|step| step.title.chars().count())
        .max()
        .unwrap_or(0)
        .min(title_room);
    // A list cut short by the window says how much is hidden, so the plan never
    // looks shorter than it is.
    let rows = usize::from(area.height);
    let (shown, hidden) = match steps.len() {
        count if count > rows && rows > 0 => (rows - 1, count - (rows - 1)),
        count => (count, 0),
    };
    let mut lines: Vec<Line> = steps[..shown]
        .iter()
        .zip(&details)
        .map(|(step, parts)| {
            let title = fit(&step.title, title_width as u16);
            let room = usize::from(area.width).saturating_sub(title_width + 4);
            let detail = detail_within(parts, room);
            fit_line(
                Line::from(vec![
                    Span::raw(format!("  {title:<title_width$}  ")),
                    Span::styled(detail, Style::new().add_modifier(Modifier::DIM)),
                ]),
                area.width,
            )
        })
        .collect();
    if hidden > 0 {
        lines.push(fit_line(
            Line::styled(
                match shown {
                    0 => format!("  {} tonight", plural::count(hidden, "step")),
                    _ => format!("  … and {hidden} more {}", plural::noun(hidden, "step")),
                },
                Style::new().add_modifier(Modifier::DIM),
            ),
            area.width,
        ));
    }
    Paragraph::new(lines).render(area, buf);
}

/// "Streak: 12 nights · best 20".
fn render_streak(app: &App, area: Rect, buf: &mut Buffer) {
    let streaks = app.history().streaks;
    Line::from(vec![
        Span::styled(
            format!("Streak: {}", plural::count(streaks.current, "night")),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!(" · best {}", streaks.best)),
    ])
    .render(area, buf);
}

/// The last nights, a glyph each, and the legend below them.
fn render_strip(app: &App, strip: Rect, legend: Rect, buf: &mut Buffer) {
    // On a narrow screen the oldest nights give way, so tonight always shows.
    // The strip starts at the first night of use: no blank nights before it.
    let recent = &app.history().recent;
    let used = recent
        .iter()
        .position(|(_, status)| status.is_some())
        .map_or(&recent[recent.len()..], |first| &recent[first..]);
    let room = usize::from(strip.width).saturating_sub("Last 14 nights  ".len()) / 2;
    let shown = &used[used.len().saturating_sub(room)..];
    let nights = match shown.len() {
        0 | 1 => "Tonight  ".to_string(),
        n => format!("Last {}  ", plural::count(n, "night")),
    };
    let mut strip_spans = vec![Span::raw(nights)];
    for (_, status) in shown {
        strip_spans.push(Span::raw(format!("{} ", night_glyph(status.as_ref()))));
    }
    Line::from(strip_spans).render(strip, buf);
    let drawn: Vec<char> = shown
        .iter()
        .map(|(_, status)| night_glyph(status.as_ref()))
        .collect();
    fit_line(
        Line::styled(
            super::legend(&STRIP_LEGEND, |glyph| drawn.contains(&glyph)),
            Style::new().add_modifier(Modifier::DIM),
        ),
        legend.width,
    )
    .render(legend, buf);
}

/// The home screen's keys; Enter resumes an interrupted run, or runs again once
/// tonight is done.
fn render_home_hints(app: &App, area: Rect, buf: &mut Buffer) {
    let tonight = app
        .history()
        .recent
        .last()
        .and_then(|(_, status)| status.as_ref());
    let done = app.done_tonight() || tonight == Some(&NightStatus::Completed);
    let enter = if app.unfinished().is_some() {
        "resume"
    } else if done {
        "run again"
    } else {
        "start"
    };
    let mut hints = vec![("Enter", enter), ("c", "check in")];
    // A night with a run behind it is no rest night.
    if !done {
        hints.push(("r", "rest night"));
    }
    hints.extend([
        ("t", "stats"),
        ("e", "edit"),
        ("!", "cramp"),
        ("?", "help"),
        ("q", "quit"),
    ]);
    render_hints(&hints, area, buf);
}

/// "Start by 22:01 to be in bed by 22:30.", or what starting now means when that has passed.
fn start_by_text(app: &App, total: Duration) -> String {
    if let (Some(session), Some(ended)) = (app.session(), app.finished_at()) {
        return format!(
            "Done tonight at {:02}:{:02} · {}.",
            ended.hour(),
            ended.minute(),
            session.tally().describe()
        );
    }
    match app.history().recent.last() {
        Some((_, Some(NightStatus::Rest(reason)))) => {
            return format!("Tonight is a rest night ({reason}).");
        }
        Some((_, Some(NightStatus::Completed))) => return "Done tonight.".to_string(),
        _ => {}
    }
    let Some(bedtime) = app.bedtime() else {
        return String::new();
    };
    let total = chrono::Duration::from_std(total).unwrap_or_default();
    let start_by = bedtime - total;
    if start_by >= app.wall() {
        format!(
            "Start by {:02}:{:02} to be in bed by {:02}:{:02}.",
            start_by.hour(),
            start_by.minute(),
            bedtime.hour(),
            bedtime.minute()
        )
    } else {
        let done = app.wall() + total;
        format!(
            "Done by {:02}:{:02} if you start now (bedtime {:02}:{:02}).",
            done.hour(),
            done.minute(),
            bedtime.hour(),
            bedtime.minute()
        )
    }
}

pub(super) fn render_resume_offer(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(interrupted) = app.unfinished() else {
        return;
    };
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = resume_offer_lines(interrupted, &app.routine().name);
    lines.extend([
        Line::from(""),
        Line::from(vec![
            Span::styled("Enter", bold),
            Span::raw(" resume   "),
            Span::styled("r", bold),
            Span::raw(" restart   "),
            Span::styled("Esc", bold),
            Span::raw(" home   "),
            Span::styled("q", bold),
            Span::raw(" quit"),
        ]),
    ]);
    render_dialog(area, 64, "Tonight's run was interrupted", lines, buf);
}

/// What the offer says of the run: where it goes on, and whether it began on an older
/// version of the routine.
fn resume_offer_lines(interrupted: &Interrupted, routine: &str) -> Vec<Line<'static>> {
    let total = interrupted.steps.len();
    let title = interrupted
        .next_step()
        .map_or("the end", |step| step.title.as_str());
    let at = interrupted.snapshot.position + 1;
    match &interrupted.older {
        None => vec![Line::from(format!(
            "Resume at \"{title}\" (step {at} of {total})"
        ))],
        Some(older) => vec![
            Line::from(format!(
                "Tonight's run was of an older version of {routine}: {} done.",
                plural::count(older.done, "step")
            )),
            Line::from(format!("Continue at \"{title}\" (step {at} of {total}).")),
        ],
    }
}

pub(super) fn render_rest_reason(reason: &str, area: Rect, buf: &mut Buffer) {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = vec![
        Line::from("Why rest tonight? (a word or two)"),
        Line::from(vec![
            Span::styled(format!("> {reason}"), bold),
            Span::styled("▏", Style::new().add_modifier(Modifier::SLOW_BLINK)),
        ]),
        Line::styled(
            "A rest night neither counts nor breaks the streak.",
            Style::new().add_modifier(Modifier::DIM),
        ),
        Line::from(vec![
            Span::styled("Enter", bold),
            Span::raw(" save   "),
            Span::styled("Esc", bold),
            Span::raw(" cancel"),
        ]),
    ];
    // In a small window the explanation gives way to the way out.
    if area.height < 12 {
        lines.remove(2);
    }
    render_dialog(area, 64, "Rest night", lines, buf);
}

#[cfg(test)]
mod tests {
    use super::detail_within;

    #[test]
    fn a_step_s_detail_drops_whole_parts_that_do_not_fit() {
        let parts = ["4 min", "2 sides × 3", "optional"].map(String::from);
        assert_eq!(detail_within(&parts, 40), "4 min · 2 sides × 3 · optional");
        assert_eq!(detail_within(&parts, 19), "4 min · 2 sides × 3");
        assert_eq!(detail_within(&parts, 18), "4 min");
        // The first part always stays; the line's own fitting cuts it if it must.
        assert_eq!(detail_within(&parts, 2), "4 min");
    }
}
