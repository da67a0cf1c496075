//! Where the loop draws: any ratatui backend, with a painter that remembers what
//! it shows, behind the [`Console`] trait the loop is written against.

use std::io::Write;

use anyhow::Result;
use ratatui::backend::{Backend, ClearType};
use ratatui::layout::Rect;

use super::app::App;
use super::paint::Painter;

/// A ratatui backend of a fixed size, and what it shows.
pub struct Screen<B: Backend> {
    backend: B,
    painter: Painter,
    area: Rect,
}

impl<B: Backend> Screen<B> {
    /// Draw on `backend`, sized `area`; the backend is taken to be blank. The size
    /// changes only on [`Screen::resize`]: a frame never asks the backend.
    pub fn new(backend: B, area: Rect) -> Result<Screen<B>> {
        Ok(Screen {
            backend,
            painter: Painter::new(area),
            area,
        })
    }

    /// The backend is now `area`: clear it and forget the last frame, so the next is whole.
    pub fn resize(&mut self, area: Rect) -> Result<()> {
        self.area = area;
        self.painter.forget(area);
        self.backend
            .clear_region(ClearType::All)
            .map_err(|err| failed("cannot redraw the terminal", err))
    }

    /// Draw the app's whole screen.
    pub fn draw_whole(&mut self, app: &App) -> Result<()> {
        self.painter
            .whole(&mut self.backend, self.area, app)
            .map_err(|err| failed("cannot draw to the terminal", err))
    }

    /// Draw only what time changed on the screen, or the whole screen when more did.
    pub fn draw_tick(&mut self, app: &App) -> Result<()> {
        let drawn = self
            .painter
            .tick(&mut self.backend, app)
            .map_err(|err| failed("cannot draw to the terminal", err))?;
        if drawn { Ok(()) } else { self.draw_whole(app) }
    }

    /// The size frames are drawn at.
    pub fn area(&self) -> Rect {
        self.area
    }

    /// The backend, e.g. to read what a test backend shows.
    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// The backend, for output between frames.
    pub fn backend_mut(&mut self) -> &mut B {
        &mut self.backend
    }
}

/// What the loop needs of the terminal it runs in.
pub trait Console {
    /// The ratatui backend frames are drawn on.
    type Backend: Backend;

    /// Where frames go.
    fn screen(&mut self) -> &mut Screen<Self::Backend>;

    /// Where bells and notifications go, between frames.
    fn cue_output(&mut self) -> &mut dyn Write;

    /// Hand the terminal to someone else for a while (an editor runs in it).
    fn suspend(&mut self);

    /// Take the terminal back after [`Console::suspend`]; returns its size now.
    fn resume(&mut self) -> Result<Rect>;

    /// Report mouse clicks, or leave the mouse to the terminal (to select text).
    fn capture_mouse(&mut self, on: bool) -> Result<()>;
}

/// A console without a terminal: frames go to any backend (a `TestBackend` in
/// tests), cues are kept in memory, and nothing can take the screen away.
pub struct Headless<B: Backend> {
    screen: Screen<B>,
    /// Every byte of cue output (bells, notifications), in order.
    pub cues: Vec<u8>,
    /// Whether mouse clicks are asked for.
    pub mouse: bool,
}

impl<B: Backend> Headless<B> {
    /// Draw on `backend`, sized `area`.
    pub fn new(backend: B, area: Rect) -> Result<Headless<B>> {
        Ok(Headless {
            screen: Screen::new(backend, area)?,
            cues: Vec::new(),
            mouse: false,
        })
    }

    /// The backend, to read what it shows.
    pub fn backend(&self) -> &B {
        self.screen.backend()
    }
}

impl<B: Backend> Console for Headless<B> {
    type Backend = B;

    fn screen(&mut self) -> &mut Screen<B> {
        &mut self.screen
    }

    fn cue_output(&mut self) -> &mut dyn Write {
        &mut self.cues
    }

    fn suspend(&mut self) {}

    fn resume(&mut self) -> Result<Rect> {
        Ok(self.screen.area())
    }

    fn capture_mouse(&mut self, on: bool) -> Result<()> {
        self.mouse = on;
        Ok(())
    }
}

/// A backend's error, whatever its type, with what we were doing.
fn failed(doing: &str, err: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("{doing}: {err}")
}
