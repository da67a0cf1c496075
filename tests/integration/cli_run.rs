//! `winddown` and `winddown run` through the real binary, without a terminal.

use std::process::Command;

fn winddown(home: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_winddown"));
    command
        .env("WINDDOWN_HOME", home)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

#[test]
fn refuses_to_run_when_stdout_is_not_a_terminal() {
    let home = tempfile::tempdir().expect("temp home");
    for args in [
        &[][..],
        &["run", "quick"][..],
        &["run", "tests/routines/e2e.toml"][..],
    ] {
        let output = winddown(home.path())
            .args(args)
            .output()
            .expect("run winddown");
        assert_eq!(output.status.code(), Some(2), "args {args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("standard output is not a terminal"),
            "args {args:?}: {stderr}"
        );
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn an_unknown_routine_names_the_choices() {
    let home = tempfile::tempdir().expect("temp home");
    let output = winddown(home.path())
        .args(["run", "nightly"])
        .output()
        .expect("run winddown");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no routine named \"nightly\""), "{stderr}");
    assert!(stderr.contains("leg-cramps, quick"), "{stderr}");
}

#[test]
fn a_broken_routine_file_is_reported_before_anything_runs() {
    let home = tempfile::tempdir().expect("temp home");
    let path = home.path().join("broken.toml");
    std::fs::write(
        &path,
        "name = \"Broken\"\n[[step]]\ntitle = \"Hold\"\nduration = \"0s\"\n",
    )
    .expect("write routine");
    let output = winddown(home.path())
        .arg("run")
        .arg(&path)
        .output()
        .expect("run winddown");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.toml:4:12: error:"), "{stderr}");
}
