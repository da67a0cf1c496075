//! Panels drawn over a screen: help, and the questions asked before leaving or moving on.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Clear, Padding, Widget};

use crate::plural;
use crate::session::Session;
use crate::tui::app::App;

use super::fit::{fit_line, render_wrapped, wrap};

/// A bordered box of `width`×`height` centred in `area` (clamped to it), its rows cleared.
pub(super) fn popup(area: Rect, width: u16, height: u16, title: &str, buf: &mut Buffer) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height).div_ceil(2),
        width,
        height,
    };
    // The whole rows it covers, so no word of the screen behind peeks out cut in half.
    Clear.render(
        Rect {
            y: rect.y,
            height,
            ..area
        },
        buf,
    );
    let title = fit_line(
        Line::styled(
            format!(" {title} "),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        width.saturating_sub(2),
    );
    let block = Block::bordered()
        .padding(Padding::horizontal(1))
        .title(title);
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
    let text = Text::from(lines).centered();
    let inner_width = width.min(area.width).saturating_sub(4);
    let height = wrap(&text, inner_width).len() as u16 + 2;
    let inner = popup(area, width, height, title, buf);
    render_wrapped(text, inner, buf);
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
    render_dialog(area, 50, "Run it again?", lines, buf);
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
