//! Marking each change for someone on the floor: the bell, a desktop
//! notification through the terminal, a spoken cue.
//!
//! At most one announce command runs at a time: a new cue stops the one still
//! speaking (its whole process group: a shell script's children too), since the
//! newer cue is the one that is true now; and none outlives the app (dropping
//! [`Cues`] stops it, and the panic hooks call [`hush_now`]).

use std::io::{self, Write};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::deadline::{self, Background};
use crate::routine::Config;
use crate::session::Cue;
use crate::voice;

/// How cues reach the user, from `config.toml`.
#[derive(Debug, Default)]
pub struct Cues {
    /// Ring the terminal bell.
    pub bell: bool,
    /// Send a desktop notification through the terminal's own escape sequence.
    pub notify: bool,
    /// A command that speaks the cue text, given as its last argument.
    pub announce: Option<Vec<String>>,
    /// The announce command started for the last cue, until it is reaped.
    speaking: Speaking,
}

/// The announce command speaking now, if any; stopped when dropped, so none
/// outlives the app.
#[derive(Debug, Default)]
struct Speaking(Option<Background>);

impl Speaking {
    /// Stops the command if it is still speaking, and reaps it.
    fn hush(&mut self) {
        if let Some(speaking) = self.0.take() {
            SPEAKING.store(0, Ordering::SeqCst);
            speaking.stop();
        }
    }
}

impl Drop for Speaking {
    fn drop(&mut self) {
        // Cleared first, so a panic hook never signals a process id used again.
        self.hush();
    }
}

impl From<&Config> for Cues {
    fn from(config: &Config) -> Cues {
        Cues {
            bell: config.bell,
            notify: config.notify,
            // A missing speech command for `voice = true` is reported where the
            // settings are read; the cues fall back to the bell.
            announce: voice::speaker(config, std::env::var_os("PATH"))
                .ok()
                .flatten()
                .map(|speaker| speaker.command),
            speaking: Speaking::default(),
        }
    }
}

/// The escape sequence that asks the terminal for a desktop notification.
/// VTE-based terminals, foot and urxvt read OSC 777; most others read OSC 9.
pub fn notification(text: &str, osc_777: bool) -> String {
    let clean: String = text
        .chars()
        .filter(|ch| !ch.is_control() && *ch != ';')
        .collect();
    if osc_777 {
        format!("\x1b]777;notify;winddown;{clean}\x07")
    } else {
        format!("\x1b]9;{clean}\x07")
    }
}

fn terminal_reads_osc_777() -> bool {
    std::env::var_os("VTE_VERSION").is_some()
        || std::env::var("TERM").is_ok_and(|term| term.starts_with("foot") || term.contains("rxvt"))
}

impl Cues {
    /// Deliver one moment's cues (their texts joined); returns a warning when the
    /// announce command cannot be started, after which only the bell is used.
    /// Switching sides rings twice, so it is told apart from the next step by ear.
    pub fn deliver(&mut self, out: &mut impl Write, cues: &[Cue]) -> io::Result<Option<String>> {
        if cues.is_empty() {
            return Ok(None);
        }
        let text = cues.iter().map(Cue::text).collect::<Vec<_>>().join(". ");
        let rings = if cues.iter().any(|cue| matches!(cue, Cue::SwitchSides(_))) {
            2
        } else {
            1
        };
        let warning = self.speak(&text);
        if self.notify {
            out.write_all(notification(&text, terminal_reads_osc_777()).as_bytes())?;
        }
        self.ring(out, rings)?;
        Ok(warning)
    }

    /// Say `text` with the announce command, if one is set, stopping the cue still
    /// being said; returns a warning when it cannot be started, after which only the
    /// bell is used.
    pub fn speak(&mut self, text: &str) -> Option<String> {
        let command = self.announce.clone()?;
        self.speaking.hush();
        match start_speaking(&command, text) {
            Ok(speaking) => {
                SPEAKING.store(speaking.id(), Ordering::SeqCst);
                self.speaking = Speaking(Some(speaking));
                None
            }
            Err(err) => {
                let warning = format!(
                    "announce: cannot run {}: {err} — using the bell instead",
                    command.first().map_or("the command", String::as_str)
                );
                self.announce = None;
                self.bell = true;
                Some(warning)
            }
        }
    }

    /// Ring the terminal bell `rings` times (at most twice), when it is on.
    pub fn ring(&self, out: &mut impl Write, rings: usize) -> io::Result<()> {
        if self.bell {
            out.write_all(&b"\x07\x07"[..rings.min(2)])?;
        }
        out.flush()
    }
}

/// The process (and process group) of the announce command speaking now; 0 for none.
/// Read by [`hush_now`], for a panic, which aborts without dropping anything.
static SPEAKING: AtomicU32 = AtomicU32::new(0);

/// Stops the announce command speaking now, if any: for the panic hooks, which
/// run just before the process aborts.
pub fn hush_now() {
    match SPEAKING.swap(0, Ordering::SeqCst) {
        0 => {}
        group => deadline::stop_group_now(group),
    }
}

/// Starts the speaking command in the background (see [`Background`]).
fn start_speaking(command: &[String], text: &str) -> io::Result<Background> {
    let Some((program, args)) = command.split_first() else {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "empty command"));
    };
    Background::start(Command::new(program).args(args).arg(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bell_only_by_default() {
        let mut cues = Cues {
            bell: true,
            ..Cues::default()
        };
        let mut out = Vec::new();
        let warning = cues.deliver(&mut out, &[Cue::Rest]).expect("write");
        assert_eq!(warning, None);
        assert_eq!(out, b"\x07");
    }

    #[test]
    fn switching_sides_rings_twice_and_says_so() {
        let mut cues = Cues {
            bell: true,
            notify: true,
            announce: None,
            ..Cues::default()
        };
        let mut out = Vec::new();
        cues.deliver(&mut out, &[Cue::SwitchSides("right leg".into())])
            .expect("write");
        let text = String::from_utf8(out).expect("text");
        assert!(text.contains("Switch sides: right leg"), "{text:?}");
        assert!(text.ends_with("\x07\x07"), "{text:?}");
        let mut out = Vec::new();
        cues.deliver(&mut out, &[Cue::Next("Water".into())])
            .expect("write");
        assert_eq!(
            out.iter().filter(|byte| **byte == 7).count(),
            2,
            "OSC end and one bell"
        );
    }

    #[test]
    fn nothing_for_no_cue() {
        let mut cues = Cues {
            bell: true,
            notify: true,
            announce: None,
            ..Cues::default()
        };
        let mut out = Vec::new();
        cues.deliver(&mut out, &[]).expect("write");
        assert!(out.is_empty());
    }

    #[test]
    fn notifications_use_the_terminal_escape_and_strip_controls() {
        assert_eq!(notification("Rest", false), "\x1b]9;Rest\x07");
        assert_eq!(
            notification("Next: a;b\x07", true),
            "\x1b]777;notify;winddown;Next: ab\x07"
        );
    }

    #[test]
    fn a_missing_announce_command_warns_once_and_falls_back_to_the_bell() {
        let mut cues = Cues {
            bell: false,
            notify: false,
            announce: Some(vec!["winddown-no-such-speaker".into()]),
            ..Cues::default()
        };
        let mut out = Vec::new();
        let warning = cues
            .deliver(&mut out, &[Cue::Side("left leg".into())])
            .expect("write");
        assert!(warning.is_some_and(|w| w.contains("winddown-no-such-speaker")));
        assert_eq!(out, b"\x07");
        let again = cues.deliver(&mut out, &[Cue::Rest]).expect("write");
        assert_eq!(again, None);
    }

    #[test]
    fn the_announce_command_gets_the_cue_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let heard = dir.path().join("heard");
        let script = format!("printf '%s' \"$1\" > {}", heard.display());
        let mut cues = Cues {
            bell: false,
            notify: false,
            announce: Some(vec!["sh".into(), "-c".into(), script, "speaker".into()]),
            ..Cues::default()
        };
        let mut out = Vec::new();
        let texts = [
            Cue::Next("Calf stretch".into()),
            Cue::Side("left leg".into()),
        ];
        assert_eq!(cues.deliver(&mut out, &texts).expect("write"), None);
        // The command runs in the background; give it a moment to write.
        for _ in 0..200 {
            if std::fs::read_to_string(&heard).is_ok_and(|text| !text.is_empty()) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(
            std::fs::read_to_string(&heard).expect("heard"),
            "Next: Calf stretch. Left leg"
        );
        assert!(out.is_empty());
    }
}
