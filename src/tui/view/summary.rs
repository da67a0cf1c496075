//! The end of the evening: what was done, what was skipped, how long it took.

use chrono::Timelike;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

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

    fit_line(
        Line::styled(
            format!("{} — done for tonight", app.routine().name),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        header.width,
    )
    .render(header, buf);

    let title_width = list.width.saturating_sub(22);
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
            Span::raw(format!("{title:<width$}", width = usize::from(title_width))),
            Span::styled(
                format!("{state:>10}"),
                Style::new().add_modifier(Modifier::DIM),
            ),
        ]));
    }
    let overflow = lines.len().saturating_sub(usize::from(list.height));
    Paragraph::new(lines)
        .scroll((overflow as u16, 0))
        .render(list, buf);

    let finished = app.finished_at().unwrap_or(app.wall());
    let totals_text = match app.unsaved() {
        // Never a count the database does not hold.
        Some(unsaved) => format!(
            "{} done and saved · {}",
            plural::of(done, session.steps().len(), "step"),
            unsaved.describe()
        ),
        None => format!(
            "{} done · {} in all · finished {:02}:{:02}",
            plural::of(done, session.steps().len(), "step"),
            clock_text(session.elapsed(app.now()).as_secs()),
            finished.hour(),
            finished.minute()
        ),
    };
    fit_line(Line::raw(totals_text), totals.width).render(totals, buf);
    let streak_now = app.streak_after_run();
    let nights = plural::count(streak_now, "night");
    let streak_text = match app.outcome() {
        Some(RunOutcome::Completed) if streak_now > app.history().streaks.current => {
            format!("Streak: {nights} — one more tonight.")
        }
        Some(RunOutcome::Completed) => format!("Streak: {nights}."),
        _ => format!(
            "Streak: {nights} — a required step was skipped, so tonight does not add to it."
        ),
    };
    fit_line(
        Line::styled(streak_text, Style::new().add_modifier(Modifier::BOLD)),
        streak.width,
    )
    .render(streak, buf);
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
