//! Cramp SOS: calm and low-contrast, one relief step at a time, a stopwatch.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Clear, Widget};

use crate::columns;
use crate::model::Leg;
use crate::routine::{Routine, Step};
use crate::shipped::{SEE_A_DOCTOR_AFTER, WHEN_TO_SEE_A_DOCTOR};
use crate::tui::app::{App, Episode};

use super::fit::{fit_line, render_hints, render_lines, render_wrapped, wrapped_height};
use super::{Row, clock_text, countdown, stack};

/// The SOS screen's two tones: calm for what to do, soft for everything else.
#[derive(Clone, Copy)]
struct Tones {
    calm: Style,
    soft: Style,
}

/// Cramp SOS: the stopwatch, the relief step shown, the steps, the leg, the keys;
/// when to see a doctor once it has gone on long.
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(episode), Some(guide), Some(elapsed)) =
        (app.sos(), app.sos_guide(), app.sos_elapsed())
    else {
        return;
    };
    Clear.render(area, buf);
    let calm = Style::new().fg(Color::Gray);
    let tones = Tones {
        calm,
        soft: calm.add_modifier(Modifier::DIM),
    };
    Block::new().style(calm).render(area, buf);
    // One column in from each side, as on the run screen: at 40 columns the footer
    // then keeps its main action beside the way out and help.
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let stopwatch = clock_text(elapsed.as_secs());
    let step = guide.steps.get(episode.step);
    let long = elapsed >= SEE_A_DOCTOR_AFTER;
    let heights = heights(&stopwatch, step, guide.steps.len(), long, inner);
    let [
        header,
        _,
        digits,
        _,
        title,
        body,
        why,
        _,
        steps,
        doctor,
        leg,
        footer,
    ] = stack(
        inner,
        [
            Row::Fixed(1),
            Row::Fixed(u16::from(heights.gap > 1)),
            Row::Fixed(heights.digits),
            Row::Fixed(u16::from(heights.gap > 0)),
            Row::Fixed(1),
            Row::Fixed(heights.instructions),
            Row::Fixed(heights.why),
            Row::Fill,
            Row::Fixed(heights.list),
            Row::Fixed(heights.doctor),
            Row::Fixed(heights.leg),
            Row::Fixed(1),
        ],
    );
    let bold = calm.add_modifier(Modifier::BOLD);
    if digits.height > 0 {
        render_sos_header(app, guide, tones, header, buf);
        countdown::render(&stopwatch, bold, digits, buf);
    } else {
        Line::styled("Cramp SOS", bold).render(header, buf);
        Line::styled(stopwatch, bold)
            .right_aligned()
            .render(header, buf);
    }
    if let Some(step) = step {
        render_relief_step(step, tones, [title, body, why], buf);
    }
    render_step_list(guide, episode.step, tones, steps, buf);
    render_wrapped(Text::raw(WHEN_TO_SEE_A_DOCTOR).style(calm), doctor, buf);
    render_sos_keys(episode, guide, tones, [leg, footer], buf);
}

/// Rows given to the parts of the SOS screen that grow and shrink.
struct Heights {
    /// Rows left blank around the stopwatch (0, 1 or 2 get used).
    gap: u16,
    digits: u16,
    instructions: u16,
    why: u16,
    /// The list of steps and the blank row above it.
    list: u16,
    doctor: u16,
    leg: u16,
}

/// The header, the step's title and the keys always show; then the step's
/// instructions whole, a row for the stopwatch, when to see a doctor, and the leg.
/// The stopwatch then grows as the run screen's countdown does: up to eight rows
/// before anything else, larger only where the reason and the list of steps still
/// fit whole beside it; they show when they fit.
fn heights(stopwatch: &str, step: Option<&Step>, steps: usize, long: bool, area: Rect) -> Heights {
    let width = area.width;
    let lines = |text: Option<&str>| text.map_or(0, |text| wrapped_height(text, width));
    let mut left = area.height.saturating_sub(3);
    let mut take = |wanted: u16| {
        let given = wanted.min(left);
        left -= given;
        given
    };
    let instructions = take(lines(step.and_then(|step| step.instructions.as_deref())));
    // Without a row of its own the stopwatch goes in the header.
    let watch = take(1);
    let doctor = take(if long {
        lines(Some(WHEN_TO_SEE_A_DOCTOR))
    } else {
        0
    });
    let leg = take(1);
    let spare = left + watch;
    let why_lines = lines(step.and_then(|step| step.why.as_deref()));
    let list_lines = steps as u16 + 1;
    let usual = countdown::rows_for(stopwatch, width, spare.saturating_sub(2).min(8));
    let room = spare.saturating_sub(2 + why_lines + list_lines);
    let digits = usual
        .max(countdown::rows_for(stopwatch, width, room))
        .min(spare);
    let mut left = spare - digits;
    let gap = left.min(2);
    left -= gap;
    let why = if why_lines <= left { why_lines } else { 0 };
    left -= why;
    let list = if list_lines <= left { list_lines } else { 0 };
    Heights {
        gap,
        digits,
        instructions,
        why,
        list,
        doctor,
        leg,
    }
}

/// Which leg, and the keys: next and back while there are steps that way.
fn render_sos_keys(
    episode: &Episode,
    guide: &Routine,
    tones: Tones,
    [leg, footer]: [Rect; 2],
    buf: &mut Buffer,
) {
    let which = episode.leg.map_or("not said", Leg::as_str);
    // The keys in as many words as fit: a hint cut short ("r right · 2…") would
    // hide a leg; help spells them out at any size.
    let keys = [
        "   l left · r right · 2 both",
        "   l · r · 2 both",
        "  l r 2",
    ]
    .into_iter()
    .find(|keys| columns::width(&format!("Leg: {which}{keys}")) <= usize::from(leg.width))
    .unwrap_or("  l r 2");
    fit_line(
        Line::from(vec![
            Span::styled("Leg: ", tones.soft),
            Span::styled(which, tones.calm),
            Span::styled(keys, tones.soft),
        ]),
        leg.width,
    )
    .render(leg, buf);
    let mut hints = Vec::new();
    if episode.step + 1 < guide.steps.len() {
        hints.push(("Enter", "next"));
    }
    if episode.step > 0 {
        hints.push(("b", "back"));
    }
    hints.push(("Esc", "it has passed"));
    hints.push(("?", "help"));
    render_hints(&hints, footer, buf);
}

/// "Cramp SOS", with a problem on the right (e.g. a broken sos.toml), else the
/// guide's own line about itself when it fits.
fn render_sos_header(app: &App, guide: &Routine, tones: Tones, area: Rect, buf: &mut Buffer) {
    Line::styled("Cramp SOS", tones.calm.add_modifier(Modifier::BOLD)).render(area, buf);
    let behind = app.behind_words();
    let problem = match &behind {
        Some(words) => words.first().map(String::as_str),
        None => app.warning(),
    };
    if let Some(warning) = problem {
        fit_line(
            Line::styled(warning, tones.soft),
            area.width.saturating_sub(12),
        )
        .right_aligned()
        .render(area, buf);
    } else if let Some(about) = guide
        .about
        .as_deref()
        .filter(|about| columns::width(about) + 12 <= usize::from(area.width))
    {
        Line::styled(about, tones.soft)
            .right_aligned()
            .render(area, buf);
    }
}

/// The relief step shown: its title, what to do, and why (when there is room).
fn render_relief_step(step: &Step, tones: Tones, [title, body, why]: [Rect; 3], buf: &mut Buffer) {
    fit_line(
        Line::styled(step.title.as_str(), tones.calm.add_modifier(Modifier::BOLD)).centered(),
        title.width,
    )
    .render(title, buf);
    if let Some(text) = &step.instructions {
        render_wrapped(
            Text::raw(text.as_str()).style(tones.calm).centered(),
            body,
            buf,
        );
    }
    if let Some(text) = &step.why {
        render_wrapped(
            Text::raw(text.as_str()).style(tones.soft).centered(),
            why,
            buf,
        );
    }
}

/// Every relief step, the one shown marked.
fn render_step_list(guide: &Routine, shown: usize, tones: Tones, area: Rect, buf: &mut Buffer) {
    let lines: Vec<Line> = guide
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let marker = if index == shown { "› " } else { "  " };
            let style = if index == shown {
                tones.calm
            } else {
                tones.soft
            };
            Line::styled(format!("{marker}{}", step.title), style)
        })
        .collect();
    // The list's first row is the blank above it.
    let below_blank = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    render_lines(lines, below_blank, buf);
}
