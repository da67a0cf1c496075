//! Where winddown keeps the user's files.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use directories::ProjectDirs;

/// The settings file's name in the config folder.
pub const CONFIG_FILE: &str = "config.toml";

/// The folders for config/routines and for data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Holds `config.toml` and `routines/`.
    pub config: PathBuf,
    /// Holds `winddown.db`.
    pub data: PathBuf,
}

impl Paths {
    /// `home` (from `--home` or `WINDDOWN_HOME`) puts everything in one folder;
    /// otherwise the XDG config and data folders are used.
    pub fn resolve(home: Option<&Path>) -> Result<Paths> {
        if let Some(home) = home {
            return Ok(Paths {
                config: home.to_path_buf(),
                data: home.to_path_buf(),
            });
        }
        let dirs = ProjectDirs::from("", "", "winddown")
            .context("cannot find a home folder: set WINDDOWN_HOME or pass --home DIR")?;
        Ok(Paths {
            config: dirs.config_dir().to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
        })
    }

    /// The user's settings file.
    pub fn config_file(&self) -> PathBuf {
        self.config.join(CONFIG_FILE)
    }

    /// The user's routine folder.
    pub fn routines(&self) -> PathBuf {
        self.config.join("routines")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_holds_everything() {
        let paths = Paths::resolve(Some(Path::new("/tmp/wd"))).expect("home is enough");
        assert_eq!(paths.config, Path::new("/tmp/wd"));
        assert_eq!(paths.data, Path::new("/tmp/wd"));
        assert_eq!(paths.routines(), Path::new("/tmp/wd/routines"));
    }
}
