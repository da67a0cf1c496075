//! `winddown voice-test`: say one line the way cues will be said, and name the command.

use std::ffi::OsString;
use std::io::Write;

use anyhow::{Result, bail};

use crate::routine::Config;
use crate::voice::{self, TEST_LINE};

/// Say [`TEST_LINE`] with the command cues would use (or, with voice off, the one
/// `voice = true` would pick) and report which it was.
pub fn voice_test(config: &Config, path: Option<OsString>, out: &mut impl Write) -> Result<()> {
    let (speaker, voice_off) = match voice::speaker(config, path.clone()) {
        Ok(Some(speaker)) => (speaker, false),
        Ok(None) => match voice::find_speaker(path) {
            Some(speaker) => (speaker, true),
            None => bail!(voice::no_speaker()),
        },
        Err(problem) => bail!(problem),
    };
    voice::say_now(&speaker, TEST_LINE).map_err(anyhow::Error::msg)?;
    let command = speaker.command.join(" ");
    let how = match &speaker.found {
        Some(found) => format!("{command} ({})", found.display()),
        None => format!("the announce command: {command}"),
    };
    writeln!(out, "Said \"{TEST_LINE}\" with {how}.")?;
    if voice_off {
        writeln!(
            out,
            "Cues are not spoken yet: add voice = true to config.toml to hear them this way."
        )?;
    }
    Ok(())
}
