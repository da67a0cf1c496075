//! The routine file, watched while the app is open and opened in the editor on `e`.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};

use crate::edit::{self, Edited};
use crate::paths::Paths;
use crate::routine::{Routine, parse, render_diagnostics};
use crate::routines;

use super::outside::Incoming;

/// How long file events settle before one reload: editors write in several steps.
pub const SETTLE: Duration = Duration::from_millis(150);

/// Read and check the routine file: the routine and its text's fingerprint, or its
/// first error as `PATH:LINE:COL: error: MESSAGE`.
pub fn read_routine(file: &Path) -> Result<(Routine, String), String> {
    let shown = file.file_name().map_or_else(
        || file.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let text = routines::read_text(file).map_err(|err| err.to_string())?;
    let routine = parse(&text).map_err(|diagnostics| {
        let rendered = render_diagnostics(&shown, &text, &diagnostics);
        rendered.lines().next().unwrap_or_default().to_string()
    })?;
    Ok((routine, routines::fingerprint(&text)))
}

/// Watches one routine file for saves and tells the loop.
pub struct RoutineWatch {
    file: Option<PathBuf>,
    watcher: Option<RecommendedWatcher>,
    sender: Option<Sender<Incoming>>,
}

impl RoutineWatch {
    /// Nothing watched yet; notices go to `sender`. Without one, the file is only
    /// remembered (for reloads the event source announces itself).
    pub fn new(sender: Option<Sender<Incoming>>) -> RoutineWatch {
        RoutineWatch {
            file: None,
            watcher: None,
            sender,
        }
    }

    /// Watch `file` (its folder, since editors replace files by renaming over them).
    pub fn watch(&mut self, file: &Path) -> Result<()> {
        if self.file.as_deref() == Some(file) {
            return Ok(());
        }
        let folder = file
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let Some(sender) = self.sender.clone() else {
            self.file = Some(file.to_path_buf());
            return Ok(());
        };
        let name = file.file_name().map(|name| name.to_os_string());
        // Every event is passed on; the loop waits for them to settle before reloading.
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
            let ours = event.is_ok_and(|event| {
                event
                    .paths
                    .iter()
                    .any(|path| path.file_name() == name.as_deref())
            });
            if ours {
                let _ = sender.send(Incoming::RoutineChanged);
            }
        })
        .context("cannot watch the routine file")?;
        watcher
            .watch(&folder, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", folder.display()))?;
        self.file = Some(file.to_path_buf());
        self.watcher = Some(watcher);
        Ok(())
    }

    /// The file being watched.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }
}

/// Run the editor on the routine (the terminal is the user's meanwhile); returns the
/// file edited and a line for the header when the routine did not change.
pub fn edit_routine(
    name: &str,
    paths: &Paths,
    night: NaiveDate,
) -> Result<(PathBuf, Option<String>)> {
    let file = edit::routine_file(name, paths)?;
    let editor = edit::editor()?;
    let mut stdout = io::stdout().lock();
    let outcome = edit::edit(
        &file,
        &editor,
        night,
        paths,
        &mut io::stdin().lock(),
        &mut stdout,
    )?;
    let note = match outcome {
        Edited::LeftDraft { draft, .. } => Some(format!(
            "edit kept in {} — the routine is unchanged",
            draft.display()
        )),
        Edited::Saved(_) | Edited::Unchanged(_) => None,
    };
    Ok((file, note))
}
