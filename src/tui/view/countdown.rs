//! The big countdown: as large as the space allows, down to plain text.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use tui_big_text::{BigText, PixelSize};

/// Whole seconds shown for a remaining time: rounded up, so "0:01" is the last second.
pub fn shown_seconds(remaining: Duration) -> u64 {
    let secs = remaining.as_secs();
    if remaining.subsec_nanos() > 0 {
        secs + 1
    } else {
        secs
    }
}

/// "M:SS" under an hour, "H:MM:SS" beyond.
pub fn clock_text(seconds: u64) -> String {
    let (hours, minutes, secs) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{secs:02}")
    } else {
        format!("{minutes}:{secs:02}")
    }
}

/// Rows the countdown needs at its largest size that fits `width` and `height`.
pub fn rows_for(text: &str, width: u16, height: u16) -> u16 {
    pixel_size(text, width, height).map_or(1, |size| match size {
        PixelSize::Full => 8,
        _ => 4,
    })
}

fn pixel_size(text: &str, width: u16, height: u16) -> Option<PixelSize> {
    let chars = text.chars().count() as u16;
    let full_width = chars.saturating_mul(8);
    let half_width = chars.saturating_mul(4);
    if width >= full_width && height >= 8 {
        Some(PixelSize::Full)
    } else if width >= full_width && height >= 4 {
        Some(PixelSize::HalfHeight)
    } else if width >= half_width && height >= 4 {
        Some(PixelSize::Quadrant)
    } else {
        None
    }
}

/// One piece of a drawn countdown: a single big glyph in its own rectangle, or the
/// whole text when it is drawn plain. Drawn piece by piece, a countdown second
/// redraws only the glyphs that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Where the piece is drawn.
    pub area: Rect,
    /// Its text: one character of a big countdown, or all of a plain one.
    pub text: String,
    size: Option<PixelSize>,
}

/// The pieces of `text` drawn centred in `area`: big glyphs, centred as the
/// big-text widget centres a line, when they fit; otherwise the plain text.
pub fn pieces(text: &str, area: Rect) -> Vec<Piece> {
    let Some(size) = pixel_size(text, area.width, area.height) else {
        return vec![Piece {
            area,
            text: text.to_string(),
            size: None,
        }];
    };
    let (rows, glyph_width) = match size {
        PixelSize::Full => (8, 8),
        PixelSize::HalfHeight => (4, 8),
        _ => (4, 4),
    };
    let width = (text.chars().count() as u16).saturating_mul(glyph_width);
    let left = area.x + (area.width / 2).saturating_sub(width / 2);
    let top = area.y + (area.height - rows) / 2;
    text.chars()
        .zip((left..).step_by(usize::from(glyph_width)))
        .map(|(glyph, x)| Piece {
            area: Rect::new(x, top, glyph_width, rows),
            text: glyph.to_string(),
            size: Some(size),
        })
        .collect()
}

/// Draw one piece; its area must lie within `buf`'s.
pub fn render_piece(piece: &Piece, style: Style, buf: &mut Buffer) {
    match piece.size {
        Some(size) => BigText::builder()
            .pixel_size(size)
            .style(style)
            .lines(vec![Line::from(piece.text.clone())])
            .build()
            .render(piece.area, buf),
        None => Paragraph::new(Line::styled(piece.text.clone(), style))
            .alignment(Alignment::Center)
            .render(piece.area, buf),
    }
}

/// Draw `text` centred in `area`, in big glyphs when they fit.
pub fn render(text: &str, style: Style, area: Rect, buf: &mut Buffer) {
    for piece in pieces(text, area) {
        render_piece(&piece, style, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_remaining_time_up_to_the_shown_second() {
        assert_eq!(shown_seconds(Duration::from_millis(12_400)), 13);
        assert_eq!(shown_seconds(Duration::from_secs(12)), 12);
        assert_eq!(shown_seconds(Duration::from_nanos(1)), 1);
        assert_eq!(shown_seconds(Duration::ZERO), 0);
    }

    #[test]
    fn formats_minutes_and_hours() {
        assert_eq!(clock_text(5), "0:05");
        assert_eq!(clock_text(754), "12:34");
        assert_eq!(clock_text(3723), "1:02:03");
    }

    #[test]
    fn picks_the_largest_size_that_fits() {
        assert_eq!(rows_for("0:30", 80, 10), 8);
        assert_eq!(rows_for("0:30", 80, 5), 4);
        assert_eq!(rows_for("0:30", 20, 5), 4);
        assert_eq!(rows_for("0:30", 10, 5), 1);
        assert_eq!(rows_for("0:30", 80, 2), 1);
    }
}
