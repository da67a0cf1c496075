//! The terminal in plain mode: raw keys without echo, and lines appended,
//! never an escape sequence (a bell byte is the only control character sent).

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Instant;

use anyhow::{Context, Result};
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::cues::Cues;

use super::narrator::{Key, Line};

/// What reaches the loop from the outside world.
pub enum Incoming {
    /// A key was pressed.
    Key(Key),
    /// The time asked for came.
    Timeout,
    /// SIGTERM, SIGHUP or SIGINT asked us to stop.
    Signal(i32),
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
    incoming: Receiver<Result<Incoming, io::Error>>,
    out: io::Stdout,
    cues: Cues,
    /// Standard output was closed by its reader: nothing more is written, and the
    /// next wait reports [`READER_LEFT`] so the run stops as on a signal.
    reader_left: bool,
}

impl PlainTerminal {
    /// Read keys one at a time without echo, and listen for signals.
    pub fn open(cues: Cues) -> Result<PlainTerminal> {
        // Raw mode only changes the terminal's settings; it writes nothing to the screen.
        enable_raw_mode().context("cannot read keys from the terminal")?;
        install_panic_hook();
        let (sender, incoming) = mpsc::channel();
        let keys = sender.clone();
        thread::spawn(move || {
            loop {
                let read = event::read().map(|event| key_of(&event));
                let failed = read.is_err();
                let sent = match read {
                    Ok(None) => Ok(()),
                    Ok(Some(key)) => keys.send(Ok(Incoming::Key(key))),
                    Err(err) => keys.send(Err(err)),
                };
                if sent.is_err() || failed {
                    return;
                }
            }
        });
        let mut signals =
            Signals::new([SIGTERM, SIGHUP, SIGINT]).context("cannot listen for signals")?;
        thread::spawn(move || {
            for signal in signals.forever() {
                if sender.send(Ok(Incoming::Signal(signal))).is_err() {
                    return;
                }
            }
        });
        Ok(PlainTerminal {
            incoming,
            out: io::stdout(),
            cues,
            reader_left: false,
        })
    }

    /// Wait for a key or a signal, or until `wake` when given; at once
    /// [`READER_LEFT`] once nobody reads the lines any more.
    pub fn wait(&self, wake: Option<Instant>) -> Result<Incoming> {
        if self.reader_left {
            return Ok(Incoming::Signal(READER_LEFT));
        }
        let received = match wake {
            Some(wake) => self
                .incoming
                .recv_timeout(wake.saturating_duration_since(Instant::now())),
            None => self
                .incoming
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(Ok(incoming)) => Ok(incoming),
            Ok(Err(err)) => Err(err).context("cannot read from the terminal"),
            Err(RecvTimeoutError::Timeout) => Ok(Incoming::Timeout),
            Err(RecvTimeoutError::Disconnected) => {
                Err(anyhow::anyhow!("the terminal input stopped"))
            }
        }
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
        let _ = disable_raw_mode();
    }
}

/// Give the terminal its line editing back before any panic message: the release
/// build aborts on panic, so `Drop` would never run.
fn install_panic_hook() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = disable_raw_mode();
            previous(info);
        }));
    });
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
