//! The schedule drawn for an experiment, shown over the home screen before it starts:
//! the same calendar `winddown experiment start` prints, scrolled when the window is short.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Widget;

use crate::experiment;
use crate::model::Experiment;
use crate::tui::app::App;

use super::fit::{fit_line, render_lines, wrap};
use super::overlays::popup;

/// Columns the wide calendar needs inside the box (44), with the box's border and padding.
const WIDE: u16 = 48;

/// The widest the box grows: long step and routine names get whole lines.
const WIDEST: u16 = 80;

/// The drawn schedule with its keys; `scroll` lines of it scrolled past.
pub(super) fn render_offer(
    app: &App,
    drawn: &Experiment,
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let compact = area.width < WIDE;
    let width = area.width.min(WIDEST);
    let inner_width = width.saturating_sub(4);
    let mut lines: Vec<Line> =
        experiment::schedule(drawn, &app.routine().name, app.night(), compact)
            .into_iter()
            .map(Line::from)
            .collect();
    lines.extend([
        Line::from(""),
        Line::from(
            "On \"without\" nights the step is left out of tonight's plan; nothing else changes.",
        ),
        Line::from("Check in every morning: a night without a check-in is missing, not zero."),
    ]);
    let rows = wrap(&Text::from(lines), inner_width);
    let total = u16::try_from(rows.len()).unwrap_or(u16::MAX);
    let height = (total + 3).min(area.height);
    let inner = popup(area, width, height, "Start this experiment?", buf);
    let [content, keys] = [
        Rect {
            height: inner.height.saturating_sub(1),
            ..inner
        },
        Rect {
            y: inner.bottom().saturating_sub(1),
            height: inner.height.min(1),
            ..inner
        },
    ];
    let scroll = scroll.min(total.saturating_sub(content.height));
    render_lines(
        rows.into_iter().skip(usize::from(scroll)).collect(),
        content,
        buf,
    );
    let bold = Style::new().add_modifier(Modifier::BOLD);
    // Two spaces between keys: the narrowest box still has room for all three.
    let mut hints = vec![
        Span::styled("y", bold),
        Span::raw(" start  "),
        Span::styled("n", bold),
        Span::raw(" cancel"),
    ];
    if scroll + content.height < total {
        hints.extend([Span::raw("  "), Span::styled("↓", bold), Span::raw(" more")]);
    } else if scroll > 0 {
        hints.extend([Span::raw("  "), Span::styled("↑", bold), Span::raw(" back")]);
    }
    fit_line(Line::from(hints), keys.width).render(keys, buf);
}
