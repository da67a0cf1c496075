//! The night theme: the screen as drawn, recoloured for low light.
//!
//! Screens draw in the plain palette; at night every colour is mapped once, after
//! drawing, to dim greys and a warm accent, so no screen can leave a bright white
//! or blue cell behind.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;

/// Ordinary text: a mid grey instead of the terminal's (often bright) foreground.
const TEXT: Color = Color::Rgb(150, 146, 140);
/// Dimmed text and rules.
const FAINT: Color = Color::Rgb(100, 97, 93);
/// The accent (hold labels, bars, pauses): a low amber.
const WARM: Color = Color::Rgb(196, 132, 72);
/// Rest: a muted olive.
const REST: Color = Color::Rgb(140, 140, 90);
/// Warnings: a brick red, warm and not glaring.
const ALERT: Color = Color::Rgb(186, 92, 66);

/// The night colour for a plain-palette foreground.
fn night_foreground(color: Color) -> Color {
    match color {
        Color::DarkGray | Color::Black => FAINT,
        Color::Cyan | Color::LightCyan | Color::Blue | Color::LightBlue => WARM,
        Color::Yellow | Color::LightYellow | Color::Magenta | Color::LightMagenta => WARM,
        Color::Green | Color::LightGreen => REST,
        Color::Red | Color::LightRed => ALERT,
        _ => TEXT,
    }
}

/// Recolour every cell of `area` for the night.
pub(super) fn to_night(area: Rect, buf: &mut Buffer) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(cell) = buf.cell_mut((x, y)) {
                let fg = night_foreground(cell.fg);
                cell.set_fg(fg).set_bg(Color::Reset);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nothing brighter than a mid grey, and no blue: blue light is what a night
    /// theme is for avoiding.
    fn is_low_light(color: Color) -> bool {
        match color {
            Color::Rgb(r, g, b) => r.max(g).max(b) <= 200 && b <= r && b <= g,
            _ => false,
        }
    }

    #[test]
    fn every_colour_maps_to_low_light() {
        for color in [
            Color::Reset,
            Color::White,
            Color::Gray,
            Color::DarkGray,
            Color::Cyan,
            Color::LightBlue,
            Color::Blue,
            Color::Green,
            Color::Yellow,
            Color::Red,
            Color::Rgb(255, 255, 255),
        ] {
            assert!(is_low_light(night_foreground(color)), "{color:?}");
        }
    }
}
