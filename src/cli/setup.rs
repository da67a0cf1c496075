//! What every command works from: the folders, the settings, tonight's night and
//! the default routine, read once at start.

use std::io::{self, Write};
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::paths::Paths;
use crate::routine::night_of;
use crate::settings::{self, Settings};
use crate::store::DB_FILE;
use crate::{printable, shipped};

/// The folders, the settings and tonight.
pub struct Setup {
    /// Where config, routines and data live.
    pub paths: Paths,
    /// `--home` as given.
    pub home: Option<PathBuf>,
    /// config.toml, or the defaults when it is missing or broken.
    pub settings: Settings,
    /// Tonight's date (the evening's, after the rollover rule).
    pub night: NaiveDate,
    /// What bare `winddown` opens.
    pub default_routine: String,
    /// The history database.
    pub database: PathBuf,
}

impl Setup {
    /// Read the settings (a broken config.toml is said once when `tell`, and the defaults used).
    pub fn load(paths: Paths, home: Option<PathBuf>, tell: bool) -> Setup {
        let settings = settings::load(&paths);
        if let Some(problem) = settings.problem.as_ref().filter(|_| tell) {
            say_err(format_args!(
                "{}\nwinddown: using the default settings until config.toml is fixed",
                printable::block(problem)
            ));
        }
        let night = night_of(crate::now::local(), settings.config.day_rollover);
        let default_routine = settings
            .config
            .routine
            .clone()
            .unwrap_or_else(|| shipped::DEFAULT.to_string());
        let database = paths.data.join(DB_FILE);
        Setup {
            paths,
            home,
            settings,
            night,
            default_routine,
            database,
        }
    }

    /// Plain lines when asked on the command line or in config.toml, or when the
    /// terminal says it cannot do more (TERM=dumb).
    pub fn plain_wanted(&self, flag: bool) -> bool {
        flag || self.settings.config.plain || std::env::var("TERM").is_ok_and(|term| term == "dumb")
    }
}

/// A line on standard output; a closed stream is no reason to panic.
pub fn say(text: impl std::fmt::Display) {
    let _ = writeln!(io::stdout(), "{text}");
}

/// A line on standard error; a closed stream is no reason to panic.
pub fn say_err(text: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "{text}");
}
