//! Run writes the store has not taken yet: queued in order, retried every few
//! seconds, and at close kept in a recovery file for the next start.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::model::RunWrite;
use crate::plural;
use crate::store::StoreError;

use super::{Journal, recovery};

/// How long after a failed write the unsaved ones are tried again.
pub const RETRY_EVERY: Duration = Duration::from_secs(3);

/// What of tonight's run is not on disk yet, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsaved {
    /// The indexes of the steps whose results are not stored.
    pub steps: Vec<usize>,
    /// What the store said the last time it was tried.
    pub reason: String,
}

impl Unsaved {
    /// "2 steps not saved yet — retrying", for the screen while the app runs.
    pub fn describe(&self) -> String {
        match self.steps.len() {
            0 => "tonight's run not saved yet — retrying".to_string(),
            count => format!("{} not saved yet — retrying", plural::count(count, "step")),
        }
    }
}

/// How the journal closed: whether everything reached the database, and if not,
/// where what did not was kept.
#[derive(Debug)]
pub struct Closing {
    /// Step results that could not be stored.
    pub unsaved_steps: usize,
    /// Why not, when something could not be stored.
    pub reason: Option<String>,
    /// The recovery file holding what could not be stored, or why it could not be written.
    pub recovery: Option<Result<PathBuf, String>>,
}

impl Journal<'_> {
    /// Queue `write` behind any still unsaved, then store as many as the store takes.
    pub(super) fn write(&mut self, write: RunWrite) -> Result<(), StoreError> {
        self.unsaved.push(write);
        self.flush()
    }

    /// Store the unsaved writes in order, each in its own transaction, stopping at
    /// the first the store refuses.
    fn flush(&mut self) -> Result<(), StoreError> {
        while let Some(write) = self.unsaved.first() {
            match self.store.apply(self.run, std::slice::from_ref(write)) {
                Ok(run) => {
                    self.run = run;
                    self.unsaved.remove(0);
                }
                Err(err) => {
                    self.failure = Some((self.store.explain(&err), Instant::now()));
                    return Err(err);
                }
            }
        }
        self.failure = None;
        Ok(())
    }

    /// When the unsaved writes are next due to be tried; `None` when nothing waits.
    pub fn next_retry(&self) -> Option<Instant> {
        self.failure.as_ref().map(|(_, at)| *at + RETRY_EVERY)
    }

    /// Try the unsaved writes again if they are due at `now`; returns whether any
    /// reached the disk.
    pub fn retry(&mut self, now: Instant) -> bool {
        if self.next_retry().is_none_or(|due| now < due) {
            return false;
        }
        let before = self.unsaved.len();
        let _ = self.flush();
        self.unsaved.len() != before
    }

    /// What is not on disk yet, while anything is not.
    pub fn unsaved(&self) -> Option<Unsaved> {
        let (reason, _) = self.failure.as_ref()?;
        let mut steps: Vec<usize> = Vec::new();
        for write in &self.unsaved {
            match write {
                RunWrite::Step { index, .. } if !steps.contains(index) => steps.push(*index),
                RunWrite::Reopen { index } => steps.retain(|step| step != index),
                _ => {}
            }
        }
        Some(Unsaved {
            steps,
            reason: reason.clone(),
        })
    }

    /// The app is closing: one last try, and whatever still cannot be stored goes to a
    /// recovery file in `folder` (beside the database) for the next start to import.
    pub fn close(&mut self, folder: &Path) -> Closing {
        if !self.unsaved.is_empty() {
            let _ = self.flush();
        }
        let Some(unsaved) = self.unsaved() else {
            return Closing {
                unsaved_steps: 0,
                reason: None,
                recovery: None,
            };
        };
        let run = self.run.map(|run| (run, self.key.id.as_str()));
        let recovery = recovery::keep(folder, self.night, run, &self.unsaved);
        Closing {
            unsaved_steps: unsaved.steps.len(),
            reason: Some(unsaved.reason),
            recovery: Some(recovery.map_err(|err| format!("{err:#}"))),
        }
    }
}
