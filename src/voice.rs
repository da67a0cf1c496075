//! Speaking without configuration: `voice = true` picks the first speech command
//! installed, and `winddown voice-test` says one line with it.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::routine::Config;

/// The speech commands `voice = true` looks for, in order of preference.
pub const SPEAKERS: &[&str] = &["spd-say", "espeak-ng", "espeak", "say"];

/// The line `winddown voice-test` says.
pub const TEST_LINE: &str = "This is winddown. Cues will sound like this.";

/// The command that speaks, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The command and its arguments; the text to say is added as the last one.
    pub command: Vec<String>,
    /// Found on PATH by `voice = true` (else `announce` named it).
    pub found: Option<PathBuf>,
}

/// The first of [`SPEAKERS`] present on `path` (a PATH-style list of folders).
pub fn find_speaker(path: Option<OsString>) -> Option<Speaker> {
    let cwd = std::env::current_dir().ok()?;
    SPEAKERS.iter().find_map(|name| {
        let found = which::which_in(name, path.as_ref(), &cwd).ok()?;
        Some(Speaker {
            command: vec![(*name).to_string()],
            found: Some(found),
        })
    })
}

/// What speaks the cues: `announce` when set, else with `voice = true` the first
/// speech command on `path`; `Err` says that voice was asked for and none is installed.
pub fn speaker(config: &Config, path: Option<OsString>) -> Result<Option<Speaker>, String> {
    if let Some(command) = &config.announce {
        return Ok(Some(Speaker {
            command: command.clone(),
            found: None,
        }));
    }
    if !config.voice {
        return Ok(None);
    }
    match find_speaker(path) {
        Some(speaker) => Ok(Some(speaker)),
        None => Err(no_speaker()),
    }
}

/// What to install for speech here: eSpeak NG has a Windows build; speech-dispatcher does not.
const TO_INSTALL: &str = if cfg!(windows) {
    "eSpeak NG (espeak-ng on PATH)"
} else {
    "speech-dispatcher or espeak-ng"
};

/// Why nothing can speak, and what to install.
pub fn no_speaker() -> String {
    format!(
        "voice: none of {} is installed — install {TO_INSTALL}, \
         or name a command with announce in config.toml",
        SPEAKERS.join(", ")
    )
}

/// Say `text` with `speaker` and wait until it has been said.
pub fn say_now(speaker: &Speaker, text: &str) -> Result<(), String> {
    let Some((program, args)) = speaker.command.split_first() else {
        return Err("the announce command is empty".to_string());
    };
    let status = Command::new(program)
        .args(args)
        .arg(text)
        .stdin(Stdio::null())
        .status()
        .map_err(|err| format!("cannot run {program}: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} failed ({status})"))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    use super::*;

    fn install(dir: &Path, name: &str) {
        let file = dir.join(name);
        fs::write(&file, "#!/bin/sh\nexit 0\n").expect("write");
        fs::set_permissions(&file, fs::Permissions::from_mode(0o755)).expect("chmod");
    }

    fn voice_on() -> Config {
        Config {
            voice: true,
            ..Config::default()
        }
    }

    #[test]
    fn voice_picks_the_first_speech_command_present() {
        let dir = tempfile::tempdir().expect("temp dir");
        install(dir.path(), "espeak");
        install(dir.path(), "espeak-ng");
        let path = Some(dir.path().as_os_str().to_owned());
        let first = speaker(&voice_on(), path.clone()).expect("found");
        assert_eq!(
            first.map(|s| s.command),
            Some(vec!["espeak-ng".to_string()])
        );
        install(dir.path(), "spd-say");
        let preferred = speaker(&voice_on(), path).expect("found").expect("some");
        assert_eq!(preferred.command, vec!["spd-say".to_string()]);
        assert_eq!(preferred.found, Some(dir.path().join("spd-say")));
    }

    #[test]
    fn a_file_that_is_not_executable_does_not_count() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("espeak-ng"), "not a program").expect("write");
        let path = Some(dir.path().as_os_str().to_owned());
        let err = speaker(&voice_on(), path).expect_err("nothing to speak with");
        assert!(err.contains("spd-say, espeak-ng, espeak, say"), "{err}");
    }

    #[test]
    fn announce_wins_and_voice_off_means_silence() {
        let dir = tempfile::tempdir().expect("temp dir");
        install(dir.path(), "espeak-ng");
        let path = Some(dir.path().as_os_str().to_owned());
        let custom = Config {
            announce: Some(vec!["say".into(), "-v".into(), "Samantha".into()]),
            ..voice_on()
        };
        let named = speaker(&custom, path.clone()).expect("ok").expect("some");
        assert_eq!(named.command, vec!["say", "-v", "Samantha"]);
        assert_eq!(named.found, None);
        assert_eq!(speaker(&Config::default(), path), Ok(None));
    }
}
