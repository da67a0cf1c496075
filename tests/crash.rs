//! SIGKILL at random moments during a run of short steps: every time, the
//! database must pass `PRAGMA integrity_check` and the next start must offer to
//! resume at the step that was in progress (or, if the run had finished, offer nothing).
//!
//! One home folder is reused for every iteration, so most iterations resume a
//! run that was itself resumed: kills land on resumed runs as well as fresh ones.
//!
//! `WINDDOWN_CRASH_ITERATIONS` sets the number of kills (default 20); the
//! sequence is drawn from a fixed seed, printed with each iteration, so a failure
//! reproduces with `cargo test --test crash -- --nocapture`.

mod support;

use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use support::pty::PtyApp;
use winddown::routine::{Step, night_of, parse};
use winddown::store::{DEFAULT_ROLLOVER, Store};

const PATIENCE: Duration = Duration::from_secs(15);
const ROUTINE: &str = "tests/routines/crash.toml";
const SEED: u64 = 0x5EED_C4A5_1DEA_F00D;

/// xorshift64*: small, deterministic and good enough to pick moments and keys.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
}

fn iterations() -> usize {
    std::env::var("WINDDOWN_CRASH_ITERATIONS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(20)
}

fn steps() -> Vec<Step> {
    let text = std::fs::read_to_string(ROUTINE).expect("read the crash routine");
    let routine = parse(&text).expect("the crash routine parses");
    let night = tonight();
    routine.tonight(night)
}

fn tonight() -> chrono::NaiveDate {
    night_of(chrono::Local::now().naive_local(), DEFAULT_ROLLOVER)
}

/// `PRAGMA integrity_check` on a read-only connection, so the check itself
/// neither checkpoints nor removes the WAL the next start has to recover.
fn assert_intact(database: &Path, label: &str) {
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|err| panic!("{label}: open {}: {err}", database.display()));
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .expect("prepare integrity_check")
        .query_map([], |row| row.get(0))
        .expect("run integrity_check")
        .collect::<Result<_, _>>()
        .expect("read integrity_check");
    assert_eq!(rows, ["ok"], "{label}: integrity_check");
}

/// The resume offer the next start must show, from what the database says
/// was in progress; `None` when no run is unfinished tonight.
fn expected_offer(database: &Path, steps: &[Step], label: &str) -> Option<String> {
    let store = Store::open_read_only(database)
        .unwrap_or_else(|err| panic!("{label}: open the store: {err}"));
    let unfinished = store
        .unfinished_run(tonight())
        .unwrap_or_else(|err| panic!("{label}: read the unfinished run: {err}"))?;
    let position = unfinished.snapshot.position;
    assert!(
        position < steps.len(),
        "{label}: an unfinished run stands past its last step ({position} of {}): {unfinished:?}",
        steps.len()
    );
    Some(format!(
        "Resume at \"{}\" (step {} of {})",
        steps[position].title,
        position + 1,
        steps.len()
    ))
}

fn kill(pid: u32) {
    let status = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -KILL {pid}");
}

/// Keys a user might press mid-run: done (Enter), tick (space, x), next (n).
const KEYS: [&str; 4] = ["\r", " ", "x", "n"];

#[test]
fn sigkill_at_random_moments_keeps_the_database_and_the_place() {
    let started = Instant::now();
    let steps = steps();
    let home = tempfile::tempdir().expect("temp home");
    let database = home.path().join("winddown.db");
    let mut rng = Rng(SEED);
    let mut offers = 0;
    let total = iterations();

    for iteration in 1..=total {
        let label = format!("seed {SEED:#x}, iteration {iteration}/{total}");
        let mut app = PtyApp::spawn(&["run", ROUTINE], home.path(), 80, 24);
        // A run left by the previous kill is offered first: take it up again.
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = app.contents();
            if screen.contains("Resume at") {
                app.send("\r");
                break;
            }
            if screen.contains("Press Enter when done") || screen.contains("Next:") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{label}: no run screen; it shows:\n{screen}"
            );
            thread::sleep(Duration::from_millis(20));
        }

        let drive = Duration::from_millis(rng.between(200, 3000));
        let kill_at = Instant::now() + drive;
        let mut pressed = Vec::new();
        while Instant::now() < kill_at {
            let pause = Duration::from_millis(rng.between(50, 400));
            thread::sleep(pause.min(kill_at.saturating_duration_since(Instant::now())));
            if Instant::now() < kill_at && rng.between(0, 2) == 0 {
                let key = KEYS[rng.between(0, KEYS.len() as u64 - 1) as usize];
                app.send(key);
                pressed.push(key);
            }
        }
        kill(app.pid().expect("pid"));
        app.wait_exit(PATIENCE);
        drop(app);

        assert_intact(&database, &label);
        let offer = expected_offer(&database, &steps, &label);
        println!(
            "{label}: killed after {drive:?}, keys {pressed:?}, offer {}",
            offer.as_deref().unwrap_or("none (run finished)")
        );

        let mut again = PtyApp::spawn(&["run", ROUTINE], home.path(), 80, 24);
        match &offer {
            Some(text) => {
                offers += 1;
                again.wait_for(text, PATIENCE);
                again.send("q");
                assert_eq!(again.wait_exit(PATIENCE), 0, "{label}");
            }
            None => {
                // A finished run offers nothing: the new run starts at step one.
                again.wait_for("Press Enter when done", PATIENCE);
                let screen = again.contents();
                assert!(!screen.contains("Resume at"), "{label}:\n{screen}");
                again.send("q");
                again.wait_for("Stop for tonight?", PATIENCE);
                again.send("y");
                assert_eq!(again.wait_exit(PATIENCE), 0, "{label}");
            }
        }
        assert_intact(&database, &label);
    }
    println!(
        "{total} kills, {offers} resume offers, {:?}",
        started.elapsed()
    );
}
