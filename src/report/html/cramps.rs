//! The page's cramps section: the totals, the chart of cramps per night, and the
//! nights as a calendar table of weeks.

use std::fmt::Write;

use chrono::Datelike;

use crate::model::{Leg, MAX_CRAMPS, NightStatus};
use crate::plural;
use crate::report::{Night, Report, charts, pain_phrase, shown_pain};

/// Cramps per night: the totals, the chart, and the nights as a calendar table.
pub(super) fn section(page: &mut String, report: &Report) -> std::fmt::Result {
    let counts = report.night_counts();
    let totals = report.checkin_totals();
    writeln!(page, r#"<section aria-labelledby="cramps-h">"#)?;
    writeln!(page, r#"<h2 id="cramps-h">Cramps per night</h2>"#)?;
    if counts.recorded == 0 {
        writeln!(page, "<p>No nights recorded in this period.</p>")?;
        return writeln!(page, "</section>");
    }
    let mut facts = vec![format!(
        "Checked in on {}",
        plural::of(totals.answered, counts.recorded, "night")
    )];
    if totals.answered > 0 {
        facts.push(format!(
            "{} in all, {:.1} a night (\"3 or more\" counted as 3), on {}",
            plural::count(totals.cramps, "cramp"),
            f64::from(totals.cramps) / totals.answered as f64,
            plural::count(totals.nights_with_cramps, "night")
        ));
        facts.push(format!("pain{}", pain_phrase(&totals)));
        facts.push(match totals.minutes {
            Some((minutes, nights)) => format!(
                "{} of cramp, on the {} that gave them",
                plural::count(minutes, "minute"),
                plural::count(nights, "night")
            ),
            None => "cramp minutes not given".to_string(),
        });
        let legs: Vec<String> = [Leg::Left, Leg::Right, Leg::Both]
            .into_iter()
            .map(|leg| {
                let n = report.checkins().filter(|c| c.leg == Some(leg)).count();
                format!("{} {n}", leg.as_str())
            })
            .collect();
        facts.push(format!("legs (nights): {}", legs.join(", ")));
    }
    writeln!(page, r#"<p class="facts">{}.</p>"#, facts.join("; "))?;
    let title = format!(
        "Cramps per night, {} to {}",
        report.period.first.format("%-d %b"),
        report.period.last.format("%-d %b %Y")
    );
    let desc = format!(
        "One column per night. A bar is the number of cramps told the next morning (0 to 3 or more); \
         a green dot on the line: a night checked in with no cramps; hatching: no check-in; \
         a triangle under the line: a rest night; the number above: the worst pain (0 to 10). \
         {} checked in, {} in all. The table below gives every night.",
        plural::of(totals.answered, counts.recorded, "night"),
        plural::count(totals.cramps, "cramp")
    );
    writeln!(page, "<figure>")?;
    writeln!(page, "{}", charts::cramps(report, &title, &desc))?;
    writeln!(
        page,
        r#"<figcaption><ul class="legend"><li><span class="key bar"></span>cramps</li><li><span class="key zero"></span>no cramps</li><li><span class="key hatch"></span>no check-in</li><li><span class="key rest"></span>rest night</li><li><span class="key pain">6</span>worst pain</li></ul></figcaption>"#
    )?;
    writeln!(page, "</figure>")?;
    calendar(page, report)?;
    writeln!(page, "</section>")
}

/// The nights as a table of weeks: a row a week, a column a weekday.
fn calendar(page: &mut String, report: &Report) -> std::fmt::Result {
    writeln!(page, r#"<table class="calendar">"#)?;
    writeln!(
        page,
        "<caption>Each night: cramps (3+ is three or more), then the worst pain (0–10) where given; \
         – no check-in; blank: before the diary began.</caption>"
    )?;
    write!(page, r#"<thead><tr><th scope="col">Week of</th>"#)?;
    for offset in 0..7 {
        let day = report.period.first + chrono::Days::new(offset);
        write!(page, r#"<th scope="col">{}</th>"#, day.format("%a"))?;
    }
    writeln!(page, "</tr></thead>")?;
    writeln!(page, "<tbody>")?;
    for week in report.nights.chunks(7) {
        let (Some(first), Some(last)) = (week.first(), week.last()) else {
            continue;
        };
        let from = if first.night.month() == last.night.month() {
            first.night.format("%-d")
        } else {
            first.night.format("%-d %b")
        };
        write!(
            page,
            r#"<tr><th scope="row">{from}–{}</th>"#,
            last.night.format("%-d %b")
        )?;
        for night in week {
            write!(page, "<td>{}</td>", calendar_cell(night))?;
        }
        writeln!(page, "</tr>")?;
    }
    writeln!(page, "</tbody>")?;
    writeln!(page, "</table>")
}

/// One night in the calendar: "2, pain 6", "0", a dash for no check-in, and
/// "rest" under it on a rest night.
fn calendar_cell(night: &Night) -> String {
    let Some(status) = &night.status else {
        return r#"<span class="sr">before the diary</span>"#.to_string();
    };
    let mut cell = match &night.checkin {
        Some(checkin) => {
            let cramps = if checkin.cramps >= MAX_CRAMPS {
                format!("{MAX_CRAMPS}+")
            } else {
                checkin.cramps.to_string()
            };
            match shown_pain(checkin) {
                Some(pain) => format!("{cramps}, pain {pain}"),
                None => cramps,
            }
        }
        None => {
            r#"<span aria-hidden="true">–</span><span class="sr">no check-in</span>"#.to_string()
        }
    };
    if matches!(status, NightStatus::Rest(_)) {
        cell.push_str(r#" <span class="rest-night">rest</span>"#);
    }
    cell
}
