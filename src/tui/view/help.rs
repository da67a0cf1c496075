//! Help: the keys of the screen it was opened from, the whole of any warning, and
//! when to see a doctor; a page of its own that scrolls when the window is short.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Clear, Widget};

use crate::routine::{Step, StepKind};
use crate::session::Session;
use crate::tui::app::{App, Stage};

use crate::columns;

use super::fit::{render_hints, wrap};
use super::{Row, stack};

/// The keys of a routine under way, in the order a user meets them.
const RUN_KEYS: &[(&str, &str)] = &[
    ("Space / p", "pause or go on"),
    (
        "Enter",
        "finish the hold (counts once 80% held), or mark a step done",
    ),
    ("n / s", "next step now, no credit: cut short or skipped"),
    ("b", "restart the hold; twice: the hold before"),
    ("B", "back to the previous step, keeping results"),
    ("+ / -", "add or take 30 seconds"),
    ("Space / x", "tick a checklist item (or click it)"),
    ("j k / ↑ ↓", "move between checklist items"),
    ("e", "edit the routine in $EDITOR (pauses the timer)"),
    ("!", "Cramp SOS: relief steps and a stopwatch"),
    ("?", "this help (pauses the timer)"),
    ("q / Ctrl-C", "quit"),
];

/// The keys of the home screen.
const HOME_KEYS: &[(&str, &str)] = &[
    ("Enter / n", "start tonight's routine"),
    ("Tab / ← →", "switch routine, when there are several"),
    ("r", "rest night: neither counts nor breaks the streak"),
    ("c", "check in on last night"),
    ("t", "stats: streaks, calendar, what helps"),
    ("↑ ↓", "scroll tonight's plan, when it does not all fit"),
    ("e", "edit the routine in $EDITOR"),
    ("x", "experiment: find out whether a step helps you"),
    ("!", "Cramp SOS: relief steps and a stopwatch"),
    ("?", "this help"),
    ("q / Esc", "quit"),
];

/// The keys of tonight's summary.
const SUMMARY_KEYS: &[(&str, &str)] = &[
    ("Enter / Esc", "home: tonight shown as done"),
    ("j k / ↑ ↓", "scroll the steps, when they do not all fit"),
    ("b", "back to the last step"),
    ("!", "Cramp SOS: relief steps and a stopwatch"),
    ("?", "this help"),
    ("q / Ctrl-C", "quit"),
];

/// The keys of the stats screen.
const STATS_KEYS: &[(&str, &str)] = &[
    ("j k / ↑ ↓", "scroll a line of the page"),
    ("PgDn PgUp", "scroll a window's height"),
    ("Home End", "the top or the end of the page"),
    ("Esc / Enter / t", "back to tonight"),
    ("!", "Cramp SOS: relief steps and a stopwatch"),
    ("?", "this help"),
    ("q / Ctrl-C", "quit"),
];

/// The keys of the morning check-in.
const CHECKIN_KEYS: &[(&str, &str)] = &[
    ("Tab / ↑ ↓", "the next or previous question"),
    ("← → / digits", "choose an answer"),
    ("l r 2", "which leg: left, right or both"),
    ("Backspace", "take an answer back: not answered (—)"),
    (
        "Enter",
        "save (replaces a check-in already saved for that night)",
    ),
    ("s", "skip this night, when asked at start: not asked again"),
    ("!", "Cramp SOS, except while typing the note"),
    ("?", "this help, except while typing the note"),
    ("Esc", "later: asked again at the next start"),
];

/// The keys of Cramp SOS.
const SOS_KEYS: &[(&str, &str)] = &[
    ("Enter / n", "the next relief step"),
    ("b / ←", "the relief step before"),
    ("l r 2", "which leg: left, right or both"),
    ("?", "this help"),
    (
        "Esc / q",
        "the cramp has passed: close, noting how long it lasted",
    ),
];

/// Every screen's keys, by the screen's name, as help shows them (the manual page
/// prints these same tables).
pub fn keys_of_every_screen() -> [(&'static str, &'static [(&'static str, &'static str)]); 6] {
    [
        ("Tonight (the home screen)", HOME_KEYS),
        ("A routine under way", RUN_KEYS),
        ("Tonight's summary", SUMMARY_KEYS),
        ("Stats", STATS_KEYS),
        ("The morning check-in", CHECKIN_KEYS),
        ("Cramp SOS", SOS_KEYS),
    ]
}

/// When to stop relying on a routine and see a doctor.
const SEE_A_DOCTOR: &str = "See a doctor if cramps often wake you, last longer than 10 minutes, \
or come with numbness, swelling or muscle weakness. Some medicines (water pills, statins, some \
inhalers) can bring on cramps: do not stop any, but mention the cramps to whoever prescribed \
them. Magnesium supplements need a doctor's word if you have kidney disease.";

/// The keys of the screen showing under help.
fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    if app.sos().is_some() {
        return SOS_KEYS.to_vec();
    }
    match (app.stage(), app.session()) {
        (Stage::Running, Some(session)) if session.is_finished() => SUMMARY_KEYS.to_vec(),
        (Stage::Running, Some(session)) => run_keys(app, session),
        (Stage::Stats(_), _) => STATS_KEYS.to_vec(),
        (Stage::CheckIn(_), _) => CHECKIN_KEYS.to_vec(),
        _ => HOME_KEYS.to_vec(),
    }
}

/// The run's keys that do something on the step in front: pausing and `+`/`-`
/// while a timer counts (on a checklist Space ticks, so only `p` pauses), ticking
/// with a checklist, going back where there is somewhere to go. Help and the
/// editor say they pause the timer only where there is one.
fn run_keys(app: &App, session: &Session) -> Vec<(&'static str, &'static str)> {
    let timer = session.remaining(app.now()).is_some();
    let kind = session.current_step().map(Step::kind);
    let list = matches!(kind, Some(StepKind::Checklist | StepKind::TimedChecklist));
    // A confirm or checklist step has no hold: its keys are said without one.
    let holds = matches!(kind, Some(StepKind::Timed | StepKind::TimedChecklist));
    RUN_KEYS
        .iter()
        .filter_map(|&(key, what)| match key {
            "Space / p" if timer && list => Some(("p", what)),
            "Space / p" | "+ / -" => timer.then_some((key, what)),
            "Space / x" | "j k / ↑ ↓" => list.then_some((key, what)),
            "Enter" if !holds => Some((key, "mark the step done")),
            "n / s" if !holds => Some((key, "next step now, no credit: skipped")),
            "b" if !holds => session
                .can_go_back()
                .then_some((key, "back to the step before")),
            "b" => session.can_go_back().then_some((key, what)),
            "B" => (session.position() > 0).then_some((key, what)),
            "e" | "?" if !timer => Some((key, what.trim_end_matches(" (pauses the timer)"))),
            _ => Some((key, what)),
        })
        .collect()
}

/// Every line of help at `width`: the whole warning, keys with their meanings
/// wrapped beside them (a key too wide for its column on a row of its own), when to
/// see a doctor.
fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let keys = keys(app);
    let key_width = keys
        .iter()
        .map(|(key, _)| columns::width(key))
        .max()
        .unwrap_or(0)
        .min(usize::from(width / 3));
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    if let Some(warning) = app.warning() {
        lines.extend(wrap(&Text::styled(warning.to_string(), bold), width));
        lines.push(Line::default());
    }
    let indent = key_width + 2;
    let room = width.saturating_sub(indent as u16).max(1);
    for (key, what) in &keys {
        let mut meaning = wrap(&Text::raw(*what), room).into_iter();
        let first = if columns::width(key) > key_width {
            lines.push(Line::styled(*key, bold));
            meaning.next().map(|line| (" ".repeat(indent), line))
        } else {
            meaning
                .next()
                .map(|line| (format!("{}  ", columns::pad_start(key, key_width)), line))
        };
        if let Some((key, line)) = first {
            lines.push(Line::from(
                [Span::styled(key, bold)]
                    .into_iter()
                    .chain(line.spans)
                    .collect::<Vec<_>>(),
            ));
        }
        for line in meaning {
            lines.push(Line::from(
                [Span::raw(" ".repeat(indent))]
                    .into_iter()
                    .chain(line.spans)
                    .collect::<Vec<_>>(),
            ));
        }
    }
    lines.push(Line::default());
    lines.extend(wrap(&Text::raw(SEE_A_DOCTOR), width));
    lines
}

/// Where help's title, text and footer go in `area`.
fn areas(area: Rect) -> [Rect; 4] {
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    stack(
        inner,
        [Row::Fixed(1), Row::Gap(1), Row::Fill, Row::Fixed(1)],
    )
}

/// How far help can scroll in the app's window.
pub fn scroll_limit(app: &App) -> u16 {
    let [_, _, text, _] = areas(app.area());
    let total = lines(app, text.width).len() as u16;
    total.saturating_sub(text.height)
}

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    let [title, _, text, footer] = areas(area);
    Line::styled(
        "Keys on this screen",
        Style::new().add_modifier(Modifier::BOLD),
    )
    .render(title, buf);
    let lines = lines(app, text.width);
    let scroll = app.help_scroll().min(scroll_limit(app));
    for (line, y) in lines
        .into_iter()
        .skip(usize::from(scroll))
        .zip(text.top()..text.bottom())
    {
        line.render(
            Rect {
                y,
                height: 1,
                ..text
            },
            buf,
        );
    }
    let more = scroll < scroll_limit(app);
    let mut hints = Vec::new();
    if more {
        hints.push(("↓", "more"));
    }
    if scroll > 0 {
        hints.push(("↑", "more"));
    }
    hints.push(("Esc", "close"));
    render_hints(&hints, footer, buf);
}
