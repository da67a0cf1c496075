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

/// What a countdown is counting: each has its own colour, so "rest, 3 s left" and
/// "hold, 3 s left" differ from across a room with the sound off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Hold,
    Rest,
    GetReady,
    /// The last seconds of any of them.
    Closing,
}

impl Phase {
    /// Every phase, for the tests that check them against each other.
    #[cfg(test)]
    const ALL: [Phase; 4] = [Phase::Hold, Phase::Rest, Phase::GetReady, Phase::Closing];

    /// Its colour as drawn: four of Okabe and Ito's colours, chosen to stay apart
    /// for the three common colour-vision deficiencies (protan, deutan, tritan) and to
    /// keep a 3:1 contrast on a black and on a white terminal alike (large text's bar).
    pub(super) fn colour(self) -> Color {
        match self {
            // Okabe–Ito blue: the colour on screen most of the time.
            Phase::Hold => Color::Rgb(0, 114, 178),
            // Bluish green.
            Phase::Rest => Color::Rgb(0, 158, 115),
            // Reddish purple.
            Phase::GetReady => Color::Rgb(204, 121, 167),
            // Vermillion.
            Phase::Closing => Color::Rgb(213, 94, 0),
        }
    }

    /// Its colour in the night theme: low and warm like the rest of it (no blue, no
    /// channel above 200, no brighter than the night's text), told apart by
    /// lightness and yellowness, which all three deficiencies still see.
    fn night(self) -> Color {
        match self {
            // Amber, the night's accent.
            Phase::Hold => Color::Rgb(200, 130, 10),
            // Sage.
            Phase::Rest => Color::Rgb(110, 160, 110),
            // Grey: nothing counts yet.
            Phase::GetReady => Color::Rgb(100, 100, 100),
            // Brick.
            Phase::Closing => Color::Rgb(180, 60, 40),
        }
    }
}

/// The night colour for a plain-palette foreground.
fn night_foreground(color: Color) -> Color {
    for phase in [Phase::Hold, Phase::Rest, Phase::GetReady, Phase::Closing] {
        if color == phase.colour() {
            return phase.night();
        }
    }
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

    /// sRGB to linear light.
    fn linear(channel: u8) -> f64 {
        let c = f64::from(channel) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    fn rgb(color: Color) -> [f64; 3] {
        match color {
            Color::Rgb(r, g, b) => [linear(r), linear(g), linear(b)],
            other => panic!("{other:?} is not a fixed colour"),
        }
    }

    /// Linear RGB to CIE L*a*b* (D65).
    fn lab([r, g, b]: [f64; 3]) -> [f64; 3] {
        let [r, g, b] = [r, g, b].map(|c| c.clamp(0.0, 1.0));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    /// Machado, Oliveira and Fernandes (2009), "A physiologically-based model for
    /// simulation of color vision deficiency", severity 1.0 (dichromacy), on linear RGB.
    const VISIONS: [(&str, [[f64; 3]; 3]); 4] = [
        (
            "normal",
            [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
        ),
        (
            "protanopia",
            [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ],
        ),
        (
            "deuteranopia",
            [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ],
        ),
        (
            "tritanopia",
            [
                [1.255528, -0.076749, -0.178779],
                [-0.078411, 0.930809, 0.147602],
                [0.004733, 0.691367, 0.303900],
            ],
        ),
    ];

    /// The colour as seen with `vision`, in L*a*b*.
    fn seen(color: Color, vision: &[[f64; 3]; 3]) -> [f64; 3] {
        let c = rgb(color);
        lab(vision.map(|row| row[0] * c[0] + row[1] * c[1] + row[2] * c[2]))
    }

    fn distance(a: [f64; 3], b: [f64; 3]) -> f64 {
        a.iter()
            .zip(b)
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f64>()
            .sqrt()
    }

    /// WCAG's contrast ratio between two colours.
    fn contrast(a: Color, b: Color) -> f64 {
        let luminance = |c: Color| {
            let [r, g, b] = rgb(c);
            0.2126 * r + 0.7152 * g + 0.0722 * b
        };
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// Every two phases at least 15 apart in L*a*b* (CIE76; differences of a few units
    /// are visible side by side) as seen with each vision.
    fn apart(palette: fn(Phase) -> Color) -> Vec<String> {
        let mut close = Vec::new();
        for (vision, matrix) in &VISIONS {
            for (i, a) in Phase::ALL.iter().enumerate() {
                for b in &Phase::ALL[i + 1..] {
                    let d = distance(seen(palette(*a), matrix), seen(palette(*b), matrix));
                    if d < 15.0 {
                        close.push(format!("{a:?} and {b:?} for {vision}: {d:.1}"));
                    }
                }
            }
        }
        close
    }

    #[test]
    fn the_phases_stay_apart_for_every_common_colour_vision() {
        assert_eq!(apart(Phase::colour), Vec::<String>::new(), "day");
        assert_eq!(apart(Phase::night), Vec::<String>::new(), "night");
        // The check can fail: the night theme's amber for every phase, as before.
        assert!(!apart(|_| WARM).is_empty());
        // Red and green of one lightness merge for deuteranopia.
        let deutan = &VISIONS[2].1;
        let (red, green) = (Color::Rgb(180, 120, 60), Color::Rgb(120, 140, 60));
        assert!(distance(seen(red, deutan), seen(green, deutan)) < 15.0);
    }

    #[test]
    fn the_phase_colours_read_on_a_dark_and_a_light_terminal() {
        let (black, white) = (Color::Rgb(0, 0, 0), Color::Rgb(255, 255, 255));
        for phase in Phase::ALL {
            assert!(contrast(phase.colour(), black) >= 3.0, "{phase:?} on black");
            assert!(contrast(phase.colour(), white) >= 3.0, "{phase:?} on white");
            assert!(contrast(phase.night(), black) >= 3.5, "{phase:?} at night");
            assert!(is_low_light(night_foreground(phase.colour())), "{phase:?}");
            // No brighter than the night's ordinary text.
            assert!(
                lab(rgb(phase.night()))[0] <= lab(rgb(TEXT))[0] + 1.0,
                "{phase:?}"
            );
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
