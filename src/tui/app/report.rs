//! The stats screen's data: read from the store when the user opens it, never per frame.

use chrono::NaiveDate;

use crate::model::NightStatus;
use crate::stats::{StepRate, Streaks};

use super::{App, Request, Stage};

/// Nights the calendar shows: sixteen weeks.
pub const CALENDAR_NIGHTS: i64 = 16 * 7;

/// Everything the stats screen shows, gathered in one go.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsView {
    /// Current and best streak.
    pub streaks: Streaks,
    /// The calendar: each of the last sixteen weeks' nights, oldest first, with its
    /// status (`None` before the first record) and its cramp count when checked in.
    pub calendar: Vec<(NaiveDate, Option<NightStatus>, Option<u8>)>,
    /// How often each step was done when it came up.
    pub steps: Vec<StepRate>,
    /// Lines of insight about steps and cramps, with the caveat last.
    pub insights: Vec<String>,
}

impl StatsView {
    /// Cramps per night over the calendar's checked-in nights, for the sparkline.
    pub fn cramps(&self) -> Vec<u64> {
        self.calendar
            .iter()
            .filter_map(|(_, _, cramps)| cramps.map(u64::from))
            .collect()
    }

    /// The mean of the last seven check-ins, when there are any.
    pub fn seven_night_average(&self) -> Option<f64> {
        let cramps = self.cramps();
        let last: Vec<u64> = cramps.iter().rev().take(7).copied().collect();
        (!last.is_empty()).then(|| last.iter().sum::<u64>() as f64 / last.len() as f64)
    }
}

impl App {
    /// Ask the loop for the stats screen's data (`t` on the home screen).
    pub(super) fn open_stats(&mut self) -> bool {
        self.requests.push(Request::LoadStats);
        true
    }

    /// The loop read the data: show the stats screen.
    pub fn show_stats(&mut self, view: StatsView) {
        self.stage = Stage::Stats(Box::new(view));
    }
}
