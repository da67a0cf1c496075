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
    let long = format!("How was the night of {}?", form.night.format("%A %-d %B"));
    let short = format!("How was {} night?", form.night.format("%A"));
    let fits = Line::raw(long.as_str()).width() <= usize::from(question.width);
    fit_line(
        Line::styled(
            if fits { long } else { short },
            Style::new().add_modifier(Modifier::BOLD),
        ),
        question.width,
    )
    .render(question, buf);

    let bold = Style::new().add_modifier(Modifier::BOLD);
    // Narrow windows close up the labels so every choice still fits.
    let label_width = if rows.width < 40 { 11 } else { 14 };
    let label = |field: Field, text: &'static str| {
        let marker = if form.field == field { "› " } else { "  " };
        Span::styled(
            format!("{marker}{text:<label_width$}"),
            if form.field == field {
                bold
            } else {
                Style::new()
            },
        )
    };
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
        lines.push(Line::from(vec![
            label(Field::Severity, "Worst pain"),
            Span::styled(format!("{:>2} / 10", form.severity), bold),
            Span::styled(
                "   ← → or a digit",
                Style::new().add_modifier(Modifier::DIM),
            ),
        ]));
        lines.push(Line::from(
            std::iter::once(label(Field::Leg, "Which leg"))
                .chain(
                    [Leg::Left, Leg::Right, Leg::Both]
                        .into_iter()
                        .map(|leg| choice(leg.as_str(), form.leg == Some(leg))),
                )
                .collect::<Vec<_>>(),
        ));
        lines.push(Line::from(vec![
            label(Field::Minutes, "Minutes"),
            Span::raw(if form.minutes.is_empty() {
                "—".to_string()
            } else {
                form.minutes.clone()
            }),
            Span::styled(
                "   roughly, in all (optional)",
                Style::new().add_modifier(Modifier::DIM),
            ),
        ]));
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
    for (line, y) in lines.into_iter().zip(rows.top()..rows.bottom()) {
        fit_line(line, rows.width).render(
            Rect {
                y,
                height: 1,
                ..rows
            },
            buf,
        );
    }
    let mut hints = vec![
        ("Enter", "save"),
        ("Tab ↑↓", "field"),
        ("← →", "choose"),
        ("Esc", "later"),
    ];
    if form.asked && form.field == Field::Cramps {
        hints.push(("s", "skip this night"));
    }
    render_hints(&hints, footer, buf);
}
