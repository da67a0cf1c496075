//! Cells to the terminal's escape sequences, written straight into the frame's
//! buffer.
//!
//! crossterm's backend formats every cursor move, colour and attribute through
//! `core::fmt`, and an attribute allocates a `String` on the way: while a
//! countdown ran, a sixth of its instructions (BENCHMARKS.md, "Counting CPU").
//! [`Ansi`] writes the same bytes directly; a test holds them to crossterm's for
//! every colour and attribute.
//! Everything else a backend does (cursor, clearing, size) is crossterm's.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

/// A backend whose cells are encoded here, and everything else by crossterm's.
pub struct Ansi<W: Write> {
    writer: W,
}

impl<W: Write> Ansi<W> {
    pub fn new(writer: W) -> Ansi<W> {
        Ansi { writer }
    }

    /// crossterm's backend on the same writer, for what is not a cell.
    fn crossterm(&mut self) -> CrosstermBackend<&mut W> {
        CrosstermBackend::new(&mut self.writer)
    }
}

/// Cells as escape sequences, in the order and form crossterm's backend writes them:
/// a cursor move only where a cell does not follow the last, attributes and colours
/// only where they change, and everything reset at the end.
pub fn encode<'a, W: Write>(
    out: &mut W,
    cells: impl Iterator<Item = (u16, u16, &'a Cell)>,
) -> io::Result<()> {
    let (mut fg, mut bg, mut underline) = (Color::Reset, Color::Reset, Color::Reset);
    let mut modifier = Modifier::empty();
    let mut last: Option<(u16, u16)> = None;
    for (x, y, cell) in cells {
        if last.is_none_or(|(last_x, last_y)| x != last_x.wrapping_add(1) || y != last_y) {
            out.write_all(b"\x1b[")?;
            number(out, u32::from(y) + 1)?;
            out.write_all(b";")?;
            number(out, u32::from(x) + 1)?;
            out.write_all(b"H")?;
        }
        last = Some((x, y));
        if cell.modifier != modifier {
            modifiers(out, modifier, cell.modifier)?;
            modifier = cell.modifier;
        }
        if cell.fg != fg || cell.bg != bg {
            out.write_all(b"\x1b[")?;
            colour(out, Layer::Foreground, cell.fg)?;
            out.write_all(b";")?;
            colour(out, Layer::Background, cell.bg)?;
            out.write_all(b"m")?;
            (fg, bg) = (cell.fg, cell.bg);
        }
        if cell.underline_color != underline {
            out.write_all(b"\x1b[")?;
            colour(out, Layer::Underline, cell.underline_color)?;
            out.write_all(b"m")?;
            underline = cell.underline_color;
        }
        out.write_all(cell.symbol().as_bytes())?;
    }
    out.write_all(b"\x1b[39m\x1b[49m\x1b[59m\x1b[0m")
}

/// A number in decimal, without `core::fmt`.
fn number<W: Write>(out: &mut W, value: u32) -> io::Result<()> {
    out.write_all(itoa::Buffer::new().format(value).as_bytes())
}

fn sgr<W: Write>(out: &mut W, code: u8) -> io::Result<()> {
    out.write_all(b"\x1b[")?;
    number(out, u32::from(code))?;
    out.write_all(b"m")
}

/// From one cell's attributes to the next's, as crossterm's backend does it: what
/// was removed first (bold and dim share one "normal intensity", so the one kept is
/// set again), then what was added.
fn modifiers<W: Write>(out: &mut W, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        sgr(out, 27)?;
    }
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        sgr(out, 22)?;
        if to.contains(Modifier::DIM) {
            sgr(out, 2)?;
        }
        if to.contains(Modifier::BOLD) {
            sgr(out, 1)?;
        }
    }
    for (modifier, code) in [
        (Modifier::ITALIC, 23),
        (Modifier::UNDERLINED, 24),
        (Modifier::CROSSED_OUT, 29),
        (Modifier::HIDDEN, 28),
    ] {
        if removed.contains(modifier) {
            sgr(out, code)?;
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        sgr(out, 25)?;
    }
    let added = to - from;
    for (modifier, code) in [
        (Modifier::REVERSED, 7),
        (Modifier::BOLD, 1),
        (Modifier::ITALIC, 3),
        (Modifier::UNDERLINED, 4),
        (Modifier::DIM, 2),
        (Modifier::CROSSED_OUT, 9),
        (Modifier::HIDDEN, 8),
        (Modifier::SLOW_BLINK, 5),
        (Modifier::RAPID_BLINK, 6),
    ] {
        let intensity = modifier.intersects(Modifier::BOLD | Modifier::DIM);
        if added.contains(modifier) && !(intensity && reset_intensity) {
            sgr(out, code)?;
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Layer {
    Foreground,
    Background,
    Underline,
}

/// A colour's SGR parameters: the 16 named colours and indexed ones from the
/// 256-colour palette, as crossterm writes them, or true colour.
fn colour<W: Write>(out: &mut W, layer: Layer, colour: Color) -> io::Result<()> {
    let (reset, set): (&[u8], &[u8]) = match layer {
        Layer::Foreground => (b"39", b"38;"),
        Layer::Background => (b"49", b"48;"),
        Layer::Underline => (b"59", b"58;"),
    };
    let index = match colour {
        Color::Reset => return out.write_all(reset),
        Color::Rgb(r, g, b) => {
            out.write_all(set)?;
            out.write_all(b"2;")?;
            number(out, r.into())?;
            out.write_all(b";")?;
            number(out, g.into())?;
            out.write_all(b";")?;
            return number(out, b.into());
        }
        Color::Indexed(index) => index,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
    };
    out.write_all(set)?;
    out.write_all(b"5;")?;
    number(out, index.into())
}

impl<W: Write> Backend for Ansi<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        encode(&mut self.writer, content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.crossterm().hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.crossterm().show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.crossterm().get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.crossterm().set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.crossterm().clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.crossterm().clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = ratatui::crossterm::terminal::size()?;
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.crossterm().window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Cues (the bell) go to the same buffer as the frames.
impl<W: Write> Write for Ansi<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.writer.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::style::Colored;

    fn colours() -> Vec<Color> {
        let mut all = vec![
            Color::Reset,
            Color::Black,
            Color::Red,
            Color::Green,
            Color::Yellow,
            Color::Blue,
            Color::Magenta,
            Color::Cyan,
            Color::Gray,
            Color::DarkGray,
            Color::LightRed,
            Color::LightGreen,
            Color::LightYellow,
            Color::LightBlue,
            Color::LightMagenta,
            Color::LightCyan,
            Color::White,
            Color::Rgb(0, 114, 178),
            Color::Rgb(255, 9, 100),
        ];
        all.extend([0, 7, 16, 99, 255].map(Color::Indexed));
        all
    }

    /// Cells with every colour on every layer and every pair of attribute sets a
    /// step apart, at places that sometimes follow each other and sometimes not.
    fn cells() -> Vec<(u16, u16, Cell)> {
        let modifiers: Vec<Modifier> = (0..=Modifier::all().bits())
            .filter_map(Modifier::from_bits)
            .collect();
        let colours = colours();
        let symbols = ["a", "█", "▀", " ", "語", "😀", "é"];
        let mut out = Vec::new();
        for (index, modifier) in modifiers.iter().enumerate() {
            let mut cell = Cell::new(symbols[index % symbols.len()]);
            cell.modifier = *modifier;
            cell.fg = colours[index % colours.len()];
            cell.bg = colours[(index * 7) % colours.len()];
            cell.underline_color = colours[(index * 3) % colours.len()];
            // Runs of three cells on a row, then a jump: moves both written and not.
            let (x, y) = (
                (index % 3) as u16 + (index / 3 % 40) as u16 * 5,
                (index / 120) as u16,
            );
            out.push((x, y, cell));
        }
        out
    }

    /// crossterm's own backend is the reference: the same cells must come out as
    /// the same bytes. Its colours are forced on (it leaves them out under NO_COLOR,
    /// which winddown handles itself by drawing no colours).
    #[test]
    fn cells_come_out_as_the_bytes_crossterms_backend_writes() {
        Colored::set_ansi_color_disabled(false);
        let cells = cells();
        let mut theirs = Vec::new();
        CrosstermBackend::new(&mut theirs)
            .draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell)))
            .expect("draw to memory");
        let mut ours = Vec::new();
        encode(&mut ours, cells.iter().map(|(x, y, cell)| (*x, *y, cell))).expect("encode");
        assert!(theirs.len() > 10_000, "a test of something");
        let theirs = String::from_utf8_lossy(&theirs);
        let ours = String::from_utf8_lossy(&ours);
        if let Some(at) = theirs.chars().zip(ours.chars()).position(|(a, b)| a != b) {
            let from = at.saturating_sub(60);
            panic!(
                "differs at char {at}:\ncrossterm {:?}\nwinddown  {:?}",
                theirs.chars().skip(from).take(120).collect::<String>(),
                ours.chars().skip(from).take(120).collect::<String>()
            );
        }
        assert_eq!(theirs.len(), ours.len());
    }

    #[test]
    fn a_countdown_cell_is_a_move_its_style_and_its_block() {
        let mut cell = Cell::new("█");
        cell.modifier = Modifier::BOLD;
        cell.fg = Color::Rgb(0, 114, 178);
        let mut out = Vec::new();
        encode(&mut out, [(74, 4, &cell), (75, 4, &cell)].into_iter()).expect("encode");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "\x1b[5;75H\x1b[1m\x1b[38;2;0;114;178;49m██\x1b[39m\x1b[49m\x1b[59m\x1b[0m"
        );
    }
}
