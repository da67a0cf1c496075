//! `winddown man`: one manual page a person can read — the commands, the keys of
//! every screen (the tables help shows), the routine format with a shipped
//! routine as its example, config.toml, the files, the environment and the exit
//! status — built from the same sources as `--help` and the help screens.

use std::io::Write;

use clap::Command;

use crate::paths::CONFIG_FILE;
use crate::store::{DB_FILE, LOCK_FILE};

/// The settings config.toml takes: name, example value, meaning. README's
/// config.toml block lists the same names (a test compares them).
pub const CONFIG_KEYS: &[(&str, &str, &str)] = &[
    (
        "routine",
        "\"leg-cramps\"",
        "the routine bare winddown opens",
    ),
    (
        "day_rollover",
        "\"04:00\"",
        "before this time it is still the previous evening",
    ),
    ("bell", "true", "the terminal bell at every change"),
    (
        "notify",
        "false",
        "a desktop notification through the terminal (OSC 9 / OSC 777)",
    ),
    (
        "announce",
        "[\"espeak-ng\"]",
        "a command that speaks each cue; wins over voice",
    ),
    (
        "lead_in",
        "\"5s\"",
        "time to get ready before a hold (up to 1m); 0 turns it off",
    ),
    (
        "countdown",
        "3",
        "the last N seconds of each hold, rest and lead-in get a cue each (0-10)",
    ),
    (
        "voice",
        "false",
        "speak the cues with the first of spd-say, espeak-ng, espeak, say found",
    ),
    (
        "plain",
        "false",
        "one line per event instead of a full screen",
    ),
    (
        "theme",
        "\"auto\"",
        "\"night\" (dim, warm), \"plain\" (the terminal's colours) or \"auto\" (night from an hour before bedtime)",
    ),
];

/// The environment winddown reads.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "WINDDOWN_HOME",
        "keep config.toml, the routines and the history in this one folder (as --home does)",
    ),
    (
        "NO_COLOR",
        "set to anything: no colours in any theme; phases are named in words",
    ),
    (
        "VISUAL, EDITOR",
        "the editor e and winddown edit open, the first one set",
    ),
    (
        "TERM",
        "dumb: plain mode (one line per event) and no colours",
    ),
    ("TZ", "the time zone nights and bedtimes are read in"),
];

/// The exit statuses, as the commands return them.
const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "done: the evening ended, or the command did what it was asked",
    ),
    (
        "1",
        "an error, named on standard error (a routine file with errors, a history that cannot be written), or a check that found problems",
    ),
    (
        "2",
        "a wrong command line, or a full screen asked for where there is no terminal",
    ),
    (
        "128+N",
        "stopped by signal N (129 SIGHUP, 130 SIGINT, 143 SIGTERM); 135 after a bus error; 141 when plain mode's output was closed",
    ),
];

/// Text as roff reads it: backslashes and dashes escaped, and a line that would
/// start with a control character guarded.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    escaped
        .lines()
        .map(|line| {
            if line.starts_with('.') || line.starts_with('\'') {
                format!("\\&{line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A tagged paragraph: `tag` in bold, `text` under it.
fn tagged(out: &mut dyn Write, tag: &str, text: &str) -> std::io::Result<()> {
    writeln!(out, ".TP\n\\fB{}\\fR\n{}", roff(tag), roff(text))
}

/// The manual page, in roff: `winddown man | man -l -`.
pub fn render(command: Command, out: &mut dyn Write) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    writeln!(
        out,
        ".PP\n{}",
        roff(
            "Bare winddown opens tonight's routine on the home screen; the commands below \
             read and write the same history. winddown COMMAND --help tells each command's \
             options in full."
        )
    )?;
    man.render_options_section(out)?;
    commands(&command, out)?;
    keys(out)?;
    routines(out)?;
    configuration(out)?;
    files(out)?;
    writeln!(out, ".SH ENVIRONMENT")?;
    for (name, meaning) in ENVIRONMENT {
        tagged(out, name, meaning)?;
    }
    writeln!(out, ".SH \"EXIT STATUS\"")?;
    for (status, meaning) in EXIT_STATUS {
        tagged(out, status, meaning)?;
    }
    writeln!(out, ".SH \"SEE ALSO\"")?;
    writeln!(
        out,
        "{}",
        roff(
            "winddown man --dir DIR writes this page and one page per command \
             (winddown-run.1, winddown-remind.1, ...) into DIR, for a man folder on your \
             MANPATH."
        )
    )?;
    man.render_version_section(out)
}

/// Every command a person uses, with what it does.
fn commands(command: &Command, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, ".SH COMMANDS")?;
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
        tagged(out, &format!("winddown {}", sub.get_name()), &about)?;
    }
    Ok(())
}

/// The keys of every screen, from the tables help shows.
fn keys(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, ".SH KEYS")?;
    writeln!(
        out,
        "{}",
        roff(
            "? on any screen lists that screen's keys, and the footer offers the ones that \
             act on what is in front. ! opens Cramp SOS from any screen (except while a \
             note or a reason is typed)."
        )
    )?;
    for (screen, keys) in crate::tui::view::keys_of_every_screen() {
        writeln!(out, ".SS \"{}\"", roff(screen))?;
        for (key, meaning) in keys {
            tagged(out, key, meaning)?;
        }
    }
    Ok(())
}

/// A short routine with a step of each kind, as the manual shows it.
pub const EXAMPLE_ROUTINE: &str = r#"name = "Short evening"
bedtime = "22:30"

[[step]]
title = "Standing calf stretch"
duration = "30s"
sides = ["left leg", "right leg"]
sets = 2
rest = "10s"
instructions = "Hands on the wall, back leg straight, heel down."
why = "Why this step is here, in a line (read under the countdown)."

[[step]]
title = "Bedding check"
checklist = ["Covers loose over the feet", "Water by the bed"]

[[step]]
title = "A glass of water"
optional = true
days = ["mon", "thu"]
"#;

/// The routine format, with an example of each kind of step.
fn routines(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, ".SH \"ROUTINE FILES\"")?;
    writeln!(
        out,
        "{}",
        roff(
            "A routine is a TOML file in the routine folder: a name, and steps in order. \
             A step with a duration is timed (sides and sets repeat the hold, rest goes \
             between them); a step with a checklist asks each item; a step with neither \
             waits for Enter. instructions, why, optional, days and lead_in may be left \
             out. winddown check FILE names every error with its line; winddown schema \
             prints the format as a JSON Schema for editors; winddown new starts a file \
             from a commented template. For example:"
        )
    )?;
    writeln!(
        out,
        ".PP\n.nf\n.RS 4\n{}\n.RE\n.fi",
        roff(EXAMPLE_ROUTINE.trim_end())
    )
}

/// config.toml, key by key.
fn configuration(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, ".SH CONFIGURATION")?;
    writeln!(
        out,
        "{}",
        roff(&format!(
            "{CONFIG_FILE} in the config folder; every key may be left out. For example:"
        ))
    )?;
    for (key, example, meaning) in CONFIG_KEYS {
        tagged(out, &format!("{key} = {example}"), meaning)?;
    }
    Ok(())
}

/// Where winddown keeps what it keeps.
fn files(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, ".SH FILES")?;
    writeln!(
        out,
        "{}",
        roff(
            "The config folder is ~/.config/winddown on Linux and the BSDs \
             (XDG_CONFIG_HOME), ~/Library/Application Support/winddown on macOS and \
             %APPDATA%\\winddown\\config on Windows; the data folder is \
             ~/.local/share/winddown (XDG_DATA_HOME), the same folder on macOS, and \
             %APPDATA%\\winddown\\data on Windows. With --home DIR or WINDDOWN_HOME both \
             are DIR."
        )
    )?;
    let files = [
        (
            format!("config folder/{CONFIG_FILE}"),
            "the settings (CONFIGURATION)",
        ),
        (
            "config folder/routines/NAME.toml".to_string(),
            "your routines; sos.toml is Cramp SOS's relief steps",
        ),
        (
            format!("data folder/{DB_FILE}"),
            "the history: runs, step results, check-ins, rest nights, SOS episodes, experiments",
        ),
        (
            format!("data folder/{LOCK_FILE}"),
            "held while a winddown has the history open",
        ),
        (
            format!("data folder/{}*", crate::journal::RECOVERY_PREFIX),
            "what could not be written yet, read back at the next start",
        ),
        (
            format!("data folder/{}", crate::remind::log::FILE),
            "what the reminder did, a line each time it ran",
        ),
    ];
    for (file, meaning) in files {
        tagged(out, &file, meaning)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_routine_is_a_valid_routine_with_a_step_of_each_kind() {
        let routine = crate::routine::parse(EXAMPLE_ROUTINE).expect("the example parses");
        let kinds: Vec<_> = routine.steps.iter().map(|step| step.kind()).collect();
        use crate::routine::StepKind;
        assert_eq!(
            kinds,
            [StepKind::Timed, StepKind::Checklist, StepKind::Confirm]
        );
    }

    #[test]
    fn roff_escapes_what_roff_would_read_as_its_own() {
        assert_eq!(roff("a-b \\ c"), "a\\-b \\e c");
        assert_eq!(roff(".hidden\n'also"), "\\&.hidden\n\\&'also");
    }
}
