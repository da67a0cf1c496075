//! The routine file, watched while the app is open and opened in the editor on `e`.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::edit::{self, Edited};
use crate::paths::Paths;
use crate::routine::{Routine, parse, render_diagnostics};
use crate::routines;

use super::outside::Incoming;

/// How long file events settle before one reload: editors write in several steps.
pub const SETTLE: Duration = Duration::from_millis(150);

/// Read and check the routine file: the routine, or its first error as
/// `PATH:LINE:COL: error: MESSAGE`; with the fingerprint of the text read, when
/// there was a text.
pub fn read_routine(file: &Path) -> (Option<String>, Result<Routine, String>) {
    let shown = file.file_name().map_or_else(
        || file.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let text = match routines::read_text(file) {
        Ok(text) => text,
        Err(err) => return (None, Err(err.to_string())),
    };
    let routine = parse(&text).map_err(|diagnostics| {
        let rendered = render_diagnostics(&shown, &text, &diagnostics);
        rendered.lines().next().unwrap_or_default().to_string()
    });
    (Some(routines::fingerprint(&text)), routine)
}

/// Watches one routine file for saves and tells the loop; remembers the text last
/// seen in it, so that only a change of its text reloads the routine.
pub struct RoutineWatch {
    file: Option<PathBuf>,
    watcher: Option<RecommendedWatcher>,
    sender: Option<Sender<Incoming>>,
    /// The fingerprint of the file's text as the app last took it in.
    seen: Option<String>,
}

impl RoutineWatch {
    /// Nothing watched yet; notices go to `sender`. Without one, the file is only
    /// remembered (for reloads the event source announces itself).
    pub fn new(sender: Option<Sender<Incoming>>) -> RoutineWatch {
        RoutineWatch {
            file: None,
            watcher: None,
            sender,
            seen: None,
        }
    }

    /// Watch `file` (its folder, since editors replace files by renaming over them),
    /// whose text the app holds as `seen` (its fingerprint).
    pub fn watch(&mut self, file: &Path, seen: &str) -> Result<()> {
        if self.file.as_deref() == Some(file) {
            return Ok(());
        }
        self.seen = Some(seen.to_string());
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
        // Every write, creation, removal or rename is passed on (not a read: other
        // commands read the folder all the time); the loop waits for them to settle.
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
            let ours = event.is_ok_and(|event| {
                !matches!(event.kind, EventKind::Access(_))
                    && event
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

    /// The watched file read again: `None` when its text is the one last seen (a
    /// touch, a save of the same text), else the routine or its first error, with
    /// the new text's fingerprint.
    pub fn read_if_changed(&mut self) -> Option<(Option<String>, Result<Routine, String>)> {
        let file = self.file.as_deref()?;
        let (fingerprint, routine) = read_routine(file);
        if fingerprint.is_some() && fingerprint == self.seen {
            return None;
        }
        self.seen.clone_from(&fingerprint);
        Some((fingerprint, routine))
    }
}

/// Run the editor on the routine (the terminal is the user's meanwhile); returns the
/// file edited and a notice for the header when the routine did not change (the
/// edit left in its draft, or saved as it was).
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
            "Edit not applied; your text is kept in {}",
            draft.file_name().map_or_else(
                || draft.display().to_string(),
                |name| name.to_string_lossy().into_owned()
            )
        )),
        Edited::Unchanged(file) => Some(format!(
            "No changes to {}",
            file.file_name().map_or_else(
                || file.display().to_string(),
                |name| name.to_string_lossy().into_owned()
            )
        )),
        Edited::Saved(_) => None,
    };
    Ok((file, note))
}
