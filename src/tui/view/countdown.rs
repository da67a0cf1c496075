//! The big countdown: as large as the space allows, down to plain text.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::big::{self, Size};

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
    big::size_for(glyphs(text), width, height).map_or(1, Size::rows)
}

/// How many big glyphs `text` takes: one a character ("12:34" is five).
fn glyphs(text: &str) -> u16 {
    u16::try_from(text.chars().count()).unwrap_or(u16::MAX)
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
    size: Option<Size>,
}

/// The pieces of `text` drawn centred in `area`: big glyphs, centred as a line of big
/// text is, when they fit; otherwise the plain text.
pub fn pieces(text: &str, area: Rect) -> Vec<Piece> {
    let Some(size) = big::size_for(glyphs(text), area.width, area.height) else {
        return vec![Piece {
            area,
            text: text.to_string(),
            size: None,
        }];
    };
    let (rows, glyph_width) = (size.rows(), size.columns());
    let width = glyphs(text).saturating_mul(glyph_width);
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
    match (piece.size, piece.text.chars().next()) {
        (Some(size), Some(glyph)) => big::render_glyph(glyph, size, style, piece.area, buf),
        _ => Paragraph::new(Line::styled(piece.text.clone(), style))
            .alignment(Alignment::Center)
            .render(piece.area, buf),
    }
}

/// The cells that change when `was` becomes `now`, each with its new symbol: only for
/// two big glyphs of one size in one place (a digit counting down); `None` when
/// `now` must be drawn whole.
pub fn glyph_changes(was: &Piece, now: &Piece) -> Option<Vec<(u16, u16, &'static str)>> {
    let (Some(size), Some(now_size)) = (was.size, now.size) else {
        return None;
    };
    let (mut was_glyph, mut now_glyph) = (was.text.chars(), now.text.chars());
    match (was_glyph.next(), now_glyph.next()) {
        (Some(from), Some(to))
            if size == now_size
                && was.area == now.area
                && was_glyph.next().is_none()
                && now_glyph.next().is_none() =>
        {
            Some(big::glyph_changes(from, to, size, now.area))
        }
        _ => None,
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

    #[test]
    fn grows_four_rows_at_a_time_while_the_width_allows() {
        assert_eq!(rows_for("0:30", 80, 12), 12);
        assert_eq!(
            rows_for("0:30", 80, 40),
            16,
            "four glyphs of 16 columns fill 64 of 80"
        );
        assert_eq!(rows_for("0:30", 200, 50), 48);
        assert_eq!(rows_for("12:34", 200, 50), 40);
    }

    #[test]
    fn a_scaled_glyph_keeps_the_font_s_shape() {
        let area = Rect::new(0, 0, 16, 16);
        let mut buf = Buffer::empty(area);
        let piece = pieces("1", area).remove(0);
        assert_eq!(piece.area, area);
        render_piece(&piece, Style::new(), &mut buf);
        let glyph = big::glyph('1').expect("a digit");
        for (y, row) in glyph.iter().enumerate() {
            for x in 0..8u16 {
                let expected = if row & (1 << x) != 0 { "█" } else { " " };
                for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    assert_eq!(buf[(2 * x + dx, 2 * y as u16 + dy)].symbol(), expected);
                }
            }
        }
    }
}
