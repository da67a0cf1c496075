//! The reminder's desktop notification, sent through the desktop's own tool,
//! found on PATH when it is sent (as `voice` finds a speech command):
//! `notify-send`, else `gdbus` calling org.freedesktop.Notifications itself, on
//! Linux and the BSDs; `osascript` on macOS; Windows PowerShell's toast on
//! Windows. The binary carries no D-Bus or notification library for one call.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

/// The name notifications are shown under.
const APP_NAME: &str = "winddown";

/// The tools this system's desktops answer to, in order of preference.
#[cfg(all(unix, not(target_os = "macos")))]
pub const TOOLS: &[(&str, Kind)] = &[("notify-send", Kind::NotifySend), ("gdbus", Kind::Gdbus)];
/// The tools this system's desktops answer to, in order of preference.
#[cfg(target_os = "macos")]
pub const TOOLS: &[(&str, Kind)] = &[("osascript", Kind::Osascript)];
/// The tools this system's desktops answer to, in order of preference.
#[cfg(windows)]
pub const TOOLS: &[(&str, Kind)] = &[("powershell", Kind::PowerShell)];
/// The tools this system's desktops answer to, in order of preference.
#[cfg(not(any(unix, windows)))]
pub const TOOLS: &[(&str, Kind)] = &[];

/// How a tool is asked to show a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// libnotify's `notify-send SUMMARY BODY`.
    NotifySend,
    /// GLib's `gdbus call` of org.freedesktop.Notifications.Notify.
    Gdbus,
    /// AppleScript's `display notification`.
    Osascript,
    /// Windows PowerShell showing a toast through the Windows Runtime.
    PowerShell,
}

/// A notification tool found on PATH.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tool {
    /// The name it was looked for by ("notify-send").
    pub name: &'static str,
    /// Where it was found.
    pub path: PathBuf,
    /// How to ask it.
    pub kind: Kind,
}

/// Why no notification can be shown here: what was looked for.
pub fn no_tool() -> String {
    if TOOLS.is_empty() {
        return "this system has no desktop notification tool winddown knows".to_string();
    }
    let names: Vec<&str> = TOOLS.iter().map(|(name, _)| *name).collect();
    format!(
        "no desktop notification tool is installed (looked for {})",
        names.join(", ")
    )
}

/// The first of [`TOOLS`] present on `path` (a PATH-style list of folders).
pub fn find(path: Option<OsString>) -> Option<Tool> {
    let cwd = std::env::current_dir().ok()?;
    TOOLS.iter().find_map(|(name, kind)| {
        let found = which::which_in(name, path.as_ref(), &cwd).ok()?;
        Some(Tool {
            name,
            path: found,
            kind: *kind,
        })
    })
}

/// The command that shows one notification with `tool`. The texts travel as
/// arguments (or, for PowerShell, in the environment), never inside a script.
pub fn command(tool: &Tool, summary: &str, body: &str) -> Command {
    let mut command = Command::new(&tool.path);
    match tool.kind {
        Kind::NotifySend => {
            command
                .arg(format!("--app-name={APP_NAME}"))
                .arg("--")
                .args([summary, body]);
        }
        Kind::Gdbus => {
            command
                .args(["call", "--session"])
                .args(["--dest", "org.freedesktop.Notifications"])
                .args(["--object-path", "/org/freedesktop/Notifications"])
                .args(["--method", "org.freedesktop.Notifications.Notify"])
                // app_name, replaces_id, app_icon, summary, body, actions, hints,
                // expire_timeout (-1: the server's default), each a typed GVariant.
                .arg(gvariant_string(APP_NAME))
                .arg("uint32 0")
                .arg(gvariant_string(""))
                .arg(gvariant_string(summary))
                .arg(gvariant_string(body))
                .args(["@as []", "@a{sv} {}", "int32 -1"]);
        }
        Kind::Osascript => {
            command
                .args(["-e", "on run argv"])
                .args([
                    "-e",
                    "display notification (item 2 of argv) with title (item 1 of argv)",
                ])
                .args(["-e", "end run"])
                .args([summary, body]);
        }
        Kind::PowerShell => {
            command
                .args(["-NoProfile", "-NonInteractive", "-Command", TOAST_SCRIPT])
                .env("WINDDOWN_SUMMARY", summary)
                .env("WINDDOWN_BODY", body);
        }
    }
    command
}

/// A toast from Windows PowerShell 5.1 (part of Windows 10 and 11), shown under
/// PowerShell's own application id, since Windows shows toasts only for
/// registered applications.
const TOAST_SCRIPT: &str = "$ErrorActionPreference = 'Stop'; \
[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] > $null; \
$kind = [Windows.UI.Notifications.ToastTemplateType]::ToastText02; \
$toast = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent($kind); \
$texts = $toast.GetElementsByTagName('text'); \
$texts.Item(0).AppendChild($toast.CreateTextNode($env:WINDDOWN_SUMMARY)) > $null; \
$texts.Item(1).AppendChild($toast.CreateTextNode($env:WINDDOWN_BODY)) > $null; \
$app = '{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\WindowsPowerShell\\v1.0\\powershell.exe'; \
[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier($app).Show([Windows.UI.Notifications.ToastNotification]::new($toast))";

/// `text` as a GVariant string literal, which `gdbus call` parses exactly: quotes
/// and backslashes escaped, control characters as `\uXXXX`.
fn gvariant_string(text: &str) -> String {
    let mut literal = String::with_capacity(text.len() + 2);
    literal.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                literal.push('\\');
                literal.push(c);
            }
            c if c.is_control() => literal.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => literal.push(c),
        }
    }
    literal.push('"');
    literal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(command: &Command) -> Vec<String> {
        command
            .get_args()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect()
    }

    fn tool(kind: Kind) -> Tool {
        Tool {
            name: "tool",
            path: PathBuf::from("/usr/bin/tool"),
            kind,
        }
    }

    #[test]
    fn notify_send_gets_the_texts_after_the_options() {
        let command = command(&tool(Kind::NotifySend), "-Time", "Start by 22:01");
        assert_eq!(
            args(&command),
            ["--app-name=winddown", "--", "-Time", "Start by 22:01"]
        );
    }

    #[test]
    fn gdbus_calls_notify_with_every_argument_typed() {
        let command = command(
            &tool(Kind::Gdbus),
            "Time to wind down",
            "Start by \"22:01\"",
        );
        assert_eq!(
            args(&command),
            [
                "call",
                "--session",
                "--dest",
                "org.freedesktop.Notifications",
                "--object-path",
                "/org/freedesktop/Notifications",
                "--method",
                "org.freedesktop.Notifications.Notify",
                "\"winddown\"",
                "uint32 0",
                "\"\"",
                "\"Time to wind down\"",
                "\"Start by \\\"22:01\\\"\"",
                "@as []",
                "@a{sv} {}",
                "int32 -1",
            ]
        );
    }

    #[test]
    fn gvariant_strings_escape_what_the_parser_would_read() {
        assert_eq!(gvariant_string(r"a\b"), r#""a\\b""#);
        assert_eq!(gvariant_string("tab\there"), r#""tab\u0009here""#);
        assert_eq!(gvariant_string("Étirement 😴"), "\"Étirement 😴\"");
    }

    #[test]
    fn osascript_and_powershell_never_put_the_texts_in_their_scripts() {
        let apple = command(&tool(Kind::Osascript), "T\"x", "B'y");
        assert_eq!(args(&apple)[6..], ["T\"x", "B'y"]);
        let windows = command(&tool(Kind::PowerShell), "T\"x", "B'y");
        assert!(!args(&windows).iter().any(|arg| arg.contains("T\"x")));
        let env: Vec<_> = windows.get_envs().collect();
        assert!(env.contains(&("WINDDOWN_SUMMARY".as_ref(), Some("T\"x".as_ref()))));
        assert!(env.contains(&("WINDDOWN_BODY".as_ref(), Some("B'y".as_ref()))));
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn notify_send_is_preferred_and_gdbus_is_the_fallback() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().expect("temp dir");
        let install = |name: &str| {
            let file = folder.path().join(name);
            std::fs::write(&file, "#!/bin/sh\nexit 0\n").expect("write");
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        };
        let path = Some(folder.path().as_os_str().to_owned());
        assert_eq!(find(path.clone()), None);
        install("gdbus");
        assert_eq!(find(path.clone()).map(|tool| tool.kind), Some(Kind::Gdbus));
        install("notify-send");
        let found = find(path).expect("notify-send");
        assert_eq!(found.kind, Kind::NotifySend);
        assert_eq!(found.path, folder.path().join("notify-send"));
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn no_tool_names_what_was_looked_for() {
        assert_eq!(
            no_tool(),
            "no desktop notification tool is installed (looked for notify-send, gdbus)"
        );
    }
}
