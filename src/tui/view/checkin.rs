//! The morning check-in form.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::columns;
use crate::model::Leg;
use crate::printable;
use crate::tui::app::{App, CheckInForm, Field};

use super::fit::{fit_line, longest_fitting, render_hints, render_lines};
use super::scroll::ListWindow;
use super::{Row, stack};

/// One choice of a row: bracketed and reversed when chosen.
fn choice(label: &str, chosen: bool) -> Span<'static> {
    if chosen {
        Span::styled(
            format!("[{label}]"),
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    } else {
        Span::raw(format!(" {label} "))
    }
}

/// The check-in form: the question, one line per field, and the keys.
pub(super) fn render(app: &App, form: &CheckInForm, area: Rect, buf: &mut Buffer) {
    let [header, _, question, _, rows, _, footer] = stack(
        area.inner(Margin::new(1, 0)),
        [
            Row::Fixed(1),
            Row::Gap(1),
            Row::Fixed(1),
            Row::Gap(1),
            Row::Fill,
            Row::Gap(1),
            Row::Fixed(1),
        ],
    );
    super::render_header(app, header, buf);
    let (lines, cursor_line) = form_lines(form, rows.width);
    // A window too short for every field scrolls to keep the cursor's line (and the
    // problem said under it) in view, saying how many lines lie above and below.
    let shown_after = usize::from(form.problem.is_some());
    let keeps_cursor = |first: usize| {
        let window = ListWindow::new(lines.len(), rows.height, first);
        window.first <= cursor_line && cursor_line + shown_after < window.first + window.shown
    };
    let first = (0..lines.len())
        .find(|&first| keeps_cursor(first))
        .unwrap_or(cursor_line);
    let window = ListWindow::new(lines.len(), rows.height, first);
    // A check-in saved elsewhere meanwhile is said below the fields; where they leave
    // no room for it, it takes the question's place, in fewer words.
    if form.changed_elsewhere && window.below > 0 {
        render_changed_elsewhere(form, question, buf);
    } else {
        render_question(form, question, buf);
    }
    render_lines(window.lines(|at| lines[at].clone()), rows, buf);
    // Listed by what matters when room is short: the last ones go first.
    let mut hints = vec![("Enter", "save")];
    if form.asked && form.field == Field::Cramps {
        hints.push(("s", "skip this night"));
    }
    hints.push(("Tab ↑↓", "field"));
    // Minutes and the note are typed: ← → change nothing there.
    if matches!(form.field, Field::Cramps | Field::Severity | Field::Leg) {
        hints.push(("← →", "choose"));
    }
    hints.push(("Esc", "later"));
    if !app.typing() {
        hints.extend([("!", "cramp"), ("?", "help")]);
    }
    render_hints(&hints, footer, buf);
}

/// "How was the night of Thursday 26 November?", shorter when that does not fit.
fn render_question(form: &CheckInForm, area: Rect, buf: &mut Buffer) {
    let forms = [
        format!("How was the night of {}?", form.night.format("%A %-d %B")),
        format!("How was {} night?", form.night.format("%A")),
    ];
    let question = longest_fitting(&forms, usize::from(area.width)).to_string();
    fit_line(
        Line::styled(question, Style::new().add_modifier(Modifier::BOLD)),
        area.width,
    )
    .render(area, buf);
}

/// "Saved meanwhile elsewhere: Enter replaces it", in as many words as fit.
fn render_changed_elsewhere(form: &CheckInForm, area: Rect, buf: &mut Buffer) {
    let wordings: &[&str] = match form.loaded {
        Some(_) => &[
            "Saved meanwhile elsewhere: Enter replaces it",
            "Saved elsewhere: Enter replaces it",
            "Saved elsewhere meanwhile",
        ],
        None => &["Removed meanwhile elsewhere", "Removed elsewhere"],
    };
    let words = longest_fitting(wordings, usize::from(area.width)).to_string();
    fit_line(Line::styled(words, problem_style()), area.width).render(area, buf);
}

/// A field's label, marked and bold while it has the cursor; narrow windows close
/// up the labels, and the narrowest say them in a word, so every choice still fits
/// ("Which leg  left  right  both" in 28 columns is "Leg  left  right  both").
fn field_label(form: &CheckInForm, field: Field, text: &str, width: u16) -> Span<'static> {
    let (label_width, text) = match width {
        ..32 => (
            7,
            match field {
                Field::Severity => "Pain",
                Field::Leg => "Leg",
                _ => text,
            },
        ),
        32..40 => (11, text),
        _ => (14, text),
    };
    let here = form.field == field;
    let marker = if here { "› " } else { "  " };
    let style = if here {
        Style::new().add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    Span::styled(
        // A label as wide as its column still has a space after it.
        format!(
            "{marker}{}",
            columns::pad_end(text, label_width.max(columns::width(text) + 1))
        ),
        style,
    )
}

/// One line per field: cramps; with cramps, how bad, which leg and how long; the
/// note; and a word when saving replaces a check-in already saved. Also the index of
/// the cursor's line. What keeps the form from being saved is said beside its field,
/// or on the line under it when it does not fit there.
fn form_lines(form: &CheckInForm, width: u16) -> (Vec<Line<'static>>, usize) {
    let label = |field: Field, text: &str| field_label(form, field, text, width);
    let mut fields: Vec<(Field, Vec<Line<'static>>)> = vec![(
        Field::Cramps,
        vec![Line::from(
            std::iter::once(label(Field::Cramps, "Cramps"))
                .chain(
                    ["0", "1", "2", "3+"]
                        .iter()
                        .enumerate()
                        .map(|(n, text)| choice(text, form.cramps.map(usize::from) == Some(n))),
                )
                .collect::<Vec<_>>(),
        )],
    )];
    if form.cramps.is_some_and(|cramps| cramps > 0) {
        fields.extend(
            cramp_lines(form, width)
                .into_iter()
                .map(|(field, line)| (field, vec![line])),
        );
    }
    fields.push((Field::Note, note_lines(form, width)));
    let mut lines = Vec::new();
    let mut cursor_line = 0;
    for (field, mut field_lines) in fields {
        // A field of several rows (a long note) says its problem by its last.
        let Some(mut line) = field_lines.pop() else {
            continue;
        };
        lines.append(&mut field_lines);
        if field == form.field {
            cursor_line = lines.len();
        }
        match &form.problem {
            Some((at, problem)) if *at == field => {
                let said = Span::styled(format!("✗ {problem}"), problem_style());
                // Beside the value, in place of the dim hint, when it fits.
                line.spans.retain(|span| span.style != dim());
                let beside = line.width() + 2 + said.width() <= usize::from(width);
                if beside {
                    line.spans.push(Span::raw("  "));
                    line.spans.push(said);
                    lines.push(line);
                } else {
                    lines.push(line);
                    lines.push(Line::from(vec![Span::raw("  "), said]));
                }
            }
            _ => lines.push(line),
        }
    }
    let said = match (&form.loaded, form.changed_elsewhere) {
        (Some(stored), true) => Some((
            format!(
                "Saved meanwhile elsewhere: {}. Saving replaces it with the answers above.",
                printable::line(&stored.describe())
            ),
            problem_style(),
        )),
        (None, true) => Some((
            "The check-in saved for this night was removed meanwhile elsewhere.".to_string(),
            problem_style(),
        )),
        (Some(_), false) => Some((
            "Saving replaces the check-in already saved for this night.".to_string(),
            dim(),
        )),
        (None, false) => None,
    };
    if let Some((text, style)) = said {
        lines.push(Line::default());
        // Wrapped to the width: each row a line of its own.
        for range in columns::wrap(&text, usize::from(width)) {
            lines.push(Line::styled(text[range].to_string(), style));
        }
    }
    (lines, cursor_line)
}

/// The note: wrapped to the room beside its label, each row after the first under the
/// first, and while it is typed in, the cursor after what was typed last.
fn note_lines(form: &CheckInForm, width: u16) -> Vec<Line<'static>> {
    let label = field_label(form, Field::Note, "Note", width);
    let typing = form.field == Field::Note;
    let note = if form.note.is_empty() && !typing {
        "—".to_string()
    } else {
        // A stored or pasted note may hold control and bidi characters: shown escaped.
        printable::line(&form.note).into_owned()
    };
    let indent = columns::width(&label.content);
    let room = usize::from(width).saturating_sub(indent).max(1);
    let mut lead = Some(label);
    let mut rows: Vec<(usize, Line<'static>)> = columns::wrap(&note, room)
        .into_iter()
        .map(|range| {
            let lead = lead.take().unwrap_or_else(|| Span::raw(" ".repeat(indent)));
            let row = &note[range];
            (
                indent + columns::width(row),
                Line::from(vec![lead, Span::raw(row.to_string())]),
            )
        })
        .collect();
    if let Some(label) = lead {
        rows.push((indent, Line::from(vec![label])));
    }
    if typing {
        // A space typed last shows before the cursor, though a wrapped row drops it.
        let cursor = if note.ends_with(char::is_whitespace) {
            " ▏"
        } else {
            "▏"
        };
        let cursor = Span::styled(cursor, Style::new().add_modifier(Modifier::SLOW_BLINK));
        match rows.last_mut() {
            Some((used, row)) if *used + columns::width(&cursor.content) <= usize::from(width) => {
                row.spans.push(cursor);
            }
            _ => rows.push((
                indent,
                Line::from(vec![Span::raw(" ".repeat(indent)), cursor]),
            )),
        }
    }
    rows.into_iter().map(|(_, row)| row).collect()
}

/// Hints beside a field.
fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// What keeps the form from being saved.
fn problem_style() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// The worst pain, which leg, and roughly how many minutes.
fn cramp_lines(form: &CheckInForm, width: u16) -> [(Field, Line<'static>); 3] {
    let label = |field: Field, text: &str| field_label(form, field, text, width);
    let strong = Style::new().add_modifier(Modifier::BOLD);
    let severity = match form.severity {
        Some(severity) => vec![
            Span::styled(format!("{severity:>2} / 10"), strong),
            Span::styled("   ← → or a digit", dim()),
        ],
        None if form.severity_unsure => vec![
            Span::styled(" 0 / 10?", strong),
            Span::styled("  saved by an older version: 0 or not answered", dim()),
        ],
        None => vec![
            Span::styled("—", strong),
            Span::styled("   ← → or a digit", dim()),
        ],
    };
    [
        (
            Field::Severity,
            Line::from(
                std::iter::once(label(Field::Severity, "Worst pain"))
                    .chain(severity)
                    .collect::<Vec<_>>(),
            ),
        ),
        (
            Field::Leg,
            Line::from(
                std::iter::once(label(Field::Leg, "Which leg"))
                    .chain(
                        [Leg::Left, Leg::Right, Leg::Both]
                            .into_iter()
                            .map(|leg| choice(leg.as_str(), form.leg == Some(leg))),
                    )
                    .collect::<Vec<_>>(),
            ),
        ),
        (Field::Minutes, minutes_line(form, width)),
    ]
}

/// Roughly how many minutes, with the hint beside it in the longest form that fits
/// whole, or none.
fn minutes_line(form: &CheckInForm, width: u16) -> Line<'static> {
    let label = field_label(form, Field::Minutes, "Minutes", width);
    let value = if form.minutes.is_empty() {
        "—".to_string()
    } else {
        form.minutes.clone()
    };
    let used = columns::width(&label.content) + columns::width(&value);
    let room = usize::from(width).saturating_sub(used);
    let hint = longest_fitting(
        &["   roughly, in all (optional)", "   roughly, in all", ""],
        room,
    );
    Line::from(vec![
        label,
        Span::raw(value),
        Span::styled(hint.to_string(), dim()),
    ])
}
