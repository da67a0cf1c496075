//! What the store says now, beyond this app's own writes: rows still not on disk
//! (an SOS episode, where a running hold stands), the database file gone from under
//! the app, and what other processes wrote (a check-in from a shell, an import):
//! the header says what is true at this moment, never what was true at a failure.

use super::{App, Stage};

/// What is behind on disk, or can no longer reach it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Behind {
    /// Why the Cramp SOS episode's row is behind what it should say, while it is.
    pub(super) sos: Option<String>,
    /// Why where the running hold stands could not be saved, while it cannot.
    pub(super) progress: Option<String>,
    /// Why nothing written reaches the database any more (it was deleted).
    pub(super) gone: Option<String>,
}

impl App {
    /// Why the Cramp SOS episode's row is behind what it should say, while it is.
    pub fn sos_unsaved(&self) -> Option<&str> {
        self.header.behind.sos.as_deref()
    }

    /// The journal's word on the SOS episode's row (`None`: it is on disk); returns
    /// whether that changed.
    pub fn set_sos_unsaved(&mut self, reason: Option<String>) -> bool {
        let changed = self.header.behind.sos != reason;
        self.header.behind.sos = reason;
        changed
    }

    /// Why the running hold's place could not be saved, while the last try failed.
    pub fn progress_unsaved(&self) -> Option<&str> {
        self.header.behind.progress.as_deref()
    }

    /// The journal's word on saving the running hold's place (`None`: the last save
    /// reached the disk); returns whether that changed.
    pub fn set_progress_unsaved(&mut self, reason: Option<String>) -> bool {
        let changed = self.header.behind.progress != reason;
        self.header.behind.progress = reason;
        changed
    }

    /// Why nothing written reaches the database any more, once that is so.
    pub fn database_gone(&self) -> Option<&str> {
        self.header.behind.gone.as_deref()
    }

    /// The database file went from under the app (`why`: "… was deleted"): progress
    /// is no longer kept, and the header and the exit line say so.
    pub fn lose_database(&mut self, why: String) {
        self.header.behind.gone = Some(crate::printable::line(&why).into_owned());
    }

    /// What the header says while something is not on disk, or no longer can be:
    /// the wording, then shorter ones for a narrow header (shortest last). `None`
    /// while everything is stored.
    pub fn behind_words(&self) -> Option<Vec<String>> {
        let words: Vec<String> = if let Some(gone) = &self.header.behind.gone {
            // Nothing written is kept any more: that outweighs all else.
            vec![
                format!("{gone}: progress is no longer kept"),
                "database gone: progress is no longer kept".to_string(),
                "progress not kept".to_string(),
            ]
        } else if let Some(unsaved) = &self.header.unsaved {
            vec![unsaved.describe(), "not saved yet — retrying".to_string()]
        } else if self.header.behind.sos.is_some() {
            vec![
                "cramp not saved yet — retrying".to_string(),
                "cramp not saved yet".to_string(),
            ]
        } else if let Some(reason) = &self.header.behind.progress {
            vec![
                format!("progress not saved: {reason}"),
                "progress not saved — retrying".to_string(),
                "not saved — retrying".to_string(),
            ]
        } else {
            return None;
        };
        Some(words)
    }

    /// Whether a run or its summary is on screen: their streak was counted at the
    /// start of the run, so the nights others wrote wait until they close.
    pub fn shows_a_run(&self) -> bool {
        matches!(self.stage, Stage::Running)
    }
}
