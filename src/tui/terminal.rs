//! Taking the terminal over and always giving it back.

use std::io::{self, BufWriter, Stdout};
use std::sync::Once;

use anyhow::{Context, Result};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};

use super::app::App;
use super::paint::Painter;

/// The app's terminal: a fixed viewport, resized only when the terminal says it changed.
pub type Tui = Terminal<CrosstermBackend<Output>>;

/// Frames are gathered in memory and leave in one write when ratatui flushes.
pub type Output = BufWriter<Stdout>;

/// Room for a whole 200x60 frame with its escape sequences.
const FRAME_BUFFER: usize = 64 * 1024;

/// Owns raw mode and the alternate screen; dropping it restores the terminal.
pub struct TerminalGuard {
    terminal: Tui,
    painter: Painter,
}

impl TerminalGuard {
    /// Switch to raw mode and the alternate screen, sized `width`×`height`.
    pub fn enter(width: u16, height: u16) -> Result<TerminalGuard> {
        install_panic_hook();
        enable_raw_mode().context("cannot switch the terminal to raw mode")?;
        let setup = execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, Hide);
        if let Err(err) = setup {
            restore();
            return Err(err).context("cannot take over the terminal screen");
        }
        // A fixed viewport never asks the terminal for its size or cursor on a frame.
        let options = TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        };
        let output = BufWriter::with_capacity(FRAME_BUFFER, io::stdout());
        let terminal = Terminal::with_options(CrosstermBackend::new(output), options)
            .context("cannot set up the terminal")?;
        Ok(TerminalGuard {
            terminal,
            painter: Painter::new(),
        })
    }

    /// Hand the terminal back for a while (an editor runs in it).
    pub fn suspend(&mut self) {
        restore();
    }

    /// Take the terminal over again after [`TerminalGuard::suspend`] and redraw everything.
    pub fn resume(&mut self) -> Result<()> {
        enable_raw_mode().context("cannot switch the terminal to raw mode")?;
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, Hide)
            .context("cannot take over the terminal screen")?;
        let (width, height) =
            ratatui::crossterm::terminal::size().context("cannot read the terminal size")?;
        self.resize(Rect::new(0, 0, width, height))
    }

    /// The terminal is now `area`: clear it and forget the last frame, so the next is whole.
    pub fn resize(&mut self, area: Rect) -> Result<()> {
        self.painter.forget();
        self.terminal
            .resize(area)
            .context("cannot redraw the terminal")
    }

    /// Draw the app's whole screen.
    pub fn draw_whole(&mut self, app: &App) -> Result<()> {
        self.painter
            .whole(&mut self.terminal, app)
            .context("cannot draw to the terminal")
    }

    /// Draw only what time changed on the screen, or the whole screen when more did.
    pub fn draw_tick(&mut self, app: &App) -> Result<()> {
        let drawn = self
            .painter
            .tick(&mut self.terminal, app)
            .context("cannot draw to the terminal")?;
        if drawn { Ok(()) } else { self.draw_whole(app) }
    }

    /// The terminal's output, for bells and notifications between frames.
    pub fn output(&mut self) -> &mut CrosstermBackend<Output> {
        self.terminal.backend_mut()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Put the terminal back as we found it; safe to call more than once.
pub fn restore() {
    // Errors are ignored on purpose: this runs on the way out, often from a panic,
    // and there is nothing better to do than try every step.
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
}

/// Restore the terminal before any panic message is printed, then panic as usual.
fn install_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
