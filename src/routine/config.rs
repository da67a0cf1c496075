//! `config.toml`: the user's settings, checked with the same diagnostics as routines.

use std::time::Duration;

use chrono::NaiveTime;
use toml::de::{DeTable, DeValue};

use super::fields::Reader;
use super::parse::read_document;
use super::{Diagnostic, MAX_LEAD_IN};

const CONFIG_KEYS: &[&str] = &[
    "routine",
    "day_rollover",
    "bell",
    "notify",
    "announce",
    "lead_in",
    "countdown",
    "voice",
    "plain",
    "theme",
];

/// How many final seconds of each hold, rest and lead-in get a cue each, unless set.
pub const DEFAULT_COUNTDOWN: u64 = 3;

/// More counted seconds than this would be a countdown of its own.
const MAX_COUNTDOWN: i64 = 10;

/// The colours the app draws in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// The terminal's own colours with a few bright accents.
    Plain,
    /// Low light: dim greys and a warm accent, no bright white or blue.
    Night,
    /// Night from an hour before bedtime, plain before (plain for a routine without a bedtime).
    Auto,
}

impl Theme {
    /// Every theme by its name in config.toml.
    const NAMES: [(&'static str, Theme); 3] = [
        ("night", Theme::Night),
        ("plain", Theme::Plain),
        ("auto", Theme::Auto),
    ];
}

/// The user's settings; every field has a default, so a missing file is fine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The routine bare `winddown` opens (a name in the routine folder, or a path).
    pub routine: Option<String>,
    /// Activity before this hour belongs to the previous evening.
    pub day_rollover: NaiveTime,
    /// Ring the terminal bell at every change.
    pub bell: bool,
    /// Also send a desktop notification through the terminal's escape sequence.
    pub notify: bool,
    /// A command that speaks each cue, e.g. `["espeak-ng"]`; the cue text is its last argument.
    pub announce: Option<Vec<String>>,
    /// Time to get into position before a hold, for steps that do not set their own; zero for none.
    pub lead_in: Duration,
    /// How many final seconds of each hold, rest and lead-in get a cue each; zero for none.
    pub countdown: u64,
    /// Speak the cues with the first speech command found, when `announce` names none.
    pub voice: bool,
    /// Run routines as plain lines (for screen readers) instead of full-screen.
    pub plain: bool,
    /// The colours to draw in.
    pub theme: Theme,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            routine: None,
            day_rollover: NaiveTime::from_hms_opt(4, 0, 0).unwrap_or(NaiveTime::MIN),
            bell: true,
            notify: false,
            announce: None,
            lead_in: Duration::from_secs(5),
            countdown: DEFAULT_COUNTDOWN,
            voice: false,
            plain: false,
            theme: Theme::Auto,
        }
    }
}

/// Parse `config.toml`'s text; on failure, every error found, in file order.
pub fn parse_config(source: &str) -> Result<Config, Vec<Diagnostic>> {
    read_document(source, read_config)
}

fn read_config(reader: &mut Reader, table: &DeTable<'_>) -> Option<Config> {
    reader.unknown_keys(table, CONFIG_KEYS, "in config.toml");
    let mut config = Config::default();
    if let Some((routine, _)) = reader.string(table, "routine", true) {
        config.routine = Some(routine.trim().to_string());
    }
    if let Some((text, span)) = reader.string(table, "day_rollover", false) {
        match NaiveTime::parse_from_str(&text, "%H:%M") {
            Ok(time) if time <= NaiveTime::from_hms_opt(12, 0, 0)? => config.day_rollover = time,
            _ => reader.error(
                span,
                format!("day_rollover \"{text}\" must be a morning time like \"04:00\" (HH:MM, up to 12:00)"),
            ),
        }
    }
    if let Some(bell) = reader.boolean(table, "bell") {
        config.bell = bell;
    }
    if let Some(notify) = reader.boolean(table, "notify") {
        config.notify = notify;
    }
    if let Some((lead_in, _)) =
        reader.duration_within(table, "lead_in", Duration::ZERO..=MAX_LEAD_IN)
    {
        config.lead_in = lead_in;
    }
    if let Some((countdown, _)) = reader.integer(table, "countdown", 0..=MAX_COUNTDOWN) {
        config.countdown = countdown.unsigned_abs();
    }
    if let Some(voice) = reader.boolean(table, "voice") {
        config.voice = voice;
    }
    if let Some(plain) = reader.boolean(table, "plain") {
        config.plain = plain;
    }
    if let Some(value) = table.get("announce") {
        match value.get_ref() {
            DeValue::String(command) if !command.trim().is_empty() => {
                config.announce = Some(vec![command.trim().to_string()]);
            }
            DeValue::Array(_) => {
                if let Some((words, _)) = reader.string_list(table, "announce") {
                    config.announce = Some(words.into_iter().map(|(word, _)| word).collect());
                }
            }
            _ => reader.error(
                value.span(),
                "\"announce\" must be a command, like [\"espeak-ng\"] or [\"say\", \"-v\", \"Samantha\"]",
            ),
        }
    }
    if let Some((text, span)) = reader.string(table, "theme", false) {
        match Theme::NAMES.iter().find(|(name, _)| *name == text.trim()) {
            Some((_, theme)) => config.theme = *theme,
            None => {
                let message = format!("theme \"{text}\" must be \"night\", \"plain\" or \"auto\"");
                // The three names start differently: the first letter says which was meant.
                let closest = text.trim().chars().next().and_then(|first| {
                    Theme::NAMES
                        .iter()
                        .find(|(name, _)| name.starts_with(first.to_ascii_lowercase()))
                        .map(|(name, _)| *name)
                });
                match closest {
                    Some(name) => {
                        reader.error_with_help(span, message, format!("did you mean \"{name}\"?"));
                    }
                    None => reader.error(span, message),
                }
            }
        }
    }
    Some(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_is_the_defaults() {
        assert_eq!(parse_config(""), Ok(Config::default()));
    }

    #[test]
    fn reads_every_setting() {
        let config = parse_config(
            "routine = \"quick\"\nday_rollover = \"05:30\"\nbell = false\nnotify = true\nannounce = [\"espeak-ng\", \"-s\", \"140\"]\n",
        )
        .expect("valid config");
        assert_eq!(config.routine.as_deref(), Some("quick"));
        assert_eq!(
            config.day_rollover,
            NaiveTime::from_hms_opt(5, 30, 0).expect("time")
        );
        assert!(!config.bell && config.notify);
        assert_eq!(
            config.announce,
            Some(vec!["espeak-ng".into(), "-s".into(), "140".into()])
        );
    }

    #[test]
    fn lead_in_and_countdown_default_to_five_and_three_seconds_and_zero_turns_them_off() {
        let defaults = Config::default();
        assert_eq!(defaults.lead_in, std::time::Duration::from_secs(5));
        assert_eq!(defaults.countdown, 3);
        let off = parse_config("lead_in = 0\ncountdown = 0\n").expect("valid");
        assert_eq!((off.lead_in, off.countdown), (std::time::Duration::ZERO, 0));
        let set = parse_config("lead_in = \"10s\"\ncountdown = 5\n").expect("valid");
        assert_eq!((set.lead_in.as_secs(), set.countdown), (10, 5));
        let diagnostics =
            parse_config("lead_in = \"5 min\"\ncountdown = 11\n").expect_err("two mistakes");
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(diagnostics[1].message, "countdown must be at most 10");
    }

    #[test]
    fn reads_plain_and_voice() {
        let config = parse_config("plain = true\nvoice = true\n").expect("valid config");
        assert!(config.plain && config.voice);
        let defaults = Config::default();
        assert!(!defaults.plain && !defaults.voice);
        let diagnostics = parse_config("plain = \"yes\"\n").expect_err("not a boolean");
        assert!(
            diagnostics[0]
                .message
                .contains("\"plain\" must be true or false")
        );
    }

    #[test]
    fn reads_the_theme_and_names_the_choices_when_it_is_wrong() {
        assert_eq!(Config::default().theme, Theme::Auto);
        for (text, theme) in [
            ("night", Theme::Night),
            ("plain", Theme::Plain),
            ("auto", Theme::Auto),
        ] {
            let config = parse_config(&format!("theme = \"{text}\"\n")).expect("valid theme");
            assert_eq!(config.theme, theme);
        }
        let diagnostics = parse_config("theme = \"nite\"\n").expect_err("unknown theme");
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0]
                .message
                .contains("theme \"nite\" must be \"night\", \"plain\" or \"auto\""),
            "{}",
            diagnostics[0].message
        );
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean \"night\"?")
        );
        assert!(parse_config("theme = 1\n").is_err());
    }

    #[test]
    fn reports_every_mistake_with_suggestions() {
        let diagnostics =
            parse_config("bel = true\nday_rollover = \"16:00\"\nnotify = \"yes\"\nannounce = 3\n")
                .expect_err("four mistakes");
        assert_eq!(diagnostics.len(), 4);
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean \"bell\"?")
        );
        assert!(diagnostics[1].message.contains("morning time"));
        assert!(
            diagnostics[2]
                .message
                .contains("\"notify\" must be true or false")
        );
        assert!(
            diagnostics[3]
                .message
                .contains("\"announce\" must be a command")
        );
    }
}
