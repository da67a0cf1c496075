//! Panels drawn over a screen: help, and the questions asked before leaving or moving on.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Widget, Wrap};

use crate::plural;
use crate::session::Session;
use crate::tui::app::App;

/// A bordered box of `width`×`height` centred in `area` (clamped to it), its rows cleared.
pub(super) fn popup(area: Rect, width: u16, height: u16, title: &str, buf: &mut Buffer) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    // The whole rows it covers, so no word of the screen behind peeks out cut in half.
    Clear.render(row, buf);
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

/// A centred question with its answers, as tall as its wrapped lines at up to `width`.
pub(super) fn render_dialog(
    area: Rect,
    width: u16,
    title: &str,
    lines: Vec<Line<'_>>,
    buf: &mut Buffer,
) {
    let text = Paragraph::new(lines).centered().wrap(Wrap { trim: true });
    let inner_width = width.min(area.width).saturating_sub(4);
    let height = text.line_count(inner_width) as u16 + 2;
    let inner = popup(area, width, height, title, buf);
    text.render(inner, buf);
}

pub(super) fn render_confirm_quit(session: &Session, area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::from(format!("So far: {}.", session.tally().describe())),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" quit    "),
            Span::styled("n", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" keep going"),
        ]),
    ];
    render_dialog(area, 50, "Stop for tonight?", lines, buf);
}

pub(super) fn render_confirm_run_again(app: &App, area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::from(format!("\"{}\" is done for tonight.", app.routine().name)),
        Line::from("A second run is recorded as well."),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" run it again    "),
            Span::styled("n", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" stay here"),
        ]),
    ];
    let inner = popup(area, 50, 6, "Run it again?", buf);
    Paragraph::new(lines)
        .centered()
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

pub(super) fn render_confirm_unticked(session: &Session, area: Rect, buf: &mut Buffer) {
    let unticked = session.checked().iter().filter(|ticked| !**ticked).count();
    let lines = vec![
        Line::from(format!(
            "{} {} not ticked.",
            plural::count(unticked, "item"),
            plural::is_are(unticked)
        )),
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
    render_dialog(area, 54, "Continue?", lines, buf);
}
