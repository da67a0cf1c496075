//! The run screen: the step in progress, its countdown or checklist, and what comes next.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget};

use crate::columns;
use crate::routine::{Step, StepKind, for_reading};
use crate::session::{Segment, Session};
use crate::tui::app::App;

use super::bar::Bar;
use super::big;
use super::checklist;
use super::counting::{self, render_countdown, render_hold_gauge};
use super::fit::{fit_line, longest_fitting, render_hints, render_lines, render_wrapped};
use super::run_layout::{beside_picture, layout};
use super::{Part, Ticking, about_minutes};

/// Which checklist item sits at `position`, for mouse clicks.
pub(super) fn checklist_item_at(
    app: &App,
    session: &Session,
    area: Rect,
    position: Position,
) -> Option<usize> {
    let parts = layout(app, session, area);
    let big_items = parts.grown.as_ref().and_then(|grown| grown.items);
    checklist::item_at(
        session.checked().len(),
        app.cursor(),
        big_items,
        parts.checklist,
        position,
    )
}

pub(super) fn render(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    let Some(step) = session.current_step() else {
        return;
    };
    let parts = layout(app, session, area);
    super::render_header(app, parts.header, buf);

    render_lines(
        vec![
            Line::styled(
                step.title.as_str(),
                Style::new().add_modifier(Modifier::BOLD),
            )
            .centered(),
        ],
        parts.title,
        buf,
    );

    let (label, label_style) = state_label(session, step, parts.label.width);
    Paragraph::new(fit_line(
        Line::styled(label, label_style),
        parts.label.width,
    ))
    .alignment(Alignment::Center)
    .render(parts.label, buf);

    render_countdown(app, session, parts.countdown, buf);
    if let Some(title) = parts.grown.as_ref().and_then(|grown| grown.title.as_ref()) {
        let title_area = Rect {
            height: title.rows(),
            ..parts.countdown
        };
        big::render_block(
            title,
            Style::new().add_modifier(Modifier::BOLD),
            title_area,
            buf,
        );
    }
    render_hold_gauge(app, session, parts.hold_gauge, buf);

    let big_items = parts.grown.as_ref().and_then(|grown| grown.items);
    checklist::render(app, session, step, big_items, parts.checklist, buf);

    let (instructions_area, why_area) = match beside_picture(step, &parts) {
        Some((instructions, why, picture)) => {
            let drawing = step.picture.as_deref().unwrap_or_default();
            Paragraph::new(drawing)
                .style(Style::new().fg(Color::Cyan))
                .render(picture, buf);
            (instructions, why)
        }
        None => (parts.instructions, parts.why),
    };
    if let Some(instructions) = &step.instructions {
        render_wrapped(Text::raw(instructions.as_str()), instructions_area, buf);
    }
    if let Some(why) = &step.why {
        let why = Text::from(Line::from(vec![
            Span::styled("Why: ", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(why.as_str()),
        ]))
        .style(Style::new().add_modifier(Modifier::ITALIC));
        render_wrapped(why, why_area, buf);
    }
    fit_line(
        Line::styled(
            next_line(session, parts.next.width),
            Style::new().add_modifier(Modifier::DIM),
        ),
        parts.next.width,
    )
    .render(parts.next, buf);

    render_progress(app, session, parts.progress, buf);
    render_footer(app, session, step, parts.footer, buf);
}

/// "Next: A short, easy walk · 2 min"; a narrow window drops the length whole before
/// the title is shortened, so a number never stands without its unit.
fn next_line(session: &Session, width: u16) -> String {
    let Some(next) = session.up_next() else {
        return "Next: that's the last step".to_string();
    };
    let title = format!("Next: {}", next.title);
    match next.written_length() {
        Duration::ZERO => title,
        length => {
            let full = format!("{title} · {}", for_reading(length));
            if columns::width(&full) <= usize::from(width) {
                full
            } else {
                title
            }
        }
    }
}

fn state_label(session: &Session, step: &Step, width: u16) -> (String, Style) {
    let strong = Style::new().add_modifier(Modifier::BOLD);
    if session.is_paused() {
        return (
            "PAUSED · Space to go on".to_string(),
            strong.fg(Color::Yellow),
        );
    }
    match session.segment() {
        // Each phase is named in words as well as by its colour (and under NO_COLOR,
        // by its words alone).
        Some(hold @ Segment::Hold { .. }) => {
            let label = match hold.label() {
                label if label.is_empty() && step.optional => "HOLD · optional".to_string(),
                label if label.is_empty() => "HOLD".to_string(),
                label => label,
            };
            (label, strong.fg(counting::label_colour(session)))
        }
        Some(Segment::Rest) => {
            // Say which hold the rest leads to, so nobody has to work out the side.
            let label = match session.hold_after_rest().map(|hold| hold.label()) {
                // The bar below already says "rest": a narrow window keeps the part that
                // tells something new.
                Some(next) if !next.is_empty() => longest_fitting(
                    &[format!("REST · Next: {next}"), format!("Next: {next}")],
                    usize::from(width),
                )
                .to_string(),
                _ => "REST".to_string(),
            };
            (label, strong.fg(counting::label_colour(session)))
        }
        Some(Segment::GetReady { set, sets, side }) => {
            // As for a rest, the bar below says "get ready": a narrow window keeps the
            // hold to come, whole ("LEFT LEG · set 1/3", not "Get ready · LEFT LEG · set…").
            let hold = Segment::Hold {
                set,
                sets,
                side: side.clone(),
            }
            .label();
            let full = Segment::GetReady { set, sets, side }.label();
            let label = match hold.is_empty() {
                true => full,
                false => longest_fitting(&[full, hold], usize::from(width)).to_string(),
            };
            (label, strong.fg(counting::label_colour(session)))
        }
        None => match step.kind() {
            StepKind::Confirm => ("Press Enter when done".to_string(), strong),
            StepKind::TimedChecklist => ("Time's up · tick what's done".to_string(), strong),
            StepKind::Checklist | StepKind::Timed => ("Tick each item".to_string(), strong),
        },
    }
}

/// The parts of the run screen that change with time alone (the header with its clock,
/// each glyph of the digits, the hold's bar, the routine's progress line), each with a
/// description that changes whenever its drawing does.
pub(super) fn ticking_parts(app: &App, session: &Session, area: Rect) -> Vec<Ticking> {
    let parts = layout(app, session, area);
    let mut ticking = vec![Ticking {
        area: parts.header,
        shows: super::header_text(app).0,
        part: Part::Header,
    }];
    ticking.extend(counting::ticking(app, session, parts.countdown));
    ticking.push(Ticking {
        area: parts.hold_gauge,
        shows: counting::hold_bar(app, session, parts.hold_gauge)
            .map_or_else(String::new, |bar| bar.describe()),
        part: Part::HoldBar,
    });
    ticking.push(Ticking {
        area: parts.progress,
        shows: progress_bar(app, session, parts.progress).describe(),
        part: Part::Progress,
    });
    ticking
}

/// Draws one of the [`ticking_parts`] into `buf`, whose area is the part's, exactly
/// as [`render`] draws it.
pub(super) fn render_ticking(app: &App, session: &Session, part: &Part, buf: &mut Buffer) {
    let area = buf.area;
    match part {
        Part::Header => super::render_header(app, area, buf),
        Part::Digits(_) | Part::Banner => counting::render_ticking(app, session, part, buf),
        Part::HoldBar => render_hold_gauge(app, session, area, buf),
        Part::Progress => render_progress(app, session, area, buf),
    }
}

/// Which step this is and about how long is left, over a bar of steps done.
fn progress_bar(app: &App, session: &Session, area: Rect) -> Bar {
    let total = session.steps().len();
    let position = session.position();
    let left = session.remaining_total(app.now()).as_secs();
    let label = match left {
        0 => format!("step {} of {total}", position + 1),
        _ => format!(
            "step {} of {total} · {} left",
            position + 1,
            about_minutes(left)
        ),
    };
    let ratio = if total == 0 {
        1.0
    } else {
        position as f64 / total as f64
    };
    Bar::new(
        label,
        ratio,
        Style::new().add_modifier(Modifier::BOLD),
        area,
    )
}

fn render_progress(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    progress_bar(app, session, area).render(area, buf);
}

fn render_footer(app: &App, session: &Session, step: &Step, area: Rect, buf: &mut Buffer) {
    let mut hints: Vec<(&str, &str)> = Vec::new();
    // Pausing is offered only while a timer counts (not after "Time's up").
    let timer = session.remaining(app.now()).is_some();
    let pause = if session.is_paused() {
        "go on"
    } else {
        "pause"
    };
    match step.kind() {
        StepKind::Timed => {
            if timer {
                hints.push(("Space", pause));
            }
            // Enter ends the part under way early: finishes a hold, or starts the
            // hold a rest or a lead-in leads to.
            let finish = match session.segment() {
                Some(Segment::Rest | Segment::GetReady { .. }) => "go",
                _ => "finish",
            };
            hints.push(("Enter", finish));
        }
        StepKind::TimedChecklist => {
            hints.push(("Space", "tick"));
            if timer {
                hints.push(("p", pause));
            }
            hints.push(("Enter", "continue"));
        }
        StepKind::Checklist => {
            hints.push(("Space", "tick"));
            hints.push(("Enter", "continue"));
        }
        StepKind::Confirm => hints.push(("Enter", "done")),
    }
    // Moving on is no credit: a timed step is cut short (or skipped), another skipped.
    let move_on = if step.duration.is_some() {
        "next"
    } else {
        "skip"
    };
    hints.push(("n", move_on));
    if session.can_go_back() {
        hints.push(("b", "back"));
    }
    if timer {
        hints.push(("+/-", "30s"));
    }
    hints.extend([("!", "cramp"), ("?", "help"), ("q", "quit")]);
    render_hints(&hints, area, buf);
}
