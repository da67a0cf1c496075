//! Panels drawn over a screen: help, and the questions asked before leaving or moving on.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Widget, Wrap};

use crate::session::Session;

/// Every key, in the order a user meets them.
const KEYS: &[(&str, &str)] = &[
    ("Space / p", "pause or go on"),
    ("Enter / n", "finish this hold early, or mark the step done"),
    ("s", "skip this step"),
    ("b", "back to the previous step"),
    ("+ / -", "add or take 30 seconds"),
    ("Space / x", "tick a checklist item (or click it)"),
    ("j k / ↑ ↓", "move between checklist items"),
    ("e", "edit the routine in $EDITOR (pauses the timer)"),
    (
        "!",
        "Cramp SOS: relief steps and a stopwatch, from any screen",
    ),
    ("?", "this help"),
    ("q / Ctrl-C", "quit"),
];

/// When to stop relying on a routine and see a doctor (shown in help).
const SEE_A_DOCTOR: &str = "See a doctor if cramps often wake you, last longer than 10 minutes, \
or come with numbness, swelling or muscle weakness. Some medicines (water pills, statins, some \
inhalers) can bring on cramps: do not stop any, but mention the cramps to whoever prescribed \
them. Magnesium supplements need a doctor's word if you have kidney disease.";

/// A bordered box of `width`×`height` centred in `area` (clamped to it), cleared underneath.
pub(super) fn popup(area: Rect, width: u16, height: u16, title: &str, buf: &mut Buffer) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    Clear.render(rect, buf);
    let block = Block::bordered()
        .padding(Padding::horizontal(1))
        .title(Line::styled(
            format!(" {title} "),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

pub(super) fn render_help(area: Rect, buf: &mut Buffer) {
    let width = 74.min(area.width);
    let text_width = width.saturating_sub(4);
    let doctor = Paragraph::new(SEE_A_DOCTOR).wrap(Wrap { trim: true });
    let doctor_lines = doctor.line_count(text_width) as u16;
    let height = KEYS.len() as u16 + doctor_lines + 4;
    let inner = popup(area, width, height, "Keys", buf);
    let mut lines: Vec<Line> = KEYS
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(
                    format!("{key:>12}  "),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::default());
    let keys_height = lines.len() as u16;
    lines.push(Line::from(""));
    Paragraph::new(lines).render(inner, buf);
    let rest = Rect {
        y: inner.y + keys_height.min(inner.height),
        height: inner.height.saturating_sub(keys_height),
        ..inner
    };
    let [doctor_area, hint] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(rest);
    doctor.render(doctor_area, buf);
    Line::styled("any key to close", Style::new().add_modifier(Modifier::DIM))
        .right_aligned()
        .render(hint, buf);
}

pub(super) fn render_confirm_quit(session: &Session, area: Rect, buf: &mut Buffer) {
    let done = session
        .results()
        .iter()
        .filter(|result| result.is_some())
        .count();
    let total = session.steps().len();
    let lines = vec![
        Line::from(format!("{done} of {total} steps are behind you tonight.")),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" quit    "),
            Span::styled("n", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" keep going"),
        ]),
    ];
    let inner = popup(area, 50, 5, "Stop for tonight?", buf);
    Paragraph::new(lines).centered().render(inner, buf);
}

pub(super) fn render_confirm_unticked(session: &Session, area: Rect, buf: &mut Buffer) {
    let unticked = session.checked().iter().filter(|ticked| !**ticked).count();
    let items = if unticked == 1 {
        "item is"
    } else {
        "items are"
    };
    let lines = vec![
        Line::from(format!("{unticked} {items} not ticked.")),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" done anyway   "),
            Span::styled("s", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" skip   "),
            Span::styled("n", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" back to the list"),
        ]),
    ];
    let inner = popup(area, 54, 5, "Continue?", buf);
    Paragraph::new(lines).centered().render(inner, buf);
}
