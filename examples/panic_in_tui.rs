//! Takes over the terminal the way winddown does, then panics: the pty test
//! `a_panic_gives_the_terminal_back` checks that the screen, cursor and mode
//! come back and the panic message is readable.

use winddown::tui::{Console, TerminalGuard};

fn main() {
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let mut guard = TerminalGuard::enter(width, height).unwrap_or_else(|err| {
        eprintln!("cannot take over the terminal: {err:#}");
        std::process::exit(2)
    });
    let output = guard.cue_output();
    let _ = output
        .write_all(b"drawing before the panic")
        .and_then(|()| output.flush());
    panic!("deliberate panic while the terminal is taken over");
}
