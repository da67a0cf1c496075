//! Time from starting `winddown` to its home screen's first frame, with ten
//! years of history, against a trivial program under the same harness: both
//! run in a pseudo-terminal and the clock stops when the screen shows the
//! marker text. The difference is what winddown itself costs.
//!
//! Run: `cargo bench --bench first_frame`.

#[path = "support/history.rs"]
mod history;
#[path = "support/pty.rs"]
mod pty;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// Text on the last line of the home screen, drawn in the first frame.
const MARKER: &str = "Enter start";
const RUNS: usize = 100;

/// Start `program args` in an 100x30 pty; return the time until the screen shows MARKER.
fn time_to_marker(program: &str, args: &[&str], home: &Path, quit: Option<&[u8]>) -> Duration {
    let started = Instant::now();
    let pty::Running {
        output: mut reader,
        keyboard: mut writer,
        mut child,
        _master,
    } = pty::start(program, args, home);
    let (seen_tx, seen_rx) = mpsc::channel();
    thread::spawn(move || {
        let mut screen = vt100::Parser::new(pty::ROWS, pty::COLS, 0);
        let mut buf = [0u8; 16384];
        let mut reported = false;
        while let Ok(read) = reader.read(&mut buf) {
            if read == 0 {
                break;
            }
            screen.process(&buf[..read]);
            if !reported && screen.screen().contents().contains(MARKER) {
                reported = true;
                let _ = seen_tx.send(Instant::now());
            }
        }
    });
    let seen = seen_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the marker appeared");
    if let Some(keys) = quit {
        writer.write_all(keys).expect("type quit");
    }
    child.wait().expect("child exits");
    seen - started
}

fn summary(label: &str, mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    let median = samples[samples.len() / 2];
    let p90 = samples[samples.len() * 9 / 10];
    println!(
        "{label:<42} median {:>7.2} ms   p90 {:>7.2} ms   min {:>7.2} ms",
        median.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3,
        samples[0].as_secs_f64() * 1e3
    );
    median
}

fn main() {
    let home = tempfile::tempdir().expect("temp home");
    let started = Instant::now();
    history::generate(&home.path().join("winddown.db"));
    println!(
        "generated {} nights in {:.1} s",
        history::NIGHTS,
        started.elapsed().as_secs_f64()
    );
    let winddown = env!("CARGO_BIN_EXE_winddown");
    let empty = tempfile::tempdir().expect("empty home");
    let mut trivial = Vec::new();
    let mut first_night = Vec::new();
    let mut ten_years = Vec::new();
    for _ in 0..RUNS {
        trivial.push(time_to_marker("printf", &[MARKER], home.path(), None));
        first_night.push(time_to_marker(winddown, &[], empty.path(), Some(b"q")));
        ten_years.push(time_to_marker(winddown, &[], home.path(), Some(b"q")));
    }
    let base = summary("trivial program (printf)", trivial);
    let first = summary("winddown, first night (no history)", first_night);
    let full = summary("winddown, 3,650 nights of history", ten_years);
    println!(
        "winddown costs {:.2} ms over the trivial program on the first night, {:.2} ms with ten years",
        (first.as_secs_f64() - base.as_secs_f64()) * 1e3,
        (full.as_secs_f64() - base.as_secs_f64()) * 1e3
    );
}
