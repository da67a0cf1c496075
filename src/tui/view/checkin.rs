//! The morning check-in form.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::model::Leg;
use crate::tui::app::{App, CheckInForm, Field};

use super::fit::{fit_line, render_hints};
use super::{Row, stack};

/// One choice of a row: bracketed and reversed when chosen.
fn choice<'a>(label: &'a str, chosen: bool) -> Span<'a> {
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
    render_question(form, question, buf);
    for (line, y) in form_lines(form, rows.width)
        .into_iter()
        .zip(rows.top()..rows.bottom())
    {
        fit_line(line, rows.width).render(
            Rect {
                y,
                height: 1,
                ..rows
            },
            buf,
        );
    }
    // Listed by what matters when room is short: the last ones go first.
    let mut hints = vec![("Enter", "save")];
    if form.asked && form.field == Field::Cramps {
        hints.push(("s", "skip this night"));
    }
    hints.extend([("Tab ↑↓", "field"), ("← →", "choose"), ("Esc", "later")]);
    if !app.typing() {
        hints.extend([("!", "cramp"), ("?", "help")]);
    }
    render_hints(&hints, footer, buf);
}

/// "How was the night of Thursday 26 November?", shorter when that does not fit.
fn render_question(form: &CheckInForm, area: Rect, buf: &mut Buffer) {
    let long = format!("How was the night of {}?", form.night.format("%A %-d %B"));
    let short = format!("How was {} night?", form.night.format("%A"));
    let fits = Line::raw(long.as_str()).width() <= usize::from(area.width);
    fit_line(
        Line::styled(
            if fits { long } else { short },
            Style::new().add_modifier(Modifier::BOLD),
        ),
        area.width,
    )
    .render(area, buf);
}

/// A field's label, marked and bold while it has the cursor; narrow windows close
/// up the labels so every choice still fits.
fn field_label(form: &CheckInForm, field: Field, text: &str, width: u16) -> Span<'static> {
    let label_width = if width < 40 { 11 } else { 14 };
    let here = form.field == field;
    let marker = if here { "› " } else { "  " };
    let style = if here {
        Style::new().add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    Span::styled(format!("{marker}{text:<label_width$}"), style)
}

/// One line per field: cramps; with cramps, how bad, which leg and how long; the
/// note; and a word when saving replaces a check-in already saved.
fn form_lines(form: &CheckInForm, width: u16) -> Vec<Line<'_>> {
    let label = |field: Field, text: &str| field_label(form, field, text, width);
    let mut lines = vec![Line::from(
        std::iter::once(label(Field::Cramps, "Cramps"))
            .chain(
                ["0", "1", "2", "3+"]
                    .iter()
                    .enumerate()
                    .map(|(n, text)| choice(text, usize::from(form.cramps) == n)),
            )
            .collect::<Vec<_>>(),
    )];
    if form.cramps > 0 {
        lines.extend(cramp_lines(form, width));
    }
    lines.push(Line::from(vec![
        label(Field::Note, "Note"),
        Span::raw(if form.note.is_empty() && form.field != Field::Note {
            "—".to_string()
        } else {
            form.note.clone()
        }),
    ]));
    if form.replaces {
        lines.push(Line::default());
        lines.push(Line::styled(
            "Saving replaces the check-in already saved for this night.",
            Style::new().add_modifier(Modifier::DIM),
        ));
    }
    lines
}

/// The worst pain, which leg, and roughly how many minutes.
fn cramp_lines(form: &CheckInForm, width: u16) -> [Line<'_>; 3] {
    let label = |field: Field, text: &str| field_label(form, field, text, width);
    let dim = Style::new().add_modifier(Modifier::DIM);
    [
        Line::from(vec![
            label(Field::Severity, "Worst pain"),
            Span::styled(
                format!("{:>2} / 10", form.severity),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled("   ← → or a digit", dim),
        ]),
        Line::from(
            std::iter::once(label(Field::Leg, "Which leg"))
                .chain(
                    [Leg::Left, Leg::Right, Leg::Both]
                        .into_iter()
                        .map(|leg| choice(leg.as_str(), form.leg == Some(leg))),
                )
                .collect::<Vec<_>>(),
        ),
        Line::from(vec![
            label(Field::Minutes, "Minutes"),
            Span::raw(if form.minutes.is_empty() {
                "—".to_string()
            } else {
                form.minutes.clone()
            }),
            Span::styled("   roughly, in all (optional)", dim),
        ]),
    ]
}
