//! The end of the evening: what was done, what was skipped, how long it took.

use chrono::Timelike;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::columns;
use crate::model::RunOutcome;
use crate::plural;
use crate::session::{Outcome, Session};
use crate::tui::app::App;

use super::clock_text;
use super::fit::{fit, fit_line, render_hints};
use super::{Row, stack};

pub(super) fn render(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let [header, _, list, _, totals, streak, footer] = stack(
        area.inner(Margin::new(1, 0)),
        [
            Row::Fixed(1),
            Row::Gap(1),
            Row::Fill,
            Row::Gap(1),
            Row::Fixed(1),
            Row::Fixed(1),
            Row::Fixed(1),
        ],
    );
    let bold = Style::new().add_modifier(Modifier::BOLD);
    fit_line(
        Line::styled(format!("{} — done for tonight", app.routine().name), bold),
        header.width,
    )
    .render(header, buf);

    // Each step's state close enough to its name to be read with it on a wide window.
    // A mark of 3 columns, the title, a space and the state right-aligned in 10.
    let (lines, done) = step_lines(app, session, list.width.min(80).saturating_sub(14));
    // The last steps matter most once the list is longer than the window.
    let overflow = lines.len().saturating_sub(usize::from(list.height));
    Paragraph::new(lines)
        .scroll((overflow as u16, 0))
        .render(list, buf);

    fit_line(Line::raw(totals_text(app, session, done)), totals.width).render(totals, buf);
    fit_line(Line::styled(streak_text(app), bold), streak.width).render(streak, buf);
    render_hints(
        &[
            ("Enter", "close"),
            ("b", "back"),
            ("!", "cramp"),
            ("?", "help"),
            ("q", "quit"),
        ],
        footer,
        buf,
    );
}

/// A line per step — ✓ done with its time, – skipped, · not reached, ! not saved —
/// and how many were done.
fn step_lines(app: &App, session: &Session, title_width: u16) -> (Vec<Line<'static>>, usize) {
    let mut lines = Vec::new();
    let mut done = 0;
    let unsaved: &[usize] = app.unsaved().map_or(&[], |unsaved| &unsaved.steps);
    for (index, (step, result)) in session.steps().iter().zip(session.results()).enumerate() {
        let (mark, state) = match result.map(|result| result.outcome) {
            Some(_) if unsaved.contains(&index) => ("!", "not saved".to_string()),
            Some(Outcome::Done) => {
                done += 1;
                ("✓", clock_text(result.map_or(0, |r| r.active.as_secs())))
            }
            Some(Outcome::Skipped) => ("–", "skipped".to_string()),
            None => ("·", "not reached".to_string()),
        };
        let title = fit(&step.title, title_width);
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {mark} "),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(columns::pad_end(&title, usize::from(title_width))),
            Span::styled(
                format!("{state:>10}"),
                Style::new().add_modifier(Modifier::DIM),
            ),
        ]));
    }
    (lines, done)
}

/// "3 of 4 steps done · 5:50 in all · finished 22:14"; while steps are not stored,
/// what is, and never a count the database does not hold.
fn totals_text(app: &App, session: &Session, done: usize) -> String {
    let steps = plural::of(done, session.steps().len(), "step");
    if let Some(unsaved) = app.unsaved() {
        return format!("{steps} done and saved · {}", unsaved.describe());
    }
    let finished = app.finished_at().unwrap_or(app.wall());
    format!(
        "{steps} done · {} in all · finished {:02}:{:02}",
        clock_text(session.elapsed(app.now()).as_secs()),
        finished.hour(),
        finished.minute()
    )
}

/// The streak after tonight, and whether tonight added to it.
fn streak_text(app: &App) -> String {
    let streak_now = app.streak_after_run();
    let nights = plural::count(streak_now, "night");
    match app.outcome() {
        Some(RunOutcome::Completed) if streak_now > app.history().streaks.current => {
            format!("Streak: {nights} — one more tonight.")
        }
        Some(RunOutcome::Completed) => format!("Streak: {nights}."),
        _ => format!(
            "Streak: {nights} — a required step was skipped, so tonight does not add to it."
        ),
    }
}
