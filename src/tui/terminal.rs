//! Taking the terminal over and always giving it back.

use std::io::{self, BufWriter, Stdout, Write};

use anyhow::{Context, Result};
#[cfg(not(unix))]
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::Rect;

use super::screen::{Console, Screen};

/// Frames are gathered in memory and leave in one write when ratatui flushes.
pub type Output = BufWriter<Stdout>;

/// Room for a whole 200x60 frame with its escape sequences.
const FRAME_BUFFER: usize = 64 * 1024;

/// What frames are drawn with: cells encoded by winddown (ansi.rs), the rest by
/// crossterm.
#[cfg(unix)]
type Drawing = super::ansi::Ansi<Output>;
/// On Windows crossterm chooses, console by console, between escape sequences and
/// the console's own calls, so its backend draws the cells too.
#[cfg(not(unix))]
type Drawing = CrosstermBackend<Output>;

#[cfg(unix)]
fn drawing(output: Output) -> Drawing {
    super::ansi::Ansi::new(output)
}

#[cfg(not(unix))]
fn drawing(output: Output) -> Drawing {
    CrosstermBackend::new(output)
}

/// Owns raw mode and the alternate screen; dropping it restores the terminal.
pub struct TerminalGuard {
    screen: Screen<Drawing>,
    /// Mouse reporting is on (only while something on screen can be clicked, so
    /// text can be selected and copied everywhere else).
    mouse: bool,
}

impl TerminalGuard {
    /// Switch to raw mode and the alternate screen, sized `width`×`height`.
    pub fn enter(width: u16, height: u16) -> Result<TerminalGuard> {
        crate::plumbing::restore_on_panic(restore);
        enable_raw_mode().context("cannot switch the terminal to raw mode")?;
        // Bracketed paste: pasted text arrives as one paste, never as keys.
        let setup = execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            Hide
        );
        if let Err(err) = setup {
            restore();
            return Err(err).context("cannot take over the terminal screen");
        }
        let output = BufWriter::with_capacity(FRAME_BUFFER, io::stdout());
        let screen = Screen::new(drawing(output), Rect::new(0, 0, width, height))?;
        Ok(TerminalGuard {
            screen,
            mouse: false,
        })
    }
}

impl Console for TerminalGuard {
    type Backend = Drawing;

    fn screen(&mut self) -> &mut Screen<Self::Backend> {
        &mut self.screen
    }

    fn cue_output(&mut self) -> &mut dyn Write {
        self.screen.backend_mut()
    }

    fn suspend(&mut self) {
        restore();
    }

    fn capture_mouse(&mut self, on: bool) -> Result<()> {
        if on != self.mouse {
            if on {
                execute!(io::stdout(), EnableMouseCapture)
            } else {
                execute!(io::stdout(), DisableMouseCapture)
            }
            .context("cannot change mouse reporting")?;
            self.mouse = on;
        }
        Ok(())
    }

    fn resume(&mut self) -> Result<Rect> {
        enable_raw_mode().context("cannot switch the terminal to raw mode")?;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            Hide
        )
        .context("cannot take over the terminal screen")?;
        self.mouse = false;
        let (width, height) =
            ratatui::crossterm::terminal::size().context("cannot read the terminal size")?;
        Ok(Rect::new(0, 0, width, height))
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
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
}
