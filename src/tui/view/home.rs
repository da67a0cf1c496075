//! The home screen: tonight's plan, the streak, the last two weeks; and the
//! questions asked before a run (resume or restart, a rest night's reason).

use std::time::Duration;

use chrono::{NaiveDateTime, Timelike};
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Widget;

use crate::journal::Interrupted;
use crate::model::NightStatus;
use crate::plural;
use crate::tui::app::{App, Stage};

use super::fit::{fit_line, kept_together, longest_fitting, render_hints, wrap};
use super::overlays::render_dialog;
use super::plan::{render_plan, render_plan_title};
use super::{Row, stack};

/// One glyph per night for the two-week strip.
fn night_glyph(status: Option<&NightStatus>) -> char {
    let Some(status) = status else {
        return ' ';
    };
    match status {
        NightStatus::Completed => '●',
        NightStatus::Partial => '◐',
        NightStatus::Running | NightStatus::Abandoned => '○',
        NightStatus::Rest(_) => 'z',
        NightStatus::Missed => '·',
        NightStatus::NotYet => '?',
    }
}

/// What the strip's glyphs mean.
const STRIP_LEGEND: [(char, &str); 6] = [
    ('●', "done"),
    ('◐', "partial"),
    ('○', "unfinished"),
    ('z', "rest"),
    ('·', "missed"),
    ('?', "tonight"),
];

/// Where each part of the home screen goes.
fn areas(app: &App, area: Rect) -> [Rect; 14] {
    // With nothing scheduled, one line says so.
    let list_height = app.steps().len().max(1) as u16;
    stack(
        area.inner(Margin::new(1, 0)),
        [
            Row::Fixed(1),
            Row::Fixed(1),
            Row::Gap(1),
            Row::Fixed(1),
            // The experiment says why the plan is as it is: it comes before the steps.
            Row::UpTo(u16::from(!app.experiment_lines().is_empty())),
            Row::UpTo(list_height),
            Row::Gap(1),
            Row::Fixed(1),
            Row::Fill,
            Row::Fixed(1),
            Row::Fixed(1),
            Row::Fixed(1),
            Row::Gap(1),
            Row::Fixed(1),
        ],
    )
}

/// The rows tonight's plan has in the app's window.
pub(super) fn plan_area(app: &App) -> Rect {
    areas(app, app.area())[5]
}

/// The home screen: which routine, tonight's plan, when to start, the streak and
/// the last nights, and the keys.
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let steps = app.steps();
    let [
        header,
        about,
        _,
        plan_title,
        experiment,
        list,
        _,
        start_by,
        _,
        streak,
        strip,
        legend,
        _,
        footer,
    ] = areas(app, area);
    super::render_header(app, header, buf);
    render_about(app, about, buf);
    let total = crate::routine::length_of(steps);
    render_plan_title(app, total, plan_title, buf);
    render_plan(app, list, buf);
    let forms = start_by_forms(app, total);
    fit_line(
        Line::from(longest_fitting(&forms, usize::from(start_by.width)).to_string()),
        start_by.width,
    )
    .render(start_by, buf);
    render_experiment(&app.experiment_lines(), experiment, buf);
    render_streak(app, streak, buf);
    render_strip(app, strip, legend, buf);
    render_home_hints(app, footer, buf);
}

/// Which routine of several is open, or the routine's own line about itself.
fn render_about(app: &App, area: Rect, buf: &mut Buffer) {
    let (choices, chosen) = app.choices();
    let line = if choices.len() > 1 {
        let which = format!("Routine {} of {}", chosen + 1, choices.len());
        // The hint in the longest form that fits whole; none in the narrowest window
        // (help names the keys).
        let room = usize::from(area.width).saturating_sub(crate::columns::width(&which));
        let hint =
            longest_fitting(&[" · Tab or ←/→ to switch", " · Tab to switch", ""], room).to_string();
        Line::from(vec![
            Span::styled(which, Style::new().add_modifier(Modifier::BOLD)),
            Span::styled(hint, Style::new().add_modifier(Modifier::DIM)),
        ])
    } else if let Some(text) = &app.routine().about {
        Line::styled(text.as_str(), Style::new().add_modifier(Modifier::DIM))
    } else {
        return;
    };
    fit_line(line, area.width).render(area, buf);
}

/// The experiment's line in the longest form that fits, else the shortest cut to fit.
fn render_experiment(forms: &[String], area: Rect, buf: &mut Buffer) {
    fit_line(
        Line::styled(
            longest_fitting(forms, usize::from(area.width)).to_string(),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        area.width,
    )
    .render(area, buf);
}

/// "Streak: 12 nights · best 20".
fn render_streak(app: &App, area: Rect, buf: &mut Buffer) {
    let streaks = app.history().streaks;
    Line::from(vec![
        Span::styled(
            format!("Streak: {}", plural::count(streaks.current, "night")),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!(" · best {}", streaks.best)),
    ])
    .render(area, buf);
}

/// The last nights, a glyph each, and the legend below them.
fn render_strip(app: &App, strip: Rect, legend: Rect, buf: &mut Buffer) {
    // On a narrow screen the oldest nights give way, so tonight always shows.
    // The strip starts at the first night of use: no blank nights before it.
    let recent = &app.history().recent;
    let used = recent
        .iter()
        .position(|(_, status)| status.is_some())
        .map_or(&recent[recent.len()..], |first| &recent[first..]);
    let room = usize::from(strip.width).saturating_sub("Last 14 nights  ".len()) / 2;
    let shown = &used[used.len().saturating_sub(room)..];
    // Before the first night on record the strip would be tonight's "?" alone,
    // a question with nothing yet to answer it: it starts with the first night.
    if shown
        .iter()
        .all(|(_, status)| matches!(status, None | Some(NightStatus::NotYet)))
    {
        return;
    }
    let nights = match shown.len() {
        0 | 1 => "Tonight  ".to_string(),
        n => format!("Last {}  ", plural::count(n, "night")),
    };
    let mut strip_spans = vec![Span::raw(nights)];
    for (_, status) in shown {
        strip_spans.push(Span::raw(format!("{} ", night_glyph(status.as_ref()))));
    }
    Line::from(strip_spans).render(strip, buf);
    let drawn: Vec<char> = shown
        .iter()
        .map(|(_, status)| night_glyph(status.as_ref()))
        .collect();
    fit_line(
        Line::styled(
            super::legend(&STRIP_LEGEND, |glyph| drawn.contains(&glyph)),
            Style::new().add_modifier(Modifier::DIM),
        ),
        legend.width,
    )
    .render(legend, buf);
}

/// The home screen's keys; Enter resumes an interrupted run, or runs again once
/// tonight is done.
fn render_home_hints(app: &App, area: Rect, buf: &mut Buffer) {
    // Under the drawn schedule only its own keys (and the SOS) do anything.
    if let Stage::ExperimentOffer(..) = app.stage() {
        render_hints(
            &[("y", "start"), ("n", "cancel"), ("!", "cramp")],
            area,
            buf,
        );
        return;
    }
    if let Stage::ExperimentStep(_) = app.stage() {
        render_hints(
            &[
                ("Enter", "pick"),
                ("↑↓", "step"),
                ("Esc", "back"),
                ("!", "cramp"),
                ("?", "help"),
            ],
            area,
            buf,
        );
        return;
    }
    let tonight = app
        .history()
        .recent
        .last()
        .and_then(|(_, status)| status.as_ref());
    let done = app.done_tonight() || tonight == Some(&NightStatus::Completed);
    let enter = if app.unfinished().is_some() {
        "resume"
    } else if done {
        "run again"
    } else {
        "start"
    };
    let mut hints = vec![("Enter", enter), ("c", "check in")];
    // A night with a run behind it is no rest night.
    if !done {
        hints.push(("r", "rest night"));
    }
    hints.extend([
        ("t", "stats"),
        ("e", "edit"),
        ("!", "cramp"),
        ("?", "help"),
        ("q", "quit"),
    ]);
    render_hints(&hints, area, buf);
}

/// What tonight holds in time, in every form it has, longest first: when to start to
/// be in bed by bedtime, or when the routine ends if started now; or that tonight is
/// done or a rest night.
fn start_by_forms(app: &App, total: Duration) -> Vec<String> {
    let at = |time: NaiveDateTime| format!("{:02}:{:02}", time.hour(), time.minute());
    if let (Some(session), Some(ended)) = (app.session(), app.finished_at()) {
        let ended = at(ended);
        return vec![
            format!("Done tonight at {ended} · {}.", session.tally().describe()),
            format!("Done tonight at {ended}."),
        ];
    }
    match app.history().recent.last() {
        Some((_, Some(NightStatus::Rest(reason)))) => {
            return vec![
                format!("Tonight is a rest night ({reason})."),
                "Tonight is a rest night.".to_string(),
            ];
        }
        Some((_, Some(NightStatus::Completed))) => return vec!["Done tonight.".to_string()],
        _ => {}
    }
    let Some(bedtime) = app.bedtime() else {
        return Vec::new();
    };
    let bed = at(bedtime);
    if total.is_zero() {
        // Steps with no timer take as long as they take: no time to start by.
        return vec![format!("Bedtime {bed}.")];
    }
    let total = chrono::Duration::from_std(total).unwrap_or_default();
    let start_by = bedtime - total;
    if start_by >= app.wall() {
        let start = at(start_by);
        vec![
            format!("Start by {start} to be in bed by {bed}."),
            format!("Start by {start} (bedtime {bed})."),
            format!("Start by {start}."),
        ]
    } else {
        let done = at(app.wall() + total);
        vec![
            format!("Done by {done} if you start now (bedtime {bed})."),
            format!("Done by {done} if you start now."),
            format!("Start now: done by {done}."),
        ]
    }
}

pub(super) fn render_resume_offer(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(interrupted) = app.unfinished() else {
        return;
    };
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let keys = Line::from(vec![
        Span::styled("Enter", bold),
        Span::raw(" resume   "),
        Span::styled("r", bold),
        Span::raw(" restart   "),
        Span::styled("Esc", bold),
        Span::raw(" home   "),
        Span::styled("q", bold),
        Span::raw(" quit"),
    ]);
    let inner_width = area.width.min(OFFER_WIDTH).saturating_sub(4);
    let offer = |brief: bool| {
        let mut lines = resume_offer_lines(interrupted, &app.routine().name, brief, inner_width);
        if !brief {
            lines.push(Line::from(""));
        }
        lines.push(keys.clone());
        lines
    };
    // In a short window the offer says it in fewer words rather than lose its keys.
    let rows = |lines: &[Line<'static>]| wrap(&Text::from(lines.to_vec()), inner_width).len();
    let mut lines = offer(false);
    if rows(&lines) + 2 > usize::from(area.height) {
        lines = offer(true);
    }
    // The title has as many columns as the text inside: the dialog's width less its
    // corners and a space each side. A narrow window gets the short title, whole.
    let title = longest_fitting(
        &["Tonight's run was interrupted", "Run interrupted"],
        usize::from(inner_width),
    );
    render_dialog(area, OFFER_WIDTH, title, lines, buf);
}

/// The resume offer's widest.
const OFFER_WIDTH: u16 = 64;

/// What the offer says of the run: where it goes on, and whether it began on an older
/// version of the routine.
fn resume_offer_lines(
    interrupted: &Interrupted,
    routine: &str,
    brief: bool,
    width: u16,
) -> Vec<Line<'static>> {
    let total = interrupted.steps.len();
    let title = interrupted
        .next_step()
        .map_or("the end", |step| step.title.as_str());
    let place = format!("(step {} of {total})", interrupted.snapshot.position + 1);
    let mut lines = match &interrupted.older {
        None => kept_together(format!("Resume at \"{title}\""), place, width),
        Some(older) => {
            let mut lines = vec![Line::from(format!(
                "Tonight's run was of an older version of {routine}: {} done.",
                plural::count(older.done, "step")
            ))];
            lines.extend(kept_together(
                format!("Continue at \"{title}\""),
                format!("{place}."),
                width,
            ));
            lines
        }
    };
    let changed = match brief {
        false => interrupted.restarted_words(),
        true => interrupted.restarted_briefly(),
    };
    if let Some(changed) = changed {
        lines.push(Line::from(changed));
    }
    lines
}

pub(super) fn render_rest_reason(reason: &str, area: Rect, buf: &mut Buffer) {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    // The dialog's text has its width less the border and a space each side.
    let inner_width = area.width.min(REST_WIDTH).saturating_sub(4);
    let mut lines = kept_together(
        "Why rest tonight?".to_string(),
        "(a word or two)".to_string(),
        inner_width,
    );
    lines.push(Line::from(vec![
        Span::styled(format!("> {reason}"), bold),
        Span::styled("▏", Style::new().add_modifier(Modifier::SLOW_BLINK)),
    ]));
    // In a small window the explanation gives way to the way out.
    if area.height >= 12 {
        lines.push(Line::styled(
            "A rest night neither counts nor breaks the streak.",
            Style::new().add_modifier(Modifier::DIM),
        ));
    }
    lines.push(Line::from(vec![
        Span::styled("Enter", bold),
        Span::raw(" save   "),
        Span::styled("Esc", bold),
        Span::raw(" cancel"),
    ]));
    render_dialog(area, REST_WIDTH, "Rest night", lines, buf);
}

/// The rest-night dialog's widest.
const REST_WIDTH: u16 = 64;
