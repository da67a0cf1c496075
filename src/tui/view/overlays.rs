//! Panels drawn over a screen: help, and the questions asked before leaving or moving on.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Clear, Padding, Widget};

use crate::columns;
use crate::plural;
use crate::session::Session;
use crate::tui::app::{App, Overlay, Stage};

use super::fit::{fit_line, render_answers, render_wrapped, wrap};

/// The keys of the question asked in front of the screen, if one is: the footer
/// under it offers these instead of the screen's (which the question takes, or
/// which are typed as text).
pub(super) fn dialog_keys(app: &App) -> Option<&'static [(&'static str, &'static str)]> {
    if app.sos().is_some() {
        return None;
    }
    match (app.overlay(), app.stage()) {
        (Some(Overlay::ConfirmQuit { .. }), _) => Some(&[("y", "quit"), ("n", "keep going")]),
        (Some(Overlay::ConfirmRunAgain), _) => Some(&[("y", "run it again"), ("n", "stay here")]),
        (Some(Overlay::ConfirmUnticked), _) => Some(&[
            ("y", "done anyway"),
            ("n", "back to the list"),
            ("s", "skip"),
        ]),
        (Some(Overlay::Help), _) => None,
        (None, Stage::RestReason(_)) => Some(&[("Enter", "save"), ("Esc", "cancel")]),
        (None, Stage::ResumeOffer) => {
            Some(&[("Enter", "resume"), ("r", "restart"), ("Esc", "home")])
        }
        _ => None,
    }
}

/// The footer row of the screen behind a question, with the question's keys.
pub(super) fn render_dialog_footer(keys: &[(&str, &str)], area: Rect, buf: &mut Buffer) {
    let inner = area.inner(Margin::new(1, 0));
    if inner.height == 0 {
        return;
    }
    let footer = Rect {
        y: inner.bottom() - 1,
        height: 1,
        ..inner
    };
    Clear.render(footer, buf);
    render_answers(keys, footer, buf);
}

/// A bordered box of `width`×`height` centred in `area` (clamped to it), its rows cleared.
pub(super) fn popup(area: Rect, width: u16, height: u16, title: &str, buf: &mut Buffer) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height).div_ceil(2),
        width,
        height,
    };
    // The whole rows it covers, so no word of the screen behind peeks out cut in half.
    Clear.render(
        Rect {
            y: rect.y,
            height,
            ..area
        },
        buf,
    );
    let title = fit_line(
        Line::styled(
            format!(" {title} "),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        width.saturating_sub(2),
    );
    let block = Block::bordered()
        .padding(Padding::horizontal(1))
        .title(title);
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// A centred question with its answers, as tall as its wrapped lines at up to `width`.
/// The last of `lines` is the answers, each a bold key then its words ("y", " run it
/// again    "): they are laid out as rows of whole answers. Where not everything fits,
/// the blank lines go first, then the answers, which the footer below offers too; the
/// question itself stays.
pub(super) fn render_dialog(
    area: Rect,
    width: u16,
    title: &str,
    mut lines: Vec<Line<'_>>,
    buf: &mut Buffer,
) {
    // The last row stays the footer, where the question's keys are offered.
    let area = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    let inner_width = width.min(area.width).saturating_sub(4);
    let mut answers = lines
        .pop()
        .map(|answers| answer_rows(answers, inner_width))
        .unwrap_or_default();
    let room = usize::from(area.height.saturating_sub(2));
    let rows = |lines: &[Line<'_>], answers: &[Line<'_>]| {
        wrap(&Text::from(lines.to_vec()), inner_width).len() + answers.len()
    };
    if rows(&lines, &answers) > room {
        lines.retain(|line| line.spans.iter().any(|span| !span.content.is_empty()));
    }
    if rows(&lines, &answers) > room {
        answers.clear();
    }
    lines.extend(answers);
    let text = Text::from(lines).centered();
    let height = wrap(&text, inner_width).len() as u16 + 2;
    let inner = popup(area, width, height, title, buf);
    render_wrapped(text, inner, buf);
}

/// A dialog's answers in rows of whole answers (a key and its words) up to `width`
/// columns, so "n stay" never ends a row with "here" on the next.
fn answer_rows(answers: Line<'_>, width: u16) -> Vec<Line<'_>> {
    let width = usize::from(width);
    let mut rows = Vec::new();
    let mut row: Vec<Span<'_>> = Vec::new();
    for answer in answers.spans.chunks(2) {
        let used: usize = row.iter().map(|span| columns::width(&span.content)).sum();
        let adds = columns::width(
            answer
                .iter()
                .map(|span| span.content.as_ref())
                .collect::<String>()
                .trim_end(),
        );
        if !row.is_empty() && used + adds > width {
            rows.push(without_trailing_gap(std::mem::take(&mut row)));
        }
        row.extend(answer.iter().cloned());
    }
    if !row.is_empty() {
        rows.push(without_trailing_gap(row));
    }
    rows
}

/// A row of answers without the gap after its last one, so it centres on its words.
fn without_trailing_gap(mut row: Vec<Span<'_>>) -> Line<'_> {
    if let Some(last) = row.last_mut() {
        last.content = last.content.trim_end().to_string().into();
    }
    Line::from(row)
}

pub(super) fn render_confirm_quit(session: &Session, area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::from(format!("So far: {}.", session.tally().describe())),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" quit    "),
            Span::styled("n", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" keep going"),
        ]),
    ];
    render_dialog(area, 50, "Stop for tonight?", lines, buf);
}

pub(super) fn render_confirm_run_again(app: &App, area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::from(format!("\"{}\" is done for tonight.", app.routine().name)),
        Line::from("A second run is recorded as well."),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" run it again    "),
            Span::styled("n", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" stay here"),
        ]),
    ];
    render_dialog(area, 50, "Run it again?", lines, buf);
}

pub(super) fn render_confirm_unticked(session: &Session, area: Rect, buf: &mut Buffer) {
    let unticked = session.checked().iter().filter(|ticked| !**ticked).count();
    let lines = vec![
        Line::from(format!(
            "{} {} not ticked.",
            plural::count(unticked, "item"),
            plural::is_are(unticked)
        )),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" done anyway   "),
            Span::styled("s", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" skip   "),
            Span::styled("n", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" back to the list"),
        ]),
    ];
    render_dialog(area, 54, "Continue?", lines, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_again() -> Line<'static> {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Line::from(vec![
            Span::styled("y", bold),
            Span::raw(" run it again    "),
            Span::styled("n", bold),
            Span::raw(" stay here"),
        ])
    }

    fn texts(rows: &[Line<'_>]) -> Vec<String> {
        rows.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn answers_share_a_row_only_when_both_fit_whole() {
        // "y run it again    n stay here" is 29 columns.
        assert_eq!(
            texts(&answer_rows(run_again(), 29)),
            ["y run it again    n stay here"]
        );
        assert_eq!(
            texts(&answer_rows(run_again(), 28)),
            ["y run it again", "n stay here"]
        );
        // Narrower than either answer: each still starts a row of its own.
        assert_eq!(
            texts(&answer_rows(run_again(), 12)),
            ["y run it again", "n stay here"]
        );
    }

    #[test]
    fn a_row_of_answers_keeps_each_key_bold() {
        let rows = answer_rows(run_again(), 20);
        let keys: Vec<(String, bool)> = rows
            .iter()
            .map(|row| {
                let key = &row.spans[0];
                (
                    key.content.to_string(),
                    key.style.add_modifier.contains(Modifier::BOLD),
                )
            })
            .collect();
        assert_eq!(keys, [("y".to_string(), true), ("n".to_string(), true)]);
    }
}
