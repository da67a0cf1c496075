//! Cramp SOS: calm and low-contrast, one relief step at a time, a stopwatch.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::model::Leg;
use crate::routine::{Routine, Step};
use crate::shipped::{SEE_A_DOCTOR_AFTER, WHEN_TO_SEE_A_DOCTOR};
use crate::tui::app::{App, Episode};

use super::clock_text;
use super::fit::{fit_line, render_hints};

/// The SOS screen's two tones: calm for what to do, soft for everything else.
#[derive(Clone, Copy)]
struct Tones {
    calm: Style,
    soft: Style,
}

/// Cramp SOS: the stopwatch, the relief step shown, the steps, the leg, the keys;
/// when to see a doctor once it has gone on long.
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(episode), Some(guide), Some(elapsed)) =
        (app.sos(), app.sos_guide(), app.sos_elapsed())
    else {
        return;
    };
    Clear.render(area, buf);
    let calm = Style::new().fg(Color::Gray);
    let tones = Tones {
        calm,
        soft: calm.add_modifier(Modifier::DIM),
    };
    Block::new().style(calm).render(area, buf);
    let long = elapsed >= SEE_A_DOCTOR_AFTER;
    // On a small screen the step list and the reason go first; the step itself stays.
    let roomy = area.height >= 20;
    let list_rows = if roomy { guide.steps.len() as u16 } else { 0 };
    let why_rows = if roomy { 2 } else { 0 };
    let [
        header,
        _,
        stopwatch,
        _,
        title,
        body,
        why,
        _,
        steps,
        doctor,
        leg,
        footer,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(why_rows),
        Constraint::Length(1),
        Constraint::Length(list_rows),
        Constraint::Length(if long { 5 } else { 0 }),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .horizontal_margin(2)
    .areas(area);
    render_sos_header(app, guide, tones, header, buf);
    Line::styled(
        clock_text(elapsed.as_secs()),
        calm.add_modifier(Modifier::BOLD),
    )
    .centered()
    .render(stopwatch, buf);
    if let Some(step) = guide.steps.get(episode.step) {
        render_relief_step(step, tones, [title, body, why], buf);
    }
    render_step_list(guide, episode.step, tones, steps, buf);
    if long {
        Paragraph::new(WHEN_TO_SEE_A_DOCTOR)
            .style(calm)
            .wrap(Wrap { trim: true })
            .render(doctor, buf);
    }
    render_sos_keys(episode, guide, tones, [leg, footer], buf);
}

/// Which leg, and the keys: next and back while there are steps that way.
fn render_sos_keys(
    episode: &Episode,
    guide: &Routine,
    tones: Tones,
    [leg, footer]: [Rect; 2],
    buf: &mut Buffer,
) {
    let which = episode.leg.map_or("not said", Leg::as_str);
    fit_line(
        Line::from(vec![
            Span::styled("Leg: ", tones.soft),
            Span::styled(which, tones.calm),
            Span::styled("   l left · r right · 2 both", tones.soft),
        ]),
        leg.width,
    )
    .render(leg, buf);
    let mut hints = Vec::new();
    if episode.step + 1 < guide.steps.len() {
        hints.push(("Enter", "next"));
    }
    if episode.step > 0 {
        hints.push(("b", "back"));
    }
    hints.push(("Esc", "it has passed"));
    hints.push(("?", "help"));
    render_hints(&hints, footer, buf);
}

/// "Cramp SOS", with a problem on the right (e.g. a broken sos.toml), else the
/// guide's own line about itself when it fits.
fn render_sos_header(app: &App, guide: &Routine, tones: Tones, area: Rect, buf: &mut Buffer) {
    Line::styled("Cramp SOS", tones.calm.add_modifier(Modifier::BOLD)).render(area, buf);
    if let Some(warning) = app.warning() {
        fit_line(
            Line::styled(warning, tones.soft),
            area.width.saturating_sub(12),
        )
        .right_aligned()
        .render(area, buf);
    } else if let Some(about) = guide
        .about
        .as_deref()
        .filter(|about| about.chars().count() + 12 <= usize::from(area.width))
    {
        Line::styled(about, tones.soft)
            .right_aligned()
            .render(area, buf);
    }
}

/// The relief step shown: its title, what to do, and why (when there is room).
fn render_relief_step(step: &Step, tones: Tones, [title, body, why]: [Rect; 3], buf: &mut Buffer) {
    Line::styled(step.title.as_str(), tones.calm.add_modifier(Modifier::BOLD))
        .centered()
        .render(title, buf);
    if let Some(text) = &step.instructions {
        Paragraph::new(text.as_str())
            .style(tones.calm)
            .centered()
            .wrap(Wrap { trim: true })
            .render(body, buf);
    }
    if let Some(text) = &step.why {
        Paragraph::new(text.as_str())
            .style(tones.soft)
            .centered()
            .wrap(Wrap { trim: true })
            .render(why, buf);
    }
}

/// Every relief step, the one shown marked.
fn render_step_list(guide: &Routine, shown: usize, tones: Tones, area: Rect, buf: &mut Buffer) {
    let lines: Vec<Line> = guide
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let marker = if index == shown { "› " } else { "  " };
            let style = if index == shown {
                tones.calm
            } else {
                tones.soft
            };
            Line::styled(format!("{marker}{}", step.title), style)
        })
        .collect();
    Paragraph::new(lines).render(area, buf);
}
