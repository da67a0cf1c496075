//! `winddown remind` through the real binary. Every test gives it a throwaway
//! HOME and XDG_CONFIG_HOME, a stand-in `systemctl` that only records its
//! arguments, and a session bus address that leads nowhere, so no test touches
//! the real user's systemd, crontab or desktop.

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use support::process::wait_within;
use support::tools::{needed, python_has, which};
use tempfile::TempDir;
use winddown::model::{NewRun, RunOutcome};
use winddown::store::Store;

/// 2026-11-30 is a Monday: 15 min + 2 min 30 s before a 22:30 bedtime.
const ROUTINE: &str = r#"
name = "Evening"
bedtime = "22:30"

[[step]]
title = "Soak"
duration = "15m"
days = ["mon", "thu"]

[[step]]
title = "Calf stretch"
duration = "30s"
sides = ["left", "right"]
sets = 2
rest = "10s"
"#;

/// The stand-in systemctl's memory of `enable`/`disable`, answered by `is-enabled`
/// as systemd does (STATE: a file that exists while the timer is enabled).
const SYSTEMCTL_STATE: &str = r#"case "$2" in
  enable) touch "STATE" ;;
  disable) rm -f "STATE" ;;
  is-enabled) if [ -e "STATE" ]; then echo enabled; else echo disabled; exit 1; fi ;;
esac
"#;

/// A systemctl with no user manager to talk to.
const NO_USER_MANAGER: &str =
    "#!/bin/sh\necho 'Failed to connect to bus: No medium found' >&2\nexit 1\n";

struct World {
    root: TempDir,
}

impl World {
    fn new() -> World {
        let root = tempfile::tempdir().expect("temp dir");
        let home = root.path().join("winddown");
        fs::create_dir_all(home.join("routines")).expect("routine folder");
        fs::write(home.join("routines/evening.toml"), ROUTINE).expect("routine");
        fs::write(home.join("config.toml"), "routine = \"evening\"\n").expect("config");
        let bin = root.path().join("bin");
        fs::create_dir_all(&bin).expect("bin");
        for tool in ["systemctl", "launchctl"] {
            let script = bin.join(tool);
            fs::write(
                &script,
                format!(
                    "#!/bin/sh\necho \"{tool} $*\" >> \"{}\"\n{}",
                    root.path().join("calls").display(),
                    if tool == "systemctl" {
                        SYSTEMCTL_STATE
                            .replace("STATE", &root.path().join("enabled").display().to_string())
                    } else {
                        String::new()
                    }
                ),
            )
            .expect("stand-in");
            make_executable(&script);
        }
        World { root }
    }

    fn home(&self) -> PathBuf {
        self.root.path().join("winddown")
    }

    fn config(&self) -> PathBuf {
        self.root.path().join("config")
    }

    fn units(&self) -> PathBuf {
        self.config().join("systemd/user")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run winddown")
    }

    /// `winddown ARGS` in this world, not yet started.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = self.command_of(env!("CARGO_BIN_EXE_winddown"));
        command.args(args);
        command
    }

    /// `program` in this world: its folders, the stand-ins first on PATH, and a
    /// session bus address that leads nowhere.
    fn command_of(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let path = format!(
            "{}:{}",
            self.root.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = Command::new(program);
        command
            .env("WINDDOWN_HOME", self.home())
            .env("HOME", self.root.path())
            .env("XDG_CONFIG_HOME", self.config())
            .env("PATH", path)
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", self.root.path().join("no-bus").display()),
            )
            .env_remove("XDG_RUNTIME_DIR");
        command
    }

    /// Replaces the routine the reminder is about.
    fn routine(&self, text: &str) {
        fs::write(self.home().join("routines/evening.toml"), text).expect("routine");
    }

    /// A stand-in `notify-send` on PATH, for a notification sent through the
    /// desktop's own tool: it runs `script` (sh).
    fn notify_send(&self, script: &str) {
        let tool = self.root.path().join("bin").join("notify-send");
        fs::write(&tool, format!("#!/bin/sh\n{script}\n")).expect("stand-in");
        make_executable(&tool);
    }

    fn calls(&self) -> String {
        fs::read_to_string(self.root.path().join("calls")).unwrap_or_default()
    }

    fn log(&self) -> String {
        fs::read_to_string(self.home().join("remind.log")).unwrap_or_default()
    }
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}\n{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

#[test]
fn print_shows_the_systemd_units_and_installs_nothing() {
    let world = World::new();
    let printed = ok(world.run(&["remind", "--print", "--with", "systemd"]));
    let exe = env!("CARGO_BIN_EXE_winddown");
    let home = world.home().display().to_string();
    assert!(
        printed.contains(&format!(
            "# {}\n",
            world.units().join("winddown-remind.timer").display()
        )),
        "{printed}"
    );
    assert!(printed.contains("\nOnCalendar=*-*-* *:*:00\n"), "{printed}");
    assert!(printed.contains("\nPersistent=false\n"), "{printed}");
    assert!(
        printed.contains(&format!(
            "\nExecStart={exe} --home {home} remind tick --before 10m\n"
        )),
        "{printed}"
    );
    assert!(printed.ends_with(
        "\nsystemctl --user daemon-reload\nsystemctl --user enable --now winddown-remind.timer\n"
    ));
    assert!(!world.units().exists(), "print wrote files");
    assert_eq!(world.calls(), "", "print ran commands");
}

#[test]
fn print_gives_a_crontab_line_where_there_is_no_systemd() {
    let world = World::new();
    let printed = ok(world.run(&["remind", "--print", "--with", "cron", "--before", "5m"]));
    let exe = env!("CARGO_BIN_EXE_winddown");
    let home = world.home().display().to_string();
    let bus = world.root.path().join("no-bus").display().to_string();
    assert_eq!(
        printed,
        format!(
            "# No systemd user manager or launchd to use here: add this line with `crontab -e` \
             (winddown never edits your crontab).\n\
             * * * * * DBUS_SESSION_BUS_ADDRESS=unix:path={bus} {exe} --home {home} remind tick --before 5m\n"
        )
    );
}

#[test]
fn print_shows_the_launchd_agent() {
    let world = World::new();
    let printed = ok(world.run(&["remind", "--print", "--with", "launchd"]));
    let agent = world
        .root
        .path()
        .join("Library/LaunchAgents/winddown.remind.plist");
    assert!(
        printed.contains(&format!("# {}\n<?xml", agent.display())),
        "{printed}"
    );
    assert!(printed.contains("<key>StartCalendarInterval</key>\n    <dict/>"));
    assert!(printed.ends_with(&format!("\nlaunchctl load -w {}\n", agent.display())));
}

#[test]
fn on_status_and_off_with_systemd() {
    let world = World::new();
    let output = ok(world.run(&["remind", "on", "--with", "systemd", "--before", "15m"]));
    assert!(output.contains("Reminder on."), "{output}");
    let service =
        fs::read_to_string(world.units().join("winddown-remind.service")).expect("service");
    assert!(service.contains("remind tick --before 15m\n"), "{service}");
    assert!(world.units().join("winddown-remind.timer").is_file());
    assert_eq!(
        world.calls(),
        "systemctl --user daemon-reload\nsystemctl --user enable --now winddown-remind.timer\n"
    );

    let status = ok(world.run(&["remind", "status", "--with", "systemd"]));
    assert!(
        status.starts_with("Reminder: on, 15m before the start-by time ("),
        "{status}"
    );
    assert!(status.contains("Tonight: Evening"), "{status}");
    assert!(status.contains("Last outcome: none yet."), "{status}");

    let off = ok(world.run(&["remind", "off", "--with", "systemd"]));
    assert!(off.starts_with("Reminder off: removed "), "{off}");
    assert!(!world.units().join("winddown-remind.timer").exists());
    assert!(!world.units().join("winddown-remind.service").exists());
    assert!(world.calls().ends_with(
        "systemctl --user disable --now winddown-remind.timer\nsystemctl --user daemon-reload\n"
    ));
    let again = ok(world.run(&["remind", "off", "--with", "systemd"]));
    assert!(again.starts_with("Reminder: already off"), "{again}");
}

#[test]
fn on_without_a_scheduler_points_to_the_crontab_line() {
    let world = World::new();
    let output = world.run(&["remind", "on", "--with", "cron"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("`winddown remind --print` gives a crontab line"),
        "{}",
        stderr(&output)
    );
    assert_eq!(world.calls(), "");
}

#[test]
fn a_failing_systemctl_is_reported() {
    let world = World::new();
    fs::write(
        world.root.path().join("bin/systemctl"),
        "#!/bin/sh\necho 'Failed to connect to bus' >&2\nexit 1\n",
    )
    .expect("stand-in");
    let output = world.run(&["remind", "on", "--with", "systemd"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("`systemctl --user daemon-reload` failed")
            && stderr(&output).contains("Failed to connect to bus"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_bad_before_is_refused() {
    let world = World::new();
    for before in ["soon", "7h"] {
        let output = world.run(&["remind", "--print", "--before", before]);
        assert!(!output.status.success(), "{before} was accepted");
        assert!(stderr(&output).contains(before), "{}", stderr(&output));
    }
}

#[test]
fn the_tick_fails_quietly_into_the_log_and_only_once_a_night() {
    let world = World::new();
    // Before the due minute (22:02): nothing at all.
    ok(world.run(&["remind", "tick", "--at", "2026-11-30 22:01"]));
    assert_eq!(world.log(), "");
    // The due minute, with no notification service: exit 0, the failure logged.
    let output = world.run(&["remind", "tick", "--at", "2026-11-30 22:02"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let log = world.log();
    assert!(
        log.starts_with(
            "2026-11-30 22:02 night 2026-11-30: failed: could not show \"Time to wind down — \
             Start by 22:12 for lights out at 22:30 (Evening, 18 min)\": "
        ),
        "{log}"
    );
    // The next minute does not try again.
    ok(world.run(&["remind", "tick", "--at", "2026-11-30 22:03"]));
    assert_eq!(world.log(), log);
    let status = ok(world.run(&["remind", "status", "--with", "systemd"]));
    assert!(
        status.contains(&format!("Last outcome: {}", log.trim_end())),
        "{status}"
    );
}

#[test]
fn the_tick_stays_quiet_when_tonight_has_a_run_or_is_a_rest_night() {
    let night = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    for rest in [false, true] {
        let world = World::new();
        let mut store = Store::open(&world.home().join("winddown.db")).expect("store");
        if rest {
            store
                .declare_rest(night, "travel", Utc::now())
                .expect("rest");
        } else {
            let offset = FixedOffset::east_opt(0).expect("offset");
            let run = store
                .start_run(&NewRun {
                    routine_id: "evening".to_string(),
                    routine_name: "Evening".to_string(),
                    routine_hash: "h".to_string(),
                    night,
                    started_at: offset
                        .with_ymd_and_hms(2026, 11, 30, 21, 0, 0)
                        .single()
                        .expect("time"),
                    step_count: 2,
                })
                .expect("run");
            store
                .finish_run(run, Utc::now(), RunOutcome::Completed)
                .expect("finish");
        }
        drop(store);
        ok(world.run(&["remind", "tick", "--at", "2026-11-30 22:02"]));
        let expected = if rest {
            "2026-11-30 22:02 night 2026-11-30: no reminder: tonight is a rest night\n"
        } else {
            "2026-11-30 22:02 night 2026-11-30: no reminder needed: tonight's routine is done\n"
        };
        assert_eq!(world.log(), expected);
    }
}

#[test]
fn a_late_wake_is_logged_as_missed_not_shown() {
    let world = World::new();
    ok(world.run(&["remind", "tick", "--at", "2026-12-01 01:30"]));
    assert_eq!(
        world.log(),
        "2026-12-01 01:30 night 2026-11-30: missed: the reminder was due at 22:02 \
         and the machine was not awake then\n"
    );
}

/// The generated units pass systemd's own checks, where systemd's tools exist.
#[test]
fn the_units_pass_systemd_analyze() {
    let Some(analyze) = which("systemd-analyze") else {
        println!("skipped: systemd-analyze is not installed (apt-get install systemd brings it)");
        return;
    };
    let world = World::new();
    ok(world.run(&["remind", "on", "--with", "systemd"]));
    let calendar = Command::new(&analyze)
        .args(["calendar", "*-*-* *:*:00"])
        .output()
        .expect("systemd-analyze calendar");
    assert!(calendar.status.success(), "{}", stderr(&calendar));
    assert!(
        stdout(&calendar).contains("Normalized form: *-*-* *:*:00"),
        "{}",
        stdout(&calendar)
    );
    let verify = Command::new(&analyze)
        .arg("verify")
        .arg(world.units().join("winddown-remind.timer"))
        .arg(world.units().join("winddown-remind.service"))
        .env("SYSTEMD_LOG_LEVEL", "notice")
        .output()
        .expect("systemd-analyze verify");
    assert!(
        verify.status.success() && stderr(&verify).trim().is_empty(),
        "systemd-analyze verify: {}{}",
        stdout(&verify),
        stderr(&verify)
    );
}

/// A 5-minute routine (no lead-in) with a bedtime of `bedtime`: due 15 minutes before it.
fn five_minutes_before(bedtime: &str) -> String {
    format!(
        "name = \"Evening\"\nbedtime = \"{bedtime}\"\n[[step]]\ntitle = \"Stretch\"\nduration = \"5m\"\nlead_in = 0\n"
    )
}

#[test]
fn a_bedtime_after_the_rollover_is_reminded_on_its_night() {
    // Bedtime 04:30, the rollover at 04:00: Monday's reminder is due 04:15 on Tuesday.
    let world = World::new();
    world.routine(&five_minutes_before("04:30"));
    ok(world.run(&["remind", "tick", "--at", "2026-12-01 04:14"]));
    assert_eq!(world.log(), "");
    ok(world.run(&["remind", "tick", "--at", "2026-12-01 04:15"]));
    assert!(
        world
            .log()
            .starts_with("2026-12-01 04:15 night 2026-11-30: failed: could not show \"Time to wind down — Start by 04:25 for lights out at 04:30"),
        "{}",
        world.log()
    );
    // With day_rollover = "00:00" and bedtime 00:30: due 00:15, still Monday's.
    let world = World::new();
    world.routine(&five_minutes_before("00:30"));
    fs::write(
        world.home().join("config.toml"),
        "routine = \"evening\"\nday_rollover = \"00:00\"\n",
    )
    .expect("config");
    ok(world.run(&["remind", "tick", "--at", "2026-12-01 00:15"]));
    assert!(
        world
            .log()
            .starts_with("2026-12-01 00:15 night 2026-11-30: failed: could not show"),
        "{}",
        world.log()
    );
}

#[test]
fn a_due_minute_in_the_skipped_hour_reminds_when_the_clock_gets_there() {
    // Bedtime 02:30, due 02:15, in the hour skipped by the spring change: Europe/Berlin
    // on 2026-03-29 (02:00 -> 03:00), America/New_York on 2026-03-08 (02:00 -> 03:00).
    // POSIX rules need no time zone database; the names are tried where there is one.
    let mut zones = vec![
        ("CET-1CEST,M3.5.0,M10.5.0/3", "2026-03-29", "2026-03-28"),
        ("EST5EDT,M3.2.0,M11.1.0", "2026-03-08", "2026-03-07"),
    ];
    for (name, day, night) in [
        ("Europe/Berlin", "2026-03-29", "2026-03-28"),
        ("America/New_York", "2026-03-08", "2026-03-07"),
    ] {
        if Path::new("/usr/share/zoneinfo").join(name).is_file() {
            zones.push((name, day, night));
        }
    }
    for (zone, day, night) in zones {
        let world = World::new();
        world.routine(&five_minutes_before("02:30"));
        let tick = |at: &str| {
            let output = world
                .command(&["remind", "tick", "--at", &format!("{day} {at}")])
                .env("TZ", zone)
                .output()
                .expect("tick");
            assert!(output.status.success(), "{}", stderr(&output));
        };
        tick("01:59");
        assert_eq!(world.log(), "", "{zone}");
        tick("03:00");
        let log = world.log();
        assert!(
            log.starts_with(&format!(
                "{day} 03:00 night {night}: failed: could not show"
            )),
            "{zone}: {log}"
        );
        assert!(!log.contains("missed"), "{zone}: {log}");
    }
}

/// A session bus that takes every connection and never says a word; the
/// connections are kept open until the test ends.
fn silent_bus(path: &Path) -> std::thread::JoinHandle<()> {
    let listener = std::os::unix::net::UnixListener::bind(path).expect("bind the bus");
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    })
}

#[test]
fn a_notification_service_that_never_answers_cannot_hold_the_tick() {
    let world = World::new();
    let bus = world.root.path().join("silent-bus");
    let _bus = silent_bus(&bus);
    // And a desktop tool that never exits, for a notification sent through it.
    world.notify_send("sleep 3600");
    let child = world
        .command(&["remind", "tick", "--at", "2026-11-30 22:02"])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", bus.display()),
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("tick");
    // The tick's own deadline is a few seconds; the margin is for a loaded machine.
    let output = wait_within(child, std::time::Duration::from_secs(30));
    assert!(output.status.success(), "{}", stderr(&output));
    let log = world.log();
    assert!(
        log.starts_with("2026-11-30 22:02 night 2026-11-30: failed: could not show")
            && log.contains("did not answer within 4 seconds"),
        "{log}"
    );
}

#[test]
fn twelve_ticks_at_once_send_one_reminder() {
    let world = World::new();
    // Every attempt to notify is counted: a connection to the session bus (closed
    // at once, so the attempt fails fast) or a run of the desktop's tool.
    let bus = world.root.path().join("counting-bus");
    let listener = std::os::unix::net::UnixListener::bind(&bus).expect("bind the bus");
    let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = std::sync::Arc::clone(&connections);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            drop(stream);
        }
    });
    let runs = world.root.path().join("notify-send-runs");
    world.notify_send(&format!("echo sent >> '{}'", runs.display()));
    let ticks: Vec<_> = (0..12)
        .map(|_| {
            world
                .command(&["remind", "tick", "--at", "2026-11-30 22:02"])
                .env(
                    "DBUS_SESSION_BUS_ADDRESS",
                    format!("unix:path={}", bus.display()),
                )
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("tick")
        })
        .collect();
    for tick in ticks {
        let output = wait_within(tick, std::time::Duration::from_secs(60));
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let tool_runs = fs::read_to_string(&runs)
        .unwrap_or_default()
        .lines()
        .count();
    let attempts = connections.load(std::sync::atomic::Ordering::SeqCst) + tool_runs;
    assert_eq!(attempts, 1, "notifications attempted: {attempts}");
    let log = world.log();
    assert_eq!(log.lines().count(), 1, "{log}");
    assert!(
        log.starts_with("2026-11-30 22:02 night 2026-11-30: "),
        "{log}"
    );
}

/// The real clock, walked with libfaketime where it is installed (Debian: `faketime`):
/// the wake reads the time and the zone itself, as the scheduler runs it.
#[test]
fn the_real_clock_walks_through_the_spring_change() {
    let Some(faketime) = which("faketime") else {
        println!("skipped: faketime is not installed (apt-get install faketime)");
        return;
    };
    let world = World::new();
    world.routine(&five_minutes_before("02:30"));
    let tick = |at: &str| {
        let command = world.command(&["remind", "tick"]);
        let program = command.get_program().to_owned();
        let args: Vec<_> = command.get_args().map(|arg| arg.to_owned()).collect();
        let envs: Vec<_> = command
            .get_envs()
            .map(|(key, value)| (key.to_owned(), value.map(|value| value.to_owned())))
            .collect();
        let mut walked = Command::new(&faketime);
        walked
            .arg(format!("2026-03-29 {at}:10"))
            .arg(program)
            .args(args);
        for (key, value) in envs {
            match value {
                Some(value) => walked.env(key, value),
                None => walked.env_remove(key),
            };
        }
        let output = walked
            .env("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
            .output()
            .expect("faketime");
        assert!(output.status.success(), "{}", stderr(&output));
    };
    tick("01:59");
    assert_eq!(world.log(), "");
    tick("03:00");
    let log = world.log();
    assert!(
        log.starts_with("2026-03-29 03:00 night 2026-03-28: failed: could not show"),
        "{log}"
    );
}

#[test]
fn status_and_tick_agree_after_tonights_run_of_another_routine() {
    let world = World::new();
    // Tonight as the binary will see it (the rollover at 04:00).
    let now = chrono::Local::now();
    let night = winddown::routine::night_of(
        now.naive_local(),
        chrono::NaiveTime::from_hms_opt(4, 0, 0).expect("time"),
    );
    let mut store = Store::open(&world.home().join("winddown.db")).expect("store");
    let run = store
        .start_run(&NewRun {
            routine_id: "quick".to_string(),
            routine_name: "Quick".to_string(),
            routine_hash: "h".to_string(),
            night,
            started_at: now.fixed_offset(),
            step_count: 1,
        })
        .expect("run");
    store
        .finish_run(run, Utc::now(), RunOutcome::Completed)
        .expect("finish");
    drop(store);
    let status = ok(world.run(&["remind", "status", "--with", "systemd"]));
    assert!(
        status.contains("Tonight: Evening — no reminder needed: tonight's routine is done."),
        "{status}"
    );
}

/// The notification the 22:02 tick shows, as a notification service receives it.
const SHOWN: &str = r#"{"app_name": "winddown", "summary": "Time to wind down", "body": "Start by 22:12 for lights out at 22:30 (Evening, 18 min)"}"#;

/// What a desktop receives: on a private session bus with a notification
/// service of its own, the tick at the due minute shows exactly one
/// notification and the next minute's tick none, through `notify-send` and,
/// where only it is installed, through `gdbus`.
#[test]
fn the_due_minute_shows_one_notification_on_a_session_bus_and_the_next_minute_none() {
    let Some(session) = needed(
        which("dbus-run-session"),
        "dbus-run-session (apt-get install dbus)",
    ) else {
        return;
    };
    if needed(
        python_has("dbus_next").then_some(()),
        "python3 with dbus-next (pip install dbus-next)",
    )
    .is_none()
    {
        return;
    }
    let server = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/integration/support/notification_server.py");
    for tool in ["notify-send", "gdbus"] {
        let Some(found) = needed(which(tool), tool) else {
            continue;
        };
        let world = World::new();
        // Only this tool on winddown's PATH, so the second round proves gdbus.
        let tools = world.root.path().join("tools");
        fs::create_dir_all(&tools).expect("tools folder");
        std::os::unix::fs::symlink(&found, tools.join(tool)).expect("link the tool");
        let shown = world.root.path().join("shown");
        let output = world
            .command_of(&session)
            .arg("--")
            .arg("python3")
            .arg(&server)
            .arg(&shown)
            .args(["sh", "-c"])
            .arg(
                "PATH=\"$1\" \"$0\" remind tick --at '2026-11-30 22:02' && \
                 PATH=\"$1\" \"$0\" remind tick --at '2026-11-30 22:03'",
            )
            .arg(env!("CARGO_BIN_EXE_winddown"))
            .arg(&tools)
            .output()
            .expect("run dbus-run-session");
        assert!(output.status.success(), "{tool}: {}", stderr(&output));
        let received = fs::read_to_string(&shown).unwrap_or_default();
        assert_eq!(received, format!("{SHOWN}\n"), "{tool}");
        assert_eq!(
            world.log(),
            "2026-11-30 22:02 night 2026-11-30: reminded: Time to wind down — \
             Start by 22:12 for lights out at 22:30 (Evening, 18 min)\n",
            "{tool}"
        );
    }
}

/// The real tools on a session bus that takes the connection and never says a
/// word: each is stopped after its four seconds, and the tick ends and logs why.
#[test]
fn a_session_bus_that_never_answers_times_out_into_the_log() {
    for tool in ["notify-send", "gdbus"] {
        let Some(found) = needed(which(tool), tool) else {
            continue;
        };
        let world = World::new();
        let tools = world.root.path().join("tools");
        fs::create_dir_all(&tools).expect("tools folder");
        std::os::unix::fs::symlink(&found, tools.join(tool)).expect("link the tool");
        let socket = world.root.path().join("silent-bus");
        let _silent = silent_bus(&socket);
        let started = std::time::Instant::now();
        let output = world
            .command(&["remind", "tick", "--at", "2026-11-30 22:02"])
            .env("PATH", &tools)
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", socket.display()),
            )
            .output()
            .expect("run winddown");
        let took = started.elapsed();
        assert!(output.status.success(), "{tool}: {}", stderr(&output));
        assert!(
            took >= std::time::Duration::from_secs(4) && took < std::time::Duration::from_secs(30),
            "{tool}: the tick took {took:?}"
        );
        assert_eq!(
            world.log(),
            format!(
                "2026-11-30 22:02 night 2026-11-30: failed: could not show \"Time to wind down — \
                 Start by 22:12 for lights out at 22:30 (Evening, 18 min)\": \
                 {tool} did not answer within 4 seconds\n"
            ),
        );
    }
}

#[test]
fn a_failed_install_leaves_nothing_behind_and_status_says_off() {
    let world = World::new();
    fs::write(world.root.path().join("bin/systemctl"), NO_USER_MANAGER).expect("stand-in");
    let output = world.run(&["remind", "on", "--with", "systemd"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("Failed to connect to bus"), "{message}");
    assert!(message.contains("nothing was left behind"), "{message}");
    assert!(!world.units().join("winddown-remind.timer").exists());
    assert!(!world.units().join("winddown-remind.service").exists());
    let status = ok(world.run(&["remind", "status", "--with", "systemd"]));
    assert!(status.starts_with("Reminder: off"), "{status}");
}

#[test]
fn status_says_on_only_when_the_timer_is_enabled() {
    let world = World::new();
    ok(world.run(&["remind", "on", "--with", "systemd"]));
    let status = ok(world.run(&["remind", "status", "--with", "systemd"]));
    assert!(status.starts_with("Reminder: on, "), "{status}");
    // Disabled behind winddown's back: installed, not on.
    fs::remove_file(world.root.path().join("enabled")).expect("disable");
    let status = ok(world.run(&["remind", "status", "--with", "systemd"]));
    assert!(
        status.starts_with("Reminder: installed but not enabled ("),
        "{status}"
    );
    // No user manager to ask: said as such, never "on".
    fs::write(world.root.path().join("bin/systemctl"), NO_USER_MANAGER).expect("stand-in");
    let status = ok(world.run(&["remind", "status", "--with", "systemd"]));
    assert!(
        status.starts_with("Reminder: installed (")
            && status.contains("cannot tell whether it is enabled"),
        "{status}"
    );
}

#[test]
fn off_removes_the_files_whichever_scheduler_wrote_them_even_without_systemctl() {
    let world = World::new();
    ok(world.run(&["remind", "on", "--with", "systemd"]));
    fs::write(world.root.path().join("bin/systemctl"), NO_USER_MANAGER).expect("stand-in");
    for with in ["systemd", "cron"] {
        let off = world.run(&["remind", "off", "--with", with]);
        let said = stdout(&off);
        assert!(off.status.success(), "{said}{}", stderr(&off));
        if with == "systemd" {
            assert!(said.starts_with("Reminder off: removed "), "{said}");
            assert!(said.contains("Failed to connect to bus"), "{said}");
        } else {
            assert!(said.starts_with("Reminder: already off"), "{said}");
        }
        assert!(!world.units().join("winddown-remind.timer").exists());
        assert!(!world.units().join("winddown-remind.service").exists());
    }
    // Written by systemd's reminder, switched off with cron named.
    fs::write(
        world.root.path().join("bin/systemctl"),
        "#!/bin/sh\nexit 0\n",
    )
    .expect("stand-in");
    ok(world.run(&["remind", "on", "--with", "systemd"]));
    let off = ok(world.run(&["remind", "off", "--with", "cron"]));
    assert!(off.starts_with("Reminder off: removed "), "{off}");
    assert!(!world.units().join("winddown-remind.timer").exists());
}
