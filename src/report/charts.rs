//! The page's charts as inline SVG: cramps per night, each step's share of
//! nights, and SOS episodes by night and length.
//!
//! Every chart is an `<svg role="img">` with a `<title>` and a `<desc>`; the
//! numbers are also in a table beside it (html.rs), so the picture is never the
//! only way to read them. Colours come from [`palette`]; shapes differ as well as
//! colours, so a black-and-white print still tells them apart.

use std::fmt::Write;

use chrono::NaiveDate;

use super::{LONG_EPISODE_SECONDS, Night, Report, StepShare};
use crate::model::{MAX_CRAMPS, NightStatus};

/// The charts' colours (also used by the legends' keys in the page's CSS).
pub mod palette {
    /// A bar of cramps; a step done; an SOS episode.
    pub const BAR: &str = "#1f4e79";
    /// A night checked in with no cramps.
    pub const ZERO: &str = "#2e7d32";
    /// The hatching of a night with no check-in.
    pub const NO_DATA: &str = "#b3b3b3";
    /// The ground under the hatching.
    pub const NO_DATA_GROUND: &str = "#f2f2f2";
    /// A rest night's mark.
    pub const REST: &str = "#a14f00";
    /// A step cut short: begun, not held to the end (a lighter blue than done).
    pub const CUT_SHORT: &str = "#7fa7d3";
    /// A step skipped.
    pub const SKIPPED: &str = "#e8a358";
    /// A step not run.
    pub const NOT_RUN: &str = "#e3e3e3";
    /// An episode longer than ten minutes, and the ten-minute line.
    pub const LONG: &str = "#b00020";
    /// Grid lines.
    pub const GRID: &str = "#d6d6d6";
    /// Axes and labels.
    pub const INK: &str = "#404040";
}

/// The width of the full-width charts' coordinates.
const WIDE: f64 = 600.0;
/// Labels' size in chart coordinates.
const LABEL: f64 = 11.0;

/// Where each night of the period sits across a chart.
struct Columns {
    left: f64,
    width: f64,
    count: usize,
}

impl Columns {
    fn step(&self) -> f64 {
        self.width / self.count.max(1) as f64
    }

    /// The centre of night `index`'s column.
    fn centre(&self, index: usize) -> f64 {
        self.left + (index as f64 + 0.5) * self.step()
    }

    /// A date under the first night of every `every`-th week, as many as fit.
    fn date_labels(&self, nights: &[NaiveDate], baseline: f64, svg: &mut String) {
        // "13 May" is about five label-widths of 0.6 em; keep a gap as wide again.
        let per_week = self.step() * 7.0;
        let every = ((LABEL * 0.6 * 7.0) / per_week).ceil().max(1.0) as usize;
        for (index, night) in nights.iter().enumerate().step_by(7 * every) {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" font-size="{LABEL}" text-anchor="start" fill="{}">{}</text>"#,
                num(self.centre(index) - self.step() / 2.0),
                num(baseline),
                palette::INK,
                night.format("%-d %b")
            );
        }
    }
}

/// A coordinate with at most one decimal.
fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// The opening of a chart: its size, role and accessible name.
fn open(svg: &mut String, id: &str, width: f64, height: f64, title: &str, desc: &str) {
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-labelledby="{id}-title {id}-desc" class="chart" id="{id}" font-family="sans-serif"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"#,
        num(width),
        num(height)
    );
}

/// Cramps per night: a bar per night checked in (a dot on the line for none),
/// hatching for a night with no check-in, a triangle under a rest night, and the
/// worst pain above, where given. Nights before the diary began are left blank.
pub(super) fn cramps(report: &Report, title: &str, desc: &str) -> String {
    const TOP: f64 = 20.0;
    const BASE: f64 = 92.0;
    const PAIN: f64 = 11.0;
    const HEIGHT: f64 = 122.0;
    let columns = Columns {
        left: 30.0,
        width: WIDE - 34.0,
        count: report.nights.len(),
    };
    let per_cramp = (BASE - TOP) / f64::from(MAX_CRAMPS);
    let mut svg = String::with_capacity(256 * report.nights.len() + 2048);
    open(&mut svg, "cramps-chart", WIDE, HEIGHT, title, desc);
    let _ = write!(
        svg,
        r#"<defs><pattern id="no-checkin" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="{}"/><rect width="1.6" height="5" fill="{}"/></pattern></defs>"#,
        palette::NO_DATA_GROUND,
        palette::NO_DATA
    );
    // The scale: a line and a label for each count, "3+" at the top.
    for cramps in 0..=MAX_CRAMPS {
        let y = BASE - f64::from(cramps) * per_cramp;
        let label = if cramps == MAX_CRAMPS {
            format!("{cramps}+")
        } else {
            cramps.to_string()
        };
        let _ = write!(
            svg,
            r#"<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="{}" stroke-width="1"/><text x="{}" y="{}" font-size="{LABEL}" text-anchor="end" fill="{}">{label}</text>"#,
            num(columns.left),
            num(columns.left + columns.width),
            if cramps == 0 {
                palette::INK
            } else {
                palette::GRID
            },
            num(columns.left - 5.0),
            num(y + LABEL * 0.35),
            palette::INK,
            y = num(y),
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" font-size="{LABEL}" text-anchor="end" fill="{}">pain</text>"#,
        num(columns.left - 5.0),
        num(PAIN),
        palette::INK
    );
    let step = columns.step();
    let pain_size = LABEL.min(step * 0.48);
    for (index, night) in report.nights.iter().enumerate() {
        let centre = columns.centre(index);
        let bar = (step * 0.7).max(1.0);
        night_mark(&mut svg, night, centre, bar, (TOP, BASE, per_cramp));
        if let Some(pain) = night.checkin.as_ref().and_then(super::shown_pain) {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{}">{pain}</text>"#,
                num(centre),
                num(PAIN),
                num(pain_size),
                palette::INK
            );
        }
        if matches!(night.status, Some(NightStatus::Rest(_))) {
            let half = (step * 0.35).min(5.0);
            let _ = write!(
                svg,
                r#"<path class="rest" d="M{} {}L{} {}L{} {}Z" fill="{}"/>"#,
                num(centre - half),
                num(BASE + 4.0),
                num(centre + half),
                num(BASE + 4.0),
                num(centre),
                num(BASE + 4.0 + half * 1.6),
                palette::REST
            );
        }
    }
    let nights: Vec<NaiveDate> = report.nights.iter().map(|n| n.night).collect();
    columns.date_labels(&nights, HEIGHT - 6.0, &mut svg);
    svg.push_str("</svg>");
    svg
}

/// One night's mark on the cramps chart: a bar, a dot for none, or hatching.
fn night_mark(svg: &mut String, night: &Night, centre: f64, bar: f64, scale: (f64, f64, f64)) {
    let (top, base, per_cramp) = scale;
    match (&night.checkin, &night.status) {
        (Some(checkin), _) if checkin.cramps > 0 => {
            let height = f64::from(checkin.cramps.min(MAX_CRAMPS)) * per_cramp;
            let _ = write!(
                svg,
                r#"<rect class="cramps" x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
                num(centre - bar / 2.0),
                num(base - height),
                num(bar),
                num(height),
                palette::BAR
            );
        }
        (Some(_), _) => {
            let _ = write!(
                svg,
                r#"<circle class="no-cramps" cx="{}" cy="{}" r="{}" fill="{}"/>"#,
                num(centre),
                num(base - 4.0),
                num((bar / 2.0).min(4.0)),
                palette::ZERO
            );
        }
        // On record, but not checked in.
        (None, Some(_)) => {
            let _ = write!(
                svg,
                r#"<rect class="no-checkin" x="{}" y="{}" width="{}" height="{}" fill="url(#no-checkin)"/>"#,
                num(centre - bar / 2.0),
                num(top),
                num(bar),
                num(base - top)
            );
        }
        // Before the diary began: nothing to show.
        (None, None) => {}
    }
}

/// One step's nights as a bar: done, cut short, skipped and not run, left to
/// right, each as wide as its share.
pub(super) fn step_bar(step: &StepShare, id: &str, title: &str, desc: &str) -> String {
    const WIDTH: f64 = 120.0;
    const HEIGHT: f64 = 14.0;
    let mut svg = String::with_capacity(1024);
    open(&mut svg, id, WIDTH, HEIGHT, title, desc);
    let mut x = 0.0;
    let whole = step.nights.max(1) as f64;
    for (class, count, fill) in [
        ("done", step.done, palette::BAR),
        ("cut-short", step.cut_short, palette::CUT_SHORT),
        ("skipped", step.skipped, palette::SKIPPED),
        ("not-run", step.not_run(), palette::NOT_RUN),
    ] {
        if count == 0 {
            continue;
        }
        let width = WIDTH * count as f64 / whole;
        let _ = write!(
            svg,
            r#"<rect class="{class}" x="{}" y="1" width="{}" height="{}" fill="{fill}"/>"#,
            num(x),
            num(width),
            num(HEIGHT - 2.0)
        );
        x += width;
    }
    svg.push_str("</svg>");
    svg
}

/// SOS episodes: a dot per episode, across by night and up by length, with a
/// dashed line at ten minutes; longer episodes larger and red.
pub(super) fn episodes(report: &Report, title: &str, desc: &str) -> String {
    const WIDTH: f64 = 360.0;
    const TOP: f64 = 14.0;
    const BASE: f64 = 102.0;
    const HEIGHT: f64 = 126.0;
    let columns = Columns {
        left: 28.0,
        width: WIDTH - 34.0,
        count: report.nights.len(),
    };
    let top_minutes = scale_minutes(report);
    let y_of = |seconds: f64| BASE - seconds / 60.0 / f64::from(top_minutes) * (BASE - TOP);
    let mut svg = String::with_capacity(512 * report.episodes.len() + 2048);
    open(&mut svg, "sos-chart", WIDTH, HEIGHT, title, desc);
    for minutes in (0..=top_minutes).step_by(5) {
        let y = y_of(f64::from(minutes) * 60.0);
        let (stroke, dash) = match minutes {
            0 => (palette::INK, ""),
            10 => (palette::LONG, r#" stroke-dasharray="4 3""#),
            _ => (palette::GRID, ""),
        };
        let _ = write!(
            svg,
            r#"<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="{stroke}" stroke-width="1"{dash}/><text x="{}" y="{}" font-size="{LABEL}" text-anchor="end" fill="{}">{minutes}</text>"#,
            num(columns.left),
            num(columns.left + columns.width),
            num(columns.left - 4.0),
            num(y + LABEL * 0.35),
            palette::INK,
            y = num(y),
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" font-size="{LABEL}" text-anchor="start" fill="{}">min</text>"#,
        num(columns.left + 3.0),
        num(TOP - 2.0),
        palette::INK
    );
    let nights: Vec<NaiveDate> = report.nights.iter().map(|n| n.night).collect();
    for episode in &report.episodes {
        let Some(index) = nights.iter().position(|night| *night == episode.night) else {
            continue;
        };
        let long = episode.seconds > LONG_EPISODE_SECONDS;
        let (class, radius, fill) = if long {
            ("long", 5.5, palette::LONG)
        } else {
            ("episode", 4.0, palette::BAR)
        };
        let _ = write!(
            svg,
            r#"<circle class="{class}" cx="{}" cy="{}" r="{radius}" fill="{fill}" stroke="white" stroke-width="1"/>"#,
            num(columns.centre(index)),
            num(y_of(f64::from(episode.seconds)))
        );
    }
    columns.date_labels(&nights, HEIGHT - 6.0, &mut svg);
    svg.push_str("</svg>");
    svg
}

/// The top of the SOS chart's scale, in minutes: 15, or the longest episode
/// rounded up to the next 5.
pub(super) fn scale_minutes(report: &Report) -> u32 {
    let longest = report.episodes.iter().map(|e| e.seconds).max().unwrap_or(0);
    let minutes = longest.div_ceil(60);
    minutes.div_ceil(5).saturating_mul(5).max(15)
}
