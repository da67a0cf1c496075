//! Which night it is, and which steps run on it.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// The evening a local moment belongs to: before `rollover` it is still the previous evening.
pub fn night_of(local: NaiveDateTime, rollover: NaiveTime) -> NaiveDate {
    todo!("{local}{rollover}")
}

/// Whether a step with these `days` runs on `night`; `None` means every night.
pub(crate) fn runs_on(days: Option<&[Weekday]>, night: NaiveDate) -> bool {
    todo!("{days:?}{night}")
}
