//! `winddown insights`: cramps per night with and without each step.

use std::io::Write;

use crate::columns;
use crate::insights::{CAVEAT, Estimate, MIN_NIGHTS, Side, needs_more, step_insights};
use chrono::NaiveDate;

use crate::experiment::Reading;
use crate::printable;
use crate::store::Store;

/// Writes the experiment first (it outranks the comparisons), then one row per step,
/// then the caveat. `tonight` is the evening the experiment is read on.
pub fn insights(store: &Store, tonight: NaiveDate, out: &mut impl Write) -> anyhow::Result<()> {
    let experiment = Reading::latest(store, tonight)?;
    if let Some(reading) = &experiment {
        for line in crate::experiment::summary_lines(reading) {
            writeln!(out, "{line}")?;
        }
        writeln!(out)?;
    }
    let nights = store.step_nights()?;
    let steps = store.step_tallies()?;
    if nights.is_empty() || steps.is_empty() {
        writeln!(
            out,
            "No nights with both a run and a check-in yet. \
             After a night with the routine, record it with `winddown checkin`."
        )?;
    } else {
        writeln!(
            out,
            "Cramps per night with and without each step, over {} with a run and a check-in.",
            crate::plural::count(nights.len(), "night")
        )?;
        writeln!(
            out,
            "A step needs {MIN_NIGHTS} nights done and {MIN_NIGHTS} not done (cut short is not done); \"3 or more\" counts as 3."
        )?;
        writeln!(out)?;
        let mut insights = step_insights(&steps, &nights);
        for insight in &mut insights {
            insight.title = printable::line(&insight.title).into_owned();
        }
        let width = insights
            .iter()
            .map(|insight| columns::width(&insight.title))
            .chain(Some("Step".len()))
            .max()
            .unwrap_or(0);
        writeln!(
            out,
            "{}  {:>4}  {:>5}  {:>8}  {:>5}  {:>9}  Difference (95% interval)",
            columns::pad_end("Step", width),
            "Done",
            "mean",
            "Not done",
            "mean",
            "Cut short"
        )?;
        for insight in &insights {
            let verdict = match insight.estimate {
                Estimate::Difference(d) => {
                    format!("{:+.2} ({:+.2} to {:+.2})", d.difference, d.low, d.high)
                }
                Estimate::NeedsMore { with, without } => needs_more(with, without),
                Estimate::AlwaysDone => "done every night: nothing to compare with".to_string(),
                Estimate::NoSpread => "the same every night each way: no interval yet".to_string(),
            };
            let verdict = match experiment
                .as_ref()
                .and_then(|reading| crate::experiment::outranked(reading, &insight.step_id))
            {
                Some(note) => format!("{verdict} — {note}"),
                None => verdict,
            };
            writeln!(
                out,
                "{}  {:>4}  {:>5}  {:>8}  {:>5}  {:>9}  {verdict}",
                columns::pad_end(&insight.title, width),
                insight.with.nights,
                mean(insight.with),
                insight.without.nights,
                mean(insight.without),
                insight.cut_short,
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{CAVEAT}")?;
    Ok(())
}

/// A mean to two decimals, or a dash with no nights.
fn mean(side: Side) -> String {
    side.mean
        .map_or_else(|| "-".to_string(), |mean| format!("{mean:.2}"))
}
