//! Cramp SOS: calm and low-contrast, one relief step at a time, a stopwatch.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::model::Leg;
use crate::shipped::{SEE_A_DOCTOR_AFTER, WHEN_TO_SEE_A_DOCTOR};
use crate::tui::app::App;

use super::clock_text;
use super::fit::{fit_line, render_hints};

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(episode), Some(guide), Some(elapsed)) =
        (app.sos(), app.sos_guide(), app.sos_elapsed())
    else {
        return;
    };
    Clear.render(area, buf);
    let calm = Style::new().fg(Color::Gray);
    let soft = calm.add_modifier(Modifier::DIM);
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
    Line::styled("Cramp SOS", calm.add_modifier(Modifier::BOLD)).render(header, buf);
    if let Some(about) = guide
        .about
        .as_deref()
        .filter(|about| about.chars().count() + 12 <= usize::from(header.width))
    {
        Line::styled(about, soft)
            .right_aligned()
            .render(header, buf);
    }
    Line::styled(
        clock_text(elapsed.as_secs()),
        calm.add_modifier(Modifier::BOLD),
    )
    .centered()
    .render(stopwatch, buf);
    if let Some(step) = guide.steps.get(episode.step) {
        Line::styled(step.title.as_str(), calm.add_modifier(Modifier::BOLD))
            .centered()
            .render(title, buf);
        if let Some(text) = &step.instructions {
            Paragraph::new(text.as_str())
                .style(calm)
                .centered()
                .wrap(Wrap { trim: true })
                .render(body, buf);
        }
        if let Some(text) = &step.why {
            Paragraph::new(text.as_str())
                .style(soft)
                .centered()
                .wrap(Wrap { trim: true })
                .render(why, buf);
        }
    }
    let lines: Vec<Line> = guide
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let marker = if index == episode.step { "› " } else { "  " };
            let style = if index == episode.step { calm } else { soft };
            Line::styled(format!("{marker}{}", step.title), style)
        })
        .collect();
    Paragraph::new(lines).render(steps, buf);
    if long {
        Paragraph::new(WHEN_TO_SEE_A_DOCTOR)
            .style(calm)
            .wrap(Wrap { trim: true })
            .render(doctor, buf);
    }
    let which = episode.leg.map_or("not said", Leg::as_str);
    fit_line(
        Line::from(vec![
            Span::styled("Leg: ", soft),
            Span::styled(which, calm),
            Span::styled("   l left · r right · 2 both", soft),
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
    render_hints(&hints, footer, buf);
}
