//! Tonight's plan on the home screen: its title with the plan's size, and the steps,
//! titles in a column with what each asks beside them, dropping whole details
//! rather than cutting one.

use std::time::Duration;

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::columns;
use crate::plural;
use crate::routine::{Step, StepKind, for_reading, plan_length};
use crate::tui::app::{App, Stage};

use super::fit::{fit, fit_line};
use super::scroll::ListWindow;

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
        if !shown.is_empty() && columns::width(&joined) > room {
            break;
        }
        shown = joined;
    }
    shown
}

/// "Tonight · Thu 26 November", with the plan's size on the right when it fits whole.
pub(super) fn render_plan_title(app: &App, total: Duration, area: Rect, buf: &mut Buffer) {
    let steps = app.steps();
    let night = app.night();
    let summary = format!(
        "{} · {}",
        plural::count(steps.len(), "step"),
        plan_length(total)
    );
    let tonight = if let Stage::ExperimentStep(_) = app.stage() {
        "Experiment on which step?".to_string()
    } else {
        format!(
            "Tonight · {} {} {}",
            night.weekday(),
            night.day(),
            night.format("%B")
        )
    };
    let room = usize::from(area.width).saturating_sub(columns::width(&tonight) + 2);
    // An empty plan is said in words below; "0 steps · 0 s" would only repeat it.
    let summary = if !steps.is_empty() && columns::width(&summary) <= room {
        format!("  {}", columns::pad_start(&summary, room))
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
pub(super) fn render_plan(app: &App, area: Rect, buf: &mut Buffer) {
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
        .map(|parts| parts.first().map_or(0, |first| columns::width(first)))
        .max()
        .unwrap_or(0);
    let title_room = usize::from(area.width)
        .saturating_sub(shortest_detail + 4)
        .max(usize::from(area.width / 2));
    let title_width = steps
        .iter()
        .map(|step| columns::width(&step.title))
        .max()
        .unwrap_or(0)
        .min(title_room);
    // While a step is chosen for an experiment, it is highlighted and kept in view.
    let cursor = match app.stage() {
        Stage::ExperimentStep(cursor) => Some(*cursor),
        _ => None,
    };
    let rows = area.height;
    if steps.len() > usize::from(rows) && rows == 1 && cursor.is_none() {
        // No room for a step and a word on the others: the plan's size instead.
        let size = format!("  {} tonight", plural::count(steps.len(), "step"));
        fit_line(
            Line::styled(size, Style::new().add_modifier(Modifier::DIM)),
            area.width,
        )
        .render(area, buf);
        return;
    }
    // A list cut short by the window scrolls, and says how much is hidden above and
    // below, so the plan never looks shorter than it is.
    let first = match cursor {
        Some(cursor) => {
            let at = ListWindow::new(steps.len(), rows, app.plan_scroll());
            if (at.first..at.first + at.shown).contains(&cursor) {
                at.first
            } else {
                cursor.saturating_sub(usize::from(rows.saturating_sub(3)))
            }
        }
        None => app.plan_scroll(),
    };
    let window = ListWindow::new(steps.len(), rows, first);
    let lines = window.lines(|at| {
        let (step, parts) = (&steps[at], &details[at]);
        let title = fit(&step.title, title_width as u16);
        let room = usize::from(area.width).saturating_sub(title_width + 4);
        let detail = detail_within(parts, room);
        let line = fit_line(
            Line::from(vec![
                Span::raw(format!("  {}  ", columns::pad_end(&title, title_width))),
                Span::styled(detail, Style::new().add_modifier(Modifier::DIM)),
            ]),
            area.width,
        );
        if cursor == Some(at) {
            line.patch_style(Style::new().add_modifier(Modifier::REVERSED))
        } else {
            line
        }
    });
    Paragraph::new(lines).render(area, buf);
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
