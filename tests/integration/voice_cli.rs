//! `voice = true` and `winddown voice-test` with stand-in speech commands on PATH,
//! so no speech synthesiser is needed to run the tests.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

/// A stand-in speech command that writes what it was asked to say into `heard`.
fn install_speaker(bin: &Path, name: &str, heard: &Path) {
    let file = bin.join(name);
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\n",
        heard.display()
    );
    fs::write(&file, script).expect("write the stand-in");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o755)).expect("chmod");
}

fn voice_test(home: &Path, bin: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_winddown"))
        .arg("voice-test")
        .env("WINDDOWN_HOME", home)
        .env("PATH", bin)
        .output()
        .expect("run voice-test")
}

#[test]
fn voice_test_says_one_line_with_the_first_speech_command_and_names_it() {
    let home = tempfile::tempdir().expect("home");
    let bin = tempfile::tempdir().expect("bin");
    let heard = home.path().join("heard");
    install_speaker(bin.path(), "espeak", &heard);
    install_speaker(bin.path(), "espeak-ng", &heard);
    fs::write(home.path().join("config.toml"), "voice = true\n").expect("config");
    let output = voice_test(home.path(), bin.path());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout.contains(&format!(
            "with espeak-ng ({})",
            bin.path().join("espeak-ng").display()
        )),
        "{stdout}"
    );
    assert_eq!(
        fs::read_to_string(&heard).expect("heard"),
        "This is winddown. Cues will sound like this.\n"
    );
}

#[test]
fn voice_test_uses_the_announce_command_when_one_is_set() {
    let home = tempfile::tempdir().expect("home");
    let bin = tempfile::tempdir().expect("bin");
    let heard = home.path().join("heard");
    install_speaker(bin.path(), "espeak-ng", &heard);
    install_speaker(bin.path(), "my-speaker", &heard);
    fs::write(
        home.path().join("config.toml"),
        "voice = true\nannounce = [\"my-speaker\", \"--slow\"]\n",
    )
    .expect("config");
    let output = voice_test(home.path(), bin.path());
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("the announce command: my-speaker --slow"),
        "{stdout}"
    );
    assert_eq!(
        fs::read_to_string(&heard).expect("heard"),
        "--slow This is winddown. Cues will sound like this.\n"
    );
}

#[test]
fn voice_test_with_voice_off_still_speaks_and_says_how_to_turn_it_on() {
    let home = tempfile::tempdir().expect("home");
    let bin = tempfile::tempdir().expect("bin");
    let heard = home.path().join("heard");
    install_speaker(bin.path(), "spd-say", &heard);
    let output = voice_test(home.path(), bin.path());
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("with spd-say"), "{stdout}");
    assert!(stdout.contains("voice = true"), "{stdout}");
}

#[test]
fn no_speech_command_is_a_clear_error() {
    let home = tempfile::tempdir().expect("home");
    let bin = tempfile::tempdir().expect("bin");
    fs::write(home.path().join("config.toml"), "voice = true\n").expect("config");
    let output = voice_test(home.path(), bin.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("none of spd-say, espeak-ng, espeak, say is installed"),
        "{stderr}"
    );
}
