//! Takes the keys the way plain mode does, then panics: the pty test
//! `a_panic_in_plain_mode_gives_the_terminal_its_line_editing_back` checks that
//! echo and line editing come back even though the release build aborts on panic.

use winddown::cues::Cues;
use winddown::plain::terminal::PlainTerminal;

fn main() {
    let terminal = PlainTerminal::open(Cues::default()).unwrap_or_else(|err| {
        eprintln!("cannot read keys from the terminal: {err:#}");
        std::process::exit(2)
    });
    // Leaked: Drop must not be what restores the terminal, as under panic = "abort".
    std::mem::forget(terminal);
    panic!("deliberate panic while plain mode reads raw keys");
}
