//! A 100x30 pseudo-terminal for the benchmarks that run the real binary.

use std::io::{Read, Write};
use std::path::Path;

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Rows and columns of the benchmarks' terminal.
pub const ROWS: u16 = 30;
/// Rows and columns of the benchmarks' terminal.
pub const COLS: u16 = 100;

/// A program running in the terminal: its output, its keyboard, the process.
pub struct Running {
    /// What the program writes to the terminal.
    pub output: Box<dyn Read + Send>,
    /// The terminal's keyboard.
    pub keyboard: Box<dyn Write + Send>,
    /// The process.
    pub child: Box<dyn Child + Send + Sync>,
    /// Kept open for as long as the program runs.
    pub _master: Box<dyn MasterPty + Send>,
}

/// Start `program args` with `home` as WINDDOWN_HOME.
pub fn start(program: &str, args: &[&str], home: &Path) -> Running {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut command = CommandBuilder::new(program);
    command.args(args);
    command.env("WINDDOWN_HOME", home);
    command.env("TERM", "xterm-256color");
    let output = pair.master.try_clone_reader().expect("reader");
    let keyboard = pair.master.take_writer().expect("writer");
    let child = pair.slave.spawn_command(command).expect("spawn");
    Running {
        output,
        keyboard,
        child,
        _master: pair.master,
    }
}
