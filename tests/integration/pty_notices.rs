//! What the header says in the real binary is true: a reload only when a routine's
//! text changed (never because another command read the folder), an edit left in its
//! draft said as such, and a notice gone at the next key.

use crate::support;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use support::pty::PtyApp;

const PATIENCE: Duration = Duration::from_secs(15);

/// Runs `winddown ARGS` beside the open app; whether it succeeds does not matter
/// (`run sos --plain` without a terminal is refused): it reads the routine folder.
fn winddown(home: &Path, args: &[&str]) {
    Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home)
        .args(args)
        .output()
        .expect("run winddown");
}

/// The header: the screen's first line.
fn header(app: &PtyApp) -> String {
    app.contents()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Waits for the home screen, then for the routine file's watch to be in place.
fn home_screen(home: &Path) -> PtyApp {
    let app = PtyApp::spawn(&[], home, 100, 30);
    app.wait_for("Tab or ←/→ to switch", PATIENCE);
    // The watch starts after the first frame: give it a moment.
    std::thread::sleep(Duration::from_millis(500));
    app
}

#[test]
fn other_commands_reading_the_routines_never_make_the_app_say_reloaded() {
    let home = tempfile::tempdir().expect("home");
    let app = home_screen(home.path());
    for args in [
        &["list"][..],
        &["check"],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["run", "sos", "--plain"],
        &["status"],
    ] {
        winddown(home.path(), args);
    }
    // Longer than the reload's settling time.
    std::thread::sleep(Duration::from_millis(800));
    let top = header(&app);
    assert!(!top.contains("reloaded"), "{top}");
    // A real change still reloads.
    let file = home.path().join("routines/leg-cramps.toml");
    let text = fs::read_to_string(&file).expect("routine");
    fs::write(&file, text.replacen("name = \"", "name = \"My ", 1)).expect("edit");
    app.wait_for("Routine reloaded", PATIENCE);
}

#[test]
fn a_reload_notice_goes_at_the_next_key() {
    let home = tempfile::tempdir().expect("home");
    let mut app = home_screen(home.path());
    let file = home.path().join("routines/leg-cramps.toml");
    let text = fs::read_to_string(&file).expect("routine");
    fs::write(&file, text.replacen("name = \"", "name = \"My ", 1)).expect("edit");
    app.wait_for("Routine reloaded", PATIENCE);
    // `?` opens help and Esc closes it: two keys, the notice gone at the first.
    app.send("?");
    app.send("\x1b");
    std::thread::sleep(Duration::from_millis(800));
    let top = header(&app);
    assert!(!top.contains("reloaded"), "{top}");
}

#[test]
fn an_edit_left_in_its_draft_says_so_not_reloaded() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("home");
    let editor = home.path().join("break-it");
    fs::write(&editor, "#!/bin/sh\necho 'name = [' > \"$1\"\n").expect("editor");
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).expect("chmod");
    let mut app = PtyApp::spawn_with_env(
        &[],
        home.path(),
        100,
        30,
        &[("EDITOR", editor.to_str().expect("utf-8")), ("VISUAL", "")],
    );
    app.wait_for("Tab or ←/→ to switch", PATIENCE);
    app.send("e");
    app.wait_for("[l] leave it for now", PATIENCE);
    app.send("l\r");
    app.wait_for(
        "Edit not applied; your text is kept in .leg-cramps.toml",
        PATIENCE,
    );
    std::thread::sleep(Duration::from_millis(800));
    let top = header(&app);
    assert!(!top.contains("reloaded"), "{top}");
    assert!(top.contains("Edit not applied"), "{top}");
}

/// The check-in form in the real binary, when another shell checks in for the
/// same night: "→", typed at the form as it was, either does nothing (it came
/// with the look that found the shell's check-in) or, had the form's own look come
/// first, answers the form as shown. Either way the header says why the answers
/// changed, the terminal's reader goes on reading, and what Enter saves is what
/// the form showed.
#[test]
fn a_key_typed_before_the_form_showed_another_shell_s_checkin_does_nothing() {
    let home = tempfile::tempdir().expect("home");
    let checkin = |answers: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_winddown"))
            .env("WINDDOWN_HOME", home.path())
            .arg("checkin")
            .args(answers)
            .output()
            .expect("run winddown");
        assert!(output.status.success(), "{output:?}");
    };
    checkin(&["--cramps", "0"]);
    let mut app = home_screen(home.path());
    app.send("c");
    app.wait_for("[0]", PATIENCE);
    checkin(&["--cramps", "2", "--severity", "5"]);
    // Right, typed at "[0]": before, it went into the shell's answers, making 2 a 3.
    app.send("\x1b[C");
    app.wait_for("Check-in saved elsewhere: shown here", PATIENCE);
    std::thread::sleep(Duration::from_millis(300));
    // "3+" is the last answer: three or more.
    let shown = if app.contents().contains("[3+]") {
        3
    } else {
        2
    };
    // The reader still reads: Left moves the answer down by one, and Enter saves it.
    app.send("\x1b[D");
    app.wait_for(&format!("[{}]", shown - 1), PATIENCE);
    app.send("\r");
    app.wait_for("Check-in saved for", PATIENCE);
    let exported = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home.path())
        .args(["export", "--format", "json"])
        .output()
        .expect("export");
    let json: serde_json::Value = serde_json::from_slice(&exported.stdout).expect("json");
    let stored = &json["checkins"][0];
    assert_eq!(
        (&stored["cramps"], &stored["severity"]),
        (&serde_json::json!(shown - 1), &serde_json::json!(5)),
        "what the form showed when Enter was pressed, the shell's severity with it: {stored}"
    );
}
