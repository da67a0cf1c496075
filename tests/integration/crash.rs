//! SIGKILL at random moments during a run of short steps: every time, the
//! database must pass `PRAGMA integrity_check` and the next start must offer to
//! resume at the step that was in progress (or, if the run had finished, offer nothing).
//!
//! The expected resume point never comes from the code under test. After a kill
//! at a random moment it is the first step without a result, read from the
//! `step_results` table with plain SQL. Every third iteration instead waits for
//! the timer to move the run on to another step and kills within the second
//! after; the routine's durations say that step was still in progress, so the
//! step seen on screen is the expected resume point, and the table must agree.
//!
//! The kills are dealt to four chains that run side by side, each in a home
//! folder of its own that it reuses for every iteration, so most iterations
//! resume a run that was itself resumed: kills land on resumed runs as well as
//! fresh ones. The test waits mostly for the app's timers, so four chains take
//! about the time of one.
//!
//! `WINDDOWN_CRASH_ITERATIONS` sets the number of kills (default 20); each
//! chain's sequence is drawn from a fixed seed, printed with each iteration, so a
//! failure reproduces with `cargo test --test integration crash:: -- --nocapture`.

use crate::support;

use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use support::pty::PtyApp;
use winddown::routine::{Step, night_of, parse};
use winddown::store::DEFAULT_ROLLOVER;

const PATIENCE: Duration = Duration::from_secs(15);
const ROUTINE: &str = "tests/routines/crash.toml";
const SEED: u64 = 0x5EED_C4A5_1DEA_F00D;
/// Chains of kills run at once, each in its own home folder with its own seed.
const CHAINS: usize = 4;

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

/// Tonight's latest run as the database holds it, read with plain SQL: whether it
/// is still marked running, and which step indexes have a result.
fn latest_run(database: &Path, label: &str) -> Option<(bool, Vec<usize>)> {
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|err| panic!("{label}: open {}: {err}", database.display()));
    let night = tonight().format("%Y-%m-%d").to_string();
    let (id, outcome): (i64, String) = conn
        .query_row(
            "SELECT id, outcome FROM runs WHERE night = ?1 ORDER BY started_at DESC, id DESC LIMIT 1",
            [night],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .unwrap_or_else(|err| panic!("{label}: read the runs: {err}"))?;
    let ended: Vec<usize> = conn
        .prepare("SELECT step_index FROM step_results WHERE run_id = ?1 ORDER BY step_index")
        .and_then(|mut statement| {
            statement
                .query_map([id], |row| row.get::<_, i64>(0))?
                .collect::<Result<Vec<i64>, _>>()
        })
        .unwrap_or_else(|err| panic!("{label}: read the step results: {err}"))
        .into_iter()
        .map(|index| usize::try_from(index).expect("a step index"))
        .collect();
    Some((outcome == "running", ended))
}

/// The step the next start must offer to resume: the first one without a result
/// (no key this test presses goes back, so results are always a prefix); `None`
/// when the run finished, or every step ended and only the final mark is missing.
fn expected_position(database: &Path, steps: &[Step], label: &str) -> Option<usize> {
    let (running, ended) = latest_run(database, label)?;
    let first_open = (0..steps.len()).find(|index| !ended.contains(index));
    assert!(
        ended.iter().all(|&index| index < steps.len()),
        "{label}: a result past the last step: {ended:?}"
    );
    if let Some(open) = first_open {
        assert!(
            ended.iter().all(|&index| index < open),
            "{label}: results are not a prefix of the steps: {ended:?}"
        );
    }
    if running { first_open } else { None }
}

fn offer_text(steps: &[Step], position: usize) -> String {
    format!(
        "Resume at \"{}\" (step {} of {})",
        steps[position].title,
        position + 1,
        steps.len()
    )
}

/// The step the run screen shows ("step 3 of 5" → index 2), if it shows one.
fn shown_step(screen: &str, total: usize) -> Option<usize> {
    let suffix = format!(" of {total}");
    screen.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("step ")?;
        let end = rest.find(&suffix)?;
        rest[..end].trim().parse::<usize>().ok()?.checked_sub(1)
    })
}

/// The whole planned length of a step: every hold and the rests between them.
fn planned_length(step: &Step) -> Duration {
    let Some(hold) = step.duration else {
        return Duration::MAX;
    };
    let holds = step.sets * u32::try_from(step.sides.len().max(1)).expect("few sides");
    hold * holds + step.rest.unwrap_or_default() * (holds - 1)
}

/// Skip the steps without a timer, then wait for the timer (no key) to move the run
/// on to another step, and kill within the second after. Returns the step the run
/// must be at, from the screen and the routine's durations, or `None` if the run ended.
fn kill_after_a_timer_change(
    app: &mut PtyApp,
    steps: &[Step],
    rng: &mut Rng,
    label: &str,
) -> Option<usize> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        assert!(
            Instant::now() < deadline,
            "{label}: the timer never moved the run on; it shows:\n{}",
            app.contents()
        );
        let screen = app.contents();
        if screen.contains("done for tonight") {
            kill(app.pid().expect("pid"));
            return None;
        }
        let Some(shown) = shown_step(&screen, steps.len()) else {
            thread::sleep(Duration::from_millis(10));
            continue;
        };
        if steps[shown].duration.is_none() || screen.contains("Time's up") {
            app.send("s");
            wait_for_change(app, &screen, label);
            continue;
        }
        if screen.contains("PAUSED") {
            // An earlier iteration paused it: let the timer run again.
            app.send("p");
            wait_for_change(app, &screen, label);
            continue;
        }
        // A timed step runs: wait for the timer to end it.
        let moved = loop {
            assert!(
                Instant::now() < deadline,
                "{label}: stuck at step {shown}:\n{}",
                app.contents()
            );
            let now_showing = app.contents();
            if now_showing.contains("done for tonight") {
                break None;
            }
            if now_showing.contains("PAUSED") {
                app.send("p");
                wait_for_change(app, &now_showing, label);
                continue;
            }
            if now_showing.contains("Time's up") {
                // The timer ran out on a checklist left unticked: it waits on this step.
                break Some(shown);
            }
            match shown_step(&now_showing, steps.len()) {
                Some(step) if step != shown => break Some(step),
                _ => thread::sleep(Duration::from_millis(5)),
            }
        };
        let within = Duration::from_millis(rng.between(0, 999));
        thread::sleep(within);
        kill(app.pid().expect("pid"));
        let step = moved?;
        // Seen within milliseconds of starting, killed less than a second later: a
        // step planned to last longer than that was still in progress.
        assert!(
            step == shown || planned_length(&steps[step]) > Duration::from_secs(2),
            "{label}: step {step} is too short for this check"
        );
        println!("{label}: the timer moved the run to step {step}; killed {within:?} later");
        return Some(step);
    }
}

fn wait_for_change(app: &PtyApp, before: &str, label: &str) {
    let deadline = Instant::now() + PATIENCE;
    while app.contents() == before {
        assert!(
            Instant::now() < deadline,
            "{label}: the key changed nothing"
        );
        thread::sleep(Duration::from_millis(5));
    }
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
    let total = iterations();
    let offers: usize = thread::scope(|scope| {
        let chains: Vec<_> = (0..CHAINS)
            .map(|chain| {
                let steps = &steps;
                scope.spawn(move || kill_chain(chain, total, steps))
            })
            .collect();
        chains
            .into_iter()
            .map(|chain| {
                chain
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .sum()
    });
    println!(
        "{total} kills, {offers} resume offers, {:?}",
        started.elapsed()
    );
}

/// Iterations `chain + 1`, `chain + 1 + CHAINS`, … of `total`, in one home folder;
/// returns how many resume offers it saw.
fn kill_chain(chain: usize, total: usize, steps: &[Step]) -> usize {
    let home = tempfile::tempdir().expect("temp home");
    let database = home.path().join("winddown.db");
    let seed = SEED + chain as u64;
    let mut rng = Rng(seed);
    let mut offers = 0;

    for iteration in (chain + 1..=total).step_by(CHAINS) {
        let label = format!("seed {seed:#x}, iteration {iteration}/{total}");
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

        let seen = if iteration % 3 == 0 {
            Some(kill_after_a_timer_change(&mut app, steps, &mut rng, &label))
        } else {
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
            println!("{label}: killed after {drive:?}, keys {pressed:?}");
            None
        };
        app.wait_exit(PATIENCE);
        drop(app);

        assert_intact(&database, &label);
        let position = expected_position(&database, steps, &label);
        if let Some(seen) = seen {
            assert_eq!(
                position, seen,
                "{label}: the step results on disk disagree with the step on screen"
            );
        }
        let offer = position.map(|position| offer_text(steps, position));
        println!(
            "{label}: offer {}",
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
    offers
}
