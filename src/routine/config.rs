//! `config.toml`: the user's settings, checked with the same diagnostics as routines.

use chrono::NaiveTime;
use toml::de::{DeTable, DeValue};

use super::Diagnostic;
use super::fields::Reader;
use super::parse::read_document;

const CONFIG_KEYS: &[&str] = &["routine", "day_rollover", "bell", "notify", "announce"];

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
}

impl Default for Config {
    fn default() -> Config {
        Config {
            routine: None,
            day_rollover: NaiveTime::from_hms_opt(4, 0, 0).unwrap_or(NaiveTime::MIN),
            bell: true,
            notify: false,
            announce: None,
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
