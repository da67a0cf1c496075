//! The stats screen's data: read from the store when the user opens it, never per frame.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::experiment::Reading;
use crate::insights;
use crate::model::{NightStatus, NightSteps, NightSummary, StepTally, night_by_night};
use crate::stats::{self, StepRate, Streaks};

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
    /// The insights about steps and cramps, each shown whole.
    pub insights: Vec<InsightGroup>,
}

/// Lines of the insights that are only ever shown together: a step's comparison with
/// its sample sizes and interval (the heading above the first one), or an
/// experiment's result with what it is about.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InsightGroup {
    /// Its lines, in order.
    pub lines: Vec<String>,
    /// Whether it compares nights with and without a step, so the caveat (these are
    /// correlations, not proof) must be on screen whenever it is.
    pub correlation: bool,
}

impl InsightGroup {
    /// Lines that need no caveat.
    pub fn plain(lines: Vec<String>) -> InsightGroup {
        InsightGroup {
            lines,
            correlation: false,
        }
    }
}

/// What the stats screen is made from, as read from the history.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsData {
    /// Every night up to tonight with its status.
    pub nights: Vec<NightSummary>,
    /// Cramps per checked-in night over the calendar's weeks.
    pub cramps: BTreeMap<NaiveDate, u8>,
    /// How often each step was done and skipped.
    pub tallies: Vec<StepTally>,
    /// Nights with both a run and a check-in.
    pub checked_nights: Vec<NightSteps>,
    /// The latest experiment, if any.
    pub experiment: Option<Reading>,
}

impl StatsView {
    /// The screen's contents for `night`, from what was read.
    pub fn new(data: &StatsData, night: NaiveDate) -> StatsView {
        let calendar = night_by_night(&data.nights, night, CALENDAR_NIGHTS)
            .into_iter()
            .map(|(day, status)| (day, status, data.cramps.get(&day).copied()))
            .collect();
        // Titles in the history may predate `check` refusing control characters.
        let mut tallies = data.tallies.clone();
        for tally in &mut tallies {
            tally.title = crate::printable::line(&tally.title).into_owned();
        }
        StatsView {
            streaks: stats::streaks(&data.nights, night),
            calendar,
            steps: stats::step_rates(&tallies),
            insights: insight_lines(&tallies, &data.checked_nights, data.experiment.as_ref()),
        }
    }

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
        self.lists.stats = 0;
        self.stage = Stage::Stats(Box::new(view));
    }

    /// The stats page read again after another process wrote: an open page shows
    /// `view` where it was scrolled to.
    pub fn refresh_stats(&mut self, view: StatsView) {
        if let Stage::Stats(shown) = &mut self.stage {
            **shown = view;
        }
    }

    /// Whether the stats page is open.
    pub fn shows_stats(&self) -> bool {
        matches!(self.stage, Stage::Stats(_))
    }
}

/// The insights: an experiment first (it outranks the comparisons), then an
/// explanation before there are nights to compare, or one group per step, the
/// heading with the first (the caveat is the screen's to show with them).
fn insight_lines(
    tallies: &[StepTally],
    checked_nights: &[NightSteps],
    experiment: Option<&Reading>,
) -> Vec<InsightGroup> {
    let mut groups: Vec<InsightGroup> = experiment
        .map(crate::experiment::summary_lines)
        .map(InsightGroup::plain)
        .into_iter()
        .collect();
    if checked_nights.is_empty() {
        groups.push(InsightGroup::plain(vec![
            "Insights: after nights with both a run and a check-in, this shows cramps per \
             night with and without each step."
                .to_string(),
        ]));
        return groups;
    }
    let mut heading = Some(format!(
        "Insights over {} with a run and a check-in:",
        crate::plural::count(checked_nights.len(), "night")
    ));
    for insight in insights::step_insights(tallies, checked_nights) {
        let line = insights::describe(&insight);
        let line = match experiment
            .and_then(|reading| crate::experiment::outranked(reading, &insight.step_id))
        {
            Some(note) => format!("{line} — {note}"),
            None => line,
        };
        groups.push(InsightGroup {
            lines: heading.take().into_iter().chain([line]).collect(),
            correlation: true,
        });
    }
    groups.extend(heading.map(|heading| InsightGroup::plain(vec![heading])));
    groups
}
