//! `winddown check` through the real binary: every valid file passes, every
//! broken file produces exactly the diagnostics in its `.stderr` file.
//! `WINDDOWN_BLESS=1 cargo test --test integration check_cli::` rewrites those files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `winddown check ARGS` with an empty home folder.
fn check(args: &[&Path]) -> Output {
    let home = tempfile::tempdir().expect("home");
    check_in(home.path(), args)
}

fn check_in(home: &Path, args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_winddown"))
        .arg("check")
        .args(args)
        .env("WINDDOWN_HOME", home)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run winddown check")
}

fn toml_files(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(Path::new("tests/routines").join(folder))
        .or_else(|_| {
            fs::read_dir(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/routines")
                    .join(folder),
            )
        })
        .expect("fixture folder")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .map(Path::to_path_buf)
                .unwrap_or(path)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {folder}");
    files
}

#[test]
fn valid_routines_pass() {
    for file in toml_files("valid") {
        let output = check(&[&file]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            stdout.starts_with(&format!("ok: {} (", file.display())),
            "{stdout}"
        );
        assert!(output.stderr.is_empty());
    }
}

#[test]
fn each_mistake_gives_its_exact_message() {
    let bless = std::env::var_os("WINDDOWN_BLESS").is_some();
    let mut mismatches = Vec::new();
    for file in toml_files("invalid") {
        let output = check(&[&file]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{} should fail",
            file.display()
        );
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8(output.stderr).expect("UTF-8 diagnostics");
        let expected_path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(file.with_extension("stderr"));
        if bless {
            fs::write(&expected_path, &stderr).expect("write expected stderr");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if stderr != expected {
            mismatches.push(format!(
                "--- {} expected:\n{expected}--- got:\n{stderr}",
                file.display()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn unreadable_files_get_one_clear_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("missing.toml");
    let output = check(&[&missing]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: cannot read {}", missing.display())),
        "{stderr}"
    );

    let binary = dir.path().join("binary.toml");
    fs::write(&binary, [0x6e, 0x61, 0xff, 0xfe, 0x00]).expect("write bytes");
    let output = check(&[&binary]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!("error: {} is not UTF-8 text\n", binary.display())
    );

    let output = check(&[dir.path()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a folder"));
}

#[test]
fn a_mix_reports_each_file_and_fails() {
    let good = Path::new("tests/routines/valid/minimal.toml");
    let bad = Path::new("tests/routines/invalid/zero-sets.toml");
    let output = check(&[good, bad]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "ok: tests/routines/valid/minimal.toml (1 step, untimed tonight)\n"
    );
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .starts_with("tests/routines/invalid/zero-sets.toml:6:8: error:")
    );
}

#[test]
fn no_paths_checks_every_routine_in_the_folder_and_the_config() {
    let home = tempfile::tempdir().expect("home");
    let folder = home.path().join("routines");
    fs::create_dir(&folder).expect("routine folder");
    let fixture = |name: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/routines")
            .join(name)
    };
    fs::copy(fixture("valid/minimal.toml"), folder.join("good.toml")).expect("copy");
    let mut expected_stderr = String::new();
    for broken in ["bad-duration", "zero-sets"] {
        fs::copy(
            fixture(&format!("invalid/{broken}.toml")),
            folder.join(format!("{broken}.toml")),
        )
        .expect("copy");
        let diagnostics = fs::read_to_string(fixture(&format!("invalid/{broken}.stderr")))
            .expect("expected diagnostics");
        expected_stderr.push_str(
            &diagnostics.replace("tests/routines/invalid/", &format!("{}/", folder.display())),
        );
    }
    fs::write(home.path().join("config.toml"), "bell = \"yes\"\n").expect("config");
    expected_stderr.push_str(&format!(
        "{}/config.toml:1:8: error: \"bell\" must be true or false, found a string\n  |\n1 | bell = \"yes\"\n  |        ^^^^^\n",
        home.path().display()
    ));

    let output = check_in(home.path(), &[]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "ok: {}/good.toml (1 step, untimed tonight)\n",
            folder.display()
        )
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), expected_stderr);

    // Fixed, the same folder passes, and the config is said to be fine.
    for broken in ["bad-duration", "zero-sets"] {
        fs::remove_file(folder.join(format!("{broken}.toml"))).expect("remove");
    }
    fs::write(home.path().join("config.toml"), "bell = true\n").expect("config");
    let output = check_in(home.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "ok: {0}/good.toml (1 step, untimed tonight)\nok: {1}/config.toml\n",
            folder.display(),
            home.path().display()
        )
    );
}

#[test]
fn no_paths_skips_what_is_not_a_file_in_the_folder() {
    let home = tempfile::tempdir().expect("home");
    let folder = home.path().join("routines");
    fs::create_dir(&folder).expect("routine folder");
    fs::write(
        folder.join("a.toml"),
        "name = \"A\"\n[[step]]\ntitle = \"A\"\n",
    )
    .expect("write");
    std::os::unix::fs::symlink("/dev/zero", folder.join("z.toml")).expect("symlink");
    let output = check_in(home.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "skipped: {}/z.toml is a character device, not a regular file\n",
            folder.display()
        )
    );
}

#[test]
fn no_paths_and_no_routine_files_checks_the_shipped_routines() {
    let output = check(&[]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("ok: shipped:leg-cramps ("), "{stdout}");
    assert!(stdout.contains("ok: shipped:quick ("), "{stdout}");
}
