//! The terminal in plain mode: raw keys without echo, and lines appended,
//! never an escape sequence (a bell byte is the only control character sent).

use std::io::{self, Write};
use std::time::Instant;

use anyhow::{Context, Result};
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};

use crate::cues::Cues;
use crate::plumbing::{self, TerminalEvents};

use super::narrator::{Key, Line};

/// What reaches the loop from the outside world.
pub enum Incoming {
    /// A key was pressed.
    Key(Key),
    /// The time asked for came.
    Timeout,
    /// SIGTERM, SIGHUP or SIGINT asked us to stop.
    Signal(i32),
    /// Ctrl-Z or SIGTSTP: [`PlainTerminal::stop`] gives the terminal back until continued.
    Suspend,
    /// SIGCONT: winddown was stopped (by its own Ctrl-Z or by anyone's SIGSTOP) and
    /// goes on; raw keys are read again already.
    Continued,
}

/// The signal a closed output stands for: whoever read the lines left
/// (`winddown run --plain | head -1`), as SIGPIPE tells the other commands.
#[cfg(unix)]
pub const READER_LEFT: i32 = libc::SIGPIPE;
/// The signal a closed output stands for (SIGPIPE's number, which shells report as 141).
#[cfg(not(unix))]
pub const READER_LEFT: i32 = 13;

/// Raw keys in, lines out; dropping it gives the terminal back its line editing.
pub struct PlainTerminal {
    events: TerminalEvents,
    out: io::Stdout,
    cues: Cues,
    /// Standard output was closed by its reader: nothing more is written, and the
    /// next wait reports [`READER_LEFT`] so the run stops as on a signal.
    reader_left: bool,
}

impl PlainTerminal {
    /// Read keys one at a time without echo, and listen for signals.
    pub fn open(cues: Cues) -> Result<PlainTerminal> {
        let mut events = TerminalEvents::listen()?;
        // Raw mode only changes the terminal's settings; it writes nothing to the screen.
        enable_raw_mode().context("cannot read keys from the terminal")?;
        plumbing::restore_on_panic(give_back);
        events.read_input();
        Ok(PlainTerminal {
            events,
            out: io::stdout(),
            cues,
            reader_left: false,
        })
    }

    /// Wait for a key or a signal, or until `wake` when given; at once
    /// [`READER_LEFT`] once nobody reads the lines any more.
    pub fn wait(&mut self, wake: Option<Instant>) -> Result<Incoming> {
        if self.reader_left {
            return Ok(Incoming::Signal(READER_LEFT));
        }
        loop {
            let Some(incoming) = self.events.wait(wake)? else {
                return Ok(Incoming::Timeout);
            };
            match incoming {
                plumbing::Incoming::Input(event) => {
                    // No editor ever takes the keyboard here: read on at once.
                    self.events.input_handled();
                    if let Some(key) = key_of(&event) {
                        return Ok(Incoming::Key(key));
                    }
                }
                plumbing::Incoming::InputFailed(err) => {
                    return Err(err).context("cannot read from the terminal");
                }
                plumbing::Incoming::Signal(signal) => return Ok(Incoming::Signal(signal)),
                plumbing::Incoming::Suspend => return Ok(Incoming::Suspend),
                // The shell may have set the terminal as it likes meanwhile.
                plumbing::Incoming::Continued => {
                    enable_raw_mode().context("cannot read keys from the terminal")?;
                    return Ok(Incoming::Continued);
                }
                plumbing::Incoming::RoutineChanged => {}
            }
        }
    }

    /// Give the terminal its line editing back, stop until the shell continues
    /// winddown, then read raw keys again.
    pub fn stop(&mut self) -> Result<()> {
        give_back();
        plumbing::stop_until_continued();
        enable_raw_mode().context("cannot read keys from the terminal")
    }

    /// Print each line (the bell first when one marks a change) and speak them all in
    /// one go. A reader that went away ends the lines quietly (see [`READER_LEFT`]).
    pub fn print(&mut self, lines: &[Line]) -> Result<()> {
        if lines.is_empty() || self.reader_left {
            return Ok(());
        }
        self.write_lines(lines)?;
        let spoken: Vec<&str> = lines.iter().map(|line| line.text.as_str()).collect();
        if let Some(warning) = self.cues.speak(&spoken.join(" ")) {
            self.write_lines(&[Line {
                text: warning,
                rings: 0,
            }])?;
        }
        Ok(())
    }

    fn write_lines(&mut self, lines: &[Line]) -> Result<()> {
        let mut out = self.out.lock();
        let written = lines
            .iter()
            .try_for_each(|line| {
                if line.rings > 0 {
                    self.cues.ring(&mut out, line.rings)?;
                }
                // Raw mode leaves "\n" alone, so the carriage return is ours to send.
                write!(out, "{}\r\n", printable(&line.text))
            })
            .and_then(|()| out.flush());
        match written {
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {
                self.reader_left = true;
                Ok(())
            }
            written => written.context("cannot write to the terminal"),
        }
    }
}

impl Drop for PlainTerminal {
    fn drop(&mut self) {
        give_back();
    }
}

/// The terminal's line editing and echo back (on drop, a stop, and before any panic
/// message: the release build aborts on panic, so `Drop` would never run).
fn give_back() {
    let _ = disable_raw_mode();
}

/// Text from a routine file never reaches the terminal as a control character:
/// line breaks become spaces (a line is one line), anything else is shown escaped.
fn printable(text: &str) -> String {
    crate::printable::line(&text.replace(['\r', '\n', '\t'], " ")).into_owned()
}

/// The plain front end's view of a terminal event; `None` for what it ignores.
fn key_of(event: &Event) -> Option<Key> {
    let Event::Key(key) = event else {
        return None;
    };
    if key.kind == KeyEventKind::Release {
        return None;
    }
    match key.code {
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Some(Key::Interrupt),
        KeyCode::Char(ch) => Some(Key::Char(ch)),
        KeyCode::Enter => Some(Key::Enter),
        KeyCode::Esc => Some(Key::Esc),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_step_text_never_reach_the_terminal() {
        assert_eq!(
            printable("Calf\x1b[2J stretch,\nslowly\x07"),
            "Calf\\u001b[2J stretch, slowly\\u0007"
        );
    }
}
