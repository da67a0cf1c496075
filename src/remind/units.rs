//! The text handed to the system's scheduler: systemd user units, a launchd
//! agent, or a crontab line. Each wakes `winddown remind tick` at the start of
//! every wall-clock minute and never catches up on minutes missed while the
//! machine was off or asleep (the tick itself refuses to be late, too).

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The systemd timer's file name.
pub const TIMER: &str = "winddown-remind.timer";
/// The systemd service's file name.
pub const SERVICE: &str = "winddown-remind.service";
/// The launchd agent's label.
pub const LAUNCHD_LABEL: &str = "winddown.remind";
/// The calendar expression of the timer: the start of every minute, local time.
pub const CALENDAR: &str = "*-*-* *:*:00";

/// The command each wake runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// The winddown binary.
    pub exe: PathBuf,
    /// `--home`, when the user keeps winddown's files in one folder.
    pub home: Option<PathBuf>,
    /// How far ahead of the start-by time to remind.
    pub before: Duration,
}

impl Invocation {
    /// The program and its arguments.
    pub fn argv(&self) -> Vec<String> {
        let mut argv = vec![self.exe.display().to_string()];
        if let Some(home) = &self.home {
            argv.push("--home".to_string());
            argv.push(home.display().to_string());
        }
        argv.extend([
            "remind".to_string(),
            "tick".to_string(),
            "--before".to_string(),
            before_text(self.before),
        ]);
        argv
    }
}

/// "10m", or "90s" when not a whole number of minutes.
pub fn before_text(before: Duration) -> String {
    let seconds = before.as_secs();
    if seconds.is_multiple_of(60) {
        format!("{}m", seconds / 60)
    } else {
        format!("{seconds}s")
    }
}

/// The `--before` written in a unit, agent or line this module generated.
pub fn before_in(unit: &str) -> Option<String> {
    let after = unit.split("--before").nth(1)?;
    let after = after.replace("</string>", " ").replace("<string>", " ");
    let token = after.split_whitespace().next()?.trim_matches('"');
    Some(token.to_string()).filter(|text| !text.is_empty())
}

/// The systemd timer: wall-clock minutes, coalesced by at most a second, no catch-up.
pub fn systemd_timer() -> String {
    format!(
        "[Unit]
Description=winddown: remind me to start the evening routine

[Timer]
# Every minute of wall-clock time; each wake decides from tonight's plan.
OnCalendar={CALENDAR}
AccuracySec=1s
# A minute missed while the machine was off or asleep is not run on waking.
Persistent=false
Unit={SERVICE}

[Install]
WantedBy=timers.target
"
    )
}

/// The systemd service the timer starts.
pub fn systemd_service(invocation: &Invocation) -> String {
    let command: Vec<String> = invocation
        .argv()
        .iter()
        .map(|arg| systemd_quote(arg))
        .collect();
    format!(
        "[Unit]
Description=winddown: evening routine reminder

[Service]
Type=oneshot
ExecStart={}
# It runs every minute: keep its start and finish out of the journal.
LogLevelMax=notice
",
        command.join(" ")
    )
}

/// A launchd agent: `StartCalendarInterval` with no keys fires every minute;
/// a wake missed while asleep comes once on waking, and the tick stays quiet if late.
pub fn launchd_agent(invocation: &Invocation, log: &Path) -> String {
    let arguments: String = invocation
        .argv()
        .iter()
        .map(|arg| format!("        <string>{}</string>\n", xml_escape(arg)))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
    <key>Label</key>
    <string>{LAUNCHD_LABEL}</string>
    <key>ProgramArguments</key>
    <array>
{arguments}    </array>
    <key>StartCalendarInterval</key>
    <dict/>
    <key>StandardErrorPath</key>
    <string>{}</string>
</dict>
</plist>
"#,
        xml_escape(&log.display().to_string())
    )
}

/// A crontab line running the tick every minute. Cron has no session bus
/// address of its own, so the current one is passed when known.
pub fn crontab_line(invocation: &Invocation, bus: Option<&str>) -> String {
    let command: Vec<String> = invocation
        .argv()
        .iter()
        .map(|arg| shell_quote(arg))
        .collect();
    let environment = bus
        .map(|bus| format!("DBUS_SESSION_BUS_ADDRESS={} ", shell_quote(bus)))
        .unwrap_or_default();
    // `%` ends a crontab command unless escaped.
    format!("* * * * * {environment}{}", command.join(" ")).replace('%', "\\%")
}

/// One `ExecStart=` word: quoted when needed, with systemd's specifiers and
/// variables escaped so a path is taken literally.
fn systemd_quote(word: &str) -> String {
    let escaped = word.replace('%', "%%").replace('$', "$$");
    if !word.is_empty() && word.chars().all(|c| plain(c) || c == '%' || c == '$') {
        return escaped;
    }
    format!("\"{}\"", escaped.replace('\\', "\\\\").replace('"', "\\\""))
}

/// One word for `/bin/sh`.
fn shell_quote(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| plain(c) || c == '%') {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', "'\\''"))
}

fn plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_./:=,+@".contains(c)
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invocation(exe: &str, home: Option<&str>) -> Invocation {
        Invocation {
            exe: PathBuf::from(exe),
            home: home.map(PathBuf::from),
            before: Duration::from_secs(600),
        }
    }

    #[test]
    fn the_service_runs_the_tick_with_its_before() {
        let service = systemd_service(&invocation("/usr/bin/winddown", None));
        assert!(
            service.contains("\nExecStart=/usr/bin/winddown remind tick --before 10m\n"),
            "{service}"
        );
        assert_eq!(before_in(&service).as_deref(), Some("10m"));
    }

    #[test]
    fn odd_paths_are_quoted_for_systemd() {
        let service = systemd_service(&invocation(
            "/home/a b/.cargo/bin/winddown",
            Some("/home/a b/100%\"x\"$HOME"),
        ));
        assert!(
            service.contains(
                "ExecStart=\"/home/a b/.cargo/bin/winddown\" --home \"/home/a b/100%%\\\"x\\\"$$HOME\" remind tick --before 10m\n"
            ),
            "{service}"
        );
    }

    #[test]
    fn the_crontab_line_runs_every_minute_with_the_bus() {
        let line = crontab_line(
            &Invocation {
                before: Duration::from_secs(90),
                ..invocation("/opt/it's/winddown", Some("/home/a/50%"))
            },
            Some("unix:path=/run/user/1000/bus"),
        );
        assert_eq!(
            line,
            "* * * * * DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus \
             '/opt/it'\\''s/winddown' --home /home/a/50\\% remind tick --before 90s"
        );
        assert_eq!(before_in(&line).as_deref(), Some("90s"));
    }

    #[test]
    fn the_agent_lists_each_argument() {
        let agent = launchd_agent(
            &invocation("/Users/a&b/winddown", None),
            Path::new("/Users/a&b/remind.err"),
        );
        assert!(agent.contains("<string>/Users/a&amp;b/winddown</string>\n        <string>remind</string>\n        <string>tick</string>\n        <string>--before</string>\n        <string>10m</string>\n"), "{agent}");
        assert!(agent.contains("<key>StartCalendarInterval</key>\n    <dict/>"));
        assert_eq!(before_in(&agent).as_deref(), Some("10m"));
    }

    #[test]
    fn the_timer_is_wall_clock_and_never_catches_up() {
        let timer = systemd_timer();
        assert!(timer.contains("\nOnCalendar=*-*-* *:*:00\n"));
        assert!(timer.contains("\nPersistent=false\n"));
        assert!(!timer.contains("OnUnitActiveSec") && !timer.contains("OnBootSec"));
    }
}
