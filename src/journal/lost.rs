//! Whether the database file is still where it was opened (a data folder removed
//! under a running evening), looked at no more often than it needs to be.
//!
//! A look walks the file's path (a `stat`): while a hold counts it was the largest
//! single cost of a second (BENCHMARKS.md, "Counting CPU"). So a wake-up that only
//! brings time passing looks at most once every [`LOOK_EVERY`], as often as the
//! place of a running hold is saved; a key, a signal or a change looks at once,
//! so nothing the user does is answered as if the file were still there.

use std::time::{Duration, Instant};

use super::{Journal, PROGRESS_EVERY};

/// How long a wake-up that only brings time passing may go without looking.
const LOOK_EVERY: Duration = PROGRESS_EVERY;

impl Journal<'_> {
    /// Why the database file is no longer where it was opened, when it is not:
    /// looked at now when `prompted` (the wake-up brought something besides time) or
    /// when the last look is [`LOOK_EVERY`] old; otherwise `None` without looking.
    pub fn file_gone(&mut self, now: Instant, prompted: bool) -> Option<String> {
        let recent = self
            .looked_for_loss
            .is_some_and(|at| now.saturating_duration_since(at) < LOOK_EVERY);
        if recent && !prompted {
            return None;
        }
        self.looked_for_loss = Some(now);
        self.store.file_gone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::RoutineKey;
    use crate::store::Store;

    /// A journal that looked once at `start` and found its file, whose folder was
    /// then removed, handed to `check`.
    fn with_folder_removed(check: impl FnOnce(&mut Journal, Instant)) {
        let home = tempfile::tempdir().expect("a folder");
        let mut store = Store::open(&home.path().join("winddown.db")).expect("a store");
        let key = RoutineKey {
            id: "leg-cramps".into(),
            hash: "h".into(),
        };
        let night = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).expect("a date");
        let mut journal = Journal::new(&mut store, key, night, None);
        let start = Instant::now();
        assert_eq!(journal.file_gone(start, false), None);
        std::fs::remove_dir_all(home.path()).expect("removed");
        check(&mut journal, start);
    }

    fn deleted(said: Option<String>) -> bool {
        said.is_some_and(|why| why.ends_with("winddown.db was deleted"))
    }

    #[test]
    fn a_removed_folder_is_seen_at_once_when_the_user_acts() {
        with_folder_removed(|journal, start| {
            assert!(deleted(
                journal.file_gone(start + Duration::from_millis(200), true)
            ));
        });
    }

    #[test]
    fn while_only_time_passes_it_is_looked_at_every_five_seconds() {
        with_folder_removed(|journal, start| {
            // One-second ticks: not looked at again before five seconds have passed ...
            for second in 1..5 {
                let tick = start + Duration::from_secs(second);
                assert_eq!(journal.file_gone(tick, false), None, "second {second}");
            }
            // ... and seen at the tick that makes five.
            assert!(deleted(
                journal.file_gone(start + Duration::from_secs(5), false)
            ));
        });
    }
}
