//! Text in big glyphs from the 8x8 font, as large as the room allows: the countdown's
//! digits, the switch-sides banner, an untimed step's title and its checklist.

use font8x8::UnicodeFonts;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::Style;

/// How big the glyphs are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Size {
    /// Each pixel of the 8x8 font is `columns` cells wide and `half_rows` half-cells
    /// tall: drawn with full and half blocks, so the height grows four rows at a time.
    Scaled { columns: u16, half_rows: u16 },
    /// Each pixel is a quadrant of a cell: for windows too narrow for a whole cell a pixel.
    Quadrant,
}

impl Size {
    /// Rows one glyph takes.
    pub(super) fn rows(self) -> u16 {
        match self {
            Size::Scaled { half_rows, .. } => 4 * half_rows,
            Size::Quadrant => 4,
        }
    }

    /// Columns one glyph takes.
    pub(super) fn columns(self) -> u16 {
        match self {
            Size::Scaled { columns, .. } => 8 * columns,
            Size::Quadrant => 4,
        }
    }
}

/// Every size at most `height` rows tall, largest first. A pixel stays about as tall
/// as wide on screen (two half-cells a column, cells being twice as tall as wide), so
/// glyphs keep the shape they have at eight rows.
fn sizes(height: u16) -> impl Iterator<Item = Size> {
    (1..=height / 4)
        .rev()
        .map(|half_rows| Size::Scaled {
            columns: half_rows.div_ceil(2),
            half_rows,
        })
        .chain((height >= 4).then_some(Size::Quadrant))
}

/// The fonts the glyphs come from, in the order they are asked.
const FONTS: [&dyn UnicodeFonts; 4] = [
    &font8x8::BASIC_FONTS,
    &font8x8::LATIN_FONTS,
    &font8x8::GREEK_FONTS,
    &font8x8::HIRAGANA_FONTS,
];

/// `c`'s 8x8 glyph (bit 0 of each row is its leftmost pixel), when the font has one.
pub(super) fn glyph(c: char) -> Option<[u8; 8]> {
    FONTS.iter().find_map(|font| font.get(c))
}

/// Whether every character of `text` can be drawn big (one glyph a character).
pub(super) fn drawable(text: &str) -> bool {
    text.chars().all(|c| glyph(c).is_some())
}

/// The largest size at which `glyphs` glyphs in a row fit `width` by `height`.
pub(super) fn size_for(glyphs: u16, width: u16, height: u16) -> Option<Size> {
    sizes(height).find(|size| glyphs.saturating_mul(size.columns()) <= width)
}

/// `text` in big glyphs: its lines (words kept whole) and their size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block {
    pub(super) size: Size,
    pub(super) lines: Vec<String>,
}

impl Block {
    /// Rows the block takes: its lines and a blank row between two.
    pub(super) fn rows(&self) -> u16 {
        let lines = self.lines.len() as u16;
        lines * self.size.rows() + lines.saturating_sub(1)
    }
}

/// `parts` (each starting a line of its own) at the largest size at which their
/// words, wrapped into lines, fit `width` by `height`; `None` when even the smallest
/// does not, or the font lacks a character.
pub(super) fn block(parts: &[&str], width: u16, height: u16) -> Option<Block> {
    if !parts.iter().all(|part| drawable(part)) {
        return None;
    }
    sizes(height)
        .find_map(|size| block_at(parts, size, width).filter(|block| block.rows() <= height))
}

/// `parts` at `size`, their words wrapped into lines of `width`; `None` when a word is
/// wider than a line (the font is assumed to have every character).
pub(super) fn block_at(parts: &[&str], size: Size, width: u16) -> Option<Block> {
    let per_line = usize::from(width / size.columns());
    let mut lines = Vec::new();
    for part in parts {
        lines.extend(lines_of(part, per_line)?);
    }
    Some(Block { size, lines })
}

/// Every big size at most `height` rows tall, largest first.
pub(super) fn sizes_within(height: u16) -> impl Iterator<Item = Size> {
    sizes(height)
}

/// The words of `text` in lines of at most `per_line` characters; `None` when a word
/// is longer than a line.
fn lines_of(text: &str, per_line: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let length = word.chars().count();
        if length > per_line {
            return None;
        }
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + length <= per_line => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    Some(lines)
}

/// Draws `block` centred in `area`, line by line.
pub(super) fn render_block(block: &Block, style: Style, area: Rect, buf: &mut Buffer) {
    let top = area.y + area.height.saturating_sub(block.rows()) / 2;
    for (index, line) in block.lines.iter().enumerate() {
        let y = top + index as u16 * (block.size.rows() + 1);
        render_line(line, block.size, style, Rect { y, ..area }, buf);
    }
}

/// Draws one line of glyphs centred in the width of `area`, from its top row.
pub(super) fn render_line(line: &str, size: Size, style: Style, area: Rect, buf: &mut Buffer) {
    let width = (line.chars().count() as u16).saturating_mul(size.columns());
    let left = area.x + (area.width / 2).saturating_sub(width / 2);
    render_line_from(
        line,
        size,
        style,
        Rect { x: left, ..area }.intersection(area),
        buf,
    );
}

/// Draws one line of glyphs from the left edge of `area`, from its top row.
pub(super) fn render_line_from(line: &str, size: Size, style: Style, area: Rect, buf: &mut Buffer) {
    for (c, x) in line
        .chars()
        .zip((area.x..).step_by(usize::from(size.columns())))
    {
        let cell = Rect::new(x, area.y, size.columns(), size.rows()).intersection(area);
        render_glyph(c, size, style, cell, buf);
    }
}

/// Draws `c` at `size` in `area` (its top left corner; cells outside it are left alone).
/// Rows are walked as slices of the buffer, and a cell already showing its symbol
/// is not set again.
pub(super) fn render_glyph(c: char, size: Size, style: Style, area: Rect, buf: &mut Buffer) {
    let glyph = glyph(c).unwrap_or_default();
    for row in 0..area.height.min(size.rows()) {
        let cells = row_of(buf, area.x, area.y + row, area.width.min(size.columns()));
        for (column, cell) in (0..).zip(cells) {
            let symbol = QUADRANTS[lit_quarters(&glyph, size, row, column)];
            if cell.symbol() != symbol {
                cell.set_symbol(symbol);
            }
            cell.set_style(style);
        }
    }
}

/// The cells (absolute positions) where `now` drawn at `size` in `area` differs from
/// `was` drawn there, each with the symbol `now` puts there: what a countdown second
/// changes, found from the two glyphs' pixels without drawing either.
pub(super) fn glyph_changes(
    was: char,
    now: char,
    size: Size,
    area: Rect,
) -> Vec<(u16, u16, &'static str)> {
    let (was, now) = (
        glyph(was).unwrap_or_default(),
        glyph(now).unwrap_or_default(),
    );
    // The pixels that differ, row by row: a cell changes when one of its pixels does.
    let differ: [u8; 8] = std::array::from_fn(|row| was[row] ^ now[row]);
    let mut changes = Vec::new();
    for row in 0..area.height.min(size.rows()) {
        let (top, bottom) = match size {
            Size::Scaled { half_rows, .. } => (2 * row / half_rows, (2 * row + 1) / half_rows),
            Size::Quadrant => (2 * row, 2 * row + 1),
        };
        let differs = differ[usize::from(top).min(7)] | differ[usize::from(bottom).min(7)];
        if differs == 0 {
            continue;
        }
        for column in 0..area.width.min(size.columns()) {
            let pixels = match size {
                Size::Scaled { columns, .. } => 1 << (column / columns).min(7),
                Size::Quadrant => (1 << (2 * column).min(7)) | (1 << (2 * column + 1).min(7)),
            };
            if differs & pixels != 0 {
                let lit = lit_quarters(&now, size, row, column);
                changes.push((area.x + column, area.y + row, QUADRANTS[lit]));
            }
        }
    }
    changes
}

/// Which quarters of the cell at `row`, `column` of `glyph` drawn at `size` are lit,
/// as an index into [`QUADRANTS`]. A scaled pixel fills a whole cell's width, so
/// there the index is one of " ", "▀", "▄" and "█".
fn lit_quarters(glyph: &[u8; 8], size: Size, row: u16, column: u16) -> usize {
    let lit = |x: u16, y: u16| glyph[usize::from(y).min(7)] & (1 << x.min(7)) != 0;
    let quarters = match size {
        Size::Scaled { columns, half_rows } => {
            let (top, bottom) = (
                lit(column / columns, 2 * row / half_rows),
                lit(column / columns, (2 * row + 1) / half_rows),
            );
            [top, top, bottom, bottom]
        }
        Size::Quadrant => {
            let (x, y) = (2 * column, 2 * row);
            [lit(x, y), lit(x + 1, y), lit(x, y + 1), lit(x + 1, y + 1)]
        }
    };
    quarters
        .iter()
        .enumerate()
        .fold(0, |index, (bit, on)| index | (usize::from(*on) << bit))
}

/// The cells of `buf` on row `y` from column `x`, `width` of them or as many as the
/// buffer has there (none outside it).
fn row_of(buf: &mut Buffer, x: u16, y: u16, width: u16) -> &mut [Cell] {
    let area = buf.area;
    if !(area.top()..area.bottom()).contains(&y) || !(area.left()..area.right()).contains(&x) {
        return &mut [];
    }
    let start = usize::from(y - area.y) * usize::from(area.width) + usize::from(x - area.x);
    let width = usize::from(width.min(area.right() - x));
    &mut buf.content[start..start + width]
}

/// The block character for the lit quarters of a cell: bit 0 top left, 1 top right,
/// 2 bottom left, 3 bottom right.
const QUADRANTS: [&str; 16] = [
    " ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glyph_turned_into_another_changes_only_the_cells_their_pixels_differ_in() {
        // font8x8's hyphen lights pixels 0 to 5 of row 3 (0x3F) and nothing else: at
        // a quarter of a cell a pixel, the bottom halves of the glyph's first three
        // cells on its second row.
        assert_eq!(glyph('-'), Some([0, 0, 0, 0x3f, 0, 0, 0, 0]));
        let area = Rect::new(10, 5, 4, 4);
        let lower = vec![(10, 6, "▄"), (11, 6, "▄"), (12, 6, "▄")];
        assert_eq!(glyph_changes(' ', '-', Size::Quadrant, area), lower);
        assert_eq!(
            glyph_changes('-', ' ', Size::Quadrant, area),
            [(10, 6, " "), (11, 6, " "), (12, 6, " ")]
        );
        assert_eq!(glyph_changes('-', '-', Size::Quadrant, area), []);
        // Two columns and one half-row a pixel: pixel row 3 is the lower half of cell
        // row 1, over columns 0 to 11.
        let half = Size::Scaled {
            columns: 2,
            half_rows: 1,
        };
        let changes = glyph_changes(' ', '-', half, Rect::new(0, 0, 16, 4));
        let expected: Vec<(u16, u16, &str)> = (0..12).map(|x| (x, 1, "▄")).collect();
        assert_eq!(changes, expected);
        // Two half-rows a pixel: pixel row 3 is all of cell row 3.
        let whole = Size::Scaled {
            columns: 2,
            half_rows: 2,
        };
        let changes = glyph_changes(' ', '-', whole, Rect::new(0, 0, 16, 8));
        let expected: Vec<(u16, u16, &str)> = (0..12).map(|x| (x, 3, "█")).collect();
        assert_eq!(changes, expected);
    }

    #[test]
    fn glyph_changes_are_the_cells_drawing_each_glyph_tells_apart() {
        let area = Rect::new(3, 2, 24, 24);
        let size = Size::Scaled {
            columns: 3,
            half_rows: 6,
        };
        for (was, now) in [('3', '2'), ('9', '0'), ('1', '7'), (':', '5')] {
            let (mut before, mut after) = (Buffer::empty(area), Buffer::empty(area));
            render_glyph(was, size, Style::new(), area, &mut before);
            render_glyph(now, size, Style::new(), area, &mut after);
            let drawn: Vec<(u16, u16, String)> = before
                .diff(&after)
                .into_iter()
                .map(|(x, y, cell)| (x, y, cell.symbol().to_string()))
                .collect();
            let found: Vec<(u16, u16, String)> = glyph_changes(was, now, size, area)
                .into_iter()
                .map(|(x, y, symbol)| (x, y, symbol.to_string()))
                .collect();
            assert!(!found.is_empty(), "{was} to {now}");
            assert_eq!(found, drawn, "{was} to {now}");
        }
    }

    #[test]
    fn words_are_laid_out_at_the_largest_size_that_fits() {
        // 20 rows: eight-row glyphs (8 columns) are the largest that fit; 22 of them
        // take 176 of 198 columns, so on one line.
        let one_line = block(&["SWITCH SIDES RIGHT LEG"], 198, 20).expect("fits");
        assert_eq!(one_line.lines, ["SWITCH SIDES RIGHT LEG"]);
        assert_eq!(
            one_line.size,
            Size::Scaled {
                columns: 1,
                half_rows: 2
            }
        );
        // 40 rows: sixteen-row glyphs (16 columns), twelve to a line, two lines and a
        // blank row: 33 rows.
        let two_lines = block(&["SWITCH SIDES", "RIGHT LEG"], 198, 40).expect("fits");
        assert_eq!(two_lines.lines, ["SWITCH SIDES", "RIGHT LEG"]);
        assert_eq!(two_lines.rows(), 33);
        // A narrower window takes smaller glyphs, a word never split.
        let narrow = block(&["SWITCH SIDES", "RIGHT LEG"], 78, 12).expect("fits");
        assert_eq!(narrow.size, Size::Quadrant);
        assert_eq!(narrow.lines, ["SWITCH SIDES", "RIGHT LEG"]);
        assert_eq!(
            block(&["SWITCH SIDES"], 20, 12),
            None,
            "\"SWITCH\" is wider than 20"
        );
        assert_eq!(block(&["右脚"], 200, 60), None, "no glyphs for these");
    }

    #[test]
    fn a_quadrant_glyph_keeps_the_font_s_pixels() {
        let area = Rect::new(0, 0, 4, 4);
        let mut buf = Buffer::empty(area);
        render_glyph('1', Size::Quadrant, Style::new(), area, &mut buf);
        let font = glyph('1').expect("a digit");
        for y in 0..8u16 {
            for x in 0..8u16 {
                let on = font[usize::from(y)] & (1 << x) != 0;
                let cell = QUADRANTS
                    .iter()
                    .position(|c| buf[(x / 2, y / 2)].symbol().starts_with(*c))
                    .expect("a quadrant character");
                let bit = usize::from(x % 2) + 2 * usize::from(y % 2);
                assert_eq!(cell & (1 << bit) != 0, on, "pixel {x},{y}");
            }
        }
    }
}
