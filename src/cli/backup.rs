//! `winddown backup FILE`: a consistent copy of the database, taken with
//! SQLite's online backup while the app may be running.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::kept::KeptFiles;
use crate::safe_write::{self, Existing};
use crate::store::Store;

/// Copies the history in `database` (opened as `store`) to `target`; an
/// existing file there is only replaced with `force`.
pub fn backup(
    store: &Store,
    database: &Path,
    target: &Path,
    force: bool,
    kept: &KeptFiles,
    out: &mut impl Write,
) -> Result<()> {
    if !database.exists() {
        bail!(
            "there is no history to back up yet ({} does not exist)",
            database.display()
        );
    }
    let existing = if force {
        Existing::Replace
    } else {
        Existing::Keep
    };
    let written = safe_write::write_through_path(target, existing, kept, |copy| {
        store
            .backup_to(copy)
            .with_context(|| format!("cannot back up {}", database.display()))
    })?;
    if !written {
        bail!(
            "{} already exists; `winddown backup --force {}` replaces it",
            target.display(),
            target.display()
        );
    }
    writeln!(
        out,
        "Backed up {} to {}.",
        database.display(),
        target.display()
    )?;
    Ok(())
}
