//! The end of the evening: what was done, cut short and skipped, how long it took.

use chrono::Timelike;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::columns;
use crate::model::RunOutcome;
use crate::plural;
use crate::session::{Outcome, Session, Tally};
use crate::tui::app::App;

use super::clock_text;
use super::fit::{fit, fit_line, longest_fitting, render_hints, render_lines};
use super::scroll::ListWindow;
use super::{Row, stack};

/// Where the header, the steps, the totals, the streak and the keys go.
fn areas(area: Rect) -> [Rect; 7] {
    stack(
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
    )
}

/// The rows the list of steps has in the app's window.
pub(super) fn list_area(app: &App) -> Rect {
    areas(app.area())[2]
}

pub(super) fn render(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let [header, _, list, _, totals, streak, footer] = areas(area);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    fit_line(
        Line::styled(format!("{} — done for tonight", app.routine().name), bold),
        header.width,
    )
    .render(header, buf);

    // Each step's state close enough to its name to be read with it on a wide window.
    let (lines, tally) = step_lines(app, session, list.width.min(80));
    // A list longer than the window scrolls, saying how many steps lie above and below.
    let window = ListWindow::new(lines.len(), list.height, app.summary_scroll());
    render_lines(window.lines(|at| lines[at].clone()), list, buf);

    fit_line(
        Line::raw(totals_text(app, session, tally, totals.width)),
        totals.width,
    )
    .render(totals, buf);
    let forms = streak_forms(app);
    let streak_line = longest_fitting(&forms, usize::from(streak.width)).to_string();
    fit_line(Line::styled(streak_line, bold), streak.width).render(streak, buf);
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

/// A line per step — ✓ done with its time, ◐ cut short (with the time held when the
/// row has room), – skipped, · not reached, ! not saved — within `width` columns,
/// and how the stored steps ended.
fn step_lines(app: &App, session: &Session, width: u16) -> (Vec<Line<'static>>, Tally) {
    let mut tally = Tally {
        done: 0,
        cut_short: 0,
        skipped: 0,
        total: session.steps().len(),
    };
    let unsaved: &[usize] = app.unsaved().map_or(&[], |unsaved| &unsaved.steps);
    // Each step's mark, its state, and for a cut-short one the state with the time held.
    let rows: Vec<(&str, String, Option<String>)> = session
        .results()
        .iter()
        .enumerate()
        .map(|(index, result)| match result {
            Some(_) if unsaved.contains(&index) => ("!", "not saved".to_string(), None),
            Some(result) => match result.outcome {
                Outcome::Done => {
                    tally.done += 1;
                    ("✓", clock_text(result.active.as_secs()), None)
                }
                Outcome::CutShort => {
                    tally.cut_short += 1;
                    let held = result.holds.map(|holds| {
                        format!("cut short, {} held", clock_text(holds.held.as_secs()))
                    });
                    ("◐", "cut short".to_string(), held)
                }
                Outcome::Skipped => {
                    tally.skipped += 1;
                    ("–", "skipped".to_string(), None)
                }
            },
            None => ("·", "not reached".to_string(), None),
        })
        .collect();
    // A mark of 3 columns, the title, a space and the states right-aligned; the time
    // held of a cut-short step only where the titles keep 20 columns beside it.
    let state_width = |long: bool| {
        rows.iter()
            .map(|(_, short, held)| match held {
                Some(held) if long => columns::width(held),
                _ => columns::width(short),
            })
            .max()
            .unwrap_or(0)
    };
    let room = |state: usize| usize::from(width).saturating_sub(3 + 1 + state);
    let long = room(state_width(true)) >= 20;
    let state_width = state_width(long);
    let title_width = u16::try_from(room(state_width)).unwrap_or(u16::MAX);
    let lines = session
        .steps()
        .iter()
        .zip(rows)
        .map(|(step, (mark, short, held))| {
            let state = held.filter(|_| long).unwrap_or(short);
            let title = fit(&step.title, title_width);
            Line::from(vec![
                Span::styled(
                    format!(" {mark} "),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(columns::pad_end(&title, usize::from(title_width))),
                Span::styled(
                    format!(" {}", columns::pad_start(&state, state_width)),
                    Style::new().add_modifier(Modifier::DIM),
                ),
            ])
        })
        .collect();
    (lines, tally)
}

/// "4 of 6 steps done, 1 cut short, 1 skipped · 5:50 in all · finished 22:14", the
/// times left off first when `width` is short; while steps are not stored, what is,
/// and never a count the database does not hold.
fn totals_text(app: &App, session: &Session, tally: Tally, width: u16) -> String {
    let counts = tally.describe();
    if let Some(unsaved) = app.unsaved() {
        return format!("{counts} and saved · {}", unsaved.describe());
    }
    let finished = app.finished_at().unwrap_or(app.wall());
    let in_all = format!(
        "{counts} · {} in all",
        clock_text(session.elapsed(app.now()).as_secs())
    );
    let whole = format!(
        "{in_all} · finished {:02}:{:02}",
        finished.hour(),
        finished.minute()
    );
    // The counts alone are the last word, cut to fit if need be.
    longest_fitting(&[whole, in_all, counts], usize::from(width)).to_string()
}

/// The streak after tonight, and whether tonight added to it, in every form it has,
/// longest first.
fn streak_forms(app: &App) -> Vec<String> {
    let streak_now = app.streak_after_run();
    let nights = plural::count(streak_now, "night");
    match app.outcome() {
        Some(RunOutcome::Completed) if streak_now > app.history().streaks.current => vec![
            format!("Streak: {nights} — one more tonight."),
            format!("Streak: {nights}, one more."),
        ],
        Some(RunOutcome::Completed) => vec![format!("Streak: {nights}.")],
        _ => vec![
            format!("Streak: {nights} — a required step was not done, so tonight does not count."),
            format!("Streak: {nights} — tonight does not count."),
            format!("Streak {streak_now} · tonight not counted"),
            format!("Streak {streak_now} · not counted"),
        ],
    }
}
