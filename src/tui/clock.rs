//! The wall clock the header shows, read without a time-zone lookup every second.

use std::time::{Duration, Instant};

use chrono::{FixedOffset, Local, NaiveDateTime};

/// The local wall clock for the header, read cheaply: the UTC time (no system
/// call) plus the local offset, which is looked up again at most once a minute,
/// so a countdown does not read the time zone every second. A daylight-saving
/// change shows within a minute.
pub(super) struct WallClock {
    offset: FixedOffset,
    looked_up: Instant,
}

impl WallClock {
    /// How long a looked-up offset is trusted.
    const OFFSET_FOR: Duration = Duration::from_secs(60);

    /// Looks the local offset up now.
    pub(super) fn new(now: Instant) -> WallClock {
        WallClock {
            offset: *Local::now().offset(),
            looked_up: now,
        }
    }

    /// The local wall time at `now` (an instant just read from the monotonic clock).
    pub(super) fn at(&mut self, now: Instant) -> NaiveDateTime {
        if now.saturating_duration_since(self.looked_up) >= Self::OFFSET_FOR {
            *self = WallClock::new(now);
        }
        crate::now::utc().with_timezone(&self.offset).naive_local()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_local_time_and_looks_the_offset_up_again_after_a_minute() {
        let start = Instant::now();
        let mut clock = WallClock::new(start);
        let shown = clock.at(start);
        let local = Local::now().naive_local();
        assert!(
            (local - shown).num_seconds().abs() <= 1,
            "{shown} vs {local}"
        );
        clock.at(start + Duration::from_secs(59));
        assert_eq!(clock.looked_up, start);
        let later = start + Duration::from_secs(61);
        clock.at(later);
        assert_eq!(clock.looked_up, later);
    }
}
