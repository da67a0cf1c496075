//! `winddown remind` through the real binary. Every test gives it a throwaway
//! HOME and XDG_CONFIG_HOME, a stand-in `systemctl` that only records its
//! arguments, and a session bus address that leads nowhere, so no test touches
//! the real user's systemd, crontab or desktop.

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use support::tools::which;
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
                    "#!/bin/sh\necho \"{tool} $*\" >> \"{}\"\n",
                    root.path().join("calls").display()
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
        let path = format!(
            "{}:{}",
            self.root.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        Command::new(env!("CARGO_BIN_EXE_winddown"))
            .env("WINDDOWN_HOME", self.home())
            .env("HOME", self.root.path())
            .env("XDG_CONFIG_HOME", self.config())
            .env("PATH", path)
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", self.root.path().join("no-bus").display()),
            )
            .env_remove("XDG_RUNTIME_DIR")
            .args(args)
            .output()
            .expect("run winddown")
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
