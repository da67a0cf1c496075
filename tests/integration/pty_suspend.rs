//! Ctrl-Z and `kill -TSTP` under a shell with job control: winddown gives the
//! terminal back before it stops (main screen, cursor shown, line editing and
//! echo on), and `fg` brings its screen back, drawn anew and taking keys.
//!
//! The shell is bash with job control on (`set -m`), as in a terminal: it runs
//! winddown as a job of its own, reports what the terminal is like once the job
//! has stopped, waits for Enter, then brings the job back with `fg`.

use crate::support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use support::pty::PtyApp;

const PATIENCE: Duration = Duration::from_secs(15);

/// The shell's side: run winddown, say how the terminal is set once it stopped,
/// continue it with `fg` after Enter, then say how it ended.
const SHELL: &str = r#"set -m
"$@"
echo "stopped: $(stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\n' ' ')"
read -r _
fg
echo "ended: $?"
"#;

/// winddown `args` as a job of an interactive-like shell in an 80x24 terminal.
fn under_a_shell(home: &Path, args: &[&str]) -> PtyApp {
    let mut shell_args = vec!["-c", SHELL, "bash", env!("CARGO_BIN_EXE_winddown")];
    shell_args.extend_from_slice(args);
    PtyApp::spawn_program(Path::new("/bin/bash"), &shell_args, home, 80, 24)
}

/// The pid of the shell's one child, winddown.
fn winddown_pid(shell: &PtyApp) -> u32 {
    let shell = shell.pid().expect("shell pid");
    let deadline = Instant::now() + PATIENCE;
    loop {
        let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
            .unwrap_or_default();
        if let Some(pid) = children.split_whitespace().next() {
            return pid.parse().expect("a pid");
        }
        assert!(Instant::now() < deadline, "the shell started nothing");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{name} {pid}");
}

/// Stopped, the terminal is the shell's again: the main screen, the cursor shown,
/// nothing asked of the mouse or of pastes, line editing and echo on.
fn assert_given_back(app: &PtyApp) {
    app.wait_for("stopped: icanon echo", PATIENCE);
    assert!(!app.is_alternate_screen(), "{}", app.contents());
    assert!(!app.is_cursor_hidden(), "the cursor is shown");
    assert!(!app.is_mouse_captured(), "the mouse is the terminal's");
    assert!(!app.is_bracketed_paste(), "pastes are the shell's");
}

#[test]
fn kill_tstp_gives_the_terminal_back_and_fg_draws_the_screen_again() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = under_a_shell(home.path(), &["run", "tests/routines/e2e.toml"]);
    app.wait_for("Press Enter when done", PATIENCE);
    signal(winddown_pid(&app), "TSTP");
    assert_given_back(&app);

    app.send("\r");
    app.wait_for("Press Enter when done", PATIENCE);
    assert!(app.is_alternate_screen(), "the screen is winddown's again");
    assert!(app.is_cursor_hidden());
    assert!(!app.contents().contains("stopped:"), "{}", app.contents());
    // Keys reach it again.
    app.send("q");
    app.wait_for("Stop for tonight?", PATIENCE);
    app.send("y");
    app.wait_for("ended: 0", PATIENCE);
}

#[test]
fn ctrl_z_stops_it_too_and_a_counting_hold_waits_paused() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = under_a_shell(home.path(), &["run", "tests/routines/e2e-long.toml"]);
    app.wait_for("Press Enter when done", PATIENCE);
    app.send("\r");
    app.wait_for("LEFT LEG", PATIENCE);
    app.send("\x1a");
    assert_given_back(&app);

    app.send("\r");
    app.wait_for("PAUSED · Space to go on", PATIENCE);
    assert!(
        app.contents().contains("Calf stretch"),
        "{}",
        app.contents()
    );
    assert!(app.is_alternate_screen());
    app.send("q");
    app.wait_for("Stop for tonight?", PATIENCE);
    app.send("y");
    app.wait_for("ended: 0", PATIENCE);
}

#[test]
fn plain_mode_gives_line_editing_back_and_takes_keys_again_after_fg() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = under_a_shell(
        home.path(),
        &["run", "--plain", "tests/routines/e2e-long.toml"],
    );
    app.wait_for_output("Enter when done", PATIENCE);
    app.send("\r");
    app.wait_for_output("Get ready", PATIENCE);
    signal(winddown_pid(&app), "TSTP");
    // The hold waits while winddown is stopped, and it says so before it goes.
    app.wait_for_output("Paused", PATIENCE);
    app.wait_for_output("stopped: icanon echo", PATIENCE);

    app.send("\r");
    // Back in raw mode: one key, no Enter, is taken at once.
    app.send("q");
    app.wait_for_output("y quits", PATIENCE);
    app.send("y");
    app.wait_for_output("ended: 0", PATIENCE);
}

#[test]
fn ctrl_z_in_the_editor_stops_winddown_with_it() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("temp home");
    let routines = home.path().join("routines");
    std::fs::create_dir_all(&routines).expect("routine folder");
    std::fs::copy("tests/routines/e2e.toml", routines.join("evening.toml")).expect("copy");
    // An editor that does what vim does on Ctrl-Z (stop its whole process group),
    // then saves an edit once continued.
    let editor = home.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nkill -TSTP 0\nsed -i 's/title = \"Bedding check\"/title = \"Loosen the covers\"/' \"$1\"\n",
    )
    .expect("write editor");
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let script = format!("export EDITOR={}\n{SHELL}", editor.display());
    let shell_args = [
        "-c",
        &script,
        "bash",
        env!("CARGO_BIN_EXE_winddown"),
        "run",
        "evening",
    ];
    let mut app = PtyApp::spawn_program(Path::new("/bin/bash"), &shell_args, home.path(), 80, 24);
    app.wait_for("Next: Short hold", PATIENCE);
    app.send("e");
    // The shell gets the terminal back only once every process of the job stopped.
    app.wait_for("stopped: icanon echo", PATIENCE);
    app.send("\r");
    app.wait_for("Routine reloaded", PATIENCE);
    app.send("\r");
    app.wait_for("Next: Loosen the covers", PATIENCE);
    app.send("q");
    app.send("y");
    app.wait_for("ended: 0", PATIENCE);
}
