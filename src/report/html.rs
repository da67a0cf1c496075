//! The report as one self-contained HTML page: inline CSS and SVG, no script,
//! nothing fetched (its Content-Security-Policy forbids both), readable on a
//! phone and printed on one page for four weeks.

use std::fmt::Write;
use std::time::Duration;

use chrono::NaiveDate;

use super::markdown::long_episodes_flag;
use super::{DOCTOR_LINES, NOT_A_DIAGNOSIS, Report, charts, percent};
use crate::model::Leg;
use crate::plural;
use crate::printable;
use crate::routine::format_duration;

mod cramps;

/// The page's style: screen first, then what printing changes.
const STYLE: &str = include_str!("page.css");

/// The report as an HTML page. Every piece of user text (notes, routine and step
/// names, rest reasons) is escaped, with control and invisible formatting
/// characters shown as escapes, and isolated in `<bdi>` so right-to-left text
/// cannot reorder the line around it.
pub fn html(report: &Report) -> String {
    let mut page = String::with_capacity(24 * 1024 + 400 * report.nights.len());
    // Writing to a String cannot fail.
    let _ = write_page(&mut page, report);
    page
}

fn write_page(page: &mut String, report: &Report) -> std::fmt::Result {
    let period = report.period;
    writeln!(page, "<!DOCTYPE html>")?;
    writeln!(page, r#"<html lang="en">"#)?;
    writeln!(page, "<head>")?;
    writeln!(page, r#"<meta charset="utf-8">"#)?;
    writeln!(
        page,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(
        page,
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#
    )?;
    writeln!(
        page,
        "<title>Leg-cramp diary, {} to {}</title>",
        period.first.format("%-d %b %Y"),
        period.last.format("%-d %b %Y")
    )?;
    writeln!(page, "<style>\n{STYLE}</style>")?;
    writeln!(page, "</head>")?;
    writeln!(page, "<body>")?;
    writeln!(page, "<main>")?;
    header(page, report)?;
    cramps::section(page, report)?;
    routine(page, report)?;
    episodes(page, report)?;
    experiment(page, report)?;
    notes(page, report)?;
    safety(page, report)?;
    writeln!(page, "</main>")?;
    writeln!(page, "</body>")?;
    writeln!(page, "</html>")
}

/// User text made safe for the page: control and invisible formatting characters
/// shown as escapes (as on a terminal), then `& < > " '` as entities.
pub(super) fn escape(text: &str) -> String {
    let shown = printable::line(text);
    let mut out = String::with_capacity(shown.len() + 16);
    for ch in shown.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// User text in running text: escaped, and isolated from the text around it.
fn user(text: &str) -> String {
    format!("<bdi>{}</bdi>", escape(text))
}

fn long_date(night: NaiveDate) -> String {
    night.format("%a %-d %b %Y").to_string()
}

fn short_date(night: NaiveDate) -> String {
    night.format("%a %-d %b").to_string()
}

fn length(seconds: u32) -> String {
    format_duration(Duration::from_secs(u64::from(seconds)))
}

/// Who and when: the period, the nights on record, check-ins answered, the
/// routine; and the long episodes, flagged before anything else.
fn header(page: &mut String, report: &Report) -> std::fmt::Result {
    let period = report.period;
    let counts = report.night_counts();
    let totals = report.checkin_totals();
    writeln!(page, "<header>")?;
    writeln!(page, "<h1>Leg-cramp diary</h1>")?;
    writeln!(
        page,
        r#"<p class="print-only write-in">Name: <span class="blank"></span></p>"#
    )?;
    writeln!(page, r#"<dl class="who">"#)?;
    writeln!(
        page,
        "<div><dt>Period</dt><dd>{} to {} ({}, {})</dd></div>",
        long_date(period.first),
        long_date(period.last),
        plural::count(period.weeks, "week"),
        plural::count(report.nights.len(), "night")
    )?;
    let since = report
        .nights
        .iter()
        .find(|night| night.status.is_some())
        .map(|night| night.night)
        .filter(|first| *first > period.first)
        .map_or_else(String::new, |first| {
            format!(" (the diary starts {})", short_date(first))
        });
    writeln!(
        page,
        "<div><dt>Nights recorded</dt><dd>{}{since}</dd></div>",
        counts.recorded
    )?;
    writeln!(
        page,
        "<div><dt>Check-ins answered</dt><dd>{}</dd></div>",
        plural::of(totals.answered, counts.recorded, "night")
    )?;
    if !report.routines.is_empty() {
        let names: Vec<String> = report.routines.iter().map(|name| user(name)).collect();
        writeln!(
            page,
            "<div><dt>{}</dt><dd>{}</dd></div>",
            if names.len() == 1 {
                "Routine"
            } else {
                "Routines"
            },
            names.join(", ")
        )?;
    }
    writeln!(page, "</dl>")?;
    if let Some(flag) = long_episodes_flag(report) {
        let when: Vec<String> = report
            .long_episodes()
            .map(|episode| format!("{}, {}", short_date(episode.night), length(episode.seconds)))
            .collect();
        writeln!(
            page,
            r#"<p class="flag"><strong>{flag}</strong> ({})</p>"#,
            when.join("; ")
        )?;
    }
    writeln!(page, "</header>")
}

/// The routine: how the nights went, and each step's share of them.
fn routine(page: &mut String, report: &Report) -> std::fmt::Result {
    let counts = report.night_counts();
    writeln!(page, r#"<section aria-labelledby="routine-h">"#)?;
    writeln!(page, r#"<h2 id="routine-h">The evening routine</h2>"#)?;
    if counts.recorded == 0 {
        writeln!(page, "<p>No nights recorded in this period.</p>")?;
        return writeln!(page, "</section>");
    }
    let mut parts = vec![
        format!("completed {}", counts.completed),
        format!("partial {}", counts.partial),
    ];
    if counts.unfinished > 0 {
        parts.push(format!("started, not finished {}", counts.unfinished));
    }
    parts.push(format!("rest nights {}", counts.rest));
    parts.push(format!("missed {}", counts.missed));
    writeln!(
        page,
        r#"<p class="facts">Of the {} recorded: {}.</p>"#,
        plural::count(counts.recorded, "night"),
        parts.join(", ")
    )?;
    if report.steps.is_empty() {
        writeln!(page, "<p>No steps recorded in this period.</p>")?;
        return writeln!(page, "</section>");
    }
    writeln!(page, r#"<table class="steps">"#)?;
    writeln!(
        page,
        "<caption>Each step, out of the {}. Done: every hold held to its end; cut short: \
         left before that; not run: no routine that night, a rest night, or the run ended \
         before the step.</caption>",
        plural::count(counts.recorded, "night")
    )?;
    writeln!(
        page,
        r#"<thead><tr><th scope="col">Step</th><th scope="col">Done</th><th scope="col">Cut short</th><th scope="col">Skipped</th><th scope="col">Not run</th><th scope="col" class="bar-cell"><span class="pair-key"><span class="key bar"></span>done</span> <span class="pair-key"><span class="key cut-short"></span>cut short</span> <span class="pair-key"><span class="key skipped"></span>skipped</span> <span class="pair-key"><span class="key not-run"></span>not run</span></th></tr></thead>"#
    )?;
    writeln!(page, "<tbody>")?;
    for (index, step) in report.steps.iter().enumerate() {
        let share = |n: usize| format!("{n} ({}%)", percent(n, step.nights));
        let title = format!(
            "{}: nights done, cut short, skipped and not run",
            escape(&step.title)
        );
        let desc = format!(
            "Done {}, cut short {}, skipped {}, not run {}, of {}.",
            share(step.done),
            share(step.cut_short),
            share(step.skipped),
            share(step.not_run()),
            plural::count(step.nights, "night")
        );
        writeln!(
            page,
            r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="bar-cell">{}</td></tr>"#,
            user(&step.title),
            share(step.done),
            share(step.cut_short),
            share(step.skipped),
            share(step.not_run()),
            charts::step_bar(step, &format!("step-{}", index + 1), &title, &desc)
        )?;
    }
    writeln!(page, "</tbody>")?;
    writeln!(page, "</table>")?;
    writeln!(page, "</section>")
}

/// SOS episodes: the totals, a dot per episode, and the episodes as a table.
fn episodes(page: &mut String, report: &Report) -> std::fmt::Result {
    writeln!(page, r#"<section aria-labelledby="sos-h">"#)?;
    writeln!(
        page,
        r#"<h2 id="sos-h">Cramps eased with the SOS screen</h2>"#
    )?;
    let Some(longest) = report.episodes.iter().map(|e| e.seconds).max() else {
        writeln!(page, "<p>No episodes recorded in this period.</p>")?;
        return writeln!(page, "</section>");
    };
    let total: u32 = report.episodes.iter().map(|e| e.seconds).sum();
    let long = report.long_episodes().count();
    writeln!(
        page,
        r#"<p class="facts">{}, {} in all; longest {}; longer than 10 minutes: {}.</p>"#,
        plural::count(report.episodes.len(), "episode"),
        length(total),
        length(longest),
        if long == 0 {
            "none".to_string()
        } else {
            long.to_string()
        }
    )?;
    let title = format!(
        "SOS episodes by night and length, {} to {}",
        report.period.first.format("%-d %b"),
        report.period.last.format("%-d %b %Y")
    );
    let desc = format!(
        "One dot per episode: across, the night; up, how long it lasted, from 0 to {} minutes. \
         The dashed line is 10 minutes; larger red dots lasted longer. {}, {} longer than 10 minutes. \
         The table beside gives every episode.",
        charts::scale_minutes(report),
        plural::count(report.episodes.len(), "episode"),
        long
    );
    writeln!(page, r#"<div class="pair">"#)?;
    writeln!(page, "<figure>")?;
    writeln!(page, "{}", charts::episodes(report, &title, &desc))?;
    writeln!(
        page,
        r#"<figcaption><ul class="legend"><li><span class="key dot"></span>an episode</li><li><span class="key dot long"></span>longer than 10 minutes</li><li><span class="key dash"></span>10 minutes</li></ul></figcaption>"#
    )?;
    writeln!(page, "</figure>")?;
    writeln!(page, r#"<table class="episodes">"#)?;
    writeln!(page, "<caption>Each episode, oldest first.</caption>")?;
    writeln!(
        page,
        r#"<thead><tr><th scope="col">Night</th><th scope="col">Began</th><th scope="col">Length</th><th scope="col">Leg</th></tr></thead>"#
    )?;
    writeln!(page, "<tbody>")?;
    for episode in &report.episodes {
        let lasted = if episode.seconds > super::LONG_EPISODE_SECONDS {
            format!(
                r#"<strong>{}</strong><span class="sr"> longer than 10 minutes</span>"#,
                length(episode.seconds)
            )
        } else {
            length(episode.seconds)
        };
        writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{lasted}</td><td>{}</td></tr>",
            short_date(episode.night),
            episode.started_at.format("%H:%M"),
            episode.leg.map_or("–", Leg::as_str)
        )?;
    }
    writeln!(page, "</tbody>")?;
    writeln!(page, "</table>")?;
    writeln!(page, "</div>")?;
    writeln!(page, "</section>")
}

/// An N-of-1 experiment in its own words: its result with its interval once it is
/// over (and that it is about this person only), or that one is under way.
fn experiment(page: &mut String, report: &Report) -> std::fmt::Result {
    if report.experiment.is_empty() {
        return Ok(());
    }
    writeln!(page, r#"<section aria-labelledby="experiment-h">"#)?;
    writeln!(
        page,
        r#"<h2 id="experiment-h">Experiment: does one step make a difference?</h2>"#
    )?;
    for line in &report.experiment {
        writeln!(page, "<p>{}</p>", escape(line))?;
    }
    writeln!(page, "</section>")
}

/// The notes written in check-ins.
fn notes(page: &mut String, report: &Report) -> std::fmt::Result {
    let mut notes = report.notes().peekable();
    if notes.peek().is_none() {
        return Ok(());
    }
    writeln!(page, r#"<section aria-labelledby="notes-h">"#)?;
    writeln!(page, r#"<h2 id="notes-h">Notes from the check-ins</h2>"#)?;
    writeln!(page, r#"<ul class="notes">"#)?;
    for (night, note) in notes {
        writeln!(page, "<li>{}: {}</li>", short_date(night), user(note))?;
    }
    writeln!(page, "</ul>")?;
    writeln!(page, "</section>")
}

/// When to see a doctor, and what this page is.
fn safety(page: &mut String, report: &Report) -> std::fmt::Result {
    writeln!(
        page,
        r#"<section aria-labelledby="doctor-h" class="safety">"#
    )?;
    writeln!(page, r#"<h2 id="doctor-h">When to see a doctor</h2>"#)?;
    writeln!(page, "<ul>")?;
    for line in DOCTOR_LINES {
        writeln!(page, "<li>{}</li>", escape(line))?;
    }
    writeln!(page, "</ul>")?;
    writeln!(
        page,
        r#"<p class="diary">{} Made on {}.</p>"#,
        escape(NOT_A_DIAGNOSIS),
        long_date(report.made_on)
    )?;
    writeln!(page, "</section>")
}
