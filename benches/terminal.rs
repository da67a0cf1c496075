//! The real binary in a 100x30 pseudo-terminal, measured from outside through
//! `/proc`: CPU, wake-ups (voluntary context switches) and bytes written per second while a
//! hold counts down and while it is paused, private memory while counting, peak
//! memory, the binary's size, and how long after each true second the displayed
//! second changes.
//!
//! Run: `cargo bench --bench terminal` (set `WINDDOWN_BENCH_SECONDS`, default 60,
//! for the counting window; the paused window is a third of it).

use std::fs;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

#[path = "support/pty.rs"]
mod pty;

/// CPU time (ns) and context switches summed over every thread of `pid`.
fn usage(pid: u32) -> (u64, u64) {
    let mut cpu = 0;
    let mut switches = 0;
    let Ok(tasks) = fs::read_dir(format!("/proc/{pid}/task")) else {
        return (0, 0);
    };
    for task in tasks.flatten() {
        let path = task.path();
        if let Ok(stat) = fs::read_to_string(path.join("schedstat")) {
            cpu += stat
                .split_whitespace()
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0);
        }
        if let Ok(status) = fs::read_to_string(path.join("status")) {
            for line in status.lines() {
                if line.starts_with("voluntary_ctxt_switches")
                    || line.starts_with("nonvoluntary_ctxt_switches")
                {
                    switches += line
                        .split_whitespace()
                        .nth(1)
                        .and_then(|n| n.parse::<u64>().ok())
                        .unwrap_or(0);
                }
            }
        }
    }
    (cpu, switches)
}

/// Peak resident memory of `pid`: `VmHWM` from `/proc/PID/status`, in kB.
fn peak_rss_kb(pid: u32) -> u64 {
    proc_kb(&format!("/proc/{pid}/status"), "VmHWM:")
}

/// Private memory of `pid`: `Private_Dirty` from `/proc/PID/smaps_rollup`, in kB.
/// The pages only this process has written (heap, stacks, relocated data): what
/// it costs the machine. Clean file pages (the binary's code) the kernel can
/// drop and read again whenever it needs the room.
fn private_dirty_kb(pid: u32) -> u64 {
    proc_kb(&format!("/proc/{pid}/smaps_rollup"), "Private_Dirty:")
}

/// The kB figure on the line of `file` that starts with `field`; 0 when absent.
fn proc_kb(file: &str, field: &str) -> u64 {
    fs::read_to_string(file)
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with(field))
                .and_then(|line| line.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

/// Resident memory of `pid` by mapping (the binary, each library, heap, stack,
/// other anonymous memory), from `/proc/PID/smaps`: (name, Rss, Private_Dirty,
/// file-backed clean pages), in kB, largest first.
fn smaps_breakdown(pid: u32) -> Vec<(String, u64, u64, u64)> {
    let Ok(smaps) = fs::read_to_string(format!("/proc/{pid}/smaps")) else {
        return Vec::new();
    };
    let mut totals: Vec<(String, u64, u64, u64)> = Vec::new();
    let mut current = String::new();
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let Some(first) = fields.next() else { continue };
        if first.contains('-') && !first.ends_with(':') {
            // A mapping header: "start-end perms offset dev inode [path]".
            current = match fields.nth(4) {
                Some(path) => path.rsplit('/').next().unwrap_or(path).to_string(),
                None => "[anonymous]".to_string(),
            };
            continue;
        }
        let kb = fields
            .next()
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0);
        let index = match totals.iter().position(|(name, ..)| *name == current) {
            Some(index) => index,
            None => {
                totals.push((current.clone(), 0, 0, 0));
                totals.len() - 1
            }
        };
        let entry = &mut totals[index];
        match first {
            "Rss:" => entry.1 += kb,
            "Private_Dirty:" => entry.2 += kb,
            "Private_Clean:" | "Shared_Clean:" => entry.3 += kb,
            _ => {}
        }
    }
    totals.retain(|(_, rss, ..)| *rss > 0);
    totals.sort_by_key(|entry| std::cmp::Reverse(entry.1));
    totals
}

struct Screen {
    /// Each moment the countdown's rows changed.
    changes: Vec<Instant>,
    label: String,
    first_frame: Option<Instant>,
    last_screen: String,
}

/// One read from the terminal: when it came and what it held.
type Arrival = (Instant, Vec<u8>);

/// Feed what winddown wrote through a terminal emulator, noting when the countdown
/// was first drawn and each moment its rows changed.
fn replay(arrived: &[Arrival]) -> Screen {
    let mut parser = vt100::Parser::new(pty::ROWS, pty::COLS, 0);
    let mut screen = Screen {
        changes: Vec::new(),
        label: String::new(),
        last_screen: String::new(),
        first_frame: None,
    };
    for (at, bytes) in arrived {
        parser.process(bytes);
        let contents = parser.screen().contents();
        // The countdown's rows: everything under the header and above the instructions,
        // once the hold's gauge ("20:00 … hold") shows that the countdown is drawn.
        let drawn = contents
            .lines()
            .any(|line| line.contains("20:00") && line.contains("hold"));
        let label = if drawn {
            contents
                .lines()
                .skip(1)
                .take(12)
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            String::new()
        };
        screen.last_screen.clone_from(&contents);
        if screen.first_frame.is_none() && !label.is_empty() {
            screen.first_frame = Some(*at);
        }
        if label != screen.label {
            screen.label = label;
            screen.changes.push(*at);
        }
    }
    screen
}

fn main() {
    let seconds: u64 = std::env::var("WINDDOWN_BENCH_SECONDS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(60);
    let home = tempfile::tempdir().expect("temp home");
    // In its own folder, as routines are: the file watcher watches the routine's
    // folder, and the database's writes in the same folder would wake it.
    let routines = home.path().join("routines");
    fs::create_dir_all(&routines).expect("routine folder");
    let routine = routines.join("hold.toml");
    fs::write(
        &routine,
        "name = \"One long hold\"\n[[step]]\ntitle = \"Hold\"\nduration = \"20m\"\n",
    )
    .expect("write routine");

    let routine_arg = routine.to_string_lossy().into_owned();
    let pty::Running {
        output: mut reader,
        keyboard: mut writer,
        mut child,
        _master,
    } = pty::start(
        env!("CARGO_BIN_EXE_winddown"),
        &["run", &routine_arg],
        home.path(),
    );
    let pid = child.process_id().expect("pid");

    // The reader only records what arrives and when; the terminal emulator replays
    // it after the measurement, so that the harness does not compete with winddown
    // for the CPU (and its caches) while winddown is measured.
    let arrived: Arc<Mutex<Vec<Arrival>>> = Arc::default();
    let bytes = Arc::new(AtomicU64::new(0));
    let (record, counted) = (Arc::clone(&arrived), Arc::clone(&bytes));
    thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(read) = reader.read(&mut buf) {
            if read == 0 {
                break;
            }
            let now = Instant::now();
            counted.fetch_add(read as u64, Ordering::Relaxed);
            record
                .lock()
                .expect("recording")
                .push((now, buf[..read].to_vec()));
        }
    });

    // Let it start, then measure while the hold counts down.
    thread::sleep(Duration::from_secs(2));
    let window = |length: Duration| {
        let (cpu0, switches0) = usage(pid);
        let bytes0 = bytes.load(Ordering::Relaxed);
        thread::sleep(length);
        let (cpu1, switches1) = usage(pid);
        let bytes1 = bytes.load(Ordering::Relaxed);
        let secs = length.as_secs_f64();
        (
            (cpu1 - cpu0) as f64 / 1e6 / secs * 60.0,
            (switches1 - switches0) as f64 / secs,
            (bytes1 - bytes0) as f64 / secs,
        )
    };
    let counting = window(Duration::from_secs(seconds));
    let private = private_dirty_kb(pid);
    let paused_at = Instant::now();
    writer.write_all(b" ").expect("pause");
    thread::sleep(Duration::from_secs(1));
    let paused = window(Duration::from_secs((seconds / 3).max(5)));
    let rss = peak_rss_kb(pid);
    let breakdown = smaps_breakdown(pid);
    let binary_size = fs::metadata(env!("CARGO_BIN_EXE_winddown")).map_or(0, |meta| meta.len());
    writer.write_all(b"qy").expect("quit");
    let _ = child.wait();

    let screen = replay(&arrived.lock().expect("recording"));
    let Some(start) = screen.first_frame else {
        panic!(
            "no countdown was ever drawn; the screen shows:\n{}",
            screen.last_screen
        );
    };
    // The hold starts with the first frame; its displayed second should change
    // at start + 1 s, start + 2 s, ...: how late is each change? (Changes after the
    // pause are the pause and quit dialogs, not seconds.)
    let lateness: Vec<f64> = screen
        .changes
        .iter()
        .filter(|at| **at < paused_at)
        .filter_map(|at| {
            let since = at.checked_duration_since(start)?.as_secs_f64();
            (since > 0.5).then(|| (since - since.round()) * 1e3)
        })
        .collect();
    let mut sorted = lateness.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN);
    let max = sorted.last().copied().unwrap_or(f64::NAN);
    let drift = match (lateness.first(), lateness.last()) {
        (Some(first), Some(last)) => last - first,
        _ => f64::NAN,
    };

    println!(
        "counting ({seconds} s): CPU {:.1} ms/min, {:.2} voluntary switches/s, {:.0} bytes/s",
        counting.0, counting.1, counting.2
    );
    println!(
        "paused   ({} s): CPU {:.1} ms/min, {:.2} voluntary switches/s, {:.0} bytes/s",
        (seconds / 3).max(5),
        paused.0,
        paused.1,
        paused.2
    );
    println!(
        "private memory while counting: {:.2} MB Private_Dirty ({private} kB)",
        private as f64 / 1024.0
    );
    println!(
        "peak resident memory: {:.1} MB VmHWM ({rss} kB); binary {:.2} MB on disk ({binary_size} bytes)",
        rss as f64 / 1024.0,
        binary_size as f64 / 1024.0 / 1024.0
    );
    println!("resident now, by mapping (kB):  Rss  Private_Dirty  clean file pages");
    for (name, rss, dirty, clean) in &breakdown {
        println!("  {name:<28} {rss:>6} {dirty:>6} {clean:>6}");
    }
    println!(
        "displayed second changes after the true second: median {median:.1} ms, max {max:.1} ms, drift over the run {drift:.1} ms ({} changes)",
        lateness.len()
    );
}
