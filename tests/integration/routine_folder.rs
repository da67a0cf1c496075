//! The routine folder through the real binary: seeding, `init`, `new`, `list`.
//! These commands never need a terminal, so plain pipes are enough.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn winddown(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_winddown"))
        .args(args)
        .env("WINDDOWN_HOME", home)
        .output()
        .expect("run winddown")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn succeeds(home: &Path, args: &[&str]) -> String {
    let output = winddown(home, args);
    assert!(
        output.status.success(),
        "winddown {args:?} failed: {}",
        stderr(&output)
    );
    stdout(&output)
}

#[test]
fn the_first_list_seeds_the_folder() {
    let home = tempfile::tempdir().expect("tempdir");
    let folder = home.path().join("routines");
    assert!(!folder.exists());
    let listing = succeeds(home.path(), &["list"]);
    for file in ["leg-cramps.toml", "quick.toml", "routine.schema.json"] {
        assert!(folder.join(file).is_file(), "{file} seeded");
    }
    assert_eq!(
        fs::read_to_string(folder.join("quick.toml")).expect("read"),
        include_str!("../../routines/quick.toml")
    );
    assert!(listing.contains("Leg-cramp wind-down"), "{listing}");
    assert!(listing.contains("quick.toml"), "{listing}");
}

#[test]
fn init_never_overwrites_and_restores_what_is_missing() {
    let home = tempfile::tempdir().expect("tempdir");
    let folder = home.path().join("routines");
    let first = succeeds(home.path(), &["init"]);
    assert_eq!(first.lines().count(), 4, "{first}");
    assert!(first.lines().all(|line| line.starts_with("restored: ")));

    let changed = b"name = \"Mine now\"\n[[step]]\ntitle = \"Stretch\"\n";
    fs::write(folder.join("leg-cramps.toml"), changed).expect("edit");
    fs::remove_file(folder.join("quick.toml")).expect("delete");

    let second = succeeds(home.path(), &["init"]);
    assert_eq!(
        second.trim(),
        format!("restored: {}", folder.join("quick.toml").display())
    );
    assert_eq!(
        fs::read(folder.join("leg-cramps.toml")).expect("read"),
        changed
    );

    let third = succeeds(home.path(), &["init"]);
    assert_eq!(
        third.trim(),
        format!(
            "nothing to restore: all 3 shipped routines are in {}",
            folder.display()
        )
    );
}

#[test]
fn new_writes_a_valid_file_and_refuses_to_overwrite() {
    let home = tempfile::tempdir().expect("tempdir");
    let path = home.path().join("routines/evening.toml");
    let printed = succeeds(home.path(), &["new", "evening"]);
    assert_eq!(printed.trim(), path.display().to_string());
    let written = fs::read_to_string(&path).expect("written");
    assert!(written.starts_with("#:schema ./routine.schema.json\n"));
    let check = winddown(home.path(), &["check", &path.display().to_string()]);
    assert!(check.status.success(), "{}", stderr(&check));
    // The folder was new, so the shipped routines came with it.
    assert!(home.path().join("routines/leg-cramps.toml").is_file());

    fs::write(&path, "mine").expect("edit");
    let again = winddown(home.path(), &["new", "evening"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), "mine");
}

#[test]
fn new_from_copies_a_routine() {
    let home = tempfile::tempdir().expect("tempdir");
    succeeds(home.path(), &["new", "short", "--from", "quick"]);
    assert_eq!(
        fs::read_to_string(home.path().join("routines/short.toml")).expect("copy"),
        include_str!("../../routines/quick.toml")
    );
}

#[test]
fn new_wants_a_slug() {
    let home = tempfile::tempdir().expect("tempdir");
    let output = winddown(home.path(), &["new", "Bad Name"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("\"Bad Name\" cannot be a routine name"),
        "{message}"
    );
    assert!(message.contains("\"bad-name\""), "{message}");
    assert!(!home.path().join("routines/Bad Name.toml").exists());
}

#[test]
fn list_shows_valid_and_invalid_rows() {
    let home = tempfile::tempdir().expect("tempdir");
    succeeds(home.path(), &["init"]);
    let broken = home.path().join("routines/broken.toml");
    fs::write(
        &broken,
        "name = \"Broken\"\n[[step]]\ntitle = \"Calf\"\nduration = \"0s\"\nsets = 0\n",
    )
    .expect("write");
    let listing = succeeds(home.path(), &["list"]);
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(lines.len(), 9, "{listing}");
    assert!(lines[1].starts_with("NAME "), "{listing}");
    // Sorted by file name: broken, leg-cramps, quick; the SOS relief steps apart.
    assert!(lines[2].contains("broken.toml"), "{listing}");
    assert!(
        lines[2].ends_with(&format!(
            "invalid: {}:4:12: duration must be at least 1s",
            broken.display()
        )),
        "{listing}"
    );
    assert!(lines[3].contains("Leg-cramp wind-down"), "{listing}");
    assert!(lines[3].ends_with("valid"), "{listing}");
    assert!(lines[4].contains("Quick wind-down") && lines[4].ends_with("valid"));
    // Columns line up: every row's file starts where the header's does.
    let file_column = lines[1].find("FILE");
    for (line, file) in lines[2..]
        .iter()
        .zip(["broken.toml", "leg-cramps.toml", "quick.toml"])
    {
        assert_eq!(line.find(file), file_column, "{listing}");
    }
    assert_eq!(lines[5], "", "{listing}");
    assert_eq!(
        lines[6], "Cramp SOS relief steps (`winddown sos`, or `!` on any screen):",
        "{listing}"
    );
    assert!(
        lines[8].starts_with("Cramp SOS  sos.toml") && lines[8].ends_with("valid"),
        "{listing}"
    );
    assert!(
        !lines[..5].iter().any(|line| line.contains("sos.toml")),
        "not among the evening routines: {listing}"
    );
}

#[test]
fn list_fails_when_the_folder_cannot_be_read() {
    let home = tempfile::tempdir().expect("tempdir");
    fs::write(home.path().join("routines"), "not a folder").expect("write");
    let output = winddown(home.path(), &["list"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot read the routine folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn schema_prints_the_committed_file() {
    let home = tempfile::tempdir().expect("tempdir");
    assert_eq!(
        succeeds(home.path(), &["schema"]),
        include_str!("../../routines/routine.schema.json")
    );
}
