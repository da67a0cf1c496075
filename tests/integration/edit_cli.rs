//! `winddown edit` driven by scripted editors: a valid edit is saved, an invalid
//! one can be reopened or left, and the routine file is only ever replaced by a
//! valid one.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// An executable script that plays the editor; it gets the file as `$1`.
fn editor_script(dir: &Path, body: &str) -> PathBuf {
    let path = dir.join("fake-editor");
    fs::write(&path, format!("#!/bin/sh\nset -e\n{body}\n")).expect("write editor");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod editor");
    path
}

fn edit(home: &Path, editor: &Path, answers: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .args(["edit", "quick"])
        .env("WINDDOWN_HOME", home)
        .env_remove("VISUAL")
        .env("EDITOR", editor)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start winddown edit");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(answers.as_bytes())
        .expect("answer");
    child.wait_with_output().expect("winddown edit finishes")
}

fn routine(home: &Path) -> PathBuf {
    home.join("routines/quick.toml")
}

#[test]
fn a_valid_edit_replaces_the_routine() {
    let home = tempfile::tempdir().expect("home");
    let editor = editor_script(
        home.path(),
        "sed -i 's/duration = \"15s\"/duration = \"20s\"/' \"$1\"",
    );
    let output = edit(home.path(), &editor, "");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.starts_with("Saved "), "{stdout}");
    let text = fs::read_to_string(routine(home.path())).expect("routine");
    assert!(text.contains("duration = \"20s\""));
    assert!(
        !home.path().join("routines/.quick.toml").exists(),
        "no draft left behind"
    );
}

#[test]
fn an_invalid_edit_can_be_reopened_and_fixed() {
    let home = tempfile::tempdir().expect("home");
    // First opening breaks the file; the second fixes it.
    let body = format!(
        "if [ -e {count} ]; then sed -i 's/duration = \"0s\"/duration = \"25s\"/' \"$1\"; \
         else touch {count}; sed -i 's/duration = \"15s\"/duration = \"0s\"/' \"$1\"; fi",
        count = home.path().join("opened-once").display()
    );
    let editor = editor_script(home.path(), &body);
    let output = edit(home.path(), &editor, "r\n");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains(".quick.toml:"), "{stdout}");
    assert!(
        stdout.contains("error: duration must be at least 1s"),
        "{stdout}"
    );
    assert!(stdout.contains("[r] reopen the editor"), "{stdout}");
    assert!(stdout.contains("Saved "), "{stdout}");
    let text = fs::read_to_string(routine(home.path())).expect("routine");
    assert!(text.contains("duration = \"25s\""));
}

#[test]
fn leaving_an_invalid_edit_keeps_both_the_routine_and_the_text() {
    let home = tempfile::tempdir().expect("home");
    let editor = editor_script(
        home.path(),
        "printf 'name = \"Broken\"\\n[[step]]\\ntitel = \"x\"\\n' > \"$1\"",
    );
    let output = edit(home.path(), &editor, "l\n");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("did you mean \"title\"?"), "{stdout}");
    let shipped = fs::read_to_string(routine(home.path())).expect("routine");
    assert!(
        shipped.contains("name = \"Quick wind-down\""),
        "the routine is untouched"
    );
    let draft = fs::read_to_string(home.path().join("routines/.quick.toml")).expect("draft kept");
    assert!(draft.contains("titel"));

    // The next edit continues the draft rather than starting over.
    let fixer = editor_script(home.path(), "sed -i 's/titel/title/' \"$1\"");
    let output = edit(home.path(), &fixer, "");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("Continuing your unsaved edit"),
        "{stdout}"
    );
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        fs::read_to_string(routine(home.path()))
            .expect("routine")
            .contains("name = \"Broken\"")
    );
}

#[test]
fn no_editor_is_a_clear_error() {
    let home = tempfile::tempdir().expect("home");
    let output = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .args(["edit", "quick"])
        .env("WINDDOWN_HOME", home.path())
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .env("PATH", home.path())
        .output()
        .expect("run winddown edit");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no editor found: set $EDITOR"));
}

#[test]
fn a_routine_that_is_a_symlink_stays_a_link_and_its_file_gets_the_edit() {
    let home = tempfile::tempdir().expect("home");
    let dotfiles = home.path().join("dotfiles");
    fs::create_dir_all(&dotfiles).expect("dotfiles");
    fs::create_dir_all(home.path().join("routines")).expect("routines");
    let real = dotfiles.join("quick.toml");
    let shipped = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .args(["init"])
        .env("WINDDOWN_HOME", home.path())
        .output()
        .expect("init");
    assert!(shipped.status.success());
    fs::rename(routine(home.path()), &real).expect("move to dotfiles");
    std::os::unix::fs::symlink(&real, routine(home.path())).expect("link");
    let editor = editor_script(
        home.path(),
        "sed -i 's/duration = \"15s\"/duration = \"20s\"/' \"$1\"",
    );
    let output = edit(home.path(), &editor, "");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let link = fs::symlink_metadata(routine(home.path())).expect("link");
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    assert!(
        fs::read_to_string(&real)
            .expect("real")
            .contains("duration = \"20s\"")
    );
    assert!(!home.path().join("routines/.quick.toml").exists());
}

#[test]
fn an_untouched_draft_is_not_kept_or_continued() {
    let home = tempfile::tempdir().expect("home");
    // An editor that fails without touching the draft.
    let failing = editor_script(home.path(), "exit 1");
    let output = edit(home.path(), &failing, "");
    assert!(!output.status.success());
    let draft = home.path().join("routines/.quick.toml");
    assert!(!draft.exists(), "the untouched draft was kept");
    // A draft left the same as the routine (by an older winddown) is no edit to continue.
    fs::write(
        &draft,
        fs::read_to_string(routine(home.path())).expect("routine"),
    )
    .expect("draft");
    let passing = editor_script(home.path(), "true");
    let output = edit(home.path(), &passing, "");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(!stdout.contains("Continuing your unsaved edit"), "{stdout}");
    assert!(stdout.contains("No changes"), "{stdout}");
    assert!(!draft.exists());
}

#[test]
fn a_changed_draft_is_kept_when_the_editor_fails_and_continued_next_time() {
    let home = tempfile::tempdir().expect("home");
    let failing = editor_script(home.path(), "echo '# mine' >> \"$1\"\nexit 1");
    let output = edit(home.path(), &failing, "");
    assert!(!output.status.success());
    let draft = home.path().join("routines/.quick.toml");
    assert!(fs::read_to_string(&draft).expect("kept").contains("# mine"));
    let passing = editor_script(home.path(), "true");
    let output = edit(home.path(), &passing, "");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Continuing your unsaved edit"), "{stdout}");
    assert!(
        fs::read_to_string(routine(home.path()))
            .expect("routine")
            .contains("# mine")
    );
}
