//! Reading `config.toml` from the user's folder; a broken file never stops an evening.

use crate::paths::Paths;
use crate::routine::{Config, parse_config, render_diagnostics};
use crate::textfile;

/// The settings in force, and what was wrong with the file if it was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The settings to use: the file's, or the defaults when it is missing or broken.
    pub config: Config,
    /// Every diagnostic of a broken file, rendered, when the defaults stand in for it.
    pub problem: Option<String>,
}

/// Read `config.toml`: missing means defaults; broken means defaults plus the diagnostics.
pub fn load(paths: &Paths) -> Settings {
    let path = paths.config_file();
    let shown = path.display().to_string();
    let problem = match textfile::read(&path, "config file") {
        Err(err) if err.is_missing() => None,
        Err(err) => Some(err.to_string()),
        Ok(text) => match parse_config(&text) {
            Ok(config) => {
                return Settings {
                    config,
                    problem: None,
                };
            }
            Err(diagnostics) => Some(render_diagnostics(&shown, &text, &diagnostics)),
        },
    };
    Settings {
        config: Config::default(),
        problem,
    }
}

impl Settings {
    /// One line for a banner: the first line of the problem and that defaults are in use.
    pub fn banner(&self) -> Option<String> {
        let first = self.problem.as_deref()?.lines().next()?;
        Some(format!("{first} — using defaults"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths_in(dir: &std::path::Path) -> Paths {
        Paths::resolve(Some(dir)).expect("paths")
    }

    #[test]
    fn missing_file_means_defaults_without_complaint() {
        let dir = tempfile::tempdir().expect("temp dir");
        let settings = load(&paths_in(dir.path()));
        assert_eq!(settings.config, Config::default());
        assert_eq!(settings.problem, None);
    }

    #[test]
    fn a_broken_file_is_reported_and_the_defaults_used() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("config.toml"), "bell = maybe\n").expect("write");
        let settings = load(&paths_in(dir.path()));
        assert_eq!(settings.config, Config::default());
        let banner = settings.banner().expect("a banner");
        assert!(banner.contains("config.toml:1:8: error:"), "{banner}");
        assert!(banner.ends_with("— using defaults"));
    }
}
