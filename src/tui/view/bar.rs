//! A one-line gauge whose filled cells are known before it is drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::symbols;
use ratatui::text::Line;

use crate::columns;

use super::fit::fit;

/// Columns of rule a bar keeps beside its label, so it still reads as a bar.
const MIN_RULE: usize = 6;

/// A one-line gauge: a label, then a rule whose first `filled` cells are heavy and styled.
/// Drawn as ratatui's `LineGauge` draws, but what it shows is known before drawing.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Bar {
    label: String,
    filled: u16,
    style: Style,
    /// Drawn reversed, the whole row: the flash of a countdown's last seconds.
    flash: bool,
}

impl Bar {
    /// A bar `ratio` (0 to 1) full in `area`.
    /// A label too long to leave room for a short rule keeps its first part (before
    /// " · "), shortened at a word if need be.
    pub(super) fn new(label: String, ratio: f64, style: Style, area: Rect) -> Bar {
        let label = if columns::width(&label) + MIN_RULE > usize::from(area.width) {
            let first = label.split(" · ").next().unwrap_or_default();
            fit(first, area.width.saturating_sub(MIN_RULE as u16))
        } else {
            label
        };
        let start = (columns::width(&label) as u16).min(area.width) + 1;
        let room = area.width.saturating_sub(start);
        Bar {
            filled: (f64::from(room) * ratio).floor() as u16,
            label,
            style,
            flash: false,
        }
    }

    /// The same bar, reversed when `flash` (a mark that needs no colour).
    pub(super) fn flashing(self, flash: bool) -> Bar {
        Bar { flash, ..self }
    }

    /// What it shows, in short: its filled cells and its label.
    pub(super) fn describe(&self) -> String {
        format!("{} {} {}", self.filled, self.label, self.flash)
    }

    pub(super) fn render(&self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let (column, row) =
            buf.set_line(area.x, area.y, &Line::raw(self.label.as_str()), area.width);
        let start = column + 1;
        let end = start.saturating_add(self.filled).min(area.right());
        // Filled and empty differ in glyph as well as colour, so the bar reads without colour.
        for x in start..area.right() {
            let (symbol, style) = if x < end {
                (symbols::line::THICK_HORIZONTAL, self.style)
            } else {
                (symbols::line::HORIZONTAL, Style::new())
            };
            buf[(x, row)].set_symbol(symbol).set_style(style);
        }
        if self.flash {
            buf.set_style(
                Rect { height: 1, ..area },
                Style::new().add_modifier(Modifier::REVERSED),
            );
        }
    }
}
