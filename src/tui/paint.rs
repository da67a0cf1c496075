//! Putting frames on the terminal: whole ones, and while a countdown runs, only
//! the parts of the screen that time changes.
//!
//! A whole frame means rendering every widget and comparing every cell with what
//! the screen shows; once a second, with cold caches, that was most of what a
//! countdown cost. A tick redraws only the parts whose description changed and
//! compares only their cells. A digit that turned into another is not drawn at all:
//! the cells that change are those whose pixels differ between the two glyphs
//! (view::glyph_changes), each keeping the style the screen shows there.
//!
//! The painter keeps one screenful, what the screen shows, rather than ratatui's
//! `Terminal`: the terminal's two buffers cannot take in what a tick wrote, so with
//! it a third copy of the screen was needed to tell it. A whole frame is drawn into
//! a screenful that lives only while it is compared, and a tick compares its part
//! with what the screen shows, copying nothing: while counting for minutes, no
//! second screenful (144 kB at 100x30) or copy of the countdown is held.

use ratatui::backend::{Backend, ClearType};
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::app::App;
use super::view::{self, Ticking};
use crate::columns;

/// Draws the app's frames and remembers what the screen shows.
#[derive(Debug)]
pub struct Painter {
    /// What the screen shows, ticks included.
    shown: Buffer,
    /// The ticking parts of the screen, while a countdown runs; their cells now are
    /// `shown`'s.
    ticking: Option<Vec<Ticking>>,
}

impl Painter {
    /// A painter for a blank screen of `area`.
    pub fn new(area: Rect) -> Painter {
        Painter {
            shown: Buffer::empty(area),
            ticking: None,
        }
    }

    /// Draw the whole screen, writing the cells that differ from what it shows.
    pub fn whole<B: Backend>(
        &mut self,
        backend: &mut B,
        area: Rect,
        app: &App,
    ) -> Result<(), B::Error> {
        if self.shown.area != area {
            backend.clear_region(ClearType::All)?;
            self.forget(area);
        }
        // The next frame lives only while it is compared: between whole frames (a
        // countdown runs for minutes on ticks alone) one screenful is all that is kept.
        let mut next = Buffer::empty(area);
        app.render(area, &mut next);
        backend.draw(self.shown.diff(&next).into_iter())?;
        backend.flush()?;
        self.shown = next;
        // The screenful the frame replaced is free now; give its pages back, or the
        // allocator keeps them for the rest of the countdown.
        crate::plumbing::return_freed_memory();
        self.ticking = view::ticking_parts(app);
        Ok(())
    }

    /// Draw only what time changed since the last frame. Returns `false`, having drawn
    /// nothing, when the screen needs a whole frame instead: no countdown is running,
    /// or the screen's layout moved.
    pub fn tick<B: Backend>(&mut self, backend: &mut B, app: &App) -> Result<bool, B::Error> {
        let (Some(ticking), Some(parts)) = (&mut self.ticking, view::ticking_parts(app)) else {
            return Ok(false);
        };
        let moved = ticking.len() != parts.len()
            || ticking
                .iter()
                .zip(&parts)
                .any(|(was, part)| was.area != part.area);
        if moved {
            return Ok(false);
        }
        // A digit turned into another changes the cells their pixels differ in, found
        // without drawing; any other part is drawn and compared with the screen.
        let mut updates: Vec<(u16, u16, Cell)> = Vec::new();
        for (was, part) in ticking.iter().zip(&parts) {
            if was.shows == part.shows {
                continue;
            }
            let start = updates.len();
            if let Some(changes) = view::glyph_changes(was, part) {
                for (x, y, symbol) in changes {
                    if let Some(shown) = self.shown.cell((x, y)) {
                        let mut cell = shown.clone();
                        cell.set_symbol(symbol);
                        updates.push((x, y, cell));
                    }
                }
            } else {
                let mut cells = Buffer::empty(part.area);
                view::render_ticking(app, part, &mut cells);
                let changes = changed(&self.shown, &cells);
                updates.extend(changes.into_iter().map(|(x, y, cell)| (x, y, cell.clone())));
            }
            let bridged = bridged(&updates[start..], &self.shown);
            updates.truncate(start);
            updates.extend(bridged);
        }
        if !updates.is_empty() {
            backend.draw(updates.iter().map(|(x, y, cell)| (*x, *y, cell)))?;
            backend.flush()?;
        }
        for (x, y, cell) in updates {
            if let Some(shown) = self.shown.cell_mut((x, y)) {
                *shown = cell;
            }
        }
        *ticking = parts;
        Ok(true)
    }

    /// Forget what the screen shows: it was cleared, and is now a blank `area`.
    /// The next frame is whole.
    pub fn forget(&mut self, area: Rect) {
        self.shown.resize(area);
        self.shown.reset();
        self.ticking = None;
    }
}

/// The cells of `next` (a part of the screen) that differ from what `shown` has
/// there, row by row, without a copy of the part: the cells a wide character covers
/// are not written, and those after a wide character that changed are written
/// again. Cells outside the screen are passed over. Rows are walked as slices of
/// both buffers: looking each cell up by its position cost as much as comparing it.
fn changed<'a>(shown: &Buffer, next: &'a Buffer) -> Vec<(u16, u16, &'a Cell)> {
    let area = next.area.intersection(shown.area);
    let mut changes = Vec::new();
    if area.is_empty() {
        return changes;
    }
    let width = usize::from(area.width);
    let start_in = |buffer: &Buffer, y: u16| {
        let (left, top) = (buffer.area.x, buffer.area.y);
        usize::from(y - top) * usize::from(buffer.area.width) + usize::from(area.x - left)
    };
    for y in area.top()..area.bottom() {
        let (from_next, from_shown) = (start_in(next, y), start_in(shown, y));
        let now_row = &next.content[from_next..from_next + width];
        let shown_row = &shown.content[from_shown..from_shown + width];
        let (mut covered, mut invalidated) = (0usize, 0usize);
        for ((x, now), before) in (area.x..).zip(now_row).zip(shown_row) {
            let skipped = now.diff_option == CellDiffOption::Skip;
            if !skipped && (now != before || invalidated > 0) && covered == 0 {
                changes.push((x, y, now));
            }
            let wide = cell_width(now);
            covered = wide.saturating_sub(1);
            invalidated = wide
                .max(cell_width(before))
                .max(invalidated)
                .saturating_sub(1);
        }
    }
    changes
}

/// The columns a cell's symbol takes, as far as [`changed`] needs to know: one for
/// a single character no wider than that (every digit, block and space of a
/// countdown; a zero-width one counts as one, which covers no cell either), else as
/// [`columns::width`] measures it. Told from the UTF-8 bytes: this runs for every
/// cell a tick compares.
fn cell_width(cell: &Cell) -> usize {
    match cell.symbol().as_bytes() {
        // One byte (ASCII), or two (U+0080 to U+07FF): nothing there is wide.
        [_] | [0xc2..=0xdf, _] => 1,
        // Box drawing and block elements, U+2500 to U+259F.
        [0xe2, 0x94 | 0x95, _] | [0xe2, 0x96, 0x80..=0x9f] => 1,
        _ => columns::width(cell.symbol()),
    }
}

/// `changes` (a part's changed cells, row by row) with the unchanged cells of short
/// gaps between two changes on a row written again (as `shown` has them), when that
/// takes fewer bytes than moving the cursor over them. A big glyph's change is runs
/// of blocks with short gaps; each move costs a full escape sequence
/// (`ESC [ row ; col H`), a block three bytes and a space one. Gaps in another
/// style, or next to a wide character, are left alone (a change of style costs more
/// than it saves; half a wide character must not be written over).
fn bridged(changes: &[(u16, u16, Cell)], shown: &Buffer) -> Vec<(u16, u16, Cell)> {
    let mut out: Vec<(u16, u16, Cell)> = Vec::with_capacity(changes.len());
    for (x, y, cell) in changes {
        let (x, y) = (*x, *y);
        if let Some((last_x, last_y, last)) = out.last()
            && *last_y == y
            && x > last_x + 1
            && cell_width(last) == 1
        {
            let last_x = *last_x;
            let gap: Vec<&Cell> = (last_x + 1..x)
                .filter_map(|gx| shown.cell((gx, y)))
                .collect();
            let same_style = gap.iter().all(|cell| {
                cell.style() == last.style()
                    && cell.symbol().chars().count() == 1
                    && cell_width(cell) == 1
            });
            let rewrite: usize = gap.iter().map(|cell| cell.symbol().len()).sum();
            let cursor_move = cursor_move_bytes(x, y);
            if same_style && gap.len() == usize::from(x - last_x - 1) && rewrite < cursor_move {
                let gap: Vec<(u16, u16, Cell)> = (last_x + 1..x)
                    .zip(gap)
                    .map(|(gx, cell)| (gx, y, cell.clone()))
                    .collect();
                out.extend(gap);
            }
        }
        out.push((x, y, cell.clone()));
    }
    out
}

/// The length of the escape sequence that moves the cursor to column `x`, row `y`
/// (both from zero): `ESC [ row ; col H`.
fn cursor_move_bytes(x: u16, y: u16) -> usize {
    let digits = |n: u16| n.checked_ilog10().map_or(1, |log| log as usize + 1);
    4 + digits(y + 1) + digits(x + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Modifier, Style};

    fn bold() -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// One row of cells at row 4 (a cursor move there costs 6 or 7 bytes).
    fn row(text: &str) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 4, text.chars().count() as u16, 1));
        buf.set_string(0, 4, text, bold());
        buf
    }

    fn written(before: &Buffer, after: &Buffer) -> String {
        let changes: Vec<(u16, u16, Cell)> = before
            .diff(after)
            .into_iter()
            .map(|(x, y, cell)| (x, y, cell.clone()))
            .collect();
        bridged(&changes, before)
            .iter()
            .map(|(x, _, cell)| format!("{x}:{}", cell.symbol()))
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn a_cursor_move_is_as_long_as_its_escape_sequence() {
        // ESC [ 5 ; 1 2 H, and ESC [ 1 0 0 ; 1 0 0 0 H.
        assert_eq!(cursor_move_bytes(11, 4), 7);
        assert_eq!(cursor_move_bytes(999, 99), 11);
        assert_eq!(cursor_move_bytes(0, 0), 6);
    }

    #[test]
    fn a_block_or_a_digit_takes_one_column_a_cjk_letter_or_an_emoji_two() {
        let widths: Vec<usize> = ["█", "▟", "─", "7", " ", "é", "■", "日", "😴", "가", "ｘ"]
            .iter()
            .map(|symbol| cell_width(&Cell::new(symbol)))
            .collect();
        assert_eq!(widths, [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2]);
    }

    #[test]
    fn a_part_compared_with_the_screen_finds_each_changed_cell_and_the_one_after_a_wide_letter() {
        // The screen, and a part of it two rows tall at (3, 1) with its text changed.
        let mut shown = Buffer::empty(Rect::new(0, 0, 12, 4));
        shown.set_string(3, 1, "1:05", bold());
        shown.set_string(3, 2, "日本", bold());
        let mut part = Buffer::empty(Rect::new(3, 1, 6, 2));
        part.set_string(3, 1, "1:04", bold());
        part.set_string(3, 2, "日x", bold());
        let found: Vec<(u16, u16, String)> = changed(&shown, &part)
            .into_iter()
            .map(|(x, y, cell)| (x, y, cell.symbol().to_string()))
            .collect();
        // The 4, the x over 本's left half, and its right half written again: a
        // terminal may keep half of the wide letter there otherwise.
        assert_eq!(
            found,
            [
                (6, 1, "4".to_string()),
                (5, 2, "x".to_string()),
                (6, 2, " ".to_string())
            ]
        );
    }

    #[test]
    fn a_short_gap_is_written_again_instead_of_moved_over() {
        // Two unchanged spaces (2 bytes) against a move to column 4 (6 bytes).
        assert_eq!(written(&row("█  █"), &row("    ")), "0: |1: |2: |3: ");
    }

    #[test]
    fn a_gap_dearer_than_a_move_is_moved_over() {
        // Four unchanged blocks (12 bytes) against a move (6 bytes).
        assert_eq!(written(&row(" ████ "), &row("██████")), "0:█|5:█");
    }

    #[test]
    fn a_gap_in_another_style_is_moved_over() {
        let mut after = row("    ");
        after[(1, 4)].set_style(Style::new().add_modifier(Modifier::DIM));
        assert_eq!(written(&row("█  █"), &after), "0: |1: |3: ");
    }
}
