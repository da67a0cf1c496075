//! Putting frames on the terminal: whole ones through ratatui, and while a
//! countdown runs, only the parts of the screen that time changes.
//!
//! A whole frame means rendering every widget and comparing every cell with the
//! last frame; once a second, with cold caches, that was most of what a countdown
//! cost. A tick redraws only the parts whose description changed (usually just the
//! digits, in a buffer the size of the digits) and compares only their cells.

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::App;
use super::view::{self, Ticking};

/// Draws the app's frames and remembers what the screen shows.
#[derive(Debug)]
pub struct Painter {
    /// The last whole frame.
    whole: Buffer,
    /// The ticking parts of the screen and their cells now, while a countdown runs.
    ticking: Option<Vec<(Ticking, Buffer)>>,
    /// Ticks were drawn since the last whole frame, without ratatui knowing.
    behind: bool,
}

impl Default for Painter {
    fn default() -> Self {
        Painter::new()
    }
}

impl Painter {
    /// A painter that has drawn nothing yet.
    pub fn new() -> Painter {
        Painter {
            whole: Buffer::empty(Rect::ZERO),
            ticking: None,
            behind: false,
        }
    }

    /// Draw the whole screen; ratatui writes the cells that differ from its last frame.
    pub fn whole<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        app: &App,
    ) -> Result<(), B::Error> {
        if self.behind {
            // Tell ratatui what the ticks put on the screen, or its comparison would
            // skip cells it believes are already showing.
            let current = terminal.current_buffer_mut();
            current.clone_from(&self.whole);
            for (_, cells) in self.ticking.iter().flatten() {
                current.merge(cells);
            }
            terminal.swap_buffers();
            self.behind = false;
        }
        let frame = terminal.draw(|frame| frame.render_widget(app, frame.area()))?;
        self.whole.clone_from(frame.buffer);
        self.ticking = view::ticking_parts(app).map(|parts| {
            parts
                .into_iter()
                .map(|part| {
                    let cells = self.cells(part.area);
                    (part, cells)
                })
                .collect()
        });
        Ok(())
    }

    /// Draw only what time changed since the last frame. Returns `false`, having drawn
    /// nothing, when the screen needs a whole frame instead: no countdown is running,
    /// or the screen's layout moved.
    pub fn tick<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        app: &App,
    ) -> Result<bool, B::Error> {
        let (Some(shown), Some(parts)) = (&mut self.ticking, view::ticking_parts(app)) else {
            return Ok(false);
        };
        let moved = shown.len() != parts.len()
            || shown
                .iter()
                .zip(&parts)
                .any(|((was, _), part)| was.area != part.area);
        if moved {
            return Ok(false);
        }
        let next: Vec<Option<Buffer>> = shown
            .iter()
            .zip(&parts)
            .map(|((was, _), part)| {
                (was.shows != part.shows).then(|| {
                    let mut cells = Buffer::empty(part.area);
                    view::render_ticking(app, part, &mut cells);
                    cells
                })
            })
            .collect();
        if next.iter().all(Option::is_none) {
            return Ok(true);
        }
        let updates = shown
            .iter()
            .zip(&next)
            .filter_map(|((_, cells), next)| Some(cells.diff_iter(next.as_ref()?)))
            .flatten();
        terminal.backend_mut().draw(updates)?;
        terminal.backend_mut().flush()?;
        for ((slot, part), next) in shown.iter_mut().zip(parts).zip(next) {
            if let Some(cells) = next {
                *slot = (part, cells);
            }
        }
        self.behind = true;
        Ok(true)
    }

    /// Forget what the screen shows (it was cleared or resized): the next frame is whole.
    pub fn forget(&mut self) {
        *self = Painter::new();
    }

    /// The cells of the last whole frame inside `area`.
    fn cells(&self, area: Rect) -> Buffer {
        let mut part = Buffer::empty(area);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                if let (Some(cell), Some(shown)) = (part.cell_mut((x, y)), self.whole.cell((x, y)))
                {
                    cell.clone_from(shown);
                }
            }
        }
        part
    }
}
