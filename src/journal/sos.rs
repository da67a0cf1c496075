//! One Cramp SOS episode written down as it goes, for either front end: its row
//! the moment SOS opens, the leg the moment it is named, the length as it grows
//! (once a second), so a `kill -9` keeps both. A write the store refuses (another
//! program holds the database) is tried again at the next change; what still is
//! not stored when SOS closes is kept in a recovery file for the next start.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};

use crate::model::{Leg, SosEpisode, SosId};
use crate::store::{Store, StoreError};

use super::{Journal, local, recovery, seconds};

/// The episode being written: what the row should say, and what it says on disk.
#[derive(Debug)]
pub(super) struct SosWriter {
    started: DateTime<FixedOffset>,
    /// Its row, once inserted.
    id: Option<SosId>,
    seconds: u32,
    leg: Option<Leg>,
    /// What the row on disk says: (seconds, leg).
    stored: Option<(u32, Option<Leg>)>,
    /// Why the last write was refused, while the row is behind, and when.
    failure: Option<String>,
    tried_at: Option<Instant>,
}

/// How often a row the store refused is tried again, at most: each try may wait
/// for another program's lock, and the stopwatch must not stall.
const RETRY_SOS_EVERY: Duration = Duration::from_secs(1);

/// How the episode ended up when SOS closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SosClosing {
    /// The history holds it: how long, in which leg.
    Logged {
        /// Whole seconds, as stored.
        seconds: u32,
        /// Which leg, if the user said.
        leg: Option<Leg>,
    },
    /// The store would not take it (all of it, or its last length or leg).
    Kept {
        /// Whole seconds.
        seconds: u32,
        /// Which leg, if the user said.
        leg: Option<Leg>,
        /// What the store said.
        reason: String,
        /// The recovery file that holds it, or why none could be written.
        recovery: Result<PathBuf, String>,
    },
}

impl SosClosing {
    /// The line for the shell, and whether the history holds the episode.
    pub fn line(&self) -> (String, bool) {
        match self {
            SosClosing::Logged { seconds, leg } => {
                (crate::model::SosEpisode::logged_line(*seconds, *leg), true)
            }
            SosClosing::Kept {
                seconds,
                leg,
                reason,
                recovery,
            } => {
                let what = crate::model::SosEpisode::described(*seconds, *leg);
                let kept = match recovery {
                    Ok(file) => format!(
                        "It is kept in {} and added to the history the next time winddown starts.",
                        crate::printable::line(&file.display().to_string())
                    ),
                    Err(err) => format!("It could not be kept in a file either: {err}."),
                };
                (
                    format!("Cramp SOS ({what}) could not be saved: {reason}. {kept}"),
                    false,
                )
            }
        }
    }
}

impl SosWriter {
    /// Bring the row in line with what the episode says, if it is not already.
    /// `now` is when a periodic save happens (a refused row is then tried at most once
    /// a [`RETRY_SOS_EVERY`]); `None`: the user acted, try at once.
    fn write(
        &mut self,
        store: &mut Store,
        night: NaiveDate,
        now: Option<Instant>,
    ) -> Result<(), StoreError> {
        let wanted = (self.seconds, self.leg);
        if self.stored == Some(wanted) || now.is_some_and(|now| !self.due(now)) {
            return Ok(());
        }
        self.tried_at = Some(now.unwrap_or_else(Instant::now));
        let written = match self.id {
            Some(id) => store.update_sos(id, wanted.0, wanted.1),
            None => store
                .record_sos(self.started, night, wanted.0, wanted.1)
                .map(|id| self.id = Some(id)),
        };
        match written {
            Ok(()) => {
                self.stored = Some(wanted);
                self.failure = None;
                Ok(())
            }
            Err(err) => {
                self.failure = Some(store.explain(&err));
                Err(err)
            }
        }
    }

    /// Whether a write may be tried now: always, unless one was refused less than
    /// [`RETRY_SOS_EVERY`] ago.
    fn due(&self, now: Instant) -> bool {
        match (&self.failure, self.tried_at) {
            (Some(_), Some(at)) => now.saturating_duration_since(at) >= RETRY_SOS_EVERY,
            _ => true,
        }
    }

    /// When a refused row is next to be tried, while one waits.
    fn next_retry(&self) -> Option<Instant> {
        self.failure.as_ref()?;
        Some(self.tried_at? + RETRY_SOS_EVERY)
    }

    /// How it stands at the close: in the history, or kept in a recovery file in `folder`.
    fn closing(&self, folder: &Path, night: NaiveDate) -> SosClosing {
        let Some(reason) = self.failure.clone() else {
            return SosClosing::Logged {
                seconds: self.seconds,
                leg: self.leg,
            };
        };
        let episode = SosEpisode {
            started_at: self.started,
            night,
            seconds: self.seconds,
            leg: self.leg,
        };
        let recovery = recovery::keep_sos(folder, &episode).map_err(|err| format!("{err:#}"));
        SosClosing::Kept {
            seconds: self.seconds,
            leg: self.leg,
            reason,
            recovery,
        }
    }
}

impl Journal<'_> {
    /// A cramp began at `started` (this machine's local wall clock): its row is
    /// written now, so a closed terminal keeps it.
    pub fn begin_sos(&mut self, started: NaiveDateTime) -> Result<(), StoreError> {
        if let Some(earlier) = self.sos.take() {
            self.sos_ended.push(earlier);
        }
        self.sos = Some(SosWriter {
            started: local(started),
            id: None,
            seconds: 0,
            leg: None,
            stored: None,
            failure: None,
            tried_at: None,
        });
        self.write_sos(None)
    }

    /// The episode under way has lasted `lasted`, in `leg` as last said: its row follows
    /// when its whole seconds or its leg changed; episodes whose rows are behind are
    /// tried again.
    /// `now` is the moment of this save: a row the store refused is tried again at
    /// most once a second.
    pub fn sos_progress(
        &mut self,
        lasted: Duration,
        leg: Option<Leg>,
        now: Instant,
    ) -> Result<(), StoreError> {
        self.follow_sos(lasted, leg);
        self.write_sos(Some(now))
    }

    /// The episode ended after `lasted`, in `leg`: its row says so.
    pub fn end_sos(&mut self, lasted: Duration, leg: Option<Leg>) -> Result<(), StoreError> {
        self.follow_sos(lasted, leg);
        let written = self.write_sos(None);
        self.sos_ended.extend(self.sos.take());
        written
    }

    /// What the open episode says now.
    fn follow_sos(&mut self, lasted: Duration, leg: Option<Leg>) {
        if let Some(writer) = self.sos.as_mut() {
            writer.seconds = seconds(lasted);
            writer.leg = leg;
        }
    }

    /// The SOS was opened by mistake: its row is removed, or never written.
    pub fn forget_sos(&mut self) -> Result<(), StoreError> {
        match self.sos.take().and_then(|writer| writer.id) {
            Some(id) => self.store.forget_sos(id),
            None => Ok(()),
        }
    }

    /// Episodes whose rows are behind what they say are tried again (none is open).
    pub fn retry_sos(&mut self, now: Instant) -> Result<(), StoreError> {
        if self.sos_ended.iter().all(|writer| writer.failure.is_none()) {
            return Ok(());
        }
        self.write_sos(Some(now))
    }

    /// Why an episode's row is behind what it should say, while one is.
    pub fn sos_unsaved(&self) -> Option<&str> {
        self.sos
            .iter()
            .chain(&self.sos_ended)
            .find_map(|writer| writer.failure.as_deref())
    }

    /// When an episode's refused row is next to be tried again, while one waits.
    pub fn next_sos_retry(&self) -> Option<Instant> {
        self.sos
            .iter()
            .chain(&self.sos_ended)
            .filter_map(SosWriter::next_retry)
            .min()
    }

    /// The app is closing: one last try, then each episode of this evening as the
    /// history holds it, or where it was kept (a recovery file in `folder`) when the
    /// store would not take it.
    pub fn close_sos(&mut self, folder: &Path) -> Vec<SosClosing> {
        let _ = self.write_sos(None);
        self.sos_ended.extend(self.sos.take());
        let night = self.night;
        std::mem::take(&mut self.sos_ended)
            .iter()
            .map(|writer| writer.closing(folder, night))
            .collect()
    }

    /// Bring every episode's row in line with what it says, each in its own write.
    fn write_sos(&mut self, now: Option<Instant>) -> Result<(), StoreError> {
        let night = self.night;
        let mut result = Ok(());
        for writer in self.sos.iter_mut().chain(&mut self.sos_ended) {
            if let Err(err) = writer.write(self.store, night, now) {
                result = Err(err);
            }
        }
        result
    }
}
