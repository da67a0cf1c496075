//! A bus error ends winddown with the terminal given back and a line saying why.
//!
//! SQLite keeps the write-ahead log's index in `winddown.db-shm`, mapped into
//! memory; if that file stops taking writes while the app runs (made immutable
//! with `chattr +i`, its disk gone), the next write to the mapping raises
//! SIGBUS, which would kill winddown with the terminal still raw and in the
//! alternate screen. The database cannot go on without its index, so this does
//! not try to: a handler puts the terminal back (raw mode off, the screen and
//! cursor as they were), says what happened, and exits with SIGBUS's status.
//! Every step result committed before stays (each is its own transaction), and
//! the next start resumes the run. Only async-signal-safe calls run in the
//! handler: everything it writes is prepared when the terminal is taken.

use std::path::Path;

/// What full-screen mode undoes: mouse reporting and bracketed paste off, the
/// alternate screen left, the cursor shown (as `tui::terminal::restore` does).
pub const LEAVE_FULL_SCREEN: &[u8] =
    b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?1049l\x1b[?25h";

/// Plain mode draws nothing to undo.
pub const LEAVE_PLAIN: &[u8] = b"";

/// Before the terminal is switched to raw mode: remember how it is now, and on a bus
/// error give it back, write `leave`, and say that `database`'s shared memory failed.
pub fn give_back_the_terminal(leave: &'static [u8], database: &Path) {
    #[cfg(unix)]
    unix::install(leave, database);
    #[cfg(not(unix))]
    let _ = (leave, database);
}

/// The line said on the way out.
#[cfg(unix)]
fn farewell(database: &Path) -> String {
    format!(
        "\r\nwinddown: stopped: SQLite's shared-memory file {}-shm could not be written \
         (made read-only or immutable, or its disk went away), and the database cannot \
         be used without it. Every step ended before now is saved; once the file can be \
         written again (or is removed while winddown is closed), run winddown again to \
         pick up where you left off.\r\n",
        database.display()
    )
}

#[cfg(unix)]
mod unix {
    use std::path::Path;
    use std::sync::OnceLock;

    /// Everything the handler needs, made before it can run.
    struct Saved {
        /// The terminal the raw mode is set on (standard input, or /dev/tty).
        fd: libc::c_int,
        /// Its settings before raw mode.
        termios: libc::termios,
        leave: &'static [u8],
        farewell: Vec<u8>,
    }

    static SAVED: OnceLock<Saved> = OnceLock::new();

    pub(super) fn install(leave: &'static [u8], database: &Path) {
        // The terminal crossterm switches to raw mode: standard input when it is one,
        // else the controlling terminal.
        // SAFETY: isatty, open and tcgetattr are given a valid descriptor, a
        // NUL-terminated path and a termios to fill; nothing is shared.
        let fd = unsafe {
            if libc::isatty(libc::STDIN_FILENO) == 1 {
                libc::STDIN_FILENO
            } else {
                libc::open(c"/dev/tty".as_ptr(), libc::O_RDWR | libc::O_NOCTTY)
            }
        };
        if fd < 0 {
            return;
        }
        // SAFETY: an all-zero termios is a valid value to be overwritten by tcgetattr.
        let mut termios: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: `fd` is open and `termios` is a valid place to write.
        if unsafe { libc::tcgetattr(fd, &mut termios) } != 0 {
            return;
        }
        let saved = Saved {
            fd,
            termios,
            leave,
            farewell: super::farewell(database).into_bytes(),
        };
        if SAVED.set(saved).is_err() {
            return;
        }
        // SAFETY: the handler only calls async-signal-safe functions (tcsetattr,
        // write, _exit) on data set above and never changed again.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_bus_error as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
        }
    }

    extern "C" fn on_bus_error(_signal: libc::c_int) {
        if let Some(saved) = SAVED.get() {
            // SAFETY: async-signal-safe calls on a descriptor and buffers that live
            // as long as the process.
            unsafe {
                libc::tcsetattr(saved.fd, libc::TCSANOW, &saved.termios);
                write_all(libc::STDOUT_FILENO, saved.leave);
                write_all(libc::STDERR_FILENO, &saved.farewell);
            }
        }
        // SAFETY: _exit is async-signal-safe; 128 + SIGBUS, as a shell reports it.
        unsafe { libc::_exit(128 + libc::SIGBUS) }
    }

    /// write(2) until done or failed; no allocation, no locks.
    unsafe fn write_all(fd: libc::c_int, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            // SAFETY: `bytes` is a valid buffer of that length.
            let written = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
            let Ok(written) = usize::try_from(written) else {
                return;
            };
            if written == 0 {
                return;
            }
            bytes = &bytes[written..];
        }
    }
}
