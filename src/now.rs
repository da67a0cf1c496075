//! The moment winddown takes as now, for which night it is and what the header shows.
//!
//! Debug builds (the ones `cargo test` runs) start at `WINDDOWN_TEST_NOW` when it is
//! set ("YYYY-MM-DD HH:MM", local time) and let time run on from there, so a test
//! can walk the real binary through chosen nights (an experiment's, say). Release
//! builds never read it.

use std::sync::OnceLock;

use chrono::{DateTime, Local, NaiveDateTime, TimeDelta, Utc};

/// The variable a debug build starts its clock from.
pub const TEST_NOW: &str = "WINDDOWN_TEST_NOW";

/// The local wall-clock time now.
pub fn local() -> NaiveDateTime {
    Local::now().naive_local() + shift()
}

/// The instant now.
pub fn utc() -> DateTime<Utc> {
    Utc::now() + shift()
}

/// How far the clock is moved: nothing, except in a debug build started with [`TEST_NOW`].
fn shift() -> TimeDelta {
    static SHIFT: OnceLock<TimeDelta> = OnceLock::new();
    *SHIFT.get_or_init(|| {
        if !cfg!(debug_assertions) {
            return TimeDelta::zero();
        }
        std::env::var(TEST_NOW)
            .ok()
            .and_then(|text| NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M").ok())
            .map_or_else(TimeDelta::zero, |start| start - Local::now().naive_local())
    })
}
