//! The big countdown: as large as the space allows, down to plain text.

use std::time::Duration;

use font8x8::{BASIC_FONTS, UnicodeFonts};
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
    size_for(text, width, height).map_or(1, |size| size.rows())
}

/// How big the digits are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Size {
    /// Each pixel of the 8x8 font is `columns` cells wide and `half_rows` half-cells
    /// tall: drawn with full and half blocks, so the height grows four rows at a time.
    Scaled { columns: u16, half_rows: u16 },
    /// Each pixel is a quadrant of a cell: for windows too narrow for a whole cell a pixel.
    Quadrant,
}

impl Size {
    /// Rows one glyph takes.
    fn rows(self) -> u16 {
        match self {
            Size::Scaled { half_rows, .. } => 4 * half_rows,
            Size::Quadrant => 4,
        }
    }

    /// Columns one glyph takes.
    fn columns(self) -> u16 {
        match self {
            Size::Scaled { columns, .. } => 8 * columns,
            Size::Quadrant => 4,
        }
    }
}

/// The largest size at which `text` fits `width` by `height`. A pixel stays about
/// as tall as wide on screen (two half-cells a column, cells being twice as tall as
/// wide), so the digits keep the shape they have at eight rows.
fn size_for(text: &str, width: u16, height: u16) -> Option<Size> {
    let chars = text.chars().count() as u16;
    (1..=height / 4)
        .rev()
        .map(|half_rows| Size::Scaled {
            columns: half_rows.div_ceil(2),
            half_rows,
        })
        .chain([Size::Quadrant])
        .find(|size| chars.saturating_mul(size.columns()) <= width && size.rows() <= height)
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

/// The pieces of `text` drawn centred in `area`: big glyphs, centred as the
/// big-text widget centres a line, when they fit; otherwise the plain text.
pub fn pieces(text: &str, area: Rect) -> Vec<Piece> {
    let Some(size) = size_for(text, area.width, area.height) else {
        return vec![Piece {
            area,
            text: text.to_string(),
            size: None,
        }];
    };
    let (rows, glyph_width) = (size.rows(), size.columns());
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
        Some(Size::Scaled { columns, half_rows }) => {
            let glyph = piece
                .text
                .chars()
                .next()
                .and_then(|glyph| BASIC_FONTS.get(glyph))
                .unwrap_or_default();
            render_scaled(&glyph, columns, half_rows, style, piece.area, buf);
        }
        Some(Size::Quadrant) => BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(style)
            .lines(vec![Line::from(piece.text.clone())])
            .build()
            .render(piece.area, buf),
        None => Paragraph::new(Line::styled(piece.text.clone(), style))
            .alignment(Alignment::Center)
            .render(piece.area, buf),
    }
}

/// Draw an 8x8 glyph (bit 0 of each row is its leftmost pixel) with each pixel
/// `columns` cells wide and `half_rows` half-cells tall.
fn render_scaled(
    glyph: &[u8; 8],
    columns: u16,
    half_rows: u16,
    style: Style,
    area: Rect,
    buf: &mut Buffer,
) {
    let lit = |half_row: u16, column: u16| {
        let row = glyph[usize::from(half_row / half_rows).min(7)];
        row & (1 << (column / columns).min(7)) != 0
    };
    for row in 0..area.height.min(4 * half_rows) {
        for column in 0..area.width.min(8 * columns) {
            let symbol = match (lit(2 * row, column), lit(2 * row + 1, column)) {
                (true, true) => "█",
                (true, false) => "▀",
                (false, true) => "▄",
                (false, false) => " ",
            };
            if let Some(cell) = buf.cell_mut((area.x + column, area.y + row)) {
                cell.set_symbol(symbol).set_style(style);
            }
        }
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
        let glyph = BASIC_FONTS.get('1').expect("a digit");
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
